//! `POST /v1/shops/{shop}/quote`: the authoritative price of a cart.

use crate::app::App;
use crate::cache::Cache;
use crate::checkout;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::input::RawQuoteRequest;
use crate::members;
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;

/// The cart priced for the shop.
pub async fn create_quote<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    // A bad member token is refused here already, before the shopper fills the form.
    members::member_of(app, shop, req).await?;
    let request = req.json::<RawQuoteRequest>()?.check()?;
    let quote = checkout::quote(app, shop, &request).await?;
    Ok(HttpResponse::json(200, &quote).with_header("cache-control", "no-store"))
}
