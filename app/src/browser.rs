//! The browser APIs the views call from event handlers and effects (never while
//! rendering, so the same views can render on a server): the host page's fragment,
//! DOM events for the host's analytics, performance marks, sharing, focus, and
//! yielding to the page between long pieces of work.
//!
//! Invariants: every call tolerates the API being absent (old browsers, embedded
//! webviews) and degrades to doing nothing, or to the documented fallback.

use wasm_bindgen::{JsCast, JsValue};

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Resolves in a later task of the page (a zero timeout), so that what follows runs
/// apart from what came before. The browser compiles the widget's WASM a function at
/// a time, the first time each runs; a long first run split in two keeps each task
/// short enough for the host page to answer its own input in between.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| queue_timeout(&resolve));
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves in the first task after the browser's next frame, so that DOM added
/// before it is laid out in that frame and DOM added after it in a later one: a
/// card's layout split over two frames keeps each frame short. In a hidden page,
/// which draws no frames, it is [`next_task`].
pub async fn after_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let shown = window().filter(|w| w.document().is_some_and(|d| !d.hidden()));
        let framed = shown.is_some_and(|w| {
            let in_frame = resolve.clone();
            // Queued from the frame's callback, the timeout runs after the frame's
            // layout and paint.
            let later = wasm_bindgen::closure::Closure::once_into_js(move || {
                queue_timeout(&in_frame);
            });
            w.request_animation_frame(later.unchecked_ref()).is_ok()
        });
        if !framed {
            queue_timeout(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Calls `resolve` from a zero timeout, or at once where there are no timers.
fn queue_timeout(resolve: &js_sys::Function) {
    let queued = window().and_then(|w| w.set_timeout_with_callback(resolve).ok());
    if queued.is_none() {
        let _ = resolve.call0(&JsValue::NULL);
    }
}

/// The host page's current fragment, with its `#`.
pub fn hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

thread_local! {
    /// The fragment a widget last acted on or wrote, so widgets mounting later (the
    /// loader mounts them lazily) do not act on the same deep link again.
    static FOLLOWED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The fragment a widget last acted on.
pub fn followed() -> String {
    FOLLOWED.with(|f| f.borrow().clone())
}

/// Records that a widget acted on `fragment`.
pub fn set_followed(fragment: &str) {
    FOLLOWED.with(|f| *f.borrow_mut() = fragment.to_owned());
}

/// Puts `fragment` in the host page's URL as a new history entry, so the browser's
/// back button returns to the previous place. `pushState` (unlike assigning
/// `location.hash`) neither scrolls the page nor fires `hashchange` back at us.
pub fn push_hash(fragment: &str) {
    set_followed(fragment);
    if let Some(w) = window() {
        if let Ok(history) = w.history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(fragment));
        }
    }
}

/// Removes our fragment from the host page's URL, keeping its path and query.
pub fn clear_hash() {
    let Some(w) = window() else { return };
    if !hash().starts_with("#ps-") {
        return;
    }
    let loc = w.location();
    let url = format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The host page's URL with `fragment` instead of its own: the link a share carries.
pub fn page_url_with(fragment: &str) -> String {
    let Some(w) = window() else {
        return fragment.to_owned();
    };
    let href = w.location().href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}{fragment}")
}

/// Sends the whole page to `url` (a payment provider's page); `false` when the
/// browser refused.
pub fn go_to(url: &str) -> bool {
    window().is_some_and(|w| w.location().assign(url).is_ok())
}

/// Tells the host page what happened: a `CustomEvent` named `name` on the widget's
/// element, bubbling and composed, with `detail_json` parsed as its `detail`.
pub fn dispatch(host: &web_sys::HtmlElement, name: &str, detail_json: &str) {
    let detail = js_sys::JSON::parse(detail_json).unwrap_or(JsValue::NULL);
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// `performance.mark(name)` unless the page has that mark already (the loader and
/// the first-view layer make some of the same marks).
pub fn mark_once(name: &str) {
    if let Some(perf) = window().and_then(|w| w.performance()) {
        if perf.get_entries_by_name(name).length() == 0 {
            let _ = perf.mark(name);
        }
    }
}

/// `performance.mark(name)`.
pub fn mark(name: &str) {
    if let Some(perf) = window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}

thread_local! {
    static FIRST_PRODUCT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks `pocketshop:first-product` once per page, once the frame after the first
/// product (its image and price) is in the DOM has been laid out and painted: a mark
/// made from that frame's callback would come before its layout, which is most of
/// the frame's work. Not at all when the loader already marked it for a first view
/// it painted.
pub fn mark_first_product() {
    if FIRST_PRODUCT.with(|f| f.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        after_frame().await;
        mark_once("pocketshop:first-product");
    });
}

/// What the shopper did on the first view's card before the widget took it over
/// (the first-view layer, `quick/`, keeps it in the card's DOM).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstViewPicks {
    /// The options pressed: each axis's name and the value's English name.
    pub options: Vec<(String, String)>,
    /// The quantity's field.
    pub quantity: Option<String>,
    /// Whether the card says it was added to the cart.
    pub added: bool,
}

/// The picks on the first view's card of `product` in `host`, if the first-view
/// layer woke that card (a card it did not wake is `inert`, and nothing was picked).
pub fn first_view_picks(
    host: &web_sys::HtmlElement,
    product: &pocketshop_shared::ProductId,
) -> Option<FirstViewPicks> {
    let card = host
        .shadow_root()?
        .query_selector(&format!(
            "[data-ps-first-view]:not([inert]) section.ps-product[data-product-id=\"{}\"]",
            product.as_str()
        ))
        .ok()??;
    let mut picks = FirstViewPicks::default();
    let pressed = card
        .query_selector_all(".ps-option[aria-pressed=true]")
        .ok()?;
    for i in 0..pressed.length() {
        let Some(el) = pressed
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if let (Some(axis), Some(value)) = (
            el.get_attribute("data-axis"),
            el.get_attribute("data-value"),
        ) {
            picks.options.push((axis, value));
        }
    }
    picks.quantity = card
        .query_selector(".ps-qty-input")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| input.value());
    picks.added = card.query_selector(".ps-added").ok().flatten().is_some();
    Some(picks)
}

