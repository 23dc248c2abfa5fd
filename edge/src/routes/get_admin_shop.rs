//! `GET /v1/admin/shops/{shop}`: one of the owner's shops, as they manage it.

use crate::admin;
use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;

/// The shop (`AdminShop`).
pub async fn get_admin_shop<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    Ok(HttpResponse::json(
        200,
        &admin::admin_shop(&shop, &app.config.payments.public_url),
    ))
}
