//! A widget's first view rendered at the edge: the markup the widget draws for a
//! product grid or a product card, so `embed.js` can paint the first products from
//! one small HTML answer while the WASM widget is still to load, and the widget can
//! then take its place without moving anything on the host page.
//!
//! Invariants: the markup mirrors the widget's own views element for element (the
//! same `ps-` classes, words and order: `app/src/components/grid.rs`,
//! `product_tile.rs`, `price.rs`, `product_detail.rs`, `sku_picker.rs`,
//! `quantity.rs`, `cart_button.rs`), so the widget's stylesheet lays both out alike;
//! every text from the catalogue or the shop is escaped; nothing in it runs or
//! styles itself (no script but a JSON-LD data block, which never runs; no inline
//! style, no handler), so a strict host CSP allows it; it is `inert` and carries
//! no `data-testid`: only the widget answers input, and the first-view layer (`quick/`), which lifts `inert` from a product
//! card it wakes with the card's `data-ps-card` (its variants and "from" price)
//! and notes which of a grid's tiles a shopper taps (`data-product-id`);
//! while a card is `inert` the stylesheet shows its pictures, title and price, not
//! its controls, which would not answer;
//! the theme travels as a checked `:host` rule in `data-ps-theme`, which the loader
//! adopts as a constructed sheet. The card's pieces the layer redraws are
//! `shared::card`'s, so both draw them alike. After the root comes one data block:
//! the schema.org JSON-LD of the products it shows, which stays when the widget
//! takes over.

use pocketshop_shared::api::{ProductList, Theme};
use pocketshop_shared::card::{self, axes, blocker, escape, price, CardData};
use pocketshop_shared::catalogue::{Category, ProductSummary, ShopProduct};
use pocketshop_shared::picker::Picker;
use pocketshop_shared::{Locale, Quantity};
use std::fmt::Write;

/// How many products the widget's grid asks for first (`grid.rs`'s `PAGE`).
pub const GRID_PAGE: usize = 12;

/// What a first view is drawn from, besides its products.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// The language it speaks.
    pub locale: Locale,
    /// The shop's look.
    pub theme: &'a Theme,
    /// The last good catalogue, served while the supplier fails.
    pub stale: bool,
}

/// The widget's root (`root.rs`) around `body`, then the products' JSON-LD
/// (`json_ld.rs`). The root comes first: the loader reads the theme from the first
/// element, and the widget keeps the data block when it takes the root's place.
fn app(frame: Frame<'_>, body: &str, data: &str) -> String {
    format!(
        "<div class=\"ps-app\" lang=\"{}\" inert data-ps-first-view data-ps-theme=\"{}\">{body}</div>{data}",
        frame.locale.tag(),
        escape(&frame.theme.css()),
    )
}

/// The cart button in the grid's bar (`cart_button.rs`), with an empty cart: the
/// loader cannot read the shopper's cart, and the widget fills in the count.
fn cart_button(out: &mut String, l: Locale) {
    let _ = write!(
        out,
        "<div class=\"ps-bar\"><button type=\"button\" class=\"ps-cart-btn\" aria-label=\"{label}\">\
         <svg class=\"ps-icon\" viewBox=\"0 0 24 24\" width=\"20\" height=\"20\" aria-hidden=\"true\">\
         <path fill=\"currentColor\" d=\"M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4ZM6.2 6l.9 6.3A2 2 0 0 0 9.1 14h7.6a2 2 0 0 0 1.9-1.4L20.5 6H6.2ZM2 2h2.6l.6 2H22l-2.6 9.2A4 4 0 0 1 15.6 16H9.1a4 4 0 0 1-4-3.4L3.1 4H2V2Z\"/>\
         </svg><span>{text}</span><span class=\"ps-count\" aria-hidden=\"true\">0</span></button></div>",
        label = l.pick("购物车，0 件商品", "Cart, 0 items"),
        text = l.pick("购物车", "Cart"),
    );
}

