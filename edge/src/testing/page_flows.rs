//! The isolate's rendered catalogue pages (`pages.rs`) through the router: a
//! repeated read is the kept page, byte for byte and revalidated alike, and nothing
//! the page shows can lag behind rendering it again.

use super::flows::{body, get, run};
use super::*;
use crate::http::{HttpRequest, Method};
use pocketshop_shared::api::ProductList;

const PAGES: [&str; 4] = [
    "/v1/shops/demo",
    "/v1/shops/demo/products?limit=12",
    "/v1/shops/demo/products/P1",
    "/v1/shops/demo/first-view?view=grid",
];

#[test]
fn a_repeated_catalogue_read_is_the_kept_page_byte_for_byte_and_still_revalidates() {
    let app = app(30);
    for path in PAGES {
        let first = get(&app, path);
        assert_eq!(first.status, 200, "{path}");
        let kept = app.pages.size().0;
        let again = get(&app, path);
        assert_eq!(app.pages.size().0, kept, "{path} was not rendered again");
        assert_eq!(again.body, first.body, "{path}");
        assert_eq!(again.header("etag"), first.header("etag"), "{path}");
        assert_eq!(again.header("content-type"), first.header("content-type"));
        assert_eq!(again.header("access-control-allow-origin"), Some(ORIGIN));
        let etag = first.header("etag").expect("etag");
        let revalidated = run(
            &app,
            HttpRequest::new(Method::Get, path)
                .with_header("origin", ORIGIN)
                .with_header("if-none-match", etag),
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
    pollster::block_on(crate::catalogue::invalidate(&app)).expect("invalidated");
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
    let first = get(&app, "/v1/shops/demo/products");
    // Ten seconds on, the held record is read again, unchanged: the page stays.
    app.now += crate::shops::HELD_SECS;
    let again = get(&app, "/v1/shops/demo/products");
    assert_eq!(again.body, first.body);
    assert_eq!(app.pages.size().0, 1, "the kept page served the read");
    // Another isolate saved a new name: the profile shows it on the next read.
    let demo = ShopId::parse("demo").expect("id");
    app.store
        .shops
        .borrow_mut()
        .get_mut(&demo)
        .expect("demo")
        .name = "Renamed".into();
    app.now += crate::shops::HELD_SECS;
    let profile: serde_json::Value = body(&get(&app, "/v1/shops/demo"));
    assert_eq!(profile["name"], "Renamed");
}
