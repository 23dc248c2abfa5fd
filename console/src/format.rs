//! How the console writes money and dates, and reads the amounts an owner types.
//!
//! Invariants: amounts are formatted from and parsed into integer minor units, never
//! through floats; parsing accepts at most the currency's minor digits and refuses
//! negative or out-of-range numbers instead of rounding them; pure, tested natively.

use pocketshop_shared::money::BASIS_POINTS;
use pocketshop_shared::{Currency, Locale, Money};

/// `money` for an owner: `¥1,234.50`, `CN¥8.00`, `-€0.05`.
pub fn money(money: Money, locale: Locale) -> String {
    pocketshop_shared::money::for_people(money, locale)
}

/// A decimal the owner typed (`12`, `12.5`, `0.05`) as an integer scaled by
/// `10^digits`; `None` when it is not a plain non-negative decimal with at most
/// `digits` fraction digits, or is out of range.
fn scaled(text: &str, digits: u32) -> Option<u64> {
    let text = text.trim();
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty()
        || !plain(whole)
        || !plain(frac)
        || frac.len() > digits as usize
        || whole.len() > 12
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut frac_value: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..digits as usize {
        frac_value *= 10;
    }
    whole
        .checked_mul(10u64.pow(digits))?
        .checked_add(frac_value)
}

/// A percentage the owner typed (`50`, `12.5`, `0.25`) in basis points, up to 1 000 %.
pub fn parse_percent(text: &str) -> Option<u32> {
    scaled(text, 2)
        .filter(|bp| *bp <= u64::from(BASIS_POINTS) * 10)
        .and_then(|bp| u32::try_from(bp).ok())
}

/// Basis points as the owner reads and types them: `5000` → `50`, `1250` → `12.5`.
pub fn percent_text(basis_points: u32) -> String {
    let whole = basis_points / 100;
    match basis_points % 100 {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// An amount the owner typed in `currency` (`3`, `3.5`, `3.50`) in minor units.
pub fn parse_amount(text: &str, currency: Currency) -> Option<i64> {
    scaled(text, currency.exponent()).and_then(|v| i64::try_from(v).ok())
}

/// Minor units as the owner types them: `350` CNY → `3.50`.
pub fn amount_text(amount: i64, currency: Currency) -> String {
    let exp = currency.exponent();
    if exp == 0 {
        return amount.to_string();
    }
    let unit = 10i64.pow(exp);
    let minus = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    format!(
        "{minus}{}.{:0width$}",
        abs / unit.unsigned_abs(),
        abs % unit.unsigned_abs(),
        width = exp as usize
    )
}

/// A unix time as `YYYY-MM-DD HH:MM` (UTC).
pub fn date_time(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Howard Hinnant's days-from-civil inverse.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        secs / 3_600,
        secs % 3_600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_with_its_sign_and_grouped_digits() {
        assert_eq!(
            money(Money::new(123_450, Currency::CNY), Locale::ZhCn),
            "¥1,234.50"
        );
        assert_eq!(money(Money::new(800, Currency::CNY), Locale::En), "CN¥8.00");
        assert_eq!(money(Money::new(-5, Currency::EUR), Locale::En), "-€0.05");
        assert_eq!(
            money(Money::new(1200, Currency::JPY), Locale::En),
            "JP¥1,200"
        );
    }

    #[test]
    fn percentages_are_read_into_basis_points_without_floats() {
        assert_eq!(parse_percent("50"), Some(5_000));
        assert_eq!(parse_percent(" 12.5 "), Some(1_250));
        assert_eq!(parse_percent("0.25"), Some(25));
        assert_eq!(parse_percent(".5"), Some(50));
        assert_eq!(parse_percent("1000"), Some(100_000));
        for bad in ["", ".", "-5", "1.234", "5%", "abc", "1001", "1e3"] {
            assert_eq!(parse_percent(bad), None, "{bad:?}");
        }
        for bp in [0, 25, 50, 1_250, 5_000, 12_345] {
            assert_eq!(parse_percent(&percent_text(bp)), Some(bp));
        }
    }

    #[test]
    fn amounts_are_read_in_the_currencys_minor_units() {
        assert_eq!(parse_amount("3.5", Currency::CNY), Some(350));
        assert_eq!(parse_amount("3", Currency::CNY), Some(300));
        assert_eq!(parse_amount("300", Currency::JPY), Some(300));
        assert_eq!(parse_amount("3.5", Currency::JPY), None);
        assert_eq!(parse_amount("3.555", Currency::CNY), None);
        assert_eq!(parse_amount("-1", Currency::CNY), None);
        assert_eq!(amount_text(350, Currency::CNY), "3.50");
        assert_eq!(amount_text(300, Currency::JPY), "300");
    }

    #[test]
    fn dates_are_written_in_utc() {
        assert_eq!(date_time(0), "1970-01-01 00:00");
        assert_eq!(date_time(1_795_000_000), "2026-11-18 11:06");
        assert_eq!(date_time(951_782_400), "2000-02-29 00:00");
    }
}
