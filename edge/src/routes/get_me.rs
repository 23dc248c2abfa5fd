//! `GET /v1/admin/me`: the signed-in owner and their shops.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::admin::{Me, Owner, ShopSummary};

/// The owner and their shops, oldest first.
pub async fn get_me<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let owner = auth::owner_session(app, req).await?;
    let mut shops = Vec::new();
    for id in app.store.owner_shops(&owner.id).await? {
        if let Some(shop) = app.store.shop(&id).await? {
            shops.push(ShopSummary {
                id: shop.id,
                name: shop.name,
                currency: shop.pricing.currency,
                locale: shop.locale,
            });
        }
    }
    let me = Me {
        owner: Owner {
            id: owner.id,
            email: owner.email,
        },
        shops,
    };
    Ok(HttpResponse::json(200, &me))
}
