//! The widget's first-view layer: a small WASM module, without Leptos, that makes
//! the product card the edge rendered answer the shopper (pick options, set a
//! quantity, add to the cart) long before the whole widget has loaded, which then
//! takes the card over with the shopper's picks; on a grid, it keeps the tile a
//! shopper taps for the widget to open.
//!
//! Invariants: it links no renderer and no reactive system, only `shared`'s pure
//! card, picker and cart, so it stays a small fraction of the widget; it writes the
//! cart only through the cart's reducer and the storage entries the widget reads.

pub mod json;
mod layer;
pub mod picks;
mod taps;

pub use layer::attach;
