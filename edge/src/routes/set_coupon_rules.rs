//! `PUT /v1/admin/shops/{shop}/coupon-rules`: the owner replaces the welcome coupon
//! and the win-back ladder.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::coupons;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::coupon::IssueRules;

/// The stored `IssueRules`.
pub async fn set_coupon_rules<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let rules = req.json::<IssueRules>()?;
    let stored = coupons::set_rules(app, &shop, rules).await?;
    Ok(HttpResponse::json(200, &stored))
}
