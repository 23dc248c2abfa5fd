//! Payment providers behind one trait, [`Provider`]: Stripe's hosted Checkout,
//! WeChat Pay API v3, and the local sandbox. Cash on delivery needs no provider.
//!
//! A provider opens a payment for an order (the shopper is sent to its page), closes
//! an unpaid one, refunds a paid one, and verifies the notifications it sends. It
//! never decides an order's status: it reports what happened as a
//! [`PaymentNotice`] and the order lifecycle applies it.
//!
//! Invariants: a notice is produced only after the provider's signature (and, for
//! WeChat Pay, decryption) checks out; outbound calls go through the [`Platform`]
//! so they can be recorded in tests; no secret or provider body is ever put in a
//! [`PaymentError`] that reaches a browser (errors are logged and answered as
//! `payment_unavailable`).

pub mod sandbox;
pub mod signature;
pub mod stripe;
pub mod wechat;

use crate::base::config::PaymentsConfig;
use crate::base::http::{HttpRequest, HttpResponse};
pub use crate::ports::payments::PaymentError;
use crate::ports::platform::{OutboundRequest, OutboundResponse, Platform};
use pocketshop_shared::{Money, OrderId, PaymentMethod};

/// A provider's answer that is not shaped as its API documents.
pub(crate) fn invalid(detail: &str) -> PaymentError {
    PaymentError::InvalidResponse {
        detail: detail.to_owned(),
    }
}

/// A verified notification whose content cannot be used.
pub(crate) fn malformed(reason: &str) -> PaymentError {
    PaymentError::MalformedNotice {
        reason: reason.to_owned(),
    }
}

/// A notification of a kind not acted on, named (cut short) for the log.
pub(crate) fn ignored(kind: &str) -> PaymentNotice {
    PaymentNotice::Ignored {
        kind: kind.chars().take(64).collect(),
    }
}

/// What a provider needs to open a payment for an order.
#[derive(Debug, Clone)]
pub struct PaymentOrder<'a> {
    /// The order.
    pub order_id: &'a OrderId,
    /// What to charge.
    pub amount: Money,
    /// One line describing the order (for the provider's page and statement).
    pub description: String,
    /// When the payment must be completed by (unix seconds).
    pub pay_before: i64,
    /// Where to send the shopper after paying (the host page's deep link).
    pub return_url: &'a str,
    /// Where to send the shopper who gives up.
    pub cancel_url: &'a str,
    /// The edge's own public origin (pay pages and notification URLs live there).
    pub public_url: &'a str,
    /// The shopper's IP address, when the runtime knows it (WeChat H5 needs it).
    pub client_ip: Option<&'a str>,
    /// Now (unix seconds).
    pub now: i64,
}

/// A payment opened at the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedPayment {
    /// The provider's id for this payment (Stripe's Checkout Session id, WeChat's
    /// `out_trade_no`, the sandbox's session id); notices name it.
    pub reference: String,
    /// Where the shopper goes to pay.
    pub pay_url: String,
}

/// A refund to make.
#[derive(Debug, Clone)]
pub struct RefundRequest<'a> {
    /// The order.
    pub order_id: &'a OrderId,
    /// The payment's [`OpenedPayment::reference`].
    pub reference: &'a str,
    /// The provider's id of the captured payment (Stripe's PaymentIntent, WeChat's
    /// `transaction_id`), from the paid notice.
    pub provider_payment_id: &'a str,
    /// How much to return.
    pub amount: Money,
    /// What was paid in total.
    pub paid: Money,
    /// Makes a retried refund the same refund (`Idempotency-Key`, `out_refund_no`).
    pub refund_key: &'a str,
    /// Why (shown to the shopper by some providers).
    pub reason: &'a str,
    /// The edge's own public origin (refund notification URLs live there).
    pub public_url: &'a str,
}

/// A refund the provider took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundOutcome {
    /// The provider's refund id.
    pub refund_id: String,
}

