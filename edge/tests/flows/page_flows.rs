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
        let first = get(&app, path);
        assert_eq!(first.status, 200, "{path}");
        // Put a marked page in the kept one's place: a read that rendered anew
        // would not show it.
        let (shop, products) = sources(&app);
        let marked = HttpResponse::fragment("kept".into()).tagged();
        let etag = marked.header("etag").expect("etag").to_owned();
        app.pages.hold(path.into(), &shop, &products, marked);
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
    let first = get(&app, path);
    let (before, products) = sources(&app);
    // Ten seconds on, the held record is read again, unchanged: it stays the same
    // record, so the page rendered from it still serves.
    app.now += pocketshop_edge::domain::memo::shops::HELD_SECS;
    let again = get(&app, path);
    assert_eq!(again.body, first.body);
    let (after, _) = sources(&app);
    assert!(Rc::ptr_eq(&before, &after));
    assert!(app.pages.get(path, &after, &products).is_some());
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
