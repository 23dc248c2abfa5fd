//! `PUT /v1/admin/shops/{shop}/bargain-offers/{product}`: sets one product's bargain
//! floor, helps and duration.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::bargain;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::bargain::{BargainOffer, BargainSettings};
use pocketshop_shared::{ApiError, ProductId};

/// 200 with the saved settings.
pub async fn set_bargain_offer<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
    product: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let product = ProductId::parse(product).map_err(|_| ApiError::UnknownProduct {
        product_id: product.chars().take(64).collect(),
    })?;
    let body = req.json::<BargainSettings>()?;
    let offer = BargainOffer {
        product,
        floor: body.floor,
        helps: body.helps,
        duration_secs: body.duration_secs,
    };
    Ok(HttpResponse::json(
        200,
        &bargain::set_offer(app, &shop, &offer).await?,
    ))
}
