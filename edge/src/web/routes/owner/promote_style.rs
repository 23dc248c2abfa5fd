//! `POST /v1/admin/shops/{shop}/styles/{id}/promote`: the owner moves a style to a
//! pre-sale with a ship date (optionally linking the product to buy it as); its voters
//! are told on their next visit.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::presale;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::presale::PromoteStyle;

/// 200 with the promoted style.
pub async fn promote_style<P: Ports>(
    app: &Services<P>,
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
