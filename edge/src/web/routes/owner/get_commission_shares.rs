//! `GET /v1/admin/shops/{shop}/commission`: the shop's commission shares: what agents, their upstream
//! agents and sharers earn of each order's net margin.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::orders::ledger;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;

/// 200 with the `CommissionShares`.
pub async fn get_commission_shares<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    Ok(HttpResponse::json(200, &ledger::shares(app, &shop).await?))
}
