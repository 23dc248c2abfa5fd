//! `GET /v1/admin/shops/{shop}/group-deals`: the owner's group deals, running, coming and
//! ended in the last 30 days, with live counts.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::campaigns::OWNER_LIST_DAYS_SECS;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;

/// The list, soonest ending first.
pub async fn list_group_deals<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let mut views = Vec::new();
    for deal in app
        .store
        .group_deals(&shop.id, app.now - OWNER_LIST_DAYS_SECS)
        .await?
    {
        views.push(crate::domain::community::campaigns::deal_view(app, deal, None).await?);
    }
    Ok(HttpResponse::json(200, &views))
}
