//! "Bargain with friends" on a product the shop offers bargains on: starts (or
//! resumes) this shopper's bargain on the chosen variant and shows it.
//!
//! Invariants: shown only for products in the shop's bargain offers and once a
//! variant is chosen; the bargain's price comes from the edge; starting twice gives
//! back the running bargain (the edge decides).

use crate::components::bargain_panel::BargainPanel;
use crate::components::problem::describe;
use crate::context::Ctx;
use crate::format;
use crate::i18n::pick;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::bargain::{BargainOffer, StartBargain};
use pocketshop_shared::{ProductId, Sku};

/// The bargain button of a product.
#[component]
pub fn BargainStart(
    /// The product.
    product: ProductId,
    /// The variant the shopper chose, if any.
    #[prop(into)]
    sku: Signal<Option<Sku>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let offer = RwSignal::new(None::<BargainOffer>);
    let started = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let wanted = product.clone();
    // Asked in an effect: the component also renders on the server.
    Effect::new(move |_| {
        let client = ctx.client.get_value();
        let (shop, wanted) = (ctx.shop(), wanted.clone());
        spawn_local(async move {
            if let Ok(list) = client.bargain_offers(&shop).await {
                offer.set(list.offers.into_iter().find(|o| o.product == wanted));
            }
        });
    });
    let start = move |_| {
        let Some(sku) = sku.get_untracked() else {
            return;
        };
        let client = ctx.client.get_value();
        let shop = ctx.shop();
        let body = StartBargain {
            product: product.clone(),
            sku,
            shopper: ctx.shopper(),
        };
        spawn_local(async move {
            match client.start_bargain(&shop, &body).await {
                Ok(b) => {
                    problem.set(None);
                    started.set(Some(b.id));
                }
                Err(e) => problem.set(Some(describe(&e, ctx.locale()))),
            }
        });
    };
    view! {
        {move || offer.get().map(|o| view! {
            <div class="ps-bargain-start">
                <button type="button" class="ps-btn ps-btn-ghost" data-testid="ps-bargain-start"
                    disabled=move || sku.get().is_none() on:click=start.clone()>
                    {move || format!("{} {}", pick(ctx.locale(), "找好友砍价，最低", "Bargain with friends down to"),
                        format::money(o.floor, ctx.locale()))}
                </button>
                {move || problem.get().map(|p| view! { <p class="ps-problem" role="alert">{p}</p> })}
                {move || started.get().map(|id| view! { <BargainPanel id=id/> })}
            </div>
        })}
    }
}
