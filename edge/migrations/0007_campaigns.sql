-- Flash sales and group deals (issue 7, `edge/src/store/campaigns.rs`). Counts are
-- not here: each flash sale and each group has its own `CampaignCounter` Durable
-- Object. A campaign is stored whole as JSON (`body`, shared::campaign) beside the
-- columns it is looked up by; only `ended_at` (the owner ended it early) changes.

CREATE TABLE flash_sales (
  id         TEXT PRIMARY KEY,
  shop_id    TEXT NOT NULL REFERENCES shops (id),
  body       TEXT NOT NULL,
  ends_at    INTEGER NOT NULL,
  ended_at   INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX flash_sales_shop ON flash_sales (shop_id, ends_at);

CREATE TABLE group_deals (
  id         TEXT PRIMARY KEY,
  shop_id    TEXT NOT NULL REFERENCES shops (id),
  body       TEXT NOT NULL,
  ends_at    INTEGER NOT NULL,
  ended_at   INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX group_deals_shop ON group_deals (shop_id, ends_at);

-- Groups opened from deals: which shop and deal a group link belongs to.
CREATE TABLE campaign_groups (
  id        TEXT PRIMARY KEY,
  shop_id   TEXT NOT NULL REFERENCES shops (id),
  deal_id   TEXT NOT NULL REFERENCES group_deals (id),
  opened_at INTEGER NOT NULL,
  closes_at INTEGER NOT NULL
);
CREATE INDEX campaign_groups_deal ON campaign_groups (deal_id, closes_at);
