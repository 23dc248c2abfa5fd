//! `POST /sim/faults` and `GET /sim/faults` (only with `SIMULATION=on`, unsigned):
//! set and read how many of the next `POST /v1/orders` calls fail with 503
//! `supplier_unavailable` (see [`crate::faults`]).
//!
//! Invariants: setting replaces the count (it does not add to it), so a test that
//! sets 0 clears whatever an earlier one left; both answer the count as it is now.

use crate::context::Ctx;
use crate::error::Error;
use crate::faults::Faults;
use crate::input;
use worker::{Request, Response};

/// Sets the count from `{"create_order_failures": N}` and answers it.
pub async fn set_faults(ctx: &Ctx, mut req: Request) -> Result<Response, Error> {
    let faults = Faults::parse(&input::read_body(&mut req).await?)?;
    ctx.store
        .set_create_order_failures(faults.create_order_failures)
        .await?;
    get_faults(ctx).await
}

/// Answers `{"create_order_failures": remaining}`.
pub async fn get_faults(ctx: &Ctx) -> Result<Response, Error> {
    let faults = Faults {
        create_order_failures: ctx.store.create_order_failures().await?,
    };
    Ok(Response::from_json(&faults)?)
}
