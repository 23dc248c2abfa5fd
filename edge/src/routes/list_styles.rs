//! `GET /v1/admin/shops/{shop}/styles` lists the shop's pre-sale styles with their
//! votes; `POST` posts a new candidate.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::presale;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::presale::{NewStyle, OwnerStyles};

/// Every style, newest first.
pub async fn list_styles<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let styles = presale::owner_styles(app, &shop).await?;
    Ok(HttpResponse::json(200, &OwnerStyles { styles }))
}

/// 201 with the new style.
pub async fn post_style<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let body = req.json::<NewStyle>()?;
    Ok(HttpResponse::json(
        201,
        &presale::post(app, &shop, &body).await?,
    ))
}
