//! The edge against a failing supplier: the test runtime puts a fault-injecting proxy
//! (`xtask/src/faults.rs`, `POCKETSHOP_FAULT_URL`) between the edge and the reference
//! supplier, and these tests make it fail in every way the issue lists.
//!
//! Outcomes checked: the catalogue is served from the last good copy marked
//! `x-pocketshop-stale: 1`; checkout answers `supplier_unavailable` with
//! `Retry-After` and stores nothing (its idempotency key places the order once the
//! supplier is back, and the supplier has exactly that one order); the breaker opens,
//! fails fast, and closes after its cooldown (2 s in tests); no upstream body reaches
//! the client.
//!
//! To make the edge ask the supplier again, a test drops its catalogue snapshot with a
//! signed `product.updated` webhook (what a real supplier sends when products change;
//! it leaves the last good copy alone).
//!
//! The tests share one runtime with the other test files: they run one at a time
//! (a mutex), scope each fault to one method and path prefix, and end by clearing
//! every fault and waiting until the edge reads a fresh catalogue again (the breaker
//! closed), so nothing leaks into other tests.

use pocketshop_tests::{
    contact, now, pick_sku, post, quote, runtime, send, supplier_orders, unique, Reply,
};
use serde_json::{json, Value};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

const LIST: &str = "/v1/shops/demo/products?limit=60";

fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn fault_url() -> String {
    std::env::var("POCKETSHOP_FAULT_URL").unwrap_or_else(|_| {
        panic!("POCKETSHOP_FAULT_URL is not set: run these tests with `cargo xtask test` or `cargo xtask test-api --test faults`")
    })
}

/// Adds a fault rule; answers the rule list.
fn inject(rule: Value) -> Value {
    let bytes = serde_json::to_vec(&rule).expect("json");
    let r = send(
        "POST",
        &format!("{}/__faults", fault_url()),
        &[("content-type", "application/json")],
        Some(&bytes),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// How often the rules matched so far (the first rule's hits).
fn hits() -> u64 {
    let r = send("GET", &format!("{}/__faults", fault_url()), &[], None);
    r.json()["rules"][0]["hits"].as_u64().unwrap_or(0)
}

fn clear() {
    let r = send("DELETE", &format!("{}/__faults", fault_url()), &[], None);
    assert_eq!(r.status, 200, "{}", r.text());
}

/// Drops the edge's fresh catalogue snapshot, as a supplier's product webhook does.
fn drop_snapshot() {
    let body = serde_json::to_vec(&json!({
        "event_id": unique("faults-evt"), "occurred_at": now(),
        "type": "product.updated", "data": {"product_id": "P10001"}
    }))
    .expect("json");
    let rt = runtime();
    let r =
        pocketshop_tests::send_signed(&rt.webhook_key, &rt.edge, "POST", "/v1/hooks/supply", &body);
    assert_eq!(r.status, 200, "{}", r.text());
}

/// Clears every fault and waits until the edge reads a fresh catalogue again: the
/// breaker is closed and nothing leaks into the next test.
fn recover() {
    clear();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        drop_snapshot();
        let r = pocketshop_tests::get(LIST);
        if r.status == 200 && r.header("x-pocketshop-stale").is_none() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the edge never recovered: {} {}",
            r.status,
            r.text()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// Runs `f` with the faults cleared and the edge recovered before and after, even
/// when `f` fails.
fn isolated(f: impl FnOnce()) {
    let _guard = serial();
    recover();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    recover();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e);
    }
}

fn items(r: &Reply) -> Value {
    r.json()["items"].clone()
}

/// No injected upstream body reaches the client.
fn leaks_nothing(r: &Reply) {
    let text = r.text();
    for marker in [
        "internal detail",
        "maintenance",
        "<html",
        "slow down",
        "plenty",
    ] {
        assert!(!text.contains(marker), "upstream text leaked: {text}");
    }
}

#[test]
fn a_failing_catalogue_is_served_from_the_last_good_copy_marked_stale() {
    isolated(|| {
        let fresh = pocketshop_tests::get(LIST);
        assert_eq!(fresh.status, 200, "{}", fresh.text());
        assert_eq!(fresh.header("x-pocketshop-stale"), None);
        let expose = fresh
            .header("access-control-expose-headers")
            .unwrap_or_default();
        assert!(expose.contains("x-pocketshop-stale"), "{expose}");
        let faults = [
            json!({"fault": "status", "status": 500}),
            json!({"fault": "status", "status": 502}),
            json!({"fault": "status", "status": 503}),
            json!({"fault": "status", "status": 504}),
            json!({"fault": "rate_limit", "retry_after": 1}),
            json!({"fault": "latency", "ms": 4000}),
            json!({"fault": "trickle"}),
            json!({"fault": "reset"}),
            json!({"fault": "html"}),
            json!({"fault": "huge"}),
            json!({"fault": "null_prices"}),
            json!({"fault": "missing_prices"}),
            json!({"fault": "wrong_types"}),
            json!({"fault": "invalid_json"}),
        ];
        for mut fault in faults {
            let name = fault.to_string();
            fault["method"] = json!("GET");
            fault["path"] = json!("/v1/products?");
            inject(fault);
            drop_snapshot();
            let started = Instant::now();
            let r = pocketshop_tests::get(LIST);
            let took = started.elapsed();
            assert_eq!(r.status, 200, "{name}: {}", r.text());
            assert_eq!(r.header("x-pocketshop-stale"), Some("1"), "{name}");
            assert_eq!(items(&r), items(&fresh), "{name}: the last good products");
            leaks_nothing(&r);
            assert!(hits() >= 1, "{name}: the fault was never reached");
            // A catalogue read has a 2 s deadline, retries included.
            assert!(took < Duration::from_secs(4), "{name} took {took:?}");
            println!("{name}: stale catalogue after {took:?}");
            recover();
        }
    });
}

/// A product and SKU in stock, with their confirmed total.
fn sellable() -> (String, String, Value) {
    let (product, sku) = pick_sku("demo");
    let total = quote("demo", &product, &sku, 1)["total"].clone();
    (product, sku, total)
}

fn checkout(product: &str, sku: &str, total: &Value, key: &str) -> Reply {
    post(
        "/v1/shops/demo/orders",
        &json!({"lines": [{"product_id": product, "sku": sku, "quantity": 1}],
                "confirmed_total": total, "contact": contact(),
                "payment_method": "cash_on_delivery"}),
        &[("idempotency-key", key)],
    )
}

fn unavailable(r: &Reply, what: &str) -> u64 {
    assert_eq!(r.status, 503, "{what}: {}", r.text());
    assert_eq!(r.code(), "supplier_unavailable", "{what}");
    leaks_nothing(r);
    r.header("retry-after")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{what}: no Retry-After"))
}

/// The key was released (nothing stored): with the supplier back it places exactly
/// one order, which the supplier has once.
fn key_still_places_one_order(product: &str, sku: &str, total: &Value, key: &str) {
    let r = checkout(product, sku, total, key);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        r.header("idempotent-replayed"),
        Some("false"),
        "no earlier order under the key"
    );
    let id = r.json()["order"]["id"].as_str().expect("id").to_owned();
    assert_eq!(supplier_orders(&id).len(), 1);
}

