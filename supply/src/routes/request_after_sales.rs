//! `POST /v1/orders/{id}/after-sales`: a return or refund request on a shipped order.

use crate::context::{random_hex, Ctx};
use crate::error::Error;
use crate::orders;
use crate::signing::Signed;
use pocketshop_shared::supply::{
    AfterSalesCase, AfterSalesKind, AfterSalesRequest, SupplyOrderStatus,
};
use pocketshop_shared::ApiError;
use worker::Response;

/// 201 with the new case.
pub async fn request_after_sales(ctx: &Ctx, req: &Signed, id: &str) -> Result<Response, Error> {
    let request: AfterSalesRequest = req.json()?;
    let reason = request.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 || reason.chars().any(char::is_control) {
        return Err(ApiError::InvalidField {
            field: "reason".into(),
            message: "must be 1 to 500 characters of text".into(),
        }
        .into());
    }
    let row = orders::find(ctx, id).await?;
    let status = orders::status_of(&row)?;
    if !matches!(
        status,
        SupplyOrderStatus::Shipped | SupplyOrderStatus::Delivered
    ) {
        return Err(ApiError::BadRequest {
            message: "returns and refunds open once an order has shipped".into(),
        }
        .into());
    }
    let case = AfterSalesCase {
        id: format!("AS-{}", random_hex(6)?.to_uppercase()),
        kind: request.kind,
        reason: reason.to_owned(),
        status: "requested".into(),
        created_at: ctx.now,
    };
    let kind = match request.kind {
        AfterSalesKind::Return => "return",
        AfterSalesKind::Refund => "refund",
    };
    ctx.store.add_case(&row.id, &case, kind).await?;
    Ok(Response::from_json(&case)?.with_status(201))
}
