//! WeChat Pay API v3: request signatures, prepay orders, closing, refunds and
//! notification decryption, verified as WeChat Pay documents them.

use super::*;
use crate::base::config::Secret;
use crate::fakes::FakePlatform;
use crate::ports::platform::PlatformError;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

const MCH: &str = "1900000109";
const APP: &str = "wxd678efh567hg6787";
const API: &str = "https://api.mch.weixin.test";
const V3_KEY: &str = "0123456789abcdef0123456789abcdef";
const PLATFORM_SERIAL: &str = "PUB_KEY_ID_0114232019122700000000000001";
const NOW: i64 = 1_790_000_000;

/// Key pairs made by openssl for this test run (never committed): the
/// merchant's and WeChat Pay's platform key.
struct Keys {
    dir: PathBuf,
    merchant: String,
    platform_public: String,
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

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("pocketshop-wechat-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        for name in ["merchant", "platform"] {
            let private = dir.join(format!("{name}.pem"));
            let public = dir.join(format!("{name}.pub.pem"));
            openssl(&[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
                private.to_str().expect("path"),
            ]);
            openssl(&[
                "pkey",
                "-in",
                private.to_str().expect("path"),
                "-pubout",
                "-out",
                public.to_str().expect("path"),
            ]);
        }
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).expect("pem");
        Keys {
            merchant: read("merchant.pem"),
            platform_public: read("platform.pub.pem"),
            dir,
        }
    })
}

/// RSA-SHA256 of `message` with `key` (a file in the keys' directory), by openssl.
fn openssl_sign(key: &str, message: &[u8]) -> String {
    let dir = &keys().dir;
    let file = dir.join(format!("msg-{}", crate::base::random::hex(6).expect("rng")));
    std::fs::write(&file, message).expect("write");
    let signature = openssl(&[
        "dgst",
        "-sha256",
        "-sign",
        dir.join(key).to_str().expect("path"),
        file.to_str().expect("path"),
    ]);
    B64.encode(signature)
}

/// Whether openssl verifies a base64 RSA-SHA256 `signature` of `message` with
/// the merchant's public key.
fn openssl_verifies(message: &[u8], signature: &str) -> bool {
    let dir = &keys().dir;
    let tag = crate::base::random::hex(6).expect("rng");
    let (msg, sig) = (dir.join(format!("m-{tag}")), dir.join(format!("s-{tag}")));
    std::fs::write(&msg, message).expect("write");
    std::fs::write(&sig, B64.decode(signature).expect("base64")).expect("write");
    Command::new("openssl")
        .args(["dgst", "-sha256", "-verify"])
        .arg(dir.join("merchant.pub.pem"))
        .arg("-signature")
        .arg(&sig)
        .arg(&msg)
        .output()
        .expect("openssl")
        .status
        .success()
}

fn wechat() -> WechatPay {
    let keys = keys();
    WechatPay::new(WechatConfig {
        api_base: API.into(),
        mch_id: MCH.into(),
        app_id: APP.into(),
        serial_no: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1".into(),
        private_key_pem: Secret::new(keys.merchant.as_str()),
        api_v3_key: Secret::new(V3_KEY),
        platform_public_key_pem: keys.platform_public.clone(),
        platform_serial: PLATFORM_SERIAL.into(),
    })
}

fn order_id() -> OrderId {
    OrderId::parse("PS-7Q2K9X").expect("id")
}

fn order(id: &OrderId) -> PaymentOrder<'_> {
    PaymentOrder {
        order_id: id,
        amount: Money::new(3_400, Currency::CNY),
        description: "Lumen · PS-7Q2K9X · 2".into(),
        pay_before: NOW + 900,
        return_url: "https://shop.example/store.html#ps-order=PS-7Q2K9X&shop=lumen",
        cancel_url: "https://shop.example/store.html#ps-order=PS-7Q2K9X&shop=lumen",
        public_url: "https://edge.example",
        client_ip: Some("203.0.113.7"),
        now: NOW,
    }
}

