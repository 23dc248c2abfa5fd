//! `POST /sim/orders/{id}/ship`, `POST /sim/orders/{id}/deliver` and
//! `POST /sim/stock` (only with `SIMULATION=on`, unsigned so a person can use curl):
//! what a warehouse and a carrier do, for tests and demos. `{id}` is the supplier's
//! order id or the edge's order reference.
//!
//! Invariants: each move is checked against the order's status inside the write
//! (409 `invalid_transition` otherwise) and then told to the edge by a signed
//! webhook; a webhook that fails does not undo the move, the answer reports it:
//! `{"order": …, "webhook": {"delivered": …, "status": …}}`. Setting stock
//! (`{"sku": …, "stock": N}`, a stock take) replaces the count with one `UPDATE` and
//! answers it; an unknown SKU is 422 `unknown_sku` and changes nothing.

use crate::context::{random_bytes, Ctx};
use crate::error::Error;
use crate::input;
use crate::orders::{self, ShipRequest, DEFAULT_CARRIER};
use crate::webhook;
use pocketshop_shared::order::Shipment;
use pocketshop_shared::supply::{SupplyEventKind, SupplyOrderStatus};
use pocketshop_shared::{ApiError, Sku};
use serde::{Deserialize, Serialize};
use worker::{Request, Response};

/// `POST /sim/stock` body and answer: one SKU's stock as counted in the warehouse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockTake {
    /// The variant.
    pub sku: Sku,
    /// Units now in stock.
    pub stock: u32,
}

impl StockTake {
    /// Parses a `POST /sim/stock` body; a malformed SKU or a stock that is not a
    /// whole number from 0 to 2^32 - 1 is `invalid_json`.
    pub fn parse(body: &[u8]) -> Result<StockTake, ApiError> {
        input::json(body)
    }
}

/// Sets a SKU's stock and answers `{"sku": …, "stock": …}`.
pub async fn set_stock(ctx: &Ctx, mut req: Request) -> Result<Response, Error> {
    let take = StockTake::parse(&input::read_body(&mut req).await?)?;
    if !ctx.store.set_stock(take.sku.as_str(), take.stock).await? {
        return Err(ApiError::UnknownSku {
            sku: take.sku.to_string(),
        }
        .into());
    }
    Ok(Response::from_json(&take)?)
}

/// Adds a parcel (carrier and tracking number from the body, or generated) and
/// marks the order shipped; an order already shipped takes another parcel.
pub async fn ship_order(ctx: &Ctx, mut req: Request, id: &str) -> Result<Response, Error> {
    let asked = ShipRequest::parse(&input::read_body(&mut req).await?)?;
    let row = orders::find_by_id_or_reference(ctx, id).await?;
    let status = orders::status_of(&row)?;
    if !orders::can_move(status, SupplyOrderStatus::Shipped) {
        return Err(orders::illegal_move(status, "shipped").into());
    }
    let carrier = asked.carrier.unwrap_or_else(|| DEFAULT_CARRIER.to_owned());
    let tracking_number = match asked.tracking_number {
        Some(t) => t,
        None => orders::tracking_number(&carrier, &random_bytes(12)?),
    };
    let shipment = Shipment {
        carrier,
        tracking_number,
        shipped_at: ctx.now,
        delivered_at: None,
    };
    if !ctx
        .store
        .ship(&row.id, status.as_str(), &shipment, ctx.now)
        .await?
    {
        return Err(moved_meanwhile(ctx, &row.id, "shipped").await);
    }
    let reference = orders::request_of(&row)?.reference;
    let event = SupplyEventKind::OrderShipped {
        order_id: row.id.clone(),
        reference,
        shipment,
    };
    answer(ctx, &row.id, event).await
}

/// Marks a shipped order and its parcels delivered.
pub async fn deliver_order(ctx: &Ctx, id: &str) -> Result<Response, Error> {
    let row = orders::find_by_id_or_reference(ctx, id).await?;
    let status = orders::status_of(&row)?;
    if !orders::can_move(status, SupplyOrderStatus::Delivered) {
        return Err(orders::illegal_move(status, "delivered").into());
    }
    if !ctx.store.deliver(&row.id, ctx.now).await? {
        return Err(moved_meanwhile(ctx, &row.id, "delivered").await);
    }
    let event = SupplyEventKind::OrderDelivered {
        order_id: row.id.clone(),
        reference: orders::request_of(&row)?.reference,
        delivered_at: ctx.now,
    };
    answer(ctx, &row.id, event).await
}

/// The 409 when a concurrent request moved the order between the read and the write.
async fn moved_meanwhile(ctx: &Ctx, id: &str, event: &str) -> Error {
    match orders::find(ctx, id).await {
        Ok(row) => match orders::status_of(&row) {
            Ok(status) => orders::illegal_move(status, event).into(),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// Tells the edge, then answers the order as it is now and how the webhook went.
async fn answer(ctx: &Ctx, id: &str, event: SupplyEventKind) -> Result<Response, Error> {
    let delivery = webhook::send(ctx, event).await?;
    webhook::log_failure(&delivery);
    let row = orders::find(ctx, id).await?;
    let order = orders::load(ctx, &row).await?;
    Ok(Response::from_json(
        &serde_json::json!({ "order": order, "webhook": delivery }),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stock_take_names_one_sku_and_a_whole_count() {
        let take = StockTake::parse(br#"{"sku":"P10001-RED-M","stock":10}"#).expect("valid");
        assert_eq!(take.sku.as_str(), "P10001-RED-M");
        assert_eq!(take.stock, 10);
        assert_eq!(
            serde_json::to_value(&take).expect("serialises"),
            serde_json::json!({"sku": "P10001-RED-M", "stock": 10})
        );
        assert_eq!(
            StockTake::parse(br#"{"sku":"A","stock":0}"#).map(|t| t.stock),
            Ok(0)
        );
        for bad in [
            &br#"{"sku":"A","stock":-1}"#[..],
            br#"{"sku":"A","stock":1.5}"#,
            br#"{"sku":"A","stock":4294967296}"#,
            br#"{"sku":"../x","stock":1}"#,
            br#"{"sku":"A"}"#,
            br#"{"sku":"A","stock":1,"extra":true}"#,
            b"",
        ] {
            assert!(
                matches!(StockTake::parse(bad), Err(ApiError::InvalidJson { .. })),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
