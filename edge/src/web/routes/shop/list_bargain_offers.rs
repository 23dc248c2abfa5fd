//! `GET /v1/shops/{shop}/bargain-offers`: which products can be bargained, to what
//! floor, with how many helps.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::bargain;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::bargain::BargainOffers;

/// The shop's bargain settings.
pub async fn list_bargain_offers<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let offers = bargain::offers(app, shop).await?;
    Ok(HttpResponse::json(200, &BargainOffers { offers }).revalidated(req))
}
