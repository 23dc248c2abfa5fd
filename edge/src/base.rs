//! The base layer: what every other layer stands on and that knows nothing of the
//! shop: HTTP values, configuration, randomness, the clock and the log.
//!
//! Invariants: nothing here imports another layer of the crate; only `shared` and
//! the runtime's own primitives (time, crypto, console) are named.

pub mod clock;
pub mod config;
pub mod http;
pub mod log;
pub mod random;
