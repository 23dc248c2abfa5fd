//! The owner API against the fakes: accounts, sessions and rate limiting, shops and
//! their selection, markup and daily picks as shoppers then see them, and orders
//! with earnings and the CSV export.

use crate::common::*;
use crate::common::{
    body, code, create_shop, owner_request, owner_with_shop, run, sign_up, PASSWORD, SITE,
};
use crate::member_flows::{rotate, tea_order};
use pocketshop_edge::base::http::{HttpRequest, HttpResponse, Method};
use pocketshop_shared::api::{ProductList, ShopProfile};
use pocketshop_shared::member;
use pocketshop_shared::owner::{MarkupPreview, Me, OwnerProductPage, OwnerShop, Session};
use serde_json::{json, Value};

fn sign_in(app: &TestApp, email: &str, password: &str) -> HttpResponse {
    owner_request(
        app,
        Method::Post,
        "/v1/admin/signin",
        None,
        Some(&json!({"email": email, "password": password})),
    )
}

fn ids(list: &ProductList) -> Vec<String> {
    list.items.iter().map(|i| i.id.to_string()).collect()
}

/// The owner of `tea` picks `product` into its selection.
fn pick(app: &TestApp, token: &str, product: &str) {
    let path = format!("/v1/admin/shops/tea/products/{product}");
    assert_eq!(
        owner_request(app, Method::Put, &path, Some(token), None).status,
        204
    );
}

#[test]
fn an_owner_signs_up_signs_in_and_sees_their_account() {
    let app = app(3);
    let s = sign_up(&app, " Ada@Example.com ");
    assert_eq!(s.owner.email, "ada@example.com");
    assert_eq!(s.token.len(), 64);
    assert_eq!(
        s.expires_at,
        app.now + pocketshop_edge::base::config::DEFAULT_SESSION_TTL_SECS
    );
    let stored = app.store.owners.borrow()[0].password_hash.clone();
    assert!(stored.starts_with("pbkdf2-sha256$100000$") && !stored.contains(PASSWORD));
    assert!(
        !app.store.sessions.borrow().contains_key(&s.token),
        "only the hash is stored"
    );
    let r = sign_in(&app, "ADA@example.com", PASSWORD);
    assert_eq!(r.status, 200);
    let again: Session = body(&r);
    assert_ne!(again.token, s.token);
    let me: Me = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/me",
        Some(&again.token),
        None,
    ));
    assert_eq!(me.owner.id, s.owner.id);
    assert!(me.shops.is_empty());
    let r = owner_request(&app, Method::Get, "/v1/admin/me", Some(&again.token), None);
    assert_eq!(r.header("cache-control"), Some("no-store"));
}

#[test]
fn sign_up_refuses_a_taken_email_and_bad_fields() {
    let app = app(1);
    sign_up(&app, "ada@example.com");
    let r = owner_request(
        &app,
        Method::Post,
        "/v1/admin/signup",
        None,
        Some(&json!({"email": "ADA@example.com", "password": PASSWORD})),
    );
    assert_eq!((r.status, code(&r)), (409, "email_taken".into()));
    for (email, password) in [
        ("not-an-email", PASSWORD),
        ("bob@example.com", "short"),
        ("bob@example.com", &*"x".repeat(201)),
    ] {
        let r = owner_request(
            &app,
            Method::Post,
            "/v1/admin/signup",
            None,
            Some(&json!({"email": email, "password": password})),
        );
        assert_eq!(
            (r.status, code(&r)),
            (400, "invalid_field".into()),
            "{email}"
        );
    }
    let r = owner_request(
        &app,
        Method::Post,
        "/v1/admin/signup",
        None,
        Some(&json!({"email": 1})),
    );
    assert_eq!((r.status, code(&r)), (400, "invalid_json".into()));
}

#[test]
fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = app(1);
    sign_up(&app, "ada@example.com");
    let wrong = sign_in(&app, "ada@example.com", "not the password");
    let unknown = sign_in(&app, "nobody@example.com", PASSWORD);
    assert_eq!(
        (wrong.status, code(&wrong)),
        (401, "invalid_credentials".into())
    );
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.status, unknown.status);
}

