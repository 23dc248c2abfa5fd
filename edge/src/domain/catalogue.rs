//! The supplier's catalogue as the edge serves it: a cached snapshot of every product,
//! filtered, paged and priced per shop on each read.
//!
//! Invariants: the snapshot is supplier data only (one cache entry for all shops) and
//! lives at most [`SNAPSHOT_TTL_SECS`] from when it was fetched, in KV and in the
//! isolate's decoded copy ([`memo`]) alike, which is then served for at most
//! [`memo::GRACE_SECS`] more while one refresh runs after the answer; supplier
//! webhooks about products or stock drop it at once; prices are computed per
//! request from the shop's rules, never cached; a shop's lists and products hold
//! only its selection (see [`crate::ports::store::selection`]).
//!
//! When the supplier fails (down, slow, rate-limiting, breaker open, or sending data
//! that does not decode), the last snapshot that did decode is served instead, marked
//! stale ([`Snapshot::stale`], the `x-pocketshop-stale: 1` header): it is kept under
//! [`LAST_GOOD_KEY`] for [`LAST_GOOD_TTL_SECS`], written with every fresh snapshot and
//! never dropped by a webhook. Only with no good copy at all does a read fail (as
//! `supplier_unavailable` with `Retry-After`).

use crate::base::http::HttpResponse;
use crate::domain::services::Services;
use crate::ports::cache::Cache;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use crate::ports::supplier::{Supplier, SupplierError};
use pocketshop_shared::api::ProductList;
use pocketshop_shared::catalogue::{Category, ProductSummary, ShopProduct, SupplyProduct};
use pocketshop_shared::{ApiError, ProductId};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

pub mod pages;
pub mod shops;

/// The cache key of the snapshot; bump the version when its shape changes.
pub const SNAPSHOT_KEY: &str = "catalogue:v2";
/// How long a snapshot is served before the supplier is asked again (KV's minimum).
pub const SNAPSHOT_TTL_SECS: u64 = 60;
/// Products per supplier page while building a snapshot.
const SUPPLY_PAGE: u32 = pocketshop_shared::supply::MAX_PAGE;
/// A bound on pages per snapshot, so a looping supplier cursor cannot hang a request.
const MAX_SUPPLY_PAGES: usize = 100;
/// Products per page of the Edge API by default, and at most.
pub const DEFAULT_LIMIT: usize = 24;
/// The largest page the Edge API serves.
pub const MAX_LIMIT: usize = 60;
/// The longest search text accepted.
const MAX_QUERY_CHARS: usize = 64;

/// The long-lived copy of the last good snapshot, served when the supplier fails.
pub const LAST_GOOD_KEY: &str = "catalogue:v2:last-good";
/// How long the last good snapshot is kept (a week: an outage longer than that
/// deserves an error rather than week-old prices).
pub const LAST_GOOD_TTL_SECS: u64 = 7 * 24 * 3600;
/// The header that marks an answer built from the last good snapshot.
pub const STALE_HEADER: &str = "x-pocketshop-stale";

/// The catalogue as it can be served now.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Every sellable product (shared with the isolate's [`memo`]).
    pub products: Rc<Vec<SupplyProduct>>,
    /// True when the supplier failed and this is the last good copy.
    pub stale: bool,
}

impl Snapshot {
    /// Marks `response` when this snapshot is stale.
    pub fn mark(&self, response: HttpResponse) -> HttpResponse {
        if self.stale {
            response.with_header(STALE_HEADER, "1")
        } else {
            response
        }
    }
}

/// A snapshot as the cache holds it: the products and when they were fetched, so
/// every isolate that decodes it knows how long it stays fresh.
#[derive(Serialize, Deserialize)]
struct Stored<P> {
    /// Unix seconds when the supplier was read.
    fetched_at: i64,
    products: P,
}

fn decode_snapshot(json: &str) -> Option<Stored<Vec<SupplyProduct>>> {
    // A snapshot that does not decode (written by another version) counts as absent.
    serde_json::from_str(json).ok()
}

/// The whole catalogue, possibly the last good copy (see [`current`]).
pub async fn snapshot<P: Ports>(app: &Services<P>) -> Result<Rc<Vec<SupplyProduct>>, Error> {
    Ok(current(app).await?.products)
}

