//! WeChat Pay API v3 as a payment [`Provider`]: the order is paid on the edge's own
//! WeChat pay page (`/v1/pay/wechat/{order}`), which makes a JSAPI prepay order
//! inside WeChat or an H5 one in other phone browsers; an unpaid order is closed,
//! a paid one refunded, and WeChat Pay's notifications are verified and decrypted.
//!
//! Invariants:
//! - every API call carries the v3 `Authorization` header: RSA-SHA256 with the
//!   merchant's key over `METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY\n`, exactly the bytes
//!   sent ([`signature_message`]);
//! - the order id is the `out_trade_no`, so the prepay orders made for one order
//!   (the pay page opened twice, JSAPI after H5) are one WeChat order, paid once;
//! - a notification is read only after its `Wechatpay-Signature` verifies with the
//!   platform public key over `TIMESTAMP\nNONCE\nBODY\n`, its timestamp is within
//!   [`NOTICE_TOLERANCE_SECS`] and its serial names that key; its `resource` is then
//!   decrypted (AEAD_AES_256_GCM under the APIv3 key), which also authenticates it;
//! - only CNY is charged (WeChat Pay's domestic API takes no other currency);
//! - keys and the APIv3 key never reach a log or a [`PaymentError`]; of WeChat's
//!   error answers only the `code` is read.

use crate::base::config::WechatConfig;
use crate::base::http::{HttpRequest, Method};
use crate::domain::payments::{
    ignored, invalid, malformed, OpenedPayment, OutboundRequest, OutboundResponse, PaymentError,
    PaymentNotice, PaymentOrder, Provider, RefundOutcome, RefundRequest, VerifiedNotice,
};
use crate::ports::platform::Platform;
use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use pocketshop_shared::{Currency, Money, OrderId, PaymentMethod};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::Sha256;

/// The scheme of the v3 `Authorization` header.
pub const AUTH_SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";

/// How old (or how far ahead) a notification's timestamp may be.
pub const NOTICE_TOLERANCE_SECS: i64 = 300;

/// WeChat Pay refuses an expiry closer than this (its documented minimum is a
/// minute; five leave room for the shopper to reach the pay page).
pub const MIN_WINDOW_SECS: i64 = 5 * 60;

/// The longest `description` WeChat Pay takes, in bytes.
const MAX_DESCRIPTION_BYTES: usize = 127;

/// The longest refund `reason` WeChat Pay takes, in bytes.
const MAX_REASON_BYTES: usize = 80;

/// The longest id accepted from WeChat Pay (theirs are well under 64).
const MAX_ID_LEN: usize = 64;

/// China Standard Time, the zone of WeChat Pay's timestamps.
const BEIJING_OFFSET_SECS: i64 = 8 * 3600;

/// WeChat Pay API v3.
#[derive(Debug, Clone)]
pub struct WechatPay {
    config: WechatConfig,
}

/// A PEM as set in a secret: some dashboards keep `\n` as the two characters.
fn pem(text: &str) -> String {
    text.trim().replace("\\n", "\n")
}

fn credentials(detail: &str) -> PaymentError {
    PaymentError::Credentials {
        detail: detail.to_owned(),
    }
}

fn bad_signature(reason: &str) -> PaymentError {
    PaymentError::InvalidSignature {
        reason: reason.to_owned(),
    }
}

/// The bytes WeChat Pay's v3 request signature covers.
pub fn signature_message(
    method: &str,
    path_and_query: &str,
    timestamp: i64,
    nonce: &str,
    body: &str,
) -> String {
    format!("{method}\n{path_and_query}\n{timestamp}\n{nonce}\n{body}\n")
}

/// The bytes a notification's (or an answer's) signature covers.
pub fn notice_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(body.len() + 64);
    message.extend_from_slice(timestamp.as_bytes());
    message.push(b'\n');
    message.extend_from_slice(nonce.as_bytes());
    message.push(b'\n');
    message.extend_from_slice(body);
    message.push(b'\n');
    message
}

