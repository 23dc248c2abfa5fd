//! In-memory fakes of the ports, and sample records, for tests: the store, the
//! supplier, the cache and the platform, each keeping the invariants its real
//! adapter keeps, so handler flows run natively without a Workers runtime.
//!
//! Invariants: compiled only for tests (`cfg(test)` here, the `fakes` feature for
//! `edge/tests/`); fakes import only `ports` and `base`, so any layer's tests may
//! use them.

pub mod cache;
pub mod fixtures;
pub mod platform;
pub mod store;
pub mod supplier;

pub use cache::MemCache;
pub use fixtures::{cny, config, demo_shop, sample_catalogue, ORIGIN, PUBLIC_URL, SANDBOX_SECRET};
pub use platform::FakePlatform;
pub use store::MemStore;
pub use supplier::FakeSupplier;

/// The fakes as one implementation of the ports.
pub struct FakePorts;

impl crate::ports::Ports for FakePorts {
    type Store = MemStore;
    type Supplier = FakeSupplier;
    type Cache = MemCache;
    type Platform = FakePlatform;
}
