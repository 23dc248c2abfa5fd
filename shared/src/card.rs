//! The product card as HTML: what the edge's first view draws of a product and what
//! the widget's first-view layer (`quick/`) redraws as the shopper picks options,
//! before the Leptos widget has loaded.
//!
//! Invariants: the markup mirrors the widget's own components (`price.rs`,
//! `sku_picker.rs`, `product_detail.rs`) class for class and word for word, so one
//! stylesheet lays out both and the swap from one to the other moves nothing; every
//! text from the catalogue is escaped; [`CardData`] is everything the first-view
//! layer needs to pick and add to the cart, so it never asks the edge again.

use crate::cart::CartError;
use crate::catalogue::{ShopSku, StockLevel};
use crate::locale::Locale;
use crate::money::Money;
use crate::picker::{axis_label, Availability, Picker};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// What a first-view product card carries for its layer (`data-ps-card`, JSON): the
/// variants it picks among and the "from" price shown before a pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardData {
    /// The variants with the shop's prices.
    pub skus: Vec<ShopSku>,
    /// The lowest price of any variant.
    pub price_from: Money,
}

/// `text` safe inside HTML text and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A price (`price.rs`): "from" when it is the lowest of several, and the list
/// price struck through when it is higher.
pub fn price(out: &mut String, amount: Money, list: Option<Money>, from: bool, l: Locale) {
    let list = list.filter(|m| m.currency == amount.currency && m.amount > amount.amount);
    out.push_str("<span class=\"ps-price\">");
    if from {
        out.push_str(l.pick("", "from "));
    }
    let _ = write!(
        out,
        "<span class=\"ps-price-now\">{}</span>",
        escape(&crate::money::for_people(amount, l))
    );
    if from {
        out.push_str(l.pick("起", ""));
    }
    if let Some(m) = list {
        let _ = write!(
            out,
            "<s class=\"ps-price-list\"><span class=\"ps-sr\">{}</span>{}</s>",
            l.pick("原价", "was"),
            escape(&crate::money::for_people(m, l))
        );
    }
    out.push_str("</span>");
}

/// The inside of a card's price row: the picked variant's price (with "only a few
/// left" when its stock is low), else the "from" price.
pub fn price_row(picker: &Picker, data: &CardData, l: Locale) -> String {
    let mut out = String::new();
    match picker.sku() {
        Some(s) => {
            price(&mut out, s.price, Some(s.list_price), false, l);
            if s.stock == StockLevel::Low {
                let _ = write!(
                    out,
                    "<span class=\"ps-badge ps-badge-warn\">{}</span>",
                    l.pick("库存紧张", "Only a few left")
                );
            }
        }
        None => {
            let list = data
                .skus
                .iter()
                .map(|s| s.list_price)
                .max_by_key(|m| m.amount);
            price(&mut out, data.price_from, list, true, l);
        }
    }
    out
}

/// Why add to cart is off for the pick so far, or `None` when it can be bought.
pub fn blocker(picker: &Picker, l: Locale) -> Option<String> {
    if let Some(axis) = picker.unpicked().next() {
        let name = axis_label(&axis.name, l);
        return Some(match l {
            Locale::ZhCn => format!("请选择{name}"),
            // ASCII only: the words we have are ASCII, a supplier's own name keeps
            // its other letters, and Unicode's case tables would double the size
            // of the first-view layer.
            Locale::En => format!("Choose a {}", name.to_ascii_lowercase()),
        });
    }
    match picker.sku() {
        None => Some(
            l.pick("此组合不存在", "This combination is not available")
                .to_owned(),
        ),
        Some(s) if s.stock == StockLevel::OutOfStock => {
            Some(l.pick("此款已售罄", "This option is sold out").to_owned())
        }
        Some(_) => None,
    }
}

/// What to say when the cart refused a line the shopper added.
pub fn refusal(error: &CartError, l: Locale) -> &'static str {
    match error {
        CartError::TooManyLines { .. } => l.pick(
            "购物车已满，请先结算或删除部分商品。",
            "Your cart is full. Check out or remove something first.",
        ),
        _ => l.pick("最多可购买 99 件。", "You can buy at most 99 of one item."),
    }
}

/// An option button's content: the value's name, and why it cannot be picked for
/// screen readers (the button's title says it to the rest).
pub fn option_content(out: &mut String, value: &str, reason: Option<&str>) {
    out.push_str(&escape(value));
    if let Some(r) = reason {
        let _ = write!(out, "<span class=\"ps-sr\">（{r}）</span>");
    }
}

