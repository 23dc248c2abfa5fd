//! `POST /sim/orders/{id}/after-sales/{case_id}/{action}` (only with
//! `SIMULATION=on`, unsigned): what the supplier's after-sales desk does to a case,
//! `approve`, `reject` or `complete` (see [`crate::after_sales`]). `{id}` is the
//! supplier's order id or the edge's order reference.
//!
//! Invariants: the case moves by compare-and-set on the status it was read with, so
//! of two concurrent decisions one wins and the other is a 409 `invalid_transition`,
//! like any illegal move; an approved refund or a completed return refunds the order
//! in the same transaction when its status allows (per `orders::can_move`), and an
//! order already refunded stays as it is. Every case move is told to the edge by a
//! signed `after_sales.updated`, and a refund then by `order.refunded`; a webhook
//! that fails does not undo the move, the answer reports it:
//! `{"order": …, "case": …, "webhook": …, "refund_webhook": … | null}`.

use crate::after_sales::{self, CaseAction};
use crate::context::Ctx;
use crate::error::Error;
use crate::orders;
use crate::webhook;
use pocketshop_shared::supply::{AfterSalesCase, SupplyEventKind, SupplyOrderStatus};
use pocketshop_shared::ApiError;
use worker::Response;

/// Applies `action` to the case and answers the order, the case and the webhooks.
pub async fn resolve_after_sales(
    ctx: &Ctx,
    id: &str,
    case_id: &str,
    action: CaseAction,
) -> Result<Response, Error> {
    let row = orders::find_by_id_or_reference(ctx, id).await?;
    let case = find_case(ctx, &row.id, case_id).await?;
    let from = after_sales::status_of(&case)?;
    let Some(to) = after_sales::next(from, action) else {
        let order = orders::status_of(&row)?;
        return Err(after_sales::illegal_move(order, case_id, from, action).into());
    };
    let refund_from: Vec<&str> = if after_sales::refunds_order(case.kind, action) {
        orders::may_become(SupplyOrderStatus::Refunded)
            .into_iter()
            .map(SupplyOrderStatus::as_str)
            .collect()
    } else {
        Vec::new()
    };
    let moved = ctx
        .store
        .move_case(
            &row.id,
            case_id,
            from.as_str(),
            to.as_str(),
            &refund_from,
            ctx.now,
        )
        .await?;
    if !moved.case_moved {
        return Err(moved_meanwhile(ctx, &row.id, case_id, action).await);
    }
    let reference = orders::request_of(&row)?.reference;
    let case = AfterSalesCase {
        status: to.as_str().to_owned(),
        ..case
    };
    let webhook = webhook::send(
        ctx,
        SupplyEventKind::AfterSalesUpdated {
            order_id: row.id.clone(),
            reference: reference.clone(),
            case: case.clone(),
        },
    )
    .await?;
    webhook::log_failure(&webhook);
    // Only the request whose transaction refunded the order tells the edge, so the
    // edge hears `order.refunded` once per order however many cases refund it.
    let refund_webhook = if moved.order_refunded {
        let delivery = webhook::send(
            ctx,
            SupplyEventKind::OrderRefunded {
                order_id: row.id.clone(),
                reference,
            },
        )
        .await?;
        webhook::log_failure(&delivery);
        Some(delivery)
    } else {
        None
    };
    let row = orders::find(ctx, &row.id).await?;
    let order = orders::load(ctx, &row).await?;
    Ok(Response::from_json(&serde_json::json!({
        "order": order,
        "case": case,
        "webhook": webhook,
        "refund_webhook": refund_webhook,
    }))?)
}

/// The case, or 404 `not_found`: the order exists, so `order_not_found` would point
/// the caller at the wrong thing; a case of another order is unknown here too.
async fn find_case(ctx: &Ctx, order: &str, case_id: &str) -> Result<AfterSalesCase, Error> {
    if case_id.is_empty() || case_id.len() > orders::MAX_REFERENCE_LEN {
        return Err(ApiError::NotFound.into());
    }
    ctx.store
        .case(order, case_id)
        .await?
        .ok_or_else(|| ApiError::NotFound.into())
}

/// The 409 when a concurrent decision moved the case between the read and the write.
async fn moved_meanwhile(ctx: &Ctx, order: &str, case_id: &str, action: CaseAction) -> Error {
    let now = async {
        let row = orders::find(ctx, order).await?;
        let case = find_case(ctx, order, case_id).await?;
        Ok::<_, Error>(after_sales::illegal_move(
            orders::status_of(&row)?,
            case_id,
            after_sales::status_of(&case)?,
            action,
        ))
    };
    match now.await {
        Ok(api) => api.into(),
        Err(e) => e,
    }
}
