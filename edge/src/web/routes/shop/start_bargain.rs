//! `POST /v1/shops/{shop}/bargains`: a shopper starts a bargain on a SKU.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::bargain;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::bargain::StartBargain;

/// 201 with the new bargain, or 200 with the shopper's running one on that product.
pub async fn start_bargain<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let body = req.json::<StartBargain>()?;
    let (view, new) = bargain::start(app, shop, &body).await?;
    Ok(HttpResponse::json(if new { 201 } else { 200 }, &view)
        .with_header("cache-control", "no-store"))
}
