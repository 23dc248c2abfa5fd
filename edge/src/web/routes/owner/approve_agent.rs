//! `POST /v1/admin/shops/{shop}/agents/{id}/approve`: the owner approves an
//! application; the agent's sub-shop is created.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::agents;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;

/// 200 with the agent's view (sub-shop and snippet).
pub async fn approve_agent<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
    id: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    Ok(HttpResponse::json(
        200,
        &agents::approve(app, &shop, id).await?,
    ))
}
