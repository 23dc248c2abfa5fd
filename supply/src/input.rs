//! Reading what a client sent: the body (bounded), JSON, query parameters and the
//! path-with-query a signature covers.
//!
//! Invariants: a body over [`MAX_BODY_BYTES`] is refused (`payload_too_large`) before
//! anything else looks at it, by its declared length when there is one; malformed
//! input is always a 4xx `ApiError`, never a panic or a 500.

use crate::error::Error;
use pocketshop_shared::ApiError;
use serde::de::DeserializeOwned;
use worker::Request;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

fn too_large() -> ApiError {
    ApiError::PayloadTooLarge {
        limit_bytes: MAX_BODY_BYTES as u64,
    }
}

/// Refuses a body whose `Content-Length` already says it is too large, so it is
/// never read; an absent or unparsable length is decided after reading.
pub fn check_declared_length(content_length: Option<&str>) -> Result<(), ApiError> {
    match content_length.and_then(|l| l.trim().parse::<u64>().ok()) {
        Some(l) if l > MAX_BODY_BYTES as u64 => Err(too_large()),
        _ => Ok(()),
    }
}

/// Refuses a body that turned out too large (chunked bodies declare no length).
pub fn check_length(len: usize) -> Result<(), ApiError> {
    if len > MAX_BODY_BYTES {
        Err(too_large())
    } else {
        Ok(())
    }
}

/// Reads the whole body of `req`, bounded by [`MAX_BODY_BYTES`].
pub async fn read_body(req: &mut Request) -> Result<Vec<u8>, Error> {
    let declared = req.headers().get("content-length").ok().flatten();
    check_declared_length(declared.as_deref())?;
    let body = req.bytes().await?;
    check_length(body.len())?;
    Ok(body)
}

/// Decodes a JSON body; the decoder's message goes back to the client.
pub fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::InvalidJson {
        message: e.to_string(),
    })
}

/// Whether a body is empty or only whitespace (an optional body left out).
pub fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// The last value of a query parameter, percent-decoded.
pub fn param(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == name)
        .last()
        .map(|(_, v)| v.into_owned())
}

/// The path and query exactly as a signature covers them: `path` or `path?query`.
pub fn path_and_query(path: &str, query: Option<&str>) -> String {
    match query {
        Some(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::supply::StockCheckRequest;

    #[test]
    fn a_declared_length_over_64_kib_is_refused_unread() {
        assert_eq!(check_declared_length(Some("65536")), Ok(()));
        assert_eq!(
            check_declared_length(Some("65537")),
            Err(ApiError::PayloadTooLarge {
                limit_bytes: 65_536
            })
        );
        assert_eq!(check_declared_length(None), Ok(()));
        assert_eq!(check_declared_length(Some("lots")), Ok(()));
    }

    #[test]
    fn a_body_read_over_64_kib_is_refused() {
        assert!(check_length(MAX_BODY_BYTES).is_ok());
        assert_eq!(
            check_length(MAX_BODY_BYTES + 1).map_err(|e| e.status()),
            Err(413)
        );
    }

    #[test]
    fn malformed_json_is_invalid_json_with_the_decoders_message() {
        let err = json::<StockCheckRequest>(b"{\"items\": [").expect_err("malformed");
        match err {
            ApiError::InvalidJson { message } => assert!(message.contains("EOF"), "{message}"),
            other => panic!("unexpected {other:?}"),
        }
        let wrong_type = json::<StockCheckRequest>(b"{\"items\": 3}").expect_err("wrong type");
        assert_eq!(wrong_type.status(), 400);
    }

    #[test]
    fn a_quantity_out_of_range_is_refused_while_decoding() {
        let err = json::<StockCheckRequest>(br#"{"items":[{"sku":"P1-A","quantity":0}]}"#);
        assert!(matches!(err, Err(ApiError::InvalidJson { .. })));
    }

    #[test]
    fn query_parameters_are_decoded_and_the_last_one_wins() {
        let q = "limit=5&cursor=a%2Bb&limit=7&empty=";
        assert_eq!(param(q, "limit").as_deref(), Some("7"));
        assert_eq!(param(q, "cursor").as_deref(), Some("a+b"));
        assert_eq!(param(q, "empty").as_deref(), Some(""));
        assert_eq!(param(q, "missing"), None);
    }

    #[test]
    fn the_signed_path_keeps_the_query_exactly_as_sent() {
        assert_eq!(path_and_query("/v1/products", None), "/v1/products");
        assert_eq!(path_and_query("/v1/products", Some("")), "/v1/products");
        assert_eq!(
            path_and_query("/v1/products", Some("limit=2&cursor=a%2B")),
            "/v1/products?limit=2&cursor=a%2B"
        );
    }

    #[test]
    fn whitespace_only_bodies_count_as_left_out() {
        assert!(is_blank(b""));
        assert!(is_blank(b" \n\t"));
        assert!(!is_blank(b"{}"));
    }
}
