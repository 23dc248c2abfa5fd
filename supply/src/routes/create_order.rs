//! `POST /v1/orders`: a fulfilment order, once per `Idempotency-Key`.
//!
//! Invariants: the same key and the same body bytes answer the existing order (200)
//! without touching stock; the same key with another body is `idempotency_conflict`;
//! a new order takes its stock and is recorded all or nothing (see `store`); with
//! simulation on, a failure injected through `/sim/faults` is answered (503
//! `supplier_unavailable`) before any of that, so it leaves no trace of the order.

use crate::context::{random_hex, Ctx};
use crate::error::Error;
use crate::faults;
use crate::orders::{self, Decision};
use crate::signing::Signed;
use crate::store::OrderRow;
use pocketshop_shared::supply::{CreateSupplyOrder, SupplyOrderStatus};
use pocketshop_shared::{ApiError, IdempotencyKey};
use worker::Response;

/// 201 with the new order, 200 with the one this key already made.
pub async fn create_order(ctx: &Ctx, req: &Signed) -> Result<Response, Error> {
    faults::fail_create_order_if_injected(ctx).await?;
    let key = req
        .idempotency_key
        .as_deref()
        .ok_or(ApiError::MissingIdempotencyKey)?;
    let key = IdempotencyKey::parse(key).map_err(|_| ApiError::InvalidIdempotencyKey)?;
    let request: CreateSupplyOrder = req.json()?;
    orders::validate(&request)?;
    let hash = orders::request_hash(&req.body);
    if let Some(existing) = already_made(ctx, key.as_str(), &hash).await? {
        return Ok(existing);
    }
    let lines = orders::merge(&request.lines);
    let skus: Vec<&str> = lines.iter().map(|(s, _)| s.as_str()).collect();
    // Read first for a precise answer (which SKU, how many left); the batch below
    // re-checks inside its transaction, so this read is never trusted for safety.
    orders::check_stock(&ctx.store.stock(&skus).await?, &lines)?;
    let row = OrderRow {
        id: format!("SO-{}", random_hex(10)?.to_uppercase()),
        idempotency_key: key.to_string(),
        request_hash: hash.clone(),
        status: SupplyOrderStatus::Accepted.as_str().to_owned(),
        body: String::from_utf8_lossy(&req.body).into_owned(),
        created_at: ctx.now,
    };
    match ctx
        .store
        .insert_order(&row, &lines, &orders::lines_json(&lines))
        .await
    {
        Ok(()) => {}
        Err(refused @ Error::Worker(_)) => {
            // The batch changed nothing. A concurrent request with this key, or one
            // that took the last units, explains it; otherwise it is a real failure.
            if let Some(existing) = already_made(ctx, key.as_str(), &hash).await? {
                return Ok(existing);
            }
            orders::check_stock(&ctx.store.stock(&skus).await?, &lines)?;
            return Err(refused);
        }
        Err(other) => return Err(other),
    }
    Ok(Response::from_json(&orders::load(ctx, &row).await?)?.with_status(201))
}

/// The answer when this key already made an order: that order for the same body,
/// `idempotency_conflict` for another.
async fn already_made(ctx: &Ctx, key: &str, hash: &str) -> Result<Option<Response>, Error> {
    let existing = ctx.store.order_by_key(key).await?;
    match (orders::decide(existing.as_ref(), hash), existing) {
        (Decision::Replay, Some(row)) => {
            Ok(Some(Response::from_json(&orders::load(ctx, &row).await?)?))
        }
        (Decision::Conflict, _) => Err(ApiError::IdempotencyConflict.into()),
        _ => Ok(None),
    }
}
