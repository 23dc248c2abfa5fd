//! Stripe's hosted Checkout as a payment [`Provider`]: an order is paid on a
//! Checkout Session created for it (`POST /v1/checkout/sessions`), closed by
//! expiring that session, refunded through its PaymentIntent, and confirmed by the
//! `checkout.session.*` webhook events Stripe signs (see [`crate::domain::payments::signature`]).
//!
//! Invariants:
//! - a session charges exactly the order's total: one line item of quantity 1 whose
//!   unit amount is the total in minor units, and a paid notice carries Stripe's own
//!   `amount_total`, which the lifecycle compares with the order;
//! - a session's deadline is the order's `pay_before` moved into the 30 min – 24 h
//!   window Stripe accepts (with a small margin, see [`DEADLINE_MARGIN_SECS`]);
//! - every call that creates something carries an `Idempotency-Key` derived from
//!   what it creates (the order and the session's deadline; the refund's key), so a
//!   retried call makes one session or one refund;
//! - the secret key is sent only in the `Authorization` header: it never reaches a
//!   log or a [`PaymentError`], and Stripe's error `message` (which can quote part of
//!   the key) is never read, only its `code` and `type`;
//! - a notice is read only after its `Stripe-Signature` checks out.

use crate::base::config::StripeConfig;
use crate::base::http::{HttpRequest, HttpResponse, Method};
use crate::domain::payments::signature;
use crate::domain::payments::{
    ignored, invalid, malformed, OpenedPayment, OutboundRequest, OutboundResponse, PaymentError,
    PaymentNotice, PaymentOrder, Provider, RefundOutcome, RefundRequest, VerifiedNotice,
};
use crate::ports::platform::Platform;
use pocketshop_shared::{Currency, Money, OrderId, PaymentMethod};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The API version every request pins, so Stripe's answers keep the shape this
/// module reads whatever the account's default version is. (Webhook events take the
/// version their endpoint was created with; the few fields read from them have kept
/// their names and types across Stripe's versions.)
pub const API_VERSION: &str = "2025-03-31.basil";

/// The header carrying a webhook's signature (request header names are lowercase).
pub const SIGNATURE_HEADER: &str = "stripe-signature";

/// The shortest lifetime Stripe accepts for a Checkout Session.
pub const MIN_SESSION_SECS: i64 = 30 * 60;

/// The longest lifetime Stripe accepts for a Checkout Session.
pub const MAX_SESSION_SECS: i64 = 24 * 60 * 60;

/// How far inside Stripe's window a session's deadline is kept. Stripe measures the
/// window from when it creates the session, a moment after `now` was read here, so a
/// deadline of exactly `now + 30 min` could be refused as too short.
pub const DEADLINE_MARGIN_SECS: i64 = 10;

/// How Stripe's API takes request bodies.
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The longest object id accepted from Stripe (theirs are well under 100).
const MAX_ID_LEN: usize = 255;

/// Stripe's hosted Checkout.
#[derive(Debug, Clone)]
pub struct Stripe {
    config: StripeConfig,
}

impl Stripe {
    /// The provider of `config`.
    pub fn new(config: StripeConfig) -> Stripe {
        Stripe { config }
    }

    /// A request to `path` of Stripe's API, with a form body when `form` is given.
    fn request(
        &self,
        method: Method,
        path: &str,
        form: Option<String>,
        idempotency_key: Option<String>,
    ) -> OutboundRequest {
        let mut headers = vec![
            (
                "authorization".to_owned(),
                format!("Bearer {}", self.config.secret_key.expose()),
            ),
            ("stripe-version".to_owned(), API_VERSION.to_owned()),
        ];
        if let Some(key) = idempotency_key {
            headers.push(("idempotency-key".to_owned(), key));
        }
        let body = match form {
            Some(form) => {
                headers.push(("content-type".to_owned(), FORM_CONTENT_TYPE.to_owned()));
                form.into_bytes()
            }
            None => Vec::new(),
        };
        OutboundRequest {
            method,
            url: format!("{}{path}", self.config.api_base.trim_end_matches('/')),
            headers,
            body,
        }
    }
}

/// Sends a request; a transport failure is [`PaymentError::Unreachable`].
async fn send<X: Platform>(
    platform: &X,
    request: OutboundRequest,
) -> Result<OutboundResponse, PaymentError> {
    platform
        .send(request)
        .await
        .map_err(|e| PaymentError::Unreachable {
            detail: e.to_string(),
        })
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Stripe's error body, `{"error": {"type", "code", "message", …}}`. The message is
/// deliberately not read: "Invalid API Key provided: sk_test_****1234" quotes the key.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: Option<ErrorDetail>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorDetail {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    code: Option<String>,
}

