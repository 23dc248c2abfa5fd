//! `POST /v1/admin/shops/{shop}/styles`: the owner posts a new pre-sale candidate.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::presale;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::presale::NewStyle;

/// 201 with the new style.
pub async fn create_style<P: Ports>(
    app: &Services<P>,
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
