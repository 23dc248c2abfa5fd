//! Coupons, referral and the commission ledger against the real local runtime: a
//! coupon's total limit under a crowd of shoppers (exact: a conditional D1 insert),
//! the price chain with a coupon, the wallet's welcome coupon, and a share link that
//! credits its sharer, with the ledger rows the edge stored in D1 summing to the
//! order's margin. Each test has its own owner and shop. Started by `cargo xtask test`.

use pocketshop_tests::{
    admin, contact, edge_query, get, owned_shop, post, unique, OwnedShop, Reply,
};
use serde_json::{json, Value};
use std::sync::{Arc, Barrier};
use std::time::Instant;

fn shop(nth: usize, stock: u32) -> OwnedShop {
    owned_shop("Money", nth, stock)
}

fn lines(shop: &OwnedShop) -> Value {
    json!([{"product_id": shop.product, "sku": shop.sku, "quantity": 1}])
}

fn quote(shop: &OwnedShop, extra: &Value) -> Reply {
    let mut body = json!({"lines": lines(shop)});
    for (k, v) in extra.as_object().expect("object") {
        body[k] = v.clone();
    }
    post(&format!("/v1/shops/{}/quote", shop.id), &body, &[])
}

fn order_body(shop: &OwnedShop, total: &Value, extra: &Value) -> Value {
    let mut body = json!({
        "lines": lines(shop), "confirmed_total": total, "contact": contact(),
        "payment_method": "cash_on_delivery",
    });
    for (k, v) in extra.as_object().expect("object") {
        body[k] = v.clone();
    }
    body
}

fn place(shop: &OwnedShop, body: &Value) -> Reply {
    post(
        &format!("/v1/shops/{}/orders", shop.id),
        body,
        &[("idempotency-key", &unique("money"))],
    )
}

fn shopper(i: usize) -> String {
    format!("{}-{i:04}", unique("shopper"))
}

#[test]
fn a_coupons_total_limit_holds_when_fifty_shoppers_race_for_five_uses() {
    let shop = shop(3, 500);
    let r = admin(
        "POST",
        &format!("/shops/{}/coupons", shop.id),
        Some(&shop.token),
        Some(
            &json!({"code": "FIVE", "value": {"kind": "fixed", "amount": {"amount": 100, "currency": "CNY"}},
                     "total_limit": 5}),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let q = quote(&shop, &json!({"coupon": "five"}));
    assert_eq!(q.status, 200, "{}", q.text());
    assert_eq!(q.json()["discount"]["amount"], 100);
    let total = q.json()["total"].clone();
    let n = 50;
    let start = Arc::new(Barrier::new(n + 1));
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let start = Arc::clone(&start);
            let body = order_body(
                &shop,
                &total,
                &json!({"coupon": "FIVE", "shopper": shopper(i)}),
            );
            let (id, key) = (shop.id.clone(), unique("race"));
            let ip = format!("10.9.{}.{}", i / 256, i % 256);
            std::thread::spawn(move || {
                start.wait();
                let r = post(
                    &format!("/v1/shops/{id}/orders"),
                    &body,
                    &[("idempotency-key", &key), ("cf-connecting-ip", &ip)],
                );
                let reason = r.json()["reason"].as_str().unwrap_or("").to_owned();
                (r.status, r.code(), reason)
            })
        })
        .collect();
    let began = Instant::now();
    start.wait();
    let answers: Vec<_> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    let took = began.elapsed();
    let placed = answers.iter().filter(|a| a.0 == 201).count();
    let used_up = answers
        .iter()
        .filter(|a| a.1 == "coupon_not_applicable" && a.2 == "used_up")
        .count();
    eprintln!("coupon race: {n} shoppers, {placed} orders, {used_up} used_up, in {took:?}");
    assert_eq!(placed, 5, "{answers:?}");
    assert_eq!(used_up, n - 5, "{answers:?}");
    let rows = edge_query(&format!(
        "SELECT COUNT(*) AS n FROM coupon_redemptions WHERE shop_id = '{}' AND voided = 0",
        shop.id
    ));
    assert_eq!(rows[0]["n"], 5, "the edge stored exactly five uses");
}

