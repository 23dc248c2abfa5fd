//! A grid's first view while the widget is still to load: it stays `inert` (its
//! search, chips and "load more" would not answer), but a tile the shopper taps is
//! not lost. The tap starts the widget loading (the loader listens on the element),
//! and this notes the tile's product on the view (`data-ps-open`) and shows the
//! tile busy; the widget opens that product once it takes the view over
//! (`app/src/browser.rs`). A tap that came before this layer had loaded is the last
//! click the loader kept on the element (`psTap`, `embed.js`).
//!
//! Invariants: only the latest tap is noted, and only a tile's own product id; an
//! inert view sends its taps to the element around it, so the tile is found by
//! where the tap fell; a kept click is placed by its point in the page, since the
//! page may have scrolled since.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, MouseEvent};

/// The attribute on the first view naming the product of the tile last tapped.
const OPEN: &str = "data-ps-open";

/// Notes taps on the tiles of the grid `view` in `root`, for as long as the page
/// lives (the view goes when the widget takes it over), and the tap the loader kept
/// on `host` before then. Returns whether `view` is a grid.
pub fn remember(root: &HtmlElement, host: &HtmlElement, view: &Element) -> bool {
    if !matches!(view.query_selector(".ps-tiles"), Ok(Some(_))) {
        return false;
    }
    if let Some((x, y)) = kept_tap(host) {
        if let Some(tile) = tile_at(view, x, y) {
            note(view, &tile);
        }
    }
    let for_click = view.clone();
    // The card's listeners' signature: one more would bring its own glue.
    let closure = Closure::<dyn Fn(Event)>::new(move |e: Event| {
        // Once the widget has taken the view over, its own tiles answer.
        if !for_click.is_connected() {
            return;
        }
        // A click is a mouse event, whatever pointer made it.
        let e: &MouseEvent = e.unchecked_ref();
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        if let Some(tile) = tile_at(&for_click, x, y) {
            note(&for_click, &tile);
        }
    });
    let _ = root.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
    closure.forget();
    true
}

/// Where in the viewport the click the loader kept on `host` fell, if it kept one.
fn kept_tap(host: &HtmlElement) -> Option<(f64, f64)> {
    let e = js_sys::Reflect::get(host, &JsValue::from_str("psTap")).ok()?;
    // The loader keeps only clicks (a touch that scrolled the page is a pointerdown
    // alone), and a loader of another release loads its own layer, by its hashed name.
    let e: MouseEvent = e.dyn_into().ok()?;
    let window = web_sys::window()?;
    Some((
        f64::from(e.page_x()) - window.scroll_x().ok()?,
        f64::from(e.page_y()) - window.scroll_y().ok()?,
    ))
}

/// The tile under the point (`x`, `y`) in the viewport, if any.
fn tile_at(view: &Element, x: f64, y: f64) -> Option<Element> {
    let tiles = view
        .query_selector_all(".ps-tile-btn[data-product-id]")
        .ok()?;
    (0..tiles.length())
        .filter_map(|i| tiles.item(i)?.dyn_into::<Element>().ok())
        .find(|tile| {
            let r = tile.get_bounding_client_rect();
            (r.left()..r.right()).contains(&x) && (r.top()..r.bottom()).contains(&y)
        })
}

/// Notes `tile`'s product on `view` and shows it busy, the one tapped before not.
fn note(view: &Element, tile: &Element) {
    let Some(id) = tile.get_attribute("data-product-id") else {
        return;
    };
    if let Ok(Some(before)) = view.query_selector(".ps-tile-btn[aria-busy=true]") {
        let _ = before.remove_attribute("aria-busy");
    }
    let _ = tile.set_attribute("aria-busy", "true");
    let _ = view.set_attribute(OPEN, &id);
}