/// A non-2xx answer as [`PaymentError::Refused`], naming Stripe's error code (or its
/// type when it has no code).
fn refusal(response: &OutboundResponse) -> PaymentError {
    let error = serde_json::from_slice::<ErrorBody>(&response.body)
        .ok()
        .and_then(|b| b.error)
        .unwrap_or_default();
    let detail = error
        .code
        .or(error.kind)
        .map(|c| token(&c))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "no error code".to_owned());
    PaymentError::Refused {
        status: response.status,
        detail,
    }
}

/// An error code as a short `snake_case` token, so nothing else Stripe sent (and
/// nothing secret) can ride along into logs.
fn token(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .take(64)
        .collect()
}

/// The JSON of a 2xx answer, or the refusal of any other.
fn success<T: for<'de> Deserialize<'de>>(response: &OutboundResponse) -> Result<T, PaymentError> {
    if !is_success(response.status) {
        return Err(refusal(response));
    }
    serde_json::from_slice(&response.body).map_err(|_| invalid("not the JSON object documented"))
}

/// Whether `id` looks like a Stripe object id (`cs_test_a1…`, `re_3P…`): it goes into
/// URL paths, so nothing that could change the path is let through.
fn is_stripe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The deadline a session is created with: the order's own, moved inside the window
/// Stripe accepts. A later deadline than the order's is safe: the lifecycle expires
/// the session itself when the order's deadline passes.
fn session_deadline(order: &PaymentOrder<'_>) -> i64 {
    let earliest = order.now + MIN_SESSION_SECS + DEADLINE_MARGIN_SECS;
    let latest = order.now + MAX_SESSION_SECS - DEADLINE_MARGIN_SECS;
    order.pay_before.max(earliest).min(latest)
}

/// The form creating an order's Checkout Session.
fn session_form(order: &PaymentOrder<'_>, expires_at: i64) -> String {
    let id = order.order_id.as_str();
    form_urlencoded::Serializer::new(String::new())
        .append_pair("mode", "payment")
        .append_pair("success_url", order.return_url)
        .append_pair("cancel_url", order.cancel_url)
        .append_pair("client_reference_id", id)
        .append_pair("metadata[order_id]", id)
        // Also on the PaymentIntent, so the payment names its order in Stripe's
        // Dashboard and in its charge and refund events.
        .append_pair("payment_intent_data[metadata][order_id]", id)
        .append_pair("expires_at", &expires_at.to_string())
        // One line for the whole order: Stripe charges exactly what the edge quoted,
        // with no rounding or tax of its own per line.
        .append_pair("line_items[0][quantity]", "1")
        .append_pair(
            "line_items[0][price_data][currency]",
            &order.amount.currency.code().to_ascii_lowercase(),
        )
        .append_pair(
            "line_items[0][price_data][unit_amount]",
            &order.amount.amount.to_string(),
        )
        .append_pair(
            "line_items[0][price_data][product_data][name]",
            &order.description,
        )
        .finish()
}

