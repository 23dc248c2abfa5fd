//! Prepaid checkout and the order lifecycle against the fakes: the sandbox provider,
//! payment notices, expiry, submission retries and refunds.

use crate::common::*;
use crate::common::{
    body, code, get, order_body, paid_notice, payment, place_sandbox, post, run, sandbox_body,
    signed_event, PAGE,
};
use pocketshop_edge::base::http::{HttpRequest, HttpResponse, Method};
use pocketshop_edge::domain::orders::lifecycle;
use pocketshop_edge::domain::payments::sandbox::SandboxEvent;
use pocketshop_shared::api::{OrderCreated, OrderView, PaymentHandoff};
use pocketshop_shared::supply::{SupplyEvent, SupplyEventKind};
use serde_json::{json, Value};

fn order(app: &TestApp, created: &OrderCreated) -> OrderView {
    body(&get(
        app,
        &format!("/v1/orders/{}?token={}", created.order.id, created.token),
    ))
}

fn status(app: &TestApp, created: &OrderCreated) -> OrderStatus {
    app.store.orders.borrow()[&created.order.id].status
}

fn advance(app: &TestApp, created: &OrderCreated) -> Option<i64> {
    pollster::block_on(lifecycle::advance(app, &created.order.id)).expect("advance")
}

#[test]
fn a_sandbox_checkout_hands_the_shopper_to_the_pay_page_and_sets_the_deadline() {
    let app = app(3);
    let created = place_sandbox(&app, 2_100, 1, "k1");
    assert_eq!(created.order.status, OrderStatus::PendingPayment);
    let PaymentHandoff::Redirect {
        method,
        url,
        amount_due,
        pay_before,
    } = created.payment.clone()
    else {
        panic!("expected a redirect, got {:?}", created.payment);
    };
    assert_eq!(method, PaymentMethod::Sandbox);
    assert!(
        url.starts_with(&format!("{PUBLIC_URL}/v1/pay/sandbox/sbx_")),
        "{url}"
    );
    assert_eq!(amount_due, cny(2_100));
    assert_eq!(pay_before, app.now + 900);
    assert_eq!(app.platform.next_wake(&created.order.id), Some(pay_before));
    // Nothing goes to the supplier before payment.
    assert!(app.supplier.orders.borrow().is_empty());
    // The provider sends the shopper back to the order's deep link on the page.
    assert_eq!(
        payment(&app, &created).return_url,
        format!("{PAGE}#ps-order={}&shop=demo", created.order.id)
    );
    let view = order(&app, &created);
    assert_eq!(view.pay_url.as_deref(), Some(url.as_str()));
    assert_eq!(view.pay_before, Some(pay_before));
    assert!(view.test_mode);
    // The same key returns the same payment, not a second one.
    let again: OrderCreated = body(&post(
        &app,
        "/v1/shops/demo/orders",
        &sandbox_body(2_100, 1),
        Some("k1"),
    ));
    assert_eq!(again.payment, created.payment);
}

#[test]
fn a_verified_payment_sends_the_order_to_the_supplier_once_however_often_it_is_told() {
    let app = app(3);
    let created = place_sandbox(&app, 2_100, 1, "k1");
    for _ in 0..3 {
        let r = run(&app, paid_notice(&app, &created, "evt_1"));
        assert_eq!(r.status, 204, "{}", String::from_utf8_lossy(&r.body));
    }
    // A second notice with another id for the same payment changes nothing either.
    let r = run(&app, paid_notice(&app, &created, "evt_2"));
    assert_eq!(r.status, 204);
    assert_eq!(status(&app, &created), OrderStatus::Submitted);
    assert_eq!(app.supplier.orders.borrow().len(), 1);
    let supplier_order = app
        .supplier
        .orders
        .borrow()
        .values()
        .next()
        .cloned()
        .expect("one");
    assert_eq!(supplier_order.reference, created.order.id.to_string());
    assert_eq!(payment(&app, &created).status, PaymentStatus::Paid);
    let view = order(&app, &created);
    assert_eq!(view.pay_url, None);
    assert_eq!(view.pay_before, None);
}

