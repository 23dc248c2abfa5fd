//! Coupons, referral and the commission ledger against the fakes: the price chain at
//! quote and checkout, coupon limits and giving uses back, the wallet's issue rules,
//! sharer codes, attribution and earnings.

use crate::common::*;
use crate::common::{
    body, code, get, order_body, owner_request, owner_with_shop, paid_notice, post, run,
    signed_event, PAGE,
};
use pocketshop_edge::base::http::{HttpRequest, Method};
use pocketshop_edge::domain::orders::lifecycle;
use pocketshop_edge::ports::store::money::MoneyStore;
use pocketshop_shared::api::{OrderCreated, OrderView, Wallet};
use pocketshop_shared::coupon::{
    Coupon, CouponCode, CouponTemplate, CouponValue, IssueRules, WinBackRung, DAY_SECS,
};
use pocketshop_shared::quote::Quote;
use pocketshop_shared::referral::{Party, SharerCreated, SharerEarnings};
use serde_json::{json, Value};

const SHOPPER: &str = "shopper-0000000000000001";
const FRIEND: &str = "shopper-0000000000000002";

fn shop_id() -> ShopId {
    ShopId::parse("demo").expect("valid")
}

fn coupon(code: &str, value: CouponValue) -> Coupon {
    Coupon {
        code: CouponCode::parse(code).expect("valid"),
        value,
        min_spend: None,
        valid_from: None,
        valid_until: None,
        per_shopper_limit: None,
        total_limit: None,
        issued_to: None,
    }
}

fn add_coupon(app: &TestApp, c: &Coupon) {
    assert!(pollster::block_on(app.store.insert_coupon(&shop_id(), c, app.now)).expect("stored"));
}

fn quote(app: &TestApp, extra: Value) -> pocketshop_edge::base::http::HttpResponse {
    let mut b = json!({"lines": [{"product_id": "P1", "sku": "P1-A", "quantity": 2}]});
    for (k, v) in extra.as_object().expect("object") {
        b[k] = v.clone();
    }
    post(app, "/v1/shops/demo/quote", &b, None)
}

/// Checks out `quantity` × `P1-A` on delivery with `extra` fields.
fn place_with(
    app: &TestApp,
    total: i64,
    quantity: u32,
    extra: Value,
    key: &str,
) -> pocketshop_edge::base::http::HttpResponse {
    let mut b = order_body(total, quantity);
    for (k, v) in extra.as_object().expect("object") {
        b[k] = v.clone();
    }
    post(app, "/v1/shops/demo/orders", &b, Some(key))
}

/// `extra` with the fields of a prepaid (sandbox) checkout added.
fn prepaid(mut extra: Value) -> Value {
    extra["payment_method"] = json!("sandbox");
    extra["return_url"] = json!(PAGE);
    extra
}

#[test]
fn a_coupon_comes_off_the_quote_and_the_order_and_the_order_shows_it() {
    let app = app(2);
    add_coupon(
        &app,
        &coupon("SAVE5", CouponValue::Fixed { amount: cny(500) }),
    );
    let r = quote(&app, json!({"coupon": "save5"}));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let q: Quote = body(&r);
    // 2 × ¥13.00 − ¥5.00 + ¥8.00 shipping.
    assert_eq!(
        (q.subtotal, q.discount, q.total),
        (cny(2_600), cny(500), cny(2_900))
    );
    assert_eq!(q.coupon.as_ref().map(CouponCode::as_str), Some("SAVE5"));
    let r = place_with(&app, 2_900, 2, json!({"coupon": "SAVE5"}), "k1");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let created: OrderCreated = body(&r);
    assert_eq!(created.order.discount, Some(cny(500)));
    assert_eq!(created.order.total, cny(2_900));
    let view: OrderView = body(&get(
        &app,
        &format!("/v1/orders/{}?token={}", created.order.id, created.token),
    ));
    assert_eq!(view.coupon.as_ref().map(CouponCode::as_str), Some("SAVE5"));
}

