//! The supplier's configuration, read once per request from `Env`.
//!
//! Invariants: secrets live only inside [`SigningKey`]s, whose `Debug` redacts them.

use crate::error::Error;
use pocketshop_shared::signing::SigningKey;

/// The supplier's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Verifies the edge's requests.
    pub edge_key: SigningKey,
    /// Signs webhooks to the edge.
    pub webhook_key: SigningKey,
    /// Where webhooks go.
    pub webhook_url: String,
    /// This supplier's base URL, for absolute image URLs.
    pub public_url: String,
    /// Whether the `/sim` routes are on.
    pub simulation: bool,
}

impl Config {
    /// Reads the configuration.
    pub fn from_env(env: &worker::Env) -> Result<Config, Error> {
        let var = |name: &'static str| {
            env.var(name)
                .map(|v| v.to_string())
                .map_err(|_| Error::Config(name))
        };
        let secret = |name: &'static str| {
            env.secret(name)
                .map(|v| v.to_string())
                .map_err(|_| Error::Config(name))
        };
        let key = |id: String, secret: String, name: &'static str| {
            SigningKey::new(id, secret.into_bytes()).map_err(|_| Error::Config(name))
        };
        Ok(Config {
            edge_key: key(var("EDGE_KEY_ID")?, secret("EDGE_SECRET")?, "EDGE_SECRET")?,
            webhook_key: key(
                var("WEBHOOK_KEY_ID")?,
                secret("WEBHOOK_SECRET")?,
                "WEBHOOK_SECRET",
            )?,
            webhook_url: var("EDGE_WEBHOOK_URL")?,
            public_url: var("PUBLIC_URL")?.trim_end_matches('/').to_owned(),
            simulation: var("SIMULATION").is_ok_and(|v| v == "on"),
        })
    }
}
