//! A binding of the Worker's `Env` looked up at its first use, then kept for the
//! request: a request served from the isolate's memory never touches the database
//! or the cache, and looking a binding up is several calls into JavaScript (a KV
//! namespace's alone is six property reads).

use std::cell::OnceCell;
use worker::Env;

/// The binding `name` of an `Env`, looked up once, when first asked for.
pub struct LazyBinding<T> {
    env: Env,
    name: &'static str,
    bound: OnceCell<T>,
}

impl<T> LazyBinding<T> {
    /// The binding `name` of `env`, not yet looked up.
    pub fn new(env: Env, name: &'static str) -> LazyBinding<T> {
        LazyBinding {
            env,
            name,
            bound: OnceCell::new(),
        }
    }

    /// The binding, looked up with `look_up` the first time (a failed lookup is
    /// tried again at the next use).
    pub fn get(&self, look_up: impl FnOnce(&Env, &str) -> worker::Result<T>) -> worker::Result<&T> {
        if let Some(bound) = self.bound.get() {
            return Ok(bound);
        }
        let bound = look_up(&self.env, self.name)?;
        Ok(self.bound.get_or_init(|| bound))
    }
}
