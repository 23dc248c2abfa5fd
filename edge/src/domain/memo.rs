//! This isolate's memory: the decoded catalogue snapshot, recent shop records and
//! rendered catalogue pages, kept across requests so a repeated catalogue read
//! touches neither KV nor D1.
//!
//! Invariants: each memo holds data only for a bounded time and number of entries,
//! and an owner's write clears what it could have changed.

pub mod catalogue;
pub mod pages;
pub mod shops;
