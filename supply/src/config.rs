//! The supplier's configuration, read from `Env` once per request into one typed
//! struct, so handlers never look a variable up by name.
//!
//! Invariants: secrets live only inside [`SigningKey`]s, whose `Debug` redacts them;
//! an error names the missing setting, never a value; simulation is on only for the
//! exact value `on` and only while the supplier's `PUBLIC_URL` is a loopback
//! address, so a deployed supplier never serves `/sim` whatever its settings say.

use crate::error::Error;
use pocketshop_shared::signing::SigningKey;
use pocketshop_shared::url::is_loopback;

/// The supplier's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Verifies the edge's requests (`EDGE_KEY_ID`, `EDGE_SECRET`).
    pub edge_key: SigningKey,
    /// Signs webhooks to the edge (`WEBHOOK_KEY_ID`, `WEBHOOK_SECRET`).
    pub webhook_key: SigningKey,
    /// Where webhooks go (`EDGE_WEBHOOK_URL`).
    pub webhook_url: String,
    /// This supplier's base URL without a trailing slash, for absolute image URLs
    /// (`PUBLIC_URL`).
    pub public_url: String,
    /// Whether the `/sim` routes are on (`SIMULATION=on`, a development setting
    /// kept in `supply/.dev.vars`, on a loopback `PUBLIC_URL`).
    pub simulation: bool,
}

impl Config {
    /// Reads the configuration from the Worker's environment.
    pub fn from_env(env: &worker::Env) -> Result<Config, Error> {
        Config::from_lookup(
            |name| env.var(name).ok().map(|v| v.to_string()),
            |name| env.secret(name).ok().map(|v| v.to_string()),
        )
    }

    /// Builds the configuration through two lookups, of plain variables and of
    /// secrets.
    pub fn from_lookup(
        var: impl Fn(&'static str) -> Option<String>,
        secret: impl Fn(&'static str) -> Option<String>,
    ) -> Result<Config, Error> {
        let need = |name: &'static str| var(name).ok_or(Error::Config(name));
        let key = |id: &'static str, secret_name: &'static str| {
            let secret = secret(secret_name).ok_or(Error::Config(secret_name))?;
            SigningKey::new(need(id)?, secret.into_bytes()).map_err(|_| Error::Config(secret_name))
        };
        let webhook_url = need("EDGE_WEBHOOK_URL")?;
        if !webhook_url.starts_with("http://") && !webhook_url.starts_with("https://") {
            return Err(Error::Config("EDGE_WEBHOOK_URL"));
        }
        let public_url = need("PUBLIC_URL")?.trim_end_matches('/').to_owned();
        let simulation = var("SIMULATION").is_some_and(|v| v == "on") && is_loopback(&public_url);
        Ok(Config {
            edge_key: key("EDGE_KEY_ID", "EDGE_SECRET")?,
            webhook_key: key("WEBHOOK_KEY_ID", "WEBHOOK_SECRET")?,
            webhook_url,
            public_url,
            simulation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Option<String> {
        Some(
            match name {
                "EDGE_KEY_ID" => "edge-local",
                "WEBHOOK_KEY_ID" => "supply-local",
                "EDGE_WEBHOOK_URL" => "http://127.0.0.1:8787/v1/hooks/supply",
                "PUBLIC_URL" => "http://127.0.0.1:8788/",
                "SIMULATION" => "on",
                _ => return None,
            }
            .to_owned(),
        )
    }

    fn secrets(name: &str) -> Option<String> {
        Some(format!("secret-of-{name}"))
    }

    #[test]
    fn a_full_environment_reads_into_the_config() {
        let c = Config::from_lookup(vars, secrets).expect("complete");
        assert_eq!(c.edge_key.id(), "edge-local");
        assert_eq!(c.webhook_key.id(), "supply-local");
        assert_eq!(c.public_url, "http://127.0.0.1:8788");
        assert!(c.simulation);
    }

    #[test]
    fn the_secrets_never_show_in_debug_output() {
        let c = Config::from_lookup(vars, secrets).expect("complete");
        assert!(!format!("{c:?}").contains("secret-of"));
    }

    #[test]
    fn simulation_is_on_only_for_on() {
        for (value, on) in [
            (Some("on"), true),
            (Some("ON"), false),
            (Some("off"), false),
            (None, false),
        ] {
            let c = Config::from_lookup(
                |n| {
                    if n == "SIMULATION" {
                        value.map(str::to_owned)
                    } else {
                        vars(n)
                    }
                },
                secrets,
            )
            .expect("complete");
            assert_eq!(c.simulation, on, "{value:?}");
        }
    }

    #[test]
    fn simulation_stays_off_on_a_public_url_whatever_its_setting() {
        for url in ["https://supply.example", "http://localhost@evil.example"] {
            let c = Config::from_lookup(
                |n| {
                    if n == "PUBLIC_URL" {
                        Some(url.to_owned())
                    } else {
                        vars(n)
                    }
                },
                secrets,
            )
            .expect("complete");
            assert!(!c.simulation, "{url}");
        }
    }

    #[test]
    fn a_missing_or_empty_secret_is_named() {
        let missing = Config::from_lookup(vars, |n| (n != "EDGE_SECRET").then(|| "s".to_owned()));
        assert!(matches!(missing, Err(Error::Config("EDGE_SECRET"))));
        let empty = Config::from_lookup(vars, |n| {
            Some(if n == "WEBHOOK_SECRET" { "" } else { "s" }.to_owned())
        });
        assert!(matches!(empty, Err(Error::Config("WEBHOOK_SECRET"))));
    }
}
