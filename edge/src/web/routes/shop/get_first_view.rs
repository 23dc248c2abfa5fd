//! `GET /v1/shops/{shop}/first-view?view=grid|product`: a widget's first view as
//! HTML (`first_view.rs`), which `embed.js` paints before the WASM widget loads.
//! Takes the element's own options: `product` for the product view, `category`
//! and `collection` for the grid, `lang` to speak other than the shop's language.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue::pages;
use crate::domain::catalogue::{self, ListQuery, Snapshot};
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use crate::web::first_view::{self, Frame, GRID_PAGE};
use pocketshop_shared::{ApiError, Locale, ProductId};
use std::rc::Rc;

/// The first view, priced for the shop.
pub async fn get_first_view<P: Ports>(
    app: &Services<P>,
    shop: &Rc<ShopRecord>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let snapshot = catalogue::current(app).await?;
    // Revalidated on every read, like the catalogue it shows; marked when it comes
    // from the last good catalogue.
    pages::page(app, shop, req, &snapshot, |snapshot| {
        render(shop, req, snapshot).map(HttpResponse::fragment)
    })
}

/// The first view `req` asks for, as HTML.
fn render(shop: &ShopRecord, req: &HttpRequest, snapshot: &Snapshot) -> Result<String, Error> {
    // An element's `lang` that names no language we speak falls back, as in the
    // widget, to the shop's.
    let locale = req
        .query_param("lang")
        .and_then(|l| Locale::parse(&l).ok())
        .unwrap_or(shop.locale);
    let frame = Frame {
        locale,
        theme: &shop.theme,
        stale: snapshot.stale,
    };
    match req.query_param("view").as_deref() {
        Some("grid") | None => {
            // The widget's first page: its collection and category, no search.
            let query = ListQuery::parse(|name| match name {
                "limit" => Some(GRID_PAGE.to_string()),
                "collection" | "category" => req.query_param(name),
                _ => None,
            })?;
            let page = catalogue::list(&snapshot.products, shop, &query)?;
            let categories = catalogue::shop_categories(&snapshot.products, shop);
            Ok(first_view::grid(frame, &categories, query.category, &page))
        }
        Some("product") => {
            let raw = req.query_param("product").unwrap_or_default();
            let id = ProductId::parse(&raw).map_err(|_| ApiError::UnknownProduct {
                product_id: raw.chars().take(64).collect(),
            })?;
            let product = catalogue::product(&snapshot.products, shop, &id)?;
            Ok(first_view::product(frame, &product))
        }
        Some(_) => Err(ApiError::InvalidField {
            field: "view".to_owned(),
            message: "must be grid or product".to_owned(),
        }
        .into()),
    }
}