/// Unix seconds as RFC 3339 in Beijing time, as `time_expire` is written
/// (`2026-11-23T10:34:56+08:00`).
pub fn beijing_time(unix: i64) -> String {
    let local = unix + BEIJING_OFFSET_SECS;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+08:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `text` cut to at most `max` bytes on a character boundary.
fn truncate_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Whether `id` is a WeChat Pay id (`prepay_id`, `transaction_id`, `refund_id`):
/// it goes into URLs and pages, so only what WeChat documents is let through.
fn is_wechat_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A non-2xx answer as [`PaymentError::Refused`] with WeChat Pay's error `code`.
fn refusal(response: &OutboundResponse) -> PaymentError {
    let code = serde_json::from_slice::<Value>(&response.body)
        .ok()
        .and_then(|v| v["code"].as_str().map(str::to_owned))
        .map(|c| {
            c.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .take(64)
                .collect::<String>()
        })
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "no error code".to_owned());
    PaymentError::Refused {
        status: response.status,
        detail: code,
    }
}

fn error_code(error: &PaymentError) -> Option<&str> {
    match error {
        PaymentError::Refused { detail, .. } => Some(detail),
        _ => None,
    }
}

/// The JSON of a 2xx answer, or the refusal of any other.
fn success(response: &OutboundResponse) -> Result<Value, PaymentError> {
    if !(200..300).contains(&response.status) {
        return Err(refusal(response));
    }
    serde_json::from_slice(&response.body).map_err(|_| invalid("not the JSON object documented"))
}

/// A notification: `{id, event_type, resource: {…}}`.
#[derive(Debug, Deserialize)]
struct Notification {
    id: String,
    event_type: String,
    #[serde(default)]
    resource: Option<Resource>,
}

/// A notification's encrypted `resource`.
#[derive(Debug, Deserialize)]
struct Resource {
    algorithm: String,
    ciphertext: String,
    #[serde(default)]
    associated_data: Option<String>,
    nonce: String,
}

/// The decrypted transaction of a `TRANSACTION.SUCCESS` notification.
#[derive(Debug, Deserialize)]
struct Transaction {
    mchid: String,
    out_trade_no: String,
    #[serde(default)]
    transaction_id: Option<String>,
    trade_state: String,
    amount: TransactionAmount,
}

#[derive(Debug, Deserialize)]
struct TransactionAmount {
    total: i64,
    #[serde(default)]
    currency: Option<String>,
}

/// The decrypted refund of a `REFUND.*` notification.
#[derive(Debug, Deserialize)]
struct RefundResource {
    mchid: String,
    out_trade_no: String,
    refund_id: String,
    refund_status: String,
}

impl WechatPay {
    /// The provider of `config`.
    pub fn new(config: WechatConfig) -> WechatPay {
        WechatPay { config }
    }

    /// The app id payments are made for (JSAPI and OAuth need it).
    pub fn app_id(&self) -> &str {
        &self.config.app_id
    }

    fn signing_key(&self) -> Result<SigningKey<Sha256>, PaymentError> {
        let text = pem(self.config.private_key_pem.expose());
        let key = RsaPrivateKey::from_pkcs8_pem(&text)
            .or_else(|_| RsaPrivateKey::from_pkcs1_pem(&text))
            .map_err(|_| credentials("WECHAT_PRIVATE_KEY is not an RSA private key PEM"))?;
        Ok(SigningKey::<Sha256>::new(key))
    }

    fn verifying_key(&self) -> Result<VerifyingKey<Sha256>, PaymentError> {
        let key = RsaPublicKey::from_public_key_pem(&pem(&self.config.platform_public_key_pem))
            .map_err(|_| credentials("WECHAT_PLATFORM_PUBLIC_KEY is not an RSA public key PEM"))?;
        Ok(VerifyingKey::<Sha256>::new(key))
    }

