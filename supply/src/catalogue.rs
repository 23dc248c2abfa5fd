//! The catalogue's pure parts: keyset cursors and rows into Supply API products.
//!
//! Invariants: pages are ordered by `(updated_at, id)` and a cursor names the last
//! product of a page, so a product updated while a client pages moves to the end
//! instead of being skipped; money is CNY fen, as stored.

use pocketshop_shared::catalogue::{Category, Localized, OptionValue, SupplyProduct, SupplySku};
use pocketshop_shared::{Currency, Money, ProductId, Sku};
use serde::Deserialize;

/// Where a page starts: after this product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The last product's `updated_at`.
    pub updated_at: i64,
    /// The last product's id.
    pub id: ProductId,
}

impl Cursor {
    /// `updated_at.id`, as clients see it.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.updated_at, self.id)
    }

    /// Parses a cursor this supplier issued.
    pub fn decode(s: &str) -> Option<Cursor> {
        let (at, id) = s.split_once('.')?;
        Some(Cursor {
            updated_at: at.parse().ok().filter(|n: &i64| *n >= 0)?,
            id: ProductId::parse(id).ok()?,
        })
    }
}

/// A `products` row.
#[derive(Debug, Deserialize)]
pub struct ProductRow {
    /// Id.
    pub id: String,
    /// Category slug.
    pub category: String,
    /// Title, Chinese.
    pub title_zh: String,
    /// Title, English.
    pub title_en: String,
    /// Description, Chinese.
    pub description_zh: String,
    /// Description, English.
    pub description_en: String,
    /// Number of images.
    pub image_count: i64,
    /// Last change.
    pub updated_at: i64,
}

/// A `skus` row.
#[derive(Debug, Deserialize)]
pub struct SkuRow {
    /// SKU code.
    pub sku: String,
    /// Its product.
    pub product_id: String,
    /// Options JSON.
    pub options: String,
    /// Supply price, fen.
    pub supply_price: i64,
    /// Suggested retail price, fen.
    pub suggested_price: i64,
    /// Floor price, fen.
    pub floor_price: i64,
    /// Units in stock.
    pub stock: i64,
}

/// Builds a product from its row and its SKU rows; `Err` names what is corrupt.
pub fn product(
    row: ProductRow,
    skus: Vec<SkuRow>,
    public_url: &str,
) -> Result<SupplyProduct, String> {
    let id = ProductId::parse(&row.id).map_err(|e| e.to_string())?;
    let cny = |a: i64| Money::new(a, Currency::CNY);
    let skus = skus
        .into_iter()
        .map(|s| {
            Ok(SupplySku {
                sku: Sku::parse(&s.sku).map_err(|e| e.to_string())?,
                options: serde_json::from_str::<Vec<OptionValue>>(&s.options)
                    .map_err(|e| e.to_string())?,
                supply_price: cny(s.supply_price),
                suggested_price: cny(s.suggested_price),
                floor_price: cny(s.floor_price),
                stock: u32::try_from(s.stock).map_err(|e| e.to_string())?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(SupplyProduct {
        images: (1..=row.image_count)
            .map(|n| format!("{public_url}/images/{id}/{n}.svg"))
            .collect(),
        id,
        category: Category::parse(&row.category).map_err(|e| e.to_string())?,
        title: Localized::new(row.title_zh, row.title_en),
        description: Localized::new(row.description_zh, row.description_en),
        skus,
        updated_at: row.updated_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_garbage_is_refused() {
        let c = Cursor {
            updated_at: 1_790_000_000,
            id: ProductId::parse("P10001").expect("valid"),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in ["", "x", "12", ".P1", "-1.P1", "1.../x", "1.P 1"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn rows_become_a_product_with_absolute_image_urls() {
        let row = ProductRow {
            id: "P10001".into(),
            category: "snacks".into(),
            title_zh: "咖啡豆".into(),
            title_en: "Coffee".into(),
            description_zh: "".into(),
            description_en: "".into(),
            image_count: 2,
            updated_at: 5,
        };
        let sku = SkuRow {
            sku: "P10001-STD".into(),
            product_id: "P10001".into(),
            options: r#"[{"axis":"weight","zh":"500g","en":"500 g"}]"#.into(),
            supply_price: 1_000,
            suggested_price: 1_900,
            floor_price: 1_100,
            stock: 3,
        };
        let p = product(row, vec![sku], "http://s.test").expect("valid");
        assert_eq!(
            p.images,
            vec![
                "http://s.test/images/P10001/1.svg",
                "http://s.test/images/P10001/2.svg"
            ]
        );
        assert_eq!(p.skus[0].options[0].axis, "weight");
        assert_eq!(p.skus[0].supply_price, Money::new(1_000, Currency::CNY));
    }

    #[test]
    fn negative_stock_in_a_row_is_reported_corrupt() {
        let row = ProductRow {
            id: "P1".into(),
            category: "home".into(),
            title_zh: "".into(),
            title_en: "".into(),
            description_zh: "".into(),
            description_en: "".into(),
            image_count: 1,
            updated_at: 0,
        };
        let sku = SkuRow {
            sku: "S".into(),
            product_id: "P1".into(),
            options: "[]".into(),
            supply_price: 1,
            suggested_price: 1,
            floor_price: 1,
            stock: -1,
        };
        assert!(product(row, vec![sku], "").is_err());
    }
}
