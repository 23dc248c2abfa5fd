//! Flash sales and group deals against the real local runtime, their counters in
//! real Durable Objects (`CAMPAIGNS`): 500 shoppers racing for a flash sale capped at
//! 20, 200 racing to join a group of 5, and a group whose window closes unfilled.
//! Each test has its own owner, shop and campaign, and checks what the edge stored
//! in its D1, not only what was answered. Started by `cargo xtask test`.

use pocketshop_tests::{
    admin, contact, edge_query, get, order_view, owned_shop, paid_event, place_order, post,
    sandbox_notice, unique, OwnedShop, ORIGIN,
};
use serde_json::{json, Value};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

/// One race at a time, so each measures its own.
static ONE_RACE: Mutex<()> = Mutex::new(());

fn one_race() -> std::sync::MutexGuard<'static, ()> {
    ONE_RACE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn shop(nth: usize, stock: u32) -> OwnedShop {
    owned_shop("Campaigns", nth, stock)
}

/// The supplier's price of the shop's SKU, in fen: campaigns are priced above it.
fn supply_floor(shop: &OwnedShop) -> i64 {
    let r = admin(
        "GET",
        &format!("/shops/{}/catalogue?limit=60", shop.id),
        Some(&shop.token),
        None,
    );
    let items = r.json()["items"].as_array().cloned().unwrap_or_default();
    let item = items
        .iter()
        .find(|i| i["id"] == shop.product.as_str())
        .cloned()
        .unwrap_or(Value::Null);
    // The catalogue shows the cheapest supply price; the floor may be higher: a
    // price well above both is used.
    item["supply_price"]["amount"].as_i64().unwrap_or(0)
}

fn shopper(i: usize) -> String {
    format!("{}-{i:04}", unique("shopper"))
}

fn line(shop: &OwnedShop) -> Value {
    json!([{"product_id": shop.product, "sku": shop.sku, "quantity": 1}])
}

/// The total a shopper confirms for one unit under `offer`.
fn offer_total(shop: &OwnedShop, offer: &Value, who: &str) -> Value {
    let r = post(
        &format!("/v1/shops/{}/quote", shop.id),
        &json!({"lines": line(shop), "offer": offer, "shopper": who}),
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["total"].clone()
}

fn order_body(shop: &OwnedShop, offer: &Value, who: &str, total: &Value, method: &str) -> Value {
    let mut body = json!({
        "lines": line(shop), "confirmed_total": total, "contact": contact(),
        "payment_method": method, "offer": offer, "shopper": who,
    });
    if method != "cash_on_delivery" {
        body["return_url"] = json!(format!("{ORIGIN}/blog.html#ps-cart"));
    }
    body
}

/// One answer: status, error code, the created order (if any).
type Answer = (u16, String, Value);

/// Sends every body as a checkout of `shop` at the same instant, each from its own
/// address with its own key.
fn race(shop: &str, bodies: Vec<Value>) -> (Vec<Answer>, Duration) {
    let start = Arc::new(Barrier::new(bodies.len() + 1));
    let handles: Vec<_> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let start = Arc::clone(&start);
            let shop = shop.to_owned();
            let key = unique("camp");
            let ip = format!("10.7.{}.{}", i / 256, i % 256);
            std::thread::spawn(move || {
                start.wait();
                let r = place_order(&shop, &body, &key, &ip);
                let json: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
                (r.status, r.code_or_excerpt(), json)
            })
        })
        .collect();
    start.wait();
    let began = Instant::now();
    let answers: Vec<Answer> = handles
        .into_iter()
        .map(|h| h.join().expect("shopper thread"))
        .collect();
    (answers, began.elapsed())
}

/// Answers that are neither an order nor the campaign's own refusal: the supplier's
/// read failing under the crowd (`supplier_unavailable`), or the same key still in
/// progress. They must leave no order behind, which the stored orders check.
fn transient(status: u16, code: &str) -> bool {
    status >= 500 || code == "idempotency_in_progress"
}

fn tally(answers: &[Answer]) -> std::collections::BTreeMap<String, usize> {
    let mut t = std::collections::BTreeMap::new();
    for (status, code, _) in answers {
        *t.entry(format!("{status} {code}")).or_insert(0) += 1;
    }
    t
}

/// The sandbox's signed notice that `created`'s payment succeeded.
fn pay(created: &Value) {
    let r = sandbox_notice(&paid_event(created, &unique("evt")));
    assert!(r.status < 300, "{}", r.text());
}

