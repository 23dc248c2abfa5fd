//! The SKU picker: one row of option buttons per axis (colour × size, …).
//!
//! Invariants: a value that no SKU combines with the other picks, or whose SKUs are
//! sold out, is disabled and says why (in its title, and to screen readers); the
//! logic lives in `picker`, this only draws it.

use crate::context::Ctx;
use crate::i18n::{self, pick};
use crate::picker::{Availability, Picker};
use leptos::prelude::*;

/// Option buttons for a product's axes.
#[component]
pub fn SkuPicker(
    /// The picker state, shared with the product card.
    picker: RwSignal<Picker>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let axes = picker.with_untracked(|p| p.axes.clone());
    axes.into_iter()
        .enumerate()
        .map(|(a, axis)| {
            let axis_name = axis.name.clone();
            let label = move || i18n::axis(&axis_name, ctx.locale());
            let label2 = label.clone();
            view! {
                <fieldset class="ps-axis">
                    <legend class="ps-axis-name">
                        {label}
                        <span class="ps-axis-picked">
                            {move || picker.with(|p| p.picked[a].map(|v| i18n::option(&p.axes[a].values[v], ctx.locale())))}
                        </span>
                    </legend>
                    <div class="ps-options" role="group" aria-label=label2>
                        {axis.values.into_iter().enumerate().map(|(v, value)| {
                            let value_en = value.en.clone();
                            let value_for_text = value.clone();
                            let state = move || picker.with(|p| p.availability(a, v));
                            let pressed = move || picker.with(|p| p.picked[a] == Some(v));
                            let reason = move || match state() {
                                Availability::Available => None,
                                Availability::SoldOut => Some(pick(ctx.locale(), "已售罄", "Sold out")),
                                Availability::Missing => Some(pick(ctx.locale(), "无此组合", "Not made in this combination")),
                            };
                            view! {
                                <button type="button"
                                    class=move || if pressed() { "ps-option ps-on" } else { "ps-option" }
                                    data-testid="ps-option"
                                    data-axis=axis.name.clone()
                                    data-value=value_en
                                    aria-pressed=move || pressed().to_string()
                                    disabled=move || state() != Availability::Available && !pressed()
                                    title=move || reason().unwrap_or_default()
                                    on:click=move |_| picker.update(|p| p.toggle(a, v))
                                >
                                    {move || i18n::option(&value_for_text, ctx.locale())}
                                    {move || reason().map(|r| view! {
                                        <span class="ps-sr" data-testid="ps-option-reason">{format!("（{r}）")}</span>
                                    })}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            }
        })
        .collect_view()
}
