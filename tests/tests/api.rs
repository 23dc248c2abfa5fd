//! The Edge API against the real local runtime: edge and reference supplier in
//! workerd, D1 migrated and seeded. Started by `cargo xtask test`.

use pocketshop_tests::{
    contact, get, now, order_view, pick_sku, post, quote, runtime, send, send_signed, signed,
    unique, Reply, ORIGIN,
};
use serde_json::{json, Value};

fn order_body(product: &str, sku: &str, qty: u32, total: &Value) -> Value {
    json!({"lines": [{"product_id": product, "sku": sku, "quantity": qty}],
           "confirmed_total": total, "contact": contact(), "payment_method": "cash_on_delivery"})
}

fn place(body: &Value, key: &str) -> Reply {
    post("/v1/shops/demo/orders", body, &[("idempotency-key", key)])
}

fn simulate(order_ref: &str, action: &str, body: &Value) -> Reply {
    let url = format!("{}/sim/orders/{order_ref}/{action}", runtime().supply);
    let bytes = serde_json::to_vec(body).expect("json");
    send(
        "POST",
        &url,
        &[("content-type", "application/json")],
        Some(&bytes),
    )
}

#[test]
fn a_shopper_walks_from_the_catalogue_to_a_delivered_parcel() {
    let shop = get("/v1/shops/demo");
    assert_eq!(shop.status, 200, "{}", shop.text());
    assert_eq!(shop.header("access-control-allow-origin"), Some(ORIGIN));
    let profile = shop.json();
    assert_eq!(profile["currency"], "CNY");
    assert_eq!(profile["locale"], "zh-CN");
    assert_eq!(profile["features"], json!(["cart", "share"]));
    assert_eq!(profile["categories"].as_array().map(Vec::len), Some(6));

    let (product, sku) = pick_sku("demo");
    let detail = get(&format!("/v1/shops/demo/products/{product}")).json();
    let price = detail["skus"]
        .as_array()
        .expect("skus")
        .iter()
        .find(|s| s["sku"] == sku.as_str())
        .expect("sku")["price"]
        .clone();

    let q = quote("demo", &product, &sku, 2);
    assert_eq!(
        q["lines"][0]["unit_price"], price,
        "the quote prices the SKU as the detail does"
    );
    let subtotal = q["subtotal"]["amount"].as_i64().expect("amount");
    assert_eq!(subtotal, price["amount"].as_i64().expect("amount") * 2);
    assert_eq!(
        q["total"]["amount"].as_i64(),
        Some(subtotal + q["shipping"]["amount"].as_i64().expect("amount"))
    );

    let placed = place(&order_body(&product, &sku, 2, &q["total"]), &unique("walk"));
    assert_eq!(placed.status, 201, "{}", placed.text());
    let placed = placed.json();
    assert_eq!(placed["order"]["status"], "submitted");
    assert_eq!(placed["payment"]["kind"], "cash_on_delivery");
    let id = placed["order"]["id"].as_str().expect("id").to_owned();

    let shipped = simulate(
        &id,
        "ship",
        &json!({"carrier": "SF Express", "tracking_number": "SF1400000001"}),
    );
    assert_eq!(shipped.status, 200, "{}", shipped.text());
    assert_eq!(
        shipped.json()["webhook"]["delivered"],
        true,
        "{}",
        shipped.text()
    );

    let order = order_view(&placed);
    assert_eq!(order["status"], "shipped");
    assert_eq!(order["shipments"][0]["tracking_number"], "SF1400000001");
    assert_eq!(order["shipments"][0]["carrier"], "SF Express");

    let delivered = simulate(&id, "deliver", &json!({}));
    assert_eq!(delivered.status, 200, "{}", delivered.text());
    let order = order_view(&placed);
    assert_eq!(order["status"], "delivered");
    assert!(order["shipments"][0]["delivered_at"].is_i64());
}

#[test]
fn the_same_idempotency_key_and_body_make_one_order() {
    let (product, sku) = pick_sku("demo");
    let q = quote("demo", &product, &sku, 1);
    let body = order_body(&product, &sku, 1, &q["total"]);
    let key = unique("idem");
    let first = place(&body, &key);
    assert_eq!(first.status, 201, "{}", first.text());
    let again = place(&body, &key);
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.json()["order"]["id"], again.json()["order"]["id"]);
    assert_eq!(first.json()["token"], again.json()["token"]);

    let other = order_body(
        &product,
        &sku,
        2,
        &quote("demo", &product, &sku, 2)["total"],
    );
    let conflict = place(&other, &key);
    assert_eq!(
        (conflict.status, conflict.code()),
        (422, "idempotency_conflict".to_owned()),
        "{}",
        conflict.text()
    );
}

