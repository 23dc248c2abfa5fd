//! Money: an integer count of minor units in one ISO 4217 currency.
//!
//! Invariants: there are no floats here; every operation is checked and returns a
//! [`MoneyError`] instead of overflowing or silently mixing currencies. Rounding
//! happens only in this module, in two named operations:
//! - [`Money::percent_bp`] rounds half away from zero, for prices (a 30 % markup on
//!   ¥0.05 is ¥0.02, not ¥0.01);
//! - [`Money::portion_bp`] rounds toward zero, for splitting a sum into parts, so the
//!   parts can never add up to more than the whole.

use crate::locale::Locale;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Basis points in one whole: 10 000 bp = 100 %.
pub const BASIS_POINTS: u32 = 10_000;

/// The currencies a shop can sell in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Currency {
    /// Chinese yuan renminbi.
    CNY,
    /// Hong Kong dollar.
    HKD,
    /// New Taiwan dollar.
    TWD,
    /// Japanese yen (no minor unit).
    JPY,
    /// US dollar.
    USD,
    /// Euro.
    EUR,
    /// Pound sterling.
    GBP,
    /// Singapore dollar.
    SGD,
}

impl Currency {
    /// Every supported currency, for parsers and tests.
    pub const ALL: [Currency; 8] = [
        Currency::CNY,
        Currency::HKD,
        Currency::TWD,
        Currency::JPY,
        Currency::USD,
        Currency::EUR,
        Currency::GBP,
        Currency::SGD,
    ];

    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::CNY => "CNY",
            Currency::HKD => "HKD",
            Currency::TWD => "TWD",
            Currency::JPY => "JPY",
            Currency::USD => "USD",
            Currency::EUR => "EUR",
            Currency::GBP => "GBP",
            Currency::SGD => "SGD",
        }
    }

    /// How many decimal digits the minor unit has (2 for fen and cents, 0 for yen).
    pub fn exponent(self) -> u32 {
        match self {
            Currency::JPY => 0,
            _ => 2,
        }
    }

    /// The symbol shoppers expect before the amount.
    pub fn symbol(self) -> &'static str {
        match self {
            Currency::CNY | Currency::JPY => "¥",
            Currency::HKD => "HK$",
            Currency::TWD => "NT$",
            Currency::USD => "$",
            Currency::EUR => "€",
            Currency::GBP => "£",
            Currency::SGD => "S$",
        }
    }

    /// Parses an ISO code such as `CNY`.
    pub fn parse(code: &str) -> Result<Currency, MoneyError> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code() == code)
            .ok_or_else(|| MoneyError::UnknownCurrency(code.chars().take(8).collect()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What can go wrong with money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Two amounts in different currencies were combined.
    #[error("cannot combine {left} with {right}")]
    CurrencyMismatch {
        /// The currency of the left operand.
        left: Currency,
        /// The currency of the right operand.
        right: Currency,
    },
    /// The result does not fit in the amount's range.
    #[error("amount out of range")]
    Overflow,
    /// A currency code that is not supported.
    #[error("unknown currency {0:?}")]
    UnknownCurrency(String),
}

/// An amount of money: minor units (fen, cents) of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Minor units; may be negative only as an intermediate (a discount line).
    pub amount: i64,
    /// The currency of `amount`.
    pub currency: Currency,
}

