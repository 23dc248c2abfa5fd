//! `PUT /v1/admin/shops/{shop}/markup`: replaces the shop's markup rules.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::owners::manage;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::owner::MarkupRules;

/// Saves the checked rules and answers the shop (`OwnerShop`).
pub async fn set_markup<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let mut shop = auth::session_shop(app, req, shop).await?;
    let body = req.json::<MarkupRules>()?;
    let rules = manage::markup_rules(&body.rules)?;
    app.store.set_markup(&shop.id, &rules).await?;
    shop.pricing.rules = rules;
    Ok(HttpResponse::json(
        200,
        &manage::owner_shop(&shop, &app.config.payments.public_url),
    ))
}
