//! `POST /v1/hooks/payments/{provider}`: a payment provider's signed notification.

use crate::app::App;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::lifecycle;
use crate::limits::{self, Limiter};
use crate::payments::Provider;
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use crate::with_provider;
use pocketshop_shared::{ApiError, PaymentMethod};

/// Verifies and applies the notice; answers what the provider expects. A provider
/// this deployment has not set up is a 404.
pub async fn receive_payment_hook<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
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
