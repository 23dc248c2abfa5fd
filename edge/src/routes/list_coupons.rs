//! `GET /v1/admin/shops/{shop}/coupons`: the shop's coupons with their uses.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::api::AdminCoupon;

/// `[AdminCoupon]`, newest first.
pub async fn list_coupons<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let coupons: Vec<AdminCoupon> = app
        .store
        .shop_coupons(&shop.id)
        .await?
        .into_iter()
        .map(|(coupon, used)| AdminCoupon { coupon, used })
        .collect();
    Ok(HttpResponse::json(200, &coupons))
}
