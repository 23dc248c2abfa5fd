//! What the flow tests share: an edge on in-memory fakes with the demo shop, and
//! requests as a shopper, an owner, the supplier or a payment provider sends them.

// What every flow module uses, so each can `use crate::common::*`.
pub use pocketshop_edge::base::http::{HttpRequest, HttpResponse, Method};
pub use pocketshop_edge::domain::payments::sandbox::SandboxEvent;
pub use pocketshop_edge::domain::payments::Payments;
pub use pocketshop_edge::domain::services::Services;
pub use pocketshop_edge::fakes::*;
pub use pocketshop_edge::ports::prelude::*;
pub use pocketshop_edge::ports::store::{PaymentRecord, PaymentStatus, ShopRecord};
pub use pocketshop_edge::ports::supplier::SupplierError;
pub use pocketshop_shared::api::{OrderCreated, OrderView, ProductList};
pub use pocketshop_shared::catalogue::{Category, SupplyProduct};
pub use pocketshop_shared::order::Shipment;
pub use pocketshop_shared::owner::Session;
pub use pocketshop_shared::quote::Quote;
pub use pocketshop_shared::supply::{SupplyEvent, SupplyEventKind};
pub use pocketshop_shared::{
    ApiError, Locale, Money, OrderId, OrderStatus, PaymentMethod, ProductId, ShopId, Sku,
};
pub use serde_json::{json, Value};
pub use std::collections::HashMap;

/// The edge on fakes.
pub type TestApp = Services<FakePorts>;

/// Runs `req` through the edge's router, then what the runtime runs after the
/// answer (a catalogue refresh the request made due).
pub fn run(app: &TestApp, req: HttpRequest) -> HttpResponse {
    let response = answer(app, req);
    pollster::block_on(pocketshop_edge::domain::catalogue::refresh(app));
    response
}

/// Runs `req` through the edge's router only: the answer as it goes out.
pub fn answer(app: &TestApp, req: HttpRequest) -> HttpResponse {
    pollster::block_on(pocketshop_edge::web::handle(app, &req, "req-test"))
}

/// A shopper's GET of `path` from the demo shop's page.
pub fn get_request(path: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, path).with_header("origin", ORIGIN)
}

/// [`run`] of [`get_request`].
pub fn get(app: &TestApp, path: &str) -> HttpResponse {
    run(app, get_request(path))
}

/// A shopper's JSON POST of `body` to `path` from the demo shop's page, with an
/// optional idempotency key.
pub fn post(app: &TestApp, path: &str, body: &Value, key: Option<&str>) -> HttpResponse {
    let mut req = HttpRequest::new(Method::Post, path)
        .with_header("origin", ORIGIN)
        .with_header("content-type", "application/json")
        .with_body(serde_json::to_vec(body).expect("json"));
    if let Some(k) = key {
        req = req.with_header("idempotency-key", k);
    }
    run(app, req)
}

/// The JSON body of `r`, or a panic showing it.
pub fn body<T: serde::de::DeserializeOwned>(r: &HttpResponse) -> T {
    serde_json::from_slice(&r.body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&r.body)))
}

