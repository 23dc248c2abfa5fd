//! `POST /v1/orders/{id}/cancel`: cancels an order that has not shipped, returning
//! its units to stock, and tells the edge (`order.cancelled`).
//!
//! Invariants: idempotent (a cancelled order is answered unchanged, and of two
//! concurrent cancels only one restocks and sends the webhook); a shipped, delivered
//! or refunded order is a 409 `invalid_transition`.

use crate::context::Ctx;
use crate::error::Error;
use crate::orders;
use crate::webhook;
use pocketshop_shared::supply::{SupplyEventKind, SupplyOrderStatus};
use worker::Response;

/// The cancelled order.
pub async fn cancel_order(ctx: &Ctx, id: &str) -> Result<Response, Error> {
    let row = orders::find(ctx, id).await?;
    let status = orders::status_of(&row)?;
    if status == SupplyOrderStatus::Cancelled {
        return Ok(Response::from_json(&orders::load(ctx, &row).await?)?);
    }
    if !orders::can_move(status, SupplyOrderStatus::Cancelled) {
        return Err(orders::illegal_move(status, "cancelled").into());
    }
    let request = orders::request_of(&row)?;
    let lines = orders::merge(&request.lines);
    if ctx.store.cancel(&row.id, &lines, ctx.now).await? {
        let delivery = webhook::send(
            ctx,
            SupplyEventKind::OrderCancelled {
                order_id: row.id.clone(),
                reference: request.reference,
            },
        )
        .await?;
        webhook::log_failure(&delivery);
    }
    // Re-read: whether this request or a concurrent one moved it, answer what is.
    let row = orders::find(ctx, &row.id).await?;
    let status = orders::status_of(&row)?;
    if status != SupplyOrderStatus::Cancelled {
        return Err(orders::illegal_move(status, "cancelled").into());
    }
    Ok(Response::from_json(&orders::load(ctx, &row).await?)?)
}
