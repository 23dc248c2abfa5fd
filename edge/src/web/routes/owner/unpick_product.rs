//! `DELETE /v1/admin/shops/{shop}/products/{id}`: takes one product's pick back.

use super::pick_product::owned_pick;
use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;

/// Takes a pick back (204, also when it was not picked).
pub async fn unpick_product<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
    id: &str,
) -> Result<HttpResponse, Error> {
    let (shop, id) = owned_pick(app, req, shop, id).await?;
    app.store.set_picked(&shop.id, &id, false, app.now).await?;
    Ok(HttpResponse::empty(204))
}