#[test]
fn a_notice_with_a_bad_signature_or_for_another_payment_changes_nothing() {
    let app = app(3);
    let created = place_sandbox(&app, 2_100, 1, "k1");
    let mut forged = paid_notice(&app, &created, "evt_1");
    forged.headers.retain(|(n, _)| n != "sandbox-signature");
    forged = forged.with_header("sandbox-signature", "t=1790000000,v1=00");
    let r = run(&app, forged);
    assert_eq!((r.status, code(&r)), (401, "invalid_signature".into()));
    // Signed, but naming a reference the edge never opened.
    let event = SandboxEvent {
        id: "evt_x".into(),
        kind: "payment.succeeded".into(),
        order_id: created.order.id.to_string(),
        reference: "sbx_someone_else".into(),
        payment_id: Some("p".into()),
        amount: Some(cny(2_100)),
        refund_id: None,
    };
    let sandbox = app.payments.sandbox.as_ref().expect("sandbox");
    let r = run(&app, sandbox.notification(&event, app.now));
    assert_eq!(r.status, 404);
    // The right payment for the wrong amount.
    let event = SandboxEvent {
        reference: payment(&app, &created).reference,
        amount: Some(cny(1)),
        ..event
    };
    let r = run(&app, sandbox.notification(&event, app.now));
    assert_eq!((r.status, code(&r)), (400, "invalid_field".into()));
    assert_eq!(status(&app, &created), OrderStatus::PendingPayment);
    assert!(app.supplier.orders.borrow().is_empty());
}

#[test]
fn an_unpaid_order_expires_at_its_deadline_and_cannot_be_paid_after() {
    let mut app = app(3);
    let created = place_sandbox(&app, 2_100, 1, "k1");
    let deadline = created.order.pay_before.expect("deadline");
    assert_eq!(advance(&app, &created), Some(deadline), "not due yet");
    app.now = deadline;
    assert_eq!(advance(&app, &created), None);
    assert_eq!(status(&app, &created), OrderStatus::Expired);
    assert_eq!(payment(&app, &created).status, PaymentStatus::Closed);
    // The pay page no longer offers to pay.
    let reference = payment(&app, &created).reference;
    let page = run(
        &app,
        HttpRequest::new(Method::Get, &format!("/v1/pay/sandbox/{reference}")),
    );
    let html = String::from_utf8_lossy(&page.body);
    assert!(!html.contains("sandbox-pay"), "{html}");
    assert!(app.supplier.orders.borrow().is_empty());
}

#[test]
fn a_payment_that_arrives_after_expiry_is_refunded_not_shipped() {
    let mut app = app(3);
    let created = place_sandbox(&app, 2_100, 1, "k1");
    app.now = created.order.pay_before.expect("deadline");
    advance(&app, &created);
    let r = run(&app, paid_notice(&app, &created, "evt_late"));
    assert_eq!(r.status, 204);
    assert_eq!(status(&app, &created), OrderStatus::Expired);
    let p = payment(&app, &created);
    assert_eq!(p.status, PaymentStatus::Refunded);
    assert!(p.refund_id.is_some());
    assert!(app.supplier.orders.borrow().is_empty());
}

#[test]
fn a_supplier_outage_after_payment_is_retried_until_one_supplier_order_exists() {
    let mut app = app(3);
    let created = place_sandbox(&app, 2_100, 1, "k1");
    app.supplier.orders_down.set(true);
    let r = run(&app, paid_notice(&app, &created, "evt_1"));
    assert_eq!(
        r.status, 204,
        "the payment is recorded even while the supplier is down"
    );
    assert_eq!(status(&app, &created), OrderStatus::Paid);
    let first_retry = app
        .platform
        .wakes
        .borrow()
        .last()
        .map(|w| w.1)
        .expect("a retry");
    assert!(
        (app.now + 10..app.now + 20).contains(&first_retry),
        "{first_retry}"
    );
    // The timer fires while the supplier is still down: a longer wait.
    app.now = first_retry;
    let second_retry = advance(&app, &created).expect("another retry");
    assert!(second_retry - app.now >= 20, "{}", second_retry - app.now);
    // Then it answers.
    app.supplier.orders_down.set(false);
    app.now = second_retry;
    assert_eq!(advance(&app, &created), None);
    assert_eq!(status(&app, &created), OrderStatus::Submitted);
    // A late extra run sends nothing more.
    assert_eq!(advance(&app, &created), None);
    assert_eq!(app.supplier.orders.borrow().len(), 1);
    assert_eq!(app.store.orders.borrow()[&created.order.id].attempts, 0);
}

#[test]
fn a_paid_order_the_supplier_cannot_fill_is_cancelled_and_refunded() {
    let app = app(3);
    let created = place_sandbox(&app, 2_100, 1, "k1");
    // Sold out between checkout and payment.
    for p in app.supplier.catalogue.borrow_mut().iter_mut() {
        for s in &mut p.skus {
            s.stock = 0;
        }
    }
    let r = run(&app, paid_notice(&app, &created, "evt_1"));
    assert_eq!(r.status, 204);
    assert_eq!(status(&app, &created), OrderStatus::Refunded);
    assert_eq!(payment(&app, &created).status, PaymentStatus::Refunded);
}

