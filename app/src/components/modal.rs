//! A modal surface: a centred dialog or a side drawer, with the keyboard behaviour
//! people rely on.
//!
//! Invariants: while open, Tab stays inside it, Esc closes it, focus moves into it
//! when it opens and back to where it was when it closes; it is labelled for screen
//! readers and `aria-modal`.

use crate::browser;
use leptos::prelude::*;

/// The modal's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Centred, for a product.
    Dialog,
    /// From the side, for the cart and checkout.
    Drawer,
}

/// A modal dialog or drawer.
#[component]
pub fn Modal(
    /// Dialog or drawer.
    shape: Shape,
    /// The accessible name.
    #[prop(into)]
    label: Signal<String>,
    /// The `data-testid` of the panel.
    testid: &'static str,
    /// Called when the shopper closes it (Esc, the close button, the backdrop).
    on_close: Callback<()>,
    /// Changes when the content is replaced (cart → checkout → confirmation), so
    /// focus moves into the new content instead of being lost with the old.
    #[prop(optional, into)]
    content: Option<Signal<u8>>,
    /// What it holds.
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<leptos::html::Div>::new();
    let opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            opener.set_value(browser::active_in(&el));
            browser::focus_first(&el);
        }
    });
    Effect::new(move |first: Option<()>| {
        if let Some(c) = content {
            c.track();
        }
        if first.is_some() {
            if let Some(el) = panel.get_untracked() {
                // The close button comes first; the new content's first control
                // is what the shopper wants next.
                browser::focus_first_after_close(&el);
            }
        }
    });
    on_cleanup(move || {
        if let Some(el) = opener.try_get_value().flatten() {
            let _ = el.focus();
        }
    });
    let class = match shape {
        Shape::Dialog => "ps-modal ps-dialog",
        Shape::Drawer => "ps-modal ps-drawer",
    };
    view! {
        <div class="ps-backdrop" on:click=move |_| on_close.run(())></div>
        <div
            class=class
            role="dialog"
            aria-modal="true"
            aria-label=move || label.get()
            tabindex="-1"
            data-testid=testid
            node_ref=panel
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.stop_propagation();
                    on_close.run(());
                } else if let Some(el) = panel.get() {
                    browser::trap_tab(&el, &ev);
                }
            }
        >
            <button
                class="ps-close"
                type="button"
                data-testid=if shape == Shape::Drawer { "ps-drawer-close" } else { "ps-dialog-close" }
                aria-label=move || label.get()
                title="×"
                on:click=move |_| on_close.run(())
            >
                <span aria-hidden="true">"×"</span>
            </button>
            {children()}
        </div>
    }
}
