//! `PATCH /v1/admin/shops/{shop}`: changes a shop's settings (only the fields sent).

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::owners::manage;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::owner::ShopSettings;
use pocketshop_shared::{ApiError, Locale};

/// Saves the checked settings and answers the shop (`OwnerShop`).
pub async fn update_shop<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let mut shop = auth::session_shop(app, req, shop).await?;
    let body = req.json::<ShopSettings>()?;
    // Everything is checked before anything is saved.
    if let Some(name) = &body.name {
        shop.name = manage::shop_name(name)?;
    }
    if let Some(locale) = &body.locale {
        shop.locale = Locale::parse(locale.trim()).map_err(|e| ApiError::InvalidField {
            field: "locale".into(),
            message: e.to_string(),
        })?;
    }
    if let Some(origins) = &body.allowed_origins {
        shop.allowed_origins = manage::origins(origins)?;
    }
    if let Some(theme) = &body.theme {
        shop.theme = manage::theme(theme)?;
    }
    if let Some(methods) = &body.payment_methods {
        shop.payment_methods = manage::payment_methods(methods, |m| app.payments.offers(m))?;
    }
    app.store.update_shop(&shop).await?;
    Ok(HttpResponse::json(
        200,
        &manage::owner_shop(&shop, &app.config.payments.public_url),
    ))
}
