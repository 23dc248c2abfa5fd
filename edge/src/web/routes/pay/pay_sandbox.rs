//! `GET /v1/pay/sandbox/{reference}` shows the sandbox's test-mode pay page;
//! `POST` (a form: `action=pay` or `action=cancel`) pays or gives up and sends the
//! shopper back to the host page.
//!
//! Invariants: paying delivers the sandbox's signed notification through the same
//! verification and lifecycle as any provider's, with an event id fixed per payment,
//! so a double submit is one payment; only an open payment of an unexpired order
//! can be paid.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::orders::lifecycle;
use crate::domain::payments::sandbox::SandboxEvent;
use crate::domain::payments::Provider;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::{PaymentRecord, PaymentStatus, Store};
use crate::web::pay_page::{self, SandboxPage, SandboxState};
use pocketshop_shared::{ApiError, OrderStatus, PaymentMethod};

async fn find<P: Ports>(app: &Services<P>, reference: &str) -> Result<PaymentRecord, Error> {
    if app.payments.sandbox.is_none() || reference.len() > 64 {
        return Err(ApiError::NotFound.into());
    }
    app.store
        .payment_by_reference(PaymentMethod::Sandbox, reference)
        .await?
        .ok_or_else(|| ApiError::NotFound.into())
}

async fn state<P: Ports>(
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
pub async fn show_sandbox_pay<P: Ports>(
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

/// Pays (or gives up) and goes back to the host page.
pub async fn pay_sandbox<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    reference: &str,
) -> Result<HttpResponse, Error> {
    let payment = find(app, reference).await?;
    let action = form_urlencoded::parse(&req.body)
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.into_owned());
    match action.as_deref() {
        Some("pay") => {}
        Some("cancel") => return Ok(HttpResponse::see_other(&payment.cancel_url)),
        _ => {
            return Err(ApiError::InvalidField {
                field: "action".into(),
                message: "must be pay or cancel".into(),
            }
            .into())
        }
    }
    match state(app, &payment).await? {
        SandboxState::Open => {}
        SandboxState::Paid => return Ok(HttpResponse::see_other(&payment.return_url)),
        SandboxState::Closed => return show_sandbox_pay(app, req, reference).await,
    }
    let Some(sandbox) = &app.payments.sandbox else {
        return Err(ApiError::NotFound.into());
    };
    let event = SandboxEvent {
        id: format!("evt_{}_paid", payment.reference),
        kind: "payment.succeeded".into(),
        order_id: payment.order_id.to_string(),
        reference: payment.reference.clone(),
        payment_id: Some(format!("sbxpay_{}", payment.reference)),
        amount: Some(payment.amount),
        refund_id: None,
    };
    let notice = sandbox.verify_notice(&sandbox.notification(&event, app.now), app.now)?;
    lifecycle::apply_notice(app, PaymentMethod::Sandbox, notice).await?;
    Ok(HttpResponse::see_other(&payment.return_url))
}
