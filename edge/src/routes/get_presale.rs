//! `GET /v1/shops/{shop}/presale?shopper=`: styles in voting and on pre-sale, and the
//! notices due to the shopper (each handed out once).

use crate::app::App;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::presale;
use crate::routes::get_bargain::shopper_param;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;

/// The pre-sale view.
pub async fn get_presale<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let shopper = shopper_param(req)?;
    let view = presale::shopper_view(app, shop, shopper.as_ref()).await?;
    Ok(HttpResponse::json(200, &view).with_header("cache-control", "no-store"))
}
