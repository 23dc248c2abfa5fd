//! `POST /v1/shops/{shop}/sharers {shopper}`: the shopper's sharer code (the same on
//! every call) and the token that opens its earnings.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::referral;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::referral::SharerRequest;

/// `SharerCreated` (200: asking again is not an error and makes nothing new).
pub async fn create_sharer<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let request = req.json::<SharerRequest>()?;
    let created = referral::create(app, shop, &request.shopper).await?;
    Ok(HttpResponse::json(200, &created).with_header("cache-control", "no-store"))
}
