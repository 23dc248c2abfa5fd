//! Chain-store members at checkout: the owner rotates the member secret, and a
//! member token the host page signs is verified and stored on the order.

use crate::common::*;
use crate::common::{body, code, order_body, owner_request, owner_with_shop};
use pocketshop_edge::base::http::Method;
use pocketshop_shared::api::OrderCreated;
use pocketshop_shared::member;
use pocketshop_shared::owner::{MemberSecret, OwnerOrders};
use serde_json::{json, Value};

pub fn rotate(app: &TestApp, token: &str) -> String {
    let r = owner_request(
        app,
        Method::Post,
        "/v1/admin/member-secret",
        Some(token),
        None,
    );
    assert_eq!(r.status, 200);
    body::<MemberSecret>(&r).secret
}

pub fn tea_order(quantity: u32) -> Value {
    let mut b = order_body(1_050 * i64::from(quantity), quantity);
    b["lines"][0]["product_id"] = json!("P6");
    b["lines"][0]["sku"] = json!("P6-A");
    b
}

#[test]
fn a_member_token_is_verified_and_its_member_stored_on_the_order() {
    let app = app(6);
    let token = owner_with_shop(&app);
    owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/tea/categories",
        Some(&token),
        Some(&json!({"categories": ["apparel"]})),
    );
    // Before any secret, no token verifies.
    let fake = member::issue(b"guess", "m-1", app.now + 60).expect("token");
    let r = shopper_post(
        &app,
        "/v1/shops/tea/quote",
        &json!({"lines": [{"product_id": "P6", "sku": "P6-A", "quantity": 1}]}),
        None,
        Some(&fake),
    );
    assert_eq!((r.status, code(&r)), (401, "invalid_member_token".into()));
    let secret = rotate(&app, &token);
    let good = member::issue(secret.as_bytes(), "store-42", app.now + 60).expect("token");
    let expired = member::issue(secret.as_bytes(), "store-42", app.now).expect("token");
    for bad in [fake.as_str(), expired.as_str(), "garbage"] {
        let r = shopper_post(
            &app,
            "/v1/shops/tea/orders",
            &tea_order(1),
            Some("k-bad"),
            Some(bad),
        );
        assert_eq!((r.status, code(&r)), (401, "invalid_member_token".into()));
    }
    let r = shopper_post(
        &app,
        "/v1/shops/tea/orders",
        &tea_order(1),
        Some("k-1"),
        Some(&good),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let created: OrderCreated = body(&r);
    let r = shopper_post(
        &app,
        "/v1/shops/tea/orders",
        &tea_order(2),
        Some("k-2"),
        None,
    );
    assert_eq!(r.status, 201);
    let orders: OwnerOrders = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/tea/orders",
        Some(&token),
        None,
    ));
    assert_eq!(orders.items.len(), 2);
    let first = orders
        .items
        .iter()
        .find(|o| o.id == created.order.id)
        .expect("the member's order");
    assert_eq!(first.member_id.as_deref(), Some("store-42"));
    // Cash on delivery goes to the supplier at once: submitted, so it counts.
    assert_eq!(first.earnings, cny(50));
    assert_eq!(
        (orders.totals.orders, orders.totals.earnings),
        (2, cny(150))
    );
    // A new secret: the old token stops verifying.
    rotate(&app, &token);
    let r = shopper_post(
        &app,
        "/v1/shops/tea/orders",
        &tea_order(1),
        Some("k-3"),
        Some(&good),
    );
    assert_eq!(code(&r), "invalid_member_token");
}
