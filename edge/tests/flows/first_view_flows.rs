//! First views through the router: the grid and product markup `embed.js` paints
//! before the widget loads, with the catalogue's prices, CORS and revalidation.

use crate::common::*;
use crate::common::{body, code, get, run};
use pocketshop_edge::base::http::{HttpRequest, Method};
use pocketshop_shared::api::ProductList;

fn html(r: &pocketshop_edge::base::http::HttpResponse) -> String {
    String::from_utf8(r.body.clone()).expect("utf-8")
}

#[test]
fn the_grid_first_view_shows_the_same_first_page_as_the_widget_would_fetch() {
    let app = app(30);
    let r = get(&app, "/v1/shops/demo/first-view?view=grid&lang=en");
    assert_eq!(r.status, 200, "{}", html(&r));
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.header("access-control-allow-origin"), Some(ORIGIN));
    assert!(r.header("etag").is_some());
    let page: ProductList = body(&get(&app, "/v1/shops/demo/products?limit=12"));
    let markup = html(&r);
    assert_eq!(markup.matches("<li class=\"ps-tile\">").count(), 12);
    for p in &page.items {
        assert!(
            markup.contains(&format!("data-product-id=\"{}\"", p.id.as_str())),
            "{} is missing",
            p.id.as_str()
        );
        let price = pocketshop_shared::money::for_people(p.price_from, Locale::En);
        assert!(markup.contains(&price), "{price}");
    }
    assert!(markup.contains("Load more"));
}

#[test]
fn the_grid_first_view_follows_the_elements_category_and_the_shops_language() {
    let app = app(30);
    let category = Category::ALL[2];
    let r = get(
        &app,
        &format!(
            "/v1/shops/demo/first-view?view=grid&category={}",
            category.slug()
        ),
    );
    assert_eq!(r.status, 200, "{}", html(&r));
    let page: ProductList = body(&get(
        &app,
        &format!(
            "/v1/shops/demo/products?limit=12&category={}",
            category.slug()
        ),
    ));
    let markup = html(&r);
    assert!(
        markup.contains("lang=\"zh-CN\""),
        "the demo shop speaks Chinese"
    );
    assert_eq!(
        markup.matches("<li class=\"ps-tile\">").count(),
        page.items.len()
    );
    assert!(markup.contains(&format!(
        "class=\"ps-chip ps-on\" data-category=\"{}\"",
        category.slug()
    )));
}

#[test]
fn the_product_first_view_shows_the_product_priced_for_the_shop() {
    let app = app(5);
    let r = get(
        &app,
        "/v1/shops/demo/first-view?view=product&product=P3&lang=en",
    );
    assert_eq!(r.status, 200, "{}", html(&r));
    let markup = html(&r);
    assert!(markup.contains("<h3 class=\"ps-title\">Product 3</h3>"));
    // ¥10.00 supply with the demo shop's 30 % markup.
    assert!(markup.contains("¥13.00"), "{markup}");
    let again = run(
        &app,
        HttpRequest::new(
            Method::Get,
            "/v1/shops/demo/first-view?view=product&product=P3&lang=en",
        )
        .with_header("origin", ORIGIN)
        .with_header("if-none-match", r.header("etag").expect("etag")),
    );
    assert_eq!(again.status, 304);
}

#[test]
fn a_first_view_of_an_unknown_view_or_product_is_a_clear_4xx() {
    let app = app(5);
    let r = get(&app, "/v1/shops/demo/first-view?view=checkout");
    assert_eq!((r.status, code(&r).as_str()), (400, "invalid_field"));
    let r = get(&app, "/v1/shops/demo/first-view?view=product&product=P404");
    assert_eq!((r.status, code(&r).as_str()), (404, "unknown_product"));
    let r = get(&app, "/v1/shops/demo/first-view?view=product");
    assert_eq!((r.status, code(&r).as_str()), (404, "unknown_product"));
    let r = get(&app, "/v1/shops/demo/first-view?view=grid&category=socks");
    assert_eq!((r.status, code(&r).as_str()), (400, "invalid_field"));
    let r = get(&app, "/v1/shops/nobody/first-view");
    assert_eq!((r.status, code(&r).as_str()), (404, "unknown_shop"));
    let r = run(
        &app,
        HttpRequest::new(Method::Post, "/v1/shops/demo/first-view").with_header("origin", ORIGIN),
    );
    assert_eq!((r.status, code(&r).as_str()), (405, "method_not_allowed"));
}

#[test]
fn a_first_view_opened_as_a_page_may_load_and_run_nothing() {
    let app = app(3);
    for path in [
        "/v1/shops/demo/first-view?view=grid",
        "/v1/shops/demo/first-view?view=product&product=P1",
    ] {
        // Twice: the second answer comes from the isolate's rendered pages.
        for _ in 0..2 {
            let r = get(&app, path);
            assert_eq!(r.status, 200, "{}", html(&r));
            assert_eq!(
                r.header("content-security-policy"),
                Some("default-src 'none'; sandbox"),
                "{path}"
            );
            assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        }
    }
}
