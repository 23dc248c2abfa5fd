//! Stock holds through checkout and the order lifecycle against the fakes (the fake
//! platform keeps holds with the Durable Object's own logic): the last units, expiry,
//! settlement, supplier refusals and carts of several SKUs.

use crate::common::*;
use crate::common::{body, code, order_body, place, place_sandbox, post, sandbox_body};
use pocketshop_edge::domain::orders::lifecycle;
use pocketshop_edge::ports::holds::HoldCommand;
use pocketshop_shared::api::OrderCreated;
use serde_json::{json, Value};

/// The shop's total for `qty` units of a ¥13.00 SKU (¥8 shipping below ¥99).
fn total(qty: i64) -> i64 {
    let goods = 1_300 * qty;
    goods + if goods < 9_900 { 800 } else { 0 }
}

fn set_stock(app: &TestApp, sku: &str, stock: u32) {
    for p in app.supplier.catalogue.borrow_mut().iter_mut() {
        for s in p.skus.iter_mut().filter(|s| s.sku.as_str() == sku) {
            s.stock = stock;
        }
    }
}

fn sku(s: &str) -> Sku {
    Sku::parse(s).expect("valid")
}

fn held(app: &TestApp, s: &str) -> u64 {
    app.platform
        .holds
        .borrow()
        .get(&sku(s))
        .map_or(0, |h| h.held(app.platform.holds_clock_ms.get()))
}

/// A prepaid order of `qty` × `P1-A` that stays unpaid.
fn sandbox(app: &TestApp, qty: u32, key: &str) -> OrderCreated {
    place_sandbox(app, total(i64::from(qty)), qty, key)
}

fn refusal(r: &pocketshop_edge::base::http::HttpResponse) -> Value {
    assert_eq!(r.status, 409, "{}", String::from_utf8_lossy(&r.body));
    body(r)
}

#[test]
fn units_held_by_an_unpaid_order_are_not_sold_again_and_the_refusal_leaves_nothing() {
    let app = app(3);
    set_stock(&app, "P1-A", 2);
    sandbox(&app, 2, "first");
    assert_eq!(held(&app, "P1-A"), 2);
    let orders_before = app.store.orders.borrow().len();
    let r = place(&app, total(1), 1, "second");
    let answer = refusal(&r);
    assert_eq!(answer["code"], "out_of_stock");
    assert_eq!(answer["sku"], "P1-A");
    assert_eq!(answer["available"], 0);
    assert_eq!(
        app.store.orders.borrow().len(),
        orders_before,
        "no order row"
    );
    assert!(app.supplier.orders.borrow().is_empty(), "no supplier call");
    // The key was released: the same key may be used again once units are free.
    set_stock(&app, "P1-A", 3);
    assert_eq!(place(&app, total(1), 1, "second").status, 201);
}

#[test]
fn an_expired_order_gives_its_units_back() {
    let mut app = app(3);
    set_stock(&app, "P1-A", 1);
    let created = sandbox(&app, 1, "k1");
    assert_eq!(code(&place(&app, total(1), 1, "k2")), "out_of_stock");
    app.now = created.order.pay_before.expect("deadline");
    pollster::block_on(lifecycle::advance(&app, &created.order.id)).expect("advance");
    assert_eq!(
        app.store.orders.borrow()[&created.order.id].status,
        OrderStatus::Expired
    );
    assert_eq!(held(&app, "P1-A"), 0);
    assert_eq!(place(&app, total(1), 1, "k2").status, 201);
}

#[test]
fn a_hold_whose_release_never_came_lapses_at_its_deadline() {
    let mut app = app(3);
    set_stock(&app, "P1-A", 1);
    let created = sandbox(&app, 1, "k1");
    let deadline = created.order.pay_before.expect("deadline")
        + pocketshop_edge::domain::orders::holds::PAID_HANDOFF_SECS;
    // The order's timer never ran (no expiry, no release): only the clock moves.
    app.now = deadline - 1;
    app.platform.holds_clock_ms.set(deadline * 1000 - 1);
    assert_eq!(code(&place(&app, total(1), 1, "k2")), "out_of_stock");
    app.now = deadline;
    app.platform.holds_clock_ms.set(deadline * 1000);
    assert_eq!(place(&app, total(1), 1, "k2").status, 201);
}

#[test]
fn a_cash_on_delivery_order_settles_its_hold_and_the_units_are_counted_once() {
    let app = app(3);
    set_stock(&app, "P1-A", 3);
    for key in ["a", "b", "c"] {
        assert_eq!(place(&app, total(1), 1, key).status, 201, "{key}");
    }
    assert_eq!(held(&app, "P1-A"), 0, "all settled");
    assert_eq!(app.supplier.orders.borrow().len(), 3);
    let r = place(&app, total(1), 1, "d");
    assert_eq!(refusal(&r)["available"], 0);
    // A restock is sold in full: settled orders are not subtracted from it again.
    set_stock(&app, "P1-A", 2);
    assert_eq!(place(&app, total(2), 2, "e").status, 201);
}

