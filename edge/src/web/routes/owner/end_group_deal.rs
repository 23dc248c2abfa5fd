//! `POST /v1/admin/shops/{shop}/group-deals/{id}/end`: the owner ends a group deal now.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::ApiError;

/// Ends it (204); ending an ended one changes nothing.
pub async fn end_group_deal<P: Ports>(
    app: &Services<P>,
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
