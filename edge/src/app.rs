//! What a request is handled with: storage, the supplier, the cache, the
//! platform (outbound calls and timers), the payment providers, the
//! configuration and the clock, gathered so handlers take one argument.

use crate::cache::Cache;
use crate::catalogue::memo::Memo;
use crate::config::Config;
use crate::pages::PageMemo;
use crate::payments::Payments;
use crate::platform::Platform;
use crate::shops::ShopMemo;
use crate::store::Store;
use crate::supplier::Supplier;
use std::rc::Rc;

/// The services one request is handled with.
pub struct App<S: Store, P: Supplier, C: Cache, X: Platform> {
    /// The database.
    pub store: S,
    /// The supplier.
    pub supplier: P,
    /// The catalogue cache.
    pub cache: C,
    /// The isolate's decoded catalogue snapshot, shared by its requests.
    pub memo: Rc<Memo>,
    /// The isolate's recent shop records, for catalogue pages.
    pub shops: Rc<ShopMemo>,
    /// The isolate's rendered catalogue pages.
    pub pages: Rc<PageMemo>,
    /// Outbound calls to payment providers, and order timers.
    pub platform: X,
    /// The payment providers set up in `config` (shared: the isolate reads them once,
    /// and their keys are not copied for every request).
    pub payments: Rc<Payments>,
    /// The configuration (shared likewise).
    pub config: Rc<Config>,
    /// The request's time (unix seconds), read once so a request sees one clock.
    pub now: i64,
}
