//! The embeddable Pocketshop widget.
//!
//! The widget itself (the Leptos views, the loader and the Shadow DOM mount) is built
//! on this crate; what is here already is the part the rest of the system fixes: the
//! human message the widget shows for every Edge API error code.

pub mod messages;

pub use messages::message;
