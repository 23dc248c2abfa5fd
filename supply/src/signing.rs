//! Checks every Supply API request: signature over method, path with query and raw
//! body; timestamp within the shared clock tolerance (300 s); nonce never seen before.
//!
//! Invariants: nothing of a request is used before it passes; a nonce is remembered
//! (in `seen_nonces`) before the request is served, so a replay sent while the first
//! is still running is refused too; bodies over the limit are refused unread.

use crate::context::Ctx;
use crate::error::Error;
use crate::input;
use pocketshop_shared::signing::{SignedHeaders, SigningError};
use pocketshop_shared::ApiError;
use serde::de::DeserializeOwned;
use worker::Request;

/// A verified request: only what the handlers need of it.
#[derive(Debug)]
pub struct Signed {
    /// The raw query string (without `?`).
    pub query: String,
    /// The raw body.
    pub body: Vec<u8>,
    /// The `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
}

impl Signed {
    /// The body as JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        Ok(input::json(&self.body)?)
    }

    /// The last value of a query parameter.
    pub fn param(&self, name: &str) -> Option<String> {
        input::param(&self.query, name)
    }
}

/// The client's error for a refused signature; an expired timestamp says only
/// `expired`, so a client can tell clock skew from a wrong secret.
pub fn refusal(e: &SigningError) -> ApiError {
    let reason = match e {
        SigningError::Expired => "expired".to_owned(),
        other => other.to_string(),
    };
    ApiError::InvalidSignature { reason }
}

/// Verifies `req`, remembers its nonce and reads its body.
pub async fn verify(ctx: &Ctx, mut req: Request) -> Result<Signed, Error> {
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let headers = SignedHeaders::read(header).map_err(|e| refusal(&e))?;
    let idempotency_key = header("idempotency-key");
    let url = req.url()?;
    let query = url.query().unwrap_or_default().to_owned();
    // The path as sent (percent-encoding kept), which is what the client signed.
    let signed_path = input::path_and_query(&req.path(), Some(&query));
    let method = req.method().to_string();
    let body = input::read_body(&mut req).await?;
    let verified = ctx
        .config
        .edge_key
        .verify(&headers, &method, &signed_path, &body, ctx.now)
        .map_err(|e| refusal(&e))?;
    // Remembered until its timestamp leaves the tolerance: after that the clock check
    // alone refuses a replay, so the row can be pruned.
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

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::signing::{SigningKey, CLOCK_TOLERANCE_SECS};

    #[test]
    fn an_expired_timestamp_is_refused_with_the_reason_expired() {
        let key = SigningKey::new("edge-local", b"s".to_vec()).expect("key");
        let h = key.sign(1_000, "n", "GET", "/v1/products", b"");
        let e = key
            .verify(
                &h,
                "GET",
                "/v1/products",
                b"",
                1_000 + CLOCK_TOLERANCE_SECS + 1,
            )
            .expect_err("expired");
        assert_eq!(
            refusal(&e),
            ApiError::InvalidSignature {
                reason: "expired".into()
            }
        );
    }

    #[test]
    fn other_refusals_name_what_is_wrong_and_answer_401() {
        let missing = refusal(&SigningError::MissingHeader("x-pocketshop-nonce"));
        assert_eq!(missing.status(), 401);
        assert_eq!(
            missing,
            ApiError::InvalidSignature {
                reason: "missing header x-pocketshop-nonce".into()
            }
        );
        assert_eq!(
            refusal(&SigningError::BadSignature).code(),
            "invalid_signature"
        );
    }
}
