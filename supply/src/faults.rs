//! Injected faults (simulation only): `POST /sim/faults` sets how many of the next
//! `POST /v1/orders` calls fail as if the supplier were down, so tests can prove that
//! the edge retries until the supplier answers and still makes exactly one order.
//!
//! Invariants: the count lives in D1 (`sim_faults`), shared by every isolate; each
//! failure is taken by exactly one call, with one conditional `UPDATE` (never a read
//! and a write); the count is only read when simulation is on, so a production
//! supplier never fails on purpose; an injected failure is answered before anything
//! of the order is looked at (no order, no stock taken, no idempotency key used).

use crate::context::Ctx;
use crate::error::Error;
use crate::input;
use pocketshop_shared::ApiError;
use serde::{Deserialize, Serialize};

/// The most failures one `POST /sim/faults` sets: a typo must not break the
/// supplier for the rest of the day.
pub const MAX_FAILURES: u32 = 1000;

/// What an injected failure tells the caller to wait, in seconds.
pub const RETRY_AFTER_SECS: u32 = 1;

/// `POST /sim/faults` body and the answer of both `/sim/faults` routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// How many of the next `POST /v1/orders` calls answer 503.
    pub create_order_failures: u32,
}

impl Faults {
    /// Parses a `POST /sim/faults` body.
    pub fn parse(body: &[u8]) -> Result<Faults, ApiError> {
        let faults: Faults = input::json(body)?;
        if faults.create_order_failures > MAX_FAILURES {
            return Err(ApiError::InvalidField {
                field: "create_order_failures".into(),
                message: format!("must be 0 to {MAX_FAILURES}"),
            });
        }
        Ok(faults)
    }
}

/// What an injected failure answers: the supplier is unavailable, retry shortly.
pub fn injected_failure() -> ApiError {
    ApiError::SupplierUnavailable {
        retry_after_secs: RETRY_AFTER_SECS,
    }
}

/// Fails this `POST /v1/orders` call when a failure is injected, taking one.
pub async fn fail_create_order_if_injected(ctx: &Ctx) -> Result<(), Error> {
    if ctx.config.simulation && ctx.store.take_create_order_failure().await? {
        return Err(injected_failure().into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_count_is_a_whole_number_up_to_the_limit() {
        assert_eq!(
            Faults::parse(br#"{"create_order_failures": 2}"#),
            Ok(Faults {
                create_order_failures: 2
            })
        );
        assert_eq!(
            Faults::parse(br#"{"create_order_failures": 0}"#),
            Ok(Faults {
                create_order_failures: 0
            })
        );
        assert!(matches!(
            Faults::parse(br#"{"create_order_failures": 1001}"#),
            Err(ApiError::InvalidField { .. })
        ));
        for bad in [
            &br#"{"create_order_failures": -1}"#[..],
            br#"{"create_order_failures": 1.5}"#,
            br#"{"create_order_failure": 1}"#,
            br#"{}"#,
            b"",
        ] {
            assert!(
                matches!(Faults::parse(bad), Err(ApiError::InvalidJson { .. })),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn an_injected_failure_is_a_503_supplier_unavailable_retrying_after_a_second() {
        let e = injected_failure();
        assert_eq!(e.status(), 503);
        assert_eq!(e.code(), "supplier_unavailable");
        assert_eq!(e.retry_after(), Some(1));
        assert_eq!(
            serde_json::to_value(&e).expect("json"),
            serde_json::json!({"code": "supplier_unavailable", "retry_after_secs": 1})
        );
    }

    #[test]
    fn the_answer_names_the_remaining_count() {
        assert_eq!(
            serde_json::to_value(Faults {
                create_order_failures: 3
            })
            .expect("json"),
            serde_json::json!({"create_order_failures": 3})
        );
    }
}
