//! The edge's configuration, read once per request from the Worker's `Env` into a
//! typed [`Config`].
//!
//! Invariants: secrets live only inside [`SigningKey`]s and [`TokenKey`], whose
//! `Debug` output redacts them, so a logged `Config` never leaks one.

use pocketshop_shared::signing::{SigningError, SigningKey};

/// What is wrong with the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A variable or secret is not set.
    #[error("{0} is not set")]
    Missing(&'static str),
    /// A value is set but unusable.
    #[error("{name} is invalid: {reason}")]
    Invalid {
        /// The variable.
        name: &'static str,
        /// Why.
        reason: String,
    },
}

/// The secret that derives shoppers' order tokens.
#[derive(Clone)]
pub struct TokenKey(Vec<u8>);

impl TokenKey {
    /// A token key; it must not be empty.
    pub fn new(secret: impl Into<Vec<u8>>) -> Result<TokenKey, ConfigError> {
        let secret = secret.into();
        if secret.len() < 16 {
            return Err(ConfigError::Invalid {
                name: "ORDER_TOKEN_SECRET",
                reason: "must be at least 16 bytes".into(),
            });
        }
        Ok(TokenKey(secret))
    }

    /// The secret's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(<redacted>)")
    }
}

/// The edge's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The supplier's base URL, without a trailing `/`.
    pub supply_url: String,
    /// Signs the edge's requests to the supplier.
    pub supply_key: SigningKey,
    /// Verifies the supplier's webhooks.
    pub webhook_key: SigningKey,
    /// Derives order capability tokens.
    pub token_key: TokenKey,
}

impl Config {
    /// Reads the configuration from the Worker's environment.
    pub fn from_env(env: &worker::Env) -> Result<Config, ConfigError> {
        let var = |name: &'static str| {
            env.var(name)
                .map(|v| v.to_string())
                .map_err(|_| ConfigError::Missing(name))
        };
        let secret = |name: &'static str| {
            env.secret(name)
                .map(|v| v.to_string())
                .map_err(|_| ConfigError::Missing(name))
        };
        Config::from_values(
            &var("SUPPLY_URL")?,
            &var("SUPPLY_KEY_ID")?,
            &secret("SUPPLY_SECRET")?,
            &var("WEBHOOK_KEY_ID")?,
            &secret("WEBHOOK_SECRET")?,
            &secret("ORDER_TOKEN_SECRET")?,
        )
    }

    /// Builds and checks a configuration from its raw values.
    pub fn from_values(
        supply_url: &str,
        supply_key_id: &str,
        supply_secret: &str,
        webhook_key_id: &str,
        webhook_secret: &str,
        token_secret: &str,
    ) -> Result<Config, ConfigError> {
        let url = supply_url.trim_end_matches('/');
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(ConfigError::Invalid {
                name: "SUPPLY_URL",
                reason: "must be an http(s) URL".into(),
            });
        }
        let key = |name: &'static str, id: &str, secret: &str| {
            SigningKey::new(id, secret.as_bytes().to_vec()).map_err(|e: SigningError| {
                ConfigError::Invalid {
                    name,
                    reason: e.to_string(),
                }
            })
        };
        Ok(Config {
            supply_url: url.to_owned(),
            supply_key: key("SUPPLY_SECRET", supply_key_id, supply_secret)?,
            webhook_key: key("WEBHOOK_SECRET", webhook_key_id, webhook_secret)?,
            token_key: TokenKey::new(token_secret.as_bytes().to_vec())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let c = Config::from_values(
            "http://127.0.0.1:8788/",
            "edge-local",
            "supply-secret-value",
            "supply-local",
            "webhook-secret-value",
            "token-secret-value-0123",
        )
        .expect("valid");
        let shown = format!("{c:?}");
        assert!(!shown.contains("supply-secret-value"));
        assert!(!shown.contains("webhook-secret-value"));
        assert!(!shown.contains("token-secret-value"));
        assert_eq!(c.supply_url, "http://127.0.0.1:8788");
    }

    #[test]
    fn a_supply_url_that_is_not_http_is_refused() {
        let c = Config::from_values("ftp://x", "a", "b", "c", "d", "token-secret-value-0123");
        assert!(matches!(
            c,
            Err(ConfigError::Invalid {
                name: "SUPPLY_URL",
                ..
            })
        ));
    }
}