    /// RSA-SHA256 of `message` with the merchant's key, base64.
    fn sign(&self, message: &[u8]) -> Result<String, PaymentError> {
        let signature = self
            .signing_key()?
            .try_sign(message)
            .map_err(|_| credentials("the merchant key cannot sign"))?;
        Ok(B64.encode(signature.to_bytes()))
    }

    /// A signed request to `path` of the API, made at `timestamp` with `nonce`.
    fn signed_request(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        timestamp: i64,
        nonce: &str,
    ) -> Result<OutboundRequest, PaymentError> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let message = signature_message(method.as_str(), path, timestamp, nonce, &body);
        let signature = self.sign(message.as_bytes())?;
        let authorization = format!(
            "{AUTH_SCHEME} mchid=\"{}\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{}\"",
            self.config.mch_id, self.config.serial_no
        );
        let mut headers = vec![
            ("authorization".to_owned(), authorization),
            ("accept".to_owned(), "application/json".to_owned()),
            // WeChat Pay refuses requests without a User-Agent.
            ("user-agent".to_owned(), "pocketshop-edge".to_owned()),
        ];
        if !body.is_empty() {
            headers.push(("content-type".to_owned(), "application/json".to_owned()));
        }
        Ok(OutboundRequest {
            method,
            url: format!("{}{path}", self.config.api_base.trim_end_matches('/')),
            headers,
            body: body.into_bytes(),
        })
    }

    /// Signs and sends a request now.
    async fn call<X: Platform>(
        &self,
        platform: &X,
        method: Method,
        path: &str,
        body: Option<&Value>,
        now: i64,
    ) -> Result<OutboundResponse, PaymentError> {
        let nonce =
            crate::base::random::hex(16).map_err(|_| credentials("no randomness for a nonce"))?;
        let request = self.signed_request(method, path, body, now, &nonce)?;
        platform
            .send(request)
            .await
            .map_err(|e| PaymentError::Unreachable {
                detail: e.to_string(),
            })
    }

    /// The fields every prepay order has.
    fn prepay_body(
        &self,
        order: &PaymentOrder<'_>,
        out_trade_no: &str,
    ) -> Result<Value, PaymentError> {
        if order.amount.currency != Currency::CNY {
            return Err(PaymentError::Unsupported {
                method: PaymentMethod::WechatPay,
                detail: "WeChat Pay charges only CNY".into(),
            });
        }
        Ok(json!({
            "appid": self.config.app_id,
            "mchid": self.config.mch_id,
            "description": truncate_bytes(&order.description, MAX_DESCRIPTION_BYTES),
            "out_trade_no": out_trade_no,
            "time_expire": beijing_time(order.pay_before.max(order.now + MIN_WINDOW_SECS)),
            "notify_url": notify_url(order.public_url),
            "amount": {"total": order.amount.amount, "currency": "CNY"},
        }))
    }

    /// Makes an H5 prepay order (a phone browser outside WeChat) and returns the
    /// `h5_url` the shopper is sent to. WeChat Pay checks that the shopper's IP is
    /// the one given here, so without it there is no H5 payment.
    pub async fn prepay_h5<X: Platform>(
        &self,
        platform: &X,
        order: &PaymentOrder<'_>,
        out_trade_no: &str,
    ) -> Result<String, PaymentError> {
        let ip = order.client_ip.ok_or_else(|| PaymentError::Unsupported {
            method: PaymentMethod::WechatPay,
            detail: "H5 payments need the shopper's IP address".into(),
        })?;
        let mut body = self.prepay_body(order, out_trade_no)?;
        body["scene_info"] = json!({"payer_client_ip": ip, "h5_info": {"type": "Wap"}});
        let answer = success(
            &self
                .call(
                    platform,
                    Method::Post,
                    "/v3/pay/transactions/h5",
                    Some(&body),
                    order.now,
                )
                .await?,
        )?;
        answer["h5_url"]
            .as_str()
            .filter(|u| u.starts_with("https://") && !u.contains(['"', '<', '>', ' ']))
            .map(str::to_owned)
            .ok_or_else(|| invalid("an H5 prepay answer without an https h5_url"))
    }

    /// Makes a JSAPI prepay order for the shopper `openid` (inside WeChat) and
    /// returns its `prepay_id`.
    pub async fn prepay_jsapi<X: Platform>(
        &self,
        platform: &X,
        order: &PaymentOrder<'_>,
        out_trade_no: &str,
        openid: &str,
    ) -> Result<String, PaymentError> {
        let mut body = self.prepay_body(order, out_trade_no)?;
        body["payer"] = json!({ "openid": openid });
        let answer = success(
            &self
                .call(
                    platform,
                    Method::Post,
                    "/v3/pay/transactions/jsapi",
                    Some(&body),
                    order.now,
                )
                .await?,
        )?;
        answer["prepay_id"]
            .as_str()
            .filter(|id| is_wechat_id(id))
            .map(str::to_owned)
            .ok_or_else(|| invalid("a JSAPI prepay answer without a prepay_id"))
    }

    /// The parameters of `WeixinJSBridge.invoke('getBrandWCPayRequest', …)` for a
    /// prepay order: `paySign` is RSA-SHA256 over
    /// `appId\ntimeStamp\nnonceStr\npackage\n`.
    pub fn jsapi_pay_params(
        &self,
        prepay_id: &str,
        timestamp: i64,
        nonce: &str,
    ) -> Result<Value, PaymentError> {
        let package = format!("prepay_id={prepay_id}");
        let message = format!("{}\n{timestamp}\n{nonce}\n{package}\n", self.config.app_id);
        Ok(json!({
            "appId": self.config.app_id,
            "timeStamp": timestamp.to_string(),
            "nonceStr": nonce,
            "package": package,
            "signType": "RSA",
            "paySign": self.sign(message.as_bytes())?,
        }))
    }

    /// The plaintext of an AEAD_AES_256_GCM `resource`.
    fn decrypt(&self, resource: &Resource) -> Result<Vec<u8>, PaymentError> {
        if resource.algorithm != "AEAD_AES_256_GCM" {
            return Err(malformed("unknown resource algorithm"));
        }
        let cipher = Aes256Gcm::new_from_slice(self.config.api_v3_key.expose().as_bytes())
            .map_err(|_| credentials("WECHAT_API_V3_KEY is not 32 bytes"))?;
        if resource.nonce.len() != 12 {
            return Err(malformed("resource nonce is not 12 bytes"));
        }
        let sealed = B64
            .decode(&resource.ciphertext)
            .map_err(|_| malformed("resource ciphertext is not base64"))?;
        cipher
            .decrypt(
                Nonce::from_slice(resource.nonce.as_bytes()),
                Payload {
                    msg: &sealed,
                    aad: resource.associated_data.as_deref().unwrap_or("").as_bytes(),
                },
            )
            // Signed by WeChat Pay yet not decryptable: the APIv3 key is not the
            // one set in the merchant platform.
            .map_err(|_| bad_signature("resource does not decrypt with the APIv3 key"))
    }

    /// What a decrypted `TRANSACTION.SUCCESS` resource says.
    fn transaction_notice(&self, plain: &[u8], kind: &str) -> Result<PaymentNotice, PaymentError> {
        let tx: Transaction =
            serde_json::from_slice(plain).map_err(|_| malformed("not a transaction"))?;
        if tx.mchid != self.config.mch_id {
            return Err(malformed("another merchant's transaction"));
        }
        if tx.trade_state != "SUCCESS" {
            return Ok(ignored(kind));
        }
        let order_id =
            OrderId::parse(&tx.out_trade_no).map_err(|_| malformed("bad out_trade_no"))?;
        let provider_payment_id = tx
            .transaction_id
            .filter(|id| is_wechat_id(id))
            .ok_or_else(|| malformed("no transaction_id"))?;
        let currency = tx.amount.currency.as_deref().unwrap_or("CNY");
        let currency = Currency::parse(currency).map_err(|_| malformed("unsupported currency"))?;
        Ok(PaymentNotice::Paid {
            reference: tx.out_trade_no,
            order_id,
            provider_payment_id,
            amount: Money::new(tx.amount.total, currency),
        })
    }

    /// What a decrypted `REFUND.*` resource says: only a refund that went through
    /// is acted on.
    fn refund_notice(&self, plain: &[u8], kind: &str) -> Result<PaymentNotice, PaymentError> {
        let refund: RefundResource =
            serde_json::from_slice(plain).map_err(|_| malformed("not a refund"))?;
        if refund.mchid != self.config.mch_id {
            return Err(malformed("another merchant's refund"));
        }
        if refund.refund_status != "SUCCESS" {
            return Ok(ignored(kind));
        }
        if !is_wechat_id(&refund.refund_id) {
            return Err(malformed("bad refund_id"));
        }
        Ok(PaymentNotice::Refunded {
            order_id: OrderId::parse(&refund.out_trade_no)
                .map_err(|_| malformed("bad out_trade_no"))?,
            refund_id: refund.refund_id,
            payment: refund.out_trade_no,
        })
    }
}

