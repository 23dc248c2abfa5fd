//! `POST /v1/admin/shops`: a new shop of the signed-in owner, with nothing selected.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue;
use crate::domain::owners::auth;
use crate::domain::owners::manage;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::selection::Selection;
use crate::ports::store::ShopRecord;
use pocketshop_shared::api::Theme;
use pocketshop_shared::owner::NewShop;
use pocketshop_shared::pricing::ShopPricing;
use pocketshop_shared::quote::ShippingRule;
use pocketshop_shared::{ApiError, Currency, Locale, Money, PaymentMethod, ShopId};

/// How long a new shop's orders wait for payment.
const PAYMENT_WINDOW_SECS: i64 = 1800;

fn invalid(field: &str, message: impl ToString) -> ApiError {
    ApiError::InvalidField {
        field: field.to_owned(),
        message: message.to_string(),
    }
}

/// A new shop's look until its owner changes it.
fn default_theme() -> Theme {
    Theme {
        primary_colour: "#e4393c".into(),
        radius_px: 10,
        font: pocketshop_shared::api::DEFAULT_FONT.into(),
        logo_url: None,
    }
}

/// Creates the shop (201 `OwnerShop`), or `shop_taken` / `invalid_field`.
pub async fn create_shop<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let owner = auth::owner_session(app, req).await?;
    let body = req.json::<NewShop>()?;
    let id = ShopId::parse(body.id.trim()).map_err(|e| invalid("id", e))?;
    let name = manage::shop_name(&body.name)?;
    let currency = Currency::parse(body.currency.trim()).map_err(|e| invalid("currency", e))?;
    let locale = Locale::parse(body.locale.trim()).map_err(|e| invalid("locale", e))?;
    let allowed_origins = manage::origins(&body.allowed_origins)?;
    // No conversion in v1: a shop sells in the currency the supplier prices in.
    let products = catalogue::snapshot(app).await?;
    if let Some(theirs) = products
        .iter()
        .flat_map(|p| p.skus.iter())
        .map(|s| s.supply_price.currency)
        .find(|c| *c != currency)
    {
        return Err(invalid("currency", format!("the supplier prices in {theirs}")).into());
    }
    let shop = ShopRecord {
        id,
        name,
        locale,
        theme: default_theme(),
        allowed_origins,
        features: vec!["cart".into(), "share".into()],
        shipping: ShippingRule {
            flat_fee: Money::zero(currency),
            free_over: None,
        },
        pricing: ShopPricing {
            currency,
            rules: Vec::new(),
        },
        payment_methods: vec![PaymentMethod::CashOnDelivery],
        payment_window_secs: PAYMENT_WINDOW_SECS,
        owner_id: Some(owner.id.clone()),
        selection: Selection::default(),
        agent: None,
    };
    if !app.store.insert_shop(&shop, app.now).await? {
        return Err(ApiError::ShopTaken.into());
    }
    Ok(HttpResponse::json(
        201,
        &manage::owner_shop(&shop, &app.config.payments.public_url),
    ))
}
