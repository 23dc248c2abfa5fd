//! `GET /v1/admin/shops/{shop}/bargains`: the shop's bargain settings and its newest
//! bargains.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::bargain;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::bargain::OwnerBargains;

/// The owner's bargains.
pub async fn list_owner_bargains<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    Ok(HttpResponse::json(
        200,
        &OwnerBargains {
            offers: bargain::offers(app, &shop).await?,
            bargains: bargain::owner_list(app, &shop).await?,
        },
    ))
}
