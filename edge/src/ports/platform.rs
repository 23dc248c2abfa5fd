//! What the edge asks of the platform besides storage and the supplier: outbound
//! HTTP to payment providers, waking an order's lifecycle at a later time, and the
//! slow password derivation (native Web Crypto in the Worker).
//!
//! In the Worker, requests go through `fetch` and wake-ups are Durable Object alarms
//! (one object per order, see [`crate::worker::order_timer`]); in tests, a fake records both.
//!
//! Invariants: a provider's answer is read up to [`MAX_PROVIDER_BODY`] bytes and
//! never passed on to a browser; asking to wake an order earlier than it is already
//! due moves the alarm earlier, never later.

use crate::base::http::Method;
use pocketshop_shared::OrderId;

/// A platform call that failed.
#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    /// The request could not be sent or its answer read.
    #[error("outbound request failed: {detail}")]
    Fetch {
        /// The runtime's message.
        detail: String,
    },
    /// The provider's answer is larger than the edge reads.
    #[error("outbound answer larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// The platform's cryptography failed (Web Crypto rejected a call).
    #[error("crypto failed: {detail}")]
    Crypto {
        /// The runtime's message.
        detail: String,
    },
    /// A rate limiter could not be asked.
    #[error("rate limiter failed: {detail}")]
    RateLimit {
        /// The runtime's message.
        detail: String,
    },
    /// The order's timer could not be set.
    #[error("order timer failed: {detail}")]
    Timer {
        /// The runtime's message.
        detail: String,
    },
    /// A SKU's stock holds could not be asked.
    #[error("stock holds failed: {detail}")]
    StockHolds {
        /// The runtime's message.
        detail: String,
    },
    /// A campaign counter could not be asked.
    #[error("campaign counter failed: {detail}")]
    Campaign {
        /// The runtime's message.
        detail: String,
    },
}

/// The platform.
#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait Platform {
    /// Sends a request to a provider and reads its answer.
    async fn send(&self, request: OutboundRequest) -> Result<OutboundResponse, PlatformError>;

    /// Makes sure the order's lifecycle runs again at `at` (unix seconds) or sooner.
    async fn wake_order_at(&self, order: &OrderId, at: i64) -> Result<(), PlatformError>;

    /// Counts one request of `key` against `limiter`; `false` when the key has used
    /// up the limiter's allowance in the current window.
    async fn rate_limit(&self, limiter: Limiter, key: &str) -> Result<bool, PlatformError>;

    /// Sends one command to the stock holds of `sku` (see [`crate::domain::orders::holds`]): the
    /// `STOCK_HOLDS` Durable Object named by the SKU in the Worker.
    async fn stock_holds(
        &self,
        sku: &pocketshop_shared::Sku,
        command: &crate::ports::holds::HoldCommand,
    ) -> Result<crate::ports::holds::HoldAnswer, PlatformError>;

    /// Sends one command to the campaign counter `name` (see [`crate::domain::community::campaigns`]):
    /// the `CAMPAIGNS` Durable Object of that name in the Worker.
    async fn campaign(
        &self,
        name: &str,
        command: &crate::ports::counters::CampaignCommand,
    ) -> Result<crate::ports::counters::CampaignAnswer, PlatformError>;

    /// PBKDF2-HMAC-SHA256 of `password` with `salt`, 32 bytes (Web Crypto's
    /// `deriveBits` in the Worker, so 100 000 iterations stay within its CPU budget).
    async fn pbkdf2_sha256(
        &self,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
    ) -> Result<[u8; 32], PlatformError>;
}

/// One rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limiter {
    /// `POST /v1/shops/{shop}/orders`, per shop and client.
    Checkout,
    /// The supplier's and the payment providers' webhooks, per receiver and client.
    Webhook,
}

impl Limiter {
    /// The binding's name in `wrangler.toml`.
    pub fn binding(self) -> &'static str {
        match self {
            Limiter::Checkout => "CHECKOUT_LIMITER",
            Limiter::Webhook => "WEBHOOK_LIMITER",
        }
    }

    /// The window of the binding in `wrangler.toml` (`simple.period`), seconds: what a
    /// refused client is told to wait at most.
    pub fn period_secs(self) -> u32 {
        match self {
            Limiter::Checkout => 60,
            Limiter::Webhook => 10,
        }
    }
}

/// An outbound HTTP request to a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Headers (names lowercase).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// A provider's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundResponse {
    /// The status.
    pub status: u16,
    /// Headers (names lowercase).
    pub headers: Vec<(String, String)>,
    /// The body, read up to [`MAX_PROVIDER_BODY`].
    pub body: Vec<u8>,
}

/// The largest provider answer the edge reads.
pub const MAX_PROVIDER_BODY: usize = 256 * 1024;
