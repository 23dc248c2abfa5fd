//! `POST /v1/admin/shops/{shop}/flash-sales`: the owner starts a flash sale.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::campaigns;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::campaign::NewFlashSale;

/// Creates the flash sale (201 with it).
pub async fn create_flash_sale<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let new = req.json::<NewFlashSale>()?;
    let created = campaigns::create_flash_sale(app, &shop, &new).await?;
    Ok(HttpResponse::json(201, &created))
}
