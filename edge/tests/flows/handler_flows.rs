//! Handler flows through the router: catalogue reads, quotes, checkout, orders,
//! webhooks and the owner API, against the in-memory fakes.

use crate::common::*;

#[test]
fn the_catalogue_is_fetched_once_and_then_served_from_the_cache() {
    let app = app(250);
    let first: ProductList = body(&get(&app, "/v1/shops/demo/products?limit=10"));
    assert_eq!(first.items.len(), 10);
    let calls = app.supplier.page_calls.get();
    assert_eq!(calls, 2, "250 products take two supplier pages of 200");
    let _ = get(&app, "/v1/shops/demo/products?limit=10&cursor=o10");
    assert_eq!(app.supplier.page_calls.get(), calls);
}

#[test]
fn a_shopper_quotes_orders_and_follows_the_parcel() {
    let app = app(3);
    let quote: Quote = body(&post(
        &app,
        "/v1/shops/demo/quote",
        &json!({"lines": [{"product_id": "P1", "sku": "P1-A", "quantity": 2}]}),
        None,
    ));
    // 2 × ¥13.00 + ¥8.00 shipping.
    assert_eq!(quote.total, cny(3_400));

    let r = post(
        &app,
        "/v1/shops/demo/orders",
        &order_body(3_400, 2),
        Some("key-1"),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("access-control-allow-origin"), Some(ORIGIN));
    let created: OrderCreated = body(&r);
    assert_eq!(created.order.status, OrderStatus::Submitted);
    assert_eq!(app.supplier.orders.borrow().len(), 1);

    let id = created.order.id.clone();
    let supplier_id = app.store.orders.borrow()[&id]
        .supplier_order_id
        .clone()
        .expect("submitted");
    let shipped = SupplyEvent {
        event_id: "ev-1".into(),
        occurred_at: app.now,
        kind: SupplyEventKind::OrderShipped {
            order_id: supplier_id,
            reference: id.to_string(),
            shipment: Shipment {
                carrier: "SF Express".into(),
                tracking_number: "SF123".into(),
                shipped_at: app.now,
                delivered_at: None,
            },
        },
    };
    let r = run(&app, signed_event(&app, &shipped, "n-1"));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));

    let view: OrderView = body(&get(
        &app,
        &format!("/v1/orders/{id}?token={}", created.token),
    ));
    assert_eq!(view.status, OrderStatus::Shipped);
    assert_eq!(view.shipments[0].tracking_number, "SF123");

    let wrong = get(
        &app,
        &format!("/v1/orders/{id}?token=00000000000000000000000000000000"),
    );
    assert_eq!(
        (wrong.status, code(&wrong)),
        (404, "order_not_found".into())
    );
}

#[test]
fn the_same_key_and_body_returns_the_same_order_once() {
    let app = app(2);
    let first: OrderCreated = body(&place(&app, 2_100, 1, "k"));
    let again = place(&app, 2_100, 1, "k");
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    let second: OrderCreated = body(&again);
    assert_eq!(first, second);
    assert_eq!(app.supplier.orders.borrow().len(), 1);
    assert_eq!(app.store.orders.borrow().len(), 1);
}

#[test]
fn the_same_key_with_another_body_is_a_422() {
    let app = app(2);
    assert_eq!(place(&app, 2_100, 1, "k").status, 201);
    let r = place(&app, 3_400, 2, "k");
    assert_eq!((r.status, code(&r)), (422, "idempotency_conflict".into()));
}

#[test]
fn a_retry_after_a_supplier_outage_resumes_the_same_order() {
    let app = app(2);
    // The catalogue answers and the order is stored; then the supplier fails to
    // take it.
    app.supplier.orders_down.set(true);
    let r = place(&app, 2_100, 1, "k");
    assert_eq!((r.status, code(&r)), (503, "supplier_unavailable".into()));
    assert!(r.header("retry-after").is_some());
    let pending: Vec<OrderId> = app.store.orders.borrow().keys().cloned().collect();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        app.store.orders.borrow()[&pending[0]].status,
        OrderStatus::PendingPayment
    );

    app.supplier.orders_down.set(false);
    let r = place(&app, 2_100, 1, "k");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let created: OrderCreated = body(&r);
    assert_eq!(
        created.order.id, pending[0],
        "the retry resumed the stored order"
    );
    assert_eq!(created.order.status, OrderStatus::Submitted);
    assert_eq!(app.supplier.orders.borrow().len(), 1);
    assert_eq!(app.store.orders.borrow().len(), 1, "no second local order");
}

#[test]
fn a_changed_price_is_refused_rather_than_charged() {
    let app = app(1);
    let r = place(&app, 1_000, 1, "k");
    assert_eq!((r.status, code(&r)), (409, "price_changed".into()));
    assert!(app.supplier.orders.borrow().is_empty());
    // The key was released: the corrected request goes through.
    assert_eq!(place(&app, 2_100, 1, "k").status, 201);
}

