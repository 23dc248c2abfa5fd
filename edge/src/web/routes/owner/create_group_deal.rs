//! `POST /v1/admin/shops/{shop}/group-deals`: the owner starts a group deal.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::campaigns;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::campaign::NewGroupDeal;

/// Creates the group deal (201 with it).
pub async fn create_group_deal<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let new = req.json::<NewGroupDeal>()?;
    let created = campaigns::create_group_deal(app, &shop, &new).await?;
    Ok(HttpResponse::json(201, &created))
}
