//! `POST /v1/shops/{shop}/agents`: a shopper applies to become an agent of the shop.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::agents;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::agent::AgentApplication;

/// Stores the application; 201 `{id, token}` (the token is shown this once).
pub async fn apply_agent<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let body = req.json::<AgentApplication>()?;
    let applied = agents::apply(app, shop, &body).await?;
    Ok(HttpResponse::json(201, &applied).with_header("cache-control", "no-store"))
}
