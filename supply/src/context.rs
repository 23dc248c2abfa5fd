//! What one request is handled with: the database, the configuration and the clock.

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
        Ok(Ctx {
            store: Store::new(
                env.d1("SUPPLY_DB")
                    .map_err(|_| Error::Config("SUPPLY_DB"))?,
            ),
            config: Config::from_env(env)?,
            now: (worker::Date::now().as_millis() / 1000) as i64,
        })
    }
}

/// Random lowercase hex from the platform's CSPRNG.
pub fn random_hex(bytes: usize) -> Result<String, Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::getrandom(&mut buf).map_err(|e| Error::Random(e.to_string()))?;
    Ok(hex::encode(buf))
}

/// A request id for the log and the `x-request-id` header.
pub fn request_id() -> String {
    random_hex(8).unwrap_or_else(|_| "unknown".to_owned())
}
