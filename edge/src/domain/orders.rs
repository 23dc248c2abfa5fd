//! Orders after checkout: stock holds, the lifecycle (payment, hand-off to the
//! supplier, expiry, refunds), the commission ledger, the supplier's events and
//! the shopper's capability token.

pub mod holds;
pub mod ledger;
pub mod lifecycle;
pub mod supplier_events;
pub mod token;
