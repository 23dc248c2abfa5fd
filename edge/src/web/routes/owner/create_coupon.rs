//! `POST /v1/admin/shops/{shop}/coupons`: the owner adds a coupon.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::coupons;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::coupon::Coupon;

/// 201 with the stored `OwnerCoupon`.
pub async fn create_coupon<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let coupon = req.json::<Coupon>()?;
    let created = coupons::create(app, &shop, coupon).await?;
    Ok(HttpResponse::json(201, &created))
}