/// The `code` of the error in `r`, empty if it has none.
pub fn code(r: &HttpResponse) -> String {
    body::<Value>(r)["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A cash-on-delivery checkout of `quantity` × `P1-A`, confirmed at `total`.
pub fn order_body(total: i64, quantity: u32) -> Value {
    json!({
        "lines": [{"product_id": "P1", "sku": "P1-A", "quantity": quantity}],
        "confirmed_total": {"amount": total, "currency": "CNY"},
        "contact": {"name": "王小明", "phone": "13800138000",
                    "address": {"region": "浙江省", "city": "杭州市", "district": "西湖区", "line": "文三路 90 号"}},
        "payment_method": "cash_on_delivery"
    })
}

/// Checks out one line of `P1-A` with key `key`.
pub fn place(app: &TestApp, total: i64, quantity: u32, key: &str) -> HttpResponse {
    post(
        app,
        "/v1/shops/demo/orders",
        &order_body(total, quantity),
        Some(key),
    )
}

/// The supplier's webhook delivering `event`, signed with `nonce`.
pub fn signed_event(app: &TestApp, event: &SupplyEvent, nonce: &str) -> HttpRequest {
    let body = serde_json::to_vec(event).expect("json");
    let key =
        pocketshop_shared::signing::SigningKey::new("supply-local", b"webhook-secret".to_vec())
            .expect("key");
    let signed = key.sign(app.now, nonce, "POST", "/v1/hooks/supply", &body);
    let mut req = HttpRequest::new(Method::Post, "/v1/hooks/supply")
        .with_header("content-type", "application/json")
        .with_body(body);
    for (n, v) in signed.pairs() {
        req = req.with_header(n, v);
    }
    req
}

/// The page the demo shop is embedded on, where prepaid checkouts return.
pub const PAGE: &str = "http://127.0.0.1:8790/blog.html";

/// [`order_body`] paid in the sandbox instead, returning to the cart on [`PAGE`].
pub fn sandbox_body(total: i64, quantity: u32) -> Value {
    let mut b = order_body(total, quantity);
    b["payment_method"] = json!("sandbox");
    b["return_url"] = json!(format!("{PAGE}#ps-cart&shop=demo"));
    b
}

/// Checks out `quantity` × `P1-A` at `total` with key `key` to pay in the sandbox;
/// the order, still unpaid.
pub fn place_sandbox(app: &TestApp, total: i64, quantity: u32, key: &str) -> OrderCreated {
    let r = post(
        app,
        "/v1/shops/demo/orders",
        &sandbox_body(total, quantity),
        Some(key),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    body(&r)
}

/// The payment the edge opened for `created`.
pub fn payment(app: &TestApp, created: &OrderCreated) -> PaymentRecord {
    app.store.payments.borrow()[&created.order.id].clone()
}

/// The sandbox's notification that `created` was paid, as its pay page sends it.
pub fn paid_notice(app: &TestApp, created: &OrderCreated, event_id: &str) -> HttpRequest {
    let p = payment(app, created);
    let event = SandboxEvent {
        id: event_id.into(),
        kind: "payment.succeeded".into(),
        order_id: created.order.id.to_string(),
        reference: p.reference.clone(),
        payment_id: Some(format!("sbxpay_{}", p.reference)),
        amount: Some(p.amount),
        refund_id: None,
    };
    app.payments
        .sandbox
        .as_ref()
        .expect("sandbox")
        .notification(&event, app.now)
}

/// The password the test owners sign up with.
pub const PASSWORD: &str = "correct horse battery";

/// The site that embeds the owners' test shops.
pub const SITE: &str = "https://tea.example";

/// An owner-API request from the owner's address (`203.0.113.9`), with `token` as
/// its bearer token and `body` as its JSON body when given.
pub fn owner_request(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> HttpResponse {
    let mut req = HttpRequest::new(method, path).with_header("cf-connecting-ip", "203.0.113.9");
    if let Some(t) = token {
        req = req.with_header("authorization", &format!("Bearer {t}"));
    }
    if let Some(b) = body {
        req = req
            .with_header("content-type", "application/json")
            .with_body(serde_json::to_vec(b).expect("json"));
    }
    run(app, req)
}

/// Signs `email` up as a new owner with [`PASSWORD`]; their session.
pub fn sign_up(app: &TestApp, email: &str) -> Session {
    let r = owner_request(
        app,
        Method::Post,
        "/v1/admin/signup",
        None,
        Some(&json!({"email": email, "password": PASSWORD})),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    body(&r)
}

/// The owner of `token` creates shop `id` ("Tea & Co", CNY, English) on [`SITE`].
pub fn create_shop(app: &TestApp, token: &str, id: &str) -> HttpResponse {
    owner_request(
        app,
        Method::Post,
        "/v1/admin/shops",
        Some(token),
        Some(
            &json!({"id": id, "name": "Tea & Co", "currency": "CNY", "locale": "en",
                     "allowed_origins": [SITE]}),
        ),
    )
}

/// An owner with a shop `tea` on [`SITE`]; returns their token.
pub fn owner_with_shop(app: &TestApp) -> String {
    let s = sign_up(app, "owner@tea.example");
    let r = create_shop(app, &s.token, "tea");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    s.token
}

/// An app with the demo shop and a catalogue of `n` sample products.
pub fn app(n: usize) -> TestApp {
    let store = MemStore::default();
    let shop = demo_shop();
    store.shops.borrow_mut().insert(shop.id.clone(), shop);
    let supplier = FakeSupplier::default();
    *supplier.catalogue.borrow_mut() = sample_catalogue(n);
    let config = config();
    Services {
        store,
        supplier,
        cache: MemCache::default(),
        memo: std::rc::Rc::default(),
        shops: std::rc::Rc::default(),
        pages: std::rc::Rc::default(),
        platform: FakePlatform::default(),
        payments: std::rc::Rc::new(Payments::new(&config.payments)),
        config: std::rc::Rc::new(config),
        now: 1_790_000_000,
    }
}

/// A shopper's GET from the owner's site.
pub fn shopper_get(app: &TestApp, path: &str) -> HttpResponse {
    run(
        app,
        HttpRequest::new(Method::Get, path).with_header("origin", SITE),
    )
}

/// A shopper's POST from the owner's site, with an optional member token.
pub fn shopper_post(
    app: &TestApp,
    path: &str,
    body: &Value,
    key: Option<&str>,
    member: Option<&str>,
) -> HttpResponse {
    let mut req = HttpRequest::new(Method::Post, path)
        .with_header("origin", SITE)
        .with_header("content-type", "application/json")
        .with_body(serde_json::to_vec(body).expect("json"));
    if let Some(k) = key {
        req = req.with_header("idempotency-key", k);
    }
    if let Some(m) = member {
        req = req.with_header("x-pocketshop-member", m);
    }
    run(app, req)
}
