//! `GET /v1/shops/{shop}/products`: one page of the shop's catalogue (the last good
//! one, marked `x-pocketshop-stale: 1`, while the supplier fails).

use crate::app::App;
use crate::cache::Cache;
use crate::catalogue::{self, ListQuery};
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::pages;
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use std::rc::Rc;

/// A page of products priced for the shop.
pub async fn list_products<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &Rc<ShopRecord>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let query = ListQuery::parse(|name| req.query_param(name))?;
    let snapshot = catalogue::current(app).await?;
    // Revalidated on every read so an owner's change shows at once; marked when the
    // supplier failed and this is the last good catalogue.
    pages::page(app, shop, req, &snapshot, |snapshot| {
        let page = catalogue::list(&snapshot.products, shop, &query)?;
        Ok(HttpResponse::json(200, &page))
    })
}
