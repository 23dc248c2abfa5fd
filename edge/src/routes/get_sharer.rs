//! `GET /v1/shops/{shop}/sharers/{code}?token=`: what a sharer's links earned.

use crate::app::App;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::referral;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;

/// `SharerEarnings`, or `forbidden` for a wrong code or token.
pub async fn get_sharer<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    code: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let token = req.query_param("token").unwrap_or_default();
    let earnings = referral::earnings(app, shop, code, &token).await?;
    Ok(HttpResponse::json(200, &earnings).with_header("cache-control", "no-store"))
}
