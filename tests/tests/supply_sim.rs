//! The reference supplier's simulation routes against the real local runtime: faults
//! injected into `POST /v1/orders` (what the edge's retries are tested with), finding
//! supplier orders by the edge's reference, and the after-sales desk resolving cases.
//! Started by `cargo xtask test`.
//!
//! The fault count is one global counter in the supplier's database, so every test
//! here that places a supplier order holds [`serial`]: a count left by one test must
//! never fail another's order. (Test files run one after another, so other files do
//! not race these.)

use pocketshop_tests::{contact, now, pick_sku, runtime, send, send_signed, signed, unique, Reply};
use serde_json::{json, Value};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Serialises the tests of this file and clears any fault count left behind.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    // A test that failed while holding the lock must not fail the others with it.
    let guard = LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    set_faults(0);
    guard
}

/// Clears the fault count when dropped, so a failed assertion does not leave the
/// supplier failing orders for the tests that run after this file.
struct ClearFaults;

impl Drop for ClearFaults {
    fn drop(&mut self) {
        // `send` panics when the runtime is unreachable; a panic escaping a drop
        // during unwinding would abort the whole test run and hide the first failure.
        let _ = std::panic::catch_unwind(|| sim("POST", "/sim/faults", Some(&faults(0))));
    }
}

fn faults(n: u32) -> Value {
    json!({ "create_order_failures": n })
}

/// An unsigned request to the supplier's simulation routes.
fn sim(method: &str, path: &str, body: Option<&Value>) -> Reply {
    let bytes = body.map(|b| serde_json::to_vec(b).expect("json"));
    send(
        method,
        &format!("{}{path}", runtime().supply),
        &[("content-type", "application/json")],
        bytes.as_deref(),
    )
}

fn set_faults(n: u32) {
    let r = sim("POST", "/sim/faults", Some(&faults(n)));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), faults(n));
}

fn remaining_faults() -> Value {
    let r = sim("GET", "/sim/faults", None);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// A fulfilment order request body for one unit of `sku`.
fn order_request(reference: &str, sku: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "reference": reference, "lines": [{"sku": sku, "quantity": 1}],
        "ship_to": contact(), "collect_on_delivery": false
    }))
    .expect("json")
}

/// `POST /v1/orders` signed as the edge, with an idempotency key.
fn create_supply_order(body: &[u8], key: &str) -> Reply {
    let rt = runtime();
    let mut headers = signed(&rt.edge_key, now(), "POST", "/v1/orders", body);
    headers.push(("idempotency-key".into(), key.to_owned()));
    headers.push(("content-type".into(), "application/json".into()));
    let refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    send(
        "POST",
        &format!("{}/v1/orders", rt.supply),
        &refs,
        Some(body),
    )
}

/// Every supplier order for `reference`, through `GET /sim/orders`.
fn orders_for(reference: &str) -> Vec<Value> {
    let r = sim("GET", &format!("/sim/orders?reference={reference}"), None);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["orders"].as_array().expect("orders").clone()
}

/// A new supplier order; answers its id and reference.
fn place_order() -> (String, String) {
    let (_, sku) = pick_sku("demo");
    let reference = unique("PS-T");
    let placed = create_supply_order(&order_request(&reference, &sku), &unique("sim"));
    assert_eq!(placed.status, 201, "{}", placed.text());
    let id = placed.json()["id"].as_str().expect("id").to_owned();
    (id, reference)
}

