//! The languages Pocketshop speaks to shoppers and owners, and how a tag names one.
//!
//! Invariants: Simplified Chinese is the default; a tag is read leniently (`zh`,
//! `zh-Hans`, `en-US`) but written as one fixed BCP 47 tag per language.

use serde::{Deserialize, Serialize};

/// What can be wrong with a language tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocaleError {
    /// A locale that is not supported.
    #[error("unknown locale {0:?}")]
    Unknown(String),
}

/// The languages the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    /// Simplified Chinese.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// Parses a tag, accepting the usual spellings (`zh`, `zh-cn`, `en-US`).
    pub fn parse(tag: &str) -> Result<Locale, LocaleError> {
        let lower = tag.to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") {
            Ok(Locale::ZhCn)
        } else if lower == "en" || lower.starts_with("en-") {
            Ok(Locale::En)
        } else {
            Err(LocaleError::Unknown(tag.chars().take(16).collect()))
        }
    }

    /// `zh` for Chinese readers, `en` for everyone else: the one place a fixed text
    /// chooses its language, in the widget and in what the edge renders.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Locale::ZhCn => zh,
            Locale::En => en,
        }
    }

    /// The BCP 47 tag for a `lang` attribute.
    pub fn tag(self) -> &'static str {
        self.pick("zh-CN", "en")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_parse_from_their_usual_tags() {
        assert_eq!(Locale::parse("en-US"), Ok(Locale::En));
        assert_eq!(Locale::parse("zh-Hans"), Ok(Locale::ZhCn));
        assert_eq!(Locale::parse("zh"), Ok(Locale::ZhCn));
        assert_eq!(
            Locale::parse("fr-FR").map_err(|e| e.to_string()),
            Err("unknown locale \"fr-FR\"".to_owned())
        );
    }
}
