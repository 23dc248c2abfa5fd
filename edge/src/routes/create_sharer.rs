//! `POST /v1/shops/{shop}/sharers {shopper}`: the shopper's sharer code (the same on
//! every call) and the token that opens its earnings.

use crate::app::App;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::referral;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use pocketshop_shared::referral::SharerRequest;

/// `SharerCreated` (200: asking again is not an error and makes nothing new).
pub async fn create_sharer<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let request = req.json::<SharerRequest>()?;
    let created = referral::create(app, shop, &request.shopper).await?;
    Ok(HttpResponse::json(200, &created).with_header("cache-control", "no-store"))
}
