//! Shop owners' authentication: password hashes, sessions, sign-in rate limiting, and
//! the one place an owner API request's `Authorization: Bearer` is checked.
//!
//! Invariants:
//! - a password is stored only as `pbkdf2-sha256$iterations$salt_b64$hash_b64`
//!   (PBKDF2-HMAC-SHA256, [`PBKDF2_ITERATIONS`], 16-byte random salt) and compared in
//!   constant time;
//! - a session token is 32 random bytes in hex, shown once; only its SHA-256 is stored;
//!   it is valid until it expires or its owner signs out;
//! - sign-in answers `invalid_credentials` alike for an unknown e-mail and a wrong
//!   password (and derives a hash either way, so timing does not tell them apart);
//!   after [`MAX_EMAIL_FAILURES`] failures for one e-mail or [`MAX_IP_FAILURES`] from
//!   one IP within [`FAILURE_WINDOW_SECS`] it answers `rate_limited`;
//! - every owner route gets its owner from [`owner_session`], and its shop from
//!   [`session_shop`], which answers a shop of another owner exactly like a missing one;
//! - no password, token or hash is ever logged or put in an error.

use crate::base::http::HttpRequest;
use crate::base::random;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::platform::Platform;
use crate::ports::prelude::*;
use crate::ports::store::{OwnerRecord, ShopRecord, Store};
use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use pocketshop_shared::owner::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
use pocketshop_shared::{ApiError, ShopId};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// PBKDF2 iterations: the most Workers' Web Crypto allows.
pub const PBKDF2_ITERATIONS: u32 = 100_000;
/// Bytes of salt per password.
const SALT_BYTES: usize = 16;
/// The scheme tag of a stored hash.
const SCHEME: &str = "pbkdf2-sha256";
/// Failures per e-mail before sign-in is refused for a while.
pub const MAX_EMAIL_FAILURES: u32 = 5;
/// Failures per IP before sign-in is refused for a while.
pub const MAX_IP_FAILURES: u32 = 20;
/// The window failures are counted in.
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;
/// The longest e-mail address accepted.
const MAX_EMAIL_CHARS: usize = 254;
/// Hex characters of a session token (32 bytes).
const TOKEN_HEX_LEN: usize = 64;

/// Why a stored password hash cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The stored hash is not in the `pbkdf2-sha256$…` format.
    #[error("a stored password hash is malformed")]
    MalformedHash,
}

impl From<AuthError> for Error {
    fn from(e: AuthError) -> Error {
        match e {
            AuthError::MalformedHash => Error::Inconsistent("a stored password hash is malformed"),
        }
    }
}

fn invalid(field: &str, message: &str) -> ApiError {
    ApiError::InvalidField {
        field: field.to_owned(),
        message: message.to_owned(),
    }
}

/// A sign-up e-mail: trimmed, lowercased, one `@` with text on both sides and a dot
/// in the domain, no spaces or control characters, at most 254 characters.
pub fn email(raw: &str) -> Result<String, ApiError> {
    let email = raw.trim().to_lowercase();
    let bad = || invalid("email", "must be an e-mail address");
    if email.chars().count() > MAX_EMAIL_CHARS
        || email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ','))
    {
        return Err(bad());
    }
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@');
    if local.is_empty() || !domain_ok {
        return Err(bad());
    }
    Ok(email)
}

/// A sign-up password: [`PASSWORD_MIN_CHARS`] to [`PASSWORD_MAX_CHARS`] characters.
pub fn password(raw: &str) -> Result<&str, ApiError> {
    let n = raw.chars().count();
    if (PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&n) {
        Ok(raw)
    } else {
        Err(invalid(
            "password",
            &format!("must be {PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters"),
        ))
    }
}

/// A new stored hash of `password` with a fresh random salt.
pub async fn hash_password<X: Platform>(platform: &X, password: &str) -> Result<String, Error> {
    let salt = random::bytes::<SALT_BYTES>()?;
    let hash = platform
        .pbkdf2_sha256(password.as_bytes(), &salt, PBKDF2_ITERATIONS)
        .await?;
    Ok(format!(
        "{SCHEME}${PBKDF2_ITERATIONS}${}${}",
        STANDARD_NO_PAD.encode(salt),
        STANDARD_NO_PAD.encode(hash)
    ))
}

