//! "My share earnings": what this device's share links earned in the shop, from the
//! edge's ledger (orders, pending, earned, voided).
//!
//! Invariants: shown only once this device has a sharer code (it gets one the first
//! time it shares); every amount comes from the edge, opened by the code's token.

use crate::context::Ctx;
use crate::format;
use crate::i18n::pick;
use crate::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::referral::SharerEarnings;

/// The earnings of this device's share links, on demand.
#[component]
pub fn Earnings() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let has_code = RwSignal::new(false);
    let earnings = RwSignal::new(None::<SharerEarnings>);
    let failed = RwSignal::new(false);
    // Storage is read in an effect: the component also renders on the server.
    Effect::new(move |_| has_code.set(storage::load_sharer(&ctx.api(), &ctx.shop()).is_some()));
    let load = move |_| {
        let Some(sharer) = storage::load_sharer(&ctx.api(), &ctx.shop()) else {
            return;
        };
        let client = ctx.client.get_value();
        let shop = ctx.shop();
        spawn_local(async move {
            match client.earnings(&shop, &sharer.code, &sharer.token).await {
                Ok(e) => {
                    failed.set(false);
                    earnings.set(Some(e));
                }
                Err(_) => failed.set(true),
            }
        });
    };
    view! {
        <Show when=move || has_code.get()>
            <div class="ps-earnings" data-testid="ps-earnings">
                <button type="button" class="ps-link" data-testid="ps-earnings-link" on:click=load>
                    {move || pick(ctx.locale(), "我的分享收益", "My share earnings")}
                </button>
                {move || failed.get().then(|| view! {
                    <p class="ps-problem" role="alert">{move || pick(ctx.locale(), "暂时无法读取收益。", "Earnings cannot be read right now.")}</p>
                })}
                {move || earnings.get().map(|e| view! {
                    <dl class="ps-totals" data-testid="ps-earnings-totals">
                        <dt>{move || pick(ctx.locale(), "带来订单", "Orders")}</dt>
                        <dd data-testid="ps-earnings-orders">{e.orders}</dd>
                        <dt>{move || pick(ctx.locale(), "待结算", "Pending")}</dt>
                        <dd data-testid="ps-earnings-pending">{move || format::money(e.pending, ctx.locale())}</dd>
                        <dt>{move || pick(ctx.locale(), "已到账", "Earned")}</dt>
                        <dd data-testid="ps-earnings-earned">{move || format::money(e.earned, ctx.locale())}</dd>
                        <dt>{move || pick(ctx.locale(), "已失效", "Voided")}</dt>
                        <dd data-testid="ps-earnings-voided">{move || format::money(e.voided, ctx.locale())}</dd>
                    </dl>
                })}
            </div>
        </Show>
    }
}
