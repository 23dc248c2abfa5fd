-- The edge's own data: shops and their pricing, orders, idempotency records, and
-- what it remembers of signed requests and supplier events.
-- Money columns are integer minor units in the shop's currency.

CREATE TABLE shops (
  id                 TEXT PRIMARY KEY,          -- slug, as in <pocket-shop shop="…">
  name               TEXT NOT NULL,
  currency           TEXT NOT NULL,             -- ISO 4217
  locale             TEXT NOT NULL,             -- zh-CN | en
  theme              TEXT NOT NULL,             -- JSON: {"primary_colour","radius_px","font"}
  allowed_origins    TEXT NOT NULL,             -- JSON array of exact origins ("https://blog.example")
  features           TEXT NOT NULL DEFAULT '["cart","share"]', -- JSON array of enabled widget features
  shipping_fee       INTEGER NOT NULL CHECK (shipping_fee >= 0),
  free_shipping_over INTEGER,                   -- NULL: never free
  created_at         INTEGER NOT NULL
);

CREATE TABLE markup_rules (
  shop_id TEXT NOT NULL REFERENCES shops (id),
  scope   TEXT NOT NULL CHECK (scope IN ('shop', 'category', 'product')),
  target  TEXT NOT NULL DEFAULT '',             -- category slug or product id; '' for the shop
  kind    TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
  value   INTEGER NOT NULL CHECK (value >= 0),  -- basis points or minor units
  PRIMARY KEY (shop_id, scope, target)
);

CREATE TABLE orders (
  id                TEXT PRIMARY KEY,           -- "PS-…"
  shop_id           TEXT NOT NULL REFERENCES shops (id),
  status            TEXT NOT NULL,
  payment_method    TEXT NOT NULL,
  currency          TEXT NOT NULL,
  subtotal          INTEGER NOT NULL,
  shipping          INTEGER NOT NULL,
  total             INTEGER NOT NULL,
  supply_cost       INTEGER NOT NULL,           -- what the shop owes the supplier
  contact           TEXT NOT NULL,              -- JSON Contact
  supplier_order_id TEXT UNIQUE,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX orders_shop ON orders (shop_id, created_at);

CREATE TABLE order_lines (
  order_id   TEXT NOT NULL REFERENCES orders (id),
  position   INTEGER NOT NULL,
  product_id TEXT NOT NULL,
  sku        TEXT NOT NULL,
  quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  unit_price INTEGER NOT NULL,
  line_total INTEGER NOT NULL,
  supply_price INTEGER NOT NULL,
  snapshot   TEXT NOT NULL,                     -- JSON QuoteLine as charged (title, options, image)
  PRIMARY KEY (order_id, position)
);

CREATE TABLE shipments (
  order_id        TEXT NOT NULL REFERENCES orders (id),
  carrier         TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  shipped_at      INTEGER NOT NULL,
  delivered_at    INTEGER,
  PRIMARY KEY (order_id, tracking_number)
);

-- One row per (shop, Idempotency-Key): order_id is NULL while the first request runs.
CREATE TABLE idempotency_keys (
  shop_id      TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,                   -- SHA-256 of the canonical request
  order_id     TEXT,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (shop_id, key)
);

-- Nonces of signed requests seen within the clock tolerance: a replay is refused.
CREATE TABLE seen_nonces (
  nonce      TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);

-- Supplier webhook events applied: a redelivery changes nothing twice.
CREATE TABLE supply_events (
  event_id    TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL
);
