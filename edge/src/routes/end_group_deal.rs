//! `POST /v1/admin/shops/{shop}/group-deals/{id}/end`: the owner ends a group deal now.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::ApiError;

/// Ends it (204); ending an ended one changes nothing.
pub async fn end_group_deal<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
    id: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    if !app.store.end_group_deal(&shop.id, id, app.now).await? {
        return Err(ApiError::UnknownCampaign {
            kind: "group_deal".into(),
        }
        .into());
    }
    Ok(HttpResponse::empty(204))
}
