//! The supplier, as the edge uses it: Supply API v1 behind the [`Supplier`] trait
//! (signed HTTPS in the Worker, a fake in tests).
//!
//! Invariants: every write carries an idempotency key; an upstream error body is
//! decoded into an [`ApiError`] or dropped, never passed on to a browser. How the
//! HTTP supplier degrades (timeouts, size limits, read retries, the circuit breaker)
//! is in [`policy`] and [`breaker`], both pure and tested natively.

use pocketshop_shared::catalogue::SupplyProduct;
use pocketshop_shared::supply::{
    AfterSalesCase, AfterSalesRequest, CreateSupplyOrder, ProductPage, SupplyOrder,
};
use pocketshop_shared::{ApiError, ProductId};

/// A failed supplier call.
#[derive(Debug, thiserror::Error)]
pub enum SupplierError {
    /// The supplier could not be reached.
    #[error("supplier unreachable: {detail}")]
    Unreachable {
        /// The transport's message.
        detail: String,
    },
    /// The supplier answered with an unexpected status.
    #[error("supplier answered {status}")]
    Status {
        /// The HTTP status.
        status: u16,
    },
    /// The supplier's body is not what the Supply API promises.
    #[error("supplier sent an invalid body: {detail}")]
    InvalidBody {
        /// The decoder's message.
        detail: String,
    },
    /// The supplier refused the request with a Supply API error.
    #[error("supplier refused: {0}")]
    Rejected(ApiError),
    /// The call (connecting, waiting and reading the body, retries included) took
    /// longer than its deadline.
    #[error("supplier call timed out after {after_ms} ms")]
    Timeout {
        /// The deadline that passed.
        after_ms: u64,
    },
    /// The supplier's body is larger than the edge reads for this call.
    #[error("supplier body exceeds {limit_bytes} bytes")]
    TooLarge {
        /// The limit.
        limit_bytes: usize,
    },
    /// The supplier answered `429 Too Many Requests`.
    #[error("supplier rate-limited us for {retry_after_secs} s")]
    RateLimited {
        /// Its `Retry-After`, in seconds.
        retry_after_secs: u32,
    },
    /// The circuit breaker is open: the supplier was not called.
    #[error("supplier circuit open for {retry_after_secs} s")]
    CircuitOpen {
        /// How long until trial calls start.
        retry_after_secs: u32,
    },
}

impl SupplierError {
    /// How long a client should wait before trying again, when the supplier said or
    /// the breaker knows; `None` for the default.
    pub fn retry_after_secs(&self) -> Option<u32> {
        match self {
            SupplierError::RateLimited { retry_after_secs }
            | SupplierError::CircuitOpen { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }
}

/// Supply API v1, as far as the edge calls it.
#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait Supplier {
    /// One page of the catalogue.
    async fn products(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<ProductPage, SupplierError>;
    /// One product, fresh; `None` when the supplier does not have it.
    async fn product(&self, id: &ProductId) -> Result<Option<SupplyProduct>, SupplierError>;
    /// Creates a fulfilment order; the same key returns the same order.
    async fn create_order(
        &self,
        idempotency_key: &str,
        order: &CreateSupplyOrder,
    ) -> Result<SupplyOrder, SupplierError>;
    /// Opens a return or refund case on a supplier order.
    async fn request_after_sales(
        &self,
        supplier_order_id: &str,
        request: &AfterSalesRequest,
    ) -> Result<AfterSalesCase, SupplierError>;
}
