//! What a request is handled with: storage, the supplier, the cache, the
//! configuration and the clock, gathered so handlers take one argument.

use crate::cache::Cache;
use crate::config::Config;
use crate::store::Store;
use crate::supplier::Supplier;

/// The services one request is handled with.
pub struct App<S: Store, P: Supplier, C: Cache> {
    /// The database.
    pub store: S,
    /// The supplier.
    pub supplier: P,
    /// The catalogue cache.
    pub cache: C,
    /// The configuration.
    pub config: Config,
    /// The request's time (unix seconds), read once so a request sees one clock.
    pub now: i64,
}
