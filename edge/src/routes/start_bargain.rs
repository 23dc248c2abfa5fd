//! `POST /v1/shops/{shop}/bargains`: a shopper starts a bargain on a SKU.

use crate::app::App;
use crate::bargain;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use pocketshop_shared::bargain::StartBargain;

/// 201 with the new bargain, or 200 with the shopper's running one on that product.
pub async fn start_bargain<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let body = req.json::<StartBargain>()?;
    let (view, new) = bargain::start(app, shop, &body).await?;
    Ok(HttpResponse::json(if new { 201 } else { 200 }, &view)
        .with_header("cache-control", "no-store"))
}
