//! `DELETE /v1/admin/shops/{shop}/bargain-offers/{product}`: stops new bargains on
//! one product (those under way run to their end).

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::bargain;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;

/// 204 once no new bargain can start on the product.
pub async fn delete_bargain_offer<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
    product: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    bargain::delete_offer(app, &shop, product).await?;
    Ok(HttpResponse::empty(204))
}
