//! The embeddable Pocketshop widget: Leptos views that `embed.js` mounts into each
//! `<pocket-shop>` element's shadow root.
//!
//! Pure parts (formatting, deep links, the SKU picker, options, messages) compile
//! and are tested natively; the views render only through browser-free code, with
//! browser APIs in `browser`, `storage` and `api` called from effects and handlers.

pub mod api;
pub mod browser;
pub mod components;
pub mod context;
pub mod format;
pub mod i18n;
pub mod messages;
pub mod mount;
pub mod options;
pub mod route;
pub mod storage;

pub use messages::message;
// The SKU picker is pure and shared with the edge, which renders first views.
pub use mount::mount;
pub use pocketshop_shared::picker;
