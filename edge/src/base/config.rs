//! The edge's configuration, read once per isolate from the Worker's variables and secrets into a
//! typed [`Config`].
//!
//! Invariants: secrets live only inside [`SigningKey`]s and [`TokenKey`], whose
//! `Debug` output redacts them, so a logged `Config` never leaks one.

use pocketshop_shared::signing::{SigningError, SigningKey};
use pocketshop_shared::url::is_loopback;

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

/// A secret string (an API key, a PEM private key); `Debug` redacts it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Stripe: set when `STRIPE_SECRET_KEY` is.
#[derive(Debug, Clone)]
pub struct StripeConfig {
    /// The API's base URL (`https://api.stripe.com`; a loopback stand-in in tests).
    pub api_base: String,
    /// The secret API key (`sk_live_…` / `sk_test_…`).
    pub secret_key: Secret,
    /// The webhook endpoint's signing secret (`whsec_…`).
    pub webhook_secret: Secret,
    /// Production: events of test mode (`livemode: false`) are refused.
    pub live_only: bool,
}

/// WeChat Pay API v3: set when `WECHAT_MCH_ID` is.
#[derive(Debug, Clone)]
pub struct WechatConfig {
    /// The API's base URL (`https://api.mch.weixin.qq.com`; a stand-in in tests).
    pub api_base: String,
    /// The merchant id (`mchid`).
    pub mch_id: String,
    /// The official account or mini program app id (`appid`).
    pub app_id: String,
    /// The serial number of the merchant's API certificate.
    pub serial_no: String,
    /// The merchant's API private key, PKCS#8 PEM.
    pub private_key_pem: Secret,
    /// The APIv3 key (32 bytes) that decrypts notification resources.
    pub api_v3_key: Secret,
    /// The WeChat Pay platform public key (SPKI PEM) that signs notifications.
    pub platform_public_key_pem: String,
    /// The platform key's serial (or public key id), as `Wechatpay-Serial` names it.
    pub platform_serial: String,
}

/// WeChat's web OAuth, which gives the pay page the shopper's `openid` inside
/// WeChat (JSAPI payments need it): set with WeChat Pay, from `WECHAT_APP_SECRET`.
#[derive(Debug, Clone)]
pub struct WechatOauthConfig {
    /// The OAuth API's base URL (`https://api.weixin.qq.com`; a stand-in in tests).
    pub api_base: String,
    /// Where the shopper is sent to authorise (`https://open.weixin.qq.com`).
    pub authorize_base: String,
    /// The official account's app secret.
    pub app_secret: Secret,
}

/// The sandbox provider: set when `PAYMENT_SANDBOX=on` (refused in production).
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Signs the sandbox's notifications.
    pub secret: Secret,
}

/// The payment providers and the order lifecycle's timings.
#[derive(Debug, Clone)]
pub struct PaymentsConfig {
    /// The edge's own public origin (`https://shop-api.example`), where pay pages and
    /// notification URLs live.
    pub public_url: String,
    /// Stripe, if set up.
    pub stripe: Option<StripeConfig>,
    /// WeChat Pay, if set up.
    pub wechat: Option<WechatConfig>,
    /// WeChat's OAuth, set up with WeChat Pay.
    pub wechat_oauth: Option<WechatOauthConfig>,
    /// The sandbox, if enabled.
    pub sandbox: Option<SandboxConfig>,
    /// The first wait before retrying a failed supplier submission or refund; each
    /// retry waits twice as long, up to [`MAX_RETRY_SECS`].
    pub retry_base_secs: i64,
}

/// The longest wait between two retries of a supplier submission or a refund.
pub const MAX_RETRY_SECS: i64 = 15 * 60;

fn http_url(name: &'static str, value: &str) -> Result<String, ConfigError> {
    let url = value.trim().trim_end_matches('/');
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        return Err(ConfigError::Invalid {
            name,
            reason: "must be an http(s) URL".into(),
        });
    }
    Ok(url.to_owned())
}

/// Whether `key` is one of Stripe's test-mode keys.
pub fn is_stripe_test_key(key: &str) -> bool {
    key.starts_with("sk_test_") || key.starts_with("rk_test_")
}