fn reply(status: u16, body: Value) -> Result<OutboundResponse, PlatformError> {
    Ok(OutboundResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: if body.is_null() {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        },
    })
}

fn header<'a>(request: &'a OutboundRequest, name: &str) -> &'a str {
    request
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("{name} missing"))
}

/// The `Authorization` header's fields, read as WeChat Pay documents them.
fn authorization(request: &OutboundRequest) -> Vec<(String, String)> {
    header(request, "authorization")
        .strip_prefix("WECHATPAY2-SHA256-RSA2048 ")
        .expect("scheme")
        .split(',')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.trim_matches('"').to_owned()))
        .collect()
}

fn auth_field(request: &OutboundRequest, name: &str) -> String {
    authorization(request)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("{name} missing"))
}

/// Checks a request's signature with openssl over the documented message.
fn assert_signed(request: &OutboundRequest, path: &str) {
    let message = format!(
        "{}\n{path}\n{}\n{}\n{}\n",
        request.method.as_str(),
        auth_field(request, "timestamp"),
        auth_field(request, "nonce_str"),
        String::from_utf8_lossy(&request.body)
    );
    assert!(
        openssl_verifies(message.as_bytes(), &auth_field(request, "signature")),
        "{message:?}"
    );
    assert_eq!(auth_field(request, "mchid"), MCH);
    assert_eq!(
        auth_field(request, "serial_no"),
        "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    );
}

fn body(request: &OutboundRequest) -> Value {
    serde_json::from_slice(&request.body).expect("json body")
}

#[test]
fn beijing_time_is_utc_plus_eight_in_rfc_3339() {
    assert_eq!(beijing_time(0), "1970-01-01T08:00:00+08:00");
    // 2023-11-14T22:13:20Z.
    assert_eq!(beijing_time(1_700_000_000), "2023-11-15T06:13:20+08:00");
    // 2024-02-29T16:00:00Z is already 1 March in Beijing.
    assert_eq!(beijing_time(1_709_222_400), "2024-03-01T00:00:00+08:00");
}

#[test]
fn a_signed_request_carries_the_documented_authorization_over_the_exact_body() {
    let request = wechat()
        .signed_request(
            Method::Post,
            "/v3/pay/transactions/jsapi",
            Some(&json!({"a": "价格 1"})),
            1_554_208_460,
            "593BEC0C930BF1AFEB40B4A08C8FB242",
        )
        .expect("signed");
    assert_eq!(request.url, format!("{API}/v3/pay/transactions/jsapi"));
    assert_eq!(auth_field(&request, "timestamp"), "1554208460");
    assert_eq!(
        auth_field(&request, "nonce_str"),
        "593BEC0C930BF1AFEB40B4A08C8FB242"
    );
    assert_eq!(header(&request, "content-type"), "application/json");
    assert_eq!(header(&request, "accept"), "application/json");
    assert!(!header(&request, "user-agent").is_empty());
    assert_signed(&request, "/v3/pay/transactions/jsapi");
    // The message WeChat Pay documents, byte for byte.
    assert_eq!(
        signature_message(
            "GET",
            "/v3/certificates",
            1_554_208_460,
            "593BEC0C930BF1AFEB40B4A08C8FB242",
            ""
        ),
        "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
    );
}

#[test]
fn an_h5_prepay_order_names_the_order_its_total_its_deadline_and_the_shoppers_ip() {
    let platform = FakePlatform::default();
    platform.answer_with(|_| {
        reply(
            200,
            json!({"h5_url": "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx1&package=1"}),
        )
    });
    let id = order_id();
    let url =
        pollster::block_on(wechat().prepay_h5(&platform, &order(&id), id.as_str())).expect("h5");
    assert!(url.starts_with("https://wx.tenpay.com/"));
    let sent = platform.sent.borrow();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, Method::Post);
    assert_signed(&sent[0], "/v3/pay/transactions/h5");
    assert_eq!(
        body(&sent[0]),
        json!({
            "appid": APP, "mchid": MCH, "description": "Lumen · PS-7Q2K9X · 2",
            "out_trade_no": "PS-7Q2K9X", "time_expire": beijing_time(NOW + 900),
            "notify_url": "https://edge.example/v1/hooks/payments/wechat_pay",
            "amount": {"total": 3400, "currency": "CNY"},
            "scene_info": {"payer_client_ip": "203.0.113.7", "h5_info": {"type": "Wap"}},
        })
    );
}

