//! `PUT /v1/admin/shops/{shop}/markup`: replaces the shop's markup rules.

use crate::admin;
use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::admin::MarkupRules;

/// Saves the checked rules and answers the shop (`AdminShop`).
pub async fn set_markup<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let mut shop = auth::session_shop(app, req, shop).await?;
    let body = req.json::<MarkupRules>()?;
    let rules = admin::markup_rules(&body.rules)?;
    app.store.set_markup(&shop.id, &rules).await?;
    shop.pricing.rules = rules;
    Ok(HttpResponse::json(
        200,
        &admin::admin_shop(&shop, &app.config.payments.public_url),
    ))
}