impl PaymentsConfig {
    /// Reads the payment settings through `get`, which looks a name up among the
    /// Worker's variables and secrets. A provider is set up when its first key is
    /// present, and then every one of its keys must be.
    ///
    /// Production cannot take test money: unless `ENVIRONMENT` is `development`,
    /// Stripe's test keys are refused, and the sandbox is refused unless
    /// `ENVIRONMENT` is `development` and the edge's public URL is a loopback
    /// address, so a sandbox left on reaches nobody outside the machine.
    pub fn read(
        get: impl Fn(&'static str) -> Option<String>,
    ) -> Result<PaymentsConfig, ConfigError> {
        let get = |name: &'static str| get(name).filter(|v| !v.trim().is_empty());
        let need = |name: &'static str| get(name).ok_or(ConfigError::Missing(name));
        let production = get("ENVIRONMENT").is_none_or(|e| e.trim() != "development");
        let public_url = http_url("PUBLIC_URL", &need("PUBLIC_URL")?)?;
        let sandbox = match get("PAYMENT_SANDBOX").as_deref().map(str::trim) {
            None | Some("off") => None,
            Some("on") if production => {
                return Err(ConfigError::Invalid {
                    name: "PAYMENT_SANDBOX",
                    reason: "the sandbox cannot be enabled unless ENVIRONMENT is development"
                        .into(),
                })
            }
            Some("on") if !is_loopback(&public_url) => {
                return Err(ConfigError::Invalid {
                    name: "PAYMENT_SANDBOX",
                    reason: "the sandbox needs PUBLIC_URL on a loopback address".into(),
                })
            }
            Some("on") => {
                let secret = need("SANDBOX_SECRET")?;
                if secret.len() < 16 {
                    return Err(ConfigError::Invalid {
                        name: "SANDBOX_SECRET",
                        reason: "must be at least 16 bytes".into(),
                    });
                }
                Some(SandboxConfig {
                    secret: Secret::new(secret),
                })
            }
            Some(_) => {
                return Err(ConfigError::Invalid {
                    name: "PAYMENT_SANDBOX",
                    reason: "must be on or off".into(),
                })
            }
        };
        let stripe = match get("STRIPE_SECRET_KEY") {
            None => None,
            Some(key) if production && is_stripe_test_key(key.trim()) => {
                return Err(ConfigError::Invalid {
                    name: "STRIPE_SECRET_KEY",
                    reason: "a test key cannot take payments unless ENVIRONMENT is development"
                        .into(),
                })
            }
            Some(key) => Some(StripeConfig {
                api_base: http_url(
                    "STRIPE_API_BASE",
                    &get("STRIPE_API_BASE").unwrap_or_else(|| "https://api.stripe.com".into()),
                )?,
                secret_key: Secret::new(key.trim()),
                webhook_secret: Secret::new(need("STRIPE_WEBHOOK_SECRET")?.trim()),
                live_only: production,
            }),
        };
        let wechat = match get("WECHAT_MCH_ID") {
            None => None,
            Some(mch_id) => {
                let api_v3_key = need("WECHAT_API_V3_KEY")?;
                if api_v3_key.trim().len() != 32 {
                    return Err(ConfigError::Invalid {
                        name: "WECHAT_API_V3_KEY",
                        reason: "must be 32 bytes".into(),
                    });
                }
                Some(WechatConfig {
                    api_base: http_url(
                        "WECHAT_API_BASE",
                        &get("WECHAT_API_BASE")
                            .unwrap_or_else(|| "https://api.mch.weixin.qq.com".into()),
                    )?,
                    mch_id: mch_id.trim().to_owned(),
                    app_id: need("WECHAT_APP_ID")?.trim().to_owned(),
                    serial_no: need("WECHAT_SERIAL_NO")?.trim().to_owned(),
                    private_key_pem: Secret::new(need("WECHAT_PRIVATE_KEY")?),
                    api_v3_key: Secret::new(api_v3_key.trim()),
                    platform_public_key_pem: need("WECHAT_PLATFORM_PUBLIC_KEY")?,
                    platform_serial: need("WECHAT_PLATFORM_SERIAL")?.trim().to_owned(),
                })
            }
        };
        let wechat_oauth = match &wechat {
            None => None,
            Some(_) => Some(WechatOauthConfig {
                api_base: http_url(
                    "WECHAT_OAUTH_API_BASE",
                    &get("WECHAT_OAUTH_API_BASE")
                        .unwrap_or_else(|| "https://api.weixin.qq.com".into()),
                )?,
                authorize_base: "https://open.weixin.qq.com".into(),
                app_secret: Secret::new(need("WECHAT_APP_SECRET")?.trim()),
            }),
        };
        let retry_base_secs = match get("RETRY_BASE_SECS") {
            None => 10,
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|s| (1..=600).contains(s))
                .ok_or_else(|| ConfigError::Invalid {
                    name: "RETRY_BASE_SECS",
                    reason: "must be whole seconds from 1 to 600".into(),
                })?,
        };
        Ok(PaymentsConfig {
            public_url,
            stripe,
            wechat,
            wechat_oauth,
            sandbox,
            retry_base_secs,
        })
    }
}

