//! `POST /v1/orders`: a fulfilment order, once per `Idempotency-Key`.

use crate::context::{random_hex, Ctx};
use crate::error::Error;
use crate::orders::{self, Decision};
use crate::signing::Signed;
use crate::store::OrderRow;
use pocketshop_shared::supply::{CreateSupplyOrder, SupplyOrderStatus};
use pocketshop_shared::{ApiError, IdempotencyKey};
use worker::Response;

/// 201 with the new order, 200 with the one this key already made.
pub async fn create_order(ctx: &Ctx, req: &Signed) -> Result<Response, Error> {
    let key = req
        .idempotency_key
        .as_deref()
        .ok_or(ApiError::MissingIdempotencyKey)?;
    let key = IdempotencyKey::parse(key).map_err(|_| ApiError::InvalidIdempotencyKey)?;
    let request: CreateSupplyOrder = req.json()?;
    if request.lines.is_empty() {
        return Err(ApiError::EmptyCart.into());
    }
    if request.reference.is_empty() || request.reference.len() > 64 {
        return Err(ApiError::InvalidField {
            field: "reference".into(),
            message: "must be 1 to 64 characters".into(),
        }
        .into());
    }
    let hash = orders::request_hash(&req.body);
    let existing = ctx.store.order_by_key(key.as_str()).await?;
    match orders::decide(existing.as_ref(), &hash) {
        Decision::Conflict => return Err(ApiError::IdempotencyConflict.into()),
        Decision::Replay => return replay(ctx, existing).await,
        Decision::Create => {}
    }
    let lines = orders::merge(&request.lines);
    check_stock(ctx, &lines).await?;
    let row = OrderRow {
        id: format!("SO-{}", random_hex(8)?.to_uppercase()),
        idempotency_key: key.to_string(),
        request_hash: hash.clone(),
        status: SupplyOrderStatus::Accepted.as_str().to_owned(),
        body: String::from_utf8_lossy(&req.body).into_owned(),
        created_at: ctx.now,
    };
    if !ctx.store.insert_order(&row, &lines).await? {
        // The batch failed whole: the key was taken concurrently, or stock ran out.
        let existing = ctx.store.order_by_key(key.as_str()).await?;
        match orders::decide(existing.as_ref(), &hash) {
            Decision::Replay => return replay(ctx, existing).await,
            Decision::Conflict => return Err(ApiError::IdempotencyConflict.into()),
            Decision::Create => {
                check_stock(ctx, &lines).await?;
                return Err(Error::Corrupt {
                    what: "order batch",
                    detail: "failed with stock and key free".into(),
                });
            }
        }
    }
    Ok(Response::from_json(&orders::load(ctx, &row).await?)?.with_status(201))
}

async fn replay(ctx: &Ctx, existing: Option<OrderRow>) -> Result<Response, Error> {
    let row = existing.ok_or(Error::Corrupt {
        what: "order",
        detail: "replayed order vanished".into(),
    })?;
    Ok(Response::from_json(&orders::load(ctx, &row).await?)?)
}

/// Refuses unknown SKUs (422) and short stock (409, with what is left).
async fn check_stock(ctx: &Ctx, lines: &[(String, u32)]) -> Result<(), Error> {
    let skus: Vec<&str> = lines.iter().map(|(s, _)| s.as_str()).collect();
    let stock = ctx.store.stock(&skus).await?;
    for (sku, qty) in lines {
        match stock.iter().find(|(s, _)| s == sku) {
            None => return Err(ApiError::UnknownSku { sku: sku.clone() }.into()),
            Some((_, available)) if available < qty => {
                return Err(ApiError::OutOfStock {
                    sku: sku.clone(),
                    available: *available,
                }
                .into())
            }
            Some(_) => {}
        }
    }
    Ok(())
}
