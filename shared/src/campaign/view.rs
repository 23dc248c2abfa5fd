//! Campaigns as shoppers and their owner see them: a campaign with its phase and
//! live count, the shop's list of campaigns, and a group with its members.
//!
//! Invariants: members' names are shown only masked ([`mask_name`]); the views carry
//! the edge's clock, so countdowns do not trust the device's.

use super::owner::{FlashSale, GroupDeal, Phase};
use serde::{Deserialize, Serialize};

/// A flash sale as shoppers and its owner see it, with its live count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashSaleView {
    /// The sale.
    #[serde(flatten)]
    pub sale: FlashSale,
    /// Its phase.
    pub phase: Phase,
    /// Units taken (paid or being paid).
    pub sold: u32,
    /// Units left (0: sold out).
    pub left: u32,
}

/// An open group of a deal, for shoppers who would rather join than open one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenGroup {
    /// The group.
    pub id: String,
    /// Places not taken.
    pub places_left: u32,
    /// When it closes (unix seconds).
    pub closes_at: i64,
    /// Whether the shopper the list was read for holds a place in it (false when
    /// none was named).
    #[serde(default)]
    pub yours: bool,
}

/// A group deal as shoppers and its owner see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDealView {
    /// The deal.
    #[serde(flatten)]
    pub deal: GroupDeal,
    /// Its phase.
    pub phase: Phase,
    /// Its groups still open, newest first (at most a few).
    pub open_groups: Vec<OpenGroup>,
}

/// The shop's campaigns running or coming: `GET /v1/shops/{shop}/campaigns`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignList {
    /// The edge's clock (unix seconds), so countdowns do not trust the device's.
    pub now: i64,
    /// Flash sales, soonest ending first.
    pub flash_sales: Vec<FlashSaleView>,
    /// Group deals, soonest ending first.
    pub group_deals: Vec<GroupDealView>,
}

/// A group's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    /// Taking members.
    Open,
    /// Every place paid: its orders go to the supplier.
    Complete,
    /// Its window closed unfilled: every member is refunded.
    Failed,
}

/// One member as others see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    /// Their masked display name.
    pub name: String,
    /// Whether they have paid (otherwise their place is held while they pay).
    pub paid: bool,
}

/// A group as anyone with its link sees it: `GET /v1/shops/{shop}/groups/{group}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    /// The group.
    pub id: String,
    /// Its deal.
    pub deal: GroupDeal,
    /// Its state.
    pub status: GroupStatus,
    /// Places it has.
    pub size: u32,
    /// Places not taken (held places count as taken).
    pub places_left: u32,
    /// Its members in the order they joined.
    pub members: Vec<MemberView>,
    /// When it closes (unix seconds).
    pub closes_at: i64,
    /// The edge's clock (unix seconds).
    pub now: i64,
    /// Whether the shopper who asked (`?shopper=`) holds a place in it: they are
    /// then not offered Join, which the edge would refuse (one place per shopper).
    #[serde(default)]
    pub yours: bool,
}

/// A display name as others see it: its first character and two stars, whatever
/// its length (`王小明` → `王**`, `Alice` → `A**`, empty → `**`).
pub fn mask_name(name: &str) -> String {
    let first: String = name.trim().chars().take(1).collect();
    format!("{first}**")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_to_one_character_whatever_their_length() {
        assert_eq!(mask_name("王小明"), "王**");
        assert_eq!(mask_name("  Alice "), "A**");
        assert_eq!(mask_name(""), "**");
    }
}
