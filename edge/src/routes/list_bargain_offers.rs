//! `GET /v1/shops/{shop}/bargain-offers`: which products can be bargained, to what
//! floor, with how many helps.

use crate::app::App;
use crate::bargain;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use pocketshop_shared::bargain::BargainOffers;

/// The shop's bargain settings.
pub async fn list_bargain_offers<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let offers = bargain::offers(app, shop).await?;
    Ok(HttpResponse::json(200, &BargainOffers { offers }).revalidated(req))
}
