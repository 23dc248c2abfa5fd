//! `GET /v1/products?updated_since=&cursor=&limit=`: the catalogue, a page at a time,
//! ordered by `(updated_at, id)`.

use crate::catalogue::{self, PageQuery};
use crate::context::Ctx;
use crate::error::Error;
use crate::signing::Signed;
use pocketshop_shared::supply::ProductPage;
use worker::Response;

/// One page of products with their SKUs.
pub async fn list_products(ctx: &Ctx, req: &Signed) -> Result<Response, Error> {
    let query = PageQuery::parse(|name| req.param(name))?;
    let after = query.after.as_ref().map(|c| (c.updated_at, c.id.as_str()));
    let rows = ctx
        .store
        .products_page(query.since, after, query.limit)
        .await?;
    let items = rows
        .into_iter()
        .map(|(p, skus)| catalogue::product(p, skus, &ctx.config.public_url))
        .collect::<Result<Vec<_>, String>>()
        .map_err(|detail| Error::Corrupt {
            what: "product",
            detail,
        })?;
    let next_cursor = catalogue::next_cursor(&items, query.limit);
    Ok(Response::from_json(&ProductPage { items, next_cursor })?)
}
