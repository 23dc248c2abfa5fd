//! The entry point `embed.js` calls once it has painted an element's first view:
//! the product card the edge drew starts answering the shopper (pick options, set
//! a quantity, add to the cart) while the Leptos widget is still to load; a grid
//! keeps the tile a shopper taps for the widget to open (`taps.rs`).
//!
//! Invariants: it only touches the first view inside the root it is given (and
//! listens on the root itself for taps on a grid, which an inert view passes on); a
//! view without a card, a card whose data does not parse, or a page without storage stays
//! inert as the edge drew it (its controls hidden, `style/widget.css`), for the
//! widget alone to answer; lifting `inert` is what shows them; the card's state lives
//! in its DOM (pressed options, the quantity's value, the "added" note), which the
//! widget reads when it takes the card over (`app/src/browser.rs`), and the cart in
//! the storage entries both halves share (`shared::device`), announced to the
//! page's widgets as a `storage` event; sharing, campaign offers and the cart drawer
//! stay the widget's.

use crate::json;
use crate::picks::Picks;
use pocketshop_shared::card;
use pocketshop_shared::{device, Locale, Money, ProductId, Quantity, ShopId, Sku};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, Storage};

/// One woken card.
struct Card {
    picks: RefCell<Picks>,
    /// The card's `section.ps-product`.
    section: Element,
    /// The `pocket-shop` element, which host pages listen on.
    host: HtmlElement,
    storage: Storage,
    api: String,
    shop: ShopId,
}

fn string(options: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// Wakes the product card in `root`'s first view, or for a grid notes the tile the
/// shopper taps (`taps.rs`). `options` is what the loader gives the widget (`{api,
/// shop, …}`); `host` is the element. Returns whether a card now answers.
#[wasm_bindgen]
pub fn attach(root: HtmlElement, host: HtmlElement, options: JsValue) -> bool {
    if let Ok(Some(view)) = root.query_selector(":scope > [data-ps-first-view]") {
        if crate::taps::remember(&root, &host, &view) {
            return false;
        }
    }
    wake(root, host, &options).is_some()
}

fn wake(root: HtmlElement, host: HtmlElement, options: &JsValue) -> Option<()> {
    let api = string(options, "api")?;
    let shop = ShopId::parse(&string(options, "shop")?).ok()?;
    let view = root
        .query_selector(":scope > [data-ps-first-view]")
        .ok()??;
    let section = view
        .query_selector("section.ps-product[data-ps-card]")
        .ok()??;
    let product = ProductId::parse(&section.get_attribute("data-product-id")?).ok()?;
    let data = json::card_data(&section.get_attribute("data-ps-card")?)?;
    // Without storage the cart could not reach the widget: the widget adds instead.
    let storage = web_sys::window()?.local_storage().ok()??;
    let locale = view
        .get_attribute("lang")
        .and_then(|tag| Locale::parse(&tag).ok())
        .unwrap_or(Locale::En);
    let card = Rc::new(Card {
        picks: RefCell::new(Picks::new(product, data, locale)),
        section,
        host,
        storage,
        api,
        shop,
    });
    // Sharing makes a link that credits the sharer, which is the widget's to do.
    if let Ok(Some(share)) = card.section.query_selector(".ps-share button") {
        let _ = share.set_attribute("disabled", "");
    }
    render(&card);
    listen(&card, "click", on_click);
    listen(&card, "change", on_change);
    view.remove_attribute("inert").ok()?;
    mark_interactive();
    Some(())
}

/// Calls `handler` for `event` on the card, for as long as the page lives (the card
/// goes when the widget takes it over, and its listeners with it).
fn listen(card: &Rc<Card>, event: &str, handler: fn(&Card, &Element)) {
    let for_event = Rc::clone(card);
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        if let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            handler(&for_event, &target);
        }
    });
    let _ = card
        .section
        .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

