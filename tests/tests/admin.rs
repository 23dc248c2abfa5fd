//! The owner API against the real local runtime: accounts, sessions (expired through
//! the edge's local D1), rate limiting, shops and their selection as shoppers then see
//! it, orders with member tokens, and the CSV export. Started by `cargo xtask test`.

use pocketshop_shared::member;
use pocketshop_tests::{
    admin_from, contact, create_shop, owner_email, request_from, sign_up, sign_up_owner, unique,
    Reply, OWNER_PASSWORD,
};
use serde_json::{json, Value};

/// The origin of the owner's own site in these tests (any origin the shop allows).
const SITE: &str = "http://127.0.0.1:9";

/// A request to the owner API, as the console sends it, from one fixed address.
fn admin(method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
    admin_from(method, path, token, body, "198.51.100.7")
}

/// A shopper's request from the owner's site.
fn shopper(method: &str, path: &str, body: Option<&Value>, extra: &[(&str, &str)]) -> Reply {
    request_from(SITE, method, path, body, extra)
}

fn email() -> String {
    owner_email("owner")
}

fn token(session: &Value) -> String {
    session["token"].as_str().expect("token").to_owned()
}

/// A new owner with a new shop on [`SITE`]: (token, shop id).
fn owner_with_shop() -> (String, String) {
    let t = sign_up_owner("owner");
    let shop = create_shop(&t, "Tea & Co", SITE);
    (t, shop)
}