#[test]
fn an_h5_payment_without_the_shoppers_ip_or_in_another_currency_is_unsupported() {
    let platform = FakePlatform::default();
    let id = order_id();
    let mut no_ip = order(&id);
    no_ip.client_ip = None;
    let r = pollster::block_on(wechat().prepay_h5(&platform, &no_ip, id.as_str()));
    assert!(matches!(r, Err(PaymentError::Unsupported { .. })), "{r:?}");
    let mut usd = order(&id);
    usd.amount = Money::new(500, Currency::parse("USD").expect("usd"));
    let r = pollster::block_on(wechat().open(&platform, &usd));
    assert!(matches!(r, Err(PaymentError::Unsupported { .. })), "{r:?}");
    assert!(platform.sent.borrow().is_empty());
}

#[test]
fn a_long_description_is_cut_to_127_bytes_on_a_character_boundary() {
    let platform = FakePlatform::default();
    platform.answer_with(|_| {
        reply(
            200,
            json!({"prepay_id": "wx201410272009395522657a690389285100"}),
        )
    });
    let id = order_id();
    let mut long = order(&id);
    long.description = "长".repeat(100);
    pollster::block_on(wechat().prepay_jsapi(&platform, &long, id.as_str(), "o1")).expect("ok");
    let description = body(&platform.sent.borrow()[0])["description"]
        .as_str()
        .expect("description")
        .to_owned();
    assert_eq!(description, "长".repeat(42));
}

#[test]
fn a_jsapi_prepay_names_the_payer_and_its_pay_sign_verifies_over_the_documented_message() {
    let platform = FakePlatform::default();
    platform.answer_with(|_| {
        reply(
            200,
            json!({"prepay_id": "wx201410272009395522657a690389285100"}),
        )
    });
    let id = order_id();
    let w = wechat();
    let prepay = pollster::block_on(w.prepay_jsapi(
        &platform,
        &order(&id),
        id.as_str(),
        "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
    ))
    .expect("prepay");
    assert_eq!(prepay, "wx201410272009395522657a690389285100");
    let sent = platform.sent.borrow();
    assert_signed(&sent[0], "/v3/pay/transactions/jsapi");
    assert_eq!(
        body(&sent[0])["payer"],
        json!({"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"})
    );
    assert!(body(&sent[0]).get("scene_info").is_none());

    let params = w
        .jsapi_pay_params(&prepay, 1_414_561_699, "5K8264ILTKCH16CQ2502SI8ZNMTM67VS")
        .expect("params");
    assert_eq!(params["appId"], APP);
    assert_eq!(params["timeStamp"], "1414561699");
    assert_eq!(
        params["package"],
        "prepay_id=wx201410272009395522657a690389285100"
    );
    assert_eq!(params["signType"], "RSA");
    let message = format!(
        "{APP}\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n"
    );
    assert!(openssl_verifies(
        message.as_bytes(),
        params["paySign"].as_str().expect("paySign")
    ));
}

#[test]
fn a_wechat_error_answer_is_refused_with_its_code_only() {
    let platform = FakePlatform::default();
    platform.answer_with(|_| {
        reply(
            400,
            json!({"code": "PARAM_ERROR", "message": "appid和mch_id不匹配 <x>"}),
        )
    });
    let id = order_id();
    let r = pollster::block_on(wechat().prepay_jsapi(&platform, &order(&id), id.as_str(), "o1"));
    match r {
        Err(PaymentError::Refused { status, detail }) => {
            assert_eq!((status, detail.as_str()), (400, "PARAM_ERROR"));
        }
        other => panic!("{other:?}"),
    }
    platform.answer_with(|_| reply(200, json!({"prepay_id": "bad id/../"})));
    let r = pollster::block_on(wechat().prepay_jsapi(&platform, &order(&id), id.as_str(), "o1"));
    assert!(
        matches!(r, Err(PaymentError::InvalidResponse { .. })),
        "{r:?}"
    );
}