#[test]
fn the_supplier_keeps_one_order_per_idempotency_key() {
    let (_, sku) = pick_sku("demo");
    let rt = runtime();
    let body = serde_json::to_vec(&json!({
        "reference": unique("PS-T"), "lines": [{"sku": sku, "quantity": 1}],
        "ship_to": contact(), "collect_on_delivery": true
    }))
    .expect("json");
    let key = unique("supply-idem");
    let send_order = || {
        let mut headers = signed(&rt.edge_key, now(), "POST", "/v1/orders", &body);
        headers.push(("idempotency-key".into(), key.clone()));
        headers.push(("content-type".into(), "application/json".into()));
        let refs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        send(
            "POST",
            &format!("{}/v1/orders", rt.supply),
            &refs,
            Some(&body),
        )
    };
    let first = send_order();
    assert!(matches!(first.status, 200 | 201), "{}", first.text());
    let second = send_order();
    assert_eq!(first.json()["id"], second.json()["id"]);
}

#[test]
fn the_supplier_refuses_unsigned_expired_and_replayed_requests() {
    let rt = runtime();
    let unsigned = send(
        "GET",
        &format!("{}/v1/products?limit=1", rt.supply),
        &[],
        None,
    );
    assert_eq!(
        (unsigned.status, unsigned.code()),
        (401, "invalid_signature".to_owned())
    );

    let ok = send_signed(&rt.edge_key, &rt.supply, "GET", "/v1/products?limit=1", b"");
    assert_eq!(ok.status, 200, "{}", ok.text());

    let old = signed(
        &rt.edge_key,
        now() - 301,
        "GET",
        "/v1/products?limit=1",
        b"",
    );
    let refs: Vec<(&str, &str)> = old.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let expired = send(
        "GET",
        &format!("{}/v1/products?limit=1", rt.supply),
        &refs,
        None,
    );
    assert_eq!(expired.status, 401, "{}", expired.text());

    let once = signed(&rt.edge_key, now(), "GET", "/v1/products?limit=1", b"");
    let refs: Vec<(&str, &str)> = once.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(
        send(
            "GET",
            &format!("{}/v1/products?limit=1", rt.supply),
            &refs,
            None
        )
        .status,
        200
    );
    let replay = send(
        "GET",
        &format!("{}/v1/products?limit=1", rt.supply),
        &refs,
        None,
    );
    assert_eq!(
        (replay.status, replay.code()),
        (401, "replayed_request".to_owned())
    );
}