/// A paragraph of fixed text with the attributes `attrs`.
fn note(out: &mut String, attrs: &str, text: &str) {
    let _ = write!(out, "<p {attrs}>{text}</p>");
}

/// One tile (`product_tile.rs`).
fn tile(out: &mut String, p: &ProductSummary, l: Locale) {
    let title = escape(p.title.get(l));
    let _ = write!(
        out,
        "<li class=\"ps-tile\"><button type=\"button\" class=\"ps-tile-btn\" data-product-id=\"{}\">\
         <span class=\"ps-tile-img\">",
        escape(p.id.as_str())
    );
    if let Some(src) = &p.image {
        let _ = write!(
            out,
            "<img src=\"{}\" alt=\"{title}\" width=\"300\" height=\"300\" loading=\"lazy\" decoding=\"async\">",
            escape(src)
        );
    }
    if !p.in_stock {
        let _ = write!(
            out,
            "<span class=\"ps-badge ps-badge-out\">{}</span>",
            l.pick("已售罄", "Sold out")
        );
    }
    let _ = write!(out, "</span><span class=\"ps-tile-title\">{title}</span>");
    price(out, p.price_from, Some(p.list_price), true, l);
    out.push_str("</button></li>");
}

/// The `grid` view (`grid.rs` under the bar of `root.rs`): search, category chips,
/// the first page of tiles, and "load more" when there are more.
pub fn grid(
    frame: Frame<'_>,
    categories: &[Category],
    chosen: Option<Category>,
    page: &ProductList,
) -> String {
    let l = frame.locale;
    let mut out = String::with_capacity(8 * 1024);
    cart_button(&mut out, l);
    let search = l.pick("搜索商品", "Search products");
    let _ = write!(
        out,
        "<div class=\"ps-grid-view\"><div class=\"ps-toolbar\">\
         <input type=\"search\" class=\"ps-input ps-search\" placeholder=\"{search}\" aria-label=\"{search}\">\
         <div class=\"ps-chips\" role=\"group\" aria-label=\"{}\">",
        l.pick("分类", "Categories")
    );
    let chips = std::iter::once((None, l.pick("全部", "All").to_owned())).chain(
        categories
            .iter()
            .map(|c| (Some(*c), c.name().get(l).to_owned())),
    );
    for (c, name) in chips {
        let on = c == chosen;
        let _ = write!(
            out,
            "<button type=\"button\" class=\"{}\" data-category=\"{}\" aria-pressed=\"{on}\">{}</button>",
            if on { "ps-chip ps-on" } else { "ps-chip" },
            c.map_or("all", Category::slug),
            escape(&name)
        );
    }
    out.push_str("</div></div>");
    if frame.stale {
        note(
            &mut out,
            "class=\"ps-stale\" role=\"status\"",
            l.pick(
                "价格和库存可能不是最新的。",
                "Prices and stock may be out of date",
            ),
        );
    }
    out.push_str("<ul class=\"ps-tiles\" aria-busy=\"false\">");
    // The tiles and the JSON-LD describe the same products.
    let items = &page.items[..page.items.len().min(GRID_PAGE)];
    for p in items {
        tile(&mut out, p, l);
    }
    out.push_str("</ul>");
    if page.items.is_empty() {
        note(
            &mut out,
            "class=\"ps-empty\"",
            if chosen.is_some() {
                l.pick("没有找到相关商品。", "No products match.")
            } else {
                l.pick("这里还没有商品。", "No products here yet.")
            },
        );
    }
    out.push_str("<div class=\"ps-sentinel\"></div>");
    if page.next_cursor.is_some() {
        let _ = write!(
            out,
            "<button type=\"button\" class=\"ps-btn ps-btn-secondary ps-more\">{}</button>",
            l.pick("加载更多", "Load more")
        );
    }
    out.push_str("</div>");
    app(frame, &out, &json_ld::for_grid(items, l))
}

