//! What the loader tells a widget when it mounts it: the edge, the shop and the view,
//! read from the element's attributes.
//!
//! Invariants: a widget is only built from options that parse; a bad attribute
//! (an unknown shop id format, an unknown view) is reported in the widget as plain
//! text instead of guessed at.

use pocketshop_shared::{Category, ProductId, ShopId};

/// The longest member token passed on to the edge.
const MAX_MEMBER_TOKEN: usize = 1024;

/// The four views of the embedding contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// A collection with search, categories and paging.
    Grid,
    /// One product card inside an article.
    Product,
    /// A floating cart button with its drawer.
    Cart,
    /// A whole mini shop with its own navigation.
    Shop,
}

/// What is wrong with the element's attributes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    /// No or a malformed `shop`.
    #[error("the shop attribute must be a shop id such as \"alice\"")]
    Shop,
    /// A `view` other than the four.
    #[error("view must be grid, product, cart or shop, not {0:?}")]
    View(String),
    /// The product view without a valid `product`.
    #[error("the product view needs a product attribute such as \"P10001\"")]
    Product,
    /// A `category` that is not one.
    #[error("unknown category {0:?}")]
    Category(String),
}

/// A widget's options, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The edge's origin.
    pub api: String,
    /// The shop.
    pub shop: ShopId,
    /// The view.
    pub view: View,
    /// The product, for the product view.
    pub product: Option<ProductId>,
    /// The element's `lang`, if set.
    pub lang: Option<String>,
    /// The host page's language (its `<html lang>`, else the browser's), spoken
    /// until the shop's profile says the shop's own.
    pub page_lang: Option<String>,
    /// A category to start in.
    pub category: Option<Category>,
    /// `all` (default), `new` or `picks` (the shop's daily picks).
    pub collection: Option<String>,
    /// A chain store's member token (`member-token`), sent with quotes and orders.
    pub member_token: Option<String>,
}

/// The raw attribute values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawOptions {
    /// `api`.
    pub api: String,
    /// `shop`.
    pub shop: Option<String>,
    /// `view`.
    pub view: Option<String>,
    /// `product`.
    pub product: Option<String>,
    /// `lang`.
    pub lang: Option<String>,
    /// The host page's `<html lang>`, else the browser's language.
    pub page_lang: Option<String>,
    /// `category`.
    pub category: Option<String>,
    /// `collection`.
    pub collection: Option<String>,
    /// `member-token`.
    pub member_token: Option<String>,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl RawOptions {
    /// Parses the attributes.
    pub fn parse(&self) -> Result<Options, OptionsError> {
        let shop = present(&self.shop)
            .and_then(|s| ShopId::parse(s).ok())
            .ok_or(OptionsError::Shop)?;
        let view = match present(&self.view).unwrap_or("grid") {
            "grid" => View::Grid,
            "product" => View::Product,
            "cart" => View::Cart,
            "shop" => View::Shop,
            other => return Err(OptionsError::View(other.chars().take(32).collect())),
        };
        let product = match present(&self.product) {
            Some(p) => Some(ProductId::parse(p).map_err(|_| OptionsError::Product)?),
            None => None,
        };
        if view == View::Product && product.is_none() {
            return Err(OptionsError::Product);
        }
        let category = match present(&self.category) {
            Some(c) => Some(
                Category::parse(c)
                    .map_err(|_| OptionsError::Category(c.chars().take(32).collect()))?,
            ),
            None => None,
        };
        let collection = present(&self.collection)
            .filter(|c| matches!(*c, "all" | "new" | "picks"))
            .map(str::to_owned);
        Ok(Options {
            api: self.api.trim_end_matches('/').to_owned(),
            shop,
            view,
            product,
            lang: present(&self.lang).map(str::to_owned),
            page_lang: present(&self.page_lang).map(str::to_owned),
            category,
            collection,
            // A token is opaque here (the edge verifies it); one too long for a
            // header is dropped rather than sent.
            member_token: present(&self.member_token)
                .filter(|t| t.len() <= MAX_MEMBER_TOKEN && t.bytes().all(|b| b.is_ascii_graphic()))
                .map(str::to_owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(shop: &str, view: &str, product: &str) -> RawOptions {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        RawOptions {
            api: "https://edge.example/".into(),
            shop: some(shop),
            view: some(view),
            product: some(product),
            ..RawOptions::default()
        }
    }

    #[test]
    fn the_view_defaults_to_a_grid() {
        let o = raw("demo", "", "").parse().expect("parses");
        assert_eq!(o.view, View::Grid);
        assert_eq!(o.api, "https://edge.example");
    }

    #[test]
    fn bad_attributes_are_refused_with_what_is_wrong() {
        assert_eq!(raw("", "grid", "").parse(), Err(OptionsError::Shop));
        assert_eq!(
            raw("Demo Shop", "grid", "").parse(),
            Err(OptionsError::Shop)
        );
        assert_eq!(
            raw("demo", "carousel", "").parse(),
            Err(OptionsError::View("carousel".into()))
        );
        assert_eq!(
            raw("demo", "product", "").parse(),
            Err(OptionsError::Product)
        );
        assert_eq!(
            raw("demo", "product", "<b>").parse(),
            Err(OptionsError::Product)
        );
    }

    #[test]
    fn a_member_token_is_passed_on_unless_it_could_not_be_a_header() {
        let mut r = raw("demo", "grid", "");
        r.member_token = Some(" eyJtZW1iZXIiOiJNMSJ9.ab12 ".into());
        assert_eq!(
            r.parse().expect("parses").member_token.as_deref(),
            Some("eyJtZW1iZXIiOiJNMSJ9.ab12")
        );
        r.member_token = Some("a b\nX-Injected: 1".into());
        assert_eq!(r.parse().expect("parses").member_token, None);
        r.member_token = Some("x".repeat(2000));
        assert_eq!(r.parse().expect("parses").member_token, None);
    }

    #[test]
    fn the_picks_collection_is_a_collection() {
        let mut r = raw("demo", "grid", "");
        r.collection = Some("picks".into());
        assert_eq!(
            r.parse().expect("parses").collection.as_deref(),
            Some("picks")
        );
        r.collection = Some("everything".into());
        assert_eq!(r.parse().expect("parses").collection, None);
    }
}
