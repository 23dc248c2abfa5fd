//! The timestamped HMAC scheme Stripe signs webhooks with, which the sandbox uses
//! too: a header `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` where each `v1` is
//! HMAC-SHA256 with the endpoint's secret over `"<t>.<raw body>"`.
//!
//! Invariants: a timestamp further than [`TOLERANCE_SECS`] from now is refused
//! before any signature is looked at; every `v1` value is compared in constant time
//! and one match is enough (several appear while a secret is being rolled); other
//! schemes (`v0`) are ignored.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// How far a signature's timestamp may be from the receiver's clock.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a signature header is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No signature header.
    #[error("missing signature header")]
    Missing,
    /// The header has no timestamp, or one that is not a number.
    #[error("malformed signature header")]
    Malformed,
    /// The timestamp is outside the tolerance.
    #[error("timestamp outside the {TOLERANCE_SECS} s tolerance")]
    Expired,
    /// No `v1` signature matches.
    #[error("no matching v1 signature")]
    Mismatch,
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> Option<[u8; 32]> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Some(mac.finalize().into_bytes().into())
}

/// The header value signing `body` at `timestamp`.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let signature = mac(secret, timestamp, body)
        .map(hex::encode)
        .unwrap_or_default();
    format!("t={timestamp},v1={signature}")
}

/// [`verify`] for a provider's notification: a failure is the notification's
/// [`PaymentError::InvalidSignature`].
pub fn check(
    secret: &[u8],
    header: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), crate::domain::payments::PaymentError> {
    verify(secret, header, body, now).map(|_| ()).map_err(|e| {
        crate::domain::payments::PaymentError::InvalidSignature {
            reason: e.to_string(),
        }
    })
}

/// Checks a header value against `body`; returns the signed timestamp.
pub fn verify(
    secret: &[u8],
    header: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<i64, SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => {
                timestamp = Some(t.parse::<i64>().map_err(|_| SignatureError::Malformed)?)
            }
            Some(("v1", v)) => candidates.push(v),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if timestamp.abs_diff(now) > TOLERANCE_SECS.unsigned_abs() {
        return Err(SignatureError::Expired);
    }
    let expected = mac(secret, timestamp, body).ok_or(SignatureError::Mismatch)?;
    let matched = candidates.iter().fold(false, |found, candidate| {
        let same = hex::decode(candidate)
            .map(|c| bool::from(c.as_slice().ct_eq(&expected)))
            .unwrap_or(false);
        found | same
    });
    if matched {
        Ok(timestamp)
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_test_secret";
    const BODY: &[u8] = br#"{"id":"evt_1","type":"checkout.session.completed"}"#;

    #[test]
    fn a_signature_made_now_verifies_and_names_its_timestamp() {
        let header = sign(SECRET, 1_700_000_000, BODY);
        assert_eq!(
            verify(SECRET, Some(&header), BODY, 1_700_000_100),
            Ok(1_700_000_000)
        );
    }

    #[test]
    fn the_mac_is_hmac_sha256_over_timestamp_dot_body() {
        // Computed independently: printf '%s' '1700000000.{"id":"evt_1",…}' |
        // openssl dgst -sha256 -hmac whsec_test_secret
        let header = sign(SECRET, 1_700_000_000, BODY);
        assert_eq!(
            header,
            "t=1700000000,v1=a13d4b1f9003bc2fb6c06224e878b6056185eaa50d40e1e7dc05517f8af41d7b"
        );
    }

    #[test]
    fn a_signature_older_than_five_minutes_is_refused() {
        let header = sign(SECRET, 1_700_000_000, BODY);
        assert_eq!(
            verify(SECRET, Some(&header), BODY, 1_700_000_301),
            Err(SignatureError::Expired)
        );
        assert_eq!(
            verify(SECRET, Some(&header), BODY, 1_699_999_699),
            Err(SignatureError::Expired)
        );
    }

    #[test]
    fn one_matching_v1_among_several_is_enough() {
        let good = sign(SECRET, 10, BODY);
        let good_v1 = good.split_once(",v1=").map(|(_, v)| v).unwrap_or_default();
        let header = format!("t=10,v1={},v1={good_v1},v0=abc", "00".repeat(32));
        assert_eq!(verify(SECRET, Some(&header), BODY, 10), Ok(10));
    }

    #[test]
    fn a_changed_body_another_secret_or_a_bad_header_is_refused() {
        let header = sign(SECRET, 10, BODY);
        assert_eq!(
            verify(SECRET, Some(&header), b"{}", 10),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"other", Some(&header), BODY, 10),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(verify(SECRET, None, BODY, 10), Err(SignatureError::Missing));
        assert_eq!(
            verify(SECRET, Some("v1=00"), BODY, 10),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(SECRET, Some("t=x,v1=00"), BODY, 10),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(SECRET, Some("t=10,v0=00"), BODY, 10),
            Err(SignatureError::Mismatch)
        );
    }
}
