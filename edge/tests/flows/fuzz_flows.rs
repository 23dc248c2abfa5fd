//! Property tests over request parsing and pricing through the whole router: any
//! request a stranger can send is answered, never with a 5xx, and an error is always
//! the wire `ApiError` whose status is its code's; a checkout with any mutated body is
//! either placed at exactly the price the shopper confirmed or refused with nothing
//! stored. The case counts bound the run (a few seconds); `PROPTEST_CASES` raises
//! them for a longer hunt.

use crate::common::*;
use crate::common::{order_body, run};
use pocketshop_edge::base::http::{HttpRequest, HttpResponse, Method};
use pocketshop_shared::api::OrderCreated;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Path segments a router could trip on, mixed with arbitrary text.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "v1",
            "shops",
            "demo",
            "products",
            "P1",
            "quote",
            "orders",
            "hooks",
            "supply",
            "payments",
            "stripe",
            "wechat",
            "sandbox",
            "pay",
            "admin",
            "signin",
            "me",
            "after-sales",
            "..",
            "%00",
            "%ff",
            "%2F",
            "",
            "PS-0123456789",
        ])
        .prop_map(str::to_owned),
        "[^/?#]{0,12}",
    ]
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::Get),
        Just(Method::Head),
        Just(Method::Post),
        Just(Method::Put),
        Just(Method::Patch),
        Just(Method::Delete),
        Just(Method::Options),
        "[A-Z]{1,8}".prop_map(|m| Method::parse(&m)),
    ]
}

/// JSON values of every shape, including ones no field expects.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
    ]
}

fn request() -> impl Strategy<Value = HttpRequest> {
    (
        method(),
        prop::collection::vec(segment(), 0..6),
        ".{0,40}",
        prop::option::of(prop::sample::select(vec![
            ORIGIN,
            "null",
            "https://evil.example",
        ])),
        prop::option::of(prop::sample::select(vec![
            "application/json",
            "text/plain",
            "application/json; charset=utf-8",
        ])),
        prop::option::of("[ -~]{0,80}"),
        body(),
    )
        .prop_map(
            |(method, segments, query, origin, content_type, key, body)| {
                let path = format!("/{}?{}", segments.join("/"), query.replace('#', ""));
                let mut req = HttpRequest::new(method, &path).with_body(body);
                if let Some(o) = origin {
                    req = req.with_header("origin", o);
                }
                if let Some(ct) = content_type {
                    req = req.with_header("content-type", ct);
                }
                if let Some(k) = key {
                    req = req.with_header("idempotency-key", &k);
                }
                req
            },
        )
}

/// Fails unless `r` is a success or a 4xx wire error whose status is its code's
/// (a HEAD answer has the status without the body).
fn answered_well(r: &HttpResponse, head: bool) -> Result<(), TestCaseError> {
    prop_assert!(
        r.status < 500,
        "{} {}",
        r.status,
        String::from_utf8_lossy(&r.body)
    );
    if r.status >= 400 && !head {
        let error: pocketshop_shared::ApiError = serde_json::from_slice(&r.body)
            .map_err(|e| TestCaseError::fail(format!("not an ApiError: {e}")))?;
        prop_assert_eq!(error.status(), r.status);
    }
    Ok(())
}

/// Every leaf position of a JSON value, as a JSON pointer.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        _ => out.push(at),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_500, ..ProptestConfig::default() })]

    #[test]
    fn no_request_makes_the_edge_answer_5xx_or_anything_but_its_wire_error(req in request()) {
        let app = app(3);
        let head = req.method == Method::Head;
        answered_well(&run(&app, req), head)?;
    }

    #[test]
    fn a_checkout_with_any_field_mutated_is_placed_as_confirmed_or_refused_with_nothing_stored(
        pick in any::<prop::sample::Index>(),
        value in json_value(),
    ) {
        let app = app(3);
        let mut body = order_body(2_100, 1);
        let mut leaves = Vec::new();
        pointers(&body, String::new(), &mut leaves);
        let pointer = pick.get(&leaves).clone();
        if let Some(field) = body.pointer_mut(&pointer) {
            *field = value;
        }
        let req = HttpRequest::new(Method::Post, "/v1/shops/demo/orders")
            .with_header("origin", ORIGIN)
            .with_header("content-type", "application/json")
            .with_header("idempotency-key", "fuzz-key")
            .with_body(serde_json::to_vec(&body).unwrap_or_default());
        let r = run(&app, req);
        answered_well(&r, false)?;
        if r.status == 201 {
            let created: OrderCreated = serde_json::from_slice(&r.body)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let confirmed: Money = serde_json::from_value(body["confirmed_total"].clone())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(created.order.total, confirmed);
            prop_assert_eq!(app.store.orders.borrow().len(), 1);
        } else {
            prop_assert!(app.store.orders.borrow().is_empty());
            prop_assert!(app.supplier.orders.borrow().is_empty());
        }
    }

    #[test]
    fn a_quote_for_any_cart_adds_up_or_is_refused(
        lines in prop::collection::vec((0usize..4, 0usize..3, any::<i64>()), 0..6),
    ) {
        let app = app(3);
        let lines: Vec<Value> = lines
            .into_iter()
            .map(|(p, s, q)| json!({"product_id": format!("P{p}"), "sku": format!("P{p}-{}", ["A", "B", "Z"][s]), "quantity": q}))
            .collect();
        let req = HttpRequest::new(Method::Post, "/v1/shops/demo/quote")
            .with_header("origin", ORIGIN)
            .with_header("content-type", "application/json")
            .with_body(serde_json::to_vec(&json!({ "lines": lines })).unwrap_or_default());
        let r = run(&app, req);
        answered_well(&r, false)?;
        if r.status == 200 {
            let quote: pocketshop_shared::quote::Quote = serde_json::from_slice(&r.body)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let sum = quote
                .lines
                .iter()
                .try_fold(Money::new(0, quote.total.currency), |acc, l| acc.checked_add(l.line_total))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(sum, quote.subtotal);
            prop_assert_eq!(quote.subtotal.checked_add(quote.shipping).ok(), Some(quote.total));
            prop_assert!(quote.total.amount > 0);
        }
    }
}