#[test]
fn opening_sends_nothing_and_points_at_the_edges_pay_page() {
    let platform = FakePlatform::default();
    let id = order_id();
    let opened = pollster::block_on(wechat().open(&platform, &order(&id))).expect("open");
    assert_eq!(
        opened,
        OpenedPayment {
            reference: "PS-7Q2K9X".into(),
            pay_url: "https://edge.example/v1/pay/wechat/PS-7Q2K9X".into(),
        }
    );
    assert!(platform.sent.borrow().is_empty());
    assert!(!wechat().test_mode());
}

#[test]
fn closing_posts_the_mchid_and_an_already_closed_order_is_fine() {
    let platform = FakePlatform::default();
    platform.answer_with(|_| reply(204, Value::Null));
    let id = order_id();
    pollster::block_on(wechat().close(&platform, &id, "PS-7Q2K9X")).expect("closed");
    {
        let sent = platform.sent.borrow();
        assert_signed(
            &sent[0],
            "/v3/pay/transactions/out-trade-no/PS-7Q2K9X/close",
        );
        assert_eq!(body(&sent[0]), json!({"mchid": MCH}));
    }
    platform.answer_with(|_| reply(400, json!({"code": "ORDER_CLOSED", "message": "x"})));
    pollster::block_on(wechat().close(&platform, &id, "PS-7Q2K9X")).expect("already closed");
    platform.answer_with(|_| reply(403, json!({"code": "ORDERPAID", "message": "x"})));
    let r = pollster::block_on(wechat().close(&platform, &id, "PS-7Q2K9X"));
    assert!(matches!(r, Err(PaymentError::Refused { .. })), "{r:?}");
    let r = pollster::block_on(wechat().close(&platform, &id, "../x"));
    assert!(
        matches!(r, Err(PaymentError::InvalidResponse { .. })),
        "{r:?}"
    );
}

fn refund_request<'a>(id: &'a OrderId) -> RefundRequest<'a> {
    RefundRequest {
        order_id: id,
        reference: "PS-7Q2K9X",
        provider_payment_id: "4200000000000000001",
        amount: Money::new(3_400, Currency::CNY),
        paid: Money::new(3_400, Currency::CNY),
        refund_key: "refund-PS-7Q2K9X",
        reason: "supplier cancelled",
        public_url: "https://edge.example",
    }
}

#[test]
fn a_refund_names_the_transaction_the_amounts_and_its_out_refund_no() {
    let platform = FakePlatform::default();
    platform.answer_with(|_| {
        reply(
            200,
            json!({"refund_id": "50000000382019052709732678859", "status": "PROCESSING"}),
        )
    });
    let id = order_id();
    let outcome =
        pollster::block_on(wechat().refund(&platform, &refund_request(&id))).expect("refund");
    assert_eq!(outcome.refund_id, "50000000382019052709732678859");
    let sent = platform.sent.borrow();
    assert_signed(&sent[0], "/v3/refund/domestic/refunds");
    assert_eq!(
        body(&sent[0]),
        json!({
            "transaction_id": "4200000000000000001", "out_refund_no": "refund-PS-7Q2K9X",
            "reason": "supplier cancelled",
            "notify_url": "https://edge.example/v1/hooks/payments/wechat_pay",
            "amount": {"refund": 3400, "total": 3400, "currency": "CNY"},
        })
    );
}

