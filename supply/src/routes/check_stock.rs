//! `POST /v1/stock/check`: availability of SKUs, one answer per requested item in
//! request order; an unknown SKU is `known: false` with nothing available.

use crate::context::Ctx;
use crate::error::Error;
use crate::signing::Signed;
use pocketshop_shared::supply::{StockAvailability, StockCheckRequest, StockCheckResponse};
use pocketshop_shared::ApiError;
use worker::Response;

/// The most items one check takes.
const MAX_ITEMS: usize = 100;

/// Availability of every requested SKU (one query for all of them).
pub async fn check_stock(ctx: &Ctx, req: &Signed) -> Result<Response, Error> {
    let request: StockCheckRequest = req.json()?;
    if request.items.is_empty() || request.items.len() > MAX_ITEMS {
        return Err(ApiError::InvalidField {
            field: "items".into(),
            message: format!("must hold 1 to {MAX_ITEMS} SKUs"),
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
