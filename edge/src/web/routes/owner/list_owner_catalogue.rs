//! `GET /v1/admin/shops/{shop}/catalogue`: the whole supplier catalogue priced for
//! the shop, with each product's place in its selection.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue::{self, ListQuery};
use crate::domain::owners::auth;
use crate::domain::owners::manage;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::owner::OwnerProductPage;
use pocketshop_shared::ApiError;

/// One page (`OwnerProductPage`), filtered by `category`, `q` and `selected`.
pub async fn list_owner_catalogue<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
) -> Result<HttpResponse, Error> {
    let shop = auth::session_shop(app, req, shop).await?;
    // The same category, text, cursor and limit rules as the public list.
    let query = ListQuery::parse(|name| match name {
        "collection" => None,
        other => req.query_param(other),
    })?;
    let selected = match req.query_param("selected").as_deref() {
        None | Some("") => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => {
            return Err(ApiError::InvalidField {
                field: "selected".into(),
                message: "must be true or false".into(),
            }
            .into())
        }
    };
    let products = catalogue::snapshot(app).await?;
    let matching: Vec<_> = products
        .iter()
        .filter(|p| query.category.is_none_or(|c| p.category == c))
        .filter(|p| {
            query
                .text
                .as_deref()
                .is_none_or(|q| p.title.contains_ignore_case(q))
        })
        .filter(|p| selected.is_none_or(|s| shop.selection.contains(p) == s))
        .collect();
    let items = matching
        .iter()
        .skip(query.offset)
        .take(query.limit)
        .map(|p| manage::owner_product(&shop, p))
        .collect::<Result<Vec<_>, _>>()?;
    let end = query.offset + items.len();
    let page = OwnerProductPage {
        next_cursor: (end < matching.len()).then(|| catalogue::encode_cursor(end)),
        items,
        categories: catalogue::categories(products.iter()),
    };
    Ok(HttpResponse::json(200, &page))
}
