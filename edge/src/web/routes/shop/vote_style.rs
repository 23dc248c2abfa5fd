//! `POST /v1/shops/{shop}/presale/{style}/votes`: a shopper votes for a style, once.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::community::presale;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::presale::Vote;

/// 200 with the style after the vote, or `already_voted`.
pub async fn vote_style<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    style: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let body = req.json::<Vote>()?;
    let voted = presale::vote(app, shop, style, &body.shopper).await?;
    Ok(HttpResponse::json(200, &voted).with_header("cache-control", "no-store"))
}
