//! The runtime's bindings as the adapters see them: [`Bindings`], which the worker
//! layer implements on the Worker's environment, and [`LazyBinding`], one binding
//! looked up at its first use, then kept for the request. A request served from the
//! isolate's memory never touches the database or the cache, and looking a binding
//! up is several calls into JavaScript (a KV namespace's alone is six property
//! reads).
//!
//! Invariants: a failed lookup is not kept, so the next use tries again.

use std::cell::OnceCell;
use std::rc::Rc;
use worker::{D1Database, KvStore, ObjectNamespace, RateLimiter};

/// Where the adapters find the Worker's bindings by name.
pub trait Bindings {
    /// The D1 database `name`.
    fn d1(&self, name: &str) -> worker::Result<D1Database>;
    /// The KV namespace `name`.
    fn kv(&self, name: &str) -> worker::Result<KvStore>;
    /// The Durable Object namespace `name`.
    fn durable_object(&self, name: &str) -> worker::Result<ObjectNamespace>;
    /// The rate limiter `name`.
    fn rate_limiter(&self, name: &str) -> worker::Result<RateLimiter>;
}

/// The binding `name`, looked up once, when first asked for.
pub struct LazyBinding<T> {
    bindings: Rc<dyn Bindings>,
    name: &'static str,
    bound: OnceCell<T>,
}

impl<T> LazyBinding<T> {
    /// The binding `name` of `bindings`, not yet looked up.
    pub fn new(bindings: Rc<dyn Bindings>, name: &'static str) -> LazyBinding<T> {
        LazyBinding {
            bindings,
            name,
            bound: OnceCell::new(),
        }
    }

    /// The binding, looked up with `look_up` the first time.
    pub fn get(
        &self,
        look_up: impl FnOnce(&dyn Bindings, &str) -> worker::Result<T>,
    ) -> worker::Result<&T> {
        if let Some(bound) = self.bound.get() {
            return Ok(bound);
        }
        let bound = look_up(self.bindings.as_ref(), self.name)?;
        Ok(self.bound.get_or_init(|| bound))
    }
}
