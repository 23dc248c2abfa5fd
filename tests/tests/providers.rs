//! Stripe and WeChat Pay as the edge really calls them, against the recording
//! stand-in `cargo xtask test` runs in their place (`POCKETSHOP_PROVIDER_URL`): the
//! exact requests (headers, encoding, signatures, checked here independently with
//! `openssl`), and the providers' notifications, signed and encrypted here as the
//! providers document, applied once however often they arrive.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use hmac::{Hmac, Mac};
use pocketshop_tests::{
    contact, order_view, pick_sku, post, quote, runtime, send, send_signed, supplier_orders,
    unique, Reply, ORIGIN,
};
use serde_json::{json, Value};
use sha2::Sha256;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the tests with `cargo xtask test`, which starts the provider stand-in")
    })
}

/// Every request the stand-in has recorded.
fn recorded() -> Vec<Value> {
    let r = send(
        "GET",
        &format!("{}/__requests", env("POCKETSHOP_PROVIDER_URL")),
        &[],
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json().as_array().expect("requests").clone()
}

/// The recorded requests to `path` whose body mentions `needle`.
fn requests_to(path_start: &str, needle: &str) -> Vec<Value> {
    recorded()
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.starts_with(path_start))
        })
        .filter(|r| {
            r["body"].as_str().is_some_and(|b| b.contains(needle))
                || r["path"].as_str().is_some_and(|p| p.contains(needle))
        })
        .collect()
}

fn form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (pct(k), pct(v)))
        .collect()
}

fn pct(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).expect("hex"), 16)
                    .expect("hex"),
            );
            i += 3;
        } else {
            out.push(if b[i] == b'+' { b' ' } else { b[i] });
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no form field {name} in {fields:?}"))
}

