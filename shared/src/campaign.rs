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

use crate::id::{ProductId, Sku};
use crate::money::Money;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The common flash sale: 48 hours.
pub const DEFAULT_FLASH_SECS: i64 = 48 * 3600;
/// The longest a campaign may run.
pub const MAX_CAMPAIGN_SECS: i64 = 31 * 24 * 3600;
/// The largest total cap of a flash sale (units).
pub const MAX_FLASH_CAP: u32 = 1_000_000;
/// The smallest group.
pub const MIN_GROUP_SIZE: u32 = 2;
/// The largest group.
pub const MAX_GROUP_SIZE: u32 = 50;
/// The shortest window a group has to fill.
pub const MIN_GROUP_WINDOW_SECS: i64 = 60;
/// The longest window a group has to fill.
pub const MAX_GROUP_WINDOW_SECS: i64 = 7 * 24 * 3600;
/// Units one member buys in a group (one place, one unit).
pub const GROUP_UNITS: u32 = 1;

/// Why an owner's campaign cannot be created.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CampaignError {
    /// A field out of its range; `field` is the request's field name.
    #[error("{field}: {message}")]
    Invalid {
        /// The request field.
        field: &'static str,
        /// What is wrong, for the owner.
        message: String,
    },
}

fn invalid(field: &'static str, message: impl Into<String>) -> CampaignError {
    CampaignError::Invalid {
        field,
        message: message.into(),
    }
}

/// Where a campaign is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not started yet.
    Upcoming,
    /// Running.
    Active,
    /// Over (its end passed, or its owner ended it).
    Ended,
}

/// The window of a campaign and how its owner may end it early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// When it starts (unix seconds).
    pub starts_at: i64,
    /// When it ends (unix seconds, exclusive).
    pub ends_at: i64,
    /// When its owner ended it early, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<i64>,
}

impl Window {
    /// When it stops taking orders: its end, or when it was ended if earlier.
    pub fn closes_at(&self) -> i64 {
        self.ended_at.map_or(self.ends_at, |e| e.min(self.ends_at))
    }

    /// The phase at `now` (unix seconds).
    pub fn phase(&self, now: i64) -> Phase {
        if now >= self.closes_at() {
            Phase::Ended
        } else if now < self.starts_at {
            Phase::Upcoming
        } else {
            Phase::Active
        }
    }

    /// A window from an owner's `starts_at` (default `now`) and `ends_at` (default
    /// `default_secs` later).
    pub fn new(
        now: i64,
        starts_at: Option<i64>,
        ends_at: Option<i64>,
        default_secs: i64,
    ) -> Result<Window, CampaignError> {
        let starts_at = starts_at.unwrap_or(now);
        let ends_at = ends_at.unwrap_or(starts_at.saturating_add(default_secs));
        if starts_at < now - 60 {
            return Err(invalid("starts_at", "must not be in the past"));
        }
        if ends_at <= starts_at.max(now) {
            return Err(invalid("ends_at", "must be after the start and after now"));
        }
        if ends_at - starts_at > MAX_CAMPAIGN_SECS {
            return Err(invalid(
                "ends_at",
                format!(
                    "a campaign runs at most {} days",
                    MAX_CAMPAIGN_SECS / 86_400
                ),
            ));
        }
        Ok(Window {
            starts_at,
            ends_at,
            ended_at: None,
        })
    }
}

/// A flash sale as its owner set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashSale {
    /// Its id.
    pub id: String,
    /// The product on sale.
    pub product_id: ProductId,
    /// The sale price of each SKU it covers.
    pub prices: BTreeMap<Sku, Money>,
    /// When it runs.
    #[serde(flatten)]
    pub window: Window,
    /// Units it sells in all.
    pub cap: u32,
    /// Units one shopper may buy.
    pub per_shopper: u32,
}

/// A group deal as its owner set it: any shopper may open a group of it while it
/// runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDeal {
    /// Its id.
    pub id: String,
    /// The product.
    pub product_id: ProductId,
    /// The group price of each SKU it covers.
    pub prices: BTreeMap<Sku, Money>,
    /// When groups may be opened.
    #[serde(flatten)]
    pub window: Window,
    /// Members a group needs.
    pub size: u32,
    /// How long a group has to fill once opened (seconds).
    pub window_secs: i64,
}