/// The fields of a Checkout Session this module reads from Stripe's answers.
#[derive(Debug, Deserialize)]
struct SessionAnswer {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

/// The fields of a Refund this module reads.
#[derive(Debug, Deserialize)]
struct RefundAnswer {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

/// A webhook event: `{id, type, data: {object}}`.
#[derive(Debug, Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    /// Read only for the kinds acted on; other kinds are acknowledged whatever
    /// they carry.
    #[serde(default)]
    data: Option<EventData>,
}

#[derive(Debug, Deserialize)]
struct EventData {
    object: Value,
}

/// The Checkout Session inside a `checkout.session.*` event.
#[derive(Debug, Deserialize)]
struct SessionObject {
    id: String,
    #[serde(default)]
    payment_status: Option<String>,
    /// An id, or the PaymentIntent itself when a caller expanded it.
    #[serde(default)]
    payment_intent: Option<Value>,
    #[serde(default)]
    amount_total: Option<i64>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    client_reference_id: Option<String>,
    #[serde(default)]
    metadata: Option<BTreeMap<String, String>>,
}

/// The Refund inside a `refund.*` event.
#[derive(Debug, Deserialize)]
struct RefundObject {
    id: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    metadata: Option<BTreeMap<String, String>>,
}

/// The order a session was made for: its `metadata[order_id]`, or else its
/// `client_reference_id`. `Ok(None)` when it names none: a session of another
/// integration on the same Stripe account, whose events are acknowledged and
/// ignored (refusing them would make Stripe retry them for days and then disable
/// the endpoint).
fn session_order(session: &SessionObject) -> Result<Option<OrderId>, PaymentError> {
    let from_metadata = session
        .metadata
        .as_ref()
        .and_then(|m| m.get("order_id"))
        .filter(|v| !v.is_empty());
    match from_metadata.or(session.client_reference_id.as_ref()) {
        Some(id) => OrderId::parse(id)
            .map(Some)
            .map_err(|_| malformed("bad order id")),
        None => Ok(None),
    }
}

fn session_reference(session: &SessionObject) -> Result<String, PaymentError> {
    if is_stripe_id(&session.id) {
        Ok(session.id.clone())
    } else {
        Err(malformed("bad session id"))
    }
}

/// What a paid session says.
fn paid(session: &SessionObject, order_id: OrderId) -> Result<PaymentNotice, PaymentError> {
    let provider_payment_id = match &session.payment_intent {
        Some(Value::String(id)) => Some(id.as_str()),
        Some(Value::Object(intent)) => intent.get("id").and_then(Value::as_str),
        _ => None,
    }
    .filter(|id| is_stripe_id(id))
    .ok_or_else(|| malformed("no payment_intent"))?
    .to_owned();
    let amount = session
        .amount_total
        .ok_or_else(|| malformed("no amount_total"))?;
    // Stripe writes ISO codes in lowercase.
    let currency = session
        .currency
        .as_deref()
        .map(str::to_ascii_uppercase)
        .ok_or_else(|| malformed("no currency"))
        .and_then(|c| Currency::parse(&c).map_err(|_| malformed("unsupported currency")))?;
    Ok(PaymentNotice::Paid {
        order_id,
        reference: session_reference(session)?,
        provider_payment_id,
        amount: Money::new(amount, currency),
    })
}

/// What a `checkout.session.*` event says.
fn session_notice(kind: &str, object: Value) -> Result<PaymentNotice, PaymentError> {
    let session: SessionObject =
        serde_json::from_value(object).map_err(|_| malformed("not a Checkout Session"))?;
    let Some(order_id) = session_order(&session)? else {
        return Ok(ignored(kind));
    };
    match kind {
        "checkout.session.expired" => Ok(PaymentNotice::Expired {
            order_id,
            reference: session_reference(&session)?,
        }),
        // `completed` with `unpaid` is a delayed method (a bank debit) still on its
        // way: `async_payment_succeeded` follows when the money arrives.
        _ => match session.payment_status.as_deref() {
            Some("paid") => paid(&session, order_id),
            Some(_) => Ok(ignored(kind)),
            None => Err(malformed("no payment_status")),
        },
    }
}

/// What a `refund.*` event says: a refund made here (it carries the order's id in
/// its metadata) that went through. Refunds made elsewhere, or not yet through, are
/// ignored: the lifecycle records its own refunds when Stripe takes them.
fn refund_notice(kind: &str, object: Value) -> Result<PaymentNotice, PaymentError> {
    let refund: RefundObject =
        serde_json::from_value(object).map_err(|_| malformed("not a Refund"))?;
    let order = refund.metadata.as_ref().and_then(|m| m.get("order_id"));
    match (order, refund.status.as_deref()) {
        (Some(order), Some("succeeded")) => {
            if !is_stripe_id(&refund.id) {
                return Err(malformed("bad refund id"));
            }
            Ok(PaymentNotice::Refunded {
                order_id: OrderId::parse(order).map_err(|_| malformed("bad order id"))?,
                refund_id: refund.id,
            })
        }
        _ => Ok(ignored(kind)),
    }
}

impl Provider for Stripe {
    fn method(&self) -> PaymentMethod {
        PaymentMethod::Stripe
    }

    fn test_mode(&self) -> bool {
        let key = self.config.secret_key.expose();
        key.starts_with("sk_test_") || key.starts_with("rk_test_")
    }

    fn min_window_secs(&self) -> i64 {
        MIN_SESSION_SECS
    }

    async fn open<X: Platform>(
        &self,
        platform: &X,
        order: &PaymentOrder<'_>,
    ) -> Result<OpenedPayment, PaymentError> {
        let expires_at = session_deadline(order);
        // The key names the deadline actually sent: a retry with the same
        // parameters gets Stripe's first session back, while a retry whose deadline
        // had to move does not hit Stripe's refusal of a reused key with other
        // parameters. (Unmoved, the deadline is the order's `pay_before`.)
        let key = format!("pocketshop-session-{}-{expires_at}", order.order_id);
        let request = self.request(
            Method::Post,
            "/v1/checkout/sessions",
            Some(session_form(order, expires_at)),
            Some(key),
        );
        let answer: SessionAnswer = success(&send(platform, request).await?)?;
        let reference = answer
            .id
            .filter(|id| is_stripe_id(id))
            .ok_or_else(|| invalid("a Checkout Session without an id"))?;
        let pay_url = answer
            .url
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
            .ok_or_else(|| invalid("a Checkout Session without a url"))?;
        Ok(OpenedPayment { reference, pay_url })
    }

