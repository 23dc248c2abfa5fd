//! `POST /v1/admin/shops/{shop}/markup/preview`: what proposed markup rules would do
//! to the selected products' prices, before they are saved.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue;
use crate::domain::owners::auth;
use crate::domain::owners::manage;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::owner::{MarkupPreview, MarkupRules, PreviewLine, MAX_PREVIEW_LINES};
use pocketshop_shared::pricing::ShopPricing;

/// Up to 60 selected products with their current and proposed lowest prices.
pub async fn preview_markup<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let body = req.json::<MarkupRules>()?;
    let proposed = ShopPricing {
        currency: shop.pricing.currency,
        rules: manage::markup_rules(&body.rules)?,
    };
    let products = catalogue::snapshot(app).await?;
    let items = products
        .iter()
        .filter(|p| shop.selection.contains(p))
        .take(MAX_PREVIEW_LINES)
        .map(|p| {
            let (supply_price, _, current_price) = manage::cheapest(&shop.pricing, p)?;
            let (new_supply, _, new_price) = manage::cheapest(&proposed, p)?;
            Ok(PreviewLine {
                product_id: p.id.clone(),
                title: p.title.clone(),
                supply_price,
                current_price,
                new_price,
                new_margin: new_price.checked_sub(new_supply)?,
            })
        })
        .collect::<Result<Vec<_>, pocketshop_shared::pricing::PricingError>>()?;
    Ok(HttpResponse::json(200, &MarkupPreview { items }))
}
