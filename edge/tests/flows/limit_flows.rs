//! Rate limits on checkout and the webhook receivers, through the router.

use crate::common::*;
use crate::common::{code, order_body, run};
use pocketshop_edge::base::http::{HttpRequest, Method};

fn checkout_from(app: &TestApp, ip: &str, key: &str) -> pocketshop_edge::base::http::HttpResponse {
    let req = HttpRequest::new(Method::Post, "/v1/shops/demo/orders")
        .with_header("origin", ORIGIN)
        .with_header("content-type", "application/json")
        .with_header("idempotency-key", key)
        .with_header("cf-connecting-ip", ip)
        .with_body(serde_json::to_vec(&order_body(2_100, 1)).expect("json"));
    run(app, req)
}

#[test]
fn a_client_past_the_checkout_limit_gets_429_with_retry_after_and_others_are_served() {
    let app = app(2);
    app.platform.rate_allowance.set(3);
    for i in 0..3 {
        let r = checkout_from(&app, "10.0.0.1", &format!("key-{i}"));
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    }
    let refused = checkout_from(&app, "10.0.0.1", "key-3");
    assert_eq!(
        (refused.status, code(&refused)),
        (429, "rate_limited".into())
    );
    assert_eq!(refused.header("retry-after"), Some("60"));
    // The refusal came before anything was stored or sent.
    assert_eq!(app.store.orders.borrow().len(), 3);
    assert_eq!(app.supplier.orders.borrow().len(), 3);
    // Another shopper is not held back by the first.
    let other = checkout_from(&app, "10.0.0.2", "key-4");
    assert_eq!(other.status, 201);
}

#[test]
fn a_webhook_flood_is_refused_before_its_signature_is_checked() {
    let app = app(1);
    app.platform.rate_allowance.set(2);
    let hook = || {
        HttpRequest::new(Method::Post, "/v1/hooks/supply")
            .with_header("content-type", "application/json")
            .with_header("cf-connecting-ip", "203.0.113.9")
            .with_body("{}")
    };
    for _ in 0..2 {
        let r = run(&app, hook());
        assert_eq!((r.status, code(&r)), (401, "invalid_signature".into()));
    }
    let r = run(&app, hook());
    assert_eq!((r.status, code(&r)), (429, "rate_limited".into()));
    assert_eq!(r.header("retry-after"), Some("10"));
}
