//! `GET /v1/admin/me`: the signed-in owner and their shops.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::Store;
use pocketshop_shared::owner::{Me, Owner, ShopSummary};

/// The owner and their shops, oldest first.
pub async fn get_me<P: Ports>(app: &Services<P>, req: &HttpRequest) -> Result<HttpResponse, Error> {
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
