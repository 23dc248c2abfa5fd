//! `GET /v1/shops/{shop}/campaigns[?shopper=]`: the shop's flash sales and group
//! deals running or coming, with live counts and the edge's clock for countdowns; the
//! open groups the shopper asking holds a place in are marked `yours`.

use crate::app::App;
use crate::cache::Cache;
use crate::campaigns;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::routes::get_bargain::shopper_param;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;

/// The list; never cached (its counts change with every sale).
pub async fn list_campaigns<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let reader = shopper_param(req)?;
    let list = campaigns::list(app, shop, reader.as_ref()).await?;
    Ok(HttpResponse::json(200, &list).with_header("cache-control", "no-store"))
}
