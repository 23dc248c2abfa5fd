//! What a payment provider's call can fail with, as the domain's providers report
//! it and the error conversion maps it (to `payment_unavailable`).

use pocketshop_shared::PaymentMethod;

/// A failed payment call or an unacceptable notification.
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// The provider could not be reached.
    #[error("payment provider unreachable: {detail}")]
    Unreachable {
        /// The transport's message.
        detail: String,
    },
    /// The provider refused the call (a 4xx or 5xx with its error).
    #[error("payment provider answered {status}: {detail}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The provider's error code or message (never a secret).
        detail: String,
    },
    /// The provider's answer is not what its API documents.
    #[error("payment provider sent an unexpected answer: {detail}")]
    InvalidResponse {
        /// What was wrong.
        detail: String,
    },
    /// A notification whose signature, timestamp or encryption does not check out.
    #[error("notification signature invalid: {reason}")]
    InvalidSignature {
        /// Why.
        reason: String,
    },
    /// A verified notification whose content cannot be used.
    #[error("notification malformed: {reason}")]
    MalformedNotice {
        /// Why.
        reason: String,
    },
    /// This provider cannot take this payment (another currency, a missing detail
    /// it requires).
    #[error("{} cannot take this payment: {detail}", method.as_str())]
    Unsupported {
        /// The provider's method.
        method: PaymentMethod,
        /// Why.
        detail: String,
    },
    /// A key or secret could not be used (bad PEM, wrong length).
    #[error("payment credentials unusable: {detail}")]
    Credentials {
        /// What was wrong (never the secret itself).
        detail: String,
    },
}
