//! `PUT /v1/admin/shops/{shop}/picks`: the shop's daily picks, in order.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::owner::{DailyPicks, MAX_DAILY_PICKS};
use pocketshop_shared::ApiError;

fn invalid(message: String) -> ApiError {
    ApiError::InvalidField {
        field: "products".into(),
        message,
    }
}

/// Replaces the daily picks (204): at most 12, no repeats, each in the selection.
pub async fn set_daily_picks<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let body = req.json::<DailyPicks>()?;
    if body.products.len() > MAX_DAILY_PICKS {
        return Err(invalid(format!("at most {MAX_DAILY_PICKS} daily picks")).into());
    }
    let products = catalogue::snapshot(app).await?;
    for (i, id) in body.products.iter().enumerate() {
        if body.products[..i].contains(id) {
            return Err(invalid(format!("{id} is listed twice")).into());
        }
        let selected = products
            .iter()
            .any(|p| &p.id == id && shop.selection.contains(p));
        if !selected {
            return Err(invalid(format!("{id} is not in the shop's selection")).into());
        }
    }
    app.store.set_daily_picks(&shop.id, &body.products).await?;
    Ok(HttpResponse::empty(204))
}
