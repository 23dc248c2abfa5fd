//! `GET /v1/shops/{shop}/coupons?shopper=`: the shopper's coupon wallet, after issuing
//! what the shop's rules say is due (a welcome coupon, a win-back rung).

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::coupons;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::{ApiError, ShopperId};

/// The wallet (`Wallet`).
pub async fn get_coupon_wallet<P: Ports>(
    app: &Services<P>,
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
