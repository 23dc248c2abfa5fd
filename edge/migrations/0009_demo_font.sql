-- The demo shop's font list put `system-ui` first, which on Linux has no Chinese:
-- the browser then looked a face up for each Chinese character of a first view
-- (see `DEFAULT_FONT` in `shared/src/api.rs`). It takes the list new shops start
-- with, unless its owner has chosen another since.
UPDATE shops
SET theme = json_set(theme, '$.font', '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif')
WHERE id = 'demo'
  AND json_extract(theme, '$.font') = 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif';