#[test]
fn the_sixth_try_for_one_email_is_rate_limited_even_with_the_right_password() {
    let app = app(1);
    sign_up(&app, "ada@example.com");
    for _ in 0..5 {
        let r = sign_in(&app, "ada@example.com", "not the password");
        assert_eq!(code(&r), "invalid_credentials");
    }
    let r = sign_in(&app, "ada@example.com", PASSWORD);
    assert_eq!((r.status, code(&r)), (429, "rate_limited".into()));
    assert_eq!(r.header("retry-after"), Some("900"));
    // Another e-mail from another address is not affected.
    sign_up(&app, "bob@example.com");
    let other = run(
        &app,
        HttpRequest::new(Method::Post, "/v1/admin/signin")
            .with_header("cf-connecting-ip", "198.51.100.1")
            .with_header("content-type", "application/json")
            .with_body(
                serde_json::to_vec(&json!({"email": "bob@example.com", "password": PASSWORD}))
                    .expect("json"),
            ),
    );
    assert_eq!(other.status, 200);
}

#[test]
fn twenty_failures_from_one_ip_block_that_ip() {
    let app = app(1);
    // Failures recorded directly: 20 real derivations would only slow the test.
    let subjects = vec!["ip:203.0.113.9".to_owned()];
    for _ in 0..20 {
        pollster::block_on(app.store.record_sign_in_failure(&subjects, app.now - 60))
            .expect("stored");
    }
    let r = sign_in(&app, "anyone@example.com", PASSWORD);
    assert_eq!((r.status, code(&r)), (429, "rate_limited".into()));
    assert_eq!(r.header("retry-after"), Some("840"));
}

#[test]
fn a_missing_expired_or_revoked_session_is_unauthorized() {
    let mut app = app(1);
    let s = sign_up(&app, "ada@example.com");
    let r = owner_request(&app, Method::Get, "/v1/admin/me", None, None);
    assert_eq!((r.status, code(&r)), (401, "unauthorized".into()));
    let r = owner_request(
        &app,
        Method::Get,
        "/v1/admin/me",
        Some(&"0".repeat(64)),
        None,
    );
    assert_eq!((r.status, code(&r)), (401, "unauthorized".into()));
    let r = owner_request(
        &app,
        Method::Post,
        "/v1/admin/signout",
        Some(&s.token),
        None,
    );
    assert_eq!(r.status, 204);
    let r = owner_request(&app, Method::Get, "/v1/admin/me", Some(&s.token), None);
    assert_eq!((r.status, code(&r)), (401, "unauthorized".into()));
    let s = body::<Session>(&sign_in(&app, "ada@example.com", PASSWORD));
    app.now = s.expires_at;
    let r = owner_request(&app, Method::Get, "/v1/admin/me", Some(&s.token), None);
    assert_eq!((r.status, code(&r)), (401, "unauthorized".into()));
}

#[test]
fn another_owners_shop_answers_exactly_like_a_missing_one() {
    let app = app(2);
    owner_with_shop(&app);
    let eve = sign_up(&app, "eve@example.com");
    for path in [
        "/v1/admin/shops/tea",
        "/v1/admin/shops/tea/orders",
        "/v1/admin/shops/tea/catalogue",
    ] {
        let theirs = owner_request(&app, Method::Get, path, Some(&eve.token), None);
        let missing = owner_request(
            &app,
            Method::Get,
            &path.replace("tea", "zzz"),
            Some(&eve.token),
            None,
        );
        assert_eq!(
            (theirs.status, code(&theirs)),
            (404, "unknown_shop".into()),
            "{path}"
        );
        assert_eq!(missing.status, 404);
    }
    let r = owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/products/P1",
        Some(&eve.token),
        None,
    );
    assert_eq!(code(&r), "unknown_shop");
    // The seeded demo shop has no owner: nobody manages it.
    let r = owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/demo",
        Some(&eve.token),
        None,
    );
    assert_eq!(code(&r), "unknown_shop");
}

