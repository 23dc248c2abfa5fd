//! The Pocketshop edge API Worker: prices the supplier's catalogue for each shop,
//! quotes carts, takes orders and hands them to the supplier, and receives the
//! supplier's and payment providers' events.
//!
//! Folders say the layer, and imports run one way: [`worker`] (the runtime's entry
//! points, the only code that names `worker::Env`) → [`web`] (routes, CORS, input,
//! pages) → [`domain`] (by feature) → [`ports`] (traits) ← [`adapters`] (D1, KV,
//! the supplier client, the Worker platform); everything stands on [`base`].
//! `cargo xtask test` checks the direction and that no module reaches a sibling
//! that reaches it back.

pub mod adapters;
pub mod base;
pub mod domain;
#[cfg(any(test, feature = "fakes"))]
pub mod fakes;
pub mod ports;
pub mod web;
pub mod worker;