    async fn close<X: Platform>(
        &self,
        platform: &X,
        _order_id: &OrderId,
        reference: &str,
    ) -> Result<(), PaymentError> {
        if !is_stripe_id(reference) {
            return Err(invalid(
                "the recorded reference is not a Checkout Session id",
            ));
        }
        let path = format!("/v1/checkout/sessions/{reference}");
        let expire = self.request(
            Method::Post,
            &format!("{path}/expire"),
            Some(String::new()),
            None,
        );
        let answer = send(platform, expire).await?;
        if is_success(answer.status) {
            return Ok(());
        }
        let refused = refusal(&answer);
        // Stripe documents that expiring "returns an error if the Checkout Session has
        // already expired or isn't in an expireable state", with no code of its own:
        // the session's documented `status` (open, complete, expired) says which.
        if answer.status != 400 {
            return Err(refused);
        }
        let current = send(platform, self.request(Method::Get, &path, None, None)).await;
        let status = current
            .ok()
            .and_then(|r| success::<SessionAnswer>(&r).ok())
            .and_then(|s| s.status);
        match status.as_deref() {
            Some("expired") => Ok(()),
            // Paid, or a delayed payment under way: the caller must know the money
            // may come.
            Some("complete") => Err(PaymentError::Refused {
                status: answer.status,
                detail: "checkout_session_complete".to_owned(),
            }),
            _ => Err(refused),
        }
    }

    async fn refund<X: Platform>(
        &self,
        platform: &X,
        refund: &RefundRequest<'_>,
    ) -> Result<RefundOutcome, PaymentError> {
        if !is_stripe_id(refund.provider_payment_id) {
            return Err(invalid("the paid notice named no PaymentIntent"));
        }
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("payment_intent", refund.provider_payment_id)
            .append_pair("amount", &refund.amount.amount.to_string())
            .append_pair("metadata[order_id]", refund.order_id.as_str())
            // Stripe's own `reason` takes only its enum; ours is for the Dashboard.
            .append_pair(
                "metadata[reason]",
                &refund.reason.chars().take(500).collect::<String>(),
            )
            .finish();
        let key = format!("pocketshop-refund-{}", refund.refund_key);
        let request = self.request(Method::Post, "/v1/refunds", Some(form), Some(key));
        let response = send(platform, request).await?;
        let answer: RefundAnswer = success(&response)?;
        if let Some(status @ ("failed" | "canceled")) = answer.status.as_deref() {
            return Err(PaymentError::Refused {
                status: response.status,
                detail: format!("refund_{status}"),
            });
        }
        let refund_id = answer
            .id
            .filter(|id| is_stripe_id(id))
            .ok_or_else(|| invalid("a Refund without an id"))?;
        Ok(RefundOutcome { refund_id })
    }

    fn verify_notice(&self, req: &HttpRequest, now: i64) -> Result<VerifiedNotice, PaymentError> {
        signature::check(
            self.config.webhook_secret.expose().as_bytes(),
            req.header(SIGNATURE_HEADER),
            &req.body,
            now,
        )?;
        let Event { id, kind, data } =
            serde_json::from_slice(&req.body).map_err(|_| malformed("not a Stripe event"))?;
        if id.is_empty() || id.len() > 128 {
            return Err(malformed("bad event id"));
        }
        let object = data
            .map(|d| d.object)
            .ok_or_else(|| malformed("no data.object"));
        let notice = match kind.as_str() {
            "checkout.session.completed"
            | "checkout.session.async_payment_succeeded"
            | "checkout.session.expired" => session_notice(&kind, object?)?,
            "refund.created" | "refund.updated" => refund_notice(&kind, object?)?,
            other => ignored(other),
        };
        Ok(VerifiedNotice {
            event_id: id,
            notice,
        })
    }