/// Checks out one unit at `lumen` (which offers Stripe and WeChat Pay here).
fn place(method: &str) -> Value {
    let (product, sku) = pick_sku("lumen");
    let total = quote("lumen", &product, &sku, 1)["total"].clone();
    let body = json!({
        "lines": [{"product_id": product, "sku": sku, "quantity": 1}],
        "confirmed_total": total, "contact": contact(), "payment_method": method,
        "return_url": format!("{ORIGIN}/store.html"),
    });
    let r = post(
        "/v1/shops/lumen/orders",
        &body,
        &[("idempotency-key", &unique(method))],
    );
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

fn wait_for_status(created: &Value, want: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let order = order_view(created);
        if order["status"] == want || Instant::now() > deadline {
            return order;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// Stripe's `Stripe-Signature`, made here: HMAC-SHA256 over `"{t}.{body}"`.
fn stripe_signature(body: &[u8], t: i64) -> String {
    let secret = env("POCKETSHOP_STRIPE_WEBHOOK_SECRET");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

fn stripe_event(event: &Value) -> Reply {
    let body = serde_json::to_vec(event).expect("json");
    let signature = stripe_signature(&body, pocketshop_tests::now());
    send(
        "POST",
        &format!("{}/v1/hooks/payments/stripe", runtime().edge),
        &[
            ("content-type", "application/json"),
            ("stripe-signature", &signature),
        ],
        Some(&body),
    )
}

#[test]
fn a_stripe_checkout_session_is_created_with_exactly_the_order_and_paid_by_its_webhook_once() {
    let created = place("stripe");
    let id = created["order"]["id"].as_str().expect("id");
    let total = created["order"]["total"]["amount"].as_i64().expect("total");
    assert_eq!(created["payment"]["kind"], "redirect");
    assert_eq!(created["payment"]["method"], "stripe");
    let sessions = requests_to("/v1/checkout/sessions", id);
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let s = &sessions[0];
    assert_eq!(s["method"], "POST");
    let h = &s["headers"];
    assert_eq!(h["authorization"], "Bearer sk_test_pocketshop_local");
    assert!(h["content-type"]
        .as_str()
        .expect("type")
        .starts_with("application/x-www-form-urlencoded"));
    assert!(
        h["idempotency-key"]
            .as_str()
            .is_some_and(|k| k.contains(id)),
        "{h}"
    );
    let f = form(s["body"].as_str().expect("body"));
    assert_eq!(field(&f, "mode"), "payment");
    assert_eq!(field(&f, "metadata[order_id]"), id);
    assert_eq!(field(&f, "client_reference_id"), id);
    assert_eq!(field(&f, "line_items[0][quantity]"), "1");
    assert_eq!(field(&f, "line_items[0][price_data][currency]"), "cny");
    assert_eq!(
        field(&f, "line_items[0][price_data][unit_amount]"),
        total.to_string()
    );
    assert_eq!(
        field(&f, "success_url"),
        format!("{ORIGIN}/store.html#ps-order={id}&shop=lumen")
    );
    let expires: i64 = field(&f, "expires_at").parse().expect("number");
    let now = pocketshop_tests::now();
    assert!(
        (now + 1790..=now + 1810).contains(&expires),
        "Stripe needs 30 minutes: {expires} vs {now}"
    );
    assert!(
        !s["body"].as_str().expect("body").contains("sk_test"),
        "the key is never in a body"
    );

    let session_id = created["payment"]["url"]
        .as_str()
        .and_then(|u| u.rsplit('/').next())
        .expect("session id")
        .to_owned();
    let event = json!({
        "id": unique("evt"), "object": "event", "type": "checkout.session.completed",
        "data": {"object": {
            "id": session_id, "object": "checkout.session", "status": "complete",
            "payment_status": "paid", "amount_total": total, "currency": "cny",
            "payment_intent": "pi_test_pocketshop", "client_reference_id": id,
            "metadata": {"order_id": id},
        }},
    });
    for _ in 0..3 {
        let r = stripe_event(&event);
        assert!(r.status < 300, "{}", r.text());
    }
    assert_eq!(
        wait_for_status(&created, "submitted")["status"],
        "submitted"
    );
    assert_eq!(supplier_orders(id).len(), 1);

    // The supplier cancels it: the edge refunds the PaymentIntent, once.
    let supplier_id = supplier_orders(id)[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let r = send_signed(
        &runtime().edge_key,
        &runtime().supply,
        "POST",
        &format!("/v1/orders/{supplier_id}/cancel"),
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(wait_for_status(&created, "refunded")["status"], "refunded");
    let refunds = requests_to("/v1/refunds", "pi_test_pocketshop");
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    let f = form(refunds[0]["body"].as_str().expect("body"));
    assert_eq!(field(&f, "amount"), total.to_string());
    assert!(refunds[0]["headers"]["idempotency-key"]
        .as_str()
        .is_some_and(|k| k.contains(id)));
}

#[test]
fn a_stripe_webhook_with_a_bad_or_old_signature_is_refused() {
    let created = place("stripe");
    let id = created["order"]["id"].as_str().expect("id");
    let event = json!({"id": unique("evt"), "type": "checkout.session.completed",
        "data": {"object": {"id": "cs_x", "payment_status": "paid", "amount_total": 1,
        "currency": "cny", "payment_intent": "pi_x", "metadata": {"order_id": id}}}});
    let body = serde_json::to_vec(&event).expect("json");
    let url = format!("{}/v1/hooks/payments/stripe", runtime().edge);
    let stale = stripe_signature(&body, pocketshop_tests::now() - 301);
    for signature in [stale.as_str(), "t=1,v1=00", ""] {
        let r = send(
            "POST",
            &url,
            &[
                ("content-type", "application/json"),
                ("stripe-signature", signature),
            ],
            Some(&body),
        );
        assert_eq!(r.status, 401, "{signature}: {}", r.text());
    }
    assert_eq!(order_view(&created)["status"], "pending_payment");
}

fn keys_dir() -> PathBuf {
    PathBuf::from(env("POCKETSHOP_WECHAT_KEYS"))
}

fn openssl(args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl is installed by cargo xtask setup");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Verifies an RSA-SHA256 signature (base64) over `message` with the merchant's
/// public key, with openssl rather than the edge's code.
fn merchant_signed(message: &str, signature_b64: &str) -> bool {
    let dir = std::env::temp_dir().join(unique("wxsig"));
    std::fs::create_dir_all(&dir).expect("dir");
    let (msg, sig) = (dir.join("msg"), dir.join("sig"));
    std::fs::write(&msg, message).expect("write");
    std::fs::write(&sig, B64.decode(signature_b64).expect("base64")).expect("write");
    let public = keys_dir().join("wechat-merchant.pub.pem");
    let out = Command::new("openssl")
        .args(["dgst", "-sha256", "-verify"])
        .arg(&public)
        .arg("-signature")
        .arg(&sig)
        .arg(&msg)
        .output()
        .expect("openssl");
    out.status.success()
}

/// The `Authorization` header's parts.
fn authorization(header: &str) -> Vec<(String, String)> {
    let rest = header
        .strip_prefix("WECHATPAY2-SHA256-RSA2048 ")
        .unwrap_or_else(|| panic!("scheme: {header}"));
    rest.split(',')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().trim_matches('"').to_owned()))
        .collect()
}

fn check_wechat_signature(request: &Value) {
    let auth = authorization(
        request["headers"]["authorization"]
            .as_str()
            .expect("authorization"),
    );
    let get = |k: &str| {
        auth.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{k} missing"))
    };
    assert_eq!(get("mchid"), "1900000109");
    let message = format!(
        "{}\n{}\n{}\n{}\n{}\n",
        request["method"].as_str().expect("method"),
        request["path"].as_str().expect("path"),
        get("timestamp"),
        get("nonce_str"),
        request["body"].as_str().expect("body"),
    );
    assert!(
        merchant_signed(&message, &get("signature")),
        "signature over {message:?}"
    );
}

/// A WeChat Pay notification made as WeChat Pay does: the transaction encrypted with
/// AEAD_AES_256_GCM under the APIv3 key, the whole body signed with the platform's
/// private key over `"{timestamp}\n{nonce}\n{body}\n"` (with openssl).
fn wechat_notification(transaction: &Value, event_id: &str) -> Reply {
    let key = env("POCKETSHOP_WECHAT_API_V3_KEY");
    let cipher = Aes256Gcm::new_from_slice(key.as_bytes()).expect("32-byte key");
    let nonce = &unique("n").replace('-', "")[..12].to_owned();
    let aad = "transaction";
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(nonce.as_bytes()),
            Payload {
                msg: transaction.to_string().as_bytes(),
                aad: aad.as_bytes(),
            },
        )
        .expect("encrypt");
    let body = json!({
        "id": event_id, "create_time": "2026-11-23T10:00:00+08:00",
        "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS",
        "summary": "支付成功",
        "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
                     "ciphertext": B64.encode(sealed), "associated_data": aad, "nonce": nonce},
    })
    .to_string();
    let timestamp = pocketshop_tests::now().to_string();
    let sign_nonce = unique("sn");
    let dir = std::env::temp_dir().join(unique("wxnote"));
    std::fs::create_dir_all(&dir).expect("dir");
    let msg = dir.join("msg");
    std::fs::write(&msg, format!("{timestamp}\n{sign_nonce}\n{body}\n")).expect("write");
    let private = keys_dir().join("wechat-platform.pem");
    let signature = B64.encode(openssl(&[
        "dgst",
        "-sha256",
        "-sign",
        private.to_str().expect("path"),
        msg.to_str().expect("path"),
    ]));
    send(
        "POST",
        &format!("{}/v1/hooks/payments/wechat_pay", runtime().edge),
        &[
            ("content-type", "application/json"),
            ("wechatpay-timestamp", &timestamp),
            ("wechatpay-nonce", &sign_nonce),
            ("wechatpay-signature", &signature),
            (
                "wechatpay-serial",
                &env("POCKETSHOP_WECHAT_PLATFORM_SERIAL"),
            ),
        ],
        Some(body.as_bytes()),
    )
}

const PHONE: &str =
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36";
const IN_WECHAT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.40 NetType/WIFI Language/zh_CN";

#[test]
fn wechat_pay_prepays_h5_and_jsapi_with_signed_requests_and_a_verified_notification_pays_once() {
    let created = place("wechat_pay");
    let id = created["order"]["id"].as_str().expect("id");
    let total = created["order"]["total"]["amount"].as_i64().expect("total");
    let pay_url = created["payment"]["url"].as_str().expect("url").to_owned();
    assert_eq!(pay_url, format!("{}/v1/pay/wechat/{id}", runtime().edge));

    // A phone browser: H5, back to the host page afterwards.
    let r = send("GET", &pay_url, &[("user-agent", PHONE)], None);
    assert_eq!(r.status, 303, "{}", r.text());
    let to = r.header("location").expect("location");
    assert!(to.starts_with("https://wx.tenpay.com/"), "{to}");
    assert!(to.contains("&redirect_url=http%3A%2F%2F127.0.0.1"), "{to}");
    let h5 = requests_to("/v3/pay/transactions/h5", id);
    assert_eq!(h5.len(), 1, "{h5:?}");
    check_wechat_signature(&h5[0]);
    let body: Value = serde_json::from_str(h5[0]["body"].as_str().expect("body")).expect("json");
    assert_eq!(body["out_trade_no"], id);
    assert_eq!(body["mchid"], "1900000109");
    assert_eq!(body["amount"], json!({"total": total, "currency": "CNY"}));
    assert_eq!(
        body["notify_url"],
        format!("{}/v1/hooks/payments/wechat_pay", runtime().edge)
    );
    assert_eq!(body["scene_info"]["h5_info"]["type"], "Wap");
    assert!(
        body["time_expire"]
            .as_str()
            .is_some_and(|t| t.ends_with("+08:00")),
        "{body}"
    );

    // Inside WeChat: first the silent OAuth, then JSAPI with the openid.
    let r = send("GET", &pay_url, &[("user-agent", IN_WECHAT)], None);
    assert_eq!(r.status, 303);
    let to = r.header("location").expect("location");
    assert!(
        to.starts_with(
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wxd678efh567hg6787"
        ),
        "{to}"
    );
    assert!(to.contains("scope=snsapi_base"), "{to}");
    let r = send(
        "GET",
        &format!("{pay_url}?code=CODE1&state={id}"),
        &[("user-agent", IN_WECHAT)],
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("getBrandWCPayRequest"));
    let csp = r.header("content-security-policy").expect("csp");
    assert!(csp.contains("script-src 'nonce-"), "{csp}");
    let jsapi = requests_to("/v3/pay/transactions/jsapi", id);
    assert_eq!(jsapi.len(), 1);
    check_wechat_signature(&jsapi[0]);
    let body: Value = serde_json::from_str(jsapi[0]["body"].as_str().expect("body")).expect("json");
    assert_eq!(body["payer"]["openid"], "o_test_CODE1");

    // WeChat Pay's notification, three times: paid once, one supplier order.
    let transaction = json!({
        "mchid": "1900000109", "appid": "wxd678efh567hg6787", "out_trade_no": id,
        "transaction_id": "4200000000000000001", "trade_type": "JSAPI", "trade_state": "SUCCESS",
        "amount": {"total": total, "payer_total": total, "currency": "CNY", "payer_currency": "CNY"},
        "success_time": "2026-11-23T10:00:00+08:00",
    });
    let event_id = unique("wxevt");
    for delivery in 0..3 {
        let r = wechat_notification(&transaction, &event_id);
        assert!(r.status < 300, "delivery {delivery}: {}", r.text());
    }
    assert_eq!(
        wait_for_status(&created, "submitted")["status"],
        "submitted"
    );
    assert_eq!(supplier_orders(id).len(), 1);
    // A second notification of the same payment under a new id: still one order.
    let again = wechat_notification(&transaction, &unique("wxevt"));
    assert!(again.status < 300, "{}", again.text());
    assert_eq!(supplier_orders(id).len(), 1);
}

#[test]
fn a_wechat_notification_signed_by_someone_else_is_refused() {
    let created = place("wechat_pay");
    let id = created["order"]["id"].as_str().expect("id");
    let body = json!({"id": "x", "event_type": "TRANSACTION.SUCCESS", "resource": {}}).to_string();
    let r = send(
        "POST",
        &format!("{}/v1/hooks/payments/wechat_pay", runtime().edge),
        &[
            ("content-type", "application/json"),
            ("wechatpay-timestamp", &pocketshop_tests::now().to_string()),
            ("wechatpay-nonce", "abc"),
            ("wechatpay-signature", &B64.encode([0u8; 256])),
            (
                "wechatpay-serial",
                &env("POCKETSHOP_WECHAT_PLATFORM_SERIAL"),
            ),
        ],
        Some(body.as_bytes()),
    );
    assert_eq!(r.status, 401, "{}", r.text());
    assert_eq!(order_view(&created)["status"], "pending_payment", "{id}");
}
