//! `POST /v1/admin/shops/{shop}/flash-sales`: the owner starts a flash sale.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::campaigns;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::campaign::NewFlashSale;

/// Creates the flash sale (201 with it).
pub async fn create_flash_sale<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    let new = req.json::<NewFlashSale>()?;
    let created = campaigns::create_flash_sale(app, &shop, &new).await?;
    Ok(HttpResponse::json(201, &created))
}