/// Where WeChat Pay sends its notifications.
fn notify_url(public_url: &str) -> String {
    format!(
        "{}/v1/hooks/payments/{}",
        public_url.trim_end_matches('/'),
        PaymentMethod::WechatPay.as_str()
    )
}

impl Provider for WechatPay {
    fn method(&self) -> PaymentMethod {
        PaymentMethod::WechatPay
    }

    /// WeChat Pay API v3 has no test mode: every payment is real money.
    fn test_mode(&self) -> bool {
        false
    }

    fn min_window_secs(&self) -> i64 {
        MIN_WINDOW_SECS
    }

    /// Nothing is sent to WeChat Pay yet: which prepay order to make (JSAPI or
    /// H5) depends on the browser the shopper opens the pay page in.
    async fn open<X: Platform>(
        &self,
        _platform: &X,
        order: &PaymentOrder<'_>,
    ) -> Result<OpenedPayment, PaymentError> {
        if order.amount.currency != Currency::CNY {
            return Err(PaymentError::Unsupported {
                method: PaymentMethod::WechatPay,
                detail: "WeChat Pay charges only CNY".into(),
            });
        }
        Ok(OpenedPayment {
            reference: order.order_id.to_string(),
            pay_url: format!(
                "{}/v1/pay/wechat/{}",
                order.public_url.trim_end_matches('/'),
                order.order_id
            ),
        })
    }

