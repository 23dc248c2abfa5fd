//! This isolate's own copy of the decoded catalogue snapshot, so a cached read does
//! not fetch the whole catalogue from KV and decode it on every request (on the demo
//! catalogue that was most of a catalogue read's time).
//!
//! Invariants: a held snapshot is never served at or after `until`, the moment its
//! KV entry expires (`fetched_at + SNAPSHOT_TTL_SECS`), so it is never staler than
//! KV itself may be: KV is eventually consistent for about a minute between
//! locations anyway. [`Memo::clear`] drops it when this isolate invalidates the
//! catalogue. Only fresh snapshots are held, never the last good copy served while
//! the supplier fails, so recovery shows at the next read.

use pocketshop_shared::catalogue::SupplyProduct;
use std::cell::RefCell;
use std::rc::Rc;

/// The decoded snapshot of one isolate (Workers run one thread, hence `RefCell`).
#[derive(Debug, Default)]
pub struct Memo {
    held: RefCell<Option<Held>>,
}

#[derive(Debug)]
struct Held {
    products: Rc<Vec<SupplyProduct>>,
    until: i64,
}

impl Memo {
    /// The held snapshot, if it is still fresh at `now` (unix seconds).
    pub fn get(&self, now: i64) -> Option<Rc<Vec<SupplyProduct>>> {
        self.held
            .borrow()
            .as_ref()
            .filter(|held| now < held.until)
            .map(|held| Rc::clone(&held.products))
    }

    /// Holds `products` until `until` (unix seconds), replacing what was held.
    pub fn hold(&self, products: Rc<Vec<SupplyProduct>>, until: i64) {
        *self.held.borrow_mut() = Some(Held { products, until });
    }

    /// Drops the held snapshot.
    pub fn clear(&self) {
        *self.held.borrow_mut() = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_snapshot_is_served_until_its_moment_and_not_at_it() {
        let memo = Memo::default();
        assert!(memo.get(0).is_none());
        memo.hold(Rc::new(Vec::new()), 100);
        assert!(memo.get(99).is_some());
        assert!(memo.get(100).is_none());
    }

    #[test]
    fn a_cleared_memo_holds_nothing() {
        let memo = Memo::default();
        memo.hold(Rc::new(Vec::new()), 100);
        memo.clear();
        assert!(memo.get(0).is_none());
    }
}