/// What a verified notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentNotice {
    /// The shopper paid.
    Paid {
        /// The order (from the provider's metadata or `out_trade_no`).
        order_id: OrderId,
        /// The payment's [`OpenedPayment::reference`].
        reference: String,
        /// The provider's id of the captured payment, used to refund it.
        provider_payment_id: String,
        /// What was paid.
        amount: Money,
    },
    /// The payment can no longer be made (the provider's session expired).
    Expired {
        /// The order.
        order_id: OrderId,
        /// The payment's [`OpenedPayment::reference`].
        reference: String,
    },
    /// A refund went through.
    Refunded {
        /// The order.
        order_id: OrderId,
        /// The provider's refund id.
        refund_id: String,
        /// The payment refunded, as the provider names it: the reference the edge
        /// gave it, or the provider's own payment id.
        payment: String,
    },
    /// An event Pocketshop does not act on (acknowledged so it is not resent).
    Ignored {
        /// The event's type, for the log.
        kind: String,
    },
}

/// A verified notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedNotice {
    /// The provider's event id: a redelivery has the same one.
    pub event_id: String,
    /// What it says.
    pub notice: PaymentNotice,
}

/// One payment provider.
#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait Provider {
    /// The method it implements.
    fn method(&self) -> PaymentMethod;

    /// Whether it moves no real money (the shopper is told so).
    fn test_mode(&self) -> bool;

    /// The shortest time to pay the provider accepts (Stripe's sessions last at
    /// least 30 minutes); a shop's shorter window is lengthened to it.
    fn min_window_secs(&self) -> i64 {
        0
    }

    /// Opens a payment for an order: the provider's page the shopper is sent to.
    async fn open<X: Platform>(
        &self,
        platform: &X,
        order: &PaymentOrder<'_>,
    ) -> Result<OpenedPayment, PaymentError>;

    /// Closes an unpaid payment so it can no longer be paid (the order expired).
    /// Closing one that is already closed is not an error.
    async fn close<X: Platform>(
        &self,
        platform: &X,
        order_id: &OrderId,
        reference: &str,
    ) -> Result<(), PaymentError>;

    /// Returns money of a paid payment; the same `refund_key` makes one refund.
    async fn refund<X: Platform>(
        &self,
        platform: &X,
        refund: &RefundRequest<'_>,
    ) -> Result<RefundOutcome, PaymentError>;

    /// Verifies a notification (signature, timestamp, decryption) and reads it.
    fn verify_notice(&self, req: &HttpRequest, now: i64) -> Result<VerifiedNotice, PaymentError>;

    /// The answer the provider expects once a notice is handled (or was seen before).
    fn acknowledge(&self) -> HttpResponse {
        HttpResponse::empty(204)
    }
}

/// The providers this deployment has set up.
#[derive(Debug, Clone, Default)]
pub struct Payments {
    /// Stripe, when its keys are set.
    pub stripe: Option<stripe::Stripe>,
    /// WeChat Pay, when its keys are set.
    pub wechat: Option<wechat::WechatPay>,
    /// The sandbox, when enabled (never in production).
    pub sandbox: Option<sandbox::Sandbox>,
}

impl Payments {
    /// The providers of a configuration.
    pub fn new(config: &PaymentsConfig) -> Payments {
        Payments {
            stripe: config.stripe.clone().map(stripe::Stripe::new),
            wechat: config.wechat.clone().map(wechat::WechatPay::new),
            sandbox: config.sandbox.clone().map(sandbox::Sandbox::new),
        }
    }

    /// Whether `method` can be used here (cash on delivery always can).
    pub fn offers(&self, method: PaymentMethod) -> bool {
        match method {
            PaymentMethod::CashOnDelivery => true,
            PaymentMethod::Stripe => self.stripe.is_some(),
            PaymentMethod::WechatPay => self.wechat.is_some(),
            PaymentMethod::Sandbox => self.sandbox.is_some(),
        }
    }
}

/// Runs `$body` with `$p` bound to the provider of `$method`, or evaluates to
/// `$missing` when there is none (cash on delivery, or not set up).
#[macro_export]
macro_rules! with_provider {
    ($payments:expr, $method:expr, |$p:ident| $body:expr, $missing:expr) => {
        match $method {
            pocketshop_shared::PaymentMethod::Stripe => match &$payments.stripe {
                Some($p) => $body,
                None => $missing,
            },
            pocketshop_shared::PaymentMethod::WechatPay => match &$payments.wechat {
                Some($p) => $body,
                None => $missing,
            },
            pocketshop_shared::PaymentMethod::Sandbox => match &$payments.sandbox {
                Some($p) => $body,
                None => $missing,
            },
            pocketshop_shared::PaymentMethod::CashOnDelivery => $missing,
        }
    };
}
