//! The supplier's one error type, and the one place it becomes a response.
//!
//! Invariants: client mistakes reach the client as their `ApiError` with the status
//! `ApiError::status` gives; anything else is logged with its whole chain and
//! answered `internal` with only a request id (no SQL, no secrets, no stack).

use pocketshop_shared::ApiError;
use worker::{Headers, Response};

/// Everything that can go wrong in the supplier.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The client's request cannot be served as it is.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The runtime or the database failed.
    #[error("runtime error")]
    Worker(#[from] worker::Error),
    /// A stored row does not decode, or the database broke an invariant.
    #[error("stored {what} is corrupt: {detail}")]
    Corrupt {
        /// Which record.
        what: &'static str,
        /// Why.
        detail: String,
    },
    /// A variable, secret or binding is missing or invalid (named, never its value).
    #[error("configuration {0} is missing or invalid")]
    Config(&'static str),
    /// The random number generator failed.
    #[error("randomness failed: {0}")]
    Random(String),
}

impl Error {
    /// The wire error; internal causes are logged through `log` first.
    pub fn into_api(self, request_id: &str, log: impl FnOnce(&str)) -> ApiError {
        match self {
            Error::Api(api) => api,
            other => {
                log(&format!(
                    "request {request_id}: {}",
                    pocketshop_shared::report::chain(&other)
                ));
                ApiError::Internal {
                    request_id: request_id.to_owned(),
                }
            }
        }
    }
}

fn log_error(line: &str) {
    #[cfg(target_arch = "wasm32")]
    worker::console_error!("{line}");
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{line}");
}

/// The headers an error answer carries besides its JSON: `Allow` on a 405, and
/// `Retry-After` whenever the error says how long to wait (a 429 or 503), so a
/// client that reads only headers backs off too.
pub fn error_headers(api: &ApiError) -> Vec<(&'static str, String)> {
    let mut headers = Vec::new();
    if let ApiError::MethodNotAllowed { allowed } = api {
        headers.push(("allow", allowed.join(", ")));
    }
    if let Some(secs) = api.retry_after() {
        headers.push(("retry-after", secs.to_string()));
    }
    headers
}

/// The one place a handler's result becomes the HTTP response: errors as their
/// `ApiError` JSON (with [`error_headers`]), and the request id on every answer.
pub fn respond(result: Result<Response, Error>, request_id: &str) -> worker::Result<Response> {
    let response = match result {
        Ok(r) => r,
        Err(e) => {
            let api = e.into_api(request_id, log_error);
            let status = api.status();
            let response = Response::from_json(&api)?.with_status(status);
            let headers = response.headers().clone();
            for (name, value) in error_headers(&api) {
                headers.set(name, &value)?;
            }
            response.with_headers(headers)
        }
    };
    let headers: Headers = response.headers().clone();
    headers.set("x-request-id", request_id)?;
    Ok(response.with_headers(headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_error_passes_through_unlogged() {
        let mut logged = Vec::new();
        let api =
            Error::from(ApiError::OrderNotFound).into_api("r1", |l| logged.push(l.to_owned()));
        assert_eq!(api, ApiError::OrderNotFound);
        assert!(logged.is_empty());
    }

    #[test]
    fn an_internal_error_is_logged_whole_and_answered_with_only_the_request_id() {
        let mut logged = Vec::new();
        let api = Error::Corrupt {
            what: "order",
            detail: "bad json".into(),
        }
        .into_api("r2", |l| logged.push(l.to_owned()));
        assert_eq!(
            api,
            ApiError::Internal {
                request_id: "r2".into()
            }
        );
        assert_eq!(api.status(), 500);
        assert_eq!(
            logged,
            vec!["request r2: stored order is corrupt: bad json"]
        );
    }

    #[test]
    fn a_405_names_the_allowed_methods_and_a_503_says_when_to_retry() {
        assert_eq!(
            error_headers(&ApiError::MethodNotAllowed {
                allowed: vec!["GET".into(), "POST".into()]
            }),
            vec![("allow", "GET, POST".to_owned())]
        );
        assert_eq!(
            error_headers(&ApiError::SupplierUnavailable {
                retry_after_secs: 1
            }),
            vec![("retry-after", "1".to_owned())]
        );
        assert!(error_headers(&ApiError::OrderNotFound).is_empty());
    }

    #[test]
    fn a_configuration_error_names_the_setting_not_its_value() {
        let mut logged = String::new();
        Error::Config("EDGE_SECRET").into_api("r3", |l| logged = l.to_owned());
        assert_eq!(
            logged,
            "request r3: configuration EDGE_SECRET is missing or invalid"
        );
    }
}
