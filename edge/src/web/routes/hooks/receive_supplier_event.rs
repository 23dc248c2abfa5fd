//! `POST /v1/hooks/supply`: the supplier's signed webhook.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::orders::supplier_events;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::platform::Limiter;
use crate::ports::prelude::*;
use crate::web::limits;

/// Applies the event; 200 with `{"outcome": "applied" | "duplicate"}`.
pub async fn receive_supplier_event<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let client = format!("supply:{}", limits::client(req));
    limits::check(app, Limiter::Webhook, &client).await?;
    let outcome = supplier_events::receive(app, req).await?;
    Ok(HttpResponse::json(
        200,
        &serde_json::json!({ "outcome": outcome }),
    ))
}
