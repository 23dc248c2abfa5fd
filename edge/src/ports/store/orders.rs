//! What the edge keeps of orders: idempotency keys, orders and their status,
//! shipments, webhook events and nonces, payments, and after-sales cases.
//!
//! Invariants: status changes are compare-and-set; one order per idempotency key;
//! an event or payment notice is applied once.

use super::{Claim, NewOrder, OrderRecord, PaymentRecord, PaymentStatus, StoreError};
use pocketshop_shared::order::Shipment;
use pocketshop_shared::supply::AfterSalesCase;
use pocketshop_shared::{IdempotencyKey, OrderId, OrderStatus, PaymentMethod, ShopId};

#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait OrderStore {
    /// Claims `key` for a request whose canonical body hashes to `request_hash`.
    async fn claim_idempotency_key(
        &self,
        shop: &ShopId,
        key: &IdempotencyKey,
        request_hash: &str,
        now: i64,
    ) -> Result<Claim, StoreError>;

    /// Gives a claimed key up after a definite failure, so a corrected retry may use it.
    async fn release_idempotency_key(
        &self,
        shop: &ShopId,
        key: &IdempotencyKey,
    ) -> Result<(), StoreError>;

    /// Stores a new order (status `pending_payment`) and ties it to its key, atomically.
    async fn insert_order(&self, order: &NewOrder, key: &IdempotencyKey) -> Result<(), StoreError>;

    /// An order with its shipments.
    async fn order(&self, id: &OrderId) -> Result<Option<OrderRecord>, StoreError>;

    /// Moves an order from `from` to `to` (setting the supplier's order id when given);
    /// `false` when the order was not in `from` any more.
    async fn transition_order(
        &self,
        id: &OrderId,
        from: OrderStatus,
        to: OrderStatus,
        supplier_order_id: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Records a parcel (again: no change).
    async fn add_shipment(&self, id: &OrderId, shipment: &Shipment) -> Result<(), StoreError>;

    /// Marks every parcel of an order delivered.
    async fn mark_delivered(&self, id: &OrderId, at: i64) -> Result<(), StoreError>;

    /// Remembers a signed request's nonce; `false` when it was seen before.
    async fn remember_nonce(&self, nonce: &str, until: i64, now: i64) -> Result<bool, StoreError>;

    /// Whether a supplier event was applied already.
    async fn event_applied(&self, event_id: &str) -> Result<bool, StoreError>;

    /// Records a supplier event as applied.
    async fn record_event(&self, event_id: &str, now: i64) -> Result<(), StoreError>;

    /// Stores an order's payment (replacing an earlier one of the same order that
    /// was never paid).
    async fn insert_payment(&self, payment: &PaymentRecord) -> Result<(), StoreError>;

    /// The payment of an order.
    async fn payment(&self, order: &OrderId) -> Result<Option<PaymentRecord>, StoreError>;

    /// The payment a provider knows by `reference`.
    async fn payment_by_reference(
        &self,
        method: PaymentMethod,
        reference: &str,
    ) -> Result<Option<PaymentRecord>, StoreError>;

    /// Moves a payment from `from` to `to`, recording the provider's payment or refund
    /// id when given; `false` when it was not in `from` any more.
    async fn transition_payment(
        &self,
        order: &OrderId,
        from: PaymentStatus,
        to: PaymentStatus,
        provider_id: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Whether a provider's notification was applied already.
    async fn payment_event_seen(
        &self,
        method: PaymentMethod,
        event_id: &str,
    ) -> Result<bool, StoreError>;

    /// Records a provider's notification as applied; `false` when it was before.
    async fn record_payment_event(
        &self,
        method: PaymentMethod,
        event_id: &str,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Sets how many times the order's pending work has failed.
    async fn set_attempts(&self, order: &OrderId, attempts: u32) -> Result<(), StoreError>;

    /// Adds an after-sales case to an order.
    async fn add_after_sales(
        &self,
        order: &OrderId,
        case: &AfterSalesCase,
    ) -> Result<(), StoreError>;

    /// Changes a case's status; `false` when the order has no such case.
    async fn update_after_sales(
        &self,
        order: &OrderId,
        case_id: &str,
        status: &str,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// An order's after-sales cases, oldest first.
    async fn after_sales(&self, order: &OrderId) -> Result<Vec<AfterSalesCase>, StoreError>;
}
