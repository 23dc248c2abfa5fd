//! `POST /v1/shops/{shop}/orders`: checkout, once per `Idempotency-Key`.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::checkout;
use crate::domain::checkout::members;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::platform::Limiter;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use crate::web::input::{self, RawOrderRequest};
use crate::web::limits;

/// Places the order (201), or replays the one this key placed (201 with
/// `Idempotent-Replayed: true`); `rate_limited` for a client placing orders faster
/// than a person does.
pub async fn create_order<P: Ports>(
    app: &Services<P>,
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
