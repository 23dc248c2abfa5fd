//! Checks every Supply API request: signature over method, path with query and body;
//! timestamp within the tolerance; nonce never seen before.
//!
//! Invariants: nothing of a request is used before it passes; bodies over
//! [`MAX_BODY_BYTES`] are refused unread.

use crate::context::Ctx;
use crate::error::{invalid_json, Error};
use pocketshop_shared::signing::SignedHeaders;
use pocketshop_shared::ApiError;
use serde::de::DeserializeOwned;
use worker::Request;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A verified request.
pub struct Signed {
    /// The raw query string.
    pub query: String,
    /// The body.
    pub body: Vec<u8>,
    /// The `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
}

impl Signed {
    /// The body as JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(invalid_json)
    }

    /// The last value of a query parameter.
    pub fn param(&self, name: &str) -> Option<String> {
        form_urlencoded::parse(self.query.as_bytes())
            .filter(|(k, _)| k == name)
            .last()
            .map(|(_, v)| v.into_owned())
    }
}

/// Verifies `req` and reads its body.
pub async fn verify(ctx: &Ctx, mut req: Request) -> Result<Signed, Error> {
    let too_large = ApiError::PayloadTooLarge {
        limit_bytes: MAX_BODY_BYTES as u64,
    };
    let header = |name: &str| req.headers().get(name).ok().flatten();
    if header("content-length")
        .and_then(|l| l.parse::<u64>().ok())
        .is_some_and(|l| l > MAX_BODY_BYTES as u64)
    {
        return Err(too_large.into());
    }
    let invalid = |e: pocketshop_shared::signing::SigningError| ApiError::InvalidSignature {
        reason: e.to_string(),
    };
    let headers = SignedHeaders::read(header).map_err(invalid)?;
    let idempotency_key = header("idempotency-key");
    let url = req.url()?;
    let query = url.query().unwrap_or_default().to_owned();
    let path_and_query = if query.is_empty() {
        url.path().to_owned()
    } else {
        format!("{}?{}", url.path(), query)
    };
    let method = req.method().to_string();
    let body = req.bytes().await?;
    if body.len() > MAX_BODY_BYTES {
        return Err(too_large.into());
    }
    let verified = ctx
        .config
        .edge_key
        .verify(&headers, &method, &path_and_query, &body, ctx.now)
        .map_err(invalid)?;
    if !ctx
        .store
        .remember_nonce(&verified.nonce, verified.remember_until, ctx.now)
        .await?
    {
        return Err(ApiError::ReplayedRequest.into());
    }
    Ok(Signed {
        query,
        body,
        idempotency_key,
    })
}
