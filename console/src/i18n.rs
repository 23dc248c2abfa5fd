//! The console's two languages.
//!
//! Invariants: every text an owner reads is given in both zh-CN and en at the place it
//! is shown, through [`pick`]; the language comes from the browser
//! (`navigator.language`): Chinese for `zh*`, English otherwise.

use pocketshop_shared::Locale;

/// `zh` for Chinese-speaking owners, `en` for everyone else.
pub fn pick(locale: Locale, zh: &'static str, en: &'static str) -> &'static str {
    locale.pick(zh, en)
}

/// The console's language for a browser language tag.
pub fn from_navigator(lang: Option<&str>) -> Locale {
    match lang {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => Locale::ZhCn,
        _ => Locale::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_browsers_get_chinese_and_everyone_else_english() {
        assert_eq!(from_navigator(Some("zh-CN")), Locale::ZhCn);
        assert_eq!(from_navigator(Some("zh-Hant-TW")), Locale::ZhCn);
        assert_eq!(from_navigator(Some("en-US")), Locale::En);
        assert_eq!(from_navigator(Some("de")), Locale::En);
        assert_eq!(from_navigator(None), Locale::En);
        assert_eq!(pick(Locale::En, "店铺", "Shops"), "Shops");
    }
}