    async fn close<X: Platform>(
        &self,
        platform: &X,
        _order_id: &OrderId,
        reference: &str,
    ) -> Result<(), PaymentError> {
        if OrderId::parse(reference).is_err() {
            return Err(invalid("the recorded reference is not an out_trade_no"));
        }
        let path = format!("/v3/pay/transactions/out-trade-no/{reference}/close");
        let body = json!({ "mchid": self.config.mch_id });
        let now = clock_now();
        let answer = self
            .call(platform, Method::Post, &path, Some(&body), now)
            .await?;
        if (200..300).contains(&answer.status) {
            return Ok(());
        }
        let refused = refusal(&answer);
        match error_code(&refused) {
            // Closed before (by an earlier try, or WeChat's own expiry).
            Some("ORDER_CLOSED") => Ok(()),
            _ => Err(refused),
        }
    }

    async fn refund<X: Platform>(
        &self,
        platform: &X,
        refund: &RefundRequest<'_>,
    ) -> Result<RefundOutcome, PaymentError> {
        let mut body = json!({
            "out_refund_no": refund.refund_key,
            "notify_url": notify_url(refund.public_url),
            "amount": {
                "refund": refund.amount.amount,
                "total": refund.paid.amount,
                "currency": "CNY",
            },
        });
        if is_wechat_id(refund.provider_payment_id) {
            body["transaction_id"] = json!(refund.provider_payment_id);
        } else {
            body["out_trade_no"] = json!(refund.reference);
        }
        let reason = truncate_bytes(refund.reason, MAX_REASON_BYTES);
        if !reason.is_empty() {
            body["reason"] = json!(reason);
        }
        let response = self
            .call(
                platform,
                Method::Post,
                "/v3/refund/domestic/refunds",
                Some(&body),
                clock_now(),
            )
            .await?;
        let answer = success(&response)?;
        match answer["status"].as_str() {
            Some("SUCCESS" | "PROCESSING") => {}
            Some(status @ ("CLOSED" | "ABNORMAL")) => {
                return Err(PaymentError::Refused {
                    status: response.status,
                    detail: format!("refund_{}", status.to_ascii_lowercase()),
                });
            }
            _ => return Err(invalid("a refund answer without a known status")),
        }
        let refund_id = answer["refund_id"]
            .as_str()
            .filter(|id| is_wechat_id(id))
            .ok_or_else(|| invalid("a refund answer without a refund_id"))?;
        Ok(RefundOutcome {
            refund_id: refund_id.to_owned(),
        })
    }

