//! What a request is handled with: the ports (storage, the supplier, the cache,
//! the platform), this isolate's memos, the payment providers, the configuration
//! and the clock, gathered so handlers take one argument.
//!
//! Invariants: `now` is read once per request, so a request sees one clock; the
//! memos, providers and configuration are shared by every request of the isolate
//! (`Rc`), never copied per request.

use crate::base::config::Config;
use crate::domain::memo::catalogue::Memo;
use crate::domain::memo::pages::PageMemo;
use crate::domain::memo::shops::ShopMemo;
use crate::domain::payments::Payments;
use crate::ports::prelude::*;
use std::rc::Rc;

/// The services one request is handled with.
pub struct Services<P: Ports> {
    /// The database.
    pub store: P::Store,
    /// The supplier.
    pub supplier: P::Supplier,
    /// The catalogue cache.
    pub cache: P::Cache,
    /// The isolate's decoded catalogue snapshot, shared by its requests.
    pub memo: Rc<Memo>,
    /// The isolate's recent shop records, for catalogue pages.
    pub shops: Rc<ShopMemo>,
    /// The isolate's rendered catalogue pages.
    pub pages: Rc<PageMemo>,
    /// Outbound calls to payment providers, timers and the Durable Objects.
    pub platform: P::Platform,
    /// The payment providers set up in `config`.
    pub payments: Rc<Payments>,
    /// The configuration.
    pub config: Rc<Config>,
    /// The request's time (unix seconds).
    pub now: i64,
}
