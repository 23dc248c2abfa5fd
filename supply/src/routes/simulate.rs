//! `POST /sim/orders/{id}/ship` and `/deliver` (only with `SIMULATION=on`): what a
//! warehouse does, for tests and demos; each tells the edge by signed webhook.
//! `{id}` is the supplier's order id or the edge's order reference.

use crate::context::{random_hex, Ctx};
use crate::error::{invalid_json, Error};
use crate::orders;
use crate::webhook;
use pocketshop_shared::order::Shipment;
use pocketshop_shared::supply::{SupplyEventKind, SupplyOrderStatus};
use pocketshop_shared::ApiError;
use serde::Deserialize;
use worker::{Request, Response};

#[derive(Deserialize, Default)]
struct ShipRequest {
    carrier: Option<String>,
    tracking_number: Option<String>,
}

fn field(value: Option<String>, name: &str, max: usize) -> Result<Option<String>, ApiError> {
    match value.map(|v| v.trim().to_owned()) {
        Some(v) if v.is_empty() || v.chars().count() > max || v.chars().any(char::is_control) => {
            Err(ApiError::InvalidField {
                field: name.into(),
                message: format!("must be 1 to {max} characters"),
            })
        }
        other => Ok(other),
    }
}

/// Ships or delivers the order; answers the order and the webhook's delivery.
pub async fn simulate(
    ctx: &Ctx,
    mut req: Request,
    id: &str,
    action: &str,
) -> Result<Response, Error> {
    let row = orders::find(ctx, id).await?;
    let status = orders::status_of(&row)?;
    let reference = orders::request_of(&row)?.reference;
    let target = match action {
        "ship" => SupplyOrderStatus::Shipped,
        "deliver" => SupplyOrderStatus::Delivered,
        _ => return Err(ApiError::NotFound.into()),
    };
    if !orders::can_move(status, target) {
        return Err(ApiError::BadRequest {
            message: format!(
                "an order that is {} cannot be marked {}",
                status.as_str(),
                target.as_str()
            ),
        }
        .into());
    }
    let body = req.bytes().await?;
    let event = if target == SupplyOrderStatus::Shipped {
        let asked: ShipRequest = if body.iter().all(u8::is_ascii_whitespace) {
            ShipRequest::default()
        } else {
            serde_json::from_slice(&body).map_err(invalid_json)?
        };
        let carrier =
            field(asked.carrier, "carrier", 40)?.unwrap_or_else(|| "SF Express".to_owned());
        let tracking = match field(asked.tracking_number, "tracking_number", 40)? {
            Some(t) => t,
            None => orders::tracking_number(&carrier, &random_hex(12)?),
        };
        let shipment = Shipment {
            carrier,
            tracking_number: tracking,
            shipped_at: ctx.now,
            delivered_at: None,
        };
        ctx.store.add_shipment(&row.id, &shipment).await?;
        ctx.store
            .set_status(&row.id, status.as_str(), target.as_str(), ctx.now)
            .await?;
        SupplyEventKind::OrderShipped {
            order_id: row.id.clone(),
            reference,
            shipment,
        }
    } else {
        ctx.store.deliver(&row.id, ctx.now).await?;
        ctx.store
            .set_status(&row.id, status.as_str(), target.as_str(), ctx.now)
            .await?;
        SupplyEventKind::OrderDelivered {
            order_id: row.id.clone(),
            reference,
            delivered_at: ctx.now,
        }
    };
    let delivery = webhook::send(ctx, event).await?;
    let row = orders::find(ctx, &row.id).await?;
    let order = orders::load(ctx, &row).await?;
    Ok(Response::from_json(
        &serde_json::json!({ "order": order, "webhook": delivery }),
    )?)
}