#[test]
fn a_closed_or_abnormal_refund_is_refused() {
    let platform = FakePlatform::default();
    platform.answer_with(|_| reply(200, json!({"refund_id": "5000", "status": "ABNORMAL"})));
    let id = order_id();
    let r = pollster::block_on(wechat().refund(&platform, &refund_request(&id)));
    match r {
        Err(PaymentError::Refused { detail, .. }) => assert_eq!(detail, "refund_abnormal"),
        other => panic!("{other:?}"),
    }
}

/// A notification as WeChat Pay makes one: `resource` sealed with AES-256-GCM
/// under the APIv3 key, the body signed by the platform key with openssl.
fn notification(event_type: &str, plain: &Value, timestamp: i64, serial: &str) -> HttpRequest {
    let cipher = Aes256Gcm::new_from_slice(V3_KEY.as_bytes()).expect("key");
    let nonce = "fdasflkja484";
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(nonce.as_bytes()),
            Payload {
                msg: plain.to_string().as_bytes(),
                aad: b"transaction",
            },
        )
        .expect("seal");
    let body = json!({
        "id": "EV-2018022511223320873", "create_time": "2015-05-20T13:29:35+08:00",
        "resource_type": "encrypt-resource", "event_type": event_type, "summary": "支付成功",
        "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
                     "ciphertext": B64.encode(sealed), "associated_data": "transaction",
                     "nonce": nonce},
    })
    .to_string();
    let sign_nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
    let signature = openssl_sign(
        "platform.pem",
        &notice_message(&timestamp.to_string(), sign_nonce, body.as_bytes()),
    );
    HttpRequest::new(Method::Post, "/v1/hooks/payments/wechat_pay")
        .with_header("Content-Type", "application/json")
        .with_header("Wechatpay-Timestamp", &timestamp.to_string())
        .with_header("Wechatpay-Nonce", sign_nonce)
        .with_header("Wechatpay-Signature", &signature)
        .with_header("Wechatpay-Serial", serial)
        .with_body(body.into_bytes())
}

fn transaction(state: &str) -> Value {
    json!({
        "mchid": MCH, "appid": APP, "out_trade_no": "PS-7Q2K9X",
        "transaction_id": "4200000000000000001", "trade_type": "JSAPI",
        "trade_state": state, "success_time": "2026-11-23T10:00:00+08:00",
        "payer": {"openid": "o1"},
        "amount": {"total": 3400, "payer_total": 3400, "currency": "CNY", "payer_currency": "CNY"},
    })
}

#[test]
fn a_signed_and_sealed_transaction_success_is_a_paid_notice() {
    let req = notification(
        "TRANSACTION.SUCCESS",
        &transaction("SUCCESS"),
        NOW,
        PLATFORM_SERIAL,
    );
    let verified = wechat().verify_notice(&req, NOW + 5).expect("verified");
    assert_eq!(verified.event_id, "EV-2018022511223320873");
    assert_eq!(
        verified.notice,
        PaymentNotice::Paid {
            order_id: order_id(),
            reference: "PS-7Q2K9X".into(),
            provider_payment_id: "4200000000000000001".into(),
            amount: Money::new(3_400, Currency::CNY),
        }
    );
}

#[test]
fn a_successful_refund_notice_is_refunded_and_others_are_ignored() {
    let refund = |status: &str| {
        json!({
            "mchid": MCH, "out_trade_no": "PS-7Q2K9X", "transaction_id": "4200000000000000001",
            "out_refund_no": "refund-PS-7Q2K9X", "refund_id": "50000000382019052709732678859",
            "refund_status": status,
            "amount": {"total": 3400, "refund": 3400, "payer_total": 3400, "payer_refund": 3400},
        })
    };
    let req = notification("REFUND.SUCCESS", &refund("SUCCESS"), NOW, PLATFORM_SERIAL);
    assert_eq!(
        wechat().verify_notice(&req, NOW).expect("ok").notice,
        PaymentNotice::Refunded {
            order_id: order_id(),
            refund_id: "50000000382019052709732678859".into(),
            payment: "PS-7Q2K9X".into(),
        }
    );
    let req = notification("REFUND.ABNORMAL", &refund("ABNORMAL"), NOW, PLATFORM_SERIAL);
    assert!(matches!(
        wechat().verify_notice(&req, NOW).expect("ok").notice,
        PaymentNotice::Ignored { .. }
    ));
}