/// Ships the order (and delivers it when asked), as the warehouse and carrier would.
fn ship(reference: &str, deliver: bool) {
    let r = sim(
        "POST",
        &format!("/sim/orders/{reference}/ship"),
        Some(&json!({})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    if deliver {
        let r = sim(
            "POST",
            &format!("/sim/orders/{reference}/deliver"),
            Some(&json!({})),
        );
        assert_eq!(r.status, 200, "{}", r.text());
    }
}

/// Opens an after-sales case as the edge does; answers its id.
fn open_case(id: &str, kind: &str) -> String {
    let rt = runtime();
    let body = serde_json::to_vec(&json!({"kind": kind, "reason": "盒子压坏了"})).expect("json");
    let r = send_signed(
        &rt.edge_key,
        &rt.supply,
        "POST",
        &format!("/v1/orders/{id}/after-sales"),
        &body,
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let case = r.json();
    assert_eq!(case["status"], "requested");
    case["id"].as_str().expect("case id").to_owned()
}

/// What the after-sales desk does to a case.
fn resolve(order: &str, case: &str, action: &str) -> Reply {
    sim(
        "POST",
        &format!("/sim/orders/{order}/after-sales/{case}/{action}"),
        None,
    )
}

/// The order as the edge reads it: `GET /v1/orders/{id}`, signed.
fn supply_order(id: &str) -> Value {
    let rt = runtime();
    let r = send_signed(
        &rt.edge_key,
        &rt.supply,
        "GET",
        &format!("/v1/orders/{id}"),
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn assert_invalid_transition(r: &Reply) {
    assert_eq!(
        (r.status, r.code()),
        (409, "invalid_transition".to_owned()),
        "{}",
        r.text()
    );
}

#[test]
fn a_fault_count_fails_exactly_that_many_order_creations_and_the_same_key_then_makes_one_order() {
    let _serial = serial();
    let _clear = ClearFaults;
    let (_, sku) = pick_sku("demo");
    let reference = unique("PS-T");
    let body = order_request(&reference, &sku);
    let key = unique("retry");

    set_faults(2);
    assert_eq!(remaining_faults(), faults(2));
    for attempt in 1..=2 {
        let failed = create_supply_order(&body, &key);
        assert_eq!(failed.status, 503, "attempt {attempt}: {}", failed.text());
        assert_eq!(
            failed.json(),
            json!({"code": "supplier_unavailable", "retry_after_secs": 1})
        );
        assert_eq!(failed.header("retry-after"), Some("1"));
    }
    assert_eq!(remaining_faults(), faults(0));
    assert!(
        orders_for(&reference).is_empty(),
        "a failed creation made no order"
    );

    let made = create_supply_order(&body, &key);
    assert_eq!(made.status, 201, "{}", made.text());
    let again = create_supply_order(&body, &key);
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(made.json()["id"], again.json()["id"]);

    let orders = orders_for(&reference);
    assert_eq!(orders.len(), 1, "{orders:?}");
    assert_eq!(orders[0]["id"], made.json()["id"]);
    assert_eq!(orders[0]["reference"], reference.as_str());
    assert_eq!(orders[0]["status"], "accepted");
}

#[test]
fn concurrent_order_creations_take_each_injected_failure_once() {
    let _serial = serial();
    let _clear = ClearFaults;
    let (_, sku) = pick_sku("demo");
    set_faults(3);
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let calls: Vec<_> = (0..6)
            .map(|_| {
                let sku = &sku;
                s.spawn(move || {
                    let body = order_request(&unique("PS-T"), sku);
                    create_supply_order(&body, &unique("race")).status
                })
            })
            .collect();
        calls
            .into_iter()
            .map(|c| c.join().expect("thread"))
            .collect()
    });
    let failed = statuses.iter().filter(|s| **s == 503).count();
    let made = statuses.iter().filter(|s| **s == 201).count();
    assert_eq!((failed, made), (3, 3), "{statuses:?}");
    assert_eq!(remaining_faults(), faults(0));
}

#[test]
fn the_fault_routes_refuse_a_bad_count() {
    let _serial = serial();
    for bad in [
        json!({"create_order_failures": -1}),
        json!({"create_order_failures": 1001}),
        json!({"failures": 1}),
    ] {
        let r = sim("POST", "/sim/faults", Some(&bad));
        assert_eq!(r.status, 400, "{bad}: {}", r.text());
    }
    assert_eq!(remaining_faults(), faults(0));
    let r = sim("GET", "/sim/orders", None);
    assert_eq!(
        (r.status, r.code()),
        (400, "invalid_field".to_owned()),
        "{}",
        r.text()
    );
}

#[test]
fn approving_a_refund_case_refunds_the_order_and_a_second_approval_is_409() {
    let _serial = serial();
    let (id, reference) = place_order();
    ship(&reference, false);
    let case = open_case(&id, "refund");

    let approved = resolve(&reference, &case, "approve");
    assert_eq!(approved.status, 200, "{}", approved.text());
    let answer = approved.json();
    assert_eq!(answer["case"]["id"], case.as_str());
    assert_eq!(answer["case"]["status"], "approved");
    assert_eq!(answer["order"]["status"], "refunded");
    assert!(
        answer["webhook"]["event_id"].is_string(),
        "after_sales.updated was sent: {answer}"
    );
    assert!(
        answer["refund_webhook"]["event_id"].is_string(),
        "order.refunded was sent: {answer}"
    );

    let order = supply_order(&id);
    assert_eq!(order["status"], "refunded");
    assert_eq!(order["after_sales"][0]["id"], case.as_str());
    assert_eq!(order["after_sales"][0]["status"], "approved");
    assert_eq!(order["after_sales"][0]["kind"], "refund");

    assert_invalid_transition(&resolve(&id, &case, "approve"));
    assert_invalid_transition(&resolve(&id, &case, "reject"));
    assert_eq!(supply_order(&id)["after_sales"][0]["status"], "approved");
}

#[test]
fn a_return_refunds_the_order_only_once_it_is_completed() {
    let _serial = serial();
    let (id, reference) = place_order();
    ship(&reference, true);
    let case = open_case(&id, "return");

    assert_invalid_transition(&resolve(&id, &case, "complete"));
    let approved = resolve(&id, &case, "approve");
    assert_eq!(approved.status, 200, "{}", approved.text());
    assert_eq!(approved.json()["order"]["status"], "delivered");
    assert_eq!(approved.json()["refund_webhook"], Value::Null);

    let completed = resolve(&id, &case, "complete");
    assert_eq!(completed.status, 200, "{}", completed.text());
    assert_eq!(completed.json()["case"]["status"], "completed");
    let order = supply_order(&id);
    assert_eq!(order["status"], "refunded");
    assert_eq!(order["after_sales"][0]["status"], "completed");
}

#[test]
fn a_rejected_case_is_final_and_an_unknown_case_or_order_is_404() {
    let _serial = serial();
    let (id, reference) = place_order();
    ship(&reference, false);
    let case = open_case(&id, "refund");

    let rejected = resolve(&reference, &case, "reject");
    assert_eq!(rejected.status, 200, "{}", rejected.text());
    assert_eq!(rejected.json()["case"]["status"], "rejected");
    assert_eq!(rejected.json()["order"]["status"], "shipped");
    for action in ["approve", "reject", "complete"] {
        assert_invalid_transition(&resolve(&id, &case, action));
    }
    assert_eq!(supply_order(&id)["status"], "shipped");

    let unknown_case = resolve(&id, "AS-NOSUCHCASE", "approve");
    assert_eq!(
        (unknown_case.status, unknown_case.code()),
        (404, "not_found".to_owned()),
        "{}",
        unknown_case.text()
    );
    let unknown_order = resolve("SO-NOSUCHORDER", &case, "approve");
    assert_eq!(
        (unknown_order.status, unknown_order.code()),
        (404, "order_not_found".to_owned()),
        "{}",
        unknown_order.text()
    );
    let unknown_action = resolve(&id, &case, "escalate");
    assert_eq!(unknown_action.status, 404, "{}", unknown_action.text());
}
