//! `POST /v1/hooks/payments/{provider}`: a payment provider's signed notification.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::orders::lifecycle;
use crate::domain::payments::Provider;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::platform::Limiter;
use crate::ports::prelude::*;
use crate::web::limits;
use crate::with_provider;
use pocketshop_shared::{ApiError, PaymentMethod};

/// Verifies and applies the notice; answers what the provider expects. A provider
/// this deployment has not set up is a 404.
pub async fn receive_payment_notice<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    provider: &str,
) -> Result<HttpResponse, Error> {
    let method = PaymentMethod::parse(provider).ok_or(ApiError::NotFound)?;
    let client = format!("{}:{}", method.as_str(), limits::client(req));
    limits::check(app, Limiter::Webhook, &client).await?;
    with_provider!(
        app.payments,
        method,
        |p| {
            let verified = p.verify_notice(req, app.now)?;
            lifecycle::apply_notice(app, method, verified).await?;
            Ok(p.acknowledge())
        },
        Err(ApiError::NotFound.into())
    )
}
