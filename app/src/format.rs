//! How the widget writes money and dates for people.
//!
//! Invariants: amounts are formatted from integer minor units, never through floats;
//! the same amount always reads the same in a locale. Pure, so it also runs on the
//! server.

use pocketshop_shared::{Locale, Money};

/// `money` for a shopper: `¥1,234.50`, `CN¥8.00`, `-€0.05`.
pub fn money(money: Money, locale: Locale) -> String {
    pocketshop_shared::money::for_people(money, locale)
}

/// A unix time as `2026-11-23 08:05` in UTC+8 for zh-CN shoppers (China has one
/// time zone) and in UTC, marked as such, for everyone else.
pub fn datetime(unix_secs: i64, locale: Locale) -> String {
    let ((y, m, d), (hh, mm)) = local(unix_secs, locale);
    match locale {
        Locale::ZhCn => format!("{y}-{m:02}-{d:02} {hh:02}:{mm:02}"),
        Locale::En => format!("{y}-{m:02}-{d:02} {hh:02}:{mm:02} UTC"),
    }
}

/// The calendar day of a unix time, `2026-11-23`, in the same time zone as
/// [`datetime`]: for a date that only names a day, such as a pre-sale's ship date.
pub fn date(unix_secs: i64, locale: Locale) -> String {
    let ((y, m, d), _) = local(unix_secs, locale);
    format!("{y}-{m:02}-{d:02}")
}

/// The date and the hour and minute of a unix time in the shopper's time zone.
fn local(unix_secs: i64, locale: Locale) -> ((i64, u32, u32), (i64, i64)) {
    let offset = match locale {
        Locale::ZhCn => 8 * 3600,
        Locale::En => 0,
    };
    let t = unix_secs.saturating_add(offset);
    let secs = t.rem_euclid(86_400);
    (
        civil_from_days(t.div_euclid(86_400)),
        (secs / 3600, secs % 3600 / 60),
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (y, m as u32, d as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::Currency;

    fn cny(amount: i64) -> Money {
        Money {
            amount,
            currency: Currency::CNY,
        }
    }

    #[test]
    fn yuan_reads_with_two_decimals_and_grouped_thousands() {
        assert_eq!(money(cny(123_450), Locale::ZhCn), "¥1,234.50");
        assert_eq!(money(cny(5), Locale::ZhCn), "¥0.05");
        assert_eq!(money(cny(-5), Locale::ZhCn), "-¥0.05");
    }

    #[test]
    fn english_readers_see_which_yuan_it_is() {
        assert_eq!(money(cny(800), Locale::En), "CN¥8.00");
    }

    #[test]
    fn currencies_without_minor_units_have_no_decimals() {
        let yen = Money {
            amount: 1_234_567,
            currency: Currency::JPY,
        };
        assert_eq!(money(yen, Locale::En), "JP¥1,234,567");
    }

    #[test]
    fn times_are_shown_in_china_time_for_chinese_shoppers() {
        // 2026-11-23T00:05:00Z
        assert_eq!(datetime(1_795_392_300, Locale::ZhCn), "2026-11-23 08:05");
        assert_eq!(datetime(1_795_392_300, Locale::En), "2026-11-23 00:05 UTC");
        assert_eq!(datetime(0, Locale::En), "1970-01-01 00:00 UTC");
    }

    #[test]
    fn a_date_alone_is_the_day_of_its_time_in_the_shoppers_zone() {
        // 2026-11-22 16:05 UTC is already the 23rd in China.
        assert_eq!(date(1_795_363_500, Locale::En), "2026-11-22");
        assert_eq!(date(1_795_363_500, Locale::ZhCn), "2026-11-23");
        assert_eq!(date(0, Locale::En), "1970-01-01");
    }
}