/// How long an owner's session lasts unless `SESSION_TTL_SECS` says otherwise (7 days).
pub const DEFAULT_SESSION_TTL_SECS: i64 = 7 * 24 * 3600;

/// The owner API's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnerApiConfig {
    /// How long a session lasts (`SESSION_TTL_SECS`, 60 s to 90 days).
    pub session_ttl_secs: i64,
    /// The platform's fee on retail, in basis points (`PLATFORM_FEE_BP`, 0 to 10 000).
    pub platform_fee_bp: u32,
}

impl Default for OwnerApiConfig {
    fn default() -> OwnerApiConfig {
        OwnerApiConfig {
            session_ttl_secs: DEFAULT_SESSION_TTL_SECS,
            platform_fee_bp: 0,
        }
    }
}

impl OwnerApiConfig {
    /// Reads the settings through `get` (absent or empty: the default).
    pub fn read(
        get: impl Fn(&'static str) -> Option<String>,
    ) -> Result<OwnerApiConfig, ConfigError> {
        let get = |name: &'static str| get(name).filter(|v| !v.trim().is_empty());
        let session_ttl_secs = match get("SESSION_TTL_SECS") {
            None => DEFAULT_SESSION_TTL_SECS,
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|s| (60..=90 * 24 * 3600).contains(s))
                .ok_or_else(|| ConfigError::Invalid {
                    name: "SESSION_TTL_SECS",
                    reason: "must be whole seconds from 60 to 7776000".into(),
                })?,
        };
        let platform_fee_bp = match get("PLATFORM_FEE_BP") {
            None => 0,
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|b| *b <= 10_000)
                .ok_or_else(|| ConfigError::Invalid {
                    name: "PLATFORM_FEE_BP",
                    reason: "must be basis points from 0 to 10000".into(),
                })?,
        };
        Ok(OwnerApiConfig {
            session_ttl_secs,
            platform_fee_bp,
        })
    }
}

/// How the edge calls its supplier: deadlines, read retries and the circuit breaker
/// (see [`crate::adapters::supplier::policy`] and [`crate::adapters::supplier::breaker`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupplierConfig {
    /// The whole deadline of a catalogue read, retries and body included
    /// (`SUPPLY_READ_TIMEOUT_MS`, default 2000).
    pub read_timeout_ms: u64,
    /// The whole deadline of checkout's calls: its fresh product reads and the order
    /// and after-sales writes (`SUPPLY_WRITE_TIMEOUT_MS`, default 8000).
    pub write_timeout_ms: u64,
    /// Retries of a failed read within its deadline (`SUPPLY_READ_RETRIES`, default 2);
    /// writes are never retried by the client.
    pub read_retries: u32,
    /// The circuit breaker: `SUPPLY_BREAKER_FAILURES` in a row (default 5), or
    /// `SUPPLY_BREAKER_RATE_PCT` % (50) of at least `SUPPLY_BREAKER_MIN_CALLS` (10)
    /// calls in `SUPPLY_BREAKER_WINDOW_SECS` (30) open it for
    /// `SUPPLY_BREAKER_COOLDOWN_SECS` (30).
    pub breaker: BreakerConfig,
}