impl Money {
    /// An amount in minor units.
    pub const fn new(amount: i64, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero in `currency`.
    pub const fn zero(currency: Currency) -> Money {
        Money::new(0, currency)
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    /// `self + other`, refusing overflow and mixed currencies.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self - other`, refusing overflow and mixed currencies.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self × n`, for a unit price times a quantity.
    pub fn checked_mul(self, n: u32) -> Result<Money, MoneyError> {
        let amount = self
            .amount
            .checked_mul(i64::from(n))
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// Sums amounts that must all be in `currency` (zero for none).
    pub fn sum<I: IntoIterator<Item = Money>>(
        currency: Currency,
        items: I,
    ) -> Result<Money, MoneyError> {
        items
            .into_iter()
            .try_fold(Money::zero(currency), Money::checked_add)
    }

    /// `bp` basis points of `self`, rounded half away from zero: the rounding rule for
    /// prices (markups, percent discounts).
    pub fn percent_bp(self, bp: u32) -> Result<Money, MoneyError> {
        let product = i128::from(self.amount) * i128::from(bp);
        let whole = i128::from(BASIS_POINTS);
        let half = whole / 2;
        let rounded = if product >= 0 {
            (product + half) / whole
        } else {
            (product - half) / whole
        };
        let amount = i64::try_from(rounded).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `bp` basis points of `self`, rounded toward zero: the rounding rule for splitting
    /// a sum into parts, so that parts never exceed the whole they come from.
    pub fn portion_bp(self, bp: u32) -> Result<Money, MoneyError> {
        let product = i128::from(self.amount) * i128::from(bp);
        let amount =
            i64::try_from(product / i128::from(BASIS_POINTS)).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// The larger of two amounts in the same currency.
    pub fn max(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        Ok(if other.amount > self.amount {
            other
        } else {
            self
        })
    }

    /// The smaller of two amounts in the same currency.
    pub fn min(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        Ok(if other.amount < self.amount {
            other
        } else {
            self
        })
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.amount < 0
    }
}

/// Formats for people: symbol, whole units, and the minor unit digits (`¥129.00`).
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        let exp = self.currency.exponent();
        let symbol = self.currency.symbol();
        if exp == 0 {
            return write!(f, "{sign}{symbol}{abs}");
        }
        let unit = 10u64.pow(exp);
        write!(
            f,
            "{sign}{symbol}{}.{:0width$}",
            abs / unit,
            abs % unit,
            width = exp as usize
        )
    }
}

/// The currency's sign as a reader in `locale` expects it. In English `¥` alone
/// would not tell yuan from yen, so both carry their country.
fn sign_for(currency: Currency, locale: Locale) -> &'static str {
    match (currency, locale) {
        (Currency::CNY, Locale::En) => "CN¥",
        (Currency::JPY, _) => "JP¥",
        (c, _) => c.symbol(),
    }
}

/// Groups an integer's digits by thousands: `1234567` → `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `money` as people in `locale` read it, from its integer minor units (never a
/// float): `¥1,234.50`, `CN¥8.00`, `-€0.05`. The widget and the console both show
/// prices this way, so an owner sees what shoppers see.
pub fn for_people(money: Money, locale: Locale) -> String {
    let minus = if money.amount < 0 { "-" } else { "" };
    let abs = money.amount.unsigned_abs();
    let exp = money.currency.exponent();
    let symbol = sign_for(money.currency, locale);
    if exp == 0 {
        return format!("{minus}{symbol}{}", grouped(abs));
    }
    let unit = 10u64.pow(exp);
    format!(
        "{minus}{symbol}{}.{:0width$}",
        grouped(abs / unit),
        abs % unit,
        width = exp as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const fn cny(amount: i64) -> Money {
        Money::new(amount, Currency::CNY)
    }

    #[test]
    fn adding_two_currencies_is_an_error() {
        let err = cny(100).checked_add(Money::new(100, Currency::USD));
        assert_eq!(
            err,
            Err(MoneyError::CurrencyMismatch {
                left: Currency::CNY,
                right: Currency::USD
            })
        );
    }

    #[test]
    fn percent_rounds_half_away_from_zero() {
        assert_eq!(cny(5).percent_bp(3_000), Ok(cny(2))); // 1.5 → 2
        assert_eq!(cny(3).percent_bp(5_000), Ok(cny(2))); // 1.5 → 2
        assert_eq!(cny(-3).percent_bp(5_000), Ok(cny(-2)));
        assert_eq!(cny(7).percent_bp(1_000), Ok(cny(1))); // 0.7 → 1
        assert_eq!(cny(4).percent_bp(1_000), Ok(cny(0))); // 0.4 → 0
    }

    #[test]
    fn portion_rounds_toward_zero() {
        assert_eq!(cny(5).portion_bp(3_000), Ok(cny(1)));
        assert_eq!(cny(99).portion_bp(BASIS_POINTS), Ok(cny(99)));
    }

    #[test]
    fn display_uses_the_currency_symbol_and_minor_digits() {
        assert_eq!(cny(12_900).to_string(), "¥129.00");
        assert_eq!(cny(5).to_string(), "¥0.05");
        assert_eq!(Money::new(1_500, Currency::JPY).to_string(), "¥1500");
        assert_eq!(Money::new(-250, Currency::USD).to_string(), "-$2.50");
    }

    #[test]
    fn currency_codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(Currency::parse(c.code()), Ok(c));
        }
        assert!(Currency::parse("ZZZ").is_err());
    }

    #[test]
    fn a_float_amount_is_refused_when_decoding() {
        let err = serde_json::from_str::<Money>(r#"{"amount": 12.5, "currency": "CNY"}"#);
        assert!(err.is_err());
        let err = serde_json::from_str::<Money>(r#"{"amount": 1e400, "currency": "CNY"}"#);
        assert!(err.is_err());
    }

    proptest! {
        #[test]
        fn no_operation_panics_on_any_input(a in any::<i64>(), b in any::<i64>(), n in any::<u32>(), bp in any::<u32>()) {
            let (x, y) = (cny(a), cny(b));
            let _ = x.checked_add(y);
            let _ = x.checked_sub(y);
            let _ = x.checked_mul(n);
            let _ = x.percent_bp(bp);
            let _ = x.portion_bp(bp);
            let _ = x.max(y);
            let _ = x.to_string();
        }

        #[test]
        fn addition_then_subtraction_gives_back_the_start(a in -1_000_000_000_000i64..1_000_000_000_000, b in -1_000_000_000_000i64..1_000_000_000_000) {
            prop_assert_eq!(cny(a).checked_add(cny(b)).and_then(|s| s.checked_sub(cny(b))), Ok(cny(a)));
        }

        #[test]
        fn a_portion_never_exceeds_the_whole(a in 0i64..i64::MAX / 2, bp in 0u32..=BASIS_POINTS) {
            let part = cny(a).portion_bp(bp);
            prop_assert!(matches!(part, Ok(p) if p.amount <= a && p.amount >= 0));
        }
    }
}
