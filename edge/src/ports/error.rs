//! The edge's error type and its one conversion into the wire error.
//!
//! Invariants: client mistakes travel as [`ApiError`]s and reach the client as they
//! are; every other failure is logged with its chain and reaches the client only as
//! `internal` with the request id, or as `supplier_unavailable` /
//! `payment_unavailable` when the supplier or a payment provider is the cause. Nothing internal (SQL, URLs, upstream bodies) is ever sent to a browser.

use crate::base::config::ConfigError;
use crate::base::random::RandomError;
use crate::ports::cache::CacheError;
use crate::ports::payments::PaymentError;
use crate::ports::platform::PlatformError;
use crate::ports::store::StoreError;
use crate::ports::supplier::SupplierError;
use pocketshop_shared::pricing::PricingError;
use pocketshop_shared::ApiError;

/// How long a client should wait after the supplier failed.
pub const SUPPLIER_RETRY_AFTER_SECS: u32 = 5;
/// How long a client should wait after a payment provider failed.
pub const PAYMENT_RETRY_AFTER_SECS: u32 = 5;

/// Everything that can go wrong while handling a request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The client's request cannot be served as it is.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The database failed.
    #[error("storage failed")]
    Store(#[from] StoreError),
    /// The supplier failed or answered something unusable.
    #[error("supplier call failed")]
    Supplier(#[from] SupplierError),
    /// The catalogue cache failed.
    #[error("cache failed")]
    Cache(#[from] CacheError),
    /// The Worker is misconfigured.
    #[error("configuration is invalid")]
    Config(#[from] ConfigError),
    /// Supplier data could not be priced (a bad price from upstream).
    #[error("pricing failed")]
    Pricing(#[from] PricingError),
    /// The platform's random number generator failed.
    #[error("randomness failed")]
    Random(#[from] RandomError),
    /// A payment provider failed, or sent a notification that does not check out.
    #[error("payment provider call failed")]
    Payment(#[from] PaymentError),
    /// An outbound request or an order timer failed.
    #[error("platform call failed")]
    Platform(#[from] PlatformError),
    /// A stored password hash cannot be read.
    /// Data that must exist is missing (an order its idempotency key points to).
    #[error("inconsistent data: {0}")]
    Inconsistent(&'static str),
}

impl Error {
    /// The wire error for this failure; internal causes are logged through `log`.
    pub fn into_api(self, request_id: &str, log: impl Fn(&str)) -> ApiError {
        match self {
            Error::Api(api) => api,
            Error::Supplier(SupplierError::Rejected(api)) => {
                log(&format!("request {request_id}: supplier refused: {api:?}"));
                ApiError::SupplierUnavailable {
                    retry_after_secs: SUPPLIER_RETRY_AFTER_SECS,
                }
            }
            Error::Supplier(e) => {
                log(&format!(
                    "request {request_id}: {}",
                    pocketshop_shared::report::chain(&e)
                ));
                // An open breaker or the supplier's own 429 knows how long to wait.
                ApiError::SupplierUnavailable {
                    retry_after_secs: e.retry_after_secs().unwrap_or(SUPPLIER_RETRY_AFTER_SECS),
                }
            }
            Error::Payment(PaymentError::InvalidSignature { reason }) => {
                ApiError::InvalidSignature { reason }
            }
            Error::Payment(PaymentError::MalformedNotice { reason }) => {
                ApiError::BadRequest { message: reason }
            }
            Error::Payment(PaymentError::Unsupported { method, detail }) => {
                log(&format!(
                    "request {request_id}: {} unsupported: {detail}",
                    method.as_str()
                ));
                ApiError::PaymentMethodUnavailable {
                    method: method.as_str().to_owned(),
                }
            }
            Error::Payment(e) => {
                log(&format!(
                    "request {request_id}: {}",
                    pocketshop_shared::report::chain(&e)
                ));
                ApiError::PaymentUnavailable {
                    retry_after_secs: PAYMENT_RETRY_AFTER_SECS,
                }
            }
            other => {
                log(&format!(
                    "request {request_id}: {}",
                    pocketshop_shared::report::chain(&other)
                ));
                ApiError::Internal {
                    request_id: request_id.to_owned(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn an_internal_failure_exposes_only_the_request_id_and_logs_the_chain() {
        let logged = RefCell::new(String::new());
        let err = Error::Store(StoreError::Database {
            detail: "SQLITE_BUSY on orders".into(),
        });
        let api = err.into_api("req-1", |line| logged.borrow_mut().push_str(line));
        assert_eq!(
            api,
            ApiError::Internal {
                request_id: "req-1".into()
            }
        );
        assert!(logged.borrow().contains("SQLITE_BUSY"));
        assert!(!serde_json::to_string(&api)
            .expect("json")
            .contains("SQLITE"));
    }

    #[test]
    fn every_supplier_failure_is_supplier_unavailable_with_a_retry_after_and_no_upstream_detail() {
        let cases = [
            (
                SupplierError::CircuitOpen {
                    retry_after_secs: 17,
                },
                17,
            ),
            (
                SupplierError::RateLimited {
                    retry_after_secs: 9,
                },
                9,
            ),
            (
                SupplierError::Timeout { after_ms: 2_000 },
                SUPPLIER_RETRY_AFTER_SECS,
            ),
            (
                SupplierError::InvalidBody {
                    detail: "<html>secret upstream page</html>".into(),
                },
                SUPPLIER_RETRY_AFTER_SECS,
            ),
            (
                SupplierError::TooLarge {
                    limit_bytes: 1 << 20,
                },
                SUPPLIER_RETRY_AFTER_SECS,
            ),
            (
                SupplierError::Status { status: 502 },
                SUPPLIER_RETRY_AFTER_SECS,
            ),
        ];
        for (e, secs) in cases {
            let api = Error::Supplier(e).into_api("r", |_| {});
            assert_eq!(
                api,
                ApiError::SupplierUnavailable {
                    retry_after_secs: secs
                }
            );
            let response = crate::base::http::HttpResponse::error(&api);
            assert_eq!(response.status, 503);
            assert_eq!(
                response.header("retry-after"),
                Some(secs.to_string().as_str())
            );
            assert!(!String::from_utf8_lossy(&response.body).contains("html"));
        }
    }

    #[test]
    fn a_client_error_passes_through_unlogged() {
        let logged = RefCell::new(false);
        let api = Error::Api(ApiError::EmptyCart).into_api("r", |_| *logged.borrow_mut() = true);
        assert_eq!(api, ApiError::EmptyCart);
        assert!(!*logged.borrow());
    }
}
