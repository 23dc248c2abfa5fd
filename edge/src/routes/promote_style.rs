//! `POST /v1/admin/shops/{shop}/styles/{id}/promote`: the owner moves a style to a
//! pre-sale with a ship date (optionally linking the product to buy it as); its voters
//! are told on their next visit.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::presale;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::presale::PromoteStyle;

/// 200 with the promoted style.
pub async fn promote_style<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
    id: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let body = req.json::<PromoteStyle>()?;
    Ok(HttpResponse::json(
        200,
        &presale::promote(app, &shop, id, &body).await?,
    ))
}
