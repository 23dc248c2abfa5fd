-- A second local shop, so demo pages and tests can put two shops on one page: an
-- English-language chain store with its own brand, markup and shipping, embedded by
-- its own mini site (a local demo host page on another origin than the edge).
INSERT INTO shops (id, name, currency, locale, theme, allowed_origins, features, shipping_fee, free_shipping_over, created_at)
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
  1790000000
);
INSERT INTO markup_rules (shop_id, scope, target, kind, value) VALUES ('lumen', 'shop', '', 'percent', 4000);