#[test]
fn each_coupon_refusal_reaches_the_shopper_with_its_reason() {
    let app = app(2);
    let mut min = coupon(
        "BIG",
        CouponValue::Percent {
            basis_points: 1_000,
        },
    );
    min.min_spend = Some(cny(10_000));
    add_coupon(&app, &min);
    let mut later = coupon(
        "LATER",
        CouponValue::Percent {
            basis_points: 1_000,
        },
    );
    later.valid_from = Some(app.now + 10);
    add_coupon(&app, &later);
    let r = quote(&app, json!({"coupon": "BIG"}));
    assert_eq!((r.status, code(&r)), (409, "coupon_not_applicable".into()));
    let v: Value = body(&r);
    assert_eq!(v["reason"], "min_spend");
    assert_eq!(v["min_spend"]["amount"], 10_000);
    let r = quote(&app, json!({"coupon": "LATER"}));
    assert_eq!(body::<Value>(&r)["reason"], "not_yet_valid");
    let r = quote(&app, json!({"coupon": "NOPE"}));
    assert_eq!((r.status, code(&r)), (404, "unknown_campaign".into()));
    let r = quote(&app, json!({"coupon": "bad code!"}));
    assert_eq!((r.status, code(&r)), (400, "invalid_field".into()));
}

/// Adds `ONCE`, ¥1.00 off, which one order in all may use.
fn add_one_use_coupon(app: &TestApp) {
    let mut once = coupon("ONCE", CouponValue::Fixed { amount: cny(100) });
    once.total_limit = Some(1);
    add_coupon(app, &once);
}

#[test]
fn a_coupons_total_limit_holds_and_a_given_up_order_frees_its_use() {
    let mut app = app(2);
    add_one_use_coupon(&app);
    // A prepaid order takes the only use...
    let r = place_with(&app, 2_000, 1, prepaid(json!({"coupon": "ONCE"})), "k1");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let created: OrderCreated = body(&r);
    // ...so nobody else gets it.
    let r = place_with(&app, 2_000, 1, json!({"coupon": "ONCE"}), "k2");
    assert_eq!(body::<Value>(&r)["reason"], "used_up");
    // The unpaid order expires: the use is free again.
    app.now = created.order.pay_before.expect("deadline");
    pollster::block_on(lifecycle::advance(&app, &created.order.id)).expect("advanced");
    assert_eq!(
        app.store.orders.borrow()[&created.order.id].status,
        OrderStatus::Expired
    );
    let r = place_with(&app, 2_000, 1, json!({"coupon": "ONCE"}), "k3");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
}

#[test]
fn an_order_the_supplier_cancels_gives_its_coupon_use_back() {
    let app = app(2);
    add_one_use_coupon(&app);
    let r = place_with(&app, 2_000, 1, json!({"coupon": "ONCE"}), "k1");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let created: OrderCreated = body(&r);
    let r = place_with(&app, 2_000, 1, json!({"coupon": "ONCE"}), "k2");
    assert_eq!(body::<Value>(&r)["reason"], "used_up");
    supplier_cancels(&app, &created);
    let r = place_with(&app, 2_000, 1, json!({"coupon": "ONCE"}), "k3");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
}

/// The supplier's signed webhook cancels an order it had taken.
fn supplier_cancels(app: &TestApp, created: &OrderCreated) {
    let supplier_id = app.store.orders.borrow()[&created.order.id]
        .supplier_order_id
        .clone()
        .expect("submitted");
    let cancelled = pocketshop_shared::supply::SupplyEvent {
        event_id: format!("ev-cancel-{}", created.order.id),
        occurred_at: app.now,
        kind: pocketshop_shared::supply::SupplyEventKind::OrderCancelled {
            order_id: supplier_id,
            reference: created.order.id.to_string(),
        },
    };
    let nonce = format!("n-cancel-{}", created.order.id);
    let r = run(app, signed_event(app, &cancelled, &nonce));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(status_of(app, created), OrderStatus::Cancelled);
}