impl Default for SupplierConfig {
    fn default() -> SupplierConfig {
        SupplierConfig {
            read_timeout_ms: 2_000,
            write_timeout_ms: 8_000,
            read_retries: 2,
            breaker: BreakerConfig::default(),
        }
    }
}

impl SupplierConfig {
    /// Reads the settings through `get` (absent or empty: the default).
    pub fn read(
        get: impl Fn(&'static str) -> Option<String>,
    ) -> Result<SupplierConfig, ConfigError> {
        let get = |name: &'static str| get(name).filter(|v| !v.trim().is_empty());
        let number = |name: &'static str, default: u64, min: u64, max: u64| match get(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| ConfigError::Invalid {
                    name,
                    reason: format!("must be a whole number from {min} to {max}"),
                }),
        };
        let d = SupplierConfig::default();
        let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let read_timeout_ms = number("SUPPLY_READ_TIMEOUT_MS", d.read_timeout_ms, 100, 30_000)?;
        let write_timeout_ms = number("SUPPLY_WRITE_TIMEOUT_MS", d.write_timeout_ms, 100, 30_000)?;
        Ok(SupplierConfig {
            read_timeout_ms,
            write_timeout_ms,
            read_retries: small(number("SUPPLY_READ_RETRIES", 2, 0, 5)?),
            breaker: BreakerConfig {
                consecutive_failures: small(number(
                    "SUPPLY_BREAKER_FAILURES",
                    u64::from(d.breaker.consecutive_failures),
                    1,
                    1000,
                )?),
                failure_rate_pct: small(number(
                    "SUPPLY_BREAKER_RATE_PCT",
                    u64::from(d.breaker.failure_rate_pct),
                    1,
                    100,
                )?),
                min_calls: small(number(
                    "SUPPLY_BREAKER_MIN_CALLS",
                    u64::from(d.breaker.min_calls),
                    1,
                    1000,
                )?),
                window_ms: number("SUPPLY_BREAKER_WINDOW_SECS", 30, 1, 3600)? * 1000,
                cooldown_ms: number("SUPPLY_BREAKER_COOLDOWN_SECS", 30, 1, 3600)? * 1000,
                trials: d.breaker.trials,
                // A trial is lost once the longest call it could be has passed.
                trial_timeout_ms: read_timeout_ms.max(write_timeout_ms) + 1_000,
            },
        })
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
    /// Payment providers.
    pub payments: PaymentsConfig,
    /// The owner API.
    pub owner_api: OwnerApiConfig,
    /// How the supplier is called.
    pub supplier: SupplierConfig,
}

impl Config {
    /// Reads the configuration through `var` (a plain variable) and `secret` (a
    /// secret), each the value of a name or `None`; the worker layer reads them
    /// from the Worker's environment.
    pub fn read(
        var: impl Fn(&str) -> Option<String>,
        secret: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let var_of = |name: &'static str| var(name).ok_or(ConfigError::Missing(name));
        let secret_of = |name: &'static str| secret(name).ok_or(ConfigError::Missing(name));
        let config = Config::from_values(
            &var_of("SUPPLY_URL")?,
            &var_of("SUPPLY_KEY_ID")?,
            &secret_of("SUPPLY_SECRET")?,
            &var_of("WEBHOOK_KEY_ID")?,
            &secret_of("WEBHOOK_SECRET")?,
            &secret_of("ORDER_TOKEN_SECRET")?,
        )?;
        let lookup = |name: &'static str| secret(name).or_else(|| var(name));
        let payments = PaymentsConfig::read(lookup)?;
        let owner_api = OwnerApiConfig::read(lookup)?;
        let supplier = SupplierConfig::read(lookup)?;
        Ok(Config {
            owner_api,
            supplier,
            ..config.with_payments(payments)
        })
    }

