//! The [`Cache`] on Workers KV.

use crate::adapters::binding::{Bindings, LazyBinding};
use crate::ports::cache::{Cache, CacheError};
use std::rc::Rc;
use worker::kv::KvStore;

/// The `CATALOGUE` KV namespace, looked up at first use.
pub struct KvCache {
    binding: LazyBinding<KvStore>,
}

impl KvCache {
    /// The cache of the `CATALOGUE` binding.
    pub fn new(bindings: Rc<dyn Bindings>) -> KvCache {
        KvCache {
            binding: LazyBinding::new(bindings, "CATALOGUE"),
        }
    }

    fn kv(&self) -> Result<&KvStore, CacheError> {
        self.binding.get(|b, name| b.kv(name)).map_err(kv_error)
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
