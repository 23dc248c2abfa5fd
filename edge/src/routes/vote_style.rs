//! `POST /v1/shops/{shop}/presale/{style}/votes`: a shopper votes for a style, once.

use crate::app::App;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::presale;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
use pocketshop_shared::presale::Vote;

/// 200 with the style after the vote, or `already_voted`.
pub async fn vote_style<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    style: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let body = req.json::<Vote>()?;
    let voted = presale::vote(app, shop, style, &body.shopper).await?;
    Ok(HttpResponse::json(200, &voted).with_header("cache-control", "no-store"))
}
