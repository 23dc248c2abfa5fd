//! The supplier's catalogue as the edge serves it: a cached snapshot of every product,
//! filtered, paged and priced per shop on each read.
//!
//! Invariants: the snapshot is supplier data only (one cache entry for all shops) and
//! lives at most [`SNAPSHOT_TTL_SECS`] from when it was fetched, in KV and in the
//! isolate's decoded copy ([`memo`]) alike, which is then served for at most
//! [`memo::GRACE_SECS`] more while one refresh runs after the answer; supplier
//! webhooks about products or stock drop it at once; prices are computed per
//! request from the shop's rules, never cached; a shop's lists and products hold
//! only its selection (see [`crate::selection`]).
//!
//! When the supplier fails (down, slow, rate-limiting, breaker open, or sending data
//! that does not decode), the last snapshot that did decode is served instead, marked
//! stale ([`Snapshot::stale`], the `x-pocketshop-stale: 1` header): it is kept under
//! [`LAST_GOOD_KEY`] for [`LAST_GOOD_TTL_SECS`], written with every fresh snapshot and
//! never dropped by a webhook. Only with no good copy at all does a read fail (as
//! `supplier_unavailable` with `Retry-After`).

use crate::app::App;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::HttpResponse;
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::{Supplier, SupplierError};
use pocketshop_shared::api::ProductList;
use pocketshop_shared::catalogue::{Category, ProductSummary, ShopProduct, SupplyProduct};
use pocketshop_shared::{ApiError, ProductId};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

pub mod memo;

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
pub async fn snapshot<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
) -> Result<Rc<Vec<SupplyProduct>>, Error> {
    Ok(current(app).await?.products)
}

/// The whole catalogue: the isolate's decoded copy (fresh, or in its grace with a
/// refresh due, see [`memo`]), else from the cache, or when that has expired from
/// the supplier, or when the supplier fails the last good copy, marked stale.
pub async fn current<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
) -> Result<Snapshot, Error> {
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
                    crate::runtime::log_error(&format!(
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
pub async fn refresh<S: Store, P: Supplier, C: Cache, X: Platform>(app: &App<S, P, C, X>) {
    if app.memo.take_due().is_none() {
        return;
    }
    if let Err(e) = load(app).await {
        crate::runtime::log_error(&format!(
            "refreshing the catalogue: {}",
            pocketshop_shared::report::chain(&e)
        ));
    }
    app.memo.finish();
}

/// The catalogue from the cache, or when that has expired from the supplier (then
/// written to the cache), held as the isolate's copy unless an invalidation came
/// while it was read.
async fn load<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
) -> Result<Rc<Vec<SupplyProduct>>, Error> {
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
                crate::runtime::log_error(&format!(
                    "caching the catalogue: {}",
                    pocketshop_shared::report::chain(&e)
                ));
            }
        }
    }
    Ok(products)
}

