//! Signed requests between the edge and a supplier, both ways.
//!
//! The signature is HMAC-SHA256, hex, over `timestamp.nonce.METHOD.path?query.body`
//! with a shared secret named by a key id. The nonce is what makes replay protection
//! possible without refusing honest requests: two identical catalogue reads in the
//! same second carry different nonces, while a captured request sent again carries a
//! nonce the receiver has already seen within the [`CLOCK_TOLERANCE_SECS`] window.
//! Invariants: comparison is constant-time; a request outside the window is refused
//! before its nonce is looked at, so receivers need to remember nonces only that long.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Header carrying the key id.
pub const HEADER_KEY_ID: &str = "x-pocketshop-key-id";
/// Header carrying the unix timestamp in seconds.
pub const HEADER_TIMESTAMP: &str = "x-pocketshop-timestamp";
/// Header carrying the nonce.
pub const HEADER_NONCE: &str = "x-pocketshop-nonce";
/// Header carrying the hex signature.
pub const HEADER_SIGNATURE: &str = "x-pocketshop-signature";
/// How far a request's timestamp may be from the receiver's clock.
pub const CLOCK_TOLERANCE_SECS: i64 = 300;

type HmacSha256 = Hmac<Sha256>;

/// Why a signed request is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    /// A signing header is absent.
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    /// The key id is not the one expected.
    #[error("unknown key id")]
    UnknownKey,
    /// The timestamp is not a number.
    #[error("malformed timestamp")]
    MalformedTimestamp,
    /// The timestamp is outside the tolerance.
    #[error("timestamp outside the {CLOCK_TOLERANCE_SECS} s tolerance")]
    Expired,
    /// The nonce is empty, too long or not visible ASCII.
    #[error("malformed nonce")]
    MalformedNonce,
    /// The signature does not match.
    #[error("signature mismatch")]
    BadSignature,
    /// The secret is empty.
    #[error("empty signing secret")]
    EmptySecret,
}

/// A shared secret and the id it is known by.
#[derive(Clone)]
pub struct SigningKey {
    id: String,
    secret: Vec<u8>,
}

impl SigningKey {
    /// A key; the secret must not be empty.
    pub fn new(
        id: impl Into<String>,
        secret: impl Into<Vec<u8>>,
    ) -> Result<SigningKey, SigningError> {
        let secret = secret.into();
        if secret.is_empty() {
            return Err(SigningError::EmptySecret);
        }
        Ok(SigningKey {
            id: id.into(),
            secret,
        })
    }

    /// The key id.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn mac(
        &self,
        timestamp: i64,
        nonce: &str,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> HmacSha256 {
        // new_from_slice accepts any key length for HMAC; the secret is never empty.
        let mut mac = match HmacSha256::new_from_slice(&self.secret) {
            Ok(m) => m,
            Err(_) => unreachable_hmac(),
        };
        mac.update(format!("{timestamp}.{nonce}.{method}.{path}.").as_bytes());
        mac.update(body);
        mac
    }

    /// The headers that sign a request.
    pub fn sign(
        &self,
        timestamp: i64,
        nonce: &str,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> SignedHeaders {
        let signature = hex::encode(
            self.mac(timestamp, nonce, method, path, body)
                .finalize()
                .into_bytes(),
        );
        SignedHeaders {
            key_id: self.id.clone(),
            timestamp: timestamp.to_string(),
            nonce: nonce.to_owned(),
            signature,
        }
    }

    /// Checks a request's headers; on success returns the nonce the caller must
    /// remember until `remember_until` to refuse replays.
    pub fn verify(
        &self,
        headers: &SignedHeaders,
        method: &str,
        path: &str,
        body: &[u8],
        now: i64,
    ) -> Result<Verified, SigningError> {
        if headers.key_id != self.id {
            return Err(SigningError::UnknownKey);
        }
        let ts: i64 = headers
            .timestamp
            .parse()
            .map_err(|_| SigningError::MalformedTimestamp)?;
        if ts.abs_diff(now) > CLOCK_TOLERANCE_SECS.unsigned_abs() {
            return Err(SigningError::Expired);
        }
        let n = &headers.nonce;
        if n.is_empty() || n.len() > 64 || !n.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SigningError::MalformedNonce);
        }
        let expected = hex::decode(&headers.signature).map_err(|_| SigningError::BadSignature)?;
        self.mac(ts, n, method, path, body)
            .verify_slice(&expected)
            .map_err(|_| SigningError::BadSignature)?;
        Ok(Verified {
            nonce: n.clone(),
            remember_until: ts + CLOCK_TOLERANCE_SECS,
        })
    }
}

/// Secrets stay out of logs.
impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("id", &self.id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

#[cold]
fn unreachable_hmac() -> ! {
    // Hmac::new_from_slice only fails for MACs with a fixed key size; HMAC has none.
    panic!("HMAC-SHA256 accepts keys of any length")
}

/// The four signing headers' values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// [`HEADER_KEY_ID`].
    pub key_id: String,
    /// [`HEADER_TIMESTAMP`].
    pub timestamp: String,
    /// [`HEADER_NONCE`].
    pub nonce: String,
    /// [`HEADER_SIGNATURE`].
    pub signature: String,
}

