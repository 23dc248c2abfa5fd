//! The isolate's rendered catalogue pages (`pages.rs`) through the router: a
//! repeated read is answered from the kept page and revalidated alike, and nothing
//! the page shows can lag behind rendering it again.

use crate::common::*;
use crate::common::{body, get, run};
use pocketshop_edge::base::http::{HttpRequest, HttpResponse, Method};
use pocketshop_edge::ports::store::ShopRecord;
use pocketshop_shared::api::ProductList;
use pocketshop_shared::catalogue::SupplyProduct;
use std::rc::Rc;

const PAGES: [&str; 4] = [
    "/v1/shops/demo",
    "/v1/shops/demo/products?limit=12",
    "/v1/shops/demo/products/P1",
    "/v1/shops/demo/first-view?view=grid",
];

/// Reads `path` and returns the answer and the key its page was kept under.
fn get_kept(app: &TestApp, path: &str) -> (HttpResponse, String) {
    let before = app.pages.keys();
    let r = get(app, path);
    let mut added: Vec<String> = app
        .pages
        .keys()
        .into_iter()
        .filter(|k| !before.contains(k))
        .collect();
    assert_eq!(added.len(), 1, "{path} kept one page");
    (r, added.remove(0))
}

/// The shop record and snapshot the demo shop's pages are rendered from now.
fn sources(app: &TestApp) -> (Rc<ShopRecord>, Rc<Vec<SupplyProduct>>) {
    let demo = ShopId::parse("demo").expect("id");
    (
        app.shops.get(&demo, app.now).expect("a page held the shop"),
        app.memo.get(app.now).expect("a page held the snapshot"),
    )
}

#[test]
fn a_repeated_catalogue_read_is_answered_from_the_kept_page_and_still_revalidates() {
    let app = app(30);
    for path in PAGES {
        let (first, key) = get_kept(&app, path);
        assert_eq!(first.status, 200, "{path}");
        // Put a marked page in the kept one's place: a read that rendered anew
        // would not show it.
        let (shop, products) = sources(&app);
        let marked = HttpResponse::fragment("kept".into()).tagged();
        let etag = marked.header("etag").expect("etag").to_owned();
        app.pages.hold(key, &shop, &products, marked);
        let again = get(&app, path);
        assert_eq!(again.body, b"kept", "{path}");
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        assert_eq!(again.header("access-control-allow-origin"), Some(ORIGIN));
        let revalidated = run(
            &app,
            HttpRequest::new(Method::Get, path)
                .with_header("origin", ORIGIN)
                .with_header("if-none-match", &etag),
        );
        assert_eq!(revalidated.status, 304, "{path}");
        assert!(revalidated.body.is_empty());
    }
    assert_eq!(app.pages.size().0, PAGES.len());
}

#[test]
fn a_new_catalogue_from_the_supplier_is_shown_at_once_not_the_kept_page() {
    let app = app(12);
    let before: ProductList = body(&get(&app, "/v1/shops/demo/products"));
    for p in app.supplier.catalogue.borrow_mut().iter_mut() {
        for sku in &mut p.skus {
            sku.supply_price = cny(2_000);
            sku.floor_price = cny(2_100);
        }
    }
    pollster::block_on(pocketshop_edge::domain::catalogue::invalidate(&app)).expect("invalidated");
    let after: ProductList = body(&get(&app, "/v1/shops/demo/products"));
    assert_eq!(before.items.len(), after.items.len());
    assert!(after
        .items
        .iter()
        .zip(&before.items)
        .all(|(a, b)| a.price_from.amount > b.price_from.amount));
}

#[test]
fn an_unchanged_shop_read_again_keeps_its_pages_and_a_changed_one_does_not() {
    let mut app = app(12);
    let path = "/v1/shops/demo/products";
    let (first, key) = get_kept(&app, path);
    let (before, products) = sources(&app);
    // Ten seconds on, the held record is read again, unchanged: it stays the same
    // record, so the page rendered from it still serves.
    app.now += pocketshop_edge::domain::memo::shops::HELD_SECS;
    let again = get(&app, path);
    assert_eq!(again.body, first.body);
    let (after, _) = sources(&app);
    assert!(Rc::ptr_eq(&before, &after));
    assert!(app.pages.get(&key, &after, &products).is_some());
    // Another isolate saved a new name: the profile shows it on the next read.
    let demo = ShopId::parse("demo").expect("id");
    app.store
        .shops
        .borrow_mut()
        .get_mut(&demo)
        .expect("demo")
        .name = "Renamed".into();
    app.now += pocketshop_edge::domain::memo::shops::HELD_SECS;
    let profile: serde_json::Value = body(&get(&app, "/v1/shops/demo"));
    assert_eq!(profile["name"], "Renamed");
}

#[test]
fn parameters_a_page_does_not_read_make_no_new_pages_and_push_none_out() {
    let app = app(30);
    let kept = |path: &str| {
        let r = get(&app, path);
        assert_eq!(
            r.status,
            200,
            "{path}: {}",
            String::from_utf8_lossy(&r.body)
        );
        app.pages.size().0
    };
    assert_eq!(kept("/v1/shops/demo/products?limit=12&category=home"), 1);
    assert_eq!(kept("/v1/shops/demo/first-view?view=grid&lang=en"), 2);
    assert_eq!(kept("/v1/shops/demo/products/P1"), 3);
    for i in 0..50 {
        // Junk parameters, the same ones in another order: the same three pages.
        for path in [
            format!("/v1/shops/demo/products?junk={i}&category=home&limit=12"),
            format!("/v1/shops/demo/first-view?lang=en&view=grid&x={i}"),
            format!("/v1/shops/demo/products/P1?v={i}"),
        ] {
            assert_eq!(kept(&path), 3, "{path}");
        }
    }
    // A search is the shopper's own text: answered, never kept.
    for i in 0..20 {
        assert_eq!(kept(&format!("/v1/shops/demo/products?q=Product%20{i}")), 3);
    }
}
