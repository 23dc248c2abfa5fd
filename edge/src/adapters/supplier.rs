//! The supplier over signed HTTPS (Supply API v1), with its degradation policy and
//! circuit breaker.

pub mod breaker;
pub mod http;
pub mod policy;
