//! Prepaid orders against the real local runtime: the sandbox provider's
//! notifications, expiry through the orders' Durable Object timers, and the
//! supplier hand-off retried through an outage. Started by `cargo xtask test`,
//! which adds the test shop `brief` whose orders expire after 4 seconds.

use hmac::{Hmac, Mac};
use pocketshop_tests::{
    contact, edge_var, order_view, paid_event, pick_sku, post, quote, runtime, sandbox_notice,
    send, supplier_orders, unique, Reply, ORIGIN,
};
use serde_json::{json, Value};
use sha2::Sha256;
use std::time::{Duration, Instant};

/// Checks out one unit of an in-stock SKU of `shop` to pay in the sandbox.
fn place_sandbox(shop: &str) -> Value {
    let (product, sku) = pick_sku(shop);
    let total = quote(shop, &product, &sku, 1)["total"].clone();
    let body = json!({
        "lines": [{"product_id": product, "sku": sku, "quantity": 1}],
        "confirmed_total": total, "contact": contact(), "payment_method": "sandbox",
        "return_url": format!("{ORIGIN}/blog.html#ps-cart"),
    });
    let r = post(
        &format!("/v1/shops/{shop}/orders"),
        &body,
        &[("idempotency-key", &unique("pay"))],
    );
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

/// Polls the order until its status is `want` (or the time runs out).
fn wait_for_status(created: &Value, want: &str, within: Duration) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let order = order_view(created);
        if order["status"] == want || Instant::now() > deadline {
            return order;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The sandbox's notification, signed here independently of the edge's code:
/// `t=<unix>,v1=hex(HMAC-SHA256(SANDBOX_SECRET, "<unix>.<body>"))`.
fn pay_page(created: &Value, action: Option<&str>) -> Reply {
    let url = created["payment"]["url"].as_str().expect("pay url");
    match action {
        None => send("GET", url, &[], None),
        Some(a) => send(
            "POST",
            url,
            &[("content-type", "application/x-www-form-urlencoded")],
            Some(format!("action={a}").as_bytes()),
        ),
    }
}

#[test]
fn a_payment_notice_delivered_three_times_counts_once() {
    let created = place_sandbox("demo");
    assert_eq!(created["order"]["status"], "pending_payment");
    assert_eq!(created["payment"]["kind"], "redirect");
    let id = created["order"]["id"].as_str().expect("id");
    let event = paid_event(&created, &unique("evt"));
    for _ in 0..3 {
        let r = sandbox_notice(&event);
        assert_eq!(r.status, 204, "{}", r.text());
    }
    let order = wait_for_status(&created, "submitted", Duration::from_secs(10));
    assert_eq!(order["status"], "submitted", "{order}");
    assert_eq!(order["pay_url"], Value::Null);
    assert_eq!(supplier_orders(id).len(), 1);
}

#[test]
fn a_notice_with_a_wrong_or_stale_signature_is_refused_and_changes_nothing() {
    let created = place_sandbox("demo");
    let event = paid_event(&created, &unique("evt"));
    let bytes = serde_json::to_vec(&event).expect("json");
    let url = format!("{}/v1/hooks/payments/sandbox", runtime().edge);
    let t = pocketshop_tests::now();
    for signature in [
        format!("t={t},v1={}", "0".repeat(64)),
        "v1=abc".to_owned(),
        // Correctly made, ten minutes ago.
        {
            let old = t - 600;
            let mut mac =
                Hmac::<Sha256>::new_from_slice(edge_var("SANDBOX_SECRET").as_bytes()).expect("key");
            mac.update(format!("{old}.").as_bytes());
            mac.update(&bytes);
            format!("t={old},v1={}", hex::encode(mac.finalize().into_bytes()))
        },
    ] {
        let r = send(
            "POST",
            &url,
            &[
                ("content-type", "application/json"),
                ("sandbox-signature", &signature),
            ],
            Some(&bytes),
        );
        assert_eq!(r.status, 401, "{signature}: {}", r.text());
        assert_eq!(r.code(), "invalid_signature");
    }
    assert_eq!(order_view(&created)["status"], "pending_payment");
}

#[test]
fn an_unpaid_order_expires_by_its_timer_and_can_no_longer_be_paid() {
    let created = place_sandbox("brief");
    let order = order_view(&created);
    let pay_before = order["pay_before"].as_i64().expect("deadline");
    assert!(pay_before - pocketshop_tests::now() <= 5, "{order}");
    // Nobody touches the order: its Durable Object's alarm expires it.
    let order = wait_for_status(&created, "expired", Duration::from_secs(20));
    assert_eq!(order["status"], "expired", "{order}");
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    eprintln!(
        "figure: seen expired {} ms after its deadline (polled every 250 ms)",
        i128::try_from(now_ms).unwrap_or(0) - i128::from(pay_before) * 1000
    );
    assert_eq!(order["pay_url"], Value::Null);
    // The pay page says so and paying does nothing.
    let page = pay_page(&created, None);
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("sandbox-pay"), "{}", page.text());
    let r = pay_page(&created, Some("pay"));
    assert_ne!(r.status, 303, "an expired order is not paid: {}", r.text());
    assert_eq!(order_view(&created)["status"], "expired");
    let id = created["order"]["id"].as_str().expect("id");
    assert!(supplier_orders(id).is_empty());
}

/// Sets the supplier's injected order failures back to none when dropped, so a
/// failing test cannot leave the supplier refusing the tests after it.
struct ClearFaults;

impl Drop for ClearFaults {
    fn drop(&mut self) {
        let faults = format!("{}/sim/faults", runtime().supply);
        send(
            "POST",
            &faults,
            &[("content-type", "application/json")],
            Some(br#"{"create_order_failures": 0}"#),
        );
    }
}

#[test]
fn a_supplier_outage_during_submission_is_retried_until_exactly_one_supplier_order() {
    let created = place_sandbox("demo");
    let id = created["order"]["id"].as_str().expect("id");
    // The supplier refuses the next two orders it is sent.
    let faults = format!("{}/sim/faults", runtime().supply);
    let _clear = ClearFaults;
    let r = send(
        "POST",
        &faults,
        &[("content-type", "application/json")],
        Some(br#"{"create_order_failures": 2}"#),
    );
    assert!(r.status < 300, "{}", r.text());
    // The shopper pays on the sandbox page and is sent back to the host page.
    let r = pay_page(&created, Some("pay"));
    assert_eq!(r.status, 303, "{}", r.text());
    let back = r.header("location").expect("location").to_owned();
    assert!(
        back.starts_with(&format!("{ORIGIN}/blog.html#ps-order={id}&shop=demo")),
        "{back}"
    );
    assert_eq!(order_view(&created)["status"], "paid");
    let paid_at = Instant::now();
    // The order's timer retries (after 2 s, then 4 s, with jitter) until it answers.
    let order = wait_for_status(&created, "submitted", Duration::from_secs(40));
    eprintln!(
        "figure: submitted on the third attempt {:.1} s after payment",
        paid_at.elapsed().as_secs_f64()
    );
    assert_eq!(order["status"], "submitted", "{order}");
    assert_eq!(supplier_orders(id).len(), 1);
    let left = send("GET", &faults, &[], None).json();
    assert_eq!(left["create_order_failures"], 0, "{left}");
}

#[test]
fn a_paid_order_is_shipped_and_delivered_and_can_ask_for_a_refund() {
    let created = place_sandbox("demo");
    let id = created["order"]["id"].as_str().expect("id");
    assert_eq!(pay_page(&created, Some("pay")).status, 303);
    wait_for_status(&created, "submitted", Duration::from_secs(10));
    for action in ["ship", "deliver"] {
        let url = format!("{}/sim/orders/{id}/{action}", runtime().supply);
        let r = send(
            "POST",
            &url,
            &[("content-type", "application/json")],
            Some(b"{}"),
        );
        assert_eq!(r.status, 200, "{action}: {}", r.text());
    }
    let order = order_view(&created);
    assert_eq!(order["status"], "delivered", "{order}");
    assert_eq!(order["test_mode"], true);
    let path = format!(
        "/v1/orders/{id}/after-sales?token={}",
        created["token"].as_str().expect("token")
    );
    let r = post(
        &path,
        &json!({"kind": "refund", "reason": "颜色和图片不一样"}),
        &[],
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let order = order_view(&created);
    assert_eq!(order["after_sales"][0]["status"], "requested", "{order}");
    assert_eq!(order["after_sales"][0]["kind"], "refund");
}
