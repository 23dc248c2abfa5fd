//! Chain-store member tokens: a brand's own backend vouches for a member, the edge
//! verifies the token and records the member on the order.
//!
//! Format: `base64url(json {"member": "<id>", "exp": <unix>})` + `.` +
//! `hex(HMAC-SHA256(owner's member secret, that base64url part))`.
//!
//! Invariants: a token verifies only with the secret it was signed with, before its
//! `exp`, and with a member id of 1 to [`MAX_MEMBER_ID_CHARS`] printable characters;
//! the MAC is compared in constant time; the secret never appears in an error.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The longest member id, in characters.
pub const MAX_MEMBER_ID_CHARS: usize = 64;
/// The longest token accepted before any decoding, in bytes.
pub const MAX_TOKEN_BYTES: usize = 1024;

/// Why a member token does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemberTokenError {
    /// Not `payload.mac`, not base64url, not the JSON claims, or too long.
    #[error("the member token is malformed")]
    Malformed,
    /// The MAC does not match the secret.
    #[error("the member token's signature is wrong")]
    BadSignature,
    /// `exp` is in the past.
    #[error("the member token has expired")]
    Expired,
    /// The member id is empty, too long or has control characters.
    #[error("the member id must be 1 to {MAX_MEMBER_ID_CHARS} printable characters")]
    InvalidMember,
}

/// The claims a member token carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberClaims {
    /// The member's id in the brand's own system.
    pub member: String,
    /// When the token stops verifying (unix seconds).
    pub exp: i64,
}

fn mac(secret: &[u8], payload: &str) -> Hmac<Sha256> {
    // HMAC takes keys of any length, so this cannot fail; fall back to an empty key
    // only to satisfy the type (never reached).
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| <Hmac<Sha256> as Mac>::new(&Default::default()));
    m.update(payload.as_bytes());
    m
}

fn check_member(member: &str) -> Result<(), MemberTokenError> {
    let n = member.chars().count();
    if n == 0 || n > MAX_MEMBER_ID_CHARS || member.chars().any(char::is_control) {
        Err(MemberTokenError::InvalidMember)
    } else {
        Ok(())
    }
}

/// Signs a token for `member` valid until `exp`, as a brand's backend would.
pub fn issue(secret: &[u8], member: &str, exp: i64) -> Result<String, MemberTokenError> {
    check_member(member)?;
    let claims = MemberClaims {
        member: member.to_owned(),
        exp,
    };
    let json = serde_json::to_vec(&claims).map_err(|_| MemberTokenError::Malformed)?;
    let payload = URL_SAFE_NO_PAD.encode(json);
    let tag = hex::encode(mac(secret, &payload).finalize().into_bytes());
    Ok(format!("{payload}.{tag}"))
}

/// Verifies `token` with `secret` at `now` (unix seconds) and returns its claims.
pub fn verify(secret: &[u8], token: &str, now: i64) -> Result<MemberClaims, MemberTokenError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(MemberTokenError::Malformed);
    }
    let (payload, tag) = token.split_once('.').ok_or(MemberTokenError::Malformed)?;
    let tag = hex::decode(tag).map_err(|_| MemberTokenError::Malformed)?;
    let expected = mac(secret, payload).finalize().into_bytes();
    if !bool::from(expected.as_slice().ct_eq(&tag)) {
        return Err(MemberTokenError::BadSignature);
    }
    // Base64 with or without padding: brands' libraries differ.
    let json = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| MemberTokenError::Malformed)?;
    let claims: MemberClaims =
        serde_json::from_slice(&json).map_err(|_| MemberTokenError::Malformed)?;
    check_member(&claims.member)?;
    if claims.exp <= now {
        return Err(MemberTokenError::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"brand-secret";

    #[test]
    fn a_token_signed_with_the_secret_verifies_before_it_expires() {
        let t = issue(SECRET, "m-42", 2_000).expect("issued");
        let c = verify(SECRET, &t, 1_999).expect("verified");
        assert_eq!(c.member, "m-42");
        assert_eq!(c.exp, 2_000);
    }

    #[test]
    fn an_expired_token_is_refused() {
        let t = issue(SECRET, "m-42", 2_000).expect("issued");
        assert_eq!(verify(SECRET, &t, 2_000), Err(MemberTokenError::Expired));
    }

    #[test]
    fn another_secret_or_a_changed_payload_is_refused() {
        let t = issue(SECRET, "m-42", 2_000).expect("issued");
        assert_eq!(verify(b"other", &t, 1), Err(MemberTokenError::BadSignature));
        let (_, tag) = t.split_once('.').expect("dot");
        let forged = format!(
            "{}.{tag}",
            URL_SAFE_NO_PAD.encode(br#"{"member":"boss","exp":9999}"#)
        );
        assert_eq!(
            verify(SECRET, &forged, 1),
            Err(MemberTokenError::BadSignature)
        );
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        for t in ["", ".", "abc", "a.zz", "!!.00"] {
            assert!(verify(SECRET, t, 1).is_err(), "{t}");
        }
        assert_eq!(
            verify(SECRET, &"a".repeat(MAX_TOKEN_BYTES + 1), 1),
            Err(MemberTokenError::Malformed)
        );
    }

    #[test]
    fn a_member_id_must_be_short_printable_text() {
        assert_eq!(
            issue(SECRET, &"m".repeat(65), 1),
            Err(MemberTokenError::InvalidMember)
        );
        assert_eq!(issue(SECRET, "", 1), Err(MemberTokenError::InvalidMember));
        // A validly signed token with a bad member id is still refused.
        let payload = URL_SAFE_NO_PAD.encode(br#"{"member":"a\nb","exp":9999}"#);
        let tag = hex::encode(mac(SECRET, &payload).finalize().into_bytes());
        assert_eq!(
            verify(SECRET, &format!("{payload}.{tag}"), 1),
            Err(MemberTokenError::InvalidMember)
        );
    }
}
