//! The [`Cache`] on Workers KV.

use super::{Cache, CacheError};
use std::cell::OnceCell;
use worker::kv::KvStore;
use worker::Env;

/// The `CATALOGUE` KV namespace, looked up at first use (a read served from the
/// isolate's memory never touches it, and the lookup is calls into JavaScript).
pub struct KvCache {
    env: Env,
    binding: OnceCell<KvStore>,
}

impl KvCache {
    /// The cache of `env`'s `CATALOGUE` binding.
    pub fn new(env: Env) -> KvCache {
        KvCache {
            env,
            binding: OnceCell::new(),
        }
    }

    fn kv(&self) -> Result<&KvStore, CacheError> {
        if let Some(bound) = self.binding.get() {
            return Ok(bound);
        }
        let bound = self.env.kv("CATALOGUE").map_err(kv_error)?;
        Ok(self.binding.get_or_init(|| bound))
    }
}

fn kv_error(e: impl std::fmt::Display) -> CacheError {
    CacheError {
        detail: e.to_string(),
    }
}

impl Cache for KvCache {
    async fn get(&self, key: &str) -> Result<Option<String>, CacheError> {
        self.kv()?.get(key).text().await.map_err(kv_error)
    }

    async fn put(&self, key: &str, value: &str, ttl_secs: u64) -> Result<(), CacheError> {
        self.kv()?
            .put(key, value)
            .map_err(kv_error)?
            .expiration_ttl(ttl_secs)
            .execute()
            .await
            .map_err(kv_error)
    }

    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        self.kv()?.delete(key).await.map_err(kv_error)
    }
}
