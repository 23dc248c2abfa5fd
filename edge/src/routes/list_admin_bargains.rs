//! `GET /v1/admin/shops/{shop}/bargains`: the shop's bargain settings and its newest
//! bargains.

use crate::app::App;
use crate::auth;
use crate::bargain;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::bargain::OwnerBargains;

/// The owner's bargains.
pub async fn list_admin_bargains<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
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
