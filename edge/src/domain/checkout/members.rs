//! Chain-store members on quotes and orders: the `x-pocketshop-member` header, verified
//! with the shop owner's member secret (see [`pocketshop_shared::member`]).
//!
//! Invariants: no header means no member (an ordinary shopper); a header that does not
//! verify (malformed, wrongly signed, expired, or the shop's owner has no secret) is
//! refused with `invalid_member_token`, never ignored; the token and the secret are
//! never logged.

use crate::base::http::HttpRequest;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::{member, ApiError};

/// The request header that carries a member token.
pub const HEADER: &str = "x-pocketshop-member";

/// The verified member id of the request, if it carries a member token.
pub async fn member_of<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    req: &HttpRequest,
) -> Result<Option<String>, Error> {
    let Some(token) = req.header(HEADER).map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let secret = match &shop.owner_id {
        Some(owner) => app.store.owner(owner).await?.and_then(|o| o.member_secret),
        None => None,
    };
    let secret = secret.ok_or(ApiError::InvalidMemberToken)?;
    let claims = member::verify(secret.as_bytes(), token, app.now)
        .map_err(|_| ApiError::InvalidMemberToken)?;
    Ok(Some(claims.member))
}
