//! The adapters: the ports implemented on the Workers runtime. D1 for the store, KV
//! for the catalogue cache, signed HTTPS for the supplier, and `fetch`, Durable
//! Objects and the rate-limit binding for the platform.
//!
//! Invariants: adapters import only `ports` and `base`; each binding is looked up at
//! its first use in a request, through a [`binding::LazyBinding`] the worker layer
//! hands in, so no adapter names the runtime's `Env`.

pub mod binding;
pub mod d1;
pub mod kv;
pub mod supplier;
pub mod worker_platform;
