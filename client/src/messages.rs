//! The sentences the widget and the console both show, word for word, for the same
//! `ApiError` codes. Each app's own `messages` module says everything else in its
//! audience's words (a shopper's, an owner's) and calls these for the codes where
//! both say the same.
//!
//! Invariants: every sentence is given in zh-CN and en; none repeats server
//! internals.

use pocketshop_shared::Locale;

/// A request the edge could not read (bad JSON, a wrong media type, a bad field the
/// app does not name).
#[inline]
pub fn malformed_request(locale: Locale) -> String {
    locale
        .pick(
            "请求有误，请刷新页面后重试。",
            "Something in the request was wrong. Please reload and try again.",
        )
        .to_owned()
}

/// A request over the edge's size limits (body, URI or headers).
#[inline]
pub fn too_large(locale: Locale) -> String {
    locale
        .pick(
            "内容过多，请减少后重试。",
            "That is too much at once. Please remove something and try again.",
        )
        .to_owned()
}

/// A markup outside the range the shop allows, `min_bp` to `max_bp` basis points.
#[inline]
pub fn markup_out_of_range(min_bp: u32, max_bp: u32, locale: Locale) -> String {
    let (lo, hi) = (f64::from(min_bp) / 100.0, f64::from(max_bp) / 100.0);
    match locale {
        Locale::ZhCn => format!("加价需在 {lo}% 到 {hi}% 之间。"),
        Locale::En => format!("The markup must be between {lo}% and {hi}%."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sentence_is_chinese_in_zh_and_ascii_in_en() {
        let all = |locale| {
            [
                malformed_request(locale),
                too_large(locale),
                markup_out_of_range(0, 1, locale),
            ]
        };
        for zh in all(Locale::ZhCn) {
            assert!(!zh.is_ascii(), "{zh}");
        }
        for en in all(Locale::En) {
            assert!(!en.is_empty() && en.is_ascii(), "{en}");
        }
    }

    #[test]
    fn a_markup_range_is_said_in_percent() {
        assert_eq!(
            markup_out_of_range(550, 3000, Locale::En),
            "The markup must be between 5.5% and 30%."
        );
        assert_eq!(
            markup_out_of_range(550, 3000, Locale::ZhCn),
            "加价需在 5.5% 到 30% 之间。"
        );
    }
}