/// The parts of a stored hash: iterations, salt, hash.
fn parse_hash(stored: &str) -> Result<(u32, Vec<u8>, Vec<u8>), AuthError> {
    let mut parts = stored.split('$');
    let (Some(SCHEME), Some(iterations), Some(salt), Some(hash), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(AuthError::MalformedHash);
    };
    let iterations = iterations
        .parse::<u32>()
        .ok()
        .filter(|i| (1..=PBKDF2_ITERATIONS).contains(i))
        .ok_or(AuthError::MalformedHash)?;
    let salt = STANDARD_NO_PAD
        .decode(salt)
        .map_err(|_| AuthError::MalformedHash)?;
    let hash = STANDARD_NO_PAD
        .decode(hash)
        .map_err(|_| AuthError::MalformedHash)?;
    Ok((iterations, salt, hash))
}

/// Whether `password` matches the stored hash (compared in constant time).
pub async fn verify_password<X: Platform>(
    platform: &X,
    password: &str,
    stored: &str,
) -> Result<bool, Error> {
    let (iterations, salt, expected) = parse_hash(stored)?;
    let derived = platform
        .pbkdf2_sha256(password.as_bytes(), &salt, iterations)
        .await?;
    Ok(bool::from(derived.as_slice().ct_eq(&expected)))
}

/// A hash no password matches, checked when the e-mail is unknown so that an unknown
/// e-mail costs the same derivation as a wrong password.
const DECOY_HASH: &str =
    "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// The SHA-256 (hex) under which a session token is stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new session for `owner`: the token (shown once) and when it expires.
pub async fn open_session<P: Ports>(
    app: &Services<P>,
    owner: &OwnerRecord,
) -> Result<(String, i64), Error> {
    let token = random::hex(TOKEN_HEX_LEN / 2)?;
    let expires_at = app.now + app.config.owner_api.session_ttl_secs;
    app.store
        .insert_session(&token_hash(&token), &owner.id, expires_at, app.now)
        .await?;
    Ok((token, expires_at))
}

/// The bearer token of a request, if it has a well-formed one.
pub fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.header("authorization")?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer")
        && token.len() == TOKEN_HEX_LEN
        && token.bytes().all(|b| b.is_ascii_hexdigit()))
    .then_some(token)
}

/// The owner signed in on this request, or `unauthorized`.
pub async fn owner_session<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
) -> Result<OwnerRecord, Error> {
    let token = bearer(req).ok_or(ApiError::Unauthorized)?;
    Ok(app
        .store
        .session_owner(&token_hash(token), app.now)
        .await?
        .ok_or(ApiError::Unauthorized)?)
}

/// The shop `slug` if the owner signed in on `req` owns it: `unauthorized` without a
/// live session, and `unknown_shop` alike for a missing shop and another owner's,
/// so shop ids of other owners cannot be probed. Every owner route of one shop
/// starts here.
pub async fn session_shop<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    slug: &str,
) -> Result<ShopRecord, Error> {
    let owner = owner_session(app, req).await?;
    let unknown = || ApiError::UnknownShop {
        shop: slug.chars().take(64).collect(),
    };
    let id = ShopId::parse(slug).map_err(|_| unknown())?;
    match app.store.shop(&id).await? {
        Some(shop) if shop.owner_id.as_deref() == Some(owner.id.as_str()) => Ok(shop),
        _ => Err(unknown().into()),
    }
}

/// The rate-limit subjects of a sign-in: the e-mail and, when known, the client's IP.
pub fn subjects(email: &str, req: &HttpRequest) -> (String, Option<String>) {
    let ip = req
        .header("cf-connecting-ip")
        .map(str::trim)
        .filter(|ip| !ip.is_empty() && ip.len() <= 64)
        .map(|ip| format!("ip:{ip}"));
    (format!("email:{email}"), ip)
}

/// `rate_limited` when a subject has used up its failures in the window.
pub async fn check_rate<P: Ports>(
    app: &Services<P>,
    email_subject: &str,
    ip_subject: Option<&str>,
) -> Result<(), Error> {
    let since = app.now - FAILURE_WINDOW_SECS;
    let mut checks = vec![(email_subject, MAX_EMAIL_FAILURES)];
    if let Some(ip) = ip_subject {
        checks.push((ip, MAX_IP_FAILURES));
    }
    for (subject, max) in checks {
        let (count, oldest) = app.store.sign_in_failures(subject, since).await?;
        if count >= max {
            // Free again once the oldest failure leaves the window.
            let wait = oldest.map_or(FAILURE_WINDOW_SECS, |t| t + FAILURE_WINDOW_SECS - app.now);
            return Err(ApiError::RateLimited {
                retry_after_secs: u32::try_from(wait.max(1)).unwrap_or(u32::MAX),
            }
            .into());
        }
    }
    Ok(())
}

