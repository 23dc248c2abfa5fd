//! `GET /v1/shops/{shop}/products`: one page of the shop's catalogue (the last good
//! one, marked `x-pocketshop-stale: 1`, while the supplier fails).

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue::pages;
use crate::domain::catalogue::{self, ListQuery};
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use std::rc::Rc;

/// A page of products priced for the shop.
pub async fn list_products<P: Ports>(
    app: &Services<P>,
    shop: &Rc<ShopRecord>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let query = ListQuery::parse(|name| req.query_param(name))?;
    let snapshot = catalogue::current(app).await?;
    // Revalidated on every read so an owner's change shows at once; marked when the
    // supplier failed and this is the last good catalogue.
    // A search is rendered each time: its text is the shopper's, so keeping every
    // one would let any stranger push the shop's pages out of the memo.
    let key = query
        .text
        .is_none()
        .then(|| format!("{}?{query:?}", req.path));
    pages::page(app, shop, req, key, &snapshot, |snapshot| {
        let page = catalogue::list(&snapshot.products, shop, &query)?;
        Ok(HttpResponse::json(200, &page))
    })
}
