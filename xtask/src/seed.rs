//! The reference supplier's demo catalogue, generated as SQL for its D1 database.
//!
//! `cargo xtask dev` and `cargo xtask test` load [`supply_seed_sql`] into an empty
//! supplier database, so the widget, the edge and the integration tests have a
//! catalogue that looks like a real Chinese dropship supplier's: bilingual titles,
//! colour × size SKUs, prices in fen, some sold-out and low-stock variants.
//!
//! Invariants:
//! - Deterministic: a fixed-seed splitmix64 generator and a fixed "now", never the
//!   clock or an outside crate, so product ids, SKU codes, prices and stock are the
//!   same on every machine and every run (tests and bookmarks can rely on them).
//! - Product ids run `P10001`, `P10002`, … up to [`DEMO_PRODUCT_COUNT`]; SKU codes
//!   are unique and match `^[A-Z0-9][A-Z0-9-]{0,63}$`.
//! - Every row satisfies the CHECK constraints of `supply/migrations/0001_init.sql`.
//! - Titles are plain text under 60 characters, and no two products share one.
//! - [`fixture_sql`] adds two products the browser tests rely on, oldest of all so
//!   they list last: `P90001`, whose titles are the markup
//!   `<img src=x onerror=alert(1)>` (it must show as text), and `P90002`, a tee in
//!   two colours × two sizes whose `P90002-BLK-M` is sold out and the rest in stock.
//! - The SQL has no transaction statements (D1's `execute --file` refuses them) and
//!   at most [`ROWS_PER_INSERT`] rows per `INSERT`, because D1 limits statement size.
//!
//! Its parts: `vocabulary` holds the words and option axes products are made of,
//! `catalogue` deals them into products and SKUs; this file writes the SQL.

mod catalogue;
mod vocabulary;

pub use catalogue::DEMO_PRODUCT_COUNT;
use catalogue::{catalogue, NEWEST, SPREAD_SECONDS};
use std::fmt::Write;
use vocabulary::Opt;

/// The most rows one `INSERT` carries: D1 limits the size of one statement.
const ROWS_PER_INSERT: usize = 50;

/// SQL-quotes text: wraps it in single quotes and doubles any inside.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A JSON string literal (the vocabulary has no quotes, but stay correct anyway).
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `options` JSON of a SKU: `[{"axis":"colour","zh":"红色","en":"Red"},…]`.
fn options_json(values: &[&Opt]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|v| {
            format!(
                "{{\"axis\":{},\"zh\":{},\"en\":{}}}",
                json_str(v.axis),
                json_str(v.zh),
                json_str(v.en)
            )
        })
        .collect();
    format!("[{}]", parts.join(","))
}

/// Appends multi-row `INSERT`s of at most [`ROWS_PER_INSERT`] rows, each ending `;\n`.
fn inserts(sql: &mut String, head: &str, rows: &[String]) {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let _ = write!(sql, "{head} VALUES\n{};\n", chunk.join(",\n"));
    }
}

/// SQL that fills the supplier's `products` and `skus` with the demo catalogue:
/// products first (the SKUs reference them), no transaction statements.
pub fn supply_seed_sql() -> String {
    let products = catalogue();
    let mut product_rows = Vec::with_capacity(products.len());
    let mut sku_rows = Vec::new();
    for p in &products {
        product_rows.push(format!(
            "({}, {}, {}, {}, {}, {}, {}, {})",
            q(&p.id),
            q(p.category),
            q(&p.title_zh),
            q(&p.title_en),
            q(&p.description_zh),
            q(&p.description_en),
            p.image_count,
            p.updated_at
        ));
        for (position, s) in p.skus.iter().enumerate() {
            sku_rows.push(format!(
                "({}, {}, {position}, {}, {}, {}, {}, {})",
                q(&s.sku),
                q(&p.id),
                q(&options_json(&s.values)),
                s.supply,
                s.suggested,
                s.floor,
                s.stock
            ));
        }
    }
    let mut sql = String::new();
    inserts(
        &mut sql,
        "INSERT INTO products (id, category, title_zh, title_en, description_zh, description_en, image_count, updated_at)",
        &product_rows,
    );
    inserts(
        &mut sql,
        "INSERT INTO skus (sku, product_id, position, options, supply_price, suggested_price, floor_price, stock)",
        &sku_rows,
    );
    sql
}

