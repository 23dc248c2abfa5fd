//! Signed webhooks from the supplier: shipments, deliveries, cancellations, refunds,
//! after-sales cases, and catalogue changes. A cancellation or refund of a prepaid
//! order returns the shopper's money through the payment provider
//! ([`crate::domain::orders::lifecycle`]); a cancellation gives back what the order reserved (its
//! flash unit, coupon use and commission, [`lifecycle::given_up`]).
//!
//! Invariants: nothing is read from an event before its signature, timestamp and
//! nonce pass; an event id is applied at most once; an order moves only along the
//! shared status machine, compare-and-set, so duplicated or reordered deliveries
//! change nothing twice (an event that arrives too early is answered 409 so the
//! supplier retries it later).

use crate::base::http::HttpRequest;
use crate::domain::catalogue;
use crate::domain::orders::lifecycle;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::OrderRecord;
use pocketshop_shared::signing::SignedHeaders;
use pocketshop_shared::supply::{SupplyEvent, SupplyEventKind};
use pocketshop_shared::{ApiError, OrderEvent, OrderId, OrderStatus};

/// Whether an event changed something or had been applied before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied now.
    Applied,
    /// Seen before; nothing changed.
    Duplicate,
}

/// Verifies, decodes and applies one supplier event.
pub async fn receive<P: Ports>(app: &Services<P>, req: &HttpRequest) -> Result<Outcome, Error> {
    let invalid = |e: pocketshop_shared::signing::SigningError| ApiError::InvalidSignature {
        reason: e.to_string(),
    };
    let headers =
        SignedHeaders::read(|name| req.header(name).map(str::to_owned)).map_err(invalid)?;
    let verified = app
        .config
        .webhook_key
        .verify(
            &headers,
            req.method.as_str(),
            &req.path_and_query(),
            &req.body,
            app.now,
        )
        .map_err(invalid)?;
    if !app
        .store
        .remember_nonce(&verified.nonce, verified.remember_until, app.now)
        .await?
    {
        return Err(ApiError::ReplayedRequest.into());
    }
    let event: SupplyEvent = req.json()?;
    if event.event_id.is_empty() || event.event_id.len() > 128 {
        return Err(ApiError::InvalidField {
            field: "event_id".into(),
            message: "must be 1 to 128 characters".into(),
        }
        .into());
    }
    if app.store.event_applied(&event.event_id).await? {
        return Ok(Outcome::Duplicate);
    }
    apply(app, &event.kind).await?;
    app.store.record_event(&event.event_id, app.now).await?;
    Ok(Outcome::Applied)
}

async fn apply<P: Ports>(app: &Services<P>, kind: &SupplyEventKind) -> Result<(), Error> {
    let (order_id, reference, event) = match kind {
        SupplyEventKind::ProductUpdated { .. } | SupplyEventKind::StockChanged { .. } => {
            return catalogue::invalidate(app).await;
        }
        SupplyEventKind::AfterSalesUpdated {
            order_id,
            reference,
            case,
        } => {
            let order = ours(app, order_id, reference).await?;
            // A case opened at the supplier directly is shown too.
            if !app
                .store
                .update_after_sales(&order.id, &case.id, &case.status, app.now)
                .await?
            {
                app.store.add_after_sales(&order.id, case).await?;
            }
            return Ok(());
        }
        SupplyEventKind::OrderShipped {
            order_id,
            reference,
            ..
        } => (order_id, reference, OrderEvent::Shipped),
        SupplyEventKind::OrderDelivered {
            order_id,
            reference,
            ..
        } => (order_id, reference, OrderEvent::Delivered),
        SupplyEventKind::OrderCancelled {
            order_id,
            reference,
        } => (order_id, reference, OrderEvent::Cancelled),
        SupplyEventKind::OrderRefunded {
            order_id,
            reference,
        } => (order_id, reference, OrderEvent::Refunded),
    };
    let order = ours(app, order_id, reference).await?;
    let id = order.id.clone();
    let already = matches!(
        (order.status, event),
        (OrderStatus::Delivered, OrderEvent::Delivered)
            | (OrderStatus::Cancelled, OrderEvent::Cancelled)
            | (OrderStatus::Refunded, OrderEvent::Refunded)
            // A prepaid order the supplier cancelled is refunded by the edge next.
            | (OrderStatus::Refunded, OrderEvent::Cancelled)
    );
    if already {
        return Ok(());
    }
    let next = order
        .status
        .apply(event, order.payment_method)
        .map_err(|_| ApiError::InvalidTransition {
            status: order.status,
            event: event.to_string(),
        })?;
    match kind {
        SupplyEventKind::OrderShipped { shipment, .. } => {
            app.store.add_shipment(&id, shipment).await?
        }
        SupplyEventKind::OrderDelivered { delivered_at, .. } => {
            app.store.mark_delivered(&id, *delivered_at).await?
        }
        _ => {}
    }
    if next != order.status
        && !app
            .store
            .transition_order(&id, order.status, next, None, app.now)
            .await?
    {
        // Another delivery moved the order meanwhile: let the supplier retry this one.
        return Err(ApiError::InvalidTransition {
            status: order.status,
            event: event.to_string(),
        }
        .into());
    }
    if event == OrderEvent::Cancelled {
        // The order will not go ahead: what it reserved is given back.
        lifecycle::given_up(app, &order).await;
    }
    if matches!(event, OrderEvent::Cancelled | OrderEvent::Refunded) {
        // A prepaid order the supplier will not deliver gets its money back.
        lifecycle::run_now(app, &id).await?;
    }
    Ok(())
}

/// The order a supplier event names: its reference must be one of ours and its
/// supplier order the one we placed.
async fn ours<P: Ports>(
    app: &Services<P>,
    supplier_order_id: &str,
    reference: &str,
) -> Result<OrderRecord, Error> {
    let id = OrderId::parse(reference).map_err(|_| ApiError::OrderNotFound)?;
    let order = app.store.order(&id).await?.ok_or(ApiError::OrderNotFound)?;
    if order.supplier_order_id.as_deref() != Some(supplier_order_id) {
        return Err(ApiError::OrderNotFound.into());
    }
    Ok(order)
}
