//! A price as shoppers read it: the price, and the struck-through list price when
//! the shop sells below it.
//!
//! Invariants: amounts are formatted by `format::money` only.

use crate::context::Ctx;
use crate::format;
use crate::i18n::pick;
use leptos::prelude::*;
use pocketshop_shared::Money;

/// A price, optionally "from", with its list price struck through when higher.
#[component]
pub fn Price(
    /// What it costs.
    amount: Money,
    /// The list price, shown struck through when it is higher.
    #[prop(optional)]
    list: Option<Money>,
    /// Whether this is the lowest of several ("from ¥10").
    #[prop(optional)]
    from: bool,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let list = list.filter(|l| l.currency == amount.currency && l.amount > amount.amount);
    view! {
        <span class="ps-price" data-testid="ps-price">
            {move || from.then(|| pick(ctx.locale(), "", "from "))}
            <span class="ps-price-now">{move || format::money(amount, ctx.locale())}</span>
            {move || from.then(|| pick(ctx.locale(), "起", ""))}
            {list.map(|l| view! {
                <s class="ps-price-list">
                    <span class="ps-sr">{move || pick(ctx.locale(), "原价", "was")}</span>
                    {move || format::money(l, ctx.locale())}
                </s>
            })}
        </span>
    }
}
