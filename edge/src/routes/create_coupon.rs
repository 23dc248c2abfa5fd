//! `POST /v1/admin/shops/{shop}/coupons`: the owner adds a coupon.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::coupons;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::coupon::Coupon;

/// 201 with the stored `AdminCoupon`.
pub async fn create_coupon<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let coupon = req.json::<Coupon>()?;
    let created = coupons::create(app, &shop, coupon).await?;
    Ok(HttpResponse::json(201, &created))
}
