//! `GET /v1/shops/{shop}`: the public shop profile.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue;
use crate::domain::catalogue::pages;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::api::ShopProfile;
use pocketshop_shared::catalogue::{Category, SupplyProduct};
use std::rc::Rc;

/// The shop's profile.
pub async fn get_shop<P: Ports>(
    app: &Services<P>,
    shop: &Rc<ShopRecord>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    // Revalidated on every read so an owner's change shows at once. The profile
    // must load even while the supplier is down: from the last good catalogue (not
    // marked: the profile itself is not stale), else with every category rather
    // than failing the widget's first request.
    match catalogue::current(app).await {
        Ok(snapshot) if !snapshot.stale => pages::page(
            app,
            shop,
            req,
            Some(req.path.clone()),
            &snapshot,
            |snapshot| Ok(profile(app, shop, Some(&snapshot.products))),
        ),
        Ok(snapshot) => Ok(profile(app, shop, Some(&snapshot.products)).revalidated(req)),
        Err(Error::Supplier(_)) => Ok(profile(app, shop, None).revalidated(req)),
        Err(e) => Err(e),
    }
}

/// The profile of `shop` over `products` (with every category when there is no
/// catalogue to look at).
fn profile<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    products: Option<&[SupplyProduct]>,
) -> HttpResponse {
    let categories = match products {
        Some(products) => catalogue::shop_categories(products, shop),
        None => Category::ALL.to_vec(),
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
    HttpResponse::json(200, &profile)
}
