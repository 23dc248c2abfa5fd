//! `PUT /v1/admin/shops/{shop}/commission`: the owner replaces the shop's commission shares (for
//! orders booked from now on).

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::ledger;
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::commission::CommissionShares;

/// 200 with the `CommissionShares` saved.
pub async fn set_commission_shares<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
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