#[test]
fn a_new_shop_starts_empty_and_refuses_bad_settings() {
    let app = app(6);
    let token = owner_with_shop(&app);
    let shop: OwnerShop = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/tea",
        Some(&token),
        None,
    ));
    assert!(shop.followed_categories.is_empty() && shop.picked_products.is_empty());
    assert_eq!(shop.snippet_origin, PUBLIC_URL);
    let list: ProductList = body(&shopper_get(&app, "/v1/shops/tea/products"));
    assert!(list.items.is_empty());
    let r = create_shop(&app, &token, "tea");
    assert_eq!((r.status, code(&r)), (409, "shop_taken".into()));
    let r = create_shop(&app, &token, "demo");
    assert_eq!(code(&r), "shop_taken");
    for (field, value) in [
        ("id", json!("Bad Slug")),
        ("currency", json!("BTC")),
        ("currency", json!("USD")),
        ("locale", json!("fr")),
        ("allowed_origins", json!(["https://x.example/path"])),
    ] {
        let mut b = json!({"id": "new", "name": "N", "currency": "CNY", "locale": "en", "allowed_origins": []});
        b[field] = value;
        let r = owner_request(
            &app,
            Method::Post,
            "/v1/admin/shops",
            Some(&token),
            Some(&b),
        );
        assert_eq!(
            (r.status, code(&r)),
            (400, "invalid_field".into()),
            "{field}"
        );
        assert_eq!(body::<Value>(&r)["field"], field);
    }
    let me: Me = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/me",
        Some(&token),
        None,
    ));
    assert_eq!(me.shops.len(), 1);
}

#[test]
fn settings_are_patched_field_by_field_and_checked() {
    let app = app(1);
    let token = owner_with_shop(&app);
    let r = owner_request(
        &app,
        Method::Patch,
        "/v1/admin/shops/tea",
        Some(&token),
        Some(&json!({
        "name": "Tea House", "theme": {"primary_colour": "#112233", "radius_px": 4, "font": "Georgia, serif",
        "logo_url": "https://cdn.example/logo.png"}, "payment_methods": ["sandbox", "cash_on_delivery"]})),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let shop: OwnerShop = body(&r);
    assert_eq!(shop.name, "Tea House");
    assert_eq!(shop.allowed_origins, vec![SITE.to_owned()]);
    assert_eq!(
        shop.theme.logo_url.as_deref(),
        Some("https://cdn.example/logo.png")
    );
    let profile: ShopProfile = body(&shopper_get(&app, "/v1/shops/tea"));
    assert_eq!(profile.name, "Tea House");
    let r = owner_request(
        &app,
        Method::Patch,
        "/v1/admin/shops/tea",
        Some(&token),
        Some(&json!({
        "name": "ok", "theme": {"primary_colour": "red", "radius_px": 4, "font": "x"}})),
    );
    assert_eq!(code(&r), "invalid_field");
    let shop: OwnerShop = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/tea",
        Some(&token),
        None,
    ));
    assert_eq!(
        shop.name, "Tea House",
        "nothing is saved from a refused patch"
    );
}

#[test]
fn picks_follows_markup_and_daily_picks_show_at_once_to_shoppers() {
    let app = app(12);
    let token = owner_with_shop(&app);
    // P1 is apparel... P6 accessories: ALL[i % 6], so P6 and P12 are apparel (index 0).
    pick(&app, &token, "P2");
    let list: ProductList = body(&shopper_get(&app, "/v1/shops/tea/products"));
    assert_eq!(ids(&list), vec!["P2"]);
    // No markup yet: the supplier's floor (¥10.50) applies.
    assert_eq!(list.items[0].price_from, cny(1_050));
    let r = owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/categories",
        Some(&token),
        Some(&json!({"categories": ["apparel"]})),
    );
    assert_eq!(r.status, 204);
    let list: ProductList = body(&shopper_get(&app, "/v1/shops/tea/products"));
    assert_eq!(ids(&list), vec!["P2", "P6", "P12"]);
    let r = owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/markup",
        Some(&token),
        Some(
            &json!({"rules": [{"scope": {"scope": "shop"}, "markup": {"kind": "percent", "basis_points": 5000}}]}),
        ),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let list: ProductList = body(&shopper_get(&app, "/v1/shops/tea/products"));
    assert!(list.items.iter().all(|i| i.price_from == cny(1_500)));
    let r = owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/picks",
        Some(&token),
        Some(&json!({"products": ["P12", "P2"]})),
    );
    assert_eq!(r.status, 204);
    let picks: ProductList = body(&shopper_get(
        &app,
        "/v1/shops/tea/products?collection=picks",
    ));
    assert_eq!(ids(&picks), vec!["P12", "P2"]);
    // Outside the selection: unknown to shoppers, on detail and quote alike.
    let r = shopper_get(&app, "/v1/shops/tea/products/P3");
    assert_eq!((r.status, code(&r)), (404, "unknown_product".into()));
    let r = shopper_post(
        &app,
        "/v1/shops/tea/quote",
        &json!({"lines": [{"product_id": "P3", "sku": "P3-A", "quantity": 1}]}),
        None,
        None,
    );
    assert_eq!(code(&r), "unknown_product");
    let r = owner_request(
        &app,
        Method::Delete,
        "/v1/admin/shops/tea/products/P2",
        Some(&token),
        None,
    );
    assert_eq!(r.status, 204);
    let list: ProductList = body(&shopper_get(&app, "/v1/shops/tea/products"));
    assert_eq!(ids(&list), vec!["P6", "P12"]);
    let picks: ProductList = body(&shopper_get(
        &app,
        "/v1/shops/tea/products?collection=picks",
    ));
    assert_eq!(ids(&picks), vec!["P12"], "an unpicked daily pick is hidden");
}

