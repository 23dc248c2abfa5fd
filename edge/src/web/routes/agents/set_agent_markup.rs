//! `PUT /v1/agents/{id}/markup?token=`: an approved agent sets their own markup within
//! the range the owner allows.

use crate::base::http::Method;
use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::agents;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::web::routes::agents::get_agent::authorised;
use pocketshop_shared::agent::{AgentStatus, SetAgentMarkup};
use pocketshop_shared::ApiError;

/// The CORS preflight of the request below (a PUT, which the shop routes' preflight
/// does not offer).
pub async fn preflight<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    id: &str,
    cors_origin: &mut Option<String>,
) -> Result<HttpResponse, Error> {
    authorised(app, req, id, cors_origin).await?;
    if req
        .header("access-control-request-method")
        .map(Method::parse)
        != Some(Method::Put)
    {
        return Err(ApiError::MethodNotAllowed {
            allowed: vec!["PUT".into()],
        }
        .into());
    }
    Ok(HttpResponse::empty(204)
        .with_header("access-control-allow-methods", "GET, HEAD, PUT")
        .with_header("access-control-allow-headers", "content-type")
        .with_header("access-control-max-age", "600"))
}

/// 200 with the agent's view after the change.
pub async fn set_agent_markup<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    id: &str,
    cors_origin: &mut Option<String>,
) -> Result<HttpResponse, Error> {
    let record = authorised(app, req, id, cors_origin).await?;
    if record.status != AgentStatus::Approved {
        return Err(ApiError::AgentNotAllowed {
            reason: "not_approved".into(),
        }
        .into());
    }
    let body = req.json::<SetAgentMarkup>()?;
    let view = agents::set_markup(app, record, body.markup_bp).await?;
    Ok(HttpResponse::json(200, &view).with_header("cache-control", "no-store"))
}
