//! `GET /v1/shops/{shop}/products/{id}`: one product with its SKUs and coarse stock
//! (from the last good catalogue, marked `x-pocketshop-stale: 1`, while the supplier
//! fails).

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue;
use crate::domain::catalogue::pages;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::{ApiError, ProductId};
use std::rc::Rc;

/// The product priced for the shop.
pub async fn get_product<P: Ports>(
    app: &Services<P>,
    shop: &Rc<ShopRecord>,
    id: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let id = ProductId::parse(id).map_err(|_| ApiError::UnknownProduct {
        product_id: id.chars().take(64).collect(),
    })?;
    let snapshot = catalogue::current(app).await?;
    // Revalidated on every read so an unpicked product disappears at once; marked
    // when it comes from the last good catalogue.
    pages::page(
        app,
        shop,
        req,
        Some(req.path.clone()),
        &snapshot,
        |snapshot| {
            let product = catalogue::product(&snapshot.products, shop, &id)?;
            Ok(HttpResponse::json(200, &product))
        },
    )
}
