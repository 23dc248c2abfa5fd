//! `GET /v1/admin/shops/{shop}/group-deals`: the owner's group deals, running, coming and
//! ended in the last 30 days, with live counts.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::campaigns::OWNER_LIST_DAYS_SECS;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;

/// The list, soonest ending first.
pub async fn list_group_deals<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
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
        views.push(crate::campaigns::deal_view(app, deal, None).await?);
    }
    Ok(HttpResponse::json(200, &views))
}
