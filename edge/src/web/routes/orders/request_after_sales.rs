//! `POST /v1/orders/{id}/after-sales?token=`: the shopper asks for a return or a
//! refund of a shipped or delivered order; the request goes to the supplier's
//! after-sales desk and its case shows on the order page.
//!
//! Invariants: the order's capability token is required (a wrong id and a wrong
//! token look the same); only the order's shop's pages may call it; the supplier's
//! case is stored as the supplier numbered it, so its later updates find it.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::supplier::Supplier;
use crate::web::cors;
use crate::web::routes::orders::get_order::shopper_order;
use pocketshop_shared::api::AfterSalesRequest;
use pocketshop_shared::{ApiError, OrderStatus};

/// The CORS preflight of the request below.
pub async fn preflight<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    id: &str,
    cors_origin: &mut Option<String>,
) -> Result<HttpResponse, Error> {
    let (_, shop) = shopper_order(app, req, id).await?;
    *cors_origin = cors::check(req, &shop.allowed_origins, &app.config.payments.public_url)?;
    Ok(cors::preflight(req)?)
}

/// Opens the case; 201 with it.
pub async fn request_after_sales<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    id: &str,
    cors_origin: &mut Option<String>,
) -> Result<HttpResponse, Error> {
    let (order, shop) = shopper_order(app, req, id).await?;
    *cors_origin = cors::check(req, &shop.allowed_origins, &app.config.payments.public_url)?;
    let mut request: AfterSalesRequest = req.json()?;
    request.reason = crate::web::input::after_sales_reason(&request.reason)?;
    let supplier_order = match (&order.supplier_order_id, order.status) {
        (Some(s), OrderStatus::Shipped | OrderStatus::Delivered) => s,
        _ => {
            return Err(ApiError::InvalidTransition {
                status: order.status,
                event: "after-sales".into(),
            }
            .into())
        }
    };
    let case = app
        .supplier
        .request_after_sales(supplier_order, &request)
        .await?;
    app.store.add_after_sales(&order.id, &case).await?;
    Ok(HttpResponse::json(201, &case).with_header("cache-control", "no-store"))
}
