//! The supplier's error type and its conversion into the wire error.
//!
//! Invariants: client mistakes reach the client as their `ApiError`; anything else
//! is logged with its chain and answered `internal` with only a request id.

use pocketshop_shared::ApiError;

/// Everything that can go wrong in the supplier.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The client's request cannot be served as it is.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The runtime or the database failed.
    #[error("runtime error: {0}")]
    Worker(#[from] worker::Error),
    /// A stored row does not decode.
    #[error("stored {what} is corrupt: {detail}")]
    Corrupt {
        /// Which record.
        what: &'static str,
        /// Why.
        detail: String,
    },
    /// A variable, secret or binding is missing or invalid.
    #[error("configuration {0} is missing or invalid")]
    Config(&'static str),
    /// The random number generator failed.
    #[error("randomness failed: {0}")]
    Random(String),
}

impl Error {
    /// The wire error, logging internal causes.
    pub fn into_api(self, request_id: &str) -> ApiError {
        match self {
            Error::Api(api) => api,
            other => {
                let mut text = other.to_string();
                let mut source = std::error::Error::source(&other);
                while let Some(cause) = source {
                    text.push_str(": ");
                    text.push_str(&cause.to_string());
                    source = cause.source();
                }
                log(&format!("request {request_id}: {text}"));
                ApiError::Internal {
                    request_id: request_id.to_owned(),
                }
            }
        }
    }
}

fn log(line: &str) {
    #[cfg(target_arch = "wasm32")]
    worker::console_error!("{line}");
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{line}");
}

/// A JSON decoding failure as the client's error.
pub fn invalid_json(e: serde_json::Error) -> Error {
    ApiError::InvalidJson {
        message: e.to_string(),
    }
    .into()
}
