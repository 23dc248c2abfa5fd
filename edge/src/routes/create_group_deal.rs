//! `POST /v1/admin/shops/{shop}/group-deals`: the owner starts a group deal.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::campaigns;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::campaign::NewGroupDeal;

/// Creates the group deal (201 with it).
pub async fn create_group_deal<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let new = req.json::<NewGroupDeal>()?;
    let created = campaigns::create_group_deal(app, &shop, &new).await?;
    Ok(HttpResponse::json(201, &created))
}
