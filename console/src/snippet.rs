//! The embed snippet an owner pastes into a page: the loader script from the edge's
//! public origin and one `<pocket-shop>` element, which holds its view's space
//! from the host page's first paint (the loader runs only after it, so without the
//! `style` the article below would jump when the loader reserves the space).
//!
//! Invariants: the snippet is exactly what `docs/embedding.md` documents (one module script,
//! one element); the space it holds is the loader's own reservation for the view
//! (`HEIGHT` in `app/embed.js`); attribute values are HTML-escaped, so no id can break out of its
//! attribute; the script URL is the edge's origin plus `/embed.js`, whatever trailing
//! slash the origin came with.

use pocketshop_shared::{ProductId, ShopId};

/// The views a snippet can embed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnippetView {
    /// A collection with search, categories and paging.
    Grid,
    /// One product card.
    Product,
    /// A floating cart button.
    Cart,
    /// A whole mini shop.
    Shop,
}

impl SnippetView {
    /// Every view, in display order.
    pub const ALL: [SnippetView; 4] = [
        SnippetView::Grid,
        SnippetView::Product,
        SnippetView::Cart,
        SnippetView::Shop,
    ];

    /// The `view` attribute's value.
    pub fn as_str(self) -> &'static str {
        match self {
            SnippetView::Grid => "grid",
            SnippetView::Product => "product",
            SnippetView::Cart => "cart",
            SnippetView::Shop => "shop",
        }
    }

    /// The inline style that holds the view's space before the loader runs (the
    /// floating cart takes none).
    pub fn reserve(self) -> &'static str {
        match self {
            SnippetView::Grid => " style=\"display:block;min-height:560px\"",
            SnippetView::Product => " style=\"display:block;min-height:420px\"",
            SnippetView::Cart => "",
            SnippetView::Shop => " style=\"display:block;min-height:680px\"",
        }
    }
}

fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The snippet for `view` of `shop`, served from `origin`; the product view shows
/// `product` (without one it has no product to show and names a placeholder).
pub fn snippet(
    origin: &str,
    shop: &ShopId,
    view: SnippetView,
    product: Option<&ProductId>,
) -> String {
    let origin = origin.trim_end_matches('/');
    let product_attr = match (view, product) {
        (SnippetView::Product, Some(p)) => format!(" product=\"{}\"", escape(p.as_str())),
        (SnippetView::Product, None) => " product=\"PRODUCT_ID\"".to_owned(),
        _ => String::new(),
    };
    format!(
        "<script type=\"module\" src=\"{}/embed.js\"></script>\n<pocket-shop shop=\"{}\" view=\"{}\"{product_attr}{}></pocket-shop>",
        escape(origin),
        escape(shop.as_str()),
        view.as_str(),
        view.reserve(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_snippet_is_the_documented_two_lines() {
        let shop = ShopId::parse("tea").expect("slug");
        assert_eq!(
            snippet("https://edge.example/", &shop, SnippetView::Grid, None),
            "<script type=\"module\" src=\"https://edge.example/embed.js\"></script>\n<pocket-shop shop=\"tea\" view=\"grid\" style=\"display:block;min-height:560px\"></pocket-shop>"
        );
    }

    #[test]
    fn the_product_view_names_its_product_and_the_others_do_not() {
        let shop = ShopId::parse("tea").expect("slug");
        let p = ProductId::parse("P10001").expect("id");
        let s = snippet(
            "http://127.0.0.1:8787",
            &shop,
            SnippetView::Product,
            Some(&p),
        );
        assert!(s.ends_with(
            "<pocket-shop shop=\"tea\" view=\"product\" product=\"P10001\" style=\"display:block;min-height:420px\"></pocket-shop>"
        ));
        let c = snippet("http://127.0.0.1:8787", &shop, SnippetView::Cart, Some(&p));
        assert!(!c.contains("product="));
        assert!(!c.contains("style="), "the floating cart holds no space");
        assert!(escape("\"><script>").starts_with("&quot;&gt;&lt;"));
    }
}