impl GroupDeal {
    /// When a group opened at `now` closes: its window, cut short by the deal's end.
    pub fn group_closes_at(&self, now: i64) -> i64 {
        now.saturating_add(self.window_secs)
            .min(self.window.closes_at())
    }
}

/// The owner's request for a flash sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFlashSale {
    /// The product.
    pub product_id: ProductId,
    /// The sale price.
    pub price: Money,
    /// The SKUs it covers (default: every SKU of the product).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<Sku>,
    /// When it starts (default: now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<i64>,
    /// When it ends (default: 48 hours after the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<i64>,
    /// Units it sells in all.
    pub cap: u32,
    /// Units one shopper may buy.
    pub per_shopper: u32,
}

impl NewFlashSale {
    /// Checks the numbers and makes the window (prices are checked by the edge
    /// against the supplier's SKUs).
    pub fn window(&self, now: i64) -> Result<Window, CampaignError> {
        if self.cap == 0 || self.cap > MAX_FLASH_CAP {
            return Err(invalid("cap", format!("must be 1 to {MAX_FLASH_CAP}")));
        }
        if self.per_shopper == 0 || self.per_shopper > self.cap {
            return Err(invalid("per_shopper", "must be 1 to the cap"));
        }
        if self.price.amount <= 0 {
            return Err(invalid("price", "must be above zero"));
        }
        Window::new(now, self.starts_at, self.ends_at, DEFAULT_FLASH_SECS)
    }
}

/// The owner's request for a group deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGroupDeal {
    /// The product.
    pub product_id: ProductId,
    /// The group price.
    pub price: Money,
    /// The SKUs it covers (default: every SKU of the product).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<Sku>,
    /// When groups may first be opened (default: now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<i64>,
    /// When no more groups may be opened (default: 7 days after the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<i64>,
    /// Members a group needs.
    pub size: u32,
    /// How long a group has to fill once opened (seconds).
    pub window_secs: i64,
}

impl NewGroupDeal {
    /// Checks the numbers and makes the deal's window.
    pub fn window(&self, now: i64) -> Result<Window, CampaignError> {
        if !(MIN_GROUP_SIZE..=MAX_GROUP_SIZE).contains(&self.size) {
            return Err(invalid(
                "size",
                format!("must be {MIN_GROUP_SIZE} to {MAX_GROUP_SIZE}"),
            ));
        }
        if !(MIN_GROUP_WINDOW_SECS..=MAX_GROUP_WINDOW_SECS).contains(&self.window_secs) {
            return Err(invalid(
                "window_secs",
                format!("must be {MIN_GROUP_WINDOW_SECS} to {MAX_GROUP_WINDOW_SECS}"),
            ));
        }
        if self.price.amount <= 0 {
            return Err(invalid("price", "must be above zero"));
        }
        Window::new(now, self.starts_at, self.ends_at, 7 * 24 * 3600)
    }
}

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

// ── the flash sale counter ──────────────────────────────────────────────────────

/// A command to one flash sale's counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum FlashCommand {
    /// Take `units` for `order` of `shopper`.
    Reserve {
        /// The order.
        order: String,
        /// The shopper.
        shopper: String,
        /// Units.
        units: u32,
        /// The sale's total cap.
        cap: u32,
        /// The sale's limit per shopper.
        per_shopper: u32,
    },
    /// `order` will not go ahead: give its units back.
    Release {
        /// The order.
        order: String,
    },
    /// How many units are taken.
    Status,
}

/// What a flash sale's counter answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum FlashAnswer {
    /// The units are the order's.
    Granted,
    /// Not enough units left.
    SoldOut {
        /// Units left.
        left: u32,
    },
    /// The shopper would pass the limit.
    PerShopperLimit {
        /// The limit.
        max: u32,
    },
    /// Released.
    Done,
    /// Units taken.
    Status {
        /// Units taken.
        sold: u32,
    },
}

