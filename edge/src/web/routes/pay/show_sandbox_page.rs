//! `GET /v1/pay/sandbox/{reference}`: the sandbox's test-mode pay page.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::{PaymentRecord, PaymentStatus, Store};
use crate::web::pay_page::{self, SandboxPage, SandboxState};
use pocketshop_shared::{ApiError, OrderStatus, PaymentMethod};

pub(super) async fn find<P: Ports>(
    app: &Services<P>,
    reference: &str,
) -> Result<PaymentRecord, Error> {
    if app.payments.sandbox.is_none() || reference.len() > 64 {
        return Err(ApiError::NotFound.into());
    }
    app.store
        .payment_by_reference(PaymentMethod::Sandbox, reference)
        .await?
        .ok_or_else(|| ApiError::NotFound.into())
}

pub(super) async fn state<P: Ports>(
    app: &Services<P>,
    payment: &PaymentRecord,
) -> Result<SandboxState, Error> {
    let order = app.store.order(&payment.order_id).await?;
    let due = order.as_ref().and_then(|o| o.pay_before).unwrap_or(0);
    Ok(match payment.status {
        PaymentStatus::Paid | PaymentStatus::Refunded => SandboxState::Paid,
        PaymentStatus::Open
            if order.is_some_and(|o| o.status == OrderStatus::PendingPayment) && app.now < due =>
        {
            SandboxState::Open
        }
        _ => SandboxState::Closed,
    })
}

/// The pay page.
pub async fn show_sandbox_page<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    reference: &str,
) -> Result<HttpResponse, Error> {
    let payment = find(app, reference).await?;
    let state = state(app, &payment).await?;
    let order = app
        .store
        .order(&payment.order_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let shop = app
        .store
        .shop(&order.shop)
        .await?
        .ok_or(ApiError::NotFound)?;
    let html = pay_page::sandbox(&SandboxPage {
        locale: shop.locale,
        shop_name: &shop.name,
        order_id: &payment.order_id,
        amount: payment.amount,
        action: &req.path,
        state,
        return_url: &payment.return_url,
    });
    let back = crate::base::http::origin_of(&payment.return_url).unwrap_or("'none'");
    Ok(HttpResponse::html(200, html, &[back]))
}