#[test]
fn an_out_of_stock_sku_is_refused_with_its_code() {
    let app = app(1);
    let mut b = order_body(2_100, 1);
    b["lines"][0]["sku"] = json!("P1-B");
    let r = post(&app, "/v1/shops/demo/orders", &b, Some("k"));
    assert_eq!((r.status, code(&r)), (409, "out_of_stock".into()));
}

#[test]
fn a_replayed_or_badly_signed_webhook_is_refused() {
    let app = app(1);
    let event = SupplyEvent {
        event_id: "e".into(),
        occurred_at: 0,
        kind: SupplyEventKind::ProductUpdated {
            product_id: "P1".into(),
        },
    };
    assert_eq!(run(&app, signed_event(&app, &event, "n")).status, 200);
    let replay = run(&app, signed_event(&app, &event, "n"));
    assert_eq!(
        (replay.status, code(&replay)),
        (401, "replayed_request".into())
    );
    let mut tampered = signed_event(&app, &event, "n2");
    tampered.body.push(b' ');
    let r = run(&app, tampered);
    assert_eq!((r.status, code(&r)), (401, "invalid_signature".into()));
    let unsigned = HttpRequest::new(Method::Post, "/v1/hooks/supply")
        .with_header("content-type", "application/json");
    assert_eq!(code(&run(&app, unsigned)), "invalid_signature");
}

#[test]
fn a_redelivered_event_changes_nothing_twice() {
    let app = app(1);
    let created: OrderCreated = body(&place(&app, 2_100, 1, "k"));
    let id = created.order.id;
    let so = app.store.orders.borrow()[&id]
        .supplier_order_id
        .clone()
        .expect("submitted");
    let delivered = SupplyEvent {
        event_id: "d".into(),
        occurred_at: 0,
        kind: SupplyEventKind::OrderDelivered {
            order_id: so.clone(),
            reference: id.to_string(),
            delivered_at: 5,
        },
    };
    // Delivered before shipped: too early, the supplier should retry later.
    let early = run(&app, signed_event(&app, &delivered, "n0"));
    assert_eq!(
        (early.status, code(&early)),
        (409, "invalid_transition".into())
    );
    let shipped = SupplyEvent {
        event_id: "s".into(),
        occurred_at: 0,
        kind: SupplyEventKind::OrderShipped {
            order_id: so,
            reference: id.to_string(),
            shipment: Shipment {
                carrier: "YTO".into(),
                tracking_number: "YT1".into(),
                shipped_at: 1,
                delivered_at: None,
            },
        },
    };
    for nonce in ["n1", "n2", "n3"] {
        let r = run(&app, signed_event(&app, &shipped, nonce));
        assert_eq!(r.status, 200);
    }
    assert_eq!(app.store.orders.borrow()[&id].shipments.len(), 1);
    assert_eq!(run(&app, signed_event(&app, &delivered, "n4")).status, 200);
    assert_eq!(
        app.store.orders.borrow()[&id].status,
        OrderStatus::Delivered
    );
}

#[test]
fn cors_refuses_other_origins_and_answers_preflights() {
    let app = app(1);
    let r = run(
        &app,
        HttpRequest::new(Method::Get, "/v1/shops/demo")
            .with_header("origin", "http://127.0.0.1:8790.evil.test"),
    );
    assert_eq!((r.status, code(&r)), (403, "origin_not_allowed".into()));
    let pre = run(
        &app,
        HttpRequest::new(Method::Options, "/v1/shops/demo/orders")
            .with_header("origin", ORIGIN)
            .with_header("access-control-request-method", "POST"),
    );
    assert_eq!(pre.status, 204);
    assert_eq!(pre.header("access-control-allow-origin"), Some(ORIGIN));
}

#[test]
fn unknown_routes_shops_and_methods_get_their_codes() {
    let app = app(1);
    let r = get(&app, "/v1/shops/nobody");
    assert_eq!((r.status, code(&r)), (404, "unknown_shop".into()));
    let r = get(&app, "/v1/nothing");
    assert_eq!((r.status, code(&r)), (404, "not_found".into()));
    let r = run(
        &app,
        HttpRequest::new(Method::Other("DELETE".into()), "/v1/shops/demo/products")
            .with_header("origin", ORIGIN),
    );
    assert_eq!((r.status, code(&r)), (405, "method_not_allowed".into()));
    assert_eq!(r.header("allow"), Some("GET"));
    let r = post(&app, "/v1/shops/demo/orders", &order_body(2_100, 1), None);
    assert_eq!(
        (r.status, code(&r)),
        (400, "missing_idempotency_key".into())
    );
    let r = get(&app, "/v1/shops/demo/products/..%2F..%2Fetc");
    assert_eq!((r.status, code(&r)), (404, "unknown_product".into()));
}
