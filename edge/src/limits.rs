//! Rate limits on the routes a stranger can hammer: checkout (per shop and client)
//! and the webhook receivers (per receiver and client). Sign-in has its own
//! failure-counting limit in [`crate::auth`].
//!
//! In the Worker each [`Limiter`] is a Workers rate-limit binding declared in
//! `wrangler.toml` (a fixed window counted at the Cloudflare location); natively a
//! fake counts. The client is `CF-Connecting-IP`, which Cloudflare sets on every
//! request and a client cannot forge there.
//!
//! Invariants: a limit is checked before the request's body is decoded, any
//! signature verified or the store touched, so a flood costs one counter each; a
//! refusal is `rate_limited` (429) with the window's length as `Retry-After`; a
//! limiter that fails open lets the request through (logged), because refusing every
//! checkout when the counter is down would turn a fault into an outage.

use crate::app::App;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::HttpRequest;
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::ApiError;

/// One rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limiter {
    /// `POST /v1/shops/{shop}/orders`, per shop and client.
    Checkout,
    /// The supplier's and the payment providers' webhooks, per receiver and client.
    Webhook,
}

impl Limiter {
    /// The binding's name in `wrangler.toml`.
    pub fn binding(self) -> &'static str {
        match self {
            Limiter::Checkout => "CHECKOUT_LIMITER",
            Limiter::Webhook => "WEBHOOK_LIMITER",
        }
    }

    /// The window of the binding in `wrangler.toml` (`simple.period`), seconds: what a
    /// refused client is told to wait at most.
    pub fn period_secs(self) -> u32 {
        match self {
            Limiter::Checkout => 60,
            Limiter::Webhook => 10,
        }
    }
}

/// The client a request came from, as far as the edge can tell.
pub fn client(req: &HttpRequest) -> &str {
    req.header("cf-connecting-ip")
        .map(str::trim)
        .filter(|ip| !ip.is_empty() && ip.len() <= 64)
        .unwrap_or("unknown")
}

/// `rate_limited` when `key` has used up `limiter`'s allowance in this window.
pub async fn check<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    limiter: Limiter,
    key: &str,
) -> Result<(), Error> {
    match app.platform.rate_limit(limiter, key).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(ApiError::RateLimited {
            retry_after_secs: limiter.period_secs(),
        }
        .into()),
        Err(e) => {
            crate::runtime::log_error(&format!(
                "rate limiter {} failed open: {e}",
                limiter.binding()
            ));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    #[test]
    fn the_client_is_the_connecting_ip_or_unknown() {
        let r = HttpRequest::new(Method::Post, "/").with_header("cf-connecting-ip", " 10.0.0.7 ");
        assert_eq!(client(&r), "10.0.0.7");
        assert_eq!(client(&HttpRequest::new(Method::Post, "/")), "unknown");
        let long = "1".repeat(65);
        let r = HttpRequest::new(Method::Post, "/").with_header("cf-connecting-ip", &long);
        assert_eq!(client(&r), "unknown");
    }
}
