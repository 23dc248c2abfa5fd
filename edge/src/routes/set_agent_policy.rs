//! `PUT /v1/admin/shops/{shop}/agents/policy`: whether the shop takes agents and the
//! markup range they may set.

use crate::agents;
use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::agent::AgentPolicy;

/// 200 with the saved policy.
pub async fn set_agent_policy<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
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
