//! `GET /v1/shops/{shop}/sharers/{code}?token=`: what a sharer's links earned.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::referral;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;

/// `SharerEarnings`, or `forbidden` for a wrong code or token.
pub async fn get_sharer<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    code: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let token = req.query_param("token").unwrap_or_default();
    let earnings = referral::earnings(app, shop, code, &token).await?;
    Ok(HttpResponse::json(200, &earnings).with_header("cache-control", "no-store"))
}