/// The `product` view (`product_detail.rs`, inline): gallery, title, price, the
/// option axes, quantity, add to cart (off until the first-view layer wakes the
/// card), share and the description, with the card's data for the layer. Campaign
/// offers and bargains are the widget's to add.
pub fn product(frame: Frame<'_>, product: &ShopProduct) -> String {
    let l = frame.locale;
    let title = escape(product.title.get(l));
    let mut out = String::with_capacity(6 * 1024);
    let data = CardData {
        skus: product.skus.clone(),
        price_from: product.price_from,
    };
    let _ = write!(
        out,
        "<section class=\"ps-product ps-inline\" data-product-id=\"{}\" data-ps-card=\"{}\" aria-busy=\"false\">\
         <div class=\"ps-product-grid\"><div class=\"ps-gallery\">",
        escape(product.id.as_str()),
        escape(&serde_json::to_string(&data).unwrap_or_default()),
    );
    if let Some(src) = product.images.first() {
        let _ = write!(
            out,
            "<img class=\"ps-gallery-main\" src=\"{}\" alt=\"{title}\" width=\"480\" height=\"480\" decoding=\"async\">",
            escape(src)
        );
    }
    if product.images.len() > 1 {
        let _ = write!(
            out,
            "<div class=\"ps-thumbs\" role=\"group\" aria-label=\"{}\">",
            l.pick("商品图片", "Product images")
        );
        for (i, src) in product.images.iter().enumerate() {
            let _ = write!(
                out,
                "<button type=\"button\" class=\"{}\" aria-label=\"{} {}\" aria-pressed=\"{}\">\
                 <img src=\"{}\" alt=\"\" width=\"56\" height=\"56\" loading=\"lazy\"></button>",
                if i == 0 { "ps-thumb ps-on" } else { "ps-thumb" },
                l.pick("图片", "Image"),
                i + 1,
                i == 0,
                escape(src)
            );
        }
        out.push_str("</div>");
    }
    let _ = write!(
        out,
        "</div><div class=\"ps-info\"><h3 class=\"ps-title\">{title}</h3><div class=\"ps-price-row\">"
    );
    let picker = Picker::new(data.skus.clone());
    out.push_str(&card::price_row(&picker, &data, l));
    out.push_str("</div>");
    axes(&mut out, &picker, l);
    let quantity = l.pick("数量", "Quantity");
    let _ = write!(
        out,
        "<div class=\"ps-buy-row\"><div class=\"ps-qty\" role=\"group\" aria-label=\"{quantity}\">\
         <button type=\"button\" class=\"ps-qty-btn\" data-step=\"-1\" aria-label=\"{}\" disabled>−</button>\
         <input type=\"number\" inputmode=\"numeric\" min=\"1\" max=\"{}\" class=\"ps-qty-input\" aria-label=\"{quantity}\" value=\"1\">\
         <button type=\"button\" class=\"ps-qty-btn\" data-step=\"1\" aria-label=\"{}\">+</button></div>\
         <button type=\"button\" class=\"ps-btn ps-btn-primary ps-add\" disabled>{}</button></div>\
         <p class=\"ps-hint\" aria-live=\"polite\">{}</p>\
         <div class=\"ps-share\"><button type=\"button\" class=\"ps-btn ps-btn-ghost\">{}</button>\
         <span class=\"ps-share-note\" role=\"status\"></span></div>\
         <p class=\"ps-desc\">{}</p></div></div></section>",
        l.pick("减少", "Decrease"),
        Quantity::MAX,
        l.pick("增加", "Increase"),
        l.pick("加入购物车", "Add to cart"),
        blocker(&picker, l).map(|b| escape(&b)).unwrap_or_default(),
        l.pick("分享", "Share"),
        escape(product.description.get(l)),
    );
    app(frame, &out, &json_ld::for_product(product, l))
}

mod json_ld;
#[cfg(test)]
mod tests;
