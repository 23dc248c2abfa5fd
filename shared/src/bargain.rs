//! Bargaining: a shopper starts a bargain on one SKU, friends each help once and cut
//! a random amount off, and after the configured number of helps the price is the
//! shop's floor.
//!
//! Invariants of the cut algorithm ([`cut`]):
//! - it is pure and seeded: the cut of help `k` depends only on the bargain's seed,
//!   `k`, the number of helps and what is left to cut, so a retried or concurrent help
//!   computes the same cut for the same place;
//! - the cuts of a bargain add up to exactly `start − floor` at the last help, and the
//!   price never goes below the floor (a cut is never more than what is left);
//! - every cut is at least one minor unit while there is at least one unit left per
//!   remaining help, so every friend visibly helps;
//! - no cut is more than twice the average of what is left, so the first friend does
//!   not take it all.

use crate::id::{ProductId, ShopperId, Sku};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// The most helps an owner may ask for.
pub const MAX_HELPS: u32 = 50;
/// The shortest a bargain may run (seconds).
pub const MIN_DURATION_SECS: i64 = 600;
/// The longest a bargain may run (seconds): a week.
pub const MAX_DURATION_SECS: i64 = 7 * 24 * 3600;

/// What is wrong with an owner's bargain settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BargainError {
    /// Helps outside 1 to [`MAX_HELPS`].
    #[error("helps must be 1 to {MAX_HELPS}")]
    Helps,
    /// A duration outside [`MIN_DURATION_SECS`] to [`MAX_DURATION_SECS`].
    #[error("the duration must be {MIN_DURATION_SECS} to {MAX_DURATION_SECS} seconds")]
    Duration,
    /// A floor that is not a positive amount.
    #[error("the floor must be above zero")]
    Floor,
}

/// An owner's bargain settings for one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BargainOffer {
    /// The product bargains may be started on.
    pub product: ProductId,
    /// The lowest price a bargain reaches (per unit), in the shop's currency.
    pub floor: Money,
    /// How many distinct friends' helps take the price to the floor.
    pub helps: u32,
    /// How long a bargain runs after it starts (seconds).
    pub duration_secs: i64,
}

impl BargainOffer {
    /// Checks the settings' ranges (the floor against prices is checked by the edge).
    pub fn check(&self) -> Result<(), BargainError> {
        if !(1..=MAX_HELPS).contains(&self.helps) {
            return Err(BargainError::Helps);
        }
        if !(MIN_DURATION_SECS..=MAX_DURATION_SECS).contains(&self.duration_secs) {
            return Err(BargainError::Duration);
        }
        if self.floor.amount <= 0 {
            return Err(BargainError::Floor);
        }
        Ok(())
    }
}

/// Where a bargain is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BargainStatus {
    /// Friends can still help.
    Open,
    /// The floor is reached; the starter can buy until it expires.
    Floor,
    /// An order was placed at the bargained price.
    Bought,
    /// It ran out of time unbought.
    Expired,
}

/// One friend's help, as anyone with the link sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Help {
    /// A masked form of the helper's shopper id (never the id itself).
    pub helper: String,
    /// How much it cut.
    pub cut: Money,
    /// When (unix seconds).
    pub at: i64,
}

/// A bargain as the starter and their friends see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BargainView {
    /// Its id (the share link carries it).
    pub id: String,
    /// The product.
    pub product: ProductId,
    /// The SKU.
    pub sku: Sku,
    /// The price when it started.
    pub start_price: Money,
    /// The price now.
    pub price: Money,
    /// The floor.
    pub floor: Money,
    /// Helps needed to reach the floor.
    pub helps_needed: u32,
    /// Helps so far, oldest first.
    pub helps: Vec<Help>,
    /// When it ends (unix seconds).
    pub expires_at: i64,
    /// Where it is.
    pub status: BargainStatus,
    /// Whether the asking shopper started it (when the request named one).
    #[serde(default)]
    pub mine: bool,
    /// Whether the asking shopper helped it (when the request named one).
    #[serde(default)]
    pub helped: bool,
}

/// `POST /v1/shops/{shop}/bargains`: start a bargain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartBargain {
    /// The product.
    pub product: ProductId,
    /// The SKU.
    pub sku: Sku,
    /// The starter.
    pub shopper: ShopperId,
}

/// `POST /v1/shops/{shop}/bargains/{id}/help`: a friend helps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpBargain {
    /// The friend.
    pub shopper: ShopperId,
}

/// The answer to a help: how much this friend cut, and the bargain after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Helped {
    /// This friend's cut.
    pub cut: Money,
    /// The bargain now.
    pub bargain: BargainView,
}

/// The owner's bargain settings of a shop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BargainOffers {
    /// One per product.
    pub offers: Vec<BargainOffer>,
}

/// `PUT /v1/admin/shops/{shop}/bargain-offers/{product}`: one product's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BargainSettings {
    /// The lowest price a bargain reaches (per unit).
    pub floor: Money,
    /// Distinct friends' helps to the floor.
    pub helps: u32,
    /// How long a bargain runs (seconds).
    pub duration_secs: i64,
}

/// `GET /v1/admin/shops/{shop}/bargains`: the settings and the newest bargains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerBargains {
    /// The settings, by product.
    pub offers: Vec<BargainOffer>,
    /// The newest bargains, newest first.
    pub bargains: Vec<BargainView>,
}

