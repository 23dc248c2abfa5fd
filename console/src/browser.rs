//! The browser APIs the console calls from handlers and effects: the fragment, the
//! clipboard, saving a file through a Blob URL, the language, and loading the
//! widget's loader for the live preview.
//!
//! Invariants: every call tolerates the API being absent and reports failure as a
//! value (never a panic); the widget's loader is added to the page at most once.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The page's fragment, with its `#`.
pub fn hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Sets the page's fragment (a new history entry; `hashchange` follows).
pub fn set_hash(fragment: &str) {
    if let Some(w) = window() {
        let _ = w.location().set_hash(fragment);
    }
}

/// The browser's language tag.
pub fn language() -> Option<String> {
    window().and_then(|w| w.navigator().language())
}

/// Writes `text` to the clipboard; `false` when the browser refused.
pub async fn copy(text: &str) -> bool {
    let Some(w) = window() else { return false };
    let promise = w.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}

/// Saves `body` as a file named `name` of type `mime`, through a Blob URL and a
/// temporary `<a download>`; `false` when the browser refused.
pub fn save_file(name: &str, mime: &str, body: &str) -> bool {
    save_file_inner(name, mime, body).is_ok()
}

fn save_file_inner(name: &str, mime: &str, body: &str) -> Result<(), JsValue> {
    let w = window().ok_or(JsValue::NULL)?;
    let doc = w.document().ok_or(JsValue::NULL)?;
    let parts = js_sys::Array::of1(&JsValue::from_str(body));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_attribute("hidden", "")?;
    let body_el = doc.body().ok_or(JsValue::NULL)?;
    body_el.append_child(&a)?;
    a.click();
    a.remove();
    // The download has started from the URL; free it a little later.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// Adds `<script type="module" src="/embed.js">` (the widget's loader, from this same
/// edge, exactly as the snippet loads it) unless the page already has it.
pub fn load_widget_loader() {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    if doc
        .query_selector("script[data-pc-embed]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let Ok(el) = doc.create_element("script") else {
        return;
    };
    let _ = el.set_attribute("type", "module");
    let _ = el.set_attribute("src", "/embed.js");
    let _ = el.set_attribute("data-pc-embed", "");
    if let Some(head) = doc.head() {
        let _ = head.append_child(&el);
    }
}
