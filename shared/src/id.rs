//! Identifiers parsed once at the boundary: a value of these types is always valid.
//!
//! Invariants: ids are short ASCII with no path separators, dots, spaces or control
//! characters, so they are safe in URLs, SQL parameters, KV keys and log lines;
//! a [`Quantity`] is always 1 to [`Quantity::MAX`].

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a value is not a valid identifier or quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The value was empty.
    #[error("{kind} must not be empty")]
    Empty {
        /// Which identifier.
        kind: &'static str,
    },
    /// The value is longer than allowed.
    #[error("{kind} must be at most {max} characters")]
    TooLong {
        /// Which identifier.
        kind: &'static str,
        /// The limit.
        max: usize,
    },
    /// The value has a character outside the allowed set.
    #[error("{kind} may only contain {allowed}")]
    InvalidCharacter {
        /// Which identifier.
        kind: &'static str,
        /// A description of the allowed characters.
        allowed: &'static str,
    },
    /// A quantity outside 1 to [`Quantity::MAX`].
    #[error("quantity must be a whole number from 1 to {max}")]
    QuantityOutOfRange {
        /// The largest quantity of one line.
        max: u32,
    },
}

/// Declares a string identifier checked by `validate` on every construction path.
macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $max:expr, $allowed:literal, $valid:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The longest accepted value.
            pub const MAX_LEN: usize = $max;

            /// Parses and validates.
            pub fn parse(value: &str) -> Result<Self, IdError> {
                validate(value, $kind, $max, $allowed, $valid)?;
                Ok(Self(value.to_owned()))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, IdError> {
                validate(&value, $kind, $max, $allowed, $valid)?;
                Ok(Self(value))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

fn validate(
    value: &str,
    kind: &'static str,
    max: usize,
    allowed: &'static str,
    valid: fn(usize, u8) -> bool,
) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if value.len() > max {
        return Err(IdError::TooLong { kind, max });
    }
    if value.bytes().enumerate().all(|(i, b)| valid(i, b)) {
        Ok(())
    } else {
        Err(IdError::InvalidCharacter { kind, allowed })
    }
}

fn slug_char(i: usize, b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || (i > 0 && b == b'-')
}

fn code_char(i: usize, b: u8) -> bool {
    b.is_ascii_alphanumeric() || (i > 0 && (b == b'-' || b == b'_'))
}

fn key_char(_: usize, b: u8) -> bool {
    b.is_ascii_graphic()
}

string_id!(
    /// An anonymous shopper: a random id the widget makes once per host page and shop
    /// and keeps in that page's storage. It is what per-shopper limits, coupons,
    /// bargains and votes are counted against; it proves nothing about a person (a
    /// shopper who clears storage is a new shopper), so nothing of value is released
    /// on it alone.
    ShopperId,
    "shopper id",
    64,
    "letters, digits, '-' and '_' (not first)",
    code_char
);

string_id!(
    /// A shop's public slug, as in `<pocket-shop shop="alice">`: lowercase letters,
    /// digits and `-`.
    ShopId,
    "shop id",
    32,
    "lowercase letters, digits and '-'",
    slug_char
);
string_id!(
    /// A supplier's product id, such as `P10001`.
    ProductId,
    "product id",
    64,
    "letters, digits, '-' and '_'",
    code_char
);
string_id!(
    /// A stock-keeping unit: one purchasable variant (colour × size) of a product.
    Sku,
    "sku",
    64,
    "letters, digits, '-' and '_'",
    code_char
);
string_id!(
    /// An order id issued by the edge, such as `PS-7Q2K…`.
    OrderId,
    "order id",
    64,
    "letters, digits, '-' and '_'",
    code_char
);
string_id!(
    /// A client's `Idempotency-Key` header: visible ASCII, up to 128 characters.
    IdempotencyKey,
    "idempotency key",
    128,
    "visible ASCII characters",
    key_char
);

/// How many units of one SKU a cart or order line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u32")]
pub struct Quantity(u32);

impl Quantity {
    /// The largest quantity of one line: a shop, not a wholesaler.
    pub const MAX: u32 = 99;
    /// One unit.
    pub const ONE: Quantity = Quantity(1);

    /// Validates a quantity.
    pub fn new(value: u64) -> Result<Quantity, IdError> {
        match u32::try_from(value) {
            Ok(v) if (1..=Self::MAX).contains(&v) => Ok(Quantity(v)),
            _ => Err(IdError::QuantityOutOfRange { max: Self::MAX }),
        }
    }

    /// The quantity as a number.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u64> for Quantity {
    type Error = IdError;
    fn try_from(value: u64) -> Result<Quantity, IdError> {
        Quantity::new(value)
    }
}

impl From<Quantity> for u32 {
    fn from(q: Quantity) -> u32 {
        q.0
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shop_slugs_are_lowercase_letters_digits_and_dashes() {
        assert!(ShopId::parse("demo").is_ok());
        assert!(ShopId::parse("alice-2").is_ok());
        assert!(ShopId::parse("Alice").is_err());
        assert!(ShopId::parse("-alice").is_err());
        assert!(ShopId::parse("").is_err());
        assert!(ShopId::parse(&"a".repeat(33)).is_err());
    }

    #[test]
    fn skus_refuse_path_traversal_nul_and_lookalike_unicode() {
        assert!(Sku::parse("P10001-RED-M").is_ok());
        assert!(Sku::parse("../etc").is_err());
        assert!(Sku::parse("P1\0").is_err());
        assert!(Sku::parse("Р10001").is_err()); // Cyrillic Р
        assert!(Sku::parse("P1 0").is_err());
    }

    #[test]
    fn quantities_outside_one_to_ninety_nine_are_refused() {
        assert!(Quantity::new(0).is_err());
        assert!(Quantity::new(1).is_ok());
        assert!(Quantity::new(99).is_ok());
        assert!(Quantity::new(100).is_err());
        assert!(Quantity::new(1 << 63).is_err());
        assert!(serde_json::from_str::<Quantity>("-1").is_err());
        assert!(serde_json::from_str::<Quantity>("1.5").is_err());
        assert!(serde_json::from_str::<Quantity>("3").is_ok());
    }

    #[test]
    fn ids_are_validated_when_decoded_from_json() {
        assert!(serde_json::from_str::<Sku>(r#""ok-1""#).is_ok());
        assert!(serde_json::from_str::<Sku>(r#""a/b""#).is_err());
    }

    proptest! {
        #[test]
        fn a_parsed_id_only_holds_safe_characters(s in "\\PC{0,80}") {
            if let Ok(id) = Sku::parse(&s) {
                prop_assert!(id.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
                prop_assert!(id.as_str().len() <= Sku::MAX_LEN);
            }
        }
    }
}