fn ids(reply: &Reply) -> Vec<String> {
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn an_owner_signs_up_signs_in_and_reads_their_account() {
    let address = email();
    let session = sign_up(&address);
    assert_eq!(session["owner"]["email"], address.as_str());
    let r = admin(
        "POST",
        "/signin",
        None,
        Some(&json!({"email": address.to_uppercase(), "password": OWNER_PASSWORD})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let me = admin("GET", "/me", Some(&token(&r.json())), None);
    assert_eq!(me.status, 200, "{}", me.text());
    assert_eq!(me.json()["owner"]["id"], session["owner"]["id"]);
    assert_eq!(me.header("cache-control"), Some("no-store"));
    let again = admin(
        "POST",
        "/signup",
        None,
        Some(&json!({"email": address, "password": OWNER_PASSWORD})),
    );
    assert_eq!((again.status, again.code()), (409, "email_taken".into()));
    let short = admin(
        "POST",
        "/signup",
        None,
        Some(&json!({"email": email(), "password": "short"})),
    );
    assert_eq!(short.code(), "invalid_field");
}

#[test]
fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let address = email();
    sign_up(&address);
    let ip = "198.51.100.21";
    let wrong = admin_from(
        "POST",
        "/signin",
        None,
        Some(&json!({"email": address, "password": "not the password"})),
        ip,
    );
    let unknown = admin_from(
        "POST",
        "/signin",
        None,
        Some(&json!({"email": email(), "password": OWNER_PASSWORD})),
        ip,
    );
    assert_eq!(
        (wrong.status, wrong.code()),
        (401, "invalid_credentials".into())
    );
    assert_eq!(
        (unknown.status, unknown.text()),
        (wrong.status, wrong.text())
    );
}

#[test]
fn the_sixth_sign_in_after_five_failures_is_rate_limited() {
    let address = email();
    sign_up(&address);
    let ip = "198.51.100.22";
    for i in 0..5 {
        let r = admin_from(
            "POST",
            "/signin",
            None,
            Some(&json!({"email": address, "password": format!("wrong password {i}")})),
            ip,
        );
        assert_eq!(r.code(), "invalid_credentials", "try {i}");
    }
    let r = admin_from(
        "POST",
        "/signin",
        None,
        Some(&json!({"email": address, "password": OWNER_PASSWORD})),
        ip,
    );
    assert_eq!(
        (r.status, r.code()),
        (429, "rate_limited".into()),
        "{}",
        r.text()
    );
    assert!(r.header("retry-after").is_some());
}

#[test]
fn a_signed_out_or_missing_session_is_unauthorized() {
    // An expired session is refused in the edge's own flow tests, which move its
    // clock (`a_missing_expired_or_revoked_session_is_unauthorized`): writing to the
    // running edge's database from here to age one broke the edge's own D1 calls.
    let t = sign_up_owner("owner");
    assert_eq!(admin("GET", "/me", Some(&t), None).status, 200);
    assert_eq!(admin("POST", "/signout", Some(&t), None).status, 204);
    let r = admin("GET", "/me", Some(&t), None);
    assert_eq!((r.status, r.code()), (401, "unauthorized".into()));
    let r = admin("GET", "/me", None, None);
    assert_eq!((r.status, r.code()), (401, "unauthorized".into()));
}

#[test]
fn another_owners_shop_answers_like_a_missing_one() {
    let (_, shop) = owner_with_shop();
    let eve = sign_up_owner("owner");
    let theirs = admin("GET", &format!("/shops/{shop}"), Some(&eve), None);
    let missing = admin("GET", "/shops/no-such-shop", Some(&eve), None);
    assert_eq!((theirs.status, theirs.code()), (404, "unknown_shop".into()));
    assert_eq!(
        (missing.status, missing.code()),
        (404, "unknown_shop".into())
    );
    let r = admin("GET", "/shops/demo", Some(&eve), None);
    assert_eq!(r.code(), "unknown_shop", "seeded shops have no owner");
}

/// The first products of the supplier's catalogue, as the owner browses it.
fn catalogue(t: &str, shop: &str, query: &str) -> Vec<Value> {
    let r = admin(
        "GET",
        &format!("/shops/{shop}/catalogue?{query}"),
        Some(t),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["items"].as_array().expect("items").clone()
}

#[test]
fn selection_markup_and_daily_picks_show_at_once_to_shoppers() {
    let (t, shop) = owner_with_shop();
    let list = format!("/v1/shops/{shop}/products?limit=60");
    assert!(
        ids(&shopper("GET", &list, None, &[])).is_empty(),
        "new shops sell nothing"
    );
    let all = catalogue(&t, &shop, "limit=60");
    let first = all[0]["id"].as_str().expect("id").to_owned();
    let r = admin(
        "PUT",
        &format!("/shops/{shop}/products/{first}"),
        Some(&t),
        None,
    );
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(ids(&shopper("GET", &list, None, &[])), vec![first.clone()]);

    // Follow the category of another product: all of it joins the selection.
    let other = all
        .iter()
        .find(|p| p["category"] != all[0]["category"])
        .expect("a second category");
    let category = other["category"].as_str().expect("category");
    let r = admin(
        "PUT",
        &format!("/shops/{shop}/categories"),
        Some(&t),
        Some(&json!({"categories": [category]})),
    );
    assert_eq!(r.status, 204, "{}", r.text());
    let in_category = catalogue(&t, &shop, &format!("category={category}&limit=60"));
    let shown = ids(&shopper("GET", &list, None, &[]));
    assert!(shown.contains(&first));
    for p in &in_category {
        assert!(shown.contains(&p["id"].as_str().expect("id").to_owned()));
    }
    // Outside the selection: unknown to shoppers.
    let outside = all
        .iter()
        .find(|p| p["category"] != category && p["id"] != first.as_str())
        .expect("a product outside the selection");
    let r = shopper(
        "GET",
        &format!(
            "/v1/shops/{shop}/products/{}",
            outside["id"].as_str().expect("id")
        ),
        None,
        &[],
    );
    assert_eq!((r.status, r.code()), (404, "unknown_product".into()));

    // Markup: the list's prices follow at once, and match the catalogue's retail price.
    let before = shopper("GET", &list, None, &[]);
    let etag = before.header("etag").expect("etag").to_owned();
    assert_eq!(before.header("cache-control"), Some("no-cache"));
    let unchanged = shopper("GET", &list, None, &[("if-none-match", &etag)]);
    assert_eq!(unchanged.status, 304);
    let r = admin(
        "PUT",
        &format!("/shops/{shop}/markup"),
        Some(&t),
        Some(&json!({"rules": [{"scope": {"scope": "shop"},
                                "markup": {"kind": "percent", "basis_points": 10000}}]})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let after = shopper("GET", &list, None, &[("if-none-match", &etag)]);
    assert_eq!(after.status, 200, "a changed list is not 304");
    let priced = catalogue(&t, &shop, "selected=true&limit=60");
    for item in after.json()["items"].as_array().expect("items") {
        let admin_view = priced
            .iter()
            .find(|p| p["id"] == item["id"])
            .expect("listed");
        assert_eq!(item["price_from"], admin_view["retail_price"]);
        let supply = admin_view["supply_price"]["amount"]
            .as_i64()
            .expect("amount");
        assert!(item["price_from"]["amount"].as_i64().expect("amount") >= supply * 2);
    }

    // Daily picks, in the owner's order.
    let second = in_category[0]["id"].as_str().expect("id").to_owned();
    let r = admin(
        "PUT",
        &format!("/shops/{shop}/picks"),
        Some(&t),
        Some(&json!({"products": [second, first]})),
    );
    assert_eq!(r.status, 204, "{}", r.text());
    let picks = shopper(
        "GET",
        &format!("/v1/shops/{shop}/products?collection=picks"),
        None,
        &[],
    );
    assert_eq!(ids(&picks), vec![second, first]);
}

fn order_with(shop: &str, product: &str, member_token: Option<&str>) -> Reply {
    let detail = shopper(
        "GET",
        &format!("/v1/shops/{shop}/products/{product}"),
        None,
        &[],
    );
    assert_eq!(detail.status, 200, "{}", detail.text());
    let sku = detail.json()["skus"]
        .as_array()
        .expect("skus")
        .iter()
        .find(|s| s["stock"] == "in_stock")
        .expect("an sku in stock")["sku"]
        .clone();
    let lines = json!([{"product_id": product, "sku": sku, "quantity": 1}]);
    let mut extra = Vec::new();
    if let Some(m) = member_token {
        extra.push(("x-pocketshop-member", m));
    }
    let q = shopper(
        "POST",
        &format!("/v1/shops/{shop}/quote"),
        Some(&json!({"lines": lines})),
        &extra,
    );
    if q.status != 200 {
        return q;
    }
    let key = unique("key");
    extra.push(("idempotency-key", &key));
    shopper(
        "POST",
        &format!("/v1/shops/{shop}/orders"),
        Some(
            &json!({"lines": lines, "confirmed_total": q.json()["total"],
                     "contact": contact(), "payment_method": "cash_on_delivery"}),
        ),
        &extra,
    )
}

#[test]
fn a_member_token_is_stored_on_the_order_and_the_csv_neutralises_it() {
    let (t, shop) = owner_with_shop();
    let all = catalogue(&t, &shop, "limit=60");
    let category = all[0]["category"].as_str().expect("category");
    admin(
        "PUT",
        &format!("/shops/{shop}/categories"),
        Some(&t),
        Some(&json!({"categories": [category]})),
    );
    let product = all[0]["id"].as_str().expect("id");
    let r = admin("POST", "/member-secret", Some(&t), None);
    assert_eq!(r.status, 200, "{}", r.text());
    let secret = r.json()["secret"].as_str().expect("secret").to_owned();
    let exp = pocketshop_tests::now() + 600;
    let good = member::issue(secret.as_bytes(), "=HYPERLINK(\"x\")", exp).expect("token");
    let forged = member::issue(b"not the secret", "store-1", exp).expect("token");

    let r = order_with(&shop, product, Some(&forged));
    assert_eq!((r.status, r.code()), (401, "invalid_member_token".into()));
    let r = order_with(&shop, product, Some(&good));
    assert_eq!(r.status, 201, "{}", r.text());
    let order_id = r.json()["order"]["id"].as_str().expect("id").to_owned();

    let orders = admin("GET", &format!("/shops/{shop}/orders"), Some(&t), None);
    assert_eq!(orders.status, 200, "{}", orders.text());
    let listed = orders.json();
    let order = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|o| o["id"] == order_id.as_str())
        .expect("the order")
        .clone();
    assert_eq!(order["member_id"], "=HYPERLINK(\"x\")");
    assert_eq!(listed["totals"]["orders"], 1);

    let csv = admin("GET", &format!("/shops/{shop}/orders.csv"), Some(&t), None);
    assert_eq!(csv.status, 200);
    assert!(csv
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/csv")));
    let text = csv.text();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "order,created_at,status,payment_method,currency,total,supply_cost,earnings,member_id"
        )
    );
    let row = lines.next().expect("a row");
    assert!(row.starts_with(&order_id), "{row}");
    assert!(row.ends_with(",\"'=HYPERLINK(\"\"x\"\")\""), "{row}");
}
