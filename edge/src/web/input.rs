//! Request bodies as clients send them, and their checked conversion into domain
//! types with one specific [`ApiError`] per mistake.
//!
//! Why not decode straight into the domain types: serde would report a quantity of 0
//! and a SKU of `../x` alike as `invalid_json`; clients deserve `invalid_quantity` and
//! `invalid_field` with the field named.

use crate::base::http::origin_of;
use pocketshop_shared::api::{CreateOrderRequest, QuoteRequest};
use pocketshop_shared::contact::Contact;
use pocketshop_shared::offer::Offer;
use pocketshop_shared::quote::MAX_LINES;
use pocketshop_shared::{
    ApiError, CartLine, Currency, IdempotencyKey, Money, PaymentMethod, ProductId, Quantity,
    ShopperId, Sku,
};
use serde::Deserialize;

/// A cart line as sent.
#[derive(Debug, Deserialize)]
pub struct RawLine {
    product_id: String,
    sku: String,
    quantity: serde_json::Value,
}

/// A quote request as sent.
#[derive(Debug, Deserialize)]
pub struct RawQuoteRequest {
    lines: Vec<RawLine>,
    #[serde(flatten)]
    extras: RawExtras,
}

/// What a quote or order request may add to its lines: offer, coupon, referral,
/// shopper.
#[derive(Debug, Default, Deserialize)]
pub struct RawExtras {
    #[serde(default)]
    offer: Option<serde_json::Value>,
    #[serde(default)]
    coupon: Option<String>,
    #[serde(default)]
    referral: Option<String>,
    #[serde(default)]
    shopper: Option<String>,
}

/// The longest coupon or referral code accepted as sent.
const MAX_CODE: usize = 64;

/// The checked extras: an offer of a known kind, a shopper id, codes of sane length
/// (whether a code exists is for the checkout to say).
type Extras = (
    Option<Offer>,
    Option<String>,
    Option<String>,
    Option<ShopperId>,
);

impl RawExtras {
    fn check(self) -> Result<Extras, ApiError> {
        let offer = self
            .offer
            .map(|v| {
                serde_json::from_value::<Offer>(v).map_err(|_| invalid("offer", "is not an offer"))
            })
            .transpose()?;
        if let Some(o) = &offer {
            crate::domain::community::offers::check(o)?;
        }
        let code = |field: &str, v: Option<String>| match v {
            Some(c) if c.trim().is_empty() => Ok(None),
            Some(c) if c.len() > MAX_CODE => Err(invalid(field, "is too long")),
            other => Ok(other),
        };
        let shopper = self
            .shopper
            .map(|s| ShopperId::parse(&s).map_err(|e| invalid("shopper", e)))
            .transpose()?;
        Ok((
            offer,
            code("coupon", self.coupon)?,
            code("referral", self.referral)?,
            shopper,
        ))
    }
}

/// An order request as sent.
#[derive(Debug, Deserialize)]
pub struct RawOrderRequest {
    lines: Vec<RawLine>,
    confirmed_total: Money,
    contact: Contact,
    payment_method: String,
    #[serde(default)]
    return_url: Option<String>,
    #[serde(flatten)]
    extras: RawExtras,
}

/// The longest `return_url` accepted.
pub const MAX_RETURN_URL: usize = 2048;

fn invalid(field: &str, message: impl ToString) -> ApiError {
    ApiError::InvalidField {
        field: field.to_owned(),
        message: message.to_string(),
    }
}

fn lines(raw: Vec<RawLine>) -> Result<Vec<CartLine>, ApiError> {
    if raw.is_empty() {
        return Err(ApiError::EmptyCart);
    }
    if raw.len() > MAX_LINES {
        return Err(ApiError::TooManyLines {
            max: MAX_LINES as u32,
        });
    }
    raw.into_iter()
        .map(|l| {
            let quantity = l
                .quantity
                .as_u64()
                .and_then(|q| Quantity::new(q).ok())
                .ok_or(ApiError::InvalidQuantity { max: Quantity::MAX })?;
            Ok(CartLine {
                product_id: ProductId::parse(&l.product_id)
                    .map_err(|e| invalid("product_id", e))?,
                sku: Sku::parse(&l.sku).map_err(|e| invalid("sku", e))?,
                quantity,
            })
        })
        .collect()
}

impl RawQuoteRequest {
    /// The checked request.
    pub fn check(self) -> Result<QuoteRequest, ApiError> {
        let lines = lines(self.lines)?;
        // A referral changes no price: it is recorded with the order only. One sent
        // with a quote (as earlier widgets did) is checked like any field, then
        // dropped.
        let (offer, coupon, _referral, shopper) = self.extras.check()?;
        Ok(QuoteRequest {
            lines,
            offer,
            coupon,
            shopper,
        })
    }
}

impl RawOrderRequest {
    /// The checked request, for a shop selling in `currency`.
    pub fn check(self, currency: Currency) -> Result<CreateOrderRequest, ApiError> {
        let lines = lines(self.lines)?;
        if self.confirmed_total.currency != currency {
            return Err(ApiError::CurrencyMismatch {
                expected: currency,
                got: self.confirmed_total.currency,
            });
        }
        let contact = self
            .contact
            .validate()
            .map_err(|e| ApiError::InvalidContact {
                field: e.field.to_owned(),
                message: e.problem.to_string(),
            })?;
        let payment_method = PaymentMethod::parse(&self.payment_method).ok_or_else(|| {
            let names: Vec<&str> = PaymentMethod::ALL.iter().map(|m| m.as_str()).collect();
            invalid(
                "payment_method",
                format!("must be one of {}", names.join(", ")),
            )
        })?;
        let return_url = match self.return_url {
            Some(url) => Some(return_url(&url)?),
            None if payment_method.is_prepaid() => {
                return Err(invalid(
                    "return_url",
                    "is required to pay with a hosted payment page",
                ))
            }
            None => None,
        };
        let (offer, coupon, referral, shopper) = self.extras.check()?;
        Ok(CreateOrderRequest {
            lines,
            confirmed_total: self.confirmed_total,
            contact,
            payment_method,
            return_url,
            offer,
            coupon,
            referral,
            shopper,
        })
    }
}

