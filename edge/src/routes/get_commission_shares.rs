//! `GET /v1/admin/shops/{shop}/commission`: the shop's commission shares: what agents, their upstream
//! agents and sharers earn of each order's net margin.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::ledger;
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;

/// 200 with the `CommissionShares`.
pub async fn get_commission_shares<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    Ok(HttpResponse::json(200, &ledger::shares(app, &shop).await?))
}