#[test]
fn a_per_shopper_limit_needs_the_shopper_and_counts_their_orders() {
    let app = app(2);
    let mut each = coupon("EACH", CouponValue::Fixed { amount: cny(100) });
    each.per_shopper_limit = Some(1);
    add_coupon(&app, &each);
    let r = quote(&app, json!({"coupon": "EACH"}));
    assert_eq!((r.status, code(&r)), (400, "invalid_field".into()));
    let me = json!({"coupon": "EACH", "shopper": SHOPPER});
    assert_eq!(place_with(&app, 2_000, 1, me.clone(), "k1").status, 201);
    let r = place_with(&app, 2_000, 1, me, "k2");
    assert_eq!(body::<Value>(&r)["reason"], "limit_reached");
    let friend = json!({"coupon": "EACH", "shopper": FRIEND});
    assert_eq!(place_with(&app, 2_000, 1, friend, "k3").status, 201);
}

#[test]
fn the_wallet_issues_a_welcome_coupon_once_and_a_win_back_rung_after_an_absence() {
    let mut app = app(2);
    let rules = IssueRules {
        welcome: Some(CouponTemplate {
            value: CouponValue::Fixed { amount: cny(300) },
            min_spend: None,
            valid_days: 7,
        }),
        win_back: vec![WinBackRung {
            after_days: 30,
            coupon: CouponTemplate {
                value: CouponValue::Percent {
                    basis_points: 1_000,
                },
                min_spend: None,
                valid_days: 14,
            },
        }],
    };
    pollster::block_on(app.store.set_issue_rules(&shop_id(), &rules)).expect("rules");
    let path = format!("/v1/shops/demo/coupons?shopper={SHOPPER}");
    let w: Wallet = body(&get(&app, &path));
    assert_eq!(w.coupons.len(), 1);
    let welcome = w.coupons[0].code.clone();
    assert!(welcome.as_str().starts_with("WELCOME-"));
    let again: Wallet = body(&get(&app, &path));
    assert_eq!(again.coupons, w.coupons, "issued once");
    // Another shopper cannot use it.
    let r = quote(&app, json!({"coupon": welcome.as_str(), "shopper": FRIEND}));
    assert_eq!(body::<Value>(&r)["reason"], "not_yours");
    // The shopper uses it: it leaves the wallet.
    let r = place_with(
        &app,
        2_600 - 300 + 800,
        2,
        json!({"coupon": welcome.as_str(), "shopper": SHOPPER}),
        "k1",
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let w: Wallet = body(&get(&app, &path));
    assert!(w.coupons.is_empty());
    // 31 days without a purchase: the first win-back rung.
    app.now += 31 * DAY_SECS;
    let w: Wallet = body(&get(&app, &path));
    assert_eq!(w.coupons.len(), 1);
    assert!(w.coupons[0].code.as_str().starts_with("BACK1-"));
    let r = get(&app, "/v1/shops/demo/coupons?shopper=..");
    assert_eq!((r.status, code(&r)), (400, "invalid_field".into()));
}

fn sharer(app: &TestApp, shopper: &str) -> SharerCreated {
    let r = post(
        app,
        "/v1/shops/demo/sharers",
        &json!({"shopper": shopper}),
        None,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    body(&r)
}

#[test]
fn a_share_link_credits_its_sharer_and_the_ledger_sums_to_the_margin() {
    let app = app(2);
    let s = sharer(&app, SHOPPER);
    assert_eq!(sharer(&app, SHOPPER), s, "one code per shopper");
    let r = place_with(
        &app,
        3_400,
        2,
        json!({"referral": s.code.as_str(), "shopper": FRIEND}),
        "k1",
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let created: OrderCreated = body(&r);
    let ledger = app.store.money.borrow().ledger.clone();
    let rows: Vec<_> = ledger
        .iter()
        .filter(|(e, _)| e.order == created.order.id)
        .collect();
    let sum: i64 = rows.iter().map(|(e, _)| e.amount.amount).sum();
    // ¥26.00 of goods over ¥20.00 of supply.
    assert_eq!(sum, 600);
    let sharer_row = rows
        .iter()
        .find(|(e, _)| e.party == Party::Sharer)
        .expect("a sharer row");
    assert_eq!(sharer_row.0.amount, cny(60), "10 % of the net margin");
    let earnings: SharerEarnings = body(&get(
        &app,
        &format!("/v1/shops/demo/sharers/{}?token={}", s.code, s.token),
    ));
    assert_eq!(
        (earnings.orders, earnings.pending, earnings.earned),
        (1, cny(60), cny(0))
    );
    let r = get(
        &app,
        &format!(
            "/v1/shops/demo/sharers/{}?token=00000000000000000000000000000000",
            s.code
        ),
    );
    assert_eq!((r.status, code(&r)), (403, "forbidden".into()));
}

#[test]
fn a_sharer_buying_through_their_own_link_earns_nothing() {
    let app = app(2);
    let s = sharer(&app, SHOPPER);
    let r = place_with(
        &app,
        3_400,
        2,
        json!({"referral": s.code.as_str(), "shopper": SHOPPER}),
        "k1",
    );
    let created: OrderCreated = body(&r);
    assert!(app
        .store
        .money
        .borrow()
        .ledger
        .iter()
        .all(|(e, _)| e.order != created.order.id || e.party != Party::Sharer));
    // A stale or made-up code never stops a purchase.
    let r = place_with(&app, 3_400, 2, json!({"referral": "zzzzzzzz"}), "k2");
    assert_eq!(r.status, 201);
}

#[test]
fn a_cancelled_prepaid_order_voids_its_commission() {
    let app = app(2);
    let s = sharer(&app, SHOPPER);
    let referred = prepaid(json!({"referral": s.code.as_str()}));
    let created: OrderCreated = body(&place_with(&app, 2_100, 1, referred, "k1"));
    // Paid: the commission is booked.
    app.supplier.orders_down.set(true);
    pay(&app, &created, "evt_1");
    let totals = pollster::block_on(app.store.sharer_totals(&s.code)).expect("totals");
    assert!(totals.pending > 0);
    // Cancelled before the supplier took it: the commission is void.
    pollster::block_on(app.store.transition_order(
        &created.order.id,
        OrderStatus::Paid,
        OrderStatus::Cancelled,
        None,
        app.now,
    ))
    .expect("cancelled");
    let totals = pollster::block_on(app.store.sharer_totals(&s.code)).expect("totals");
    assert_eq!((totals.pending, totals.voided > 0), (0, true));
}

#[test]
fn an_owner_sets_what_sharers_and_agents_earn_and_only_later_orders_are_split_by_it() {
    let app = app(2);
    let token = owner_with_shop(&app);
    let path = "/v1/admin/shops/tea/commission";
    let admin = |method: Method, body: Option<Value>| {
        owner_request(&app, method, path, Some(&token), body.as_ref())
    };
    let shares: Value = body(&admin(Method::Get, None));
    assert_eq!(
        shares,
        json!({"agent_bp": 2_000, "upstream_agent_bp": 500, "sharer_bp": 1_000}),
        "the defaults until the owner sets them"
    );
    let mine = json!({"agent_bp": 3_000, "upstream_agent_bp": 0, "sharer_bp": 2_500});
    let r = admin(Method::Put, Some(mine.clone()));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(body::<Value>(&admin(Method::Get, None)), mine);
    // More than the whole margin, a field the owner does not set, or someone
    // else's shop: refused, and nothing changes.
    let r = admin(
        Method::Put,
        Some(json!({"agent_bp": 6_000, "upstream_agent_bp": 2_000, "sharer_bp": 2_001})),
    );
    assert_eq!((r.status, code(&r)), (400, "invalid_field".into()));
    assert_eq!(body::<Value>(&r)["field"], "shares");
    let r = admin(
        Method::Put,
        Some(json!({"agent_bp": 0, "upstream_agent_bp": 0, "sharer_bp": 0, "platform_fee_bp": 0})),
    );
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    let other = crate::common::sign_up(&app, "other@owners.example");
    let r = owner_request(&app, Method::Put, path, Some(&other.token), Some(&mine));
    assert!(matches!(r.status, 403 | 404), "{}", r.status);
    let r = owner_request(&app, Method::Get, path, None, None);
    assert_eq!(r.status, 401);
    assert_eq!(body::<Value>(&admin(Method::Get, None)), mine);

    // In the demo shop, sharers earn 10 % of an order's ¥6.00 margin (¥26.00 of
    // goods over ¥20.00 of supply) until the owner makes it 25 %; an order booked
    // before keeps its split.
    let s = sharer(&app, SHOPPER);
    let referred = json!({"referral": s.code.as_str(), "shopper": FRIEND});
    let before: OrderCreated = body(&place_with(&app, 3_400, 2, referred.clone(), "k0"));
    let shares = pocketshop_shared::commission::CommissionShares {
        agent_bp: 2_000,
        upstream_agent_bp: 500,
        sharer_bp: 2_500,
    };
    pollster::block_on(pocketshop_edge::domain::orders::ledger::set_shares(
        &app,
        &demo(&app),
        shares,
    ))
    .expect("set");
    let after: OrderCreated = body(&place_with(&app, 3_400, 2, referred, "k1"));
    let sharer_row = |order: &OrderCreated| {
        app.store
            .money
            .borrow()
            .ledger
            .iter()
            .find(|(e, _)| e.order == order.order.id && e.party == Party::Sharer)
            .map(|(e, _)| e.amount)
            .expect("a sharer row")
    };
    assert_eq!(
        (sharer_row(&before), sharer_row(&after)),
        (cny(60), cny(150))
    );
}

#[test]
fn an_owner_adds_coupons_and_rules_and_bad_ones_name_their_field() {
    let app = app(1);
    let token = owner_with_shop(&app);
    let admin = |method: Method, path: &str, body: Option<Value>| {
        owner_request(&app, method, path, Some(&token), body.as_ref())
    };
    let shop = "tea";
    let good = json!({"code": "spring", "value": {"kind": "percent", "basis_points": 1500}, "total_limit": 100});
    let r = admin(
        Method::Post,
        &format!("/v1/admin/shops/{shop}/coupons"),
        Some(good.clone()),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let r = admin(
        Method::Post,
        &format!("/v1/admin/shops/{shop}/coupons"),
        Some(good),
    );
    assert_eq!((r.status, code(&r)), (400, "invalid_field".into()));
    let bad = json!({"code": "ZERO", "value": {"kind": "percent", "basis_points": 0}});
    let r = admin(
        Method::Post,
        &format!("/v1/admin/shops/{shop}/coupons"),
        Some(bad),
    );
    assert_eq!(body::<Value>(&r)["field"], "value");
    let list: Vec<Value> = body(&admin(
        Method::Get,
        &format!("/v1/admin/shops/{shop}/coupons"),
        None,
    ));
    assert_eq!(list.len(), 1);
    let ladder = json!({"win_back": [
        {"after_days": 60, "coupon": {"value": {"kind": "percent", "basis_points": 500}, "valid_days": 7}},
        {"after_days": 30, "coupon": {"value": {"kind": "percent", "basis_points": 900}, "valid_days": 7}}
    ]});
    let r = admin(
        Method::Put,
        &format!("/v1/admin/shops/{shop}/coupon-rules"),
        Some(ladder),
    );
    assert_eq!(body::<Value>(&r)["field"], "win_back");
    let r = run(
        &app,
        HttpRequest::new(Method::Get, &format!("/v1/admin/shops/{shop}/coupons")),
    );
    assert_eq!((r.status, code(&r)), (401, "unauthorized".into()));
}

/// The sandbox's notice that `created` was paid, run through the routes.
fn pay(app: &TestApp, created: &OrderCreated, event: &str) {
    let r = run(app, paid_notice(app, created, event));
    assert!(r.status < 300, "{}", String::from_utf8_lossy(&r.body));
}

fn status_of(app: &TestApp, created: &OrderCreated) -> OrderStatus {
    app.store.orders.borrow()[&created.order.id].status
}

/// A prepaid checkout of one `P1-A` under `offer` by `shopper`, confirmed at `total`.
fn place_offer(app: &TestApp, offer: Value, shopper: &str, total: i64, key: &str) -> OrderCreated {
    let extra = prepaid(json!({"offer": offer, "shopper": shopper}));
    let r = place_with(app, total, 1, extra, key);
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    body(&r)
}

fn demo(app: &TestApp) -> ShopRecord {
    app.store.shops.borrow()[&shop_id()].clone()
}

/// A running flash sale of `P1` at ¥11.00, `cap` units in all, one per shopper.
fn flash_sale(app: &TestApp, cap: u32) -> pocketshop_shared::campaign::FlashSale {
    let new = pocketshop_shared::campaign::NewFlashSale {
        product_id: ProductId::parse("P1").expect("valid"),
        price: cny(1_100),
        skus: vec![],
        starts_at: None,
        ends_at: None,
        cap,
        per_shopper: 1,
    };
    pollster::block_on(
        pocketshop_edge::domain::community::campaigns::create_flash_sale(app, &demo(app), &new),
    )
    .expect("a sale")
}

#[test]
fn a_flash_sale_prices_the_order_and_its_per_shopper_limit_holds() {
    let app = app(2);
    let sale = flash_sale(&app, 20);
    let offer = json!({"kind": "flash", "campaign": sale.id});
    let r = quote(&app, json!({"offer": offer, "shopper": SHOPPER}));
    assert_eq!(
        (r.status, code(&r)),
        (409, "per_shopper_limit".into()),
        "two units"
    );
    let mut b = json!({"lines": [{"product_id": "P1", "sku": "P1-A", "quantity": 1}],
                       "offer": offer, "shopper": SHOPPER});
    let q: Quote = body(&post(&app, "/v1/shops/demo/quote", &b, None));
    assert_eq!(
        (q.lines[0].unit_price, q.lines[0].regular_price),
        (cny(1_100), Some(cny(1_300)))
    );
    // Without a shopper id an offer cannot be bought.
    b.as_object_mut().expect("object").remove("shopper");
    let r = post(&app, "/v1/shops/demo/quote", &b, None);
    assert_eq!((r.status, code(&r)), (400, "invalid_field".into()));
    let r = place_with(
        &app,
        1_900,
        1,
        json!({"offer": offer, "shopper": SHOPPER}),
        "k1",
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let r = place_with(
        &app,
        1_900,
        1,
        json!({"offer": offer, "shopper": SHOPPER}),
        "k2",
    );
    assert_eq!((r.status, code(&r)), (409, "per_shopper_limit".into()));
    // A coupon is not stacked on a flash price.
    add_coupon(
        &app,
        &coupon("SAVE1", CouponValue::Fixed { amount: cny(100) }),
    );
    let r = place_with(
        &app,
        1_800,
        1,
        json!({"offer": offer, "shopper": FRIEND, "coupon": "SAVE1"}),
        "k3",
    );
    assert_eq!(body::<Value>(&r)["reason"], "not_combinable");
}

#[test]
fn an_order_the_supplier_cancels_gives_its_flash_unit_back_and_voids_its_commission() {
    let app = app(2);
    let sale = flash_sale(&app, 1);
    let offer = json!({"kind": "flash", "campaign": sale.id});
    let s = sharer(&app, SHOPPER);
    // The friend buys the only unit through the sharer's link, cash on delivery.
    let extra = json!({"offer": offer, "shopper": FRIEND, "referral": s.code.as_str()});
    let r = place_with(&app, 1_900, 1, extra, "k1");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let created: OrderCreated = body(&r);
    let totals = pollster::block_on(app.store.sharer_totals(&s.code)).expect("totals");
    assert!(totals.pending > 0, "the commission is booked");
    let third = json!({"offer": offer, "shopper": "shopper-0000000000000003"});
    let r = place_with(&app, 1_900, 1, third.clone(), "k2");
    assert_eq!(r.status, 409, "the unit is taken");
    supplier_cancels(&app, &created);
    let totals = pollster::block_on(app.store.sharer_totals(&s.code)).expect("totals");
    assert_eq!((totals.pending, totals.voided > 0), (0, true));
    let r = place_with(&app, 1_900, 1, third, "k3");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
}

fn group_deal(app: &TestApp, size: u32) -> pocketshop_shared::campaign::GroupDeal {
    let new = pocketshop_shared::campaign::NewGroupDeal {
        product_id: ProductId::parse("P1").expect("valid"),
        price: cny(1_050),
        skus: vec![],
        starts_at: None,
        ends_at: None,
        size,
        window_secs: 3_600,
    };
    pollster::block_on(
        pocketshop_edge::domain::community::campaigns::create_group_deal(app, &demo(app), &new),
    )
    .expect("a deal")
}

/// `SHOPPER` opens a group of `deal` (¥10.50 + ¥8.00 shipping, prepaid) and pays.
fn paid_opener(app: &TestApp, deal: &pocketshop_shared::campaign::GroupDeal) -> OrderCreated {
    let opener = place_offer(
        app,
        json!({"kind": "group_open", "deal": deal.id}),
        SHOPPER,
        1_850,
        "k1",
    );
    pay(app, &opener, "e1");
    opener
}

#[test]
fn a_paid_group_order_waits_for_its_group_and_goes_to_the_supplier_when_it_fills() {
    let app = app(2);
    let deal = group_deal(&app, 2);
    let opener = paid_opener(&app, &deal);
    let group = opener.order.group.clone().expect("a group");
    assert_eq!(
        status_of(&app, &opener),
        OrderStatus::Paid,
        "waits for the group"
    );
    assert!(app.supplier.orders.borrow().is_empty());
    let joiner = place_offer(
        &app,
        json!({"kind": "group_join", "group": group}),
        FRIEND,
        1_850,
        "k2",
    );
    pay(&app, &joiner, "e2");
    assert_eq!(status_of(&app, &joiner), OrderStatus::Submitted);
    // The opener's order was woken and goes too.
    assert_eq!(
        app.platform
            .next_wake(&opener.order.id)
            .map(|t| t <= app.now),
        Some(true)
    );
    pollster::block_on(lifecycle::advance(&app, &opener.order.id)).expect("advanced");
    assert_eq!(status_of(&app, &opener), OrderStatus::Submitted);
    assert_eq!(app.supplier.orders.borrow().len(), 2);
    // Cash on delivery is refused for a group.
    let r = place_with(
        &app,
        1_850,
        1,
        json!({"offer": {"kind": "group_open", "deal": deal.id}, "shopper": SHOPPER}),
        "k3",
    );
    assert_eq!(
        (r.status, code(&r)),
        (422, "payment_method_unavailable".into())
    );
}

#[test]
fn a_group_that_closes_unfilled_refunds_its_paid_members() {
    let mut app = app(2);
    let deal = group_deal(&app, 3);
    let opener = paid_opener(&app, &deal);
    assert_eq!(status_of(&app, &opener), OrderStatus::Paid);
    app.now += 3_601;
    // The counters' clock (the Durable Object's) moves with the edge's.
    app.platform.holds_clock_ms.set(app.now * 1000);
    pollster::block_on(lifecycle::advance(&app, &opener.order.id)).expect("advanced");
    assert_eq!(status_of(&app, &opener), OrderStatus::Refunded);
    assert_eq!(
        app.store.payments.borrow()[&opener.order.id].status,
        PaymentStatus::Refunded
    );
    assert!(app.supplier.orders.borrow().is_empty());
    let view: OrderView = body(&get(
        &app,
        &format!("/v1/orders/{}?token={}", opener.order.id, opener.token),
    ));
    assert_eq!(view.status, OrderStatus::Refunded);
}