    fn verify_notice(&self, req: &HttpRequest, now: i64) -> Result<VerifiedNotice, PaymentError> {
        let header = |name: &str| {
            req.header(name)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| bad_signature(&format!("no {name} header")))
        };
        let (timestamp, nonce, signature, serial) = (
            header("wechatpay-timestamp")?,
            header("wechatpay-nonce")?,
            header("wechatpay-signature")?,
            header("wechatpay-serial")?,
        );
        if serial != self.config.platform_serial {
            return Err(bad_signature("signed with an unknown platform key"));
        }
        let t: i64 = timestamp
            .parse()
            .map_err(|_| bad_signature("timestamp is not a number"))?;
        if (now - t).abs() > NOTICE_TOLERANCE_SECS {
            return Err(bad_signature("timestamp outside the tolerance"));
        }
        let bytes = B64
            .decode(signature)
            .map_err(|_| bad_signature("signature is not base64"))?;
        let signature =
            Signature::try_from(bytes.as_slice()).map_err(|_| bad_signature("no signature"))?;
        self.verifying_key()?
            .verify(&notice_message(timestamp, nonce, &req.body), &signature)
            .map_err(|_| bad_signature("signature does not match"))?;

        let Notification {
            id,
            event_type,
            resource,
        } = serde_json::from_slice(&req.body).map_err(|_| malformed("not a notification"))?;
        if id.is_empty() || id.len() > 128 {
            return Err(malformed("bad notification id"));
        }
        let notice = match event_type.as_str() {
            "TRANSACTION.SUCCESS" | "REFUND.SUCCESS" | "REFUND.ABNORMAL" | "REFUND.CLOSED" => {
                let resource = resource.ok_or_else(|| malformed("no resource"))?;
                let plain = self.decrypt(&resource)?;
                if event_type.starts_with("TRANSACTION.") {
                    self.transaction_notice(&plain, &event_type)?
                } else {
                    self.refund_notice(&plain, &event_type)?
                }
            }
            other => ignored(other),
        };
        Ok(VerifiedNotice {
            event_id: id,
            notice,
        })
    }
}

/// Now, for signing calls whose caller gives no time (closing and refunding run
/// from the lifecycle; WeChat Pay checks the timestamp against its own clock).
fn clock_now() -> i64 {
    crate::base::clock::now()
}

#[cfg(test)]
mod tests;
