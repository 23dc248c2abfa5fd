//! `GET /v1/admin/shops/{shop}`: one of the owner's shops, as they manage it.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::owners::manage;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;

/// The shop (`OwnerShop`).
pub async fn get_owner_shop<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    Ok(HttpResponse::json(
        200,
        &manage::owner_shop(&shop, &app.config.payments.public_url),
    ))
}
