//! `POST /v1/shops/{shop}/quote`: the authoritative price of a cart.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::checkout;
use crate::domain::checkout::members;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use crate::web::input::RawQuoteRequest;

/// The cart priced for the shop.
pub async fn create_quote<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    // A bad member token is refused here already, before the shopper fills the form.
    members::member_of(app, shop, req).await?;
    let request = req.json::<RawQuoteRequest>()?.check()?;
    let quote = checkout::quote(app, shop, &request).await?;
    Ok(HttpResponse::json(200, &quote).with_header("cache-control", "no-store"))
}