#[test]
fn a_change_another_isolate_made_shows_on_pages_within_seconds_and_in_quotes_at_once() {
    let mut app = app(12);
    let token = owner_with_shop(&app);
    pick(&app, &token, "P2");
    let list: ProductList = body(&shopper_get(&app, "/v1/shops/tea/products"));
    assert_eq!(list.items[0].price_from, cny(1_050));
    let tea = ShopId::parse("tea").expect("id");
    let before = app
        .shops
        .get(&tea, app.now)
        .expect("the page held the shop");
    let r = owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/markup",
        Some(&token),
        Some(
            &json!({"rules": [{"scope": {"scope": "shop"}, "markup": {"kind": "percent", "basis_points": 5000}}]}),
        ),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert!(
        app.shops.get(&tea, app.now).is_none(),
        "the write dropped it"
    );
    // As if the markup had been saved through another isolate: this one still
    // holds the record it read before.
    app.shops.hold(before, app.now);
    let list: ProductList = body(&shopper_get(&app, "/v1/shops/tea/products"));
    assert_eq!(list.items[0].price_from, cny(1_050), "a page may lag");
    let r = shopper_post(
        &app,
        "/v1/shops/tea/quote",
        &json!({"lines": [{"product_id": "P2", "sku": "P2-A", "quantity": 1}]}),
        None,
        None,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let quote: Value = serde_json::from_slice(&r.body).expect("quote");
    assert_eq!(
        quote["subtotal"]["amount"],
        json!(1_500),
        "money never uses the held copy"
    );
    app.now += pocketshop_edge::domain::memo::shops::HELD_SECS;
    let list: ProductList = body(&shopper_get(&app, "/v1/shops/tea/products"));
    assert_eq!(list.items[0].price_from, cny(1_500), "and not for long");
}

#[test]
fn the_catalogue_lists_every_product_with_its_place_in_the_selection() {
    let app = app(12);
    let token = owner_with_shop(&app);
    owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/products/P2",
        Some(&token),
        None,
    );
    let page: OwnerProductPage = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/tea/catalogue?limit=5",
        Some(&token),
        None,
    ));
    assert_eq!(page.items.len(), 5);
    assert_eq!(page.next_cursor.as_deref(), Some("o5"));
    assert_eq!(page.categories.len(), 6);
    let p2 = page
        .items
        .iter()
        .find(|p| p.id.as_str() == "P2")
        .expect("P2");
    assert!(p2.picked && p2.selected && !p2.followed);
    let selected: OwnerProductPage = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/tea/catalogue?selected=true",
        Some(&token),
        None,
    ));
    assert_eq!(selected.items.len(), 1);
    let r = owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/tea/catalogue?selected=maybe",
        Some(&token),
        None,
    );
    assert_eq!(code(&r), "invalid_field");
    let r = owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/tea/catalogue?limit=61",
        Some(&token),
        None,
    );
    assert_eq!(code(&r), "invalid_field");
    let r = owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/products/NOPE",
        Some(&token),
        None,
    );
    assert_eq!((r.status, code(&r)), (404, "unknown_product".into()));
}

#[test]
fn a_markup_preview_shows_new_prices_without_saving_them() {
    let app = app(6);
    let token = owner_with_shop(&app);
    owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/categories",
        Some(&token),
        Some(&json!({"categories": ["beauty"]})),
    );
    let r = owner_request(
        &app,
        Method::Post,
        "/v1/admin/shops/tea/markup/preview",
        Some(&token),
        Some(
            &json!({"rules": [{"scope": {"scope": "shop"}, "markup": {"kind": "fixed", "amount": 500}}]}),
        ),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let preview: MarkupPreview = body(&r);
    assert_eq!(preview.items.len(), 1);
    let line = &preview.items[0];
    assert_eq!(
        (line.current_price, line.new_price, line.new_margin),
        (cny(1_050), cny(1_500), cny(500))
    );
    let shop: OwnerShop = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/tea",
        Some(&token),
        None,
    ));
    assert!(shop.markup.is_empty());
}