thread_local! {
    static INTERACTIVE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The widget in `host` has drawn its own view: the first view the edge rendered
/// (if the loader painted one) goes and the widget, laid out beneath it all along,
/// shows in its place, in one frame. Marks `pocketshop:interactive` once per page,
/// unless the first-view layer has. Returns the product whose tile the shopper
/// tapped on the first view of a grid, which the first-view layer noted there
/// (`quick/src/taps.rs`), for the widget to open.
/// Safe to call again.
pub fn take_over(host: &web_sys::HtmlElement) -> Option<pocketshop_shared::ProductId> {
    let mut tapped = None;
    if let Some(shadow) = host.shadow_root() {
        if let Ok(Some(first)) = shadow.query_selector("[data-ps-first-view]") {
            tapped = first
                .get_attribute("data-ps-open")
                .and_then(|id| pocketshop_shared::ProductId::parse(&id).ok());
            first.remove();
        }
        if let Ok(Some(live)) = shadow.query_selector(".ps-taking-over") {
            let _ = live.class_list().remove_1("ps-taking-over");
        }
    }
    // Once per page: the first-view layer may have marked it already.
    if !INTERACTIVE.with(|f| f.replace(true)) {
        mark_once("pocketshop:interactive");
    }
    tapped
}

/// A fresh random key (a UUID from the browser's CSPRNG).
pub fn random_key() -> String {
    window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("ps-{}", js_sys::Date::now()))
}

/// How a share ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    /// The system share sheet took it.
    Sheet,
    /// The link is on the clipboard.
    Copied,
    /// Neither worked; the view shows the link to copy by hand.
    Manual,
    /// The shopper closed the share sheet.
    Cancelled,
}

/// Shares `url` with the Web Share API where there is one, else copies it.
pub async fn share(title: &str, url: &str) -> Shared {
    let Some(w) = window() else {
        return Shared::Manual;
    };
    let navigator = w.navigator();
    let has_share = js_sys::Reflect::has(&navigator, &JsValue::from_str("share")).unwrap_or(false);
    if has_share {
        let data = web_sys::ShareData::new();
        data.set_title(title);
        data.set_url(url);
        return match wasm_bindgen_futures::JsFuture::from(navigator.share_with_data(&data)).await {
            Ok(_) => Shared::Sheet,
            Err(e) => {
                let name = js_sys::Reflect::get(&e, &JsValue::from_str("name"))
                    .ok()
                    .and_then(|n| n.as_string());
                if name.as_deref() == Some("AbortError") {
                    Shared::Cancelled
                } else {
                    copy(&navigator, url).await
                }
            }
        };
    }
    copy(&navigator, url).await
}

async fn copy(navigator: &web_sys::Navigator, text: &str) -> Shared {
    let clipboard = navigator.clipboard();
    match wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await {
        Ok(_) => Shared::Copied,
        Err(_) => Shared::Manual,
    }
}

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// The elements inside `container` that take keyboard focus, in tab order.
fn focusables(container: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Focuses the first focusable element inside `container` (or the container).
pub fn focus_first(container: &web_sys::HtmlElement) {
    match focusables(container).first() {
        Some(el) => {
            let _ = el.focus();
        }
        None => {
            let _ = container.focus();
        }
    }
}

/// Focuses the first focusable element inside `container` after its close button.
pub fn focus_first_after_close(container: &web_sys::HtmlElement) {
    let items = focusables(container);
    match items.get(1).or(items.first()) {
        Some(el) => {
            let _ = el.focus();
        }
        None => {
            let _ = container.focus();
        }
    }
}

/// Keeps Tab and Shift+Tab inside `container`: from its last focusable element Tab
/// wraps to the first, and Shift+Tab from the first wraps to the last.
pub fn trap_tab(container: &web_sys::HtmlElement, ev: &web_sys::KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let items = focusables(container);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = container
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element());
    let at = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a.is_same_node(Some(el.as_ref())))
    };
    let inside = active
        .as_ref()
        .is_some_and(|a| container.contains(Some(a.as_ref())));
    if ev.shift_key() && (at(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// The element focused inside the shadow root holding `inside`.
pub fn active_in(inside: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    inside
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()?
        .active_element()?
        .dyn_into()
        .ok()
}
