//! `GET /v1/admin/shops/{shop}/agents`: the owner's agent policy and every agent and
//! application of the shop's chain, with each agent's sales.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::agents;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;

/// The owner's agents.
pub async fn list_agents<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    Ok(HttpResponse::json(
        200,
        &agents::owner_agents(app, &shop).await?,
    ))
}