fn on_click(card: &Card, target: &Element) {
    let Ok(Some(control)) = target.closest(".ps-option, .ps-qty-btn, .ps-add, .ps-thumb") else {
        return;
    };
    if control.has_attribute("disabled") {
        return;
    }
    let class = control.class_list();
    if class.contains("ps-option") {
        let (Some(axis), Some(value)) = (
            control.get_attribute("data-axis"),
            control.get_attribute("data-value"),
        ) else {
            return;
        };
        card.picks.borrow_mut().toggle(&axis, &value);
        clear_note(card);
    } else if class.contains("ps-qty-btn") {
        let delta = control
            .get_attribute("data-step")
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(0);
        card.picks.borrow_mut().step(delta);
    } else if class.contains("ps-add") {
        add(card);
    } else {
        show_image(card, &control);
        return;
    }
    render(card);
}

fn on_change(card: &Card, target: &Element) {
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        if input.class_list().contains("ps-qty-input") {
            card.picks.borrow_mut().set_quantity(&input.value());
            render(card);
        }
    }
}

/// Every element under the card matching `selector`.
fn all(card: &Card, selector: &str) -> Vec<Element> {
    let Ok(list) = card.section.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

fn one(card: &Card, selector: &str) -> Option<Element> {
    card.section.query_selector(selector).ok().flatten()
}

fn set_flag(el: &Element, name: &str, on: bool) {
    let _ = if on {
        el.set_attribute(name, "")
    } else {
        el.remove_attribute(name)
    };
}

/// Draws the card's state as the widget's card would (`shared::card`).
fn render(card: &Card) {
    let p = card.picks.borrow();
    let l = p.locale;
    for button in all(card, ".ps-option") {
        let (Some(axis), Some(value)) = (
            button.get_attribute("data-axis"),
            button.get_attribute("data-value"),
        ) else {
            continue;
        };
        let Some((a, v)) = p.picker.find(&axis, &value) else {
            continue;
        };
        let (pressed, reason) = card::option_state(&p.picker, a, v, l);
        button.set_class_name(if pressed {
            "ps-option ps-on"
        } else {
            "ps-option"
        });
        let _ = button.set_attribute("aria-pressed", if pressed { "true" } else { "false" });
        let _ = button.set_attribute("title", reason.unwrap_or_default());
        set_flag(&button, "disabled", reason.is_some() && !pressed);
        let mut content = String::new();
        card::option_content(&mut content, p.picker.axes[a].values[v].get(l), reason);
        button.set_inner_html(&content);
    }
    for (a, fieldset) in all(card, ".ps-axis").iter().enumerate() {
        let picked = p.picker.picked.get(a).copied().flatten().and_then(|v| {
            p.picker
                .axes
                .get(a)?
                .values
                .get(v)
                .map(|value| value.get(l).to_owned())
        });
        if let Ok(Some(span)) = fieldset.query_selector(".ps-axis-picked") {
            span.set_text_content(picked.as_deref());
        }
    }
    if let Some(row) = one(card, ".ps-price-row") {
        row.set_inner_html(&card::price_row(&p.picker, &p.data, l));
    }
    let blocker = p.blocker();
    if let Some(hint) = one(card, ".ps-hint") {
        hint.set_text_content(blocker.as_deref());
    }
    if let Some(add) = one(card, ".ps-add") {
        set_flag(&add, "disabled", blocker.is_some());
    }
    let q = p.quantity.get();
    if let Some(input) =
        one(card, ".ps-qty-input").and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    {
        input.set_value(&q.to_string());
    }
    for step in all(card, ".ps-qty-btn") {
        let down = step.get_attribute("data-step").as_deref() == Some("-1");
        set_flag(
            &step,
            "disabled",
            if down { q <= 1 } else { q >= Quantity::MAX },
        );
    }
}

/// Adds the pick to the shop's cart in storage, tells the page's widgets and the
/// host page, and says how it went.
fn add(card: &Card) {
    let key = device::key(&card.api, &card.shop, "cart");
    // What the widget cannot read it treats as an empty cart; so does this.
    let cart = read(card, &key)
        .and_then(|t| json::cart(&t))
        .unwrap_or_default();
    let Some(result) = card.picks.borrow().add(&cart) else {
        return;
    };
    let l = card.picks.borrow().locale;
    let (next, sku) = match result {
        Ok(added) => added,
        Err(e) => {
            let text = card::refusal(&e, l);
            return note(
                card,
                &format!("<p class=\"ps-problem\" role=\"alert\">{text}</p>"),
            );
        }
    };
    let text = json::write_cart(&next);
    if card.storage.set_item(&key, &text).is_err() {
        let text = l.pick(
            "无法在此设备上保存购物车。",
            "Your cart could not be saved on this device.",
        );
        return note(
            card,
            &format!("<p class=\"ps-problem\" role=\"alert\">{text}</p>"),
        );
    };
    see_price(card, &sku.sku, sku.price);
    announce(card, &key, &text);
    emit_added(card, &sku.sku, sku.price);
    note(
        card,
        &format!(
            "<div class=\"ps-added\" role=\"status\"><span>{}</span></div>",
            l.pick("已加入购物车", "Added to your cart")
        ),
    );
}

fn read(card: &Card, key: &str) -> Option<String> {
    card.storage.get_item(key).ok()?
}

/// Remembers what the shopper saw the variant cost, as the widget does, so its cart
/// can say when a price changed.
fn see_price(card: &Card, sku: &Sku, price: Money) {
    let key = device::key(&card.api, &card.shop, "seen");
    let mut seen = read(card, &key)
        .and_then(|t| json::seen(&t))
        .unwrap_or_default();
    device::see_price(&mut seen, sku, price);
    let _ = card.storage.set_item(&key, &json::write_seen(&seen));
}

/// Tells the page's widgets the cart changed: they listen for `storage` events,
/// which a browser sends only to other pages, so this page's is sent by hand.
fn announce(card: &Card, key: &str, value: &str) {
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(key));
    init.set_new_value(Some(value));
    init.set_storage_area(Some(&card.storage));
    if let (Some(window), Ok(event)) = (
        web_sys::window(),
        web_sys::StorageEvent::new_with_event_init_dict("storage", &init),
    ) {
        let _ = window.dispatch_event(&event);
    }
}

