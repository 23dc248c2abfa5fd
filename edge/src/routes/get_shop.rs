//! `GET /v1/shops/{shop}`: the public shop profile.

use crate::app::App;
use crate::cache::Cache;
use crate::catalogue;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use pocketshop_shared::api::ShopProfile;
use pocketshop_shared::catalogue::Category;

/// The shop's profile.
pub async fn get_shop<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    // The profile must load even while the supplier is down: fall back to every
    // category rather than failing the widget's first request.
    let categories = match catalogue::snapshot(app).await {
        Ok(products) => catalogue::shop_categories(&products, shop),
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
        // What the shop offers, less what this deployment has not set up.
        payment_methods: shop
            .payment_methods
            .iter()
            .copied()
            .filter(|m| app.payments.offers(*m))
            .collect(),
        categories,
    };
    // Revalidated on every read so an owner's change shows at once.
    Ok(HttpResponse::json(200, &profile).revalidated(req))
}
