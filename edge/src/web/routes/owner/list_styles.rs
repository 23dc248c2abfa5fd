//! `GET /v1/admin/shops/{shop}/styles`: the shop's pre-sale styles with their votes.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::presale;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::presale::OwnerStyles;

/// Every style, newest first.
pub async fn list_styles<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let styles = presale::owner_styles(app, &shop).await?;
    Ok(HttpResponse::json(200, &OwnerStyles { styles }))
}
