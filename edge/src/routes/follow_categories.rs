//! `PUT /v1/admin/shops/{shop}/categories`: the categories whose products (present
//! and future) are in the shop's selection.

use crate::admin;
use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::admin::FollowCategories;

/// Replaces the followed categories (204).
pub async fn follow_categories<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let body = req.json::<FollowCategories>()?;
    let categories = admin::categories(&body.categories)?;
    app.store.set_followed(&shop.id, &categories).await?;
    Ok(HttpResponse::empty(204))
}