/// The whole catalogue: the isolate's decoded copy (fresh, or in its grace with a
/// refresh due, see [`memo`]), else from the cache, or when that has expired from
/// the supplier, or when the supplier fails the last good copy, marked stale.
pub async fn current<P: Ports>(app: &Services<P>) -> Result<Snapshot, Error> {
    if let Some(products) = app.memo.serve(app.now) {
        return Ok(Snapshot {
            products,
            stale: false,
        });
    }
    match load(app).await {
        Ok(products) => Ok(Snapshot {
            products,
            stale: false,
        }),
        Err(e) => {
            let last_good = app.cache.get(LAST_GOOD_KEY).await.ok().flatten();
            match last_good.as_deref().and_then(decode_snapshot) {
                Some(stored) => {
                    crate::base::log::log_error(&format!(
                        "serving the last good catalogue: {}",
                        pocketshop_shared::report::chain(&e)
                    ));
                    Ok(Snapshot {
                        products: Rc::new(stored.products),
                        stale: true,
                    })
                }
                None => Err(e),
            }
        }
    }
}

/// Refreshes the isolate's copy when a read served it in its grace (see [`memo`]).
/// The runtime runs this after the answer has gone out; a failure is only logged,
/// since the copy stays served until its grace ends and then reads fetch again.
pub async fn refresh<P: Ports>(app: &Services<P>) {
    if app.memo.take_due().is_none() {
        return;
    }
    if let Err(e) = load(app).await {
        crate::base::log::log_error(&format!(
            "refreshing the catalogue: {}",
            pocketshop_shared::report::chain(&e)
        ));
    }
    app.memo.finish();
}

/// The catalogue from the cache, or when that has expired from the supplier (then
/// written to the cache), held as the isolate's copy unless an invalidation came
/// while it was read.
async fn load<P: Ports>(app: &Services<P>) -> Result<Rc<Vec<SupplyProduct>>, Error> {
    let ttl = SNAPSHOT_TTL_SECS as i64;
    let generation = app.memo.generation();
    if let Some(stored) = app
        .cache
        .get(SNAPSHOT_KEY)
        .await?
        .as_deref()
        .and_then(decode_snapshot)
        // KV may answer from a location's copy for a while after the entry expired.
        .filter(|stored| app.now < stored.fetched_at.saturating_add(ttl))
    {
        let products = Rc::new(stored.products);
        app.memo.hold(
            generation,
            Rc::clone(&products),
            stored.fetched_at.saturating_add(ttl),
        );
        return Ok(products);
    }
    let products = fetch(app).await?;
    let products = Rc::new(products);
    // An invalidation while the supplier was read: what was read may predate the
    // change, so it is served to this read only, neither cached nor held.
    if !app.memo.hold(
        generation,
        Rc::clone(&products),
        app.now.saturating_add(ttl),
    ) {
        return Ok(products);
    }
    let stored = Stored {
        fetched_at: app.now,
        products: &*products,
    };
    // Our own types always encode; were one not to, serving uncached is still right,
    // and so it is when the cache refuses a write: the products are fresh either way.
    if let Ok(json) = serde_json::to_string(&stored) {
        for (key, ttl) in [
            (SNAPSHOT_KEY, SNAPSHOT_TTL_SECS),
            (LAST_GOOD_KEY, LAST_GOOD_TTL_SECS),
        ] {
            if let Err(e) = app.cache.put(key, &json, ttl).await {
                crate::base::log::log_error(&format!(
                    "caching the catalogue: {}",
                    pocketshop_shared::report::chain(&e)
                ));
            }
        }
    }
    Ok(products)
}

/// Every page of the supplier's catalogue; any page failing fails the whole.
async fn fetch<P: Ports>(app: &Services<P>) -> Result<Vec<SupplyProduct>, SupplierError> {
    let mut products = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_SUPPLY_PAGES {
        let page = app
            .supplier
            .products(cursor.as_deref(), SUPPLY_PAGE)
            .await?;
        products.extend(page.items);
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    // Products without variants cannot be sold or priced: leave them out.
    products.retain(|p| !p.skus.is_empty());
    Ok(products)
}

/// Drops the snapshot so the next read asks the supplier. (Other isolates keep
/// their decoded copy until it expires, as KV's other locations keep theirs.)
pub async fn invalidate<P: Ports>(app: &Services<P>) -> Result<(), Error> {
    app.memo.clear();
    app.pages.clear();
    Ok(app.cache.delete(SNAPSHOT_KEY).await?)
}

/// Which products a list shows, and in what order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// Everything, in the supplier's order.
    All,
    /// Newest first.
    New,
    /// The shop's daily picks, in the owner's order.
    Picks,
}