/// The browser tests' fixtures (see the module's invariants), as SQL.
pub fn fixture_sql() -> String {
    let oldest = NEWEST - SPREAD_SECONDS - 86_400;
    let hostile = "<img src=x onerror=alert(1)>";
    let opt = |axis: &str, zh: &str, en: &str| {
        format!(
            "{{\"axis\":{},\"zh\":{},\"en\":{}}}",
            json_str(axis),
            json_str(zh),
            json_str(en)
        )
    };
    let products = [
        format!(
            "({}, 'accessories', {}, {}, {}, {}, 1, {oldest})",
            q("P90001"),
            q(hostile),
            q(hostile),
            q("<script>alert(2)</script>"),
            q("<b>bold?</b> & <i>not</i>"),
        ),
        format!(
            "({}, 'apparel', {}, {}, {}, {}, 2, {})",
            q("P90002"),
            q("基础款纯棉 T 恤"),
            q("Everyday Cotton Tee"),
            q("黑色 M 码暂时售罄。"),
            q("Black in M is sold out for now."),
            oldest + 1
        ),
    ];
    let mut skus = vec![
        format!(
            "('P90001-S', 'P90001', 0, {}, 1000, 2900, 1200, 40)",
            q(&format!("[{}]", opt("size", "小号", "S")))
        ),
        format!(
            "('P90001-M', 'P90001', 1, {}, 1000, 2900, 1200, 40)",
            q(&format!("[{}]", opt("size", "中号", "M")))
        ),
    ];
    let colours = [("BLK", "黑色", "Black"), ("WHT", "白色", "White")];
    let sizes = [("M", "M", "M"), ("L", "L", "L")];
    for (ci, (c, czh, cen)) in colours.iter().enumerate() {
        for (si, (sz, szh, sen)) in sizes.iter().enumerate() {
            let stock = if *c == "BLK" && *sz == "M" { 0 } else { 500 };
            skus.push(format!(
                "('P90002-{c}-{sz}', 'P90002', {}, {}, 2200, 5900, 2600, {stock})",
                ci * sizes.len() + si,
                q(&format!(
                    "[{},{}]",
                    opt("colour", czh, cen),
                    opt("size", szh, sen)
                ))
            ));
        }
    }
    let mut sql = String::new();
    inserts(
        &mut sql,
        "INSERT INTO products (id, category, title_zh, title_en, description_zh, description_en, image_count, updated_at)",
        &products,
    );
    inserts(
        &mut sql,
        "INSERT INTO skus (sku, product_id, position, options, supply_price, suggested_price, floor_price, stock)",
        &skus,
    );
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use vocabulary::{APPAREL_COLOURS, SIZES};

    #[test]
    fn the_fixtures_hold_markup_as_text_and_one_sold_out_variant() {
        let sql = fixture_sql();
        assert!(sql.contains("'<img src=x onerror=alert(1)>'"));
        assert!(sql.contains("('P90002-BLK-M', 'P90002', 0, "));
        assert!(sql.contains("2600, 0)"));
        assert_eq!(sql.matches("INSERT INTO ").count(), 2);
        let ids: HashSet<String> = catalogue().into_iter().map(|p| p.id).collect();
        assert!(!ids.contains("P90001") && !ids.contains("P90002"));
    }

    #[test]
    fn options_use_known_lowercase_axes_and_valid_json_shape() {
        let axes = [
            "colour", "size", "volume", "shade", "spec", "flavour", "weight",
        ];
        let products = catalogue();
        for s in products.iter().flat_map(|p| &p.skus) {
            let mut seen_axes = HashSet::new();
            for v in &s.values {
                assert!(axes.contains(&v.axis), "{}", v.axis);
                assert!(seen_axes.insert(v.axis), "axis twice in {}", s.sku);
                assert!(!v.code.is_empty() && !v.code.contains('-'), "{}", v.code);
            }
            let json = options_json(&s.values);
            assert!(json.starts_with('[') && json.ends_with(']'));
            assert_eq!(json.matches("{\"axis\":\"").count(), s.values.len());
        }
        let red_m = [&APPAREL_COLOURS[0], &SIZES[1]];
        assert_eq!(
            options_json(&red_m),
            r#"[{"axis":"colour","zh":"黑色","en":"Black"},{"axis":"size","zh":"M","en":"M"}]"#
        );
        assert_eq!(options_json(&[]), "[]");
    }

    #[test]
    fn output_is_identical_across_runs() {
        assert_eq!(supply_seed_sql(), supply_seed_sql());
    }

    #[test]
    fn statements_are_inserts_of_at_most_50_rows_without_transactions() {
        let sql = supply_seed_sql();
        let statements: Vec<&str> = sql.split_inclusive(";\n").collect();
        assert_eq!(statements.concat(), sql);
        let products = catalogue();
        let sku_count: usize = products.iter().map(|p| p.skus.len()).sum();
        let mut rows = 0;
        for st in &statements {
            assert!(st.starts_with("INSERT INTO "), "{st}");
            assert!(st.ends_with(";\n"));
            let n = st.matches("\n(").count();
            assert!((1..=ROWS_PER_INSERT).contains(&n), "{n}");
            rows += n;
        }
        assert_eq!(rows, products.len() + sku_count);
        let upper = sql.to_uppercase();
        for word in ["BEGIN", "COMMIT", "TRANSACTION", "ROLLBACK"] {
            assert!(!upper.contains(word), "{word}");
        }
    }

    #[test]
    fn quotes_in_text_are_doubled() {
        assert_eq!(q("Kids' Sun Hat"), "'Kids'' Sun Hat'");
        let sql = supply_seed_sql();
        assert!(sql.contains("Kids'' Sun Hat") || sql.contains("Couples'' "));
        assert!(!sql.contains("Kids' Sun"));
        assert_eq!(json_str("a\"b\\c"), r#""a\"b\\c""#);
    }
}