#[test]
fn a_supplier_cancellation_of_a_paid_order_refunds_the_shopper() {
    let app = app(3);
    let created = place_sandbox(&app, 2_100, 1, "k1");
    run(&app, paid_notice(&app, &created, "evt_1"));
    let supplier_id = app.store.orders.borrow()[&created.order.id]
        .supplier_order_id
        .clone()
        .expect("submitted");
    let cancelled = SupplyEvent {
        event_id: "ev-c".into(),
        occurred_at: app.now,
        kind: SupplyEventKind::OrderCancelled {
            order_id: supplier_id.clone(),
            reference: created.order.id.to_string(),
        },
    };
    let r = run(&app, signed_event(&app, &cancelled, "n-1"));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(status(&app, &created), OrderStatus::Refunded);
    assert_eq!(payment(&app, &created).status, PaymentStatus::Refunded);
    // Delivered again (another event id): still refunded once, no error.
    let again = SupplyEvent {
        event_id: "ev-c2".into(),
        ..cancelled
    };
    let r = run(&app, signed_event(&app, &again, "n-2"));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(status(&app, &created), OrderStatus::Refunded);
}

#[test]
fn the_sandbox_pay_page_pays_once_and_sends_the_shopper_back() {
    let app = app(3);
    let created = place_sandbox(&app, 2_100, 1, "k1");
    let p = payment(&app, &created);
    let path = format!("/v1/pay/sandbox/{}", p.reference);
    let page = run(&app, HttpRequest::new(Method::Get, &path));
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-security-policy")
        .is_some_and(|c| c.contains("form-action 'self' http://127.0.0.1:8790")));
    let html = String::from_utf8_lossy(&page.body);
    assert!(
        html.contains("测试模式"),
        "the demo shop speaks Chinese: {html}"
    );
    assert!(html.contains("¥21.00"));
    let pay = || {
        run(
            &app,
            HttpRequest::new(Method::Post, &path)
                .with_header("content-type", "application/x-www-form-urlencoded")
                .with_body("action=pay"),
        )
    };
    for _ in 0..2 {
        let r: HttpResponse = pay();
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), Some(p.return_url.as_str()));
    }
    assert_eq!(status(&app, &created), OrderStatus::Submitted);
    assert_eq!(app.supplier.orders.borrow().len(), 1);
    let unknown = run(
        &app,
        HttpRequest::new(Method::Get, "/v1/pay/sandbox/sbx_nope"),
    );
    assert_eq!(unknown.status, 404);
}

#[test]
fn checkout_refuses_a_method_the_shop_does_not_offer_and_a_foreign_return_page() {
    let app = app(3);
    let mut b = sandbox_body(2_100, 1);
    b["payment_method"] = json!("stripe");
    let r = post(&app, "/v1/shops/demo/orders", &b, Some("k1"));
    assert_eq!(
        (r.status, code(&r)),
        (422, "payment_method_unavailable".into())
    );
    let mut b = sandbox_body(2_100, 1);
    b["return_url"] = json!("https://evil.example/phish");
    let r = post(&app, "/v1/shops/demo/orders", &b, Some("k2"));
    assert_eq!((r.status, code(&r)), (400, "invalid_field".into()));
    let mut b = sandbox_body(2_100, 1);
    b.as_object_mut().expect("object").remove("return_url");
    let r = post(&app, "/v1/shops/demo/orders", &b, Some("k3"));
    assert_eq!((r.status, code(&r)), (400, "invalid_field".into()));
    assert!(app.store.orders.borrow().is_empty());
}

#[test]
fn the_profile_offers_only_methods_this_deployment_has_set_up() {
    let app = app(3);
    let mut shop = demo_shop();
    shop.payment_methods = vec![
        PaymentMethod::Stripe,
        PaymentMethod::Sandbox,
        PaymentMethod::CashOnDelivery,
    ];
    app.store.shops.borrow_mut().insert(shop.id.clone(), shop);
    let profile: Value = body(&get(&app, "/v1/shops/demo"));
    assert_eq!(
        profile["payment_methods"],
        json!(["sandbox", "cash_on_delivery"])
    );
}

