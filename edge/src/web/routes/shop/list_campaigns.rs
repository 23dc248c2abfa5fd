//! `GET /v1/shops/{shop}/campaigns[?shopper=]`: the shop's flash sales and group
//! deals running or coming, with live counts and the edge's clock for countdowns; the
//! open groups the shopper asking holds a place in are marked `yours`.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::campaigns;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use crate::web::routes::shop::get_bargain::shopper_param;

/// The list; never cached (its counts change with every sale).
pub async fn list_campaigns<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let reader = shopper_param(req)?;
    let list = campaigns::list(app, shop, reader.as_ref()).await?;
    Ok(HttpResponse::json(200, &list).with_header("cache-control", "no-store"))
}
