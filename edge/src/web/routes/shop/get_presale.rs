//! `GET /v1/shops/{shop}/presale?shopper=`: styles in voting and on pre-sale, and the
//! notices due to the shopper (each handed out once).

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::presale;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use crate::web::routes::shop::get_bargain::shopper_param;

/// The pre-sale view.
pub async fn get_presale<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let shopper = shopper_param(req)?;
    let view = presale::shopper_view(app, shop, shopper.as_ref()).await?;
    Ok(HttpResponse::json(200, &view).with_header("cache-control", "no-store"))
}