#[test]
fn a_coupon_never_takes_the_price_below_the_supply_cost() {
    let shop = shop(4, 50);
    let r = admin(
        "POST",
        &format!("/shops/{}/coupons", shop.id),
        Some(&shop.token),
        Some(&json!({"code": "ALL", "value": {"kind": "percent", "basis_points": 10000}})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let plain = quote(&shop, &json!({})).json();
    let q = quote(&shop, &json!({"coupon": "ALL"}));
    assert_eq!(q.status, 200, "{}", q.text());
    let q = q.json();
    let goods = q["subtotal"]["amount"].as_i64().expect("subtotal")
        - q["discount"]["amount"].as_i64().expect("discount");
    assert!(goods > 0, "{q}");
    assert!(goods <= plain["subtotal"]["amount"].as_i64().expect("subtotal"));
    assert_eq!(
        q["total"]["amount"].as_i64(),
        Some(goods + q["shipping"]["amount"].as_i64().expect("shipping"))
    );
    let r = quote(&shop, &json!({"coupon": "NONE"}));
    assert_eq!((r.status, r.code()), (404, "unknown_campaign".into()));
}

#[test]
fn the_wallet_issues_the_welcome_coupon_once() {
    let shop = shop(5, 50);
    let r = admin(
        "PUT",
        &format!("/shops/{}/coupon-rules", shop.id),
        Some(&shop.token),
        Some(
            &json!({"welcome": {"value": {"kind": "fixed", "amount": {"amount": 300, "currency": "CNY"}},
                                  "valid_days": 7}}),
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let me = shopper(1);
    let path = format!("/v1/shops/{}/coupons?shopper={me}", shop.id);
    let first = get(&path);
    assert_eq!(first.status, 200, "{}", first.text());
    let coupons = first.json()["coupons"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(coupons.len(), 1, "{}", first.text());
    assert_eq!(get(&path).json()["coupons"], first.json()["coupons"]);
    let code = coupons[0]["code"].as_str().expect("code").to_owned();
    let r = quote(&shop, &json!({"coupon": code, "shopper": shopper(2)}));
    assert_eq!(r.json()["reason"], "not_yours");
    let r = quote(&shop, &json!({"coupon": code, "shopper": me}));
    assert_eq!(r.json()["discount"]["amount"], 300, "{}", r.text());
}

#[test]
fn a_share_link_credits_its_sharer_and_the_ledger_sums_to_the_margin() {
    let shop = shop(6, 50);
    let sharer = shopper(1);
    let r = post(
        &format!("/v1/shops/{}/sharers", shop.id),
        &json!({"shopper": sharer}),
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let (code, token) = (
        r.json()["code"].as_str().expect("code").to_owned(),
        r.json()["token"].as_str().expect("token").to_owned(),
    );
    let total = quote(&shop, &json!({})).json()["total"].clone();
    let r = place(
        &shop,
        &order_body(
            &shop,
            &total,
            &json!({"referral": code, "shopper": shopper(2)}),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let order = r.json()["order"]["id"].as_str().expect("id").to_owned();
    let earnings = get(&format!(
        "/v1/shops/{}/sharers/{code}?token={token}",
        shop.id
    ));
    assert_eq!(earnings.status, 200, "{}", earnings.text());
    let e = earnings.json();
    assert_eq!(e["orders"], 1);
    assert!(e["pending"]["amount"].as_i64().expect("pending") > 0, "{e}");
    let wrong = get(&format!(
        "/v1/shops/{}/sharers/{code}?token=00000000000000000000000000000000",
        shop.id
    ));
    assert_eq!((wrong.status, wrong.code()), (403, "forbidden".into()));
    let rows = edge_query(&format!(
        "SELECT SUM(l.amount) AS parts, o.subtotal - o.discount - o.supply_cost AS margin \
         FROM ledger l JOIN orders o ON o.id = l.order_id WHERE l.order_id = '{order}'"
    ));
    assert_eq!(rows[0]["parts"], rows[0]["margin"], "{rows:?}");
}