/// Every page of the supplier's catalogue; any page failing fails the whole.
async fn fetch<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
) -> Result<Vec<SupplyProduct>, SupplierError> {
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
pub async fn invalidate<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
) -> Result<(), Error> {
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
    use crate::testing::{demo_shop, sample_catalogue};

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
        shop.selection = crate::selection::Selection {
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

    mod memo {
        use super::super::*;
        use crate::testing::app;
        use crate::testing::flows::{answer, get, get_request};
        use pocketshop_shared::api::ProductList;

        fn first_title(app: &crate::testing::TestApp) -> String {
            let r = get(app, "/v1/shops/demo/products");
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            let list: ProductList = serde_json::from_slice(&r.body).expect("list");
            list.items[0].title.en.clone()
        }

        fn rename_first(app: &crate::testing::TestApp, title: &str) {
            app.supplier.catalogue.borrow_mut()[0].title.en = title.to_owned();
        }

        #[test]
        fn reads_within_a_snapshots_lifetime_come_from_the_isolates_copy_not_the_cache() {
            let app = app(3);
            let before = first_title(&app);
            // Another location dropped the cache entry and the supplier changed: this
            // isolate still serves what it decoded, as KV's other locations would.
            app.cache.entries.borrow_mut().clear();
            rename_first(&app, "Renamed");
            assert_eq!(first_title(&app), before);
            assert!(
                app.cache.entries.borrow().is_empty(),
                "the cache was not read"
            );
        }

        #[test]
        fn an_invalidation_in_this_isolate_shows_the_change_at_the_next_read() {
            let app = app(3);
            first_title(&app);
            rename_first(&app, "Renamed");
            pollster::block_on(invalidate(&app)).expect("dropped");
            assert_eq!(first_title(&app), "Renamed");
        }

        #[test]
        fn an_expired_copy_is_served_while_it_is_refreshed_after_the_answer() {
            let mut app = app(3);
            let before = first_title(&app);
            app.cache.entries.borrow_mut().clear();
            rename_first(&app, "Renamed");
            app.now += SNAPSHOT_TTL_SECS as i64 - 1;
            assert_eq!(first_title(&app), before, "still within its lifetime");
            app.now += 1;
            let r = answer(&app, get_request("/v1/shops/demo/products"));
            assert_eq!(r.status, 200);
            assert!(
                String::from_utf8_lossy(&r.body).contains(&before),
                "the shopper did not wait for the supplier"
            );
            assert!(app.memo.due(), "a refresh is due after the answer");
            pollster::block_on(refresh(&app));
            assert_eq!(first_title(&app), "Renamed");
            assert!(app.cache.entries.borrow().get(SNAPSHOT_KEY).is_some());
        }

        #[test]
        fn past_its_grace_a_read_waits_for_a_fresh_copy() {
            let mut app = app(3);
            first_title(&app);
            app.cache.entries.borrow_mut().clear();
            rename_first(&app, "Renamed");
            app.now += SNAPSHOT_TTL_SECS as i64 + memo::GRACE_SECS;
            assert_eq!(first_title(&app), "Renamed");
        }

        #[test]
        fn a_failed_refresh_keeps_the_copy_served_through_its_grace_then_the_last_good_one_marked_stale(
        ) {
            let mut app = app(3);
            let before = first_title(&app);
            app.supplier.down.set(true);
            app.cache.entries.borrow_mut().remove(SNAPSHOT_KEY);
            app.now += SNAPSHOT_TTL_SECS as i64;
            let r = get(&app, "/v1/shops/demo/products");
            assert_eq!((r.status, r.header(STALE_HEADER)), (200, None));
            assert!(!app.memo.due(), "the failed refresh finished");
            app.now += memo::GRACE_SECS;
            let r = get(&app, "/v1/shops/demo/products");
            assert_eq!((r.status, r.header(STALE_HEADER)), (200, Some("1")));
            assert!(String::from_utf8_lossy(&r.body).contains(&before));
        }

        #[test]
        fn a_refresh_that_began_before_an_invalidation_does_not_hold_what_it_read() {
            let mut app = app(3);
            first_title(&app);
            app.cache.entries.borrow_mut().clear();
            app.now += SNAPSHOT_TTL_SECS as i64;
            answer(&app, get_request("/v1/shops/demo/products"));
            let generation = app.memo.take_due().expect("due");
            // The refresh has read the supplier; a webhook invalidates before it holds.
            pollster::block_on(invalidate(&app)).expect("dropped");
            assert!(!app
                .memo
                .hold(generation, std::rc::Rc::new(Vec::new()), app.now + 60));
            app.memo.finish();
            rename_first(&app, "Renamed");
            assert_eq!(first_title(&app), "Renamed");
        }

        #[test]
        fn a_copy_decoded_from_the_cache_expires_when_the_cache_entry_does() {
            let mut app = app(3);
            let before = first_title(&app);
            // A second isolate: its own empty copy, the same cache entry, 50 s later.
            app.memo = std::rc::Rc::default();
            app.now += 50;
            rename_first(&app, "Renamed");
            assert_eq!(first_title(&app), before, "decoded from the cache entry");
            app.now += 10;
            assert!(
                app.memo.get(app.now).is_none(),
                "held until the entry's own end, 60 s after the fetch, not after the decode"
            );
        }

        #[test]
        fn a_cache_entry_past_its_minute_is_not_taken_for_fresh() {
            let mut app = app(3);
            first_title(&app);
            // A second isolate, after the minute, from a location whose KV still
            // answers with the old entry.
            app.memo = std::rc::Rc::default();
            app.now += SNAPSHOT_TTL_SECS as i64;
            rename_first(&app, "Renamed");
            assert_eq!(first_title(&app), "Renamed");
        }

        #[test]
        fn a_cache_that_refuses_writes_does_not_fail_a_read_of_fresh_products() {
            let app = app(3);
            app.cache.refuse_writes.set(true);
            let r = get(&app, "/v1/shops/demo/products");
            assert_eq!((r.status, r.header(STALE_HEADER)), (200, None));
            assert!(app.cache.entries.borrow().is_empty());
        }
    }

    mod degraded {
        use super::super::*;
        use crate::testing::app;
        use crate::testing::flows::{code, get, place};
        use pocketshop_shared::api::ProductList;

        fn timeout() -> SupplierError {
            SupplierError::Timeout { after_ms: 2_000 }
        }
        fn html_page() -> SupplierError {
            SupplierError::InvalidBody {
                detail: "expected value at line 1 column 1".into(),
            }
        }
        fn breaker_open() -> SupplierError {
            SupplierError::CircuitOpen {
                retry_after_secs: 12,
            }
        }

        #[test]
        fn the_last_good_catalogue_is_served_marked_stale_when_the_supplier_fails() {
            let app = app(5);
            let fresh = get(&app, "/v1/shops/demo/products");
            assert_eq!(fresh.status, 200);
            assert_eq!(fresh.header(STALE_HEADER), None);
            let fresh: ProductList = serde_json::from_slice(&fresh.body).expect("list");
            for fault in [timeout as fn() -> SupplierError, html_page, breaker_open] {
                // A webhook dropped the fresh snapshot; the supplier then fails.
                pollster::block_on(invalidate(&app)).expect("dropped");
                app.supplier.fault.set(Some(fault));
                let r = get(&app, "/v1/shops/demo/products");
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
                assert_eq!(r.header(STALE_HEADER), Some("1"));
                let stale: ProductList = serde_json::from_slice(&r.body).expect("list");
                assert_eq!(stale, fresh, "the same products and prices as last time");
                let one = get(&app, "/v1/shops/demo/products/P1");
                assert_eq!((one.status, one.header(STALE_HEADER)), (200, Some("1")));
            }
            // The supplier is back: the next read is fresh and unmarked.
            app.supplier.fault.set(None);
            let r = get(&app, "/v1/shops/demo/products");
            assert_eq!((r.status, r.header(STALE_HEADER)), (200, None));
        }

        #[test]
        fn a_stale_catalogue_is_not_stored_as_fresh_so_recovery_shows_at_once() {
            let app = app(3);
            assert_eq!(get(&app, "/v1/shops/demo/products").status, 200);
            pollster::block_on(invalidate(&app)).expect("dropped");
            app.supplier.down.set(true);
            assert_eq!(
                get(&app, "/v1/shops/demo/products").header(STALE_HEADER),
                Some("1")
            );
            assert!(app.cache.entries.borrow().get(SNAPSHOT_KEY).is_none());
            app.supplier.down.set(false);
            assert_eq!(
                get(&app, "/v1/shops/demo/products").header(STALE_HEADER),
                None
            );
        }

        #[test]
        fn with_no_good_copy_a_read_is_supplier_unavailable_with_retry_after() {
            let app = app(3);
            app.supplier.fault.set(Some(breaker_open));
            let r = get(&app, "/v1/shops/demo/products");
            assert_eq!(r.status, 503);
            assert_eq!(code(&r), "supplier_unavailable");
            assert_eq!(r.header("retry-after"), Some("12"));
            assert!(!String::from_utf8_lossy(&r.body).contains("expected value"));
        }

        #[test]
        fn checkout_while_the_breaker_is_open_stores_nothing_and_frees_the_key() {
            let app = app(3);
            for fault in [breaker_open as fn() -> SupplierError, html_page, timeout] {
                app.supplier.fault.set(Some(fault));
                let r = place(&app, 2_100, 1, "key-breaker-1");
                assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
                assert_eq!(code(&r), "supplier_unavailable");
                assert!(r.header("retry-after").is_some());
                assert!(app.store.orders.borrow().is_empty(), "no partial order");
                assert!(app.supplier.orders.borrow().is_empty());
            }
            assert_eq!(
                place(&app, 2_100, 1, "key-breaker-1").header("retry-after"),
                Some("5")
            );
            // Once the supplier is back, the same key places the order.
            app.supplier.fault.set(None);
            let r = place(&app, 2_100, 1, "key-breaker-1");
            assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
            assert_eq!(app.supplier.orders.borrow().len(), 1);
        }
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
