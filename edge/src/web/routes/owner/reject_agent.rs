//! `POST /v1/admin/shops/{shop}/agents/{id}/reject`: the owner rejects an application.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::agents;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;

/// 200 with the applicant's view.
pub async fn reject_agent<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
    id: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    Ok(HttpResponse::json(
        200,
        &agents::reject(app, &shop, id).await?,
    ))
}