/// One order's units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FlashPlace {
    shopper: String,
    units: u32,
}

/// One flash sale's taken units, by order: what its Durable Object stores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashCounter {
    orders: BTreeMap<String, FlashPlace>,
}

impl FlashCounter {
    /// Units taken, by every order.
    pub fn sold(&self) -> u32 {
        self.orders
            .values()
            .fold(0u32, |n, p| n.saturating_add(p.units))
    }

    /// Applies a command.
    pub fn apply(&mut self, command: FlashCommand) -> FlashAnswer {
        match command {
            FlashCommand::Reserve {
                order,
                shopper,
                units,
                cap,
                per_shopper,
            } => {
                // A repeated reserve replaces the order's own units.
                let others = |p: &(&String, &FlashPlace)| *p.0 != order;
                let taken: u64 = self
                    .orders
                    .iter()
                    .filter(others)
                    .map(|(_, p)| u64::from(p.units))
                    .sum();
                let mine: u64 = self
                    .orders
                    .iter()
                    .filter(others)
                    .filter(|(_, p)| p.shopper == shopper)
                    .map(|(_, p)| u64::from(p.units))
                    .sum();
                let left = u64::from(cap).saturating_sub(taken);
                if units == 0 || u64::from(units) > left {
                    return FlashAnswer::SoldOut {
                        left: u32::try_from(left).unwrap_or(u32::MAX),
                    };
                }
                if mine + u64::from(units) > u64::from(per_shopper) {
                    return FlashAnswer::PerShopperLimit { max: per_shopper };
                }
                self.orders.insert(order, FlashPlace { shopper, units });
                FlashAnswer::Granted
            }
            FlashCommand::Release { order } => {
                self.orders.remove(&order);
                FlashAnswer::Done
            }
            FlashCommand::Status => FlashAnswer::Status { sold: self.sold() },
        }
    }
}

// ── the group counter ───────────────────────────────────────────────────────────

/// What a group is: set once, by the command that opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupInfo {
    /// The shop.
    pub shop: String,
    /// The deal.
    pub deal: String,
    /// Places.
    pub size: u32,
    /// When it closes (unix seconds).
    pub closes_at: i64,
}

/// A command to one group's counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum GroupCommand {
    /// Open the group with `order` as its first member.
    Open {
        /// What the group is.
        info: GroupInfo,
        /// The opener's place.
        place: Place,
    },
    /// Take a place for `order`.
    Join {
        /// The place.
        place: Place,
    },
    /// `order` will not be paid: give its place back (a paid place stays).
    Release {
        /// The order.
        order: String,
    },
    /// `order` is paid: what should it do now?
    Confirm {
        /// The order.
        order: String,
    },
    /// The group as others see it.
    View,
}

/// A place asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The order.
    pub order: String,
    /// The shopper.
    pub shopper: String,
    /// The masked display name.
    pub name: String,
    /// Until when it is held unpaid (unix milliseconds).
    pub until_ms: i64,
}

/// What a group's counter answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum GroupAnswer {
    /// The place is the order's.
    Granted,
    /// No such group (never opened here).
    Unknown,
    /// Another group already has this id.
    Taken,
    /// No place left.
    Full,
    /// Complete or failed, or its window closed.
    Closed,
    /// The shopper already has a place.
    AlreadyMember,
    /// Released.
    Done,
    /// The group is complete: these orders (the paid members') go ahead.
    Complete {
        /// Every member's order.
        orders: Vec<String>,
        /// Whether this confirm completed it (the others' orders are waiting to be
        /// woken).
        just_completed: bool,
    },
    /// Not complete yet: ask again by `until` (unix seconds).
    Wait {
        /// When the window closes.
        until: i64,
    },
    /// The order will not go ahead: refund it.
    Refund,
    /// The group as others see it.
    View {
        /// What it is.
        info: GroupInfo,
        /// Its state.
        status: GroupStatus,
        /// Places left.
        places_left: u32,
        /// Its members holding a place, in join order.
        members: Vec<MemberView>,
        /// Their shopper ids, in the same order: for the edge to tell a reader
        /// whether they are in, never to show.
        shoppers: Vec<String>,
    },
}

