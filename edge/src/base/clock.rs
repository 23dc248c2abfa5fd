//! The current time, read from the runtime's clock (`Date.now()` in the Worker, the
//! system clock natively).
//!
//! Invariants: unix seconds, never negative; a request reads it once (see
//! `Services::now`), so everything it decides sees one instant.

/// The current time, unix seconds.
pub fn now() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    }
}
