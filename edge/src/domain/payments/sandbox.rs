//! The sandbox provider, for local use: its "hosted page" is a pay page on the edge
//! itself (`/v1/pay/sandbox/{reference}`), marked as test mode, where a button pays.
//! Paying delivers a notification signed like Stripe's (see [`crate::domain::payments::signature`])
//! with `SANDBOX_SECRET`, which goes through the same verification, deduplication
//! and lifecycle as a real provider's.
//!
//! Invariants: it moves no money and says so everywhere; it exists only when the
//! configuration enables it, which a production configuration cannot; a refund's id
//! is derived from its key, so a retried refund is the same refund.

use crate::base::config::SandboxConfig;
use crate::base::http::{HttpRequest, Method};
use crate::domain::payments::signature;
use crate::domain::payments::{
    ignored, malformed, OpenedPayment, PaymentError, PaymentNotice, PaymentOrder, Provider,
    RefundOutcome, RefundRequest, VerifiedNotice,
};
use crate::ports::platform::Platform;
use pocketshop_shared::{Money, OrderId, PaymentMethod};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The header carrying a sandbox notification's signature.
pub const SIGNATURE_HEADER: &str = "sandbox-signature";
/// Where sandbox notifications are delivered.
pub const NOTICE_PATH: &str = "/v1/hooks/payments/sandbox";

/// A sandbox notification's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxEvent {
    /// The event id (a redelivery repeats it).
    pub id: String,
    /// `payment.succeeded`, `payment.expired` or `refund.succeeded`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The order.
    pub order_id: String,
    /// The payment's reference.
    pub reference: String,
    /// For `payment.succeeded`: the captured payment's id.
    #[serde(default)]
    pub payment_id: Option<String>,
    /// For `payment.succeeded`: what was paid.
    #[serde(default)]
    pub amount: Option<Money>,
    /// For `refund.succeeded`: the refund's id.
    #[serde(default)]
    pub refund_id: Option<String>,
}

/// The sandbox.
#[derive(Debug, Clone)]
pub struct Sandbox {
    config: SandboxConfig,
}

impl Sandbox {
    /// The sandbox of `config`.
    pub fn new(config: SandboxConfig) -> Sandbox {
        Sandbox { config }
    }

    /// The signed notification the pay page delivers for `event` at `now`.
    pub fn notification(&self, event: &SandboxEvent, now: i64) -> HttpRequest {
        let body = serde_json::to_vec(event).unwrap_or_default();
        let signed = signature::sign(self.config.secret.expose().as_bytes(), now, &body);
        HttpRequest::new(Method::Post, NOTICE_PATH)
            .with_header("content-type", "application/json")
            .with_header(SIGNATURE_HEADER, &signed)
            .with_body(body)
    }
}

fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..12])
}

impl Provider for Sandbox {
    fn method(&self) -> PaymentMethod {
        PaymentMethod::Sandbox
    }

    fn test_mode(&self) -> bool {
        true
    }

    async fn open<X: Platform>(
        &self,
        _platform: &X,
        order: &PaymentOrder<'_>,
    ) -> Result<OpenedPayment, PaymentError> {
        // One session per order and opening: a reopened payment gets a new page.
        let reference = format!(
            "sbx_{}",
            short_hash(&[
                order.order_id.as_str(),
                &order.now.to_string(),
                order.return_url
            ])
        );
        Ok(OpenedPayment {
            pay_url: format!("{}/v1/pay/sandbox/{reference}", order.public_url),
            reference,
        })
    }

    async fn close<X: Platform>(
        &self,
        _platform: &X,
        _order_id: &OrderId,
        _reference: &str,
    ) -> Result<(), PaymentError> {
        // The pay page reads the payment's status from the edge's own records, which
        // the lifecycle closes; there is no provider to tell.
        Ok(())
    }

    async fn refund<X: Platform>(
        &self,
        _platform: &X,
        refund: &RefundRequest<'_>,
    ) -> Result<RefundOutcome, PaymentError> {
        Ok(RefundOutcome {
            refund_id: format!("sbxre_{}", short_hash(&[refund.refund_key])),
        })
    }

