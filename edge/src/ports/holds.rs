//! The protocol of a SKU's stock holds, the `StockHolds` Durable Object (one per
//! SKU): the commands checkout sends, the answers, and [`Holds`], the pure state
//! machine the object (and the tests' in-memory platform) applies on its own clock.
//! Why a hold is granted as it is: see `domain::orders::holds`.
//!
//! Invariants:
//! - a hold past its deadline counts for nothing, even if its release never came;
//! - hold, settle and release are idempotent per order: a repeated hold replaces the
//!   order's own hold, a repeated settle or release changes nothing;
//! - settlements are remembered for [`SETTLED_RETENTION_MS`]; a mark older than a
//!   forgotten settlement is refused with `retry`, never trusted.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The Durable Object binding in `wrangler.toml`.
pub const BINDING: &str = "STOCK_HOLDS";

/// How long a settlement is remembered (milliseconds): far longer than any
/// checkout takes between its mark and its hold.
pub const SETTLED_RETENTION_MS: i64 = 15 * 60 * 1000;

/// A command to one SKU's holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum HoldCommand {
    /// Read the mark (before reading the supplier's stock).
    Mark,
    /// Hold `qty` units for `order` until `until_ms`, given the supplier's `stock`
    /// read after `mark`.
    Hold {
        /// The order.
        order: String,
        /// Units.
        qty: u32,
        /// The supplier's stock, read after `mark`.
        stock: u32,
        /// The mark read before `stock`.
        mark: u64,
        /// The deadline (unix milliseconds).
        until_ms: i64,
    },
    /// The supplier accepted `order`'s `qty` units.
    Settle {
        /// The order.
        order: String,
        /// Units (what the supplier took, even if the hold had lapsed).
        qty: u32,
    },
    /// `order` will not reach the supplier: free its units.
    Release {
        /// The order.
        order: String,
    },
}

/// What the holds answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum HoldAnswer {
    /// The mark to send with the hold.
    Mark {
        /// Settlements recorded so far.
        mark: u64,
    },
    /// The units are held.
    Granted,
    /// Not enough units.
    Refused {
        /// What could be held now.
        available: u32,
        /// Whether a new mark and stock could change the answer.
        retry: bool,
    },
    /// Settled or released.
    Done,
}

/// A settlement: when and as which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Settled {
    at_ms: i64,
    seq: u64,
}

/// One order's units of the SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Hold {
    qty: u32,
    until_ms: i64,
    settled: Option<Settled>,
}

/// One SKU's holds and recent settlements: what the Durable Object stores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holds {
    /// Settlements recorded so far (the current mark).
    seq: u64,
    /// The highest settlement forgotten by pruning: marks below it are stale.
    forgotten: u64,
    orders: BTreeMap<String, Hold>,
}

impl Holds {
    /// Applies a command at `now_ms` (the object's clock).
    pub fn apply(&mut self, command: HoldCommand, now_ms: i64) -> HoldAnswer {
        self.prune(now_ms);
        match command {
            HoldCommand::Mark => HoldAnswer::Mark { mark: self.seq },
            HoldCommand::Hold {
                order,
                qty,
                stock,
                mark,
                until_ms,
            } => self.hold(order, qty, stock, mark, until_ms, now_ms),
            HoldCommand::Settle { order, qty } => {
                let already = self.orders.get(&order).is_some_and(|h| h.settled.is_some());
                if !already {
                    self.seq += 1;
                    let settled = Some(Settled {
                        at_ms: now_ms,
                        seq: self.seq,
                    });
                    self.orders.insert(
                        order,
                        Hold {
                            qty,
                            until_ms: now_ms,
                            settled,
                        },
                    );
                }
                HoldAnswer::Done
            }
            HoldCommand::Release { order } => {
                if self.orders.get(&order).is_some_and(|h| h.settled.is_none()) {
                    self.orders.remove(&order);
                }
                HoldAnswer::Done
            }
        }
    }

    fn hold(
        &mut self,
        order: String,
        qty: u32,
        stock: u32,
        mark: u64,
        until_ms: i64,
        now_ms: i64,
    ) -> HoldAnswer {
        if self.orders.get(&order).is_some_and(|h| h.settled.is_some()) {
            // The supplier has it already: nothing left to hold.
            return HoldAnswer::Granted;
        }
        let held: u64 = self
            .orders
            .iter()
            .filter(|(o, h)| **o != order && h.settled.is_none() && h.until_ms > now_ms)
            .map(|(_, h)| u64::from(h.qty))
            .sum();
        let settled_since: u64 = self
            .orders
            .values()
            .filter(|h| h.settled.is_some_and(|s| s.seq > mark))
            .map(|h| u64::from(h.qty))
            .sum();
        let stale = mark < self.forgotten;
        let available = u64::from(stock).saturating_sub(held + settled_since);
        if !stale && u64::from(qty) <= available && until_ms > now_ms {
            self.orders.insert(
                order,
                Hold {
                    qty,
                    until_ms,
                    settled: None,
                },
            );
            return HoldAnswer::Granted;
        }
        let without_settled = u64::from(stock).saturating_sub(held);
        HoldAnswer::Refused {
            available: u32::try_from(available).unwrap_or(u32::MAX),
            retry: stale || (settled_since > 0 && u64::from(qty) <= without_settled),
        }
    }

    /// Forgets holds past their deadline and settlements past retention.
    fn prune(&mut self, now_ms: i64) {
        let forgotten = &mut self.forgotten;
        self.orders.retain(|_, h| match h.settled {
            None => h.until_ms > now_ms,
            Some(s) if s.at_ms + SETTLED_RETENTION_MS < now_ms => {
                *forgotten = (*forgotten).max(s.seq);
                false
            }
            Some(_) => true,
        });
    }

    /// Units held by unsettled holds that have not lapsed at `now_ms`.
    pub fn held(&self, now_ms: i64) -> u64 {
        self.orders
            .values()
            .filter(|h| h.settled.is_none() && h.until_ms > now_ms)
            .map(|h| u64::from(h.qty))
            .sum()
    }
}