/// A parsed `GET /v1/shops/{shop}/products` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// Which list.
    pub collection: Collection,
    /// Only this category.
    pub category: Option<Category>,
    /// Only titles containing this (either language, any case).
    pub text: Option<String>,
    /// Where the page starts.
    pub offset: usize,
    /// How many per page.
    pub limit: usize,
}

impl ListQuery {
    /// Parses the query parameters through `param` (a lookup by name).
    pub fn parse(param: impl Fn(&str) -> Option<String>) -> Result<ListQuery, ApiError> {
        let invalid = |field: &str, message: &str| ApiError::InvalidField {
            field: field.to_owned(),
            message: message.to_owned(),
        };
        let collection = match param("collection").as_deref() {
            None | Some("") | Some("all") => Collection::All,
            Some("new") => Collection::New,
            Some("picks") => Collection::Picks,
            Some(_) => return Err(invalid("collection", "must be all, new or picks")),
        };
        let category = match param("category").filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(Category::parse(&c).map_err(|e| invalid("category", &e.to_string()))?),
        };
        let text = param("q")
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty());
        if text
            .as_ref()
            .is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS)
        {
            return Err(invalid("q", "must be at most 64 characters"));
        }
        let offset = match param("cursor").filter(|c| !c.is_empty()) {
            None => 0,
            Some(c) => decode_cursor(&c).ok_or(ApiError::InvalidCursor)?,
        };
        let limit = match param("limit") {
            None => DEFAULT_LIMIT,
            Some(l) => l
                .parse::<usize>()
                .ok()
                .filter(|l| (1..=MAX_LIMIT).contains(l))
                .ok_or_else(|| invalid("limit", "must be a whole number from 1 to 60"))?,
        };
        Ok(ListQuery {
            collection,
            category,
            text,
            offset,
            limit,
        })
    }
}

/// Cursors are `o` and an offset: opaque to clients, checked on the way back in.
pub(crate) fn encode_cursor(offset: usize) -> String {
    format!("o{offset}")
}