#[test]
fn a_shopper_asks_for_a_refund_of_a_delivered_order_and_sees_the_case() {
    let app = app(3);
    let r = post(
        &app,
        "/v1/shops/demo/orders",
        &order_body(2_100, 1),
        Some("k1"),
    );
    let created: OrderCreated = body(&r);
    let path = format!(
        "/v1/orders/{}/after-sales?token={}",
        created.order.id, created.token
    );
    let ask = json!({"kind": "refund", "reason": "尺码不合适"});
    // Not shipped yet: nothing to return.
    let r = post(&app, &path, &ask, None);
    assert_eq!((r.status, code(&r)), (409, "invalid_transition".into()));
    app.store
        .orders
        .borrow_mut()
        .get_mut(&created.order.id)
        .expect("order")
        .status = OrderStatus::Delivered;
    let r = post(&app, &path, &ask, None);
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let view = order(&app, &created);
    assert_eq!(view.after_sales.len(), 1);
    assert_eq!(view.after_sales[0].status, "requested");
    assert_eq!(view.after_sales[0].reason, "尺码不合适");
    // A wrong token opens nothing; an empty reason is refused.
    let wrong = path.replace(&created.token, "0".repeat(32).as_str());
    assert_eq!(post(&app, &wrong, &ask, None).status, 404);
    let r = post(
        &app,
        &path,
        &json!({"kind": "refund", "reason": "  "}),
        None,
    );
    assert_eq!((r.status, code(&r)), (400, "invalid_field".into()));
}

#[test]
fn the_suppliers_after_sales_decisions_show_on_the_order_and_an_approved_refund_returns_the_money()
{
    let app = app(3);
    let created = place_sandbox(&app, 2_100, 1, "k1");
    run(&app, paid_notice(&app, &created, "evt_1"));
    let id = created.order.id.clone();
    let supplier_id = app.store.orders.borrow()[&id]
        .supplier_order_id
        .clone()
        .expect("submitted");
    app.store
        .orders
        .borrow_mut()
        .get_mut(&id)
        .expect("order")
        .status = OrderStatus::Delivered;
    let path = format!("/v1/orders/{id}/after-sales?token={}", created.token);
    let r = post(
        &app,
        &path,
        &json!({"kind": "refund", "reason": "破损"}),
        None,
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let mut case: pocketshop_shared::supply::AfterSalesCase = body(&r);
    case.status = "approved".into();
    let event = |event_id: &str, kind| SupplyEvent {
        event_id: event_id.into(),
        occurred_at: app.now,
        kind,
    };
    let approved = event(
        "ev-a",
        SupplyEventKind::AfterSalesUpdated {
            order_id: supplier_id.clone(),
            reference: id.to_string(),
            case: case.clone(),
        },
    );
    let r = run(&app, signed_event(&app, &approved, "n-a"));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let refunded = event(
        "ev-r",
        SupplyEventKind::OrderRefunded {
            order_id: supplier_id,
            reference: id.to_string(),
        },
    );
    let r = run(&app, signed_event(&app, &refunded, "n-r"));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let view = order(&app, &created);
    assert_eq!(view.after_sales[0].status, "approved");
    assert_eq!(view.status, OrderStatus::Refunded);
    assert_eq!(payment(&app, &created).status, PaymentStatus::Refunded);
}

#[test]
fn a_refund_notice_naming_another_payment_changes_nothing() {
    let app = app(3);
    let paid = place_sandbox(&app, 2_100, 1, "k1");
    let other = place_sandbox(&app, 2_100, 1, "k2");
    assert_eq!(run(&app, paid_notice(&app, &paid, "evt_1")).status, 204);
    let sandbox = app.payments.sandbox.as_ref().expect("sandbox");
    let refund = |id: &str, reference: String| SandboxEvent {
        id: id.into(),
        kind: "refund.succeeded".into(),
        order_id: paid.order.id.to_string(),
        reference,
        payment_id: None,
        amount: None,
        refund_id: Some("sbxrefund_1".into()),
    };
    // Signed, and for the paid order, but naming the other order's payment.
    let forged = refund("evt_r1", payment(&app, &other).reference);
    let r = run(&app, sandbox.notification(&forged, app.now));
    assert_eq!(r.status, 404, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(payment(&app, &paid).status, PaymentStatus::Paid);
    // The order's own payment: refunded.
    let own = refund("evt_r2", payment(&app, &paid).reference);
    assert_eq!(run(&app, sandbox.notification(&own, app.now)).status, 204);
    assert_eq!(payment(&app, &paid).status, PaymentStatus::Refunded);
}
