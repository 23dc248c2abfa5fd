//! The schema.org description of a first view's products, as JSON-LD, so a host
//! page's embedded products can be indexed: a `Product` for a product card, an
//! `ItemList` of them for a grid.
//!
//! Invariants: it is a data block (`<script type="application/ld+json">`), which
//! browsers never run and a strict CSP allows; every `<`, `>` and `&` in it is
//! written as a JSON escape, so no text from the catalogue can end the element or
//! open a comment; prices are the shop's, as plain decimals from integer minor
//! units, in the shop's currency; its text is in the first view's language.

use crate::domain::owners::manage::decimal;
use pocketshop_shared::catalogue::{ProductSummary, ShopProduct};
use pocketshop_shared::{Locale, Money};
use serde_json::{json, Value};

/// schema.org's availability for whether a product can be bought.
fn availability(in_stock: bool) -> &'static str {
    if in_stock {
        "https://schema.org/InStock"
    } else {
        "https://schema.org/OutOfStock"
    }
}

/// What the product costs: from `low`, and, when known, up to the dearest of its
/// variants and how many there are.
fn offers(low: Money, range: Option<(Money, usize)>, in_stock: bool) -> Value {
    let mut offers = json!({
        "@type": "AggregateOffer",
        "priceCurrency": low.currency.code(),
        "lowPrice": decimal(low),
        "availability": availability(in_stock),
    });
    if let (Some((high, count)), Some(map)) = (range, offers.as_object_mut()) {
        map.insert("highPrice".to_owned(), json!(decimal(high)));
        map.insert("offerCount".to_owned(), json!(count));
    }
    offers
}

/// A product card's `Product`.
fn product(p: &ShopProduct, l: Locale) -> Value {
    // A product's variants share its currency; its "from" price is the cheapest.
    let high = p
        .skus
        .iter()
        .map(|s| s.price)
        .max_by_key(|m| m.amount)
        .unwrap_or(p.price_from);
    json!({
        "@type": "Product",
        "productID": p.id.as_str(),
        "name": p.title.get(l),
        "description": p.description.get(l),
        "category": p.category.name().get(l),
        "image": p.images,
        "offers": offers(p.price_from, Some((high, p.skus.len().max(1))), p.in_stock),
    })
}

/// A grid tile's `Product`: what a tile knows, its lowest price the only one.
fn summary(p: &ProductSummary, l: Locale) -> Value {
    let mut item = json!({
        "@type": "Product",
        "productID": p.id.as_str(),
        "name": p.title.get(l),
        "category": p.category.name().get(l),
        "offers": offers(p.price_from, None, p.in_stock),
    });
    if let (Some(image), Some(map)) = (&p.image, item.as_object_mut()) {
        map.insert("image".to_owned(), json!(image));
    }
    item
}

/// `value` in a data block that nothing in the catalogue can break out of.
fn block(mut value: Value) -> String {
    if let Some(map) = value.as_object_mut() {
        map.insert("@context".to_owned(), json!("https://schema.org"));
    }
    let json = value.to_string();
    let mut out = String::with_capacity(json.len() + 64);
    out.push_str("<script type=\"application/ld+json\">");
    // JSON allows these three only inside strings, where `\u` escapes mean the same.
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out.push_str("</script>");
    out
}

/// The data block for a product card.
pub fn for_product(p: &ShopProduct, l: Locale) -> String {
    block(product(p, l))
}

/// The data block for a grid showing `items`, in their order.
pub fn for_grid(items: &[ProductSummary], l: Locale) -> String {
    let list: Vec<Value> = items
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "item": summary(p, l),
            })
        })
        .collect();
    block(json!({
        "@type": "ItemList",
        "numberOfItems": list.len(),
        "itemListElement": list,
    }))
}