#[test]
fn the_catalogue_pages_through_every_product_once() {
    let mut seen = Vec::new();
    let mut cursor = String::new();
    for _ in 0..100 {
        let page = get(&format!("/v1/shops/demo/products?limit=60&cursor={cursor}"));
        assert_eq!(page.status, 200, "{}", page.text());
        let page = page.json();
        seen.extend(
            page["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| i["id"].as_str().expect("id").to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    assert!(seen.len() >= 300, "only {} products", seen.len());
    let mut unique_ids = seen.clone();
    unique_ids.sort();
    unique_ids.dedup();
    assert_eq!(unique_ids.len(), seen.len());

    let snacks = get("/v1/shops/demo/products?category=snacks&limit=60").json();
    let snacks = snacks["items"].as_array().expect("items");
    assert!(!snacks.is_empty());
    assert!(snacks.iter().all(|i| i["category"] == "snacks"));

    let found = get("/v1/shops/demo/products?q=%E5%92%96%E5%95%A1").json(); // 咖啡
    let found = found["items"].as_array().expect("items");
    assert!(!found.is_empty(), "the demo catalogue sells coffee");
    for item in found {
        let zh = item["title"]["zh"].as_str().unwrap_or_default();
        assert!(zh.contains("咖啡"), "{zh}");
    }
}

#[test]
fn a_preflight_from_the_demo_page_is_answered() {
    let r = send(
        "OPTIONS",
        &format!("{}/v1/shops/demo/orders", runtime().edge),
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "content-type, idempotency-key",
            ),
        ],
        None,
    );
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(r.header("access-control-allow-origin"), Some(ORIGIN));
    assert!(r
        .header("access-control-allow-headers")
        .is_some_and(|h| h.contains("idempotency-key")));
}

/// One bad request and the answer it must get.
struct Case {
    name: &'static str,
    method: &'static str,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    status: u16,
    code: &'static str,
}

fn h(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

/// The headers of a JSON request from the demo page.
fn page_json() -> Vec<(String, String)> {
    vec![h("origin", ORIGIN), h("content-type", "application/json")]
}

/// A request without a body (GET, or another method to a GET route).
fn bodiless(
    name: &'static str,
    method: &'static str,
    path: &str,
    origin: Option<&str>,
    status: u16,
    code: &'static str,
) -> Case {
    let headers = origin.map(|o| h("origin", o)).into_iter().collect();
    Case {
        name,
        method,
        path: path.to_owned(),
        headers,
        body: None,
        status,
        code,
    }
}

/// A POST of raw bytes with these headers.
fn raw_post(
    name: &'static str,
    path: &str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    status: u16,
    code: &'static str,
) -> Case {
    Case {
        name,
        method: "POST",
        path: path.to_owned(),
        headers,
        body: Some(body),
        status,
        code,
    }
}

fn json_post(
    name: &'static str,
    path: &str,
    body: Value,
    key: bool,
    status: u16,
    code: &'static str,
) -> Case {
    let mut headers = page_json();
    if key {
        headers.push(h("idempotency-key", &unique("bad")));
    }
    raw_post(
        name,
        path,
        headers,
        serde_json::to_vec(&body).expect("json"),
        status,
        code,
    )
}

#[test]
fn bad_input_is_answered_with_a_4xx_and_its_code_never_a_5xx() {
    let (product, sku) = pick_sku("demo");
    let line = |q: Value| json!({"lines": [{"product_id": product, "sku": sku, "quantity": q}]});
    let total = quote("demo", &product, &sku, 1)["total"].clone();
    let order = |edit: &dyn Fn(&mut Value)| {
        let mut b = order_body(&product, &sku, 1, &total);
        edit(&mut b);
        b
    };
    let rt = runtime();
    let hook_body = br#"{"event_id":"e1","occurred_at":0,"type":"product.updated","data":{"product_id":"P10001"}}"#.to_vec();
    let replay_headers = signed(
        &rt.webhook_key,
        now(),
        "POST",
        "/v1/hooks/supply",
        &hook_body,
    );
    let expired_headers = signed(
        &rt.webhook_key,
        now() - 600,
        "POST",
        "/v1/hooks/supply",
        &hook_body,
    );
    let hook = |name, signed: &Vec<(String, String)>, status, code| {
        let mut headers = signed.clone();
        headers.push(h("content-type", "application/json"));
        raw_post(
            name,
            "/v1/hooks/supply",
            headers,
            hook_body.clone(),
            status,
            code,
        )
    };
    // The first delivery of this signed webhook must succeed, so the second is a replay.
    let first = hook("webhook first delivery", &replay_headers, 200, "");

    let cases = vec![
        raw_post(
            "malformed JSON",
            "/v1/shops/demo/quote",
            page_json(),
            b"{\"lines\": [".to_vec(),
            400,
            "invalid_json",
        ),
        raw_post(
            "truncated UTF-8",
            "/v1/shops/demo/quote",
            page_json(),
            b"{\"lines\": \"\xff\xfe\"}".to_vec(),
            400,
            "invalid_json",
        ),
        raw_post(
            "wrong content type",
            "/v1/shops/demo/quote",
            vec![h("origin", ORIGIN), h("content-type", "text/plain")],
            serde_json::to_vec(&line(json!(1))).expect("json"),
            415,
            "unsupported_media_type",
        ),
        json_post(
            "quantity 0",
            "/v1/shops/demo/quote",
            line(json!(0)),
            false,
            400,
            "invalid_quantity",
        ),
        json_post(
            "quantity -1",
            "/v1/shops/demo/quote",
            line(json!(-1)),
            false,
            400,
            "invalid_quantity",
        ),
        json_post(
            "quantity 1.5",
            "/v1/shops/demo/quote",
            line(json!(1.5)),
            false,
            400,
            "invalid_quantity",
        ),
        json_post(
            "quantity huge",
            "/v1/shops/demo/quote",
            line(json!(9_223_372_036_854_775_807u64)),
            false,
            400,
            "invalid_quantity",
        ),
        json_post(
            "empty cart",
            "/v1/shops/demo/quote",
            json!({"lines": []}),
            false,
            400,
            "empty_cart",
        ),
        json_post(
            "unknown SKU",
            "/v1/shops/demo/quote",
            json!({"lines": [{"product_id": product, "sku": "NO-SUCH-SKU", "quantity": 1}]}),
            false,
            422,
            "unknown_sku",
        ),
        json_post(
            "unknown product",
            "/v1/shops/demo/quote",
            json!({"lines": [{"product_id": "P99999", "sku": "P99999-X", "quantity": 1}]}),
            false,
            404,
            "unknown_product",
        ),
        json_post(
            "SKU with a path",
            "/v1/shops/demo/quote",
            json!({"lines": [{"product_id": product, "sku": "../../etc/passwd", "quantity": 1}]}),
            false,
            400,
            "invalid_field",
        ),
        json_post(
            "wrong currency",
            "/v1/shops/demo/orders",
            order(&|b| b["confirmed_total"]["currency"] = json!("USD")),
            true,
            422,
            "currency_mismatch",
        ),
        json_post(
            "price as a float",
            "/v1/shops/demo/orders",
            order(&|b| b["confirmed_total"]["amount"] = json!(12.5)),
            true,
            400,
            "invalid_json",
        ),
        json_post(
            "missing idempotency key",
            "/v1/shops/demo/orders",
            order(&|_| {}),
            false,
            400,
            "missing_idempotency_key",
        ),
        json_post(
            "bad phone",
            "/v1/shops/demo/orders",
            order(&|b| b["contact"]["phone"] = json!("12")),
            true,
            400,
            "invalid_contact",
        ),
        json_post(
            "missing name",
            "/v1/shops/demo/orders",
            order(&|b| b["contact"]["name"] = json!("  ")),
            true,
            400,
            "invalid_contact",
        ),
        json_post(
            "unknown payment method",
            "/v1/shops/demo/orders",
            order(&|b| b["payment_method"] = json!("iou")),
            true,
            400,
            "invalid_field",
        ),
        json_post(
            "stale confirmed total",
            "/v1/shops/demo/orders",
            order(&|b| b["confirmed_total"]["amount"] = json!(1)),
            true,
            409,
            "price_changed",
        ),
        raw_post(
            "oversize body",
            "/v1/shops/demo/quote",
            page_json(),
            vec![b' '; 100 * 1024],
            413,
            "payload_too_large",
        ),
        bodiless(
            "unknown shop",
            "GET",
            "/v1/shops/nobody-here",
            Some(ORIGIN),
            404,
            "unknown_shop",
        ),
        bodiless(
            "malformed shop id",
            "GET",
            "/v1/shops/..%2Fadmin",
            Some(ORIGIN),
            404,
            "unknown_shop",
        ),
        bodiless(
            "disallowed origin",
            "GET",
            "/v1/shops/demo/products",
            Some("http://127.0.0.1:8790.attacker.test"),
            403,
            "origin_not_allowed",
        ),
        raw_post(
            "null origin on checkout",
            "/v1/shops/demo/quote",
            vec![h("origin", "null"), h("content-type", "application/json")],
            serde_json::to_vec(&line(json!(1))).expect("json"),
            403,
            "origin_not_allowed",
        ),
        raw_post(
            "no origin on checkout",
            "/v1/shops/demo/quote",
            vec![h("content-type", "application/json")],
            serde_json::to_vec(&line(json!(1))).expect("json"),
            403,
            "origin_not_allowed",
        ),
        bodiless(
            "invalid cursor",
            "GET",
            "/v1/shops/demo/products?cursor=%27%20OR%201%3D1",
            Some(ORIGIN),
            400,
            "invalid_cursor",
        ),
        bodiless(
            "limit out of range",
            "GET",
            "/v1/shops/demo/products?limit=100000",
            Some(ORIGIN),
            400,
            "invalid_field",
        ),
        bodiless(
            "unknown product detail",
            "GET",
            "/v1/shops/demo/products/P00000",
            Some(ORIGIN),
            404,
            "unknown_product",
        ),
        bodiless(
            "order with a wrong token",
            "GET",
            "/v1/orders/PS-0000?token=abc",
            Some(ORIGIN),
            404,
            "order_not_found",
        ),
        bodiless(
            "wrong method",
            "DELETE",
            "/v1/shops/demo/products",
            Some(ORIGIN),
            405,
            "method_not_allowed",
        ),
        bodiless(
            "unknown route",
            "GET",
            "/v1/admin/../../etc",
            None,
            404,
            "not_found",
        ),
        raw_post(
            "unsigned webhook",
            "/v1/hooks/supply",
            vec![h("content-type", "application/json")],
            hook_body.clone(),
            401,
            "invalid_signature",
        ),
        hook(
            "expired webhook",
            &expired_headers,
            401,
            "invalid_signature",
        ),
        first,
        hook("replayed webhook", &replay_headers, 401, "replayed_request"),
    ];
    assert!(cases.len() >= 15);
    let mut failures = Vec::new();
    for case in &cases {
        let headers: Vec<(&str, &str)> = case
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let reply = send(
            case.method,
            &format!("{}{}", rt.edge, case.path),
            &headers,
            case.body.as_deref(),
        );
        let code = if case.code.is_empty() {
            String::new()
        } else {
            reply.code()
        };
        if reply.status != case.status || code != case.code {
            failures.push(format!(
                "{}: got {} {} — {}",
                case.name,
                reply.status,
                code,
                reply.text()
            ));
        }
        assert!(
            reply.status < 500,
            "{} answered {}: {}",
            case.name,
            reply.status,
            reply.text()
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
