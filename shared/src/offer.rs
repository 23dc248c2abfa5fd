//! Offers: the campaign a checkout is made under (a flash sale, a group, a bargain),
//! and what that campaign does to it.
//!
//! Invariants: an offer only ever names a campaign; its prices and limits come from
//! the edge's own records ([`CampaignTerms`]), never from the browser.

use crate::id::Sku;
use crate::money::Money;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The campaign a quote or an order is made under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Offer {
    /// Buy at a flash sale's price.
    Flash {
        /// The flash sale's id.
        campaign: String,
    },
    /// Open a new group of a group deal by paying.
    GroupOpen {
        /// The group deal's id.
        deal: String,
    },
    /// Join an open group by paying.
    GroupJoin {
        /// The group's id.
        group: String,
    },
    /// Buy at the price a bargain reached.
    Bargain {
        /// The bargain's id.
        bargain: String,
    },
}

/// What a campaign does to a checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignTerms {
    /// The unit price of each SKU the campaign covers; a line of another SKU cannot
    /// be bought under it.
    pub prices: BTreeMap<Sku, Money>,
    /// At most this many units in one order.
    pub max_units: Option<u32>,
    /// The order must be paid before it goes ahead (no cash on delivery).
    pub prepaid_only: bool,
    /// Whether a coupon may be stacked on the campaign price.
    pub coupons_allowed: bool,
}

/// What a paid order made under an offer does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "gate", rename_all = "snake_case")]
pub enum Gate {
    /// Hand it to the supplier now.
    Submit,
    /// Not yet (a group still filling): ask again at `until` (unix seconds).
    Wait {
        /// When to ask again.
        until: i64,
    },
    /// The campaign failed (a group closed unfilled): cancel and refund the order.
    Refund,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_are_tagged_by_kind_on_the_wire() {
        let o: Offer =
            serde_json::from_str(r#"{"kind":"group_join","group":"g1"}"#).expect("an offer");
        assert_eq!(o, Offer::GroupJoin { group: "g1".into() });
        assert!(serde_json::from_str::<Offer>(r#"{"kind":"free_lunch"}"#).is_err());
    }
}
