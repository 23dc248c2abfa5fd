//! Campaigns as their owner sets them: the window a campaign runs in, the flash sales
//! and group deals themselves, and the owner's requests for new ones, with the
//! limits every campaign's numbers stay within.
//!
//! Invariants: a campaign is made only through [`NewFlashSale::window`] or
//! [`NewGroupDeal::window`], which refuse numbers outside the limits below with a
//! [`CampaignError`] naming the request's field; a window never starts in the past,
//! ends after it starts and runs at most [`MAX_CAMPAIGN_SECS`].

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    const NOW: i64 = 1_790_000_000;

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
    fn a_flash_sale_has_a_stable_wire_shape() {
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
