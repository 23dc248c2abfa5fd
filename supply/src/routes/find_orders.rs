//! `GET /sim/orders?reference=…` (only with `SIMULATION=on`, unsigned): every
//! supplier order made for one edge order reference, so a test can prove that the
//! edge's retries made exactly one.
//!
//! Invariants: the answer is `{"orders": […]}`, oldest first, each order whole as the
//! Supply API reports it; a missing or unusable reference is 400 `invalid_field`, an
//! unknown one an empty list (not a 404: "none" is the answer asked for).

use crate::context::Ctx;
use crate::error::Error;
use crate::input;
use crate::orders::{self, MAX_REFERENCE_LEN};
use pocketshop_shared::ApiError;
use worker::{Request, Response};

/// The orders with the `reference` query parameter's reference.
pub async fn find_orders(ctx: &Ctx, req: &Request) -> Result<Response, Error> {
    let url = req.url()?;
    let reference = reference(url.query().unwrap_or_default())?;
    let mut found = Vec::new();
    for row in ctx.store.orders_by_reference(&reference).await? {
        found.push(orders::load(ctx, &row).await?);
    }
    Ok(Response::from_json(
        &serde_json::json!({ "orders": found }),
    )?)
}

/// The `reference` parameter, if it could be one the supplier accepted.
fn reference(query: &str) -> Result<String, ApiError> {
    match input::param(query, "reference") {
        Some(r) if !r.is_empty() && r.len() <= MAX_REFERENCE_LEN => Ok(r),
        _ => Err(ApiError::InvalidField {
            field: "reference".into(),
            message: format!("must be given, 1 to {MAX_REFERENCE_LEN} characters"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_is_required_and_decoded() {
        assert_eq!(reference("reference=PS-1"), Ok("PS-1".to_owned()));
        assert_eq!(reference("reference=PS%2D2&x=1"), Ok("PS-2".to_owned()));
        for bad in [
            "",
            "reference=",
            "ref=PS-1",
            &format!("reference={}", "x".repeat(65)),
        ] {
            assert!(
                matches!(reference(bad), Err(ApiError::InvalidField { .. })),
                "{bad}"
            );
        }
    }
}