fn order_status(created: &Value) -> String {
    order_view(created)["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Polls until every order has one of `want` (or the time runs out); their statuses.
fn wait_for(orders: &[&Value], want: &[&str], within: Duration) -> Vec<String> {
    let deadline = Instant::now() + within;
    loop {
        let statuses: Vec<String> = orders.iter().map(|o| order_status(o)).collect();
        if statuses.iter().all(|s| want.contains(&s.as_str())) || Instant::now() > deadline {
            return statuses;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn group_view(shop: &OwnedShop, group: &str) -> Value {
    let r = get(&format!("/v1/shops/{}/groups/{group}", shop.id));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// A group deal on the shop's SKU for `size` shoppers within `window_secs`, and a
/// group of it opened by a shopper paying in the sandbox: the opening order, the
/// group's id and the total each member confirms.
fn open_group(shop: &OwnedShop, size: u32, window_secs: u32) -> (Value, String, Value) {
    let price = supply_floor(shop) * 3 + 100;
    let r = admin(
        "POST",
        &format!("/shops/{}/group-deals", shop.id),
        Some(&shop.token),
        Some(&json!({"product_id": shop.product, "skus": [shop.sku],
                      "price": {"amount": price, "currency": "CNY"},
                      "size": size, "window_secs": window_secs})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let deal = r.json()["id"].as_str().expect("id").to_owned();
    let open = json!({"kind": "group_open", "deal": deal});
    let opener = shopper(0);
    let total = offer_total(shop, &open, &opener);
    let r = place_order(
        &shop.id,
        &order_body(shop, &open, &opener, &total, "sandbox"),
        &unique("open"),
        "10.8.0.1",
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let opened = r.json();
    let group = opened["order"]["group"]
        .as_str()
        .expect("the order carries its group")
        .to_owned();
    (opened, group, total)
}

fn stored_orders(shop: &str) -> Vec<Value> {
    assert!(shop.bytes().all(|b| b.is_ascii_alphanumeric()));
    edge_query(&format!(
        "SELECT id, status FROM orders WHERE shop_id = '{shop}' ORDER BY id"
    ))
}

#[test]
fn five_hundred_buyers_of_a_flash_sale_capped_at_20_get_exactly_20_orders() {
    let _race = one_race();
    let shop = shop(20, 10_000);
    let price = supply_floor(&shop) * 3 + 100;
    let r = admin(
        "POST",
        &format!("/shops/{}/flash-sales", shop.id),
        Some(&shop.token),
        Some(&json!({"product_id": shop.product, "skus": [shop.sku],
                      "price": {"amount": price, "currency": "CNY"},
                      "cap": 20, "per_shopper": 1})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let sale = r.json()["id"].as_str().expect("id").to_owned();
    let offer = json!({"kind": "flash", "campaign": sale});
    let total = offer_total(&shop, &offer, &shopper(0));
    let bodies = (0..500)
        .map(|i| order_body(&shop, &offer, &shopper(i), &total, "cash_on_delivery"))
        .collect();
    let (answers, took) = race(&shop.id, bodies);
    let t = tally(&answers);
    println!("500 flash buyers, cap 20: {t:?} in {took:?}");
    assert_eq!(t.get("201 "), Some(&20), "{t:?}");
    assert!(
        answers
            .iter()
            .all(|(s, c, _)| *s == 201 || c == "sold_out" || transient(*s, c)),
        "{t:?}"
    );
    assert_eq!(
        stored_orders(&shop.id).len(),
        20,
        "exactly 20 orders stored"
    );
    let list = get(&format!("/v1/shops/{}/campaigns", shop.id)).json();
    assert_eq!(list["flash_sales"][0]["sold"], 20);
    assert_eq!(list["flash_sales"][0]["left"], 0);
}

#[test]
fn two_hundred_joins_of_a_group_of_five_fill_it_exactly_and_the_paid_group_goes_to_the_supplier() {
    let _race = one_race();
    let shop = shop(21, 10_000);
    let (opened, group, total) = open_group(&shop, 5, 3600);
    let join = json!({"kind": "group_join", "group": group});
    let bodies = (1..=200)
        .map(|i| order_body(&shop, &join, &shopper(i), &total, "sandbox"))
        .collect();
    let (answers, took) = race(&shop.id, bodies);
    let t = tally(&answers);
    println!("200 joins of a group of 5: {t:?} in {took:?}");
    assert_eq!(t.get("201 "), Some(&4), "{t:?}");
    assert!(
        answers
            .iter()
            .all(|(s, c, _)| *s == 201 || c == "group_full" || transient(*s, c)),
        "{t:?}"
    );
    let view = group_view(&shop, &group);
    assert_eq!(view["places_left"], 0);
    assert_eq!(view["members"].as_array().map(Vec::len), Some(5));
    // Every member pays: the group completes and all five go to the supplier.
    let mut members: Vec<&Value> = vec![&opened];
    members.extend(answers.iter().filter(|a| a.0 == 201).map(|a| &a.2));
    for m in &members {
        pay(m);
    }
    let statuses = wait_for(&members, &["submitted"], Duration::from_secs(60));
    assert!(statuses.iter().all(|s| s == "submitted"), "{statuses:?}");
    let view = group_view(&shop, &group);
    assert_eq!(view["status"], "complete");
    assert_eq!(stored_orders(&shop.id).len(), 5);
}

#[test]
fn a_group_whose_window_closes_unfilled_refunds_every_member() {
    // Not during a race: its polls would time out behind 500 shoppers.
    let _race = one_race();
    let shop = shop(22, 10_000);
    let (opened, group, total) = open_group(&shop, 3, 60);
    let join = json!({"kind": "group_join", "group": group});
    let r = post(
        &format!("/v1/shops/{}/orders", shop.id),
        &order_body(&shop, &join, &shopper(1), &total, "sandbox"),
        &[("idempotency-key", &unique("join"))],
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let joined = r.json();
    pay(&opened);
    pay(&joined);
    let paid = wait_for(&[&opened, &joined], &["paid"], Duration::from_secs(10));
    assert_eq!(
        paid,
        ["paid", "paid"],
        "waiting for the group, not submitted"
    );
    let view = group_view(&shop, &group);
    assert_eq!(view["status"], "open");
    assert_eq!(view["places_left"], 1);
    // The window closes a minute after opening: both orders' timers wake and refund.
    let statuses = wait_for(&[&opened, &joined], &["refunded"], Duration::from_secs(120));
    assert_eq!(statuses, ["refunded", "refunded"]);
    assert_eq!(group_view(&shop, &group)["status"], "failed");
    let late = post(
        &format!("/v1/shops/{}/quote", shop.id),
        &json!({"lines": line(&shop), "offer": join, "shopper": shopper(2)}),
        &[],
    );
    assert_eq!(
        (late.status, late.code()),
        (409, "campaign_ended".to_owned())
    );
}
