//! Races against the real local runtime: many shoppers checking out the last units
//! of one SKU at the same instant, and one shopper's request sent many times at once.
//! Each test owns a SKU no other test file touches (from the end of the demo shop's
//! catalogue, before the browser fixtures), sets its stock through the supplier's
//! `POST /sim/stock`, and checks what the edge stored in its D1 and what the
//! supplier made, not only what was answered.

use pocketshop_tests::{
    contact, edge_query, get, order_view, place_order, post, quote, runtime, send_signed,
    set_stock, supplier_orders, unique,
};
use serde_json::{json, Value};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

/// How many shoppers race.
const SHOPPERS: usize = 200;
/// How many units they race for.
const UNITS: u32 = 10;
/// What each test must finish within.
const BOUND: Duration = Duration::from_secs(60);

/// One race at a time: the tests of this file run one after the other, so each
/// measures its own race, not three at once.
static ONE_RACE: Mutex<()> = Mutex::new(());

fn one_race() -> std::sync::MutexGuard<'static, ()> {
    ONE_RACE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The demo shop's catalogue from its last product backwards (the browser tests'
/// `P9…` fixtures left out): products no other test picks.
fn last_products() -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/shops/demo/products?limit=60&cursor={c}"),
            None => "/v1/shops/demo/products?limit=60".to_owned(),
        };
        let page = get(&path);
        assert_eq!(page.status, 200, "{}", page.text());
        let page = page.json();
        for item in page["items"].as_array().expect("items") {
            ids.push(item["id"].as_str().expect("id").to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    ids.retain(|id| id.starts_with("P1"));
    ids.reverse();
    ids
}

/// The `n`-th product from the end of the demo catalogue and its first SKU.
fn own_sku(n: usize) -> (String, String) {
    let product = last_products().into_iter().nth(n).expect("enough products");
    let detail = get(&format!("/v1/shops/demo/products/{product}"));
    assert_eq!(detail.status, 200, "{}", detail.text());
    let sku = detail.json()["skus"][0]["sku"]
        .as_str()
        .expect("sku")
        .to_owned();
    (product, sku)
}

/// The supplier's exact stock of `sku`, asked as the edge asks (signed).
fn supplier_stock(product: &str, sku: &str) -> u64 {
    let r = send_signed(
        &runtime().edge_key,
        &runtime().supply,
        "GET",
        &format!("/v1/products/{product}"),
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["skus"]
        .as_array()
        .expect("skus")
        .iter()
        .find(|s| s["sku"] == sku)
        .and_then(|s| s["stock"].as_u64())
        .expect("the SKU's stock")
}

/// The edge's stored orders with a line of `sku`: (id, status).
fn stored_orders(sku: &str) -> Vec<(String, String)> {
    assert!(sku.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    edge_query(&format!(
        "SELECT DISTINCT o.id AS id, o.status AS status FROM orders o \
         JOIN order_lines l ON l.order_id = o.id WHERE l.sku = '{sku}' ORDER BY o.id"
    ))
    .iter()
    .map(|r| {
        (
            r["id"].as_str().expect("id").to_owned(),
            r["status"].as_str().expect("status").to_owned(),
        )
    })
    .collect()
}

fn order_body(product: &str, sku: &str, qty: u32, total: &Value, method: &str) -> Value {
    let mut body = json!({
        "lines": [{"product_id": product, "sku": sku, "quantity": qty}],
        "confirmed_total": total, "contact": contact(), "payment_method": method,
    });
    if method != "cash_on_delivery" {
        body["return_url"] = json!("http://127.0.0.1:8790/blog.html#ps-cart&shop=demo");
    }
    body
}

/// One answer: status, error code (if any), order id (if any).
type Answer = (u16, String, Option<String>, Option<String>);

/// Sends `SHOPPERS` checkouts of `body` to `shop` at the same instant, each from
/// its own address with its own key (or all with `shared_key`), and collects the
/// answers: status, code, order id, order token.
fn race(shop: &str, body: &Value, shoppers: usize, shared_key: Option<&str>) -> Vec<Answer> {
    let start = Arc::new(Barrier::new(shoppers));
    let handles: Vec<_> = (0..shoppers)
        .map(|i| {
            let start = Arc::clone(&start);
            let body = body.clone();
            let shop = shop.to_owned();
            let key = shared_key.map_or_else(|| unique("race"), str::to_owned);
            let ip = if shared_key.is_some() {
                "10.6.255.254".to_owned()
            } else {
                format!("10.6.{}.{}", i / 256, i % 256)
            };
            std::thread::spawn(move || {
                start.wait();
                // The shopper's client retries a checkout the runtime could not finish
                // with the same key, which is exactly what the key makes safe.
                let r = place_order(&shop, &body, &key, &ip);
                let json: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
                (
                    r.status,
                    r.code_or_excerpt(),
                    json["order"]["id"].as_str().map(str::to_owned),
                    json["token"].as_str().map(str::to_owned),
                )
            })
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().expect("a shopper thread"))
        .collect()
}

/// [`SHOPPERS`] shoppers at once, each ordering one unit of the `n`th own SKU (down
/// to its last [`UNITS`]) on `demo`, paying by `method`: the product, the SKU, the
/// answers and the race's seconds.
fn race_for_the_last_units(n: usize, method: &str) -> (String, String, Vec<Answer>, f64) {
    let (product, sku) = own_sku(n);
    set_stock(&sku, UNITS);
    let total = quote("demo", &product, &sku, 1)["total"].clone();
    let body = order_body(&product, &sku, 1, &total, method);
    let raced = Instant::now();
    let answers = race("demo", &body, SHOPPERS, None);
    (product, sku, answers, raced.elapsed().as_secs_f64())
}

/// How many answers had `status` and `code`.
fn count(answers: &[Answer], status: u16, code: &str) -> usize {
    answers
        .iter()
        .filter(|(s, c, _, _)| *s == status && c == code)
        .count()
}

fn tally(answers: &[Answer]) -> String {
    let mut counts: std::collections::BTreeMap<(u16, &str), usize> = Default::default();
    for (status, code, _, _) in answers {
        *counts.entry((*status, code.as_str())).or_default() += 1;
    }
    format!("{counts:?}")
}

fn created_ids(answers: &[Answer]) -> Vec<String> {
    let mut ids: Vec<String> = answers
        .iter()
        .filter(|(s, _, _, _)| *s == 201)
        .filter_map(|(_, _, id, _)| id.clone())
        .collect();
    ids.sort();
    ids
}

#[test]
fn two_hundred_cash_on_delivery_shoppers_racing_for_ten_units_make_ten_orders_and_no_partial_one() {
    let _one = one_race();
    let began = Instant::now();
    let (product, sku, answers, race_secs) = race_for_the_last_units(0, "cash_on_delivery");

    // Each of these checkouts also hands its order to the supplier while the shopper
    // waits. Under this burst the local supplier's reads slow to seconds and the
    // edge may shed a few with `supplier_unavailable` (its breaker); the shopper's
    // client sends the same key again after `Retry-After` (`place_order`), so in
    // the end every shopper has an order or a clear `out_of_stock`.
    let created = created_ids(&answers);
    let sold_out = count(&answers, 409, "out_of_stock");
    assert_eq!(
        (created.len(), sold_out),
        (UNITS as usize, SHOPPERS - UNITS as usize),
        "exactly {UNITS} orders and the rest out_of_stock: {}",
        tally(&answers)
    );
    // What was stored and made, not only what was answered.
    let stored = stored_orders(&sku);
    let stored_ids: Vec<String> = stored.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(
        stored_ids, created,
        "the edge's D1 holds exactly the orders answered"
    );
    assert!(
        stored.iter().all(|(_, status)| status == "submitted"),
        "{stored:?}"
    );
    for id in &created {
        assert_eq!(supplier_orders(id).len(), 1, "one supplier order for {id}");
    }
    assert_eq!(
        supplier_stock(&product, &sku),
        u64::from(UNITS) - created.len() as u64,
        "the supplier sold exactly the orders answered"
    );
    let elapsed = began.elapsed();
    assert!(elapsed < BOUND, "took {elapsed:?}");
    println!(
        "figure: {SHOPPERS} concurrent cash-on-delivery checkouts for the last {UNITS} units: \
         {} orders, {sold_out} out_of_stock in {race_secs:.1} s \
         ({:.0} checkouts/s)",
        created.len(),
        SHOPPERS as f64 / race_secs
    );
}

#[test]
fn two_hundred_prepaid_checkouts_hold_ten_units_until_their_payments_expire() {
    let _one = one_race();
    let began = Instant::now();
    // The race runs on `demo`, whose payment window outlasts it: an order expiring
    // mid-race would rightly give its unit to a later shopper.
    let (product, sku, answers, race_secs) = race_for_the_last_units(1, "sandbox");
    let created = created_ids(&answers);
    let sold_out = count(&answers, 409, "out_of_stock");
    assert_eq!(
        (created.len(), sold_out),
        (UNITS as usize, SHOPPERS - UNITS as usize),
        "answers: {}",
        tally(&answers)
    );
    let stored = stored_orders(&sku);
    assert_eq!(stored.len(), UNITS as usize, "{stored:?}");
    // Held, not sold: the supplier has seen none of them yet.
    assert_eq!(supplier_stock(&product, &sku), u64::from(UNITS));

    // Expiry gives units back: on `brief` (a 4 s window) three unpaid orders take
    // all three units, a fourth shopper is refused, and once the three expire one
    // shopper takes all three.
    let (product, sku) = own_sku(3);
    set_stock(&sku, 3);
    let one = quote("brief", &product, &sku, 1)["total"].clone();
    let mut held = Vec::new();
    for _ in 0..3 {
        let r = post(
            "/v1/shops/brief/orders",
            &order_body(&product, &sku, 1, &one, "sandbox"),
            &[("idempotency-key", &unique("brief"))],
        );
        assert_eq!(r.status, 201, "{}", r.text());
        held.push(r.json());
    }
    let refused = post(
        "/v1/shops/brief/orders",
        &order_body(&product, &sku, 1, &one, "sandbox"),
        &[("idempotency-key", &unique("brief"))],
    );
    assert_eq!(
        (refused.status, refused.code()),
        (409, "out_of_stock".into()),
        "{}",
        refused.text()
    );
    let expired_by = Instant::now() + Duration::from_secs(30);
    for created in &held {
        let id = created["order"]["id"].as_str().expect("id");
        loop {
            let view = order_view(created);
            if view["status"] == "expired" {
                break;
            }
            assert!(Instant::now() < expired_by, "{id} never expired: {view}");
            std::thread::sleep(Duration::from_millis(250));
        }
    }
    let all = quote("brief", &product, &sku, 3)["total"].clone();
    let r = post(
        "/v1/shops/brief/orders",
        &order_body(&product, &sku, 3, &all, "cash_on_delivery"),
        &[("idempotency-key", &unique("after-expiry"))],
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(supplier_stock(&product, &sku), 0);
    let elapsed = began.elapsed();
    assert!(elapsed < BOUND, "took {elapsed:?}");
    println!(
        "figure: {SHOPPERS} concurrent prepaid checkouts for {UNITS} units: {} held, \
         {sold_out} out_of_stock in {race_secs:.1} s; expired holds sold again, \
         {:.1} s in all",
        created.len(),
        elapsed.as_secs_f64()
    );
}

#[test]
fn one_idempotency_key_sent_twenty_times_at_once_makes_one_order() {
    let _one = one_race();
    let began = Instant::now();
    let (product, sku) = own_sku(2);
    set_stock(&sku, 5);
    let total = quote("demo", &product, &sku, 1)["total"].clone();
    let body = order_body(&product, &sku, 1, &total, "cash_on_delivery");
    let key = unique("twenty");

    let answers = race("demo", &body, 20, Some(&key));

    let ids: std::collections::BTreeSet<String> = answers
        .iter()
        .filter_map(|(_, _, id, _)| id.clone())
        .collect();
    assert_eq!(ids.len(), 1, "one order id: {}", tally(&answers));
    for (status, code, id, _) in &answers {
        let fine = match status {
            201 | 200 => id.is_some(),
            409 => code == "idempotency_in_progress",
            _ => false,
        };
        assert!(fine, "{status} {code}: {}", tally(&answers));
    }
    let id = ids.into_iter().next().expect("the order");
    let stored = stored_orders(&sku);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].0, id);
    assert_eq!(supplier_orders(&id).len(), 1);
    assert_eq!(supplier_stock(&product, &sku), 4);
    let elapsed = began.elapsed();
    assert!(elapsed < BOUND, "took {elapsed:?}");
    println!(
        "figure: one Idempotency-Key sent 20 times at once: 1 order, {} in progress, in {:.1} s",
        answers.iter().filter(|(s, _, _, _)| *s == 409).count(),
        elapsed.as_secs_f64()
    );
}
