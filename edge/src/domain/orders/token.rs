//! Order capability tokens: whoever holds an order's token may read that order.
//!
//! The token is `HMAC-SHA256(ORDER_TOKEN_SECRET, "order-token." + order id)`, 128 bits
//! in hex. Deriving it rather than storing it means no token sits in the database,
//! and a checkout replayed with its `Idempotency-Key` returns the same token.
//! Invariants: comparison is constant-time; a token never opens another order.

use crate::base::config::TokenKey;
use hmac::{Hmac, Mac};
use pocketshop_shared::OrderId;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Hex characters in a token (128 bits).
const TOKEN_HEX_LEN: usize = 32;

fn derive(key: &TokenKey, order: &OrderId) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.bytes()).ok()?;
    mac.update(b"order-token.");
    mac.update(order.as_str().as_bytes());
    let mut hex = hex::encode(mac.finalize().into_bytes());
    hex.truncate(TOKEN_HEX_LEN);
    Some(hex)
}

/// The token of an order.
pub fn issue(key: &TokenKey, order: &OrderId) -> String {
    derive(key, order).unwrap_or_default()
}

/// Whether `token` opens `order`.
pub fn verify(key: &TokenKey, order: &OrderId, token: &str) -> bool {
    match derive(key, order) {
        Some(expected) if !expected.is_empty() => {
            expected.as_bytes().ct_eq(token.as_bytes()).into()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> TokenKey {
        TokenKey::new(b"0123456789abcdef-test".to_vec()).expect("key")
    }

    #[test]
    fn a_token_opens_its_order_and_no_other() {
        let a = OrderId::parse("PS-A").expect("valid");
        let b = OrderId::parse("PS-B").expect("valid");
        let t = issue(&key(), &a);
        assert_eq!(t.len(), 32);
        assert!(verify(&key(), &a, &t));
        assert!(!verify(&key(), &b, &t));
        assert!(!verify(&key(), &a, ""));
        assert!(!verify(&key(), &a, &t[..31]));
    }
}
