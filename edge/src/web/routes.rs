//! Thin HTTP handlers, one per route and file, named verb + noun after what they
//! do, grouped by who calls them: each parses its input, calls the domain and
//! shapes the response.

pub mod agents;
pub mod hooks;
pub mod orders;
pub mod owner;
pub mod pay;
pub mod shop;
