//! `POST /v1/orders/{id}/cancel`: cancels an order that has not shipped, returning its
//! units to stock, and tells the edge.

use crate::context::Ctx;
use crate::error::Error;
use crate::orders;
use crate::webhook;
use pocketshop_shared::supply::{SupplyEventKind, SupplyOrderStatus};
use pocketshop_shared::ApiError;
use worker::Response;

/// The cancelled order (again: unchanged).
pub async fn cancel_order(ctx: &Ctx, id: &str) -> Result<Response, Error> {
    let row = orders::find(ctx, id).await?;
    let status = orders::status_of(&row)?;
    if status == SupplyOrderStatus::Cancelled {
        return Ok(Response::from_json(&orders::load(ctx, &row).await?)?);
    }
    if !orders::can_move(status, SupplyOrderStatus::Cancelled) {
        return Err(ApiError::BadRequest {
            message: format!("an order that is {} cannot be cancelled", status.as_str()),
        }
        .into());
    }
    // Compare-and-set: of two concurrent cancels only one restocks.
    if ctx
        .store
        .set_status(
            &row.id,
            status.as_str(),
            SupplyOrderStatus::Cancelled.as_str(),
            ctx.now,
        )
        .await?
    {
        let request = orders::request_of(&row)?;
        ctx.store.restock(&orders::merge(&request.lines)).await?;
        webhook::send(
            ctx,
            SupplyEventKind::OrderCancelled {
                order_id: row.id.clone(),
                reference: request.reference,
            },
        )
        .await?;
    }
    let row = orders::find(ctx, &row.id).await?;
    Ok(Response::from_json(&orders::load(ctx, &row).await?)?)
}
