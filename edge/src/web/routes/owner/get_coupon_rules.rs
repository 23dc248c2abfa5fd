//! `GET /v1/admin/shops/{shop}/coupon-rules`: the shop's automatic issue rules.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;

/// `IssueRules`.
pub async fn get_coupon_rules<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let settings = app.store.money_settings(&shop.id).await?;
    Ok(HttpResponse::json(200, &settings.rules))
}
