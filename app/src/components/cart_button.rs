//! The cart button: a count badge that opens the drawer. Floating in the `cart`
//! view, inline in the others' headers.
//!
//! Invariants: the count is the shared cart's units, so every widget of the shop on
//! the page shows the same number.

use crate::browser;
use crate::context::{Ctx, Panel};
use crate::i18n::pick;
use crate::route::{self, Route};
use leptos::prelude::*;

/// Opens the cart.
#[component]
pub fn CartButton(
    /// Whether it floats in the page's corner.
    #[prop(optional)]
    floating: bool,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let units = move || ctx.cart.with(|c| c.units());
    let label = move || {
        let n = units();
        match ctx.locale() {
            pocketshop_shared::Locale::ZhCn => format!("购物车，{n} 件商品"),
            pocketshop_shared::Locale::En => {
                format!("Cart, {n} item{}", if n == 1 { "" } else { "s" })
            }
        }
    };
    let open = move |_| {
        browser::push_hash(&route::link(&ctx.shop(), &Route::Cart));
        ctx.panel.set(Panel::Cart);
    };
    view! {
        <button type="button" class=if floating { "ps-cart-btn ps-floating" } else { "ps-cart-btn" }
            data-testid="ps-cart-button" aria-label=label on:click=open>
            <svg class="ps-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                <path fill="currentColor" d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4ZM6.2 6l.9 6.3A2 2 0 0 0 9.1 14h7.6a2 2 0 0 0 1.9-1.4L20.5 6H6.2ZM2 2h2.6l.6 2H22l-2.6 9.2A4 4 0 0 1 15.6 16H9.1a4 4 0 0 1-4-3.4L3.1 4H2V2Z"/>
            </svg>
            {move || (!floating).then(|| view! { <span>{pick(ctx.locale(), "购物车", "Cart")}</span> })}
            <span class="ps-count" data-testid="ps-cart-count" aria-hidden="true">{units}</span>
        </button>
    }
}