    fn verify_notice(&self, req: &HttpRequest, now: i64) -> Result<VerifiedNotice, PaymentError> {
        signature::check(
            self.config.secret.expose().as_bytes(),
            req.header(SIGNATURE_HEADER),
            &req.body,
            now,
        )?;
        let event: SandboxEvent =
            serde_json::from_slice(&req.body).map_err(|_| malformed("not a sandbox event"))?;
        if event.id.is_empty() || event.id.len() > 128 {
            return Err(malformed("bad event id"));
        }
        let order_id = OrderId::parse(&event.order_id).map_err(|_| malformed("bad order id"))?;
        let notice = match event.kind.as_str() {
            "payment.succeeded" => PaymentNotice::Paid {
                order_id,
                reference: event.reference,
                provider_payment_id: event.payment_id.ok_or_else(|| malformed("no payment id"))?,
                amount: event.amount.ok_or_else(|| malformed("no amount"))?,
            },
            "payment.expired" => PaymentNotice::Expired {
                order_id,
                reference: event.reference,
            },
            "refund.succeeded" => PaymentNotice::Refunded {
                order_id,
                refund_id: event.refund_id.ok_or_else(|| malformed("no refund id"))?,
                payment: event.reference,
            },
            other => ignored(other),
        };
        Ok(VerifiedNotice {
            event_id: event.id,
            notice,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::config::Secret;
    use pocketshop_shared::Currency;

    fn sandbox() -> Sandbox {
        Sandbox::new(SandboxConfig {
            secret: Secret::new("sandbox-secret-0123456789"),
        })
    }

    fn paid() -> SandboxEvent {
        SandboxEvent {
            id: "evt_1".into(),
            kind: "payment.succeeded".into(),
            order_id: "PS-ABC123".into(),
            reference: "sbx_1".into(),
            payment_id: Some("sbxpay_1".into()),
            amount: Some(Money::new(4200, Currency::CNY)),
            refund_id: None,
        }
    }

    #[test]
    fn a_notification_the_sandbox_signed_verifies_as_paid() {
        let s = sandbox();
        let verified = s
            .verify_notice(&s.notification(&paid(), 100), 100)
            .expect("valid");
        assert_eq!(verified.event_id, "evt_1");
        assert!(matches!(
            verified.notice,
            PaymentNotice::Paid { ref provider_payment_id, amount, .. }
                if provider_payment_id == "sbxpay_1" && amount == Money::new(4200, Currency::CNY)
        ));
    }

    #[test]
    fn a_notification_with_another_secret_or_changed_body_is_refused() {
        let other = Sandbox::new(SandboxConfig {
            secret: Secret::new("another-secret-0123456789"),
        });
        let req = other.notification(&paid(), 100);
        assert!(matches!(
            sandbox().verify_notice(&req, 100),
            Err(PaymentError::InvalidSignature { .. })
        ));
        let mut req = sandbox().notification(&paid(), 100);
        req.body = req
            .body
            .iter()
            .map(|b| if *b == b'2' { b'9' } else { *b })
            .collect();
        assert!(matches!(
            sandbox().verify_notice(&req, 100),
            Err(PaymentError::InvalidSignature { .. })
        ));
    }

    #[test]
    fn a_retried_refund_is_the_same_refund() {
        let s = sandbox();
        let order = OrderId::parse("PS-ABC123").expect("id");
        let request = |key| RefundRequest {
            order_id: &order,
            reference: "sbx_1",
            provider_payment_id: "sbxpay_1",
            amount: Money::new(1, Currency::CNY),
            paid: Money::new(1, Currency::CNY),
            refund_key: key,
            reason: "cancelled",
            public_url: "http://edge",
        };
        let platform = crate::fakes::FakePlatform::default();
        let a = pollster::block_on(s.refund(&platform, &request("k1"))).expect("refund");
        let b = pollster::block_on(s.refund(&platform, &request("k1"))).expect("refund");
        let c = pollster::block_on(s.refund(&platform, &request("k2"))).expect("refund");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
