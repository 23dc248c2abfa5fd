//! `GET /images/{id}/{n}.svg`: the supplier's own product images, public and
//! cacheable for a day, readable cross-origin.

use crate::context::Ctx;
use crate::error::Error;
use crate::image;
use pocketshop_shared::{ApiError, ProductId};
use worker::{Headers, Response};

/// The SVG, or `not_found` for an unknown product or image number.
pub async fn serve_image(ctx: &Ctx, id: &str, file: &str) -> Result<Response, Error> {
    let n = image::number(file).ok_or(ApiError::NotFound)?;
    let id = ProductId::parse(id).map_err(|_| ApiError::NotFound)?;
    let row = ctx
        .store
        .product_row(id.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    if i64::from(n) > row.image_count {
        return Err(ApiError::NotFound.into());
    }
    let svg = image::svg(&row.id, &row.category, &row.title_en, n);
    let headers = Headers::new();
    headers.set("content-type", "image/svg+xml")?;
    headers.set("cache-control", "public, max-age=86400, immutable")?;
    headers.set("access-control-allow-origin", "*")?;
    headers.set("x-content-type-options", "nosniff")?;
    // Opened directly, an SVG is a document: it may not run or load anything.
    headers.set(
        "content-security-policy",
        "default-src 'none'; style-src 'unsafe-inline'",
    )?;
    Ok(Response::from_bytes(svg.into_bytes())?.with_headers(headers))
}
