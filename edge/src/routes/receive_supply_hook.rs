//! `POST /v1/hooks/supply`: the supplier's signed webhook.

use crate::app::App;
use crate::cache::Cache;
use crate::error::Error;
use crate::hooks;
use crate::http::{HttpRequest, HttpResponse};
use crate::limits::{self, Limiter};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;

/// Applies the event; 200 with `{"outcome": "applied" | "duplicate"}`.
pub async fn receive_supply_hook<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let client = format!("supply:{}", limits::client(req));
    limits::check(app, Limiter::Webhook, &client).await?;
    let outcome = hooks::receive(app, req).await?;
    Ok(HttpResponse::json(
        200,
        &serde_json::json!({ "outcome": outcome }),
    ))
}