    fn acknowledge(&self) -> HttpResponse {
        HttpResponse::json(200, &serde_json::json!({ "received": true }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::config::Secret;
    use crate::fakes::FakePlatform;
    use crate::ports::platform::PlatformError;
    use hmac::{Hmac, Mac};
    use serde_json::json;
    use sha2::Sha256;

    const KEY: &str = "sk_test_51PocketshopSecretKey0123456789";
    const WEBHOOK_SECRET: &str = "whsec_test_pocketshop_0123456789";
    const API: &str = "https://api.stripe.test";
    const NOW: i64 = 1_790_000_000;

    fn stripe_with_key(key: &str) -> Stripe {
        Stripe::new(StripeConfig {
            api_base: API.into(),
            secret_key: Secret::new(key),
            webhook_secret: Secret::new(WEBHOOK_SECRET),
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
        assert!(pollster::block_on(stripe().close(
            &platform,
            &order_id(),
            "cs_1/../../v1/refunds"
        ))
        .is_err());
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
        let header =
            "t=1790000000,v1=5a73c288ce50d240112162dc89f1601027da093cb193e8513d0a1d90939d8859";
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
    fn an_event_shaped_like_stripes_documented_example_is_read_as_paid() {
        // The shape of a `checkout.session.completed` event as Stripe's API reference
        // and webhook docs show it (values are this test's own).
        let body = br#"{
  "id": "evt_1QpKd2LkdIwHu7ixS2dYeGq8",
  "object": "event",
  "api_version": "2025-03-31.basil",
  "created": 1789999990,
  "data": {
    "object": {
      "id": "cs_test_b1Qx8mZk3PqR7sT2uV9wX4yZ6aB0cD5eF1gH8iJ2kL3mN4oP",
      "object": "checkout.session",
      "adaptive_pricing": {"enabled": false},
      "after_expiration": null,
      "allow_promotion_codes": null,
      "amount_subtotal": 2198,
      "amount_total": 2198,
      "automatic_tax": {"enabled": false, "liability": null, "status": null},
      "billing_address_collection": null,
      "cancel_url": "https://shop.example/store.html#ps-order=PS-DOC123&shop=lumen",
      "client_reference_id": "PS-DOC123",
      "client_secret": null,
      "collected_information": null,
      "consent": null,
      "consent_collection": null,
      "created": 1789998190,
      "currency": "usd",
      "custom_fields": [],
      "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
      "customer": null,
      "customer_creation": "if_required",
      "customer_details": {
        "address": {"city": null, "country": "US", "line1": null, "line2": null, "postal_code": "94103", "state": null},
        "email": "shopper@example.com",
        "name": "Jenny Rosen",
        "phone": null,
        "tax_exempt": "none",
        "tax_ids": []
      },
      "customer_email": null,
      "expires_at": 1790084590,
      "invoice": null,
      "invoice_creation": {"enabled": false, "invoice_data": {"account_tax_ids": null, "custom_fields": null, "description": null, "footer": null, "issuer": null, "metadata": {}, "rendering_options": null}},
      "livemode": false,
      "locale": null,
      "metadata": {"order_id": "PS-DOC123"},
      "mode": "payment",
      "payment_intent": "pi_3QpKcxLkdIwHu7ix1a2b3c4d",
      "payment_link": null,
      "payment_method_collection": "if_required",
      "payment_method_options": {"card": {"request_three_d_secure": "automatic"}},
      "payment_method_types": ["card"],
      "payment_status": "paid",
      "phone_number_collection": {"enabled": false},
      "recovered_from": null,
      "setup_intent": null,
      "shipping_address_collection": null,
      "shipping_cost": null,
      "shipping_options": [],
      "status": "complete",
      "submit_type": null,
      "subscription": null,
      "success_url": "https://shop.example/store.html#ps-order=PS-DOC123&shop=lumen",
      "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
      "ui_mode": "hosted",
      "url": null
    }
  },
  "livemode": false,
  "pending_webhooks": 1,
  "request": {"id": null, "idempotency_key": null},
  "type": "checkout.session.completed"
}"#;
        let t = NOW - 30;
        let header = format!("t={t},v1={}", v1(WEBHOOK_SECRET, t, body));
        let verified = stripe()
            .verify_notice(&notice(body, &header), NOW)
            .expect("verified");
        assert_eq!(verified.event_id, "evt_1QpKd2LkdIwHu7ixS2dYeGq8");
        assert_eq!(
            verified.notice,
            PaymentNotice::Paid {
                order_id: OrderId::parse("PS-DOC123").expect("id"),
                reference: "cs_test_b1Qx8mZk3PqR7sT2uV9wX4yZ6aB0cD5eF1gH8iJ2kL3mN4oP".into(),
                provider_payment_id: "pi_3QpKcxLkdIwHu7ix1a2b3c4d".into(),
                amount: Money::new(2_198, Currency::USD),
            }
        );
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
}
