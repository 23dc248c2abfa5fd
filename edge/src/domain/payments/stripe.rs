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

use crate::base::config::{is_stripe_test_key, StripeConfig};
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
    /// False for test mode's events; absent reads as live.
    #[serde(default = "live")]
    livemode: bool,
    /// Read only for the kinds acted on; other kinds are acknowledged whatever
    /// they carry.
    #[serde(default)]
    data: Option<EventData>,
}

fn live() -> bool {
    true
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
    #[serde(default)]
    payment_intent: Option<String>,
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
                payment: refund
                    .payment_intent
                    .filter(|p| is_stripe_id(p))
                    .ok_or_else(|| malformed("no payment_intent"))?,
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
        is_stripe_test_key(self.config.secret_key.expose())
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
        let Event {
            id,
            kind,
            livemode,
            data,
        } = serde_json::from_slice(&req.body).map_err(|_| malformed("not a Stripe event"))?;
        if id.is_empty() || id.len() > 128 {
            return Err(malformed("bad event id"));
        }
        // Production takes no test money, even from a correctly signed event.
        if self.config.live_only && !livemode {
            return Err(PaymentError::InvalidSignature {
                reason: "a test-mode event in production".into(),
            });
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
mod tests;
