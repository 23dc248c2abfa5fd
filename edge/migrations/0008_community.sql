-- Community: agents and their sub-shops, bargains, pre-sale voting.

-- A sub-shop is a shop row of its own (its slug is unique among shops and routes like
-- any shop) whose agent_id names the approved agent; its selection, currency,
-- shipping, payment methods and markup are inherited from the root shop when loaded.
ALTER TABLE shops ADD COLUMN agent_id TEXT;

-- What an owner allows its agents (no row: open, 0 to 3 000 bp).
CREATE TABLE agent_policies (
  shop_id TEXT PRIMARY KEY REFERENCES shops (id),
  open    INTEGER NOT NULL,
  min_bp  INTEGER NOT NULL CHECK (min_bp >= 0),
  max_bp  INTEGER NOT NULL CHECK (max_bp >= min_bp AND max_bp <= 10000)
);

-- Applications and agents. The token is stored only as its SHA-256 (hex).
CREATE TABLE agents (
  id                TEXT PRIMARY KEY,
  token_hash        TEXT NOT NULL,
  parent_shop       TEXT NOT NULL,               -- the shop applied to
  root_shop         TEXT NOT NULL,               -- the owner's shop at the top
  level             INTEGER NOT NULL CHECK (level IN (1, 2)),
  upstream_agent_id TEXT,                        -- level 2: the level-1 agent
  shopper           TEXT NOT NULL,
  name              TEXT NOT NULL,
  slug              TEXT,                        -- the slug asked for
  origins           TEXT NOT NULL,               -- JSON array
  message           TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  sub_shop          TEXT UNIQUE,                 -- once approved
  markup_bp         INTEGER NOT NULL CHECK (markup_bp >= 0),
  created_at        INTEGER NOT NULL,
  decided_at        INTEGER,
  UNIQUE (parent_shop, shopper)                  -- one application per shopper and shop
);
CREATE INDEX agents_root ON agents (root_shop, created_at);

-- The owner's bargain settings, one per product.
CREATE TABLE bargain_offers (
  shop_id       TEXT NOT NULL REFERENCES shops (id),
  product_id    TEXT NOT NULL,
  floor         INTEGER NOT NULL CHECK (floor > 0),
  helps         INTEGER NOT NULL CHECK (helps BETWEEN 1 AND 50),
  duration_secs INTEGER NOT NULL,
  PRIMARY KEY (shop_id, product_id)
);

-- Bargains. The price now is start_price minus the sum of the helps' cuts.
CREATE TABLE bargains (
  id           TEXT PRIMARY KEY,
  shop_id      TEXT NOT NULL,
  product_id   TEXT NOT NULL,
  sku          TEXT NOT NULL,
  starter      TEXT NOT NULL,                    -- shopper id
  currency     TEXT NOT NULL,
  start_price  INTEGER NOT NULL,
  floor        INTEGER NOT NULL,
  helps_needed INTEGER NOT NULL,
  seed         TEXT NOT NULL,                    -- hex u64 of the cut algorithm
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  order_id     TEXT                              -- the order placed at the bargained price
);
CREATE INDEX bargains_starter ON bargains (shop_id, starter, product_id);

-- One row per help: position k is taken by exactly one friend (primary key), a friend
-- helps once (unique), and a help is only inserted at the next free position.
CREATE TABLE bargain_helps (
  bargain_id TEXT NOT NULL REFERENCES bargains (id),
  position   INTEGER NOT NULL,
  shopper    TEXT NOT NULL,
  cut        INTEGER NOT NULL CHECK (cut >= 0),
  at         INTEGER NOT NULL,
  PRIMARY KEY (bargain_id, position),
  UNIQUE (bargain_id, shopper)
);

-- Pre-sale candidate styles.
CREATE TABLE styles (
  id          TEXT PRIMARY KEY,
  shop_id     TEXT NOT NULL REFERENCES shops (id),
  title       TEXT NOT NULL,
  description TEXT NOT NULL,
  image       TEXT,
  status      TEXT NOT NULL CHECK (status IN ('voting', 'presale', 'closed')),
  ship_date   INTEGER,
  product_id  TEXT,
  created_at  INTEGER NOT NULL,
  promoted_at INTEGER
);
CREATE INDEX styles_shop ON styles (shop_id, created_at);

-- One vote per style and shopper; notified_at is set once the voter was told of the
-- style's pre-sale.
CREATE TABLE style_votes (
  style_id    TEXT NOT NULL REFERENCES styles (id),
  shopper     TEXT NOT NULL,
  voted_at    INTEGER NOT NULL,
  notified_at INTEGER,
  PRIMARY KEY (style_id, shopper)
);
CREATE INDEX style_votes_shopper ON style_votes (shopper);