#[test]
fn a_refusal_owed_to_a_settlement_after_the_stock_was_read_is_retried_with_fresh_stock() {
    let app = app(3);
    set_stock(&app, "P1-A", 1);
    let p1 = ProductId::parse("P1").expect("valid");
    let (_, marks) = pollster::block_on(pocketshop_edge::domain::orders::holds::fresh_product(
        &app.supplier,
        &app.platform,
        &p1,
        &[sku("P1-A")],
    ))
    .expect("read");
    // Another order settles between this checkout's mark and its hold: the stock it
    // read (1) may or may not count that order, so the first hold is refused with
    // `retry`; the retry reads a new mark and fresh stock (still 1: a restock) and
    // is granted.
    app.platform
        .holds
        .borrow_mut()
        .entry(sku("P1-A"))
        .or_default()
        .apply(
            HoldCommand::Settle {
                order: "PS-ELSEWHERE".into(),
                qty: 1,
            },
            app.platform.holds_clock_ms.get(),
        );
    let products: HashMap<ProductId, SupplyProduct> = app
        .supplier
        .catalogue
        .borrow()
        .iter()
        .map(|p| (p.id.clone(), p.clone()))
        .collect();
    let wanted = vec![(sku("P1-A"), p1, 1)];
    let order = OrderId::parse("PS-RETRY").expect("valid");
    let until = app.now + 60;
    pollster::block_on(pocketshop_edge::domain::orders::holds::hold_all(
        &app, &order, &wanted, &marks, &products, until,
    ))
    .expect("granted on the second attempt");
    let commands = app.platform.hold_commands.borrow();
    let marks_read = commands
        .iter()
        .filter(|(_, c)| *c == HoldCommand::Mark)
        .count();
    let holds_sent = commands
        .iter()
        .filter(|(_, c)| matches!(c, HoldCommand::Hold { .. }))
        .count();
    assert_eq!(
        (marks_read, holds_sent),
        (2, 2),
        "one retry with a new mark"
    );
    assert_eq!(held(&app, "P1-A"), 1);
}

#[test]
fn a_cart_holds_every_sku_or_none() {
    let app = app(3);
    set_stock(&app, "P1-A", 5);
    set_stock(&app, "P2-A", 1);
    sandbox_two(&app, "P2-A", 1, "holder");
    let mut b = order_body(total(2), 1);
    b["lines"] = json!([
        {"product_id": "P1", "sku": "P1-A", "quantity": 1},
        {"product_id": "P2", "sku": "P2-A", "quantity": 1}
    ]);
    let r = post(&app, "/v1/shops/demo/orders", &b, Some("cart"));
    let answer = refusal(&r);
    assert_eq!(answer["sku"], "P2-A");
    assert_eq!(held(&app, "P1-A"), 0, "P1-A was released when P2-A refused");
    assert_eq!(held(&app, "P2-A"), 1);
}

/// A prepaid order of `qty` of `sku_id` (of product P2) that stays unpaid.
fn sandbox_two(app: &TestApp, sku_id: &str, qty: u32, key: &str) {
    let mut b = sandbox_body(total(i64::from(qty)), qty);
    b["lines"] = json!([{"product_id": "P2", "sku": sku_id, "quantity": qty}]);
    let r = post(app, "/v1/shops/demo/orders", &b, Some(key));
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
}

#[test]
fn a_paid_order_the_supplier_refuses_releases_its_hold() {
    let app = app(3);
    set_stock(&app, "P1-A", 1);
    let created = sandbox(&app, 1, "k1");
    set_stock(&app, "P1-A", 0);
    // Paid: the hand-off is refused (sold out elsewhere), the order cancelled.
    app.store
        .orders
        .borrow_mut()
        .get_mut(&created.order.id)
        .expect("order")
        .status = OrderStatus::Paid;
    pollster::block_on(lifecycle::advance(&app, &created.order.id)).expect("advance");
    assert_ne!(
        app.store.orders.borrow()[&created.order.id].status,
        OrderStatus::Paid
    );
    assert_eq!(held(&app, "P1-A"), 0);
    assert!(app
        .platform
        .hold_commands
        .borrow()
        .iter()
        .any(|(_, c)| matches!(
            c,
            HoldCommand::Release { order } if *order == created.order.id.to_string()
        )));
}

#[test]
fn checkout_fails_whole_when_the_holds_cannot_be_reached() {
    let app = app(3);
    app.platform.holds_down.set(true);
    let r = place(&app, total(1), 1, "k1");
    assert!(r.status >= 500, "{}", r.status);
    assert!(app.store.orders.borrow().is_empty());
    assert!(app.supplier.orders.borrow().is_empty());
    app.platform.holds_down.set(false);
    assert_eq!(
        place(&app, total(1), 1, "k1").status,
        201,
        "the key was released"
    );
}
