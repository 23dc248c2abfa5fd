-- The two local shops every `cargo xtask dev`, test run and load run has, applied
-- after the migrations. A production database runs the migrations alone, so it
-- starts with no shop. Idempotent: a local database that has the shops keeps them
-- as they are (an owner's changes in the console included).
--
-- `demo`: CNY, zh-CN, 30 % markup, paid in the sandbox (offered only where it is
-- enabled) or on delivery, embedded by the local demo host pages (served on their
-- own origin, never by the edge). Its font list starts with a face that has Chinese
-- (see `DEFAULT_FONT` in `shared/src/api/shop.rs`).
INSERT OR IGNORE INTO shops (id, name, currency, locale, theme, allowed_origins, features, shipping_fee, free_shipping_over, created_at, payment_methods, payment_window_secs)
VALUES (
  'demo',
  '小口袋好物',
  'CNY',
  'zh-CN',
  '{"primary_colour":"#e4393c","radius_px":10,"font":"\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", system-ui, sans-serif"}',
  '["http://127.0.0.1:8790","http://localhost:8790"]',
  '["cart","share"]',
  800,
  9900,
  1790000000,
  '["sandbox","cash_on_delivery"]',
  900
);
INSERT OR IGNORE INTO markup_rules (shop_id, scope, target, kind, value) VALUES ('demo', 'shop', '', 'percent', 3000);

-- `lumen`: a second shop, so demo pages and tests can put two shops on one page: an
-- English-language chain store with its own brand, markup and shipping, embedded by
-- its own mini site, offering Stripe first where Stripe is set up.
INSERT OR IGNORE INTO shops (id, name, currency, locale, theme, allowed_origins, features, shipping_fee, free_shipping_over, created_at, payment_methods)
VALUES (
  'lumen',
  'Lumen Living',
  'CNY',
  'en',
  '{"primary_colour":"#1f6f5c","radius_px":4,"font":"Georgia, \"Times New Roman\", serif"}',
  '["http://127.0.0.1:8790","http://localhost:8790"]',
  '["cart","share"]',
  1200,
  19900,
  1790000000,
  '["stripe","wechat_pay","sandbox","cash_on_delivery"]'
);
INSERT OR IGNORE INTO markup_rules (shop_id, scope, target, kind, value) VALUES ('lumen', 'shop', '', 'percent', 4000);

-- Both keep their whole catalogue: they follow every supplier category. A shop that
-- follows none (new here, or emptied) gets them all again.
INSERT INTO shop_categories (shop_id, category)
SELECT s.id, c.value FROM shops AS s,
  json_each('["apparel","beauty","home","mother_baby","snacks","accessories"]') AS c
WHERE s.id IN ('demo', 'lumen')
  AND NOT EXISTS (SELECT 1 FROM shop_categories AS f WHERE f.shop_id = s.id);
