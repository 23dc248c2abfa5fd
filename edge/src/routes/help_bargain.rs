//! `POST /v1/shops/{shop}/bargains/{id}/help`: a friend helps once and cuts the price.

use crate::app::App;
use crate::bargain;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use pocketshop_shared::bargain::HelpBargain;

/// 200 with this friend's cut and the bargain after it.
pub async fn help_bargain<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    id: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let body = req.json::<HelpBargain>()?;
    let helped = bargain::help(app, shop, id, &body.shopper).await?;
    Ok(HttpResponse::json(200, &helped).with_header("cache-control", "no-store"))
}
