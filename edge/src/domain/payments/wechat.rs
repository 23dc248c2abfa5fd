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
mod tests {
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
            let dir =
                std::env::temp_dir().join(format!("pocketshop-wechat-{}", std::process::id()));
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
        let url = pollster::block_on(wechat().prepay_h5(&platform, &order(&id), id.as_str()))
            .expect("h5");
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
        let r =
            pollster::block_on(wechat().prepay_jsapi(&platform, &order(&id), id.as_str(), "o1"));
        match r {
            Err(PaymentError::Refused { status, detail }) => {
                assert_eq!((status, detail.as_str()), (400, "PARAM_ERROR"));
            }
            other => panic!("{other:?}"),
        }
        platform.answer_with(|_| reply(200, json!({"prepay_id": "bad id/../"})));
        let r =
            pollster::block_on(wechat().prepay_jsapi(&platform, &order(&id), id.as_str(), "o1"));
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
}
