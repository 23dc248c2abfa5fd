//! The catalogue's pure parts: keyset cursors and rows into Supply API products.
//!
//! Invariants: pages are ordered by `(updated_at, id)` and a cursor names the last
//! product of a page, so a product updated while a client pages moves to the end
//! instead of being skipped; money is CNY fen, as stored.

use pocketshop_shared::catalogue::{Category, Localized, OptionValue, SupplyProduct, SupplySku};
use pocketshop_shared::supply::MAX_PAGE;
use pocketshop_shared::{ApiError, Currency, Money, ProductId, Sku};
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
    /// Hex of `updated_at:id`: opaque to clients, so none builds its own.
    pub fn encode(&self) -> String {
        hex::encode(format!("{}:{}", self.updated_at, self.id))
    }

    /// Parses a cursor this supplier issued; anything else is `None`.
    pub fn decode(s: &str) -> Option<Cursor> {
        let raw = String::from_utf8(hex::decode(s).ok()?).ok()?;
        let (at, id) = raw.split_once(':')?;
        Some(Cursor {
            updated_at: at.parse().ok().filter(|n: &i64| *n >= 0)?,
            id: ProductId::parse(id).ok()?,
        })
    }
}

/// The default page size.
pub const DEFAULT_PAGE: u32 = 100;

/// `GET /v1/products`' query, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageQuery {
    /// Only products with `updated_at >= since` (0: all).
    pub since: i64,
    /// Start after this product.
    pub after: Option<Cursor>,
    /// At most this many products, 1 to [`MAX_PAGE`].
    pub limit: u32,
}

impl PageQuery {
    /// Reads the query through `param` (a lookup of the last value of a parameter);
    /// empty values count as absent.
    pub fn parse(param: impl Fn(&str) -> Option<String>) -> Result<PageQuery, ApiError> {
        let present = |name: &str| param(name).filter(|v| !v.is_empty());
        let invalid = |field: &str, message: &str| ApiError::InvalidField {
            field: field.into(),
            message: message.into(),
        };
        let limit = match present("limit") {
            None => DEFAULT_PAGE,
            Some(l) => l
                .parse::<u32>()
                .ok()
                .filter(|l| (1..=MAX_PAGE).contains(l))
                .ok_or_else(|| invalid("limit", "must be a whole number from 1 to 200"))?,
        };
        let since = match present("updated_since") {
            None => 0,
            Some(s) => s
                .parse::<i64>()
                .ok()
                .filter(|s| *s >= 0)
                .ok_or_else(|| invalid("updated_since", "must be unix seconds"))?,
        };
        let after = match present("cursor") {
            None => None,
            Some(c) => Some(Cursor::decode(&c).ok_or(ApiError::InvalidCursor)?),
        };
        Ok(PageQuery {
            since,
            after,
            limit,
        })
    }
}

/// The cursor of the page after `items`: only a full page may have a next one.
pub fn next_cursor(items: &[SupplyProduct], limit: u32) -> Option<String> {
    if items.len() < limit as usize {
        return None;
    }
    items.last().map(|p| {
        Cursor {
            updated_at: p.updated_at,
            id: p.id.clone(),
        }
        .encode()
    })
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
        let hexed = |s: &str| hex::encode(s);
        for bad in [
            "".to_owned(),
            "x".to_owned(),
            "' OR 1=1".to_owned(),
            hexed("12"),
            hexed(":P1"),
            hexed("-1:P1"),
            hexed("1:../x"),
            hexed("1:P 1"),
            "ff".to_owned(),
        ] {
            assert_eq!(Cursor::decode(&bad), None, "{bad}");
        }
    }

    fn query(pairs: &[(&str, &str)]) -> Result<PageQuery, ApiError> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        PageQuery::parse(|name| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn an_empty_query_asks_for_the_first_hundred_products() {
        assert_eq!(
            query(&[]),
            Ok(PageQuery {
                since: 0,
                after: None,
                limit: 100
            })
        );
        assert_eq!(query(&[("cursor", ""), ("updated_since", "")]), query(&[]));
    }

    #[test]
    fn a_limit_outside_1_to_200_is_an_invalid_field() {
        assert_eq!(query(&[("limit", "200")]).map(|q| q.limit), Ok(200));
        for bad in ["0", "201", "-1", "ten", "1.5"] {
            assert!(
                matches!(query(&[("limit", bad)]), Err(ApiError::InvalidField { ref field, .. }) if field == "limit"),
                "{bad}"
            );
        }
    }

    #[test]
    fn updated_since_takes_unix_seconds() {
        assert_eq!(
            query(&[("updated_since", "1790000000")]).map(|q| q.since),
            Ok(1_790_000_000)
        );
        assert!(query(&[("updated_since", "yesterday")]).is_err());
        assert!(query(&[("updated_since", "-5")]).is_err());
    }

    #[test]
    fn a_cursor_this_supplier_did_not_issue_is_invalid_cursor() {
        assert_eq!(
            query(&[("cursor", "not-a-cursor")]),
            Err(ApiError::InvalidCursor)
        );
        let c = Cursor {
            updated_at: 7,
            id: ProductId::parse("P10002").expect("valid"),
        };
        assert_eq!(
            query(&[("cursor", &c.encode())]).map(|q| q.after),
            Ok(Some(c))
        );
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

    fn bare(id: &str, updated_at: i64) -> SupplyProduct {
        let row = ProductRow {
            id: id.into(),
            category: "home".into(),
            title_zh: "杯".into(),
            title_en: "Cup".into(),
            description_zh: "".into(),
            description_en: "".into(),
            image_count: 1,
            updated_at,
        };
        product(row, vec![], "http://s.test").expect("valid")
    }

    #[test]
    fn only_a_full_page_has_a_next_cursor_naming_its_last_product() {
        let items = vec![bare("P1", 5), bare("P2", 6)];
        let next = next_cursor(&items, 2).expect("full page");
        assert_eq!(
            Cursor::decode(&next),
            Some(Cursor {
                updated_at: 6,
                id: ProductId::parse("P2").expect("valid")
            })
        );
        assert_eq!(next_cursor(&items, 3), None);
        assert_eq!(next_cursor(&[], 1), None);
    }
}
