//! `GET /v1/products/{id}`: one product with its SKUs and exact stock.

use crate::catalogue;
use crate::context::Ctx;
use crate::error::Error;
use pocketshop_shared::{ApiError, ProductId};
use worker::Response;

/// The product, or `unknown_product` (also for an id that cannot exist).
pub async fn get_product(ctx: &Ctx, id: &str) -> Result<Response, Error> {
    let unknown = || ApiError::UnknownProduct {
        product_id: id.chars().take(64).collect(),
    };
    let id = ProductId::parse(id).map_err(|_| unknown())?;
    let (row, skus) = ctx.store.product(id.as_str()).await?.ok_or_else(unknown)?;
    let product =
        catalogue::product(row, skus, &ctx.config.public_url).map_err(|detail| Error::Corrupt {
            what: "product",
            detail,
        })?;
    Ok(Response::from_json(&product)?)
}