/// One member's place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Member {
    order: String,
    shopper: String,
    name: String,
    until_ms: i64,
    paid: bool,
}

impl Member {
    fn holds(&self, now_ms: i64) -> bool {
        self.paid || self.until_ms > now_ms
    }
}

/// One group: what its Durable Object stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCounter {
    info: Option<GroupInfo>,
    status: GroupStatus,
    /// Members in join order, with lapsed unpaid places (they hold nothing).
    members: Vec<Member>,
}

impl Default for GroupCounter {
    fn default() -> GroupCounter {
        GroupCounter {
            info: None,
            status: GroupStatus::Open,
            members: Vec::new(),
        }
    }
}

impl GroupCounter {
    /// Places held at `now_ms`.
    pub fn taken(&self, now_ms: i64) -> u32 {
        let n = self.members.iter().filter(|m| m.holds(now_ms)).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Its state as of the last command.
    pub fn status(&self) -> GroupStatus {
        self.status
    }

    /// Closes an open group whose window has passed.
    fn settle(&mut self, now_ms: i64) {
        if let Some(info) = &self.info {
            if self.status == GroupStatus::Open && now_ms >= info.closes_at.saturating_mul(1000) {
                self.status = GroupStatus::Failed;
            }
        }
    }

    /// Applies a command at `now_ms` (the object's clock).
    pub fn apply(&mut self, command: GroupCommand, now_ms: i64) -> GroupAnswer {
        self.settle(now_ms);
        match command {
            GroupCommand::Open { info, place } => match &self.info {
                Some(_) if self.members.iter().any(|m| m.order == place.order) => {
                    GroupAnswer::Granted
                }
                Some(_) => GroupAnswer::Taken,
                None => {
                    if now_ms >= info.closes_at.saturating_mul(1000) || info.size == 0 {
                        return GroupAnswer::Closed;
                    }
                    self.info = Some(info);
                    self.members.push(Member {
                        order: place.order,
                        shopper: place.shopper,
                        name: place.name,
                        until_ms: place.until_ms,
                        paid: false,
                    });
                    GroupAnswer::Granted
                }
            },
            GroupCommand::Join { place } => self.join(place, now_ms),
            GroupCommand::Release { order } => {
                self.members.retain(|m| m.order != order || m.paid);
                GroupAnswer::Done
            }
            GroupCommand::Confirm { order } => self.confirm(&order, now_ms),
            GroupCommand::View => match &self.info {
                None => GroupAnswer::Unknown,
                Some(info) => {
                    let holding = || self.members.iter().filter(|m| m.holds(now_ms));
                    GroupAnswer::View {
                        info: info.clone(),
                        status: self.status,
                        places_left: self.places_left(now_ms),
                        members: holding()
                            .map(|m| MemberView {
                                name: m.name.clone(),
                                paid: m.paid,
                            })
                            .collect(),
                        shoppers: holding().map(|m| m.shopper.clone()).collect(),
                    }
                }
            },
        }
    }

    fn places_left(&self, now_ms: i64) -> u32 {
        match (&self.info, self.status) {
            (Some(info), GroupStatus::Open) => info.size.saturating_sub(self.taken(now_ms)),
            _ => 0,
        }
    }

    fn join(&mut self, place: Place, now_ms: i64) -> GroupAnswer {
        let Some(info) = &self.info else {
            return GroupAnswer::Unknown;
        };
        if self.status != GroupStatus::Open {
            return GroupAnswer::Closed;
        }
        if let Some(m) = self.members.iter_mut().find(|m| m.order == place.order) {
            if m.holds(now_ms) {
                // A repeated join: the place is already the order's.
                return GroupAnswer::Granted;
            }
        }
        let other_place = self
            .members
            .iter()
            .any(|m| m.shopper == place.shopper && m.order != place.order && m.holds(now_ms));
        if other_place {
            return GroupAnswer::AlreadyMember;
        }
        if self.taken(now_ms) >= info.size {
            return GroupAnswer::Full;
        }
        self.members.retain(|m| m.order != place.order);
        self.members.push(Member {
            order: place.order,
            shopper: place.shopper,
            name: place.name,
            until_ms: place.until_ms,
            paid: false,
        });
        GroupAnswer::Granted
    }

    fn confirm(&mut self, order: &str, now_ms: i64) -> GroupAnswer {
        let Some(info) = self.info.clone() else {
            return GroupAnswer::Refund;
        };
        let paid_orders = |members: &[Member]| -> Vec<String> {
            members
                .iter()
                .filter(|m| m.paid)
                .map(|m| m.order.clone())
                .collect()
        };
        match self.status {
            GroupStatus::Failed => return GroupAnswer::Refund,
            GroupStatus::Complete => {
                let paid = self.members.iter().any(|m| m.order == order && m.paid);
                return if paid {
                    GroupAnswer::Complete {
                        orders: paid_orders(&self.members),
                        just_completed: false,
                    }
                } else {
                    GroupAnswer::Refund
                };
            }
            GroupStatus::Open => {}
        }
        let taken = self.taken(now_ms);
        let Some(index) = self.members.iter().position(|m| m.order == order) else {
            return GroupAnswer::Refund;
        };
        let member = &self.members[index];
        if !member.holds(now_ms) {
            // Paid after its place lapsed: it gets the place back if one is free and
            // the shopper holds no other.
            let shopper_has_other = self
                .members
                .iter()
                .any(|m| m.shopper == member.shopper && m.order != order && m.holds(now_ms));
            if taken >= info.size || shopper_has_other {
                return GroupAnswer::Refund;
            }
        }
        self.members[index].paid = true;
        let paid = self.members.iter().filter(|m| m.paid).count();
        if u32::try_from(paid).unwrap_or(u32::MAX) >= info.size {
            self.status = GroupStatus::Complete;
            // Unpaid places of a complete group hold nothing any more.
            self.members.retain(|m| m.paid);
            GroupAnswer::Complete {
                orders: paid_orders(&self.members),
                just_completed: true,
            }
        } else {
            GroupAnswer::Wait {
                until: info.closes_at,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    const NOW_MS: i64 = 1_790_000_000_000;
    const NOW: i64 = NOW_MS / 1000;
    const HOUR_MS: i64 = 3_600_000;

    fn reserve(order: &str, shopper: &str, units: u32) -> FlashCommand {
        FlashCommand::Reserve {
            order: order.into(),
            shopper: shopper.into(),
            units,
            cap: 5,
            per_shopper: 2,
        }
    }

    #[test]
    fn a_flash_sale_grants_units_until_its_cap_and_never_past_it() {
        let mut c = FlashCounter::default();
        for i in 0..5 {
            assert_eq!(
                c.apply(reserve(&format!("O{i}"), &format!("S{i}"), 1)),
                FlashAnswer::Granted
            );
        }
        assert_eq!(
            c.apply(reserve("O5", "S5", 1)),
            FlashAnswer::SoldOut { left: 0 }
        );
        assert_eq!(c.sold(), 5);
    }

    #[test]
    fn a_shopper_may_buy_up_to_the_limit_over_several_orders() {
        let mut c = FlashCounter::default();
        assert_eq!(c.apply(reserve("A", "S", 1)), FlashAnswer::Granted);
        assert_eq!(c.apply(reserve("B", "S", 1)), FlashAnswer::Granted);
        assert_eq!(
            c.apply(reserve("C", "S", 1)),
            FlashAnswer::PerShopperLimit { max: 2 }
        );
        assert_eq!(
            c.apply(reserve("D", "T", 3)),
            FlashAnswer::PerShopperLimit { max: 2 }
        );
        assert_eq!(
            c.apply(reserve("E", "T", 4)),
            FlashAnswer::SoldOut { left: 3 },
            "the cap is checked first"
        );
    }

    #[test]
    fn a_repeated_reserve_replaces_the_orders_own_units_and_a_release_gives_them_back() {
        let mut c = FlashCounter::default();
        assert_eq!(c.apply(reserve("A", "S", 2)), FlashAnswer::Granted);
        assert_eq!(c.apply(reserve("A", "S", 2)), FlashAnswer::Granted);
        assert_eq!(c.sold(), 2);
        assert_eq!(
            c.apply(FlashCommand::Release { order: "A".into() }),
            FlashAnswer::Done
        );
        assert_eq!(
            c.apply(FlashCommand::Release { order: "A".into() }),
            FlashAnswer::Done
        );
        assert_eq!(
            c.apply(FlashCommand::Status),
            FlashAnswer::Status { sold: 0 }
        );
        assert_eq!(c.apply(reserve("B", "S", 2)), FlashAnswer::Granted);
    }

    #[test]
    fn zero_units_are_never_granted() {
        let mut c = FlashCounter::default();
        assert!(matches!(
            c.apply(reserve("A", "S", 0)),
            FlashAnswer::SoldOut { .. }
        ));
    }

    fn info(size: u32) -> GroupInfo {
        GroupInfo {
            shop: "demo".into(),
            deal: "D1".into(),
            size,
            closes_at: NOW + 3600,
        }
    }

    fn place(order: &str, shopper: &str) -> Place {
        Place {
            order: order.into(),
            shopper: shopper.into(),
            name: "A**".into(),
            until_ms: NOW_MS + 900_000,
        }
    }

    fn opened(size: u32) -> GroupCounter {
        let mut g = GroupCounter::default();
        let open = GroupCommand::Open {
            info: info(size),
            place: place("O0", "S0"),
        };
        assert_eq!(g.apply(open, NOW_MS), GroupAnswer::Granted);
        g
    }

    fn join(g: &mut GroupCounter, order: &str, shopper: &str, at: i64) -> GroupAnswer {
        let place = Place {
            until_ms: at + 900_000,
            ..place(order, shopper)
        };
        g.apply(GroupCommand::Join { place }, at)
    }

    fn confirm(g: &mut GroupCounter, order: &str, at: i64) -> GroupAnswer {
        g.apply(
            GroupCommand::Confirm {
                order: order.into(),
            },
            at,
        )
    }

    #[test]
    fn a_group_takes_exactly_its_size_and_refuses_the_rest_as_full() {
        let mut g = opened(5);
        let mut granted = 1;
        for i in 1..200 {
            match join(&mut g, &format!("O{i}"), &format!("S{i}"), NOW_MS) {
                GroupAnswer::Granted => granted += 1,
                GroupAnswer::Full => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(granted, 5);
        assert_eq!(g.taken(NOW_MS), 5);
    }

    #[test]
    fn a_group_completes_when_every_place_is_paid_and_then_submits_its_members() {
        let mut g = opened(3);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        assert_eq!(join(&mut g, "O2", "S2", NOW_MS), GroupAnswer::Granted);
        assert_eq!(
            confirm(&mut g, "O0", NOW_MS),
            GroupAnswer::Wait { until: NOW + 3600 }
        );
        assert_eq!(
            confirm(&mut g, "O1", NOW_MS),
            GroupAnswer::Wait { until: NOW + 3600 }
        );
        let done = |just_completed| GroupAnswer::Complete {
            orders: vec!["O0".into(), "O1".into(), "O2".into()],
            just_completed,
        };
        assert_eq!(confirm(&mut g, "O2", NOW_MS), done(true));
        assert_eq!(g.status(), GroupStatus::Complete);
        assert_eq!(
            confirm(&mut g, "O0", NOW_MS + 10 * HOUR_MS),
            done(false),
            "final"
        );
        assert_eq!(join(&mut g, "O3", "S3", NOW_MS), GroupAnswer::Closed);
        assert_eq!(confirm(&mut g, "O9", NOW_MS), GroupAnswer::Refund);
    }

    #[test]
    fn a_group_whose_window_closes_unfilled_refunds_every_member() {
        let mut g = opened(3);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        confirm(&mut g, "O0", NOW_MS);
        confirm(&mut g, "O1", NOW_MS);
        let closed = (NOW + 3600) * 1000;
        assert_eq!(confirm(&mut g, "O0", closed), GroupAnswer::Refund);
        assert_eq!(confirm(&mut g, "O1", closed), GroupAnswer::Refund);
        assert_eq!(g.status(), GroupStatus::Failed);
        assert_eq!(join(&mut g, "O2", "S2", NOW_MS), GroupAnswer::Closed);
    }

    #[test]
    fn an_unpaid_place_is_held_until_its_deadline_or_release_and_then_freed() {
        let mut g = opened(2);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        assert_eq!(join(&mut g, "O2", "S2", NOW_MS), GroupAnswer::Full);
        let lapsed = NOW_MS + 900_000;
        assert_eq!(join(&mut g, "O2", "S2", lapsed), GroupAnswer::Granted);
        assert_eq!(g.taken(lapsed), 1, "both unpaid places lapsed");
    }

    #[test]
    fn a_released_place_is_free_again_but_a_paid_one_stays() {
        let mut g = opened(2);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        confirm(&mut g, "O0", NOW_MS);
        g.apply(GroupCommand::Release { order: "O0".into() }, NOW_MS);
        g.apply(GroupCommand::Release { order: "O1".into() }, NOW_MS);
        assert_eq!(g.taken(NOW_MS), 1);
        assert_eq!(join(&mut g, "O2", "S2", NOW_MS), GroupAnswer::Granted);
    }

    #[test]
    fn a_member_paying_after_its_place_lapsed_gets_it_back_only_if_one_is_free() {
        let mut g = opened(2);
        confirm(&mut g, "O0", NOW_MS);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        let lapsed = NOW_MS + 900_000;
        assert_eq!(
            confirm(&mut g, "O1", lapsed),
            GroupAnswer::Complete {
                orders: vec!["O0".into(), "O1".into()],
                just_completed: true,
            },
            "the place was still free"
        );
        let mut g = opened(2);
        confirm(&mut g, "O0", NOW_MS);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        assert_eq!(join(&mut g, "O2", "S2", lapsed), GroupAnswer::Granted);
        assert_eq!(
            confirm(&mut g, "O1", lapsed),
            GroupAnswer::Refund,
            "taken meanwhile"
        );
    }

    #[test]
    fn one_shopper_holds_one_place_and_repeated_commands_change_nothing() {
        let mut g = opened(5);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        assert_eq!(join(&mut g, "O2", "S1", NOW_MS), GroupAnswer::AlreadyMember);
        assert_eq!(join(&mut g, "O3", "S0", NOW_MS), GroupAnswer::AlreadyMember);
        assert_eq!(g.taken(NOW_MS), 2);
        let open_again = GroupCommand::Open {
            info: info(5),
            place: place("O0", "S0"),
        };
        assert_eq!(g.apply(open_again, NOW_MS), GroupAnswer::Granted);
        let other_open = GroupCommand::Open {
            info: info(5),
            place: place("X", "SX"),
        };
        assert_eq!(g.apply(other_open, NOW_MS), GroupAnswer::Taken);
        confirm(&mut g, "O1", NOW_MS);
        confirm(&mut g, "O1", NOW_MS);
        assert_eq!(g.taken(NOW_MS), 2);
    }

    #[test]
    fn an_unknown_group_is_unknown_and_refunds() {
        let mut g = GroupCounter::default();
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Unknown);
        assert_eq!(g.apply(GroupCommand::View, NOW_MS), GroupAnswer::Unknown);
        assert_eq!(confirm(&mut g, "O1", NOW_MS), GroupAnswer::Refund);
    }

    #[test]
    fn the_view_shows_masked_holders_in_join_order_and_places_left() {
        let mut g = opened(3);
        join(&mut g, "O1", "S1", NOW_MS);
        confirm(&mut g, "O0", NOW_MS);
        match g.apply(GroupCommand::View, NOW_MS) {
            GroupAnswer::View {
                status,
                places_left,
                members,
                shoppers,
                ..
            } => {
                assert_eq!(status, GroupStatus::Open);
                assert_eq!(places_left, 1);
                assert_eq!(shoppers.len(), 2);
                assert_eq!(shoppers[1], "S1");
                assert_eq!(
                    members,
                    vec![
                        MemberView {
                            name: "A**".into(),
                            paid: true
                        },
                        MemberView {
                            name: "A**".into(),
                            paid: false
                        }
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_are_masked_to_one_character_whatever_their_length() {
        assert_eq!(mask_name("王小明"), "王**");
        assert_eq!(mask_name("  Alice "), "A**");
        assert_eq!(mask_name(""), "**");
    }

    #[test]
    fn a_window_has_phases_and_an_early_end_closes_it() {
        let mut w = Window::new(NOW, Some(NOW + 10), None, DEFAULT_FLASH_SECS).expect("valid");
        assert_eq!(w.ends_at, NOW + 10 + DEFAULT_FLASH_SECS);
        assert_eq!(w.phase(NOW), Phase::Upcoming);
        assert_eq!(w.phase(NOW + 10), Phase::Active);
        assert_eq!(w.phase(w.ends_at), Phase::Ended);
        w.ended_at = Some(NOW + 20);
        assert_eq!(w.phase(NOW + 20), Phase::Ended);
        assert!(Window::new(NOW, Some(NOW - 3600), None, 10).is_err());
        assert!(Window::new(NOW, None, Some(NOW), 10).is_err());
        assert!(Window::new(NOW, None, Some(NOW + MAX_CAMPAIGN_SECS + 1), 10).is_err());
    }

    #[test]
    fn new_campaigns_check_their_numbers() {
        let price = Money::new(990, Currency::CNY);
        let flash = |cap, per_shopper| NewFlashSale {
            product_id: ProductId::parse("P1").expect("valid"),
            price,
            skus: vec![],
            starts_at: None,
            ends_at: None,
            cap,
            per_shopper,
        };
        assert!(flash(20, 1).window(NOW).is_ok());
        assert!(flash(0, 1).window(NOW).is_err());
        assert!(flash(2, 3).window(NOW).is_err());
        let group = |size, window_secs| NewGroupDeal {
            product_id: ProductId::parse("P1").expect("valid"),
            price,
            skus: vec![],
            starts_at: None,
            ends_at: None,
            size,
            window_secs,
        };
        assert!(group(5, 3600).window(NOW).is_ok());
        assert!(group(1, 3600).window(NOW).is_err());
        assert!(group(5, 10).window(NOW).is_err());
    }

    #[test]
    fn a_group_closes_at_its_window_or_the_deals_end_whichever_comes_first() {
        let deal = GroupDeal {
            id: "D".into(),
            product_id: ProductId::parse("P1").expect("valid"),
            prices: BTreeMap::new(),
            window: Window {
                starts_at: NOW,
                ends_at: NOW + 100,
                ended_at: None,
            },
            size: 2,
            window_secs: 60,
        };
        assert_eq!(deal.group_closes_at(NOW), NOW + 60);
        assert_eq!(deal.group_closes_at(NOW + 50), NOW + 100);
    }

    #[test]
    fn commands_and_views_have_a_stable_wire_shape() {
        assert_eq!(
            serde_json::to_value(FlashCommand::Release { order: "O".into() }).expect("json"),
            serde_json::json!({"op": "release", "order": "O"})
        );
        assert_eq!(
            serde_json::to_value(GroupAnswer::Wait { until: 5 }).expect("json"),
            serde_json::json!({"answer": "wait", "until": 5})
        );
        let g = opened(2);
        let json = serde_json::to_string(&g).expect("json");
        assert_eq!(
            serde_json::from_str::<GroupCounter>(&json).expect("back"),
            g
        );
        let sale = FlashSale {
            id: "F".into(),
            product_id: ProductId::parse("P1").expect("valid"),
            prices: BTreeMap::from([(
                Sku::parse("P1-A").expect("valid"),
                Money::new(5, Currency::CNY),
            )]),
            window: Window {
                starts_at: 1,
                ends_at: 2,
                ended_at: None,
            },
            cap: 1,
            per_shopper: 1,
        };
        let v = serde_json::to_value(&sale).expect("json");
        assert_eq!(v["starts_at"], 1);
        assert_eq!(v["prices"]["P1-A"]["amount"], 5);
        assert_eq!(serde_json::from_value::<FlashSale>(v).expect("back"), sale);
    }
}