/// SplitMix64: a tiny, well-mixed generator, enough for fair-looking cuts (nothing
/// secret depends on it).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The cut of help number `index` (0-based) of a bargain of `helps` helps, when
/// `remaining` minor units are left to cut to the floor.
///
/// The last help cuts all that is left; before it, a help cuts a uniformly random
/// amount between 1 and twice the average of what is left (at most what is left
/// minus one unit for each later help). A help past the last, or with nothing left,
/// cuts nothing.
pub fn cut(seed: u64, index: u32, helps: u32, remaining: i64) -> i64 {
    if remaining <= 0 || index >= helps {
        return 0;
    }
    let left = i64::from(helps - index); // helps still to come, this one included
    if left == 1 {
        return remaining;
    }
    if remaining < left {
        // Less than one unit per help: one unit each while it lasts.
        return 1;
    }
    let later = left - 1;
    let max = (remaining / left)
        .saturating_mul(2)
        .min(remaining - later)
        .max(1);
    let span = u64::try_from(max).unwrap_or(1);
    let draw = mix(seed ^ mix(u64::from(index))) % span;
    i64::try_from(draw).unwrap_or(0) + 1
}

/// Every cut of a bargain of `total` minor units over `helps` helps, in order.
pub fn cuts(seed: u64, helps: u32, total: i64) -> Vec<i64> {
    let mut remaining = total;
    (0..helps)
        .map(|k| {
            let c = cut(seed, k, helps, remaining);
            remaining -= c;
            c
        })
        .collect()
}

/// A shopper id as others may see it: its first two characters and `***`.
pub fn mask(shopper: &str) -> String {
    let head: String = shopper.chars().take(2).collect();
    format!("{head}***")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use proptest::prelude::*;

    #[test]
    fn ten_helps_take_one_hundred_yuan_to_the_floor_exactly() {
        let c = cuts(42, 10, 10_000);
        assert_eq!(c.len(), 10);
        assert_eq!(c.iter().sum::<i64>(), 10_000);
        assert!(c.iter().all(|&x| x >= 1));
    }

    #[test]
    fn the_same_seed_gives_the_same_cuts_and_another_seed_others() {
        assert_eq!(cuts(7, 5, 5_000), cuts(7, 5, 5_000));
        assert_ne!(cuts(7, 5, 5_000), cuts(8, 5, 5_000));
    }

    #[test]
    fn less_than_a_unit_per_help_gives_one_unit_each_until_it_runs_out() {
        assert_eq!(cuts(1, 5, 3), vec![1, 1, 1, 0, 0]);
        assert_eq!(cuts(1, 3, 0), vec![0, 0, 0]);
    }

    #[test]
    fn a_help_past_the_last_cuts_nothing() {
        assert_eq!(cut(1, 3, 3, 500), 0);
    }

    #[test]
    fn offers_outside_their_ranges_are_refused() {
        let ok = BargainOffer {
            product: ProductId::parse("P1").expect("valid"),
            floor: Money::new(1_000, Currency::CNY),
            helps: 5,
            duration_secs: 86_400,
        };
        assert_eq!(ok.check(), Ok(()));
        let mut bad = ok.clone();
        bad.helps = 0;
        assert_eq!(bad.check(), Err(BargainError::Helps));
        bad.helps = MAX_HELPS + 1;
        assert_eq!(bad.check(), Err(BargainError::Helps));
        let mut bad = ok.clone();
        bad.duration_secs = 1;
        assert_eq!(bad.check(), Err(BargainError::Duration));
        let mut bad = ok;
        bad.floor = Money::new(0, Currency::CNY);
        assert_eq!(bad.check(), Err(BargainError::Floor));
    }

    #[test]
    fn a_mask_shows_two_characters_only() {
        assert_eq!(mask("abcdef123456"), "ab***");
    }

    proptest! {
        #[test]
        fn the_cuts_reach_the_floor_exactly_at_the_last_help_and_never_pass_it(
            seed in any::<u64>(), helps in 1u32..=MAX_HELPS, total in 0i64..1_000_000_000,
        ) {
            let c = cuts(seed, helps, total);
            prop_assert_eq!(c.len(), helps as usize);
            prop_assert_eq!(c.iter().sum::<i64>(), total);
            let mut remaining = total;
            for (k, &x) in c.iter().enumerate() {
                prop_assert!(x >= 0 && x <= remaining, "cut {} of {} left", x, remaining);
                remaining -= x;
                // Before the last help the floor is not reached while units remain.
                if k + 1 < c.len() && total >= i64::from(helps) {
                    prop_assert!(remaining > 0);
                }
            }
            prop_assert_eq!(remaining, 0);
        }

        #[test]
        fn every_friend_cuts_at_least_a_unit_when_there_is_enough(
            seed in any::<u64>(), helps in 1u32..=MAX_HELPS, extra in 0i64..10_000_000,
        ) {
            let total = i64::from(helps) + extra;
            prop_assert!(cuts(seed, helps, total).iter().all(|&x| x >= 1));
        }

        #[test]
        fn no_cut_before_the_last_exceeds_twice_the_average_left(
            seed in any::<u64>(), helps in 2u32..=MAX_HELPS, total in 0i64..1_000_000_000,
        ) {
            let mut remaining = total;
            for k in 0..helps - 1 {
                let x = cut(seed, k, helps, remaining);
                let left = i64::from(helps - k);
                prop_assert!(x <= (remaining / left * 2).max(1));
                remaining -= x;
            }
        }

        #[test]
        fn a_cut_never_panics(seed in any::<u64>(), index in any::<u32>(), helps in any::<u32>(), remaining in any::<i64>()) {
            let x = cut(seed, index, helps, remaining);
            prop_assert!(x >= 0 && (remaining <= 0 || x <= remaining));
        }
    }
}
