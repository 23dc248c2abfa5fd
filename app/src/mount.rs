//! The entry point the loader (`embed.js`) calls for each element: parse its
//! options and mount a widget into the element's shadow root.
//!
//! Invariants: a widget never touches the host page's body or styles, only the
//! container it is given inside its shadow root; bad attributes show a plain message
//! there instead of failing silently.

use crate::components::root::Widget;
use crate::context::Ctx;
use crate::options::RawOptions;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

fn string(options: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// A hidden layer in `root` for the widget to draw into beneath the first view.
fn live_layer(root: &web_sys::HtmlElement) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let div = web_sys::window()?.document()?.create_element("div").ok()?;
    div.set_class_name("ps-live ps-taking-over");
    root.append_child(&div).ok()?;
    div.dyn_into().ok()
}

/// Takes the loader's skeleton out of `root` and returns where the widget draws:
/// `root` itself, or, when the edge's first view is there, a hidden layer beneath
/// it. The first view stays until the widget has drawn its own, unseen
/// (`.ps-taking-over`), so the swap moves nothing (`Ctx::take_over`). The first
/// view's JSON-LD stays for good: it describes the products to search engines,
/// which read the page once scripts have run.
fn clear(root: &web_sys::HtmlElement) -> web_sys::HtmlElement {
    let first_view = root
        .query_selector(":scope > [data-ps-first-view]")
        .ok()
        .flatten();
    let mut child = root.first_element_child();
    while let Some(el) = child {
        child = el.next_element_sibling();
        let data = el.local_name() == "script";
        if Some(&el) != first_view.as_ref() && !data {
            el.remove();
        }
    }
    match first_view {
        Some(_) => live_layer(root).unwrap_or_else(|| root.clone()),
        None => root.clone(),
    }
}

/// Mounts a widget into `root` (a container inside `host`'s shadow root). `options`
/// is `{api, shop, view, product, lang, category, collection, member_token,
/// page_lang}`, as
/// strings or null.
#[wasm_bindgen]
pub fn mount(root: web_sys::HtmlElement, host: web_sys::HtmlElement, options: JsValue) {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into())
    }));
    let raw = RawOptions {
        api: string(&options, "api").unwrap_or_default(),
        shop: string(&options, "shop"),
        view: string(&options, "view"),
        product: string(&options, "product"),
        lang: string(&options, "lang"),
        page_lang: string(&options, "page_lang"),
        category: string(&options, "category"),
        collection: string(&options, "collection"),
        member_token: string(&options, "member_token"),
    };
    match raw.parse() {
        Ok(opts) => {
            // The context (the shopper's cart from storage, the client) is made in
            // this task and the widget mounted in the next: in one task, with the
            // browser compiling both on their first run, mounting runs past 50 ms.
            // The loader's skeleton stays until then, so no frame shows the element
            // empty. Spawned on wasm-bindgen's executor: Leptos starts its own in
            // `mount_to`.
            let ctx = Ctx::new(opts, host.clone());
            wasm_bindgen_futures::spawn_local(async move {
                crate::browser::next_task().await;
                let target = clear(&root);
                // The widget lives as long as the page.
                mount_to(target, move || view! { <Widget ctx=ctx/> }).forget();
                // Whatever happens to its first view, the widget shows within seconds
                // (a tile tapped on a grid's first view opens only when the grid
                // itself takes over, as it does once it has drawn).
                set_timeout(
                    move || {
                        crate::browser::take_over(&host);
                    },
                    std::time::Duration::from_secs(8),
                );
            });
        }
        Err(e) => {
            clear(&root);
            let p = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.create_element("p").ok());
            if let Some(p) = p {
                p.set_class_name("ps-problem");
                p.set_attribute("data-testid", "ps-error").ok();
                p.set_text_content(Some(&format!("Pocketshop: {e}")));
                let _ = root.append_child(&p);
                // Nothing to open: the widget could not start.
                let _ = crate::browser::take_over(&host);
            }
        }
    }
}