    /// This configuration with its payment settings.
    pub fn with_payments(mut self, payments: PaymentsConfig) -> Config {
        self.payments = payments;
        self
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
        let url = http_url("SUPPLY_URL", supply_url)?;
        let key = |name: &'static str, id: &str, secret: &str| {
            SigningKey::new(id, secret.as_bytes().to_vec()).map_err(|e: SigningError| {
                ConfigError::Invalid {
                    name,
                    reason: e.to_string(),
                }
            })
        };
        Ok(Config {
            supply_url: url,
            supply_key: key("SUPPLY_SECRET", supply_key_id, supply_secret)?,
            webhook_key: key("WEBHOOK_SECRET", webhook_key_id, webhook_secret)?,
            token_key: TokenKey::new(token_secret.as_bytes().to_vec())?,
            // Cash on delivery only, until `with_payments` sets the providers up.
            payments: PaymentsConfig {
                public_url: url_of_edge_unknown(),
                stripe: None,
                wechat: None,
                wechat_oauth: None,
                sandbox: None,
                retry_base_secs: 10,
            },
            owner_api: OwnerApiConfig::default(),
            supplier: SupplierConfig::default(),
        })
    }
}

/// Stands in for the edge's public URL until the payment settings are read; no
/// provider is set up then, so nothing links to it.
fn url_of_edge_unknown() -> String {
    "http://localhost".to_owned()
}

/// The supplier circuit breaker's thresholds (see [`SupplierConfig`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// The window over which the failure rate is measured.
    pub window_ms: u64,
    /// Fewer calls than this in the window never open the breaker by rate.
    pub min_calls: u32,
    /// The failure rate, in percent, that opens the breaker.
    pub failure_rate_pct: u32,
    /// This many failures in a row open the breaker whatever the rate.
    pub consecutive_failures: u32,
    /// How long the breaker stays open before trial calls.
    pub cooldown_ms: u64,
    /// How many trial calls a half-open breaker lets through at once.
    pub trials: u32,
    /// After this long an unreported trial call is counted as lost.
    pub trial_timeout_ms: u64,
}

