//! [`MemCache`]: the catalogue cache as a map.

use crate::ports::cache::{Cache, CacheError};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

#[derive(Default)]
pub struct MemCache {
    pub entries: RefCell<HashMap<String, String>>,
    /// Writes fail, as a KV over its write rate does.
    pub refuse_writes: Cell<bool>,
}

impl Cache for MemCache {
    async fn get(&self, key: &str) -> Result<Option<String>, CacheError> {
        Ok(self.entries.borrow().get(key).cloned())
    }
    async fn put(&self, key: &str, value: &str, _ttl: u64) -> Result<(), CacheError> {
        if self.refuse_writes.get() {
            return Err(CacheError {
                detail: "write refused".into(),
            });
        }
        self.entries
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        self.entries.borrow_mut().remove(key);
        Ok(())
    }
}
