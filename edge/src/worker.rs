//! The worker layer: the Workers runtime's entry points. It reads the runtime's
//! `Env`, builds the adapters and the request's services, converts requests and
//! responses, and holds the Durable Object classes.
//!
//! Invariants: this is the only module that names `worker::Env`; nothing else in
//! the crate imports it.

pub mod campaign_counter;
pub mod order_timer;
pub mod runtime;
pub mod stock_holds;

/// The Worker's fetch handler, called by `edge/entry.mjs`: see [`runtime::fetch`].
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn fetch(
    req: worker::worker_sys::web_sys::Request,
    env: worker::Env,
    ctx: worker::worker_sys::Context,
) -> wasm_bindgen::JsValue {
    runtime::fetch(req, env, ctx)
}
