//! This isolate's recent shop records, for catalogue pages: a shop is read fresh
//! from D1 at most every [`HELD_SECS`], and an owner's write clears them all.

use crate::ports::store::ShopRecord;
use pocketshop_shared::ShopId;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// How long a held record may serve catalogue pages, in seconds.
pub const HELD_SECS: i64 = 10;
/// The most records held; past it the copy starts over (shops are few per isolate).
pub const MAX_HELD: usize = 1024;

/// The shop records one isolate holds (Workers run one thread, hence `RefCell`).
#[derive(Debug, Default)]
pub struct ShopMemo {
    held: RefCell<HashMap<ShopId, (Rc<ShopRecord>, i64)>>,
}

impl ShopMemo {
    /// The record of `id` read less than [`HELD_SECS`] before `now`.
    pub fn get(&self, id: &ShopId, now: i64) -> Option<Rc<ShopRecord>> {
        self.held
            .borrow()
            .get(id)
            .filter(|(_, until)| now < *until)
            .map(|(shop, _)| Rc::clone(shop))
    }

    /// Holds `shop`, read at `now`, and returns the record now held: the one
    /// already held when it is equal, so what was rendered from it (`pages.rs`)
    /// stays good after a fresh read that found nothing changed.
    pub fn hold(&self, shop: Rc<ShopRecord>, now: i64) -> Rc<ShopRecord> {
        let mut held = self.held.borrow_mut();
        if held.len() >= MAX_HELD && !held.contains_key(&shop.id) {
            held.clear();
        }
        let shop = match held.get(&shop.id) {
            Some((same, _)) if **same == *shop => Rc::clone(same),
            _ => shop,
        };
        held.insert(
            shop.id.clone(),
            (Rc::clone(&shop), now.saturating_add(HELD_SECS)),
        );
        shop
    }

    /// Drops every held record.
    pub fn clear(&self) {
        self.held.borrow_mut().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fakes::demo_shop;

    #[test]
    fn a_held_record_serves_for_its_seconds_and_not_after() {
        let memo = ShopMemo::default();
        let shop = demo_shop();
        memo.hold(Rc::new(shop.clone()), 100);
        assert!(memo.get(&shop.id, 100 + HELD_SECS - 1).is_some());
        assert!(memo.get(&shop.id, 100 + HELD_SECS).is_none());
        memo.clear();
        assert!(memo.get(&shop.id, 100).is_none());
    }

    #[test]
    fn an_equal_record_read_again_keeps_the_held_one_and_a_changed_one_replaces_it() {
        let memo = ShopMemo::default();
        let first = memo.hold(Rc::new(demo_shop()), 100);
        let again = memo.hold(Rc::new(demo_shop()), 105);
        assert!(Rc::ptr_eq(&first, &again));
        assert!(
            memo.get(&first.id, 100 + HELD_SECS).is_some(),
            "held anew from the second read"
        );
        let mut changed = demo_shop();
        changed.name = "Renamed".into();
        let changed = memo.hold(Rc::new(changed), 106);
        assert!(!Rc::ptr_eq(&first, &changed));
        let now_held = memo.get(&first.id, 106).expect("held");
        assert!(Rc::ptr_eq(&now_held, &changed));
    }

    #[test]
    fn holding_past_the_bound_starts_over_instead_of_growing() {
        let memo = ShopMemo::default();
        for i in 0..=MAX_HELD {
            let mut shop = demo_shop();
            shop.id = ShopId::parse(&format!("s{i}")).expect("id");
            memo.hold(Rc::new(shop), 0);
        }
        assert_eq!(memo.held.borrow().len(), 1);
    }
}