/// `pocketshop:add_to_cart` on the element, with the detail the widget sends.
fn emit_added(card: &Card, sku: &Sku, price: Money) {
    let p = card.picks.borrow();
    let detail = json::added_detail(&p.product, sku, p.quantity, price, card.shop.as_str());
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&js_sys::JSON::parse(&detail).unwrap_or(JsValue::NULL));
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict("pocketshop:add_to_cart", &init)
    {
        let _ = card.host.dispatch_event(&event);
    }
}

/// Replaces the card's note (added, or why not) with `html`, after the hint.
fn note(card: &Card, html: &str) {
    clear_note(card);
    if let Some(hint) = one(card, ".ps-hint") {
        let _ = hint.insert_adjacent_html("afterend", html);
    }
}

fn clear_note(card: &Card) {
    for old in all(card, ".ps-info > .ps-added, .ps-info > .ps-problem") {
        old.remove();
    }
}

/// Shows the picture of the thumbnail `thumb` in the gallery.
fn show_image(card: &Card, thumb: &Element) {
    let src = thumb
        .query_selector("img")
        .ok()
        .flatten()
        .and_then(|img| img.get_attribute("src"));
    if let (Some(src), Some(main)) = (src, one(card, ".ps-gallery-main")) {
        let _ = main.set_attribute("src", &src);
    }
    for t in all(card, ".ps-thumb") {
        let on = &t == thumb;
        t.set_class_name(if on { "ps-thumb ps-on" } else { "ps-thumb" });
        let _ = t.set_attribute("aria-pressed", if on { "true" } else { "false" });
    }
}

/// `pocketshop:interactive`, once per page: the shopper can add to the cart.
fn mark_interactive() {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    if perf.get_entries_by_name("pocketshop:interactive").length() == 0 {
        let _ = perf.mark("pocketshop:interactive");
    }
}
