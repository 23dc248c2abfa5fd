//! The widget's two languages.
//!
//! Invariants: every text a shopper reads is given in both zh-CN and en at the place
//! it is shown, through [`pick`], so no text can exist in one language only; the
//! locale comes from the element's `lang`, else the shop's profile, else (until the
//! profile arrives) the host page's language.

use pocketshop_shared::{Locale, Localized, OptionValue};

/// `zh` for Chinese shoppers, `en` for everyone else.
pub fn pick(locale: Locale, zh: &'static str, en: &'static str) -> &'static str {
    locale.pick(zh, en)
}

/// A catalogue text in `locale`.
pub fn text(value: &Localized, locale: Locale) -> String {
    value.get(locale).to_owned()
}

/// An option value (`红色` / `Red`) in `locale`.
pub fn option(value: &OptionValue, locale: Locale) -> String {
    value.get(locale).to_owned()
}

/// The name of an option axis.
pub fn axis(name: &str, locale: Locale) -> String {
    pocketshop_shared::picker::axis_label(name, locale)
}

/// The locale the element's `lang` asks for, if it names one we speak.
pub fn from_lang(lang: Option<&str>) -> Option<Locale> {
    lang.and_then(|l| Locale::parse(l).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_elements_lang_is_read_by_its_language_part() {
        assert_eq!(from_lang(Some("en-GB")), Some(Locale::En));
        assert_eq!(from_lang(Some("zh-Hans-CN")), Some(Locale::ZhCn));
        assert_eq!(from_lang(Some("fr")), None);
        assert_eq!(from_lang(None), None);
    }

    #[test]
    fn known_axes_are_named_and_unknown_ones_shown_as_sent() {
        assert_eq!(axis("size", Locale::ZhCn), "尺码");
        assert_eq!(axis("colour", Locale::En), "Colour");
        assert_eq!(axis("strength", Locale::En), "strength");
    }
}
