//! `GET /v1/orders/{id}?token=`: an order's status, payment, shipments and
//! after-sales cases, for whoever holds its capability token.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::checkout;
use crate::domain::orders::token;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::{OrderRecord, ShopRecord, Store};
use crate::web::cors;
use pocketshop_shared::{ApiError, OrderId};

/// The order, if the token opens it; sets `cors_origin` from the order's shop.
pub async fn get_order<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    id: &str,
    cors_origin: &mut Option<String>,
) -> Result<HttpResponse, Error> {
    let (order, shop) = shopper_order(app, req, id).await?;
    *cors_origin = cors::check(req, &shop.allowed_origins, &app.config.payments.public_url)?;
    let payment = app.store.payment(&order.id).await?;
    let after_sales = app.store.after_sales(&order.id).await?;
    Ok(
        HttpResponse::json(200, &checkout::view(order, payment.as_ref(), after_sales))
            .with_header("cache-control", "no-store"),
    )
}

/// The order `id` and its shop, if the request's `token` opens it. A wrong id and a
/// wrong token look the same, so tokens cannot be probed per order.
pub(crate) async fn shopper_order<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    id: &str,
) -> Result<(OrderRecord, ShopRecord), Error> {
    let id = OrderId::parse(id).map_err(|_| ApiError::OrderNotFound)?;
    let token = req.query_param("token").unwrap_or_default();
    if !token::verify(&app.config.token_key, &id, &token) {
        return Err(ApiError::OrderNotFound.into());
    }
    let order = app.store.order(&id).await?.ok_or(ApiError::OrderNotFound)?;
    let shop = app
        .store
        .shop(&order.shop)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    Ok((order, shop))
}
