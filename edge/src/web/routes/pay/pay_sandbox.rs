//! `POST /v1/pay/sandbox/{reference}` (a form: `action=pay` or `action=cancel`):
//! pays or gives up on the sandbox's pay page and sends the shopper back to the
//! host page.
//!
//! Invariants: paying delivers the sandbox's signed notification through the same
//! verification and lifecycle as any provider's, with an event id fixed per payment,
//! so a double submit is one payment; only an open payment of an unexpired order
//! can be paid.

use super::show_sandbox_page::{find, show_sandbox_page, state};
use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::orders::lifecycle;
use crate::domain::payments::sandbox::SandboxEvent;
use crate::domain::payments::Provider;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::web::pay_page::SandboxState;
use pocketshop_shared::{ApiError, PaymentMethod};

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
        SandboxState::Closed => return show_sandbox_page(app, req, reference).await,
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
