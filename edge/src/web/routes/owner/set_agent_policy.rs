//! `PUT /v1/admin/shops/{shop}/agents/policy`: whether the shop takes agents and the
//! markup range they may set.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::agents;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::agent::AgentPolicy;

/// 200 with the saved policy.
pub async fn set_agent_policy<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let body = req.json::<AgentPolicy>()?;
    Ok(HttpResponse::json(
        200,
        &agents::set_policy(app, &shop, &body).await?,
    ))
}
