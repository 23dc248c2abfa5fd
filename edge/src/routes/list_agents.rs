//! `GET /v1/admin/shops/{shop}/agents`: the owner's agent policy and every agent and
//! application of the shop's chain, with each agent's sales.

use crate::agents;
use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;

/// The owner's agents.
pub async fn list_agents<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    Ok(HttpResponse::json(
        200,
        &agents::owner_agents(app, &shop).await?,
    ))
}
