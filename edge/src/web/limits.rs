//! Rate limits on the routes a stranger can hammer: checkout (per shop and client)
//! and the webhook receivers (per receiver and client). Sign-in has its own
//! failure-counting limit in [`crate::domain::owners::auth`].
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

use crate::base::http::HttpRequest;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::platform::Limiter;
use crate::ports::platform::Platform;
use crate::ports::prelude::*;
use pocketshop_shared::ApiError;

/// The client a request came from, as far as the edge can tell.
pub fn client(req: &HttpRequest) -> &str {
    req.header("cf-connecting-ip")
        .map(str::trim)
        .filter(|ip| !ip.is_empty() && ip.len() <= 64)
        .unwrap_or("unknown")
}

/// `rate_limited` when `key` has used up `limiter`'s allowance in this window.
pub async fn check<P: Ports>(app: &Services<P>, limiter: Limiter, key: &str) -> Result<(), Error> {
    match app.platform.rate_limit(limiter, key).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(ApiError::RateLimited {
            retry_after_secs: limiter.period_secs(),
        }
        .into()),
        Err(e) => {
            crate::base::log::log_error(&format!(
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
    use crate::base::http::Method;

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