/// One option button's state: whether it is picked, and why it cannot be (`None`
/// when it can). A picked button stays enabled, so it can be un-picked.
pub fn option_state(
    picker: &Picker,
    axis: usize,
    value: usize,
    l: Locale,
) -> (bool, Option<&'static str>) {
    let pressed = picker.picked.get(axis).copied().flatten() == Some(value);
    let reason = match picker.availability(axis, value) {
        Availability::Available => None,
        Availability::SoldOut => Some(l.pick("已售罄", "Sold out")),
        Availability::Missing => Some(l.pick("无此组合", "Not made in this combination")),
    };
    (pressed, reason)
}

/// The option axes (`sku_picker.rs`) in their picker's state.
pub fn axes(out: &mut String, picker: &Picker, l: Locale) {
    for (a, axis) in picker.axes.iter().enumerate() {
        let label = escape(&axis_label(&axis.name, l));
        let picked = picker.picked[a]
            .and_then(|v| axis.values.get(v))
            .map(|v| escape(v.get(l)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<fieldset class=\"ps-axis\"><legend class=\"ps-axis-name\">{label}\
             <span class=\"ps-axis-picked\">{picked}</span></legend>\
             <div class=\"ps-options\" role=\"group\" aria-label=\"{label}\">"
        );
        for (v, value) in axis.values.iter().enumerate() {
            let (pressed, reason) = option_state(picker, a, v, l);
            let _ = write!(
                out,
                "<button type=\"button\" class=\"{}\" data-axis=\"{}\" data-value=\"{}\" aria-pressed=\"{pressed}\"{} title=\"{}\">",
                if pressed { "ps-option ps-on" } else { "ps-option" },
                escape(&axis.name),
                escape(&value.en),
                if reason.is_some() && !pressed { " disabled" } else { "" },
                reason.unwrap_or_default(),
            );
            option_content(out, value.get(l), reason);
            out.push_str("</button>");
        }
        out.push_str("</div></fieldset>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Currency, OptionValue, Sku};

    fn cny(amount: i64) -> Money {
        Money::new(amount, Currency::CNY)
    }

    fn sku(code: &str, size: &str, stock: StockLevel) -> ShopSku {
        ShopSku {
            sku: Sku::parse(code).expect("sku"),
            options: vec![OptionValue {
                axis: "size".into(),
                zh: size.into(),
                en: size.into(),
            }],
            price: cny(5_900),
            list_price: cny(7_900),
            stock,
        }
    }

    #[test]
    fn escaping_leaves_no_markup_or_quote_to_break_out_with() {
        assert_eq!(
            escape("<a href='x'>\"&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_price_row_shows_from_until_a_pick_and_the_picked_price_after() {
        let data = CardData {
            skus: vec![
                sku("S-1", "M", StockLevel::Low),
                sku("S-2", "L", StockLevel::InStock),
            ],
            price_from: cny(5_900),
        };
        let mut picker = Picker::new(data.skus.clone());
        let before = price_row(&picker, &data, Locale::En);
        assert!(before.contains("from "), "{before}");
        picker.toggle(0, 0);
        let after = price_row(&picker, &data, Locale::En);
        assert!(!after.contains("from "), "{after}");
        assert!(after.contains("Only a few left"), "{after}");
    }

    #[test]
    fn a_sold_out_option_says_so_and_blocks_the_cart_once_picked() {
        let data = [
            sku("S-1", "M", StockLevel::OutOfStock),
            sku("S-2", "L", StockLevel::InStock),
        ];
        let mut picker = Picker::new(data.to_vec());
        assert_eq!(
            option_state(&picker, 0, 0, Locale::En),
            (false, Some("Sold out"))
        );
        assert_eq!(
            blocker(&picker, Locale::En).as_deref(),
            Some("Choose a size")
        );
        picker.toggle(0, 0);
        assert!(option_state(&picker, 0, 0, Locale::En).0);
        assert_eq!(
            blocker(&picker, Locale::En).as_deref(),
            Some("This option is sold out")
        );
        picker.toggle(0, 1);
        assert_eq!(blocker(&picker, Locale::En), None);
    }

    #[test]
    fn card_data_survives_its_trip_through_json() {
        let data = CardData {
            skus: vec![sku("S-1", "M", StockLevel::InStock)],
            price_from: cny(5_900),
        };
        let text = serde_json::to_string(&data).expect("json");
        assert_eq!(
            serde_json::from_str::<CardData>(&text).expect("parse"),
            data
        );
    }
}
