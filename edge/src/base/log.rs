//! The log: one line per internal failure, to the Worker's log (`console.error`)
//! or to stderr natively.
//!
//! Invariants: a line names the request id where there is one; nothing logged here
//! is ever sent to a browser.

/// Logs an internal failure.
pub fn log_error(line: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::error_1(&line.into());
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{line}");
}
