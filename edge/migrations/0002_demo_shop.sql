-- The demo shop every local run has: CNY, zh-CN, 30 % markup, embedded by the local
-- demo host pages (served on their own origin, never by the edge).
INSERT INTO shops (id, name, currency, locale, theme, allowed_origins, features, shipping_fee, free_shipping_over, created_at)
VALUES (
  'demo',
  '小口袋好物',
  'CNY',
  'zh-CN',
  '{"primary_colour":"#e4393c","radius_px":10,"font":"system-ui, -apple-system, \"PingFang SC\", \"Microsoft YaHei\", sans-serif"}',
  '["http://127.0.0.1:8790","http://localhost:8790"]',
  '["cart","share"]',
  800,
  9900,
  1790000000
);
INSERT INTO markup_rules (shop_id, scope, target, kind, value) VALUES ('demo', 'shop', '', 'percent', 3000);
