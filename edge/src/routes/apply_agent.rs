//! `POST /v1/shops/{shop}/agents`: a shopper applies to become an agent of the shop.

use crate::agents;
use crate::app::App;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use pocketshop_shared::agent::AgentApplication;

/// Stores the application; 201 `{id, token}` (the token is shown this once).
pub async fn apply_agent<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let body = req.json::<AgentApplication>()?;
    let applied = agents::apply(app, shop, &body).await?;
    Ok(HttpResponse::json(201, &applied).with_header("cache-control", "no-store"))
}
