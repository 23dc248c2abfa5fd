//! `PUT /v1/admin/shops/{shop}/commission`: the owner replaces the shop's commission shares (for
//! orders booked from now on).

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::orders::ledger;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::commission::CommissionShares;

/// 200 with the `CommissionShares` saved.
pub async fn set_commission_shares<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let shares = req.json::<CommissionShares>()?;
    Ok(HttpResponse::json(
        200,
        &ledger::set_shares(app, &shop, shares).await?,
    ))
}
