//! `GET /v1/shops/{shop}/products/{id}`: one product with its SKUs and coarse stock.

use crate::app::App;
use crate::cache::Cache;
use crate::catalogue;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use pocketshop_shared::{ApiError, ProductId};

/// The product priced for the shop.
pub async fn get_product<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    id: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let id = ProductId::parse(id).map_err(|_| ApiError::UnknownProduct {
        product_id: id.chars().take(64).collect(),
    })?;
    let products = catalogue::snapshot(app).await?;
    let product = catalogue::product(&products, shop, &id)?;
    // Revalidated on every read so an unpicked product disappears at once.
    Ok(HttpResponse::json(200, &product).revalidated(req))
}
