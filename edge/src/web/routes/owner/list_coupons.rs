//! `GET /v1/admin/shops/{shop}/coupons`: the shop's coupons with their uses.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::api::OwnerCoupon;

/// `[OwnerCoupon]`, newest first.
pub async fn list_coupons<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let coupons: Vec<OwnerCoupon> = app
        .store
        .shop_coupons(&shop.id)
        .await?
        .into_iter()
        .map(|(coupon, used)| OwnerCoupon { coupon, used })
        .collect();
    Ok(HttpResponse::json(200, &coupons))
}
