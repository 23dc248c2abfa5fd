//! What one request is handled with: the database, the configuration and the clock,
//! plus the platform's randomness for ids and nonces.
//!
//! Invariants: the clock is read once per request, so every timestamp a request
//! writes is the same instant; ids come from the CSPRNG (`getrandom`, backed by
//! `crypto.getRandomValues` on wasm), never from the clock.

use crate::config::Config;
use crate::error::Error;
use crate::store::Store;

/// One request's services.
pub struct Ctx {
    /// The database.
    pub store: Store,
    /// The configuration.
    pub config: Config,
    /// The request's time, unix seconds.
    pub now: i64,
}

impl Ctx {
    /// Builds the services from the Worker's environment.
    pub fn from_env(env: &worker::Env) -> Result<Ctx, Error> {
        let db = env
            .d1("SUPPLY_DB")
            .map_err(|_| Error::Config("SUPPLY_DB"))?;
        Ok(Ctx {
            store: Store::new(db),
            config: Config::from_env(env)?,
            now: i64::try_from(worker::Date::now().as_millis() / 1000).unwrap_or(i64::MAX),
        })
    }
}

/// `n` random bytes from the platform's CSPRNG.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, Error> {
    let mut buf = vec![0u8; n];
    getrandom::getrandom(&mut buf).map_err(|e| Error::Random(e.to_string()))?;
    Ok(buf)
}

/// Random lowercase hex of `bytes` random bytes.
pub fn random_hex(bytes: usize) -> Result<String, Error> {
    Ok(hex::encode(random_bytes(bytes)?))
}

/// A request id for the log and the `x-request-id` header; a failed generator
/// must not turn an answer into a failure, so it falls back to a fixed word.
pub fn request_id() -> String {
    random_hex(8).unwrap_or_else(|_| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_hex_has_two_digits_per_byte_and_differs_between_calls() {
        let a = random_hex(8).expect("native getrandom works");
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, random_hex(8).expect("native getrandom works"));
    }
}
