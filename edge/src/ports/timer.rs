//! The protocol of an order's timer, the `OrderTimer` Durable Object (one per
//! order, named by its id, holding one alarm): the wake-up the edge asks of it.
//!
//! Invariants: a wake-up never moves a pending alarm later.

use serde::{Deserialize, Serialize};

/// The Durable Object binding in `wrangler.toml`.
pub const BINDING: &str = "ORDER_TIMERS";

/// A request to wake an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wake {
    /// The order.
    pub order_id: String,
    /// When (unix seconds).
    pub at: i64,
}
