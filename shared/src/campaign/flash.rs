//! One flash sale's counter: a pure state machine the edge keeps in one Durable
//! Object per flash sale.
//!
//! Invariants: it never grants more than `cap` units in all, nor more than
//! `per_shopper` units to one shopper; a place is taken until it is released (a paid
//! order's place must never lapse, and the counter is never told an order was paid),
//! so a lost release undersells, never oversells; a repeated reserve or release per
//! order changes nothing more.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_flash_command_has_a_stable_wire_shape() {
        assert_eq!(
            serde_json::to_value(FlashCommand::Release { order: "O".into() }).expect("json"),
            serde_json::json!({"op": "release", "order": "O"})
        );
    }
}
