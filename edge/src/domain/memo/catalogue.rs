//! This isolate's own copy of the decoded catalogue snapshot, so a cached read does
//! not fetch the whole catalogue from KV and decode it on every request (on the demo
//! catalogue, fetching and decoding it is most of a catalogue read's time).
//!
//! Invariants: a held snapshot is fresh until `until`, the moment its KV entry
//! expires (`fetched_at + SNAPSHOT_TTL_SECS`), so while fresh it is never staler
//! than KV itself may be: KV is eventually consistent for about a minute between
//! locations anyway. For [`GRACE_SECS`] after that it is still served, but only
//! with one refresh due or under way ([`Memo::serve`], [`Memo::take_due`]), which
//! runs after the answer is sent: the shopper who happens to arrive at the minute
//! does not wait for the whole catalogue to be fetched. Past the grace a read
//! waits for a fresh copy. [`Memo::clear`] drops the copy when this
//! isolate invalidates the catalogue, and a fetch that began before the clear is
//! not held after it ([`Memo::generation`]). Only fresh snapshots are held, never
//! the last good copy served while the supplier fails, so recovery shows at the
//! next read.

use pocketshop_shared::catalogue::SupplyProduct;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// How long past its lifetime a held snapshot is still served while it is being
/// refreshed. A refresh takes about a second; a supplier failing for longer than
/// this makes reads wait again, and then get the last good copy, marked stale.
pub const GRACE_SECS: i64 = 30;

/// The decoded snapshot of one isolate (Workers run one thread, hence `RefCell`).
#[derive(Debug, Default)]
pub struct Memo {
    held: RefCell<Option<Held>>,
    /// Bumped by every [`Memo::clear`].
    generation: Cell<u64>,
    refresh: Cell<Refresh>,
}

/// Where the refresh of a snapshot in its grace stands.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Refresh {
    /// None is wanted or running.
    #[default]
    Idle,
    /// A read served the snapshot in its grace; no refresh has started yet.
    Due,
    /// A refresh has started and not finished.
    Running,
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

    /// The held snapshot to serve at `now`: a fresh one, or one within its grace,
    /// in which case a refresh becomes due unless one is under way.
    pub fn serve(&self, now: i64) -> Option<Rc<Vec<SupplyProduct>>> {
        let held = self.held.borrow();
        let held = held
            .as_ref()
            .filter(|held| now < held.until.saturating_add(GRACE_SECS))?;
        if now >= held.until && self.refresh.get() == Refresh::Idle {
            self.refresh.set(Refresh::Due);
        }
        Some(Rc::clone(&held.products))
    }

    /// Whether a read made a refresh due that has not started.
    pub fn due(&self) -> bool {
        self.refresh.get() == Refresh::Due
    }

    /// Starts the refresh a read made due, if any: its [`Memo::generation`], to
    /// hand to [`Memo::hold`]. Until [`Memo::finish`], no other refresh is due.
    pub fn take_due(&self) -> Option<u64> {
        if !self.due() {
            return None;
        }
        self.refresh.set(Refresh::Running);
        Some(self.generation.get())
    }

    /// Ends the refresh [`Memo::take_due`] started, whether it held a copy or not.
    pub fn finish(&self) {
        self.refresh.set(Refresh::Idle);
    }

    /// Which invalidation the held copy belongs to: read it before a fetch.
    pub fn generation(&self) -> u64 {
        self.generation.get()
    }

    /// Holds `products` until `until` (unix seconds), replacing what was held,
    /// unless the catalogue was invalidated since `generation` was read: then the
    /// fetch may predate the change, and `false` says it was not held.
    pub fn hold(&self, generation: u64, products: Rc<Vec<SupplyProduct>>, until: i64) -> bool {
        if generation != self.generation.get() {
            return false;
        }
        *self.held.borrow_mut() = Some(Held { products, until });
        true
    }

    /// Drops the held snapshot; a fetch under way is not held when it ends.
    pub fn clear(&self) {
        *self.held.borrow_mut() = None;
        self.generation.set(self.generation.get().wrapping_add(1));
        // A due refresh has nothing left to refresh; a running one ends by itself.
        if self.due() {
            self.refresh.set(Refresh::Idle);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(memo: &Memo, until: i64) {
        assert!(memo.hold(memo.generation(), Rc::new(Vec::new()), until));
    }

    #[test]
    fn a_held_snapshot_is_fresh_until_its_moment_and_not_at_it() {
        let memo = Memo::default();
        assert!(memo.get(0).is_none());
        held(&memo, 100);
        assert!(memo.get(99).is_some());
        assert!(memo.get(100).is_none());
    }

    #[test]
    fn a_fresh_snapshot_is_served_with_no_refresh_due() {
        let memo = Memo::default();
        held(&memo, 100);
        assert!(memo.serve(99).is_some());
        assert!(!memo.due());
        assert_eq!(memo.take_due(), None);
    }

    #[test]
    fn in_its_grace_a_snapshot_is_served_and_exactly_one_refresh_is_due() {
        let memo = Memo::default();
        held(&memo, 100);
        assert!(memo.serve(100).is_some());
        assert!(memo.serve(101).is_some());
        assert!(memo.due());
        let generation = memo.take_due().expect("a refresh is due");
        assert_eq!(memo.take_due(), None, "only one at a time");
        assert!(memo.serve(102).is_some());
        assert_eq!(memo.take_due(), None, "none while one is under way");
        assert!(memo.hold(generation, Rc::new(Vec::new()), 160));
        memo.finish();
        assert!(memo.serve(103).is_some());
        assert_eq!(memo.take_due(), None, "fresh again");
    }

    #[test]
    fn a_failed_refresh_lets_the_next_read_in_the_grace_make_another_due() {
        let memo = Memo::default();
        held(&memo, 100);
        memo.serve(100);
        memo.take_due().expect("due");
        memo.finish();
        memo.serve(110);
        assert!(memo.take_due().is_some());
    }

    #[test]
    fn past_its_grace_a_snapshot_is_not_served() {
        let memo = Memo::default();
        held(&memo, 100);
        assert!(memo.serve(100 + GRACE_SECS - 1).is_some());
        memo.take_due();
        assert!(memo.serve(100 + GRACE_SECS).is_none());
    }

    #[test]
    fn a_fetch_that_began_before_a_clear_is_not_held_after_it() {
        let memo = Memo::default();
        held(&memo, 100);
        memo.serve(100);
        let generation = memo.take_due().expect("due");
        memo.clear();
        assert!(!memo.hold(generation, Rc::new(Vec::new()), 160));
        memo.finish();
        assert!(memo.serve(101).is_none());
    }

    #[test]
    fn a_cleared_memo_holds_nothing() {
        let memo = Memo::default();
        held(&memo, 100);
        memo.clear();
        assert!(memo.get(0).is_none());
        assert!(memo.serve(0).is_none());
    }
}