#[test]
fn an_unpaid_trade_state_or_an_unknown_event_is_ignored() {
    let req = notification(
        "TRANSACTION.SUCCESS",
        &transaction("NOTPAY"),
        NOW,
        PLATFORM_SERIAL,
    );
    assert!(matches!(
        wechat().verify_notice(&req, NOW).expect("ok").notice,
        PaymentNotice::Ignored { .. }
    ));
    let req = notification("SOMETHING.NEW", &json!({}), NOW, PLATFORM_SERIAL);
    assert_eq!(
        wechat().verify_notice(&req, NOW).expect("ok").notice,
        PaymentNotice::Ignored {
            kind: "SOMETHING.NEW".into()
        }
    );
}

#[test]
fn a_tampered_stale_or_foreign_notification_is_an_invalid_signature() {
    let w = wechat();
    let good = notification(
        "TRANSACTION.SUCCESS",
        &transaction("SUCCESS"),
        NOW,
        PLATFORM_SERIAL,
    );

    let mut tampered = good.clone();
    tampered.body = String::from_utf8(tampered.body)
        .expect("utf8")
        .replace("EV-2018", "EV-2019")
        .into_bytes();
    let stale = notification(
        "TRANSACTION.SUCCESS",
        &transaction("SUCCESS"),
        NOW - 301,
        PLATFORM_SERIAL,
    );
    let other_key = notification(
        "TRANSACTION.SUCCESS",
        &transaction("SUCCESS"),
        NOW,
        "PUB_KEY_ID_OTHER",
    );
    let mut probe = good.clone();
    for h in &mut probe.headers {
        if h.0 == "wechatpay-signature" {
            // WeChat Pay's own probe: a signature that must never verify.
            h.1 = "WECHATPAY/SIGNTEST/abc".into();
        }
    }
    let mut unsigned = good.clone();
    unsigned.headers.retain(|(n, _)| n != "wechatpay-signature");
    for (name, req) in [
        ("tampered", tampered),
        ("stale", stale),
        ("other key", other_key),
        ("probe", probe),
        ("unsigned", unsigned),
    ] {
        let r = w.verify_notice(&req, NOW);
        assert!(
            matches!(r, Err(PaymentError::InvalidSignature { .. })),
            "{name}: {r:?}"
        );
    }
}

#[test]
fn a_resource_sealed_under_another_key_or_for_another_merchant_is_refused() {
    let mut w = wechat();
    w.config.api_v3_key = Secret::new("ffffffffffffffffffffffffffffffff");
    let req = notification(
        "TRANSACTION.SUCCESS",
        &transaction("SUCCESS"),
        NOW,
        PLATFORM_SERIAL,
    );
    let r = w.verify_notice(&req, NOW);
    assert!(
        matches!(r, Err(PaymentError::InvalidSignature { .. })),
        "{r:?}"
    );

    let mut other = transaction("SUCCESS");
    other["mchid"] = json!("1230000109");
    let req = notification("TRANSACTION.SUCCESS", &other, NOW, PLATFORM_SERIAL);
    let r = wechat().verify_notice(&req, NOW);
    assert!(
        matches!(r, Err(PaymentError::MalformedNotice { .. })),
        "{r:?}"
    );
}

#[test]
fn a_pem_with_escaped_newlines_is_read() {
    let mut w = wechat();
    w.config.private_key_pem = Secret::new(keys().merchant.replace('\n', "\\n").as_str());
    assert!(w.jsapi_pay_params("wx1", NOW, "n").is_ok());
    w.config.private_key_pem = Secret::new("not a key");
    assert!(matches!(
        w.jsapi_pay_params("wx1", NOW, "n"),
        Err(PaymentError::Credentials { .. })
    ));
}
