//! The ports: what the domain asks of the world, as traits with the records they
//! exchange. Storage, the supplier, the catalogue cache and the platform (outbound
//! calls, timers, rate limits, the stock-hold and campaign-counter Durable Objects)
//! each have one trait; [`Ports`] names one implementation of each, so the rest of
//! the crate takes a single type parameter.
//!
//! Invariants: ports import only `base` and `shared`; adapters (the Worker's D1, KV,
//! fetch and Durable Objects) and the in-memory fakes of tests implement them.

pub mod cache;
pub mod counters;
pub mod error;
pub mod holds;
pub mod payments;
pub mod platform;
pub mod store;
pub mod supplier;
pub mod timer;

/// The port traits, for a `use crate::ports::prelude::*;` where a request's
/// services are used: their methods need the traits in scope.
pub mod prelude {
    pub use super::cache::Cache;
    pub use super::platform::Platform;
    pub use super::store::campaigns::CampaignStore;
    pub use super::store::community::CommunityStore;
    pub use super::store::money::MoneyStore;
    pub use super::store::orders::OrderStore;
    pub use super::store::owners::OwnerStore;
    pub use super::store::Store;
    pub use super::supplier::Supplier;
    pub use super::Ports;
}

/// One implementation of every port: the Worker's, or the tests' fakes.
pub trait Ports {
    /// The database.
    type Store: store::Store;
    /// The supplier.
    type Supplier: supplier::Supplier;
    /// The catalogue cache.
    type Cache: cache::Cache;
    /// Outbound calls, timers, rate limits and the Durable Objects.
    type Platform: platform::Platform;
}
