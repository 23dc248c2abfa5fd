//! `GET /v1/shops/{shop}`: the public shop profile.

use crate::app::App;
use crate::cache::Cache;
use crate::catalogue;
use crate::error::Error;
use crate::http::HttpResponse;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use pocketshop_shared::api::ShopProfile;
use pocketshop_shared::catalogue::Category;
use pocketshop_shared::PaymentMethod;

/// The shop's profile.
pub async fn get_shop<S: Store, P: Supplier, C: Cache>(
    app: &App<S, P, C>,
    shop: &ShopRecord,
) -> Result<HttpResponse, Error> {
    // The profile must load even while the supplier is down: fall back to every
    // category rather than failing the widget's first request.
    let categories = match catalogue::snapshot(app).await {
        Ok(products) => catalogue::categories(&products),
        Err(Error::Supplier(_)) => Category::ALL.to_vec(),
        Err(e) => return Err(e),
    };
    let profile = ShopProfile {
        id: shop.id.clone(),
        name: shop.name.clone(),
        currency: shop.pricing.currency,
        locale: shop.locale,
        theme: shop.theme.clone(),
        features: shop.features.clone(),
        // Every shop takes every method the platform supports until shops choose.
        payment_methods: PaymentMethod::ALL.to_vec(),
        categories,
    };
    Ok(HttpResponse::json(200, &profile).with_header("cache-control", "public, max-age=60"))
}