/// A page URL a payment provider may send the shopper back to: absolute http(s),
/// no credentials, no control characters or spaces, at most [`MAX_RETURN_URL`]
/// bytes. Its fragment is dropped (the edge appends the order's deep link).
/// Whether its origin may embed the shop is checked with the shop, by
/// [`origin_of`].
pub fn return_url(url: &str) -> Result<String, ApiError> {
    let bad = |why: &str| invalid("return_url", why);
    if url.len() > MAX_RETURN_URL {
        return Err(bad("is too long"));
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad("must not contain spaces or control characters"));
    }
    let without_fragment = url.split('#').next().unwrap_or_default();
    let origin =
        origin_of(without_fragment).ok_or_else(|| bad("must be an absolute http(s) URL"))?;
    if origin.contains('@') {
        return Err(bad("must not carry credentials"));
    }
    Ok(without_fragment.to_owned())
}

/// The most characters an after-sales reason may have.
pub const MAX_REASON_CHARS: usize = 500;

/// An after-sales reason: trimmed plain text of 1 to [`MAX_REASON_CHARS`]
/// characters (line breaks and tabs allowed, other control characters not).
pub fn after_sales_reason(reason: &str) -> Result<String, ApiError> {
    let reason = reason.trim();
    let plain = reason
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS || !plain {
        return Err(invalid(
            "reason",
            format!("must be 1 to {MAX_REASON_CHARS} characters of plain text"),
        ));
    }
    Ok(reason.to_owned())
}

/// The `Idempotency-Key` header, required on checkout.
pub fn idempotency_key(header: Option<&str>) -> Result<IdempotencyKey, ApiError> {
    let raw = header.ok_or(ApiError::MissingIdempotencyKey)?;
    IdempotencyKey::parse(raw).map_err(|_| ApiError::InvalidIdempotencyKey)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(json: &str) -> Result<QuoteRequest, ApiError> {
        serde_json::from_str::<RawQuoteRequest>(json)
            .map_err(|e| ApiError::InvalidJson {
                message: e.to_string(),
            })?
            .check()
    }

    #[test]
    fn quantities_get_their_own_code() {
        for q in [
            "0",
            "-1",
            "1.5",
            "100",
            "9223372036854775808",
            "\"2\"",
            "null",
        ] {
            let body = format!(r#"{{"lines":[{{"product_id":"P1","sku":"S1","quantity":{q}}}]}}"#);
            assert_eq!(
                quote(&body),
                Err(ApiError::InvalidQuantity { max: 99 }),
                "quantity {q}"
            );
        }
    }

    #[test]
    fn bad_ids_name_their_field() {
        let body = r#"{"lines":[{"product_id":"P1","sku":"../etc/passwd","quantity":1}]}"#;
        assert!(matches!(quote(body), Err(ApiError::InvalidField { field, .. }) if field == "sku"));
        let body = r#"{"lines":[{"product_id":"P\u0000","sku":"S","quantity":1}]}"#;
        assert!(
            matches!(quote(body), Err(ApiError::InvalidField { field, .. }) if field == "product_id")
        );
    }

    #[test]
    fn an_empty_or_huge_cart_is_refused() {
        assert_eq!(quote(r#"{"lines":[]}"#), Err(ApiError::EmptyCart));
        let line = r#"{"product_id":"P1","sku":"S","quantity":1}"#;
        let body = format!(r#"{{"lines":[{}]}}"#, vec![line; 51].join(","));
        assert_eq!(quote(&body), Err(ApiError::TooManyLines { max: 50 }));
    }

    #[test]
    fn the_idempotency_key_is_required_and_checked() {
        assert_eq!(idempotency_key(None), Err(ApiError::MissingIdempotencyKey));
        assert_eq!(
            idempotency_key(Some("")),
            Err(ApiError::InvalidIdempotencyKey)
        );
        assert_eq!(
            idempotency_key(Some("a b")),
            Err(ApiError::InvalidIdempotencyKey)
        );
        assert!(idempotency_key(Some("3f1c-9a")).is_ok());
    }

    #[test]
    fn a_return_url_is_an_absolute_page_url_without_its_fragment() {
        assert_eq!(
            return_url("https://blog.example/post/1?x=1#ps-cart"),
            Ok("https://blog.example/post/1?x=1".to_owned())
        );
        assert_eq!(
            crate::base::http::origin_of("https://blog.example:8443/p"),
            Some("https://blog.example:8443")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8790"),
            Some("http://127.0.0.1:8790")
        );
        for bad in [
            "javascript:alert(1)",
            "//blog.example/p",
            "https:///p",
            "https://user:pw@blog.example/p",
            "https://blog.example/p q",
            "https://blog.example/\np",
        ] {
            assert!(return_url(bad).is_err(), "{bad}");
        }
        assert!(return_url(&format!("https://b.example/{}", "a".repeat(MAX_RETURN_URL))).is_err());
    }
}