/// Signs an owner in: their record, or `invalid_credentials` / `rate_limited`.
pub async fn sign_in<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    raw_email: &str,
    password: &str,
) -> Result<OwnerRecord, Error> {
    // An e-mail that is not one cannot have an account: the same answer as any miss,
    // rate-limited under its raw (trimmed, lowercased) spelling.
    let email = email(raw_email).unwrap_or_else(|_| raw_email.trim().to_lowercase());
    let email: String = email.chars().take(MAX_EMAIL_CHARS).collect();
    let (email_subject, ip_subject) = subjects(&email, req);
    check_rate(app, &email_subject, ip_subject.as_deref()).await?;
    let owner = app.store.owner_by_email(&email).await?;
    let too_long = password.chars().count() > PASSWORD_MAX_CHARS;
    let stored = owner
        .as_ref()
        .map_or(DECOY_HASH, |o| o.password_hash.as_str());
    let matches = verify_password(&app.platform, password, stored).await? && !too_long;
    match owner {
        Some(owner) if matches => {
            app.store.clear_sign_in_failures(&email_subject).await?;
            Ok(owner)
        }
        _ => {
            let mut failed = vec![email_subject];
            failed.extend(ip_subject);
            app.store.record_sign_in_failure(&failed, app.now).await?;
            Err(ApiError::InvalidCredentials.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::http::Method;
    use crate::fakes::FakePlatform;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let p = FakePlatform::default();
        let stored = pollster::block_on(hash_password(&p, "correct horse battery")).expect("hash");
        assert!(stored.starts_with("pbkdf2-sha256$100000$"));
        assert!(!stored.contains("correct"));
        assert!(
            pollster::block_on(verify_password(&p, "correct horse battery", &stored))
                .expect("verified")
        );
        assert!(
            !pollster::block_on(verify_password(&p, "wrong horse battery", &stored))
                .expect("verified")
        );
        let again = pollster::block_on(hash_password(&p, "correct horse battery")).expect("hash");
        assert_ne!(stored, again, "each hash has its own salt");
    }

    #[test]
    fn the_hash_matches_the_published_pbkdf2_vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256("passwd", "salt", 1, 64), first 32 bytes.
        let p = FakePlatform::default();
        let out = pollster::block_on(p.pbkdf2_sha256(b"passwd", b"salt", 1)).expect("derived");
        assert_eq!(
            hex::encode(out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
    }

    #[test]
    fn the_decoy_hash_is_well_formed_and_matches_nothing() {
        let p = FakePlatform::default();
        assert!(parse_hash(DECOY_HASH).is_ok());
        assert!(!pollster::block_on(verify_password(&p, "", DECOY_HASH)).expect("verified"));
    }

    #[test]
    fn malformed_stored_hashes_are_errors_not_panics() {
        for bad in [
            "",
            "pbkdf2-sha256$x$AA$AA",
            "md5$1$AA$AA",
            "pbkdf2-sha256$1$AA",
            "pbkdf2-sha256$0$AA$AA",
            "pbkdf2-sha256$1$!!$AA",
        ] {
            assert_eq!(parse_hash(bad), Err(AuthError::MalformedHash), "{bad}");
        }
    }

    #[test]
    fn e_mails_are_normalised_and_nonsense_refused() {
        assert_eq!(
            email("  Ada@Example.COM ").as_deref(),
            Ok("ada@example.com")
        );
        for bad in [
            "",
            "ada",
            "@example.com",
            "ada@",
            "ada@example",
            "a b@c.d",
            "a@b@c.d",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert!(email(&format!("{}@example.com", "a".repeat(250))).is_err());
    }

    #[test]
    fn passwords_must_be_ten_to_two_hundred_characters() {
        assert!(password("123456789").is_err());
        assert!(password("1234567890").is_ok());
        assert!(password("密".repeat(200).as_str()).is_ok());
        assert!(password(&"x".repeat(201)).is_err());
    }

    #[test]
    fn only_a_well_formed_bearer_token_is_read() {
        let token = "a".repeat(64);
        let ok = HttpRequest::new(Method::Get, "/")
            .with_header("authorization", &format!("Bearer {token}"));
        assert_eq!(bearer(&ok), Some(token.as_str()));
        for bad in [
            format!("Basic {token}"),
            "Bearer short".to_owned(),
            format!("Bearer {}", "g".repeat(64)),
            token.clone(),
        ] {
            let r = HttpRequest::new(Method::Get, "/").with_header("authorization", &bad);
            assert_eq!(bearer(&r), None, "{bad}");
        }
    }
}
