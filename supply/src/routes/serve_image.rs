//! `GET /images/{id}/{n}.svg`: the supplier's own product images (public, cacheable).

use crate::context::Ctx;
use crate::error::Error;
use crate::image;
use pocketshop_shared::ApiError;
use worker::{Headers, Response};

/// The SVG, or `not_found`.
pub async fn serve_image(ctx: &Ctx, id: &str, file: &str) -> Result<Response, Error> {
    let n: u32 = file
        .strip_suffix(".svg")
        .and_then(|n| n.parse().ok())
        .ok_or(ApiError::NotFound)?;
    if pocketshop_shared::ProductId::parse(id).is_err() {
        return Err(ApiError::NotFound.into());
    }
    let (row, _) = ctx.store.product(id).await?.ok_or(ApiError::NotFound)?;
    if n == 0 || i64::from(n) > row.image_count {
        return Err(ApiError::NotFound.into());
    }
    let svg = image::svg(&row.id, &row.category, &row.title_en, n);
    let headers = Headers::new();
    headers.set("content-type", "image/svg+xml")?;
    headers.set("cache-control", "public, max-age=86400, immutable")?;
    headers.set("access-control-allow-origin", "*")?;
    headers.set("x-content-type-options", "nosniff")?;
    Ok(Response::from_bytes(svg.into_bytes())?.with_headers(headers))
}
