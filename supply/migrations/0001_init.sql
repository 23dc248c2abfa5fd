-- The reference supplier's catalogue, stock and fulfilment orders.
-- Money columns are integer minor units (fen) in the supplier's currency, CNY.

CREATE TABLE products (
  id             TEXT PRIMARY KEY,            -- "P10001"
  category       TEXT NOT NULL,               -- apparel | beauty | home | mother_baby | snacks | accessories
  title_zh       TEXT NOT NULL,
  title_en       TEXT NOT NULL,
  description_zh TEXT NOT NULL,
  description_en TEXT NOT NULL,
  image_count    INTEGER NOT NULL CHECK (image_count BETWEEN 1 AND 6), -- served at /images/{id}/{n}.svg, n from 1
  updated_at     INTEGER NOT NULL             -- unix seconds
);
CREATE INDEX products_updated ON products (updated_at, id);

CREATE TABLE skus (
  sku             TEXT PRIMARY KEY,           -- "P10001-RED-M"
  product_id      TEXT NOT NULL REFERENCES products (id),
  position        INTEGER NOT NULL,           -- display order within the product
  options         TEXT NOT NULL,              -- JSON: [{"axis":"colour","zh":"红色","en":"Red"},{"axis":"size","zh":"M","en":"M"}]
  supply_price    INTEGER NOT NULL CHECK (supply_price > 0),
  suggested_price INTEGER NOT NULL CHECK (suggested_price >= supply_price),
  floor_price     INTEGER NOT NULL CHECK (floor_price >= supply_price), -- lowest retail price the supplier allows
  stock           INTEGER NOT NULL CHECK (stock >= 0)
);
CREATE INDEX skus_product ON skus (product_id, position);

CREATE TABLE orders (
  id              TEXT PRIMARY KEY,           -- "SO-…"
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL,              -- SHA-256 of the request body, to refuse a reused key with another body
  status          TEXT NOT NULL,              -- accepted | shipped | delivered | cancelled | refunded
  body            TEXT NOT NULL,              -- the order request as received (JSON)
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);

CREATE TABLE shipments (
  order_id        TEXT NOT NULL REFERENCES orders (id),
  carrier         TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  shipped_at      INTEGER NOT NULL,
  delivered_at    INTEGER,
  PRIMARY KEY (order_id, tracking_number)
);

CREATE TABLE after_sales (
  id         TEXT PRIMARY KEY,
  order_id   TEXT NOT NULL REFERENCES orders (id),
  kind       TEXT NOT NULL,                   -- return | refund
  reason     TEXT NOT NULL,
  status     TEXT NOT NULL,                   -- requested | approved | rejected | completed
  created_at INTEGER NOT NULL
);

-- Nonces of signed requests seen within the clock tolerance: a replay is refused.
CREATE TABLE seen_nonces (
  nonce      TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
