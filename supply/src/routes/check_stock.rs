//! `POST /v1/stock/check`: availability of SKUs.

use crate::context::Ctx;
use crate::error::Error;
use crate::signing::Signed;
use pocketshop_shared::supply::{StockAvailability, StockCheckRequest, StockCheckResponse};
use pocketshop_shared::ApiError;
use worker::Response;

/// One entry per requested SKU, in request order.
pub async fn check_stock(ctx: &Ctx, req: &Signed) -> Result<Response, Error> {
    let request: StockCheckRequest = req.json()?;
    if request.items.is_empty() || request.items.len() > 100 {
        return Err(ApiError::InvalidField {
            field: "items".into(),
            message: "must hold 1 to 100 SKUs".into(),
        }
        .into());
    }
    let skus: Vec<&str> = request.items.iter().map(|i| i.sku.as_str()).collect();
    let stock = ctx.store.stock(&skus).await?;
    let items = request
        .items
        .iter()
        .map(|i| {
            let found = stock.iter().find(|(s, _)| s == i.sku.as_str());
            StockAvailability {
                sku: i.sku.clone(),
                requested: i.quantity.get(),
                available: found.map_or(0, |(_, n)| *n),
                known: found.is_some(),
            }
        })
        .collect();
    Ok(Response::from_json(&StockCheckResponse { items })?)
}
