//! A quantity stepper: minus, a number field, plus.
//!
//! Invariants: the value it reports is always a valid `Quantity` (1 to 99, and at
//! most `max` when given); typing something else is corrected on leaving the field.

use crate::context::Ctx;
use crate::i18n::pick;
use leptos::prelude::*;
use pocketshop_shared::Quantity;

/// A stepper for a quantity.
#[component]
pub fn QuantityInput(
    /// The quantity.
    value: RwSignal<Quantity>,
    /// The `data-testid` prefix (`ps-qty` or `ps-line-qty`).
    #[prop(default = "ps-qty")]
    testid: &'static str,
    /// An accessible name for the field.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let step = move |delta: i64| {
        let next = i64::from(value.get_untracked().get()) + delta;
        if let Ok(q) = Quantity::new(u64::try_from(next).unwrap_or(0)) {
            value.set(q);
        }
    };
    let typed = move |text: String| {
        let n = text
            .trim()
            .parse::<u64>()
            .unwrap_or(1)
            .clamp(1, u64::from(Quantity::MAX));
        if let Ok(q) = Quantity::new(n) {
            value.set(q);
        }
    };
    view! {
        <div class="ps-qty" role="group" aria-label=move || label.get()>
            <button type="button" class="ps-qty-btn" data-testid=format!("{testid}-dec")
                aria-label=move || pick(ctx.locale(), "减少", "Decrease")
                disabled=move || value.get().get() <= 1
                on:click=move |_| step(-1)>"−"</button>
            <input type="number" inputmode="numeric" min="1" max=Quantity::MAX
                class="ps-qty-input" data-testid=testid
                aria-label=move || label.get()
                prop:value=move || value.get().get().to_string()
                on:change=move |ev| typed(event_target_value(&ev)) />
            <button type="button" class="ps-qty-btn" data-testid=format!("{testid}-inc")
                aria-label=move || pick(ctx.locale(), "增加", "Increase")
                disabled=move || { value.get().get() >= Quantity::MAX }
                on:click=move |_| step(1)>"+"</button>
        </div>
    }
}
