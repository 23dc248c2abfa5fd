//! CORS per shop: an exact-match allowlist of the origins whose pages embed the shop,
//! plus the edge's own origin (the owner console's live preview embeds every shop).
//!
//! Invariants: an origin is allowed only if it equals an entry byte for byte (no
//! wildcard, no suffix match, so `https://blog.example.evil` is not `https://blog.example`,
//! and `null` is never allowed); a state-changing request without an `Origin` header
//! is refused; an allowed origin is echoed with `Vary: Origin`.

use crate::base::http::{HttpRequest, HttpResponse, Method};
use pocketshop_shared::ApiError;

/// The origin to echo, `None` for a same-origin or non-browser read, or the refusal.
/// `own` is the edge's own origin (`PUBLIC_URL`), allowed for every shop.
pub fn check(req: &HttpRequest, allowed: &[String], own: &str) -> Result<Option<String>, ApiError> {
    match req.header("origin") {
        Some(origin) if origin == own || allowed.iter().any(|a| a == origin) => {
            Ok(Some(origin.to_owned()))
        }
        Some(origin) => Err(ApiError::OriginNotAllowed {
            origin: Some(origin.chars().take(200).collect()),
        }),
        None if matches!(req.method, Method::Get | Method::Head) => Ok(None),
        None => Err(ApiError::OriginNotAllowed { origin: None }),
    }
}

/// The answer to a preflight from an allowed origin.
pub fn preflight(req: &HttpRequest) -> Result<HttpResponse, ApiError> {
    let method = req
        .header("access-control-request-method")
        .map(Method::parse)
        .ok_or_else(|| ApiError::BadRequest {
            message: "a preflight needs Access-Control-Request-Method".into(),
        })?;
    if !matches!(method, Method::Get | Method::Head | Method::Post) {
        return Err(ApiError::MethodNotAllowed {
            allowed: vec!["GET".into(), "POST".into()],
        });
    }
    Ok(HttpResponse::empty(204)
        .with_header("access-control-allow-methods", "GET, HEAD, POST")
        .with_header(
            "access-control-allow-headers",
            "content-type, idempotency-key, x-pocketshop-member",
        )
        .with_header("access-control-max-age", "600"))
}

/// Marks a response readable by `origin`.
pub fn allow(response: &mut HttpResponse, origin: &str) {
    response.set_header("access-control-allow-origin", origin);
    response.set_header("vary", "Origin");
    response.set_header(
        "access-control-expose-headers",
        "x-request-id, retry-after, idempotent-replayed, x-pocketshop-stale",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<String> {
        vec!["https://blog.example".into()]
    }

    const OWN: &str = "https://edge.example";

    #[test]
    fn the_edges_own_origin_is_allowed_for_every_shop() {
        let r = HttpRequest::new(Method::Post, "/").with_header("origin", OWN);
        assert_eq!(check(&r, &[], OWN), Ok(Some(OWN.into())));
    }

    #[test]
    fn only_an_exact_origin_is_allowed() {
        let ok = HttpRequest::new(Method::Post, "/").with_header("origin", "https://blog.example");
        assert_eq!(
            check(&ok, &allowed(), OWN),
            Ok(Some("https://blog.example".into()))
        );
        for bad in [
            "https://blog.example.evil",
            "http://blog.example",
            "https://blog.example:443",
            "null",
            "https://BLOG.example",
        ] {
            let r = HttpRequest::new(Method::Get, "/").with_header("origin", bad);
            assert!(check(&r, &allowed(), OWN).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_post_without_an_origin_is_refused_but_a_get_is_served() {
        assert_eq!(
            check(&HttpRequest::new(Method::Get, "/"), &allowed(), OWN),
            Ok(None)
        );
        assert_eq!(
            check(&HttpRequest::new(Method::Post, "/"), &allowed(), OWN),
            Err(ApiError::OriginNotAllowed { origin: None })
        );
    }

    #[test]
    fn a_preflight_allows_the_checkout_headers() {
        let r = HttpRequest::new(Method::Options, "/")
            .with_header("access-control-request-method", "POST");
        let resp = preflight(&r).expect("allowed");
        assert_eq!(resp.status, 204);
        assert!(resp
            .header("access-control-allow-headers")
            .is_some_and(|h| h.contains("idempotency-key") && h.contains("x-pocketshop-member")));
        let r = HttpRequest::new(Method::Options, "/")
            .with_header("access-control-request-method", "DELETE");
        assert!(preflight(&r).is_err());
    }
}
