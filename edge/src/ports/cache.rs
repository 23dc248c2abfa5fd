//! The catalogue cache, behind the [`Cache`] trait (Workers KV in production, a map in
//! tests).
//!
//! Invariants: the cache holds only supplier data, never anything priced for a shop
//! or about a shopper, so one entry serves every shop.

/// A cache failure.
#[derive(Debug, thiserror::Error)]
#[error("cache error: {detail}")]
pub struct CacheError {
    /// The binding's message.
    pub detail: String,
}

/// A key-value cache with expiry.
#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait Cache {
    /// The value under `key`, if present and fresh.
    async fn get(&self, key: &str) -> Result<Option<String>, CacheError>;
    /// Stores `value` under `key` for `ttl_secs`.
    async fn put(&self, key: &str, value: &str, ttl_secs: u64) -> Result<(), CacheError>;
    /// Removes `key`.
    async fn delete(&self, key: &str) -> Result<(), CacheError>;
}
