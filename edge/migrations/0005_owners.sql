-- Shop owners: accounts, sessions, sign-in rate limiting, the shops they own and
-- what each shop sells (its selection), daily picks, and chain-store members on orders.

-- One owner = one brand, possibly several shops. The password is stored only as
-- `pbkdf2-sha256$iterations$salt_b64$hash_b64`; the member secret signs the brand's
-- member tokens (NULL until first rotated: no member token verifies then).
CREATE TABLE owners (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,            -- lowercased
  password_hash TEXT NOT NULL,
  member_secret TEXT,
  created_at    INTEGER NOT NULL
);

-- Sessions by the SHA-256 (hex) of their bearer token: the token itself is never stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  owner_id   TEXT NOT NULL REFERENCES owners (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_owner ON sessions (owner_id);

-- Failed sign-ins, per subject (`email:<address>` or `ip:<address>`), for rate limiting.
CREATE TABLE sign_in_failures (
  subject   TEXT NOT NULL,
  failed_at INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_subject ON sign_in_failures (subject, failed_at);

-- NULL for the shops seeded by migrations (no owner can manage them).
ALTER TABLE shops ADD COLUMN owner_id TEXT REFERENCES owners (id);
CREATE INDEX shops_owner ON shops (owner_id, created_at);

-- The selection: products picked one by one ...
CREATE TABLE shop_products (
  shop_id    TEXT NOT NULL REFERENCES shops (id),
  product_id TEXT NOT NULL,
  picked_at  INTEGER NOT NULL,
  PRIMARY KEY (shop_id, product_id)
);

-- ... and categories followed (their new arrivals join the selection by themselves).
CREATE TABLE shop_categories (
  shop_id  TEXT NOT NULL REFERENCES shops (id),
  category TEXT NOT NULL,                        -- the supplier's category slug
  PRIMARY KEY (shop_id, category)
);

-- Daily picks, in display order (position 0 first).
CREATE TABLE daily_picks (
  shop_id    TEXT NOT NULL REFERENCES shops (id),
  position   INTEGER NOT NULL CHECK (position BETWEEN 0 AND 11),
  product_id TEXT NOT NULL,
  PRIMARY KEY (shop_id, position)
);

-- The chain-store member who placed the order (from a verified member token).
ALTER TABLE orders ADD COLUMN member_id TEXT;

-- The seeded shops keep their whole catalogue: they follow every supplier category.
INSERT INTO shop_categories (shop_id, category)
SELECT shops.id, c.value FROM shops,
  json_each('["apparel","beauty","home","mother_baby","snacks","accessories"]') AS c
WHERE shops.owner_id IS NULL;
