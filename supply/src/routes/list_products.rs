//! `GET /v1/products?updated_since=&cursor=&limit=`: the catalogue, a page at a time.

use crate::catalogue::{self, Cursor};
use crate::context::Ctx;
use crate::error::Error;
use crate::signing::Signed;
use pocketshop_shared::supply::{ProductPage, MAX_PAGE};
use pocketshop_shared::ApiError;
use worker::Response;

/// One page, ordered by `(updated_at, id)`.
pub async fn list_products(ctx: &Ctx, req: &Signed) -> Result<Response, Error> {
    let invalid = |field: &str, message: &str| ApiError::InvalidField {
        field: field.into(),
        message: message.into(),
    };
    let limit = match req.param("limit") {
        None => 100,
        Some(l) => l
            .parse::<u32>()
            .ok()
            .filter(|l| (1..=MAX_PAGE).contains(l))
            .ok_or_else(|| invalid("limit", "must be 1 to 200"))?,
    };
    let since = match req.param("updated_since").filter(|s| !s.is_empty()) {
        None => 0,
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|s| *s >= 0)
            .ok_or_else(|| invalid("updated_since", "must be unix seconds"))?,
    };
    let cursor = match req.param("cursor").filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(Cursor::decode(&c).ok_or(ApiError::InvalidCursor)?),
    };
    let rows = ctx
        .store
        .products_page(
            since,
            cursor.as_ref().map(|c| (c.updated_at, c.id.as_str())),
            limit,
        )
        .await?;
    let full = rows.len() == limit as usize;
    let items = rows
        .into_iter()
        .map(|(p, skus)| catalogue::product(p, skus, &ctx.config.public_url))
        .collect::<Result<Vec<_>, String>>()
        .map_err(|detail| Error::Corrupt {
            what: "product",
            detail,
        })?;
    let next_cursor = if full {
        items.last().map(|p| {
            Cursor {
                updated_at: p.updated_at,
                id: p.id.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    Ok(Response::from_json(&ProductPage { items, next_cursor })?)
}
