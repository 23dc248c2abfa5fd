//! `PUT /v1/admin/shops/{shop}/categories`: the categories whose products (present
//! and future) are in the shop's selection.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::owners::manage;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::owner::FollowCategories;

/// Replaces the followed categories (204).
pub async fn follow_categories<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let body = req.json::<FollowCategories>()?;
    let categories = manage::categories(&body.categories)?;
    app.store.set_followed(&shop.id, &categories).await?;
    Ok(HttpResponse::empty(204))
}
