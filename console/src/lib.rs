//! The store owners' console: a Leptos CSR app served by the edge at `/console/`, on
//! the edge's own origin, talking to the owner API (`/v1/admin/*`) same-origin.
//!
//! Invariants: [`api`] is the only module doing HTTP; the session token lives only in
//! `sessionStorage` ([`session`]) and any `unauthorized` answer drops it and returns to
//! sign-in; everything an owner or the supplier typed (shop names, titles, origins) is
//! rendered as text, never as HTML; every text is given in zh-CN and en through
//! [`i18n::pick`]. Pure parts (routes, money, markup forms, snippets, messages) compile
//! and are tested natively.

pub mod api;
pub mod browser;
pub mod components;
pub mod context;
pub mod format;
pub mod i18n;
pub mod markup_form;
pub mod messages;
pub mod route;
pub mod session;
pub mod snippet;

use wasm_bindgen::prelude::*;

/// Mounts the console on the page's `<body>` when the WASM module starts.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into())
    }));
    // Mounted for as long as the page lives.
    leptos::mount::mount_to_body(components::app::App);
}
