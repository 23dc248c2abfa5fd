//! `GET /v1/agents/{id}?token=`: an applicant's status, and once approved their
//! sub-shop's slug and snippet. Callable from the pages of the shop applied to.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::agents;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::community::AgentRecord;
use crate::ports::store::Store;
use crate::web::cors;
use pocketshop_shared::ApiError;

/// The applicant's view.
pub async fn get_agent<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    id: &str,
    cors_origin: &mut Option<String>,
) -> Result<HttpResponse, Error> {
    let record = authorised(app, req, id, cors_origin).await?;
    let view = agents::status_view(app, &record).await?;
    Ok(HttpResponse::json(200, &view).with_header("cache-control", "no-store"))
}

/// The agent the request's `token` opens, with CORS checked against the origins of
/// the shop applied to (and the agent's own).
pub(crate) async fn authorised<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    id: &str,
    cors_origin: &mut Option<String>,
) -> Result<AgentRecord, Error> {
    let token = req.query_param("token");
    let record = agents::authorised(app, id, token.as_deref()).await?;
    let shop = app
        .store
        .shop(&record.parent_shop)
        .await?
        .ok_or(ApiError::Forbidden)?;
    let mut allowed = shop.allowed_origins;
    allowed.extend(record.origins.iter().cloned());
    *cors_origin = cors::check(req, &allowed, &app.config.payments.public_url)?;
    Ok(record)
}
