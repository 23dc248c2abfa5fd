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
    let asked = Asked::parse(shop, req)?;
    let snapshot = catalogue::current(app).await?;
    // Revalidated on every read, like the catalogue it shows; marked when it comes
    // from the last good catalogue. Kept under what was asked, as parsed.
    let key = format!("{}?{asked:?}", req.path);
    pages::page(app, shop, req, Some(key), &snapshot, |snapshot| {
        render(shop, &asked, snapshot).map(HttpResponse::fragment)
    })
}

/// What a first view request asks for, parsed: its language and view.
#[derive(Debug)]
enum Asked {
    /// The grid's first page of `query`.
    Grid { locale: Locale, query: ListQuery },
    /// Product `id`'s card.
    Product { locale: Locale, id: ProductId },
}

impl Asked {
    fn parse(shop: &ShopRecord, req: &HttpRequest) -> Result<Asked, Error> {
        // An element's `lang` that names no language we speak falls back, as in the
        // widget, to the shop's.
        let locale = req
            .query_param("lang")
            .and_then(|l| Locale::parse(&l).ok())
            .unwrap_or(shop.locale);
        match req.query_param("view").as_deref() {
            Some("grid") | None => {
                // The widget's first page: its collection and category, no search.
                let query = ListQuery::parse(|name| match name {
                    "limit" => Some(GRID_PAGE.to_string()),
                    "collection" | "category" => req.query_param(name),
                    _ => None,
                })?;
                Ok(Asked::Grid { locale, query })
            }
            Some("product") => {
                let raw = req.query_param("product").unwrap_or_default();
                let id = ProductId::parse(&raw).map_err(|_| ApiError::UnknownProduct {
                    product_id: raw.chars().take(64).collect(),
                })?;
                Ok(Asked::Product { locale, id })
            }
            Some(_) => Err(ApiError::InvalidField {
                field: "view".to_owned(),
                message: "must be grid or product".to_owned(),
            }
            .into()),
        }
    }
}

/// The first view `asked`, as HTML.
fn render(shop: &ShopRecord, asked: &Asked, snapshot: &Snapshot) -> Result<String, Error> {
    let frame = |locale| Frame {
        locale,
        theme: &shop.theme,
        stale: snapshot.stale,
    };
    match asked {
        Asked::Grid { locale, query } => {
            let page = catalogue::list(&snapshot.products, shop, query)?;
            let categories = catalogue::shop_categories(&snapshot.products, shop);
            Ok(first_view::grid(
                frame(*locale),
                &categories,
                query.category,
                &page,
            ))
        }
        Asked::Product { locale, id } => {
            let product = catalogue::product(&snapshot.products, shop, id)?;
            Ok(first_view::product(frame(*locale), &product))
        }
    }
}
