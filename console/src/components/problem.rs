//! A failure shown to the owner, as text.
//!
//! Invariants: the message is rendered as text, in a live region, and the element is
//! absent when there is nothing to say.

use leptos::prelude::*;

/// A failure message, when there is one.
#[component]
pub fn Problem(
    /// The message to show (none: nothing shown).
    #[prop(into)]
    message: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! { <p class="pc-error" role="alert" data-testid="pc-error">{m}</p> }
        })
    }
}
