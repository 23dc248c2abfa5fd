//! `GET /v1/shops/{shop}/coupons?shopper=`: the shopper's coupon wallet, after issuing
//! what the shop's rules say is due (a welcome coupon, a win-back rung).

use crate::app::App;
use crate::cache::Cache;
use crate::coupons;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use pocketshop_shared::{ApiError, ShopperId};

/// The wallet (`Wallet`).
pub async fn get_wallet<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let shopper = req.query_param("shopper").unwrap_or_default();
    let shopper = ShopperId::parse(&shopper).map_err(|e| ApiError::InvalidField {
        field: "shopper".into(),
        message: e.to_string(),
    })?;
    let wallet = coupons::wallet(app, shop, &shopper).await?;
    Ok(HttpResponse::json(200, &wallet).with_header("cache-control", "no-store"))
}