pub(crate) fn decode_cursor(cursor: &str) -> Option<usize> {
    let digits = cursor.strip_prefix('o')?;
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// One page of the catalogue for a shop.
pub fn list(
    products: &[SupplyProduct],
    shop: &ShopRecord,
    query: &ListQuery,
) -> Result<ProductList, Error> {
    let base: Vec<&SupplyProduct> = match query.collection {
        Collection::Picks => shop.selection.daily(products),
        Collection::All | Collection::New => products
            .iter()
            .filter(|p| shop.selection.contains(p))
            .collect(),
    };
    let mut matching: Vec<&SupplyProduct> = base
        .into_iter()
        .filter(|p| query.category.is_none_or(|c| p.category == c))
        .filter(|p| {
            query.text.as_deref().is_none_or(|q| {
                p.title.contains_ignore_case(q) || p.category.name().contains_ignore_case(q)
            })
        })
        .collect();
    if query.collection == Collection::New {
        matching.sort_by(|a, b| {
            b.updated_at
                .cmp(&a.updated_at)
                .then_with(|| a.id.cmp(&b.id))
        });
    }
    let items = matching
        .iter()
        .skip(query.offset)
        .take(query.limit)
        .map(|p| Ok(ProductSummary::from(&shop.pricing.price_product(p)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let end = query.offset + items.len();
    Ok(ProductList {
        next_cursor: (end < matching.len()).then(|| encode_cursor(end)),
        items,
    })
}

/// One product priced for a shop.
pub fn product(
    products: &[SupplyProduct],
    shop: &ShopRecord,
    id: &ProductId,
) -> Result<ShopProduct, Error> {
    let p = products
        .iter()
        .find(|p| &p.id == id && shop.selection.contains(p))
        .ok_or_else(|| ApiError::UnknownProduct {
            product_id: id.to_string(),
        })?;
    Ok(shop.pricing.price_product(p)?)
}

/// The categories that have products, in display order.
pub fn categories<'a>(products: impl IntoIterator<Item = &'a SupplyProduct>) -> Vec<Category> {
    let present: Vec<Category> = products.into_iter().map(|p| p.category).collect();
    Category::ALL
        .into_iter()
        .filter(|c| present.contains(c))
        .collect()
}

/// The categories a shop shows: those of the products it selected, in display order
/// (the profile's chips and the grid's first view).
pub fn shop_categories(products: &[SupplyProduct], shop: &ShopRecord) -> Vec<Category> {
    categories(products.iter().filter(|p| shop.selection.contains(p)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fakes::{demo_shop, sample_catalogue};

    fn query(pairs: &[(&str, &str)]) -> Result<ListQuery, ApiError> {
        ListQuery::parse(|name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn paging_walks_the_whole_list_once() {
        let products = sample_catalogue(30);
        let shop = demo_shop();
        let mut seen = Vec::new();
        let mut cursor = String::new();
        loop {
            let q = query(&[("limit", "7"), ("cursor", &cursor)]).expect("valid");
            let page = list(&products, &shop, &q).expect("listed");
            seen.extend(page.items.iter().map(|i| i.id.clone()));
            match page.next_cursor {
                Some(c) => cursor = c,
                None => break,
            }
        }
        assert_eq!(seen.len(), 30);
        seen.dedup();
        assert_eq!(seen.len(), 30);
    }

    #[test]
    fn category_and_text_filter_the_list() {
        let products = sample_catalogue(12);
        let shop = demo_shop();
        let page = list(
            &products,
            &shop,
            &query(&[("category", "snacks")]).expect("valid"),
        )
        .expect("listed");
        assert!(!page.items.is_empty());
        assert!(page.items.iter().all(|i| i.category == Category::Snacks));
        let page = list(
            &products,
            &shop,
            &query(&[("q", "PRODUCT 3")]).expect("valid"),
        )
        .expect("listed");
        assert_eq!(page.items.len(), 1);
    }

    #[test]
    fn prices_in_a_list_carry_the_shop_markup() {
        let products = sample_catalogue(1);
        let page = list(&products, &demo_shop(), &query(&[]).expect("valid")).expect("listed");
        // sample supply price 1000 fen, demo markup 30 %.
        assert_eq!(page.items[0].price_from.amount, 1_300);
    }

    #[test]
    fn bad_list_parameters_are_refused_with_their_codes() {
        assert_eq!(
            query(&[("cursor", "garbage")]),
            Err(ApiError::InvalidCursor)
        );
        assert_eq!(query(&[("cursor", "o-1")]), Err(ApiError::InvalidCursor));
        assert!(matches!(
            query(&[("limit", "0")]),
            Err(ApiError::InvalidField { .. })
        ));
        assert!(matches!(
            query(&[("limit", "1000")]),
            Err(ApiError::InvalidField { .. })
        ));
        assert!(matches!(
            query(&[("category", "guns")]),
            Err(ApiError::InvalidField { .. })
        ));
        assert!(matches!(
            query(&[("collection", "x")]),
            Err(ApiError::InvalidField { .. })
        ));
        assert!(matches!(
            query(&[("q", &"x".repeat(65))]),
            Err(ApiError::InvalidField { .. })
        ));
    }

    #[test]
    fn products_outside_the_selection_are_not_listed_or_found() {
        let products = sample_catalogue(6);
        let mut shop = demo_shop();
        shop.selection = crate::ports::store::selection::Selection {
            categories: Vec::new(),
            picked: vec![products[1].id.clone()],
            daily_picks: vec![products[1].id.clone(), products[2].id.clone()],
        };
        let page = list(&products, &shop, &query(&[]).expect("valid")).expect("listed");
        let ids: Vec<&ProductId> = page.items.iter().map(|i| &i.id).collect();
        assert_eq!(ids, vec![&products[1].id]);
        assert!(product(&products, &shop, &products[1].id).is_ok());
        assert!(matches!(
            product(&products, &shop, &products[2].id),
            Err(Error::Api(ApiError::UnknownProduct { .. }))
        ));
        let picks = list(
            &products,
            &shop,
            &query(&[("collection", "picks")]).expect("valid"),
        )
        .expect("listed");
        assert_eq!(
            picks.items.len(),
            1,
            "a daily pick outside the selection is hidden"
        );
    }

    #[test]
    fn an_unknown_product_is_a_404_code() {
        let products = sample_catalogue(2);
        let id = ProductId::parse("NOPE").expect("valid");
        assert!(matches!(
            product(&products, &demo_shop(), &id),
            Err(Error::Api(ApiError::UnknownProduct { .. }))
        ));
    }
}
