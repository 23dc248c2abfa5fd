//! The [`Cache`] on Workers KV.

use super::{Cache, CacheError};
use worker::kv::KvStore;

/// The `CATALOGUE` KV namespace.
pub struct KvCache {
    kv: KvStore,
}

impl KvCache {
    /// Wraps the binding.
    pub fn new(kv: KvStore) -> KvCache {
        KvCache { kv }
    }
}

fn kv_error(e: impl std::fmt::Display) -> CacheError {
    CacheError {
        detail: e.to_string(),
    }
}

impl Cache for KvCache {
    async fn get(&self, key: &str) -> Result<Option<String>, CacheError> {
        self.kv.get(key).text().await.map_err(kv_error)
    }

    async fn put(&self, key: &str, value: &str, ttl_secs: u64) -> Result<(), CacheError> {
        self.kv
            .put(key, value)
            .map_err(kv_error)?
            .expiration_ttl(ttl_secs)
            .execute()
            .await
            .map_err(kv_error)
    }

    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        self.kv.delete(key).await.map_err(kv_error)
    }
}
