//! Reading an answer's status and body into a value or the reason it failed.
//!
//! Invariants: a 2xx answer is the value its body holds, or [`FetchError::Decode`];
//! any other answer is the [`ApiError`] its body holds, or [`FetchError::Status`]
//! when its body is not one (a proxy's page, an outage).

use pocketshop_shared::ApiError;
use serde::de::DeserializeOwned;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The edge answered with an error.
    #[error("{0}")]
    Api(ApiError),
    /// The edge answered a status without an `ApiError` body (a proxy, an outage).
    #[error("unexpected HTTP status {0}")]
    Status(u16),
    /// No answer: offline, DNS, CORS, or the connection dropped.
    #[error("the network request failed")]
    Network,
    /// A 2xx answer the app cannot read (a newer edge, a broken proxy), or a request
    /// body it could not write.
    #[error("an answer the app could not read")]
    Decode,
}

impl FetchError {
    /// Whether the session is gone (missing, expired or revoked): the console then
    /// forgets its token and asks the owner to sign in again.
    #[inline]
    pub fn is_unauthorized(&self) -> bool {
        match self {
            FetchError::Api(e) => matches!(e, ApiError::Unauthorized),
            FetchError::Status(401) => true,
            _ => false,
        }
    }
}

#[inline]
fn succeeded(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The reason a non-2xx answer holds.
#[inline]
fn refusal(status: u16, body: &str) -> FetchError {
    match serde_json::from_str::<ApiError>(body) {
        Ok(e) => FetchError::Api(e),
        Err(_) => FetchError::Status(status),
    }
}

/// Reads an answer: the value on 2xx, else the `ApiError` its body holds.
#[inline]
pub fn decode<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, FetchError> {
    if succeeded(status) {
        return serde_json::from_str(body).map_err(|_| FetchError::Decode);
    }
    Err(refusal(status, body))
}

/// Reads an answer that is not JSON (a CSV file, an empty body): the body itself on
/// 2xx, else the `ApiError` it holds.
#[inline]
pub fn text(status: u16, body: String) -> Result<String, FetchError> {
    if succeeded(status) {
        Ok(body)
    } else {
        Err(refusal(status, &body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::api::ShopProfile;

    #[test]
    fn an_error_body_is_decoded_into_its_api_error() {
        let got: Result<ShopProfile, _> = decode(404, r#"{"code":"unknown_shop","shop":"x"}"#);
        assert_eq!(
            got,
            Err(FetchError::Api(ApiError::UnknownShop { shop: "x".into() }))
        );
    }

    #[test]
    fn an_error_without_an_api_error_body_keeps_its_status() {
        let got: Result<ShopProfile, _> = decode(502, "<html>Bad gateway</html>");
        assert_eq!(got, Err(FetchError::Status(502)));
        assert_eq!(
            text(503, "<html>Down</html>".into()),
            Err(FetchError::Status(503))
        );
    }

    #[test]
    fn a_success_that_cannot_be_read_is_a_decode_error() {
        let got: Result<ShopProfile, _> = decode(200, "{}");
        assert_eq!(got, Err(FetchError::Decode));
    }

    #[test]
    fn a_text_answer_is_its_body_on_success_and_its_api_error_otherwise() {
        assert_eq!(text(200, "id,total\n".into()), Ok("id,total\n".to_owned()));
        assert_eq!(text(204, String::new()), Ok(String::new()));
        assert_eq!(
            text(401, r#"{"code":"unauthorized"}"#.into()),
            Err(FetchError::Api(ApiError::Unauthorized))
        );
    }

    #[test]
    fn a_lost_session_is_recognised() {
        let unauthorized =
            decode::<ShopProfile>(401, r#"{"code":"unauthorized"}"#).expect_err("an error");
        assert!(unauthorized.is_unauthorized());
        assert!(FetchError::Status(401).is_unauthorized());
        assert!(!FetchError::Status(403).is_unauthorized());
        assert!(!FetchError::Network.is_unauthorized());
    }
}
