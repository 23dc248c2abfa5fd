//! `GET /v1/admin/shops/{shop}/coupon-rules`: the shop's automatic issue rules.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;

/// `IssueRules`.
pub async fn get_coupon_rules<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let settings = app.store.money_settings(&shop.id).await?;
    Ok(HttpResponse::json(200, &settings.rules))
}
