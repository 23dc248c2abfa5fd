//! The supplier, as the edge uses it: Supply API v1 behind the [`Supplier`] trait
//! (signed HTTPS in the Worker, a fake in tests).
//!
//! Invariants: every write carries an idempotency key; an upstream error body is
//! decoded into an [`ApiError`] or dropped, never passed on to a browser.

pub mod http;

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
