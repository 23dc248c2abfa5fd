//! `POST /v1/orders/{id}/after-sales`: a return or refund request on a shipped or
//! delivered order; the case opens as `requested`.

use crate::after_sales::CaseStatus;
use crate::context::{random_hex, Ctx};
use crate::error::Error;
use crate::orders;
use crate::signing::Signed;
use pocketshop_shared::supply::{AfterSalesCase, AfterSalesKind, AfterSalesRequest};
use worker::Response;

/// 201 with the new case; 409 `invalid_transition` before shipping or once the
/// order is cancelled or refunded.
pub async fn request_after_sales(ctx: &Ctx, req: &Signed, id: &str) -> Result<Response, Error> {
    let request: AfterSalesRequest = req.json()?;
    let reason = orders::after_sales_reason(&request.reason)?;
    let row = orders::find(ctx, id).await?;
    let case = AfterSalesCase {
        id: format!("AS-{}", random_hex(8)?.to_uppercase()),
        kind: request.kind,
        reason,
        status: CaseStatus::Requested.as_str().to_owned(),
        created_at: ctx.now,
    };
    let kind = match request.kind {
        AfterSalesKind::Return => "return",
        AfterSalesKind::Refund => "refund",
    };
    // The insert itself checks the status, so a concurrent cancel cannot slip in.
    if !ctx.store.add_case(&row.id, &case, kind).await? {
        let status = orders::status_of(&orders::find(ctx, &row.id).await?)?;
        return Err(orders::illegal_move(status, "refunded").into());
    }
    Ok(Response::from_json(&case)?.with_status(201))
}
