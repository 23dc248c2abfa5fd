//! `GET /v1/orders/{id}?token=`: an order's status and shipments, for whoever holds
//! its capability token.

use crate::app::App;
use crate::cache::Cache;
use crate::checkout;
use crate::cors;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::store::Store;
use crate::supplier::Supplier;
use crate::token;
use pocketshop_shared::{ApiError, OrderId};

/// The order, if the token opens it; sets `cors_origin` from the order's shop.
pub async fn get_order<S: Store, P: Supplier, C: Cache>(
    app: &App<S, P, C>,
    req: &HttpRequest,
    id: &str,
    cors_origin: &mut Option<String>,
) -> Result<HttpResponse, Error> {
    // A wrong id and a wrong token look the same, so tokens cannot be probed per order.
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
    *cors_origin = cors::check(req, &shop.allowed_origins)?;
    Ok(HttpResponse::json(200, &checkout::view(order)).with_header("cache-control", "no-store"))
}