#[test]
fn daily_picks_must_be_few_distinct_and_selected() {
    let app = app(20);
    let token = owner_with_shop(&app);
    let put = |products: Value| {
        owner_request(
            &app,
            Method::Put,
            "/v1/admin/shops/tea/picks",
            Some(&token),
            Some(&json!({"products": products})),
        )
    };
    assert_eq!(code(&put(json!(["P1"]))), "invalid_field", "not selected");
    owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/categories",
        Some(&token),
        Some(
            &json!({"categories": ["apparel", "beauty", "home", "mother_baby", "snacks", "accessories"]}),
        ),
    );
    assert_eq!(code(&put(json!(["P1", "P1"]))), "invalid_field", "twice");
    let thirteen: Vec<String> = (1..=13).map(|i| format!("P{i}")).collect();
    assert_eq!(code(&put(json!(thirteen))), "invalid_field", "too many");
    assert_eq!(code(&put(json!(["../x"]))), "invalid_json");
    assert_eq!(put(json!(["P3", "P1"])).status, 204);
    let r = owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/categories",
        Some(&token),
        Some(&json!({"categories": ["guns"]})),
    );
    assert_eq!(code(&r), "invalid_field");
}

#[test]
fn the_csv_export_lists_every_order_with_neutralised_cells() {
    let app = app(6);
    let token = owner_with_shop(&app);
    owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/categories",
        Some(&token),
        Some(&json!({"categories": ["apparel"]})),
    );
    let secret = rotate(&app, &token);
    let sly = member::issue(secret.as_bytes(), "=HYPERLINK(\"x\")", app.now + 60).expect("token");
    let r = shopper_post(
        &app,
        "/v1/shops/tea/orders",
        &tea_order(1),
        Some("k-1"),
        Some(&sly),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let r = owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/tea/orders.csv",
        Some(&token),
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
    let csv = String::from_utf8(r.body).expect("utf-8");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "order,created_at,status,payment_method,currency,total,supply_cost,earnings,member_id"
    );
    assert!(
        lines[1].ends_with(
            ",submitted,cash_on_delivery,CNY,10.50,10.00,0.50,\"'=HYPERLINK(\"\"x\"\")\""
        ),
        "{}",
        lines[1]
    );
}

#[test]
fn the_profile_and_list_revalidate_with_an_etag() {
    let app = app(3);
    let first = crate::common::get(&app, "/v1/shops/demo/products");
    assert_eq!(first.header("cache-control"), Some("no-cache"));
    let etag = first.header("etag").expect("etag").to_owned();
    let again = run(
        &app,
        HttpRequest::new(Method::Get, "/v1/shops/demo/products")
            .with_header("origin", ORIGIN)
            .with_header("if-none-match", &etag),
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let profile = crate::common::get(&app, "/v1/shops/demo");
    assert!(profile.header("etag").is_some());
}

#[test]
fn the_edges_own_origin_may_use_any_shop() {
    let app = app(1);
    let r = run(
        &app,
        HttpRequest::new(Method::Get, "/v1/shops/demo").with_header("origin", PUBLIC_URL),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some(PUBLIC_URL));
}

#[test]
fn an_owner_cannot_list_a_payment_method_the_deployment_does_not_offer() {
    let app = app(2);
    let token = owner_with_shop(&app);
    let patch = |methods: Value| {
        owner_request(
            &app,
            Method::Patch,
            "/v1/admin/shops/tea",
            Some(&token),
            Some(&json!({ "payment_methods": methods })),
        )
    };
    // The fakes' deployment offers the sandbox and cash on delivery, not Stripe.
    let r = patch(json!(["stripe", "cash_on_delivery"]));
    assert_eq!(
        code(&r),
        "invalid_field",
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let r = patch(json!(["wechat_pay"]));
    assert_eq!(code(&r), "invalid_field");
    let r = patch(json!(["sandbox", "cash_on_delivery"]));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}
