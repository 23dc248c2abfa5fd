//! The domain: what Pocketshop does, by feature. Each feature takes the
//! [`services::Services`] of a request and speaks only through the ports.
//!
//! Invariants: the domain never imports the web or worker layers, nor an adapter;
//! among features, imports run one way: checkout → orders → community → owners →
//! catalogue, and every feature may use `memo`, `payments` and `services`.

pub mod catalogue;
pub mod checkout;
pub mod community;
pub mod memo;
pub mod orders;
pub mod owners;
pub mod payments;
pub mod services;
