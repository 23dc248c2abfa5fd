//! Referral at the edge: a shopper's sharer code and the token that opens its
//! earnings, the attribution an order carries, and what a sharer earned.
//!
//! Invariants:
//! - one code per shopper and shop, the same on every request; its token is
//!   `HMAC-SHA256(ORDER_TOKEN_SECRET, "sharer-token." + shop + "." + code)`, derived
//!   rather than stored, compared in constant time;
//! - an order is attributed only to a code of its own shop, never to the shopper's own
//!   code, and a code that is malformed or unknown is ignored rather than refused (a
//!   stale share link must not stop a purchase).

use crate::base::config::TokenKey;
use crate::base::random;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use hmac::{Hmac, Mac};
use pocketshop_shared::referral::{SharerCode, SharerCreated, SharerEarnings};
use pocketshop_shared::{ApiError, Money, ShopId, ShopperId};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Hex characters in a sharer token (128 bits).
const TOKEN_HEX_LEN: usize = 32;

fn derive(key: &TokenKey, shop: &ShopId, code: &SharerCode) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.bytes()).ok()?;
    mac.update(b"sharer-token.");
    mac.update(shop.as_str().as_bytes());
    mac.update(b".");
    mac.update(code.as_str().as_bytes());
    let mut hex = hex::encode(mac.finalize().into_bytes());
    hex.truncate(TOKEN_HEX_LEN);
    Some(hex)
}

/// Whether `token` opens the earnings of `code` in `shop`.
pub fn verify(key: &TokenKey, shop: &ShopId, code: &SharerCode, token: &str) -> bool {
    match derive(key, shop, code) {
        Some(expected) if !expected.is_empty() => {
            expected.as_bytes().ct_eq(token.as_bytes()).into()
        }
        _ => false,
    }
}

/// The shopper's sharer code in `shop` (made on first call) and its token.
pub async fn create<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    shopper: &ShopperId,
) -> Result<SharerCreated, Error> {
    let fresh = SharerCode::parse(&random::hex(6)?)
        .map_err(|_| Error::Inconsistent("a generated sharer code is invalid"))?;
    let code = app
        .store
        .sharer_code(&shop.id, shopper, &fresh, app.now)
        .await?;
    let token = derive(&app.config.token_key, &shop.id, &code).unwrap_or_default();
    Ok(SharerCreated { code, token })
}

/// The sharer an order of `shopper` is attributed to, from the request's `referral`.
pub async fn attribute<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    referral: Option<&str>,
    shopper: Option<&ShopperId>,
) -> Result<Option<SharerCode>, Error> {
    let Some(code) = referral.and_then(|r| SharerCode::parse(r).ok()) else {
        return Ok(None);
    };
    match app.store.sharer(&shop.id, &code).await? {
        Some(owner) if Some(&owner) != shopper => Ok(Some(code)),
        _ => Ok(None),
    }
}

/// What `code`'s links earned, for whoever holds its token (a wrong code and a wrong
/// token look the same).
pub async fn earnings<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    code: &str,
    token: &str,
) -> Result<SharerEarnings, Error> {
    let forbidden = || Error::from(ApiError::Forbidden);
    let code = SharerCode::parse(code).map_err(|_| forbidden())?;
    if !verify(&app.config.token_key, &shop.id, &code, token) {
        return Err(forbidden());
    }
    let t = app.store.sharer_totals(&code).await?;
    let currency = shop.pricing.currency;
    Ok(SharerEarnings {
        code,
        orders: t.orders,
        pending: Money::new(t.pending, currency),
        earned: Money::new(t.earned, currency),
        voided: Money::new(t.voided, currency),
    })
}