impl SignedHeaders {
    /// Reads the headers through `get` (a header lookup), naming the first missing one.
    pub fn read(
        get: impl Fn(&'static str) -> Option<String>,
    ) -> Result<SignedHeaders, SigningError> {
        let need = |name: &'static str| get(name).ok_or(SigningError::MissingHeader(name));
        Ok(SignedHeaders {
            key_id: need(HEADER_KEY_ID)?,
            timestamp: need(HEADER_TIMESTAMP)?,
            nonce: need(HEADER_NONCE)?,
            signature: need(HEADER_SIGNATURE)?,
        })
    }

    /// The headers as name/value pairs, to set on a request.
    pub fn pairs(&self) -> [(&'static str, &str); 4] {
        [
            (HEADER_KEY_ID, &self.key_id),
            (HEADER_TIMESTAMP, &self.timestamp),
            (HEADER_NONCE, &self.nonce),
            (HEADER_SIGNATURE, &self.signature),
        ]
    }
}

/// A verified request: remember its nonce until `remember_until` (unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The nonce.
    pub nonce: String,
    /// Past this time the timestamp check alone refuses a replay.
    pub remember_until: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key() -> SigningKey {
        SigningKey::new("edge-local", b"s3cret".to_vec()).expect("key")
    }

    #[test]
    fn a_signed_request_verifies() {
        let h = key().sign(1_000, "n1", "POST", "/v1/orders", b"{}");
        let v = key()
            .verify(&h, "POST", "/v1/orders", b"{}", 1_100)
            .expect("valid");
        assert_eq!(v.nonce, "n1");
        assert_eq!(v.remember_until, 1_300);
    }

    #[test]
    fn the_signature_matches_an_independent_computation() {
        // HMAC-SHA256("s3cret", "1000.n1.GET./v1/products?limit=2.") computed with
        // Python: hmac.new(b"s3cret", b"1000.n1.GET./v1/products?limit=2.", "sha256").hexdigest()
        let h = key().sign(1_000, "n1", "GET", "/v1/products?limit=2", b"");
        assert_eq!(
            h.signature,
            "ed97f44ac41c069a6184633d4851e2c34ae6330c638613c0d1b4b0e34503bbb7"
        );
    }

    #[test]
    fn a_tampered_body_path_or_method_is_refused() {
        let h = key().sign(1_000, "n1", "POST", "/v1/orders", b"{\"a\":1}");
        assert_eq!(
            key().verify(&h, "POST", "/v1/orders", b"{\"a\":2}", 1_000),
            Err(SigningError::BadSignature)
        );
        assert_eq!(
            key().verify(&h, "POST", "/v1/other", b"{\"a\":1}", 1_000),
            Err(SigningError::BadSignature)
        );
        assert_eq!(
            key().verify(&h, "GET", "/v1/orders", b"{\"a\":1}", 1_000),
            Err(SigningError::BadSignature)
        );
    }

    #[test]
    fn old_and_future_timestamps_are_refused() {
        let h = key().sign(1_000, "n1", "GET", "/", b"");
        assert_eq!(
            key().verify(&h, "GET", "/", b"", 1_301),
            Err(SigningError::Expired)
        );
        assert_eq!(
            key().verify(&h, "GET", "/", b"", 699),
            Err(SigningError::Expired)
        );
        assert!(key().verify(&h, "GET", "/", b"", 1_300).is_ok());
    }

    #[test]
    fn another_key_id_or_secret_is_refused() {
        let h = key().sign(1_000, "n1", "GET", "/", b"");
        let other = SigningKey::new("edge-local", b"other".to_vec()).expect("key");
        assert_eq!(
            other.verify(&h, "GET", "/", b"", 1_000),
            Err(SigningError::BadSignature)
        );
        let renamed = SigningKey::new("x", b"s3cret".to_vec()).expect("key");
        assert_eq!(
            renamed.verify(&h, "GET", "/", b"", 1_000),
            Err(SigningError::UnknownKey)
        );
    }

    #[test]
    fn missing_headers_are_named() {
        let got = SignedHeaders::read(|n| (n != HEADER_NONCE).then(|| "x".to_owned()));
        assert_eq!(got, Err(SigningError::MissingHeader(HEADER_NONCE)));
    }

    #[test]
    fn the_secret_is_not_in_debug_output() {
        assert!(!format!("{:?}", key()).contains("s3cret"));
    }

    proptest! {
        #[test]
        fn verification_never_panics_on_any_header_values(k in ".{0,20}", t in ".{0,30}", n in ".{0,80}", s in ".{0,140}", now in any::<i64>()) {
            let h = SignedHeaders { key_id: k, timestamp: t, nonce: n, signature: s };
            let _ = key().verify(&h, "GET", "/", b"", now);
        }
    }
}