impl Default for BreakerConfig {
    fn default() -> BreakerConfig {
        BreakerConfig {
            window_ms: 30_000,
            min_calls: 10,
            failure_rate_pct: 50,
            consecutive_failures: 5,
            cooldown_ms: 30_000,
            trials: 2,
            trial_timeout_ms: 10_000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&'static str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_sandbox_cannot_be_enabled_in_production() {
        let sandbox = [
            ("PUBLIC_URL", "http://127.0.0.1:8787"),
            ("PAYMENT_SANDBOX", "on"),
            ("SANDBOX_SECRET", "sandbox-secret-0123456789"),
        ];
        let refused = PaymentsConfig::read(lookup(&sandbox));
        assert!(matches!(
            refused,
            Err(ConfigError::Invalid {
                name: "PAYMENT_SANDBOX",
                ..
            })
        ));
        let mut dev = sandbox.to_vec();
        dev.push(("ENVIRONMENT", "development"));
        let c = PaymentsConfig::read(lookup(&dev)).expect("development may");
        assert!(c.sandbox.is_some());
        assert!(c.stripe.is_none() && c.wechat.is_none());
    }

    #[test]
    fn the_sandbox_needs_a_loopback_public_url_even_in_development() {
        let public = [
            ("ENVIRONMENT", "development"),
            ("PUBLIC_URL", "https://edge.example"),
            ("PAYMENT_SANDBOX", "on"),
            ("SANDBOX_SECRET", "sandbox-secret-0123456789"),
        ];
        assert!(matches!(
            PaymentsConfig::read(lookup(&public)),
            Err(ConfigError::Invalid {
                name: "PAYMENT_SANDBOX",
                ..
            })
        ));
    }

    #[test]
    fn a_stripe_test_key_cannot_take_payments_in_production() {
        for key in ["sk_test_abc", "rk_test_abc"] {
            let pairs = [
                ("PUBLIC_URL", "https://edge.example"),
                ("STRIPE_SECRET_KEY", key),
                ("STRIPE_WEBHOOK_SECRET", "whsec_x"),
            ];
            assert!(
                matches!(
                    PaymentsConfig::read(lookup(&pairs)),
                    Err(ConfigError::Invalid {
                        name: "STRIPE_SECRET_KEY",
                        ..
                    })
                ),
                "{key}"
            );
        }
        let live = [
            ("PUBLIC_URL", "https://edge.example"),
            ("STRIPE_SECRET_KEY", "sk_live_abc"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_x"),
        ];
        let c = PaymentsConfig::read(lookup(&live)).expect("a live key");
        assert!(c.stripe.is_some_and(|s| s.live_only));
    }

    #[test]
    fn a_provider_with_some_keys_missing_is_refused_not_half_set_up() {
        let pairs = [
            ("PUBLIC_URL", "https://edge.example"),
            ("STRIPE_SECRET_KEY", "sk_live_x"),
        ];
        assert!(matches!(
            PaymentsConfig::read(lookup(&pairs)),
            Err(ConfigError::Missing("STRIPE_WEBHOOK_SECRET"))
        ));
        let pairs = [
            ("PUBLIC_URL", "https://edge.example"),
            ("WECHAT_MCH_ID", "1900000001"),
            ("WECHAT_API_V3_KEY", "short"),
        ];
        assert!(matches!(
            PaymentsConfig::read(lookup(&pairs)),
            Err(ConfigError::Invalid {
                name: "WECHAT_API_V3_KEY",
                ..
            })
        ));
    }

    #[test]
    fn payment_secrets_never_appear_in_debug_output() {
        let pairs = [
            ("PUBLIC_URL", "https://edge.example/"),
            ("STRIPE_SECRET_KEY", "sk_live_very_secret"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_very_secret"),
        ];
        let c = PaymentsConfig::read(lookup(&pairs)).expect("valid");
        let shown = format!("{c:?}");
        assert!(!shown.contains("very_secret"), "{shown}");
        assert_eq!(c.public_url, "https://edge.example");
        assert_eq!(
            c.stripe.map(|s| s.api_base).as_deref(),
            Some("https://api.stripe.com")
        );
    }

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
    fn owner_api_settings_default_and_refuse_nonsense() {
        assert_eq!(
            OwnerApiConfig::read(lookup(&[])).expect("defaults"),
            OwnerApiConfig::default()
        );
        let c = OwnerApiConfig::read(lookup(&[
            ("SESSION_TTL_SECS", "3600"),
            ("PLATFORM_FEE_BP", "250"),
        ]))
        .expect("valid");
        assert_eq!((c.session_ttl_secs, c.platform_fee_bp), (3600, 250));
        for (name, value) in [
            ("SESSION_TTL_SECS", "0"),
            ("SESSION_TTL_SECS", "x"),
            ("PLATFORM_FEE_BP", "10001"),
            ("PLATFORM_FEE_BP", "-1"),
        ] {
            assert!(
                OwnerApiConfig::read(lookup(&[(name, value)])).is_err(),
                "{name}={value}"
            );
        }
    }

    #[test]
    fn supplier_settings_default_read_and_refuse_nonsense() {
        let d = SupplierConfig::read(lookup(&[])).expect("defaults");
        assert_eq!(
            d,
            SupplierConfig {
                breaker: BreakerConfig {
                    trial_timeout_ms: 9_000,
                    ..BreakerConfig::default()
                },
                ..SupplierConfig::default()
            }
        );
        let c = SupplierConfig::read(lookup(&[
            ("SUPPLY_BREAKER_COOLDOWN_SECS", "2"),
            ("SUPPLY_READ_TIMEOUT_MS", "1500"),
        ]))
        .expect("valid");
        assert_eq!((c.breaker.cooldown_ms, c.read_timeout_ms), (2_000, 1_500));
        for (name, value) in [
            ("SUPPLY_BREAKER_COOLDOWN_SECS", "0"),
            ("SUPPLY_READ_TIMEOUT_MS", "x"),
            ("SUPPLY_BREAKER_RATE_PCT", "101"),
            ("SUPPLY_READ_RETRIES", "9"),
        ] {
            assert!(
                SupplierConfig::read(lookup(&[(name, value)])).is_err(),
                "{name}={value}"
            );
        }
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
