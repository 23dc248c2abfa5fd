//! `GET /v1/admin/shops/{shop}/orders`: the shop's orders, newest first, with
//! earnings and totals.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue;
use crate::domain::owners::auth;
use crate::domain::owners::manage;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::owner::OwnerOrders;
use pocketshop_shared::ApiError;

/// Orders per page.
pub const PAGE: usize = 50;

/// One page of orders (`OwnerOrders`); totals cover every order that counts.
pub async fn list_owner_orders<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let offset = match req.query_param("cursor").filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => catalogue::decode_cursor(&c).ok_or(ApiError::InvalidCursor)?,
    };
    let fee = app.config.owner_api.platform_fee_bp;
    let orders = app.store.shop_orders(&shop.id).await?;
    let items = orders
        .iter()
        .skip(offset)
        .take(PAGE)
        .map(|o| manage::owner_order(o, fee))
        .collect::<Result<Vec<_>, _>>()?;
    let end = offset + items.len();
    let page = OwnerOrders {
        next_cursor: (end < orders.len()).then(|| catalogue::encode_cursor(end)),
        items,
        totals: manage::totals(&orders, shop.pricing.currency, fee)?,
    };
    Ok(HttpResponse::json(200, &page))
}
