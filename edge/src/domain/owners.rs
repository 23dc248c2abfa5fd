//! Shop owners: their accounts and sessions, and the rules of what they may set
//! and read about their shops.

pub mod auth;
pub mod manage;
