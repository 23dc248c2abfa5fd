//! `PUT /v1/admin/shops/{shop}/coupon-rules`: the owner replaces the welcome coupon
//! and the win-back ladder.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::coupons;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::coupon::IssueRules;

/// The stored `IssueRules`.
pub async fn set_coupon_rules<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let rules = req.json::<IssueRules>()?;
    let stored = coupons::set_rules(app, &shop, rules).await?;
    Ok(HttpResponse::json(200, &stored))
}
