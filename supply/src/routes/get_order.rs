//! `GET /v1/orders/{id}`: an order's status, parcels and after-sales cases.

use crate::context::Ctx;
use crate::error::Error;
use crate::orders;
use worker::Response;

/// The order, or `order_not_found`.
pub async fn get_order(ctx: &Ctx, id: &str) -> Result<Response, Error> {
    let row = orders::find(ctx, id).await?;
    Ok(Response::from_json(&orders::load(ctx, &row).await?)?)
}
