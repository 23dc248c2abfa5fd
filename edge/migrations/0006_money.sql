-- Money of social commerce: coupons and their redemptions, automatic issue rules and
-- the shoppers they remember, sharers, the commission ledger, and what an order
-- carries of them. Money columns are integer minor units in the shop's currency.

-- What an order was bought under (all NULL for a plain order).
ALTER TABLE orders ADD COLUMN offer TEXT;            -- JSON Offer
ALTER TABLE orders ADD COLUMN group_id TEXT;         -- the group a group order holds a place in
ALTER TABLE orders ADD COLUMN coupon TEXT;           -- coupon code
ALTER TABLE orders ADD COLUMN referral TEXT;         -- sharer code
ALTER TABLE orders ADD COLUMN shopper TEXT;          -- anonymous shopper id
ALTER TABLE orders ADD COLUMN discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0);

-- Coupons a shop offers (typed in) or issued to one shopper (issued_to).
CREATE TABLE coupons (
  shop_id           TEXT NOT NULL REFERENCES shops (id),
  code              TEXT NOT NULL,              -- upper-case A-Z 0-9 -
  value             TEXT NOT NULL,              -- JSON CouponValue
  min_spend         INTEGER,
  valid_from        INTEGER,
  valid_until       INTEGER,
  per_shopper_limit INTEGER CHECK (per_shopper_limit > 0),
  total_limit       INTEGER CHECK (total_limit > 0),
  issued_to         TEXT,                       -- shopper id, or NULL for everyone
  created_at        INTEGER NOT NULL,
  PRIMARY KEY (shop_id, code)
);
CREATE INDEX coupons_issued_to ON coupons (shop_id, issued_to);

-- One row per order that used a coupon; voided when the order is given up, which
-- frees the use. Limits count the rows not voided, checked in the INSERT itself.
CREATE TABLE coupon_redemptions (
  shop_id    TEXT NOT NULL,
  code       TEXT NOT NULL,
  order_id   TEXT NOT NULL PRIMARY KEY,
  shopper    TEXT,
  voided     INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX coupon_redemptions_code ON coupon_redemptions (shop_id, code, voided);

-- A shop's automatic issue rules (JSON IssueRules) and commission shares.
CREATE TABLE shop_money (
  shop_id           TEXT PRIMARY KEY REFERENCES shops (id),
  issue_rules       TEXT NOT NULL DEFAULT '{}',
  agent_bp          INTEGER NOT NULL DEFAULT 2000 CHECK (agent_bp BETWEEN 0 AND 10000),
  upstream_agent_bp INTEGER NOT NULL DEFAULT 500 CHECK (upstream_agent_bp BETWEEN 0 AND 10000),
  sharer_bp         INTEGER NOT NULL DEFAULT 1000 CHECK (sharer_bp BETWEEN 0 AND 10000)
);

-- What a shop remembers of a shopper for its issue rules (JSON ShopperHistory).
CREATE TABLE shoppers (
  shop_id TEXT NOT NULL,
  shopper TEXT NOT NULL,
  history TEXT NOT NULL,
  PRIMARY KEY (shop_id, shopper)
);

-- A shopper's sharer code in a shop (one each).
CREATE TABLE sharers (
  shop_id    TEXT NOT NULL,
  code       TEXT NOT NULL UNIQUE,
  shopper    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (shop_id, shopper)
);

-- The commission ledger: each order's margin, one row per party; the rows of an
-- order sum to its goods value less its supply cost.
CREATE TABLE ledger (
  order_id   TEXT NOT NULL,
  party      TEXT NOT NULL CHECK (party IN ('owner', 'agent', 'upstream_agent', 'sharer', 'platform')),
  party_id   TEXT,                              -- agent id, sharer code; NULL for owner, platform
  shop_id    TEXT NOT NULL,                     -- the shop that sold it (a sub-shop for agents)
  root_shop  TEXT NOT NULL,                     -- the owner's shop at the top of the chain
  currency   TEXT NOT NULL,
  amount     INTEGER NOT NULL CHECK (amount >= 0),
  sales      INTEGER NOT NULL,                  -- the order's goods value as charged
  voided     INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (order_id, party)
);
CREATE INDEX ledger_party ON ledger (party, party_id);
CREATE INDEX ledger_root ON ledger (root_shop, party);
