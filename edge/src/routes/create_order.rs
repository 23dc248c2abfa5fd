//! `POST /v1/shops/{shop}/orders`: checkout, once per `Idempotency-Key`.

use crate::app::App;
use crate::cache::Cache;
use crate::checkout;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::input::{self, RawOrderRequest};
use crate::limits::{self, Limiter};
use crate::members;
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;

/// Places the order (201), or replays the one this key placed (201 with
/// `Idempotent-Replayed: true`); `rate_limited` for a client placing orders faster
/// than a person does.
pub async fn create_order<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let client = format!("{}:{}", shop.id, limits::client(req));
    limits::check(app, Limiter::Checkout, &client).await?;
    let key = input::idempotency_key(req.header("idempotency-key"))?;
    let request = req
        .json::<RawOrderRequest>()?
        .check(shop.pricing.currency)?;
    let member = members::member_of(app, shop, req).await?;
    let placed = checkout::place_order(app, shop, &key, request, member).await?;
    Ok(HttpResponse::json(201, &placed.created)
        .with_header("cache-control", "no-store")
        .with_header(
            "idempotent-replayed",
            if placed.replayed { "true" } else { "false" },
        ))
}
