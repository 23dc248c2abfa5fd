//! `PUT /v1/admin/shops/{shop}/products/{id}`: picks one product into the shop's
//! selection.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::{ApiError, ProductId};

/// The signed-in owner's shop `shop` and the product `id` of a pick route.
pub(super) async fn owned_pick<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
    id: &str,
) -> Result<(ShopRecord, ProductId), Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let id = ProductId::parse(id).map_err(|_| ApiError::UnknownProduct {
        product_id: id.chars().take(64).collect(),
    })?;
    Ok((shop, id))
}

/// Picks a product of the supplier's catalogue (204); `unknown_product` if it has none.
pub async fn pick_product<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
    id: &str,
) -> Result<HttpResponse, Error> {
    let (shop, id) = owned_pick(app, req, shop, id).await?;
    let products = catalogue::snapshot(app).await?;
    if !products.iter().any(|p| p.id == id) {
        return Err(ApiError::UnknownProduct {
            product_id: id.to_string(),
        }
        .into());
    }
    app.store.set_picked(&shop.id, &id, true, app.now).await?;
    Ok(HttpResponse::empty(204))
}
