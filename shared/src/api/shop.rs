//! What the Edge API tells about a shop: its public profile, its look and its
//! product list.
//!
//! Invariants: a theme reaches a page only through [`Theme::css`], which leaves out
//! any value that is not plainly a colour, a radius or a font list.

use crate::catalogue::{Category, ProductSummary};
use crate::id::ShopId;
use crate::locale::Locale;
use crate::money::Currency;
use crate::order::PaymentMethod;
use serde::{Deserialize, Serialize};

/// The font list a shop starts with, and the widget's own (`style/tokens.css`).
///
/// A face that holds Chinese comes first, so that one face draws a whole Chinese
/// title. From a face without Chinese (`system-ui` is DejaVu Sans on Linux), a
/// browser looks a face up for each Chinese character in turn: in Chromium on Linux
/// each look-up is a round trip to the browser process, dozens of them in a grid's
/// first frame. Each family named before the one found is a look-up too, so the
/// faces come in the order of the systems that have them: Noto Sans CJK (most
/// Linux), Source Han Sans (its other name), PingFang (Apple), Microsoft YaHei
/// (Windows). Android names none of them and falls back from `system-ui`.
pub const DEFAULT_FONT: &str = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", system-ui, sans-serif";

/// A shop's look in the widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// The primary colour, `#rrggbb`.
    pub primary_colour: String,
    /// Corner radius in CSS pixels.
    pub radius_px: u8,
    /// A CSS font-family list.
    pub font: String,
    /// The shop's logo, an `https://` URL; absent for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
}

impl Theme {
    /// The `:host` rule carrying this theme as the widget's custom properties, for
    /// the widget and for first views rendered at the edge. Values that are not
    /// plainly a colour, a radius or a font list are left out, so a shop cannot
    /// inject rules.
    pub fn css(&self) -> String {
        let mut css = String::from(":host{");
        let colour = &self.primary_colour;
        let hex = colour.len() <= 9
            && colour.starts_with('#')
            && colour[1..].chars().all(|c| c.is_ascii_hexdigit())
            && matches!(colour.len(), 4 | 5 | 7 | 9);
        if hex {
            css.push_str(&format!("--ps-primary:{colour};"));
        }
        css.push_str(&format!("--ps-radius:{}px;", self.radius_px.min(32)));
        let font_ok = self.font.len() <= 200
            && self
                .font
                .chars()
                .all(|c| c.is_alphanumeric() || " ,-\"'".contains(c));
        if font_ok && !self.font.is_empty() {
            css.push_str(&format!("--ps-font:{};", self.font));
        }
        css.push('}');
        css
    }
}

/// `GET /v1/shops/{shop}`: the public profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopProfile {
    /// The slug.
    pub id: ShopId,
    /// The shop's name.
    pub name: String,
    /// What it sells in.
    pub currency: Currency,
    /// Its language.
    pub locale: Locale,
    /// Its look.
    pub theme: Theme,
    /// Enabled features (`cart`, `share`, …).
    pub features: Vec<String>,
    /// How shoppers can pay.
    pub payment_methods: Vec<PaymentMethod>,
    /// The categories it has products in.
    pub categories: Vec<Category>,
}

/// `GET /v1/shops/{shop}/products`: one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductList {
    /// The products on this page.
    pub items: Vec<ProductSummary>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(colour: &str, font: &str) -> Theme {
        Theme {
            primary_colour: colour.into(),
            radius_px: 12,
            font: font.into(),
            logo_url: None,
        }
    }

    #[test]
    fn the_widget_and_a_new_shop_start_from_the_same_font_list_and_it_is_a_valid_theme_font() {
        let tokens = include_str!("../../../style/tokens.css");
        assert!(
            tokens.contains(&format!("--ps-font: {DEFAULT_FONT};")),
            "style/tokens.css sets --ps-font to DEFAULT_FONT"
        );
        assert!(theme("#0a7", DEFAULT_FONT).css().contains(DEFAULT_FONT));
    }

    #[test]
    fn a_plain_theme_becomes_custom_properties() {
        let css = theme("#0a7", "Georgia, serif").css();
        assert_eq!(
            css,
            ":host{--ps-primary:#0a7;--ps-radius:12px;--ps-font:Georgia, serif;}"
        );
    }

    #[test]
    fn theme_values_that_could_inject_css_are_left_out() {
        let css = theme("red;}*{display:none", "x;}body{display:none").css();
        assert_eq!(css, ":host{--ps-radius:12px;}");
    }
}
