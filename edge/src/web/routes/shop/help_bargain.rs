//! `POST /v1/shops/{shop}/bargains/{id}/help`: a friend helps once and cuts the price.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::bargain;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::bargain::HelpBargain;

/// 200 with this friend's cut and the bargain after it.
pub async fn help_bargain<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    id: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let body = req.json::<HelpBargain>()?;
    let helped = bargain::help(app, shop, id, &body.shopper).await?;
    Ok(HttpResponse::json(200, &helped).with_header("cache-control", "no-store"))
}