#[test]
fn checkout_answers_supplier_unavailable_and_stores_nothing_when_the_product_read_fails() {
    isolated(|| {
        let (product, sku, total) = sellable();
        for fault in [
            "html",
            "null_prices",
            "wrong_types",
            "invalid_json",
            "huge",
            "reset",
        ] {
            inject(json!({"method": "GET", "path": "/v1/products/", "fault": fault}));
            let key = unique("faults-checkout");
            let r = checkout(&product, &sku, &total, &key);
            unavailable(&r, fault);
            assert!(hits() >= 1, "{fault}: the fault was never reached");
            recover();
            key_still_places_one_order(&product, &sku, &total, &key);
        }
    });
}

#[test]
fn the_breaker_opens_fails_fast_without_calling_the_supplier_and_closes_after_its_cooldown() {
    isolated(|| {
        let (product, sku, total) = sellable();
        inject(json!({"method": "GET", "path": "/v1/products/", "fault": "status", "status": 503}));
        let key = unique("faults-breaker");
        // Each checkout reads the product up to three times: two make 5+ failures.
        for _ in 0..2 {
            unavailable(&checkout(&product, &sku, &total, &key), "failing supplier");
        }
        let before = hits();
        let started = Instant::now();
        let r = checkout(&product, &sku, &total, &key);
        let retry_after = unavailable(&r, "open breaker");
        assert!(started.elapsed() < Duration::from_secs(1), "fails fast");
        assert_eq!(hits(), before, "an open breaker does not call the supplier");
        assert!(
            (1..=2).contains(&retry_after),
            "the cooldown left: {retry_after}"
        );
        // The catalogue meanwhile is the last good copy.
        drop_snapshot();
        let list = pocketshop_tests::get(LIST);
        assert_eq!(
            (list.status, list.header("x-pocketshop-stale")),
            (200, Some("1"))
        );
        // The supplier is back; after the cooldown a trial call closes the breaker.
        clear();
        std::thread::sleep(Duration::from_millis(retry_after * 1000 + 200));
        key_still_places_one_order(&product, &sku, &total, &key);
    });
}

#[test]
fn a_rate_limited_supplier_is_not_called_again_before_its_retry_after() {
    isolated(|| {
        let (product, sku, total) = sellable();
        inject(
            json!({"method": "GET", "path": "/v1/products/", "fault": "rate_limit", "retry_after": 2}),
        );
        let key = unique("faults-429");
        let retry_after = unavailable(&checkout(&product, &sku, &total, &key), "429");
        assert_eq!(retry_after, 2, "the supplier's Retry-After is passed on");
        assert_eq!(hits(), 1, "a 429 is not retried");
        unavailable(&checkout(&product, &sku, &total, &key), "429 again");
        assert_eq!(hits(), 1, "no call before the Retry-After: no retry storm");
        clear();
        std::thread::sleep(Duration::from_millis(2_200));
        key_still_places_one_order(&product, &sku, &total, &key);
    });
}

#[test]
fn a_failed_order_write_is_sent_once_and_the_retry_resumes_the_same_supplier_order() {
    isolated(|| {
        let (product, sku, total) = sellable();
        inject(
            json!({"method": "POST", "path": "/v1/orders", "fault": "status", "status": 502, "times": 1}),
        );
        let key = unique("faults-write");
        unavailable(&checkout(&product, &sku, &total, &key), "order write");
        assert_eq!(hits(), 1, "the client never retries a write itself");
        clear();
        let r = checkout(&product, &sku, &total, &key);
        assert_eq!(r.status, 201, "{}", r.text());
        let id = r.json()["order"]["id"].as_str().expect("id").to_owned();
        assert_eq!(
            supplier_orders(&id).len(),
            1,
            "one supplier order for the key"
        );
    });
}
