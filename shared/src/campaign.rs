//! Campaigns that count: flash sales (a price for a while, a total cap and a limit
//! per shopper) and group deals (a price for a group of N shoppers who all pay
//! within a window). This module has what the edge, the widget and the console
//! agree on (the campaigns as the owner sets them, their public views, the owner's
//! requests) and the two counters themselves as pure state machines
//! ([`FlashCounter`], [`GroupCounter`]), which the edge keeps in one Durable Object
//! per flash sale and per group.
//!
//! Invariants:
//! - a flash sale never grants more than `cap` units in all, nor more than
//!   `per_shopper` units to one shopper: a place is taken until it is released (a
//!   paid order's place must never lapse, and the counter is never told an order was
//!   paid), so a lost release undersells, never oversells;
//! - a group never has more than `size` places taken; a place is held for an unpaid
//!   order until its deadline and for a paid one for good; one shopper holds at most
//!   one place of a group;
//! - a group is complete exactly when `size` members have paid, and failed when its
//!   window closes first; both are final, and a member's gate follows from them:
//!   complete → submit (for its paid members), failed → refund, open → wait;
//! - every command is idempotent per order (a repeated reserve, join, release or
//!   confirm changes nothing more), so a retried call cannot take a second place;
//! - members' names leave the counter only masked ([`mask_name`]).
//!
//! Its parts: `owner` has the campaigns as their owner sets them, `view` what
//! shoppers see of them, `flash` and `group` the two counters. Everything is
//! re-exported here, so clients name `campaign::…` alone.

mod flash;
mod group;
mod owner;
mod view;

pub use flash::{FlashAnswer, FlashCommand, FlashCounter};
pub use group::{GroupAnswer, GroupCommand, GroupCounter, GroupInfo, Place};
pub use owner::{
    CampaignError, FlashSale, GroupDeal, NewFlashSale, NewGroupDeal, Phase, Window,
    DEFAULT_FLASH_SECS, GROUP_UNITS, MAX_CAMPAIGN_SECS, MAX_FLASH_CAP, MAX_GROUP_SIZE,
    MAX_GROUP_WINDOW_SECS, MIN_GROUP_SIZE, MIN_GROUP_WINDOW_SECS,
};
pub use view::{
    mask_name, CampaignList, FlashSaleView, GroupDealView, GroupStatus, GroupView, MemberView,
    OpenGroup,
};
