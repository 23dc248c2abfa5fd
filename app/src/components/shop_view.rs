//! The `shop` view: a whole mini shop with its own header and navigation inside the
//! widget: home with categories, product pages, the cart, orders.
//!
//! Invariants: navigating never reloads or scrolls the host page; each place has a
//! `#ps-…` deep link, so a reload or a shared link returns to it.

use crate::components::agent_apply::AgentApply;
use crate::components::cart_button::CartButton;
use crate::components::grid::Grid;
use crate::components::presale_board::PresaleBoard;
use crate::components::product_detail::ProductDetail;
use crate::context::{Ctx, Panel};
use crate::i18n::pick;
use crate::route::Route;
use leptos::prelude::*;

/// A mini shop.
#[component]
pub fn ShopView() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let name = move || {
        ctx.profile
            .with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default())
    };
    // The owner's logo (the edge accepts only https URLs), beside the shop's name.
    let logo = move || {
        ctx.profile
            .with(|p| p.as_ref().and_then(|p| p.theme.logo_url.clone()))
            .map(|src| view! { <img class="ps-shop-logo" data-testid="ps-shop-logo" src=src alt="" width="28" height="28"/> })
    };
    view! {
        <div class="ps-shop" data-testid="ps-shop">
            <header class="ps-shop-header">
                <button type="button" class="ps-shop-name" data-testid="ps-home"
                    on:click=move |_| ctx.go(Route::Home { category: None })>{logo}{name}</button>
                <nav class="ps-shop-nav" aria-label=move || pick(ctx.locale(), "店铺导航", "Shop navigation")>
                    <button type="button" class="ps-link" data-testid="ps-my-orders-link"
                        on:click=move |_| ctx.panel.set(Panel::Orders)>
                        {move || pick(ctx.locale(), "我的订单", "My orders")}
                    </button>
                    <CartButton/>
                </nav>
            </header>
            <main class="ps-shop-main">
                {move || match ctx.route.get() {
                    Route::Product(id) => view! {
                        <button type="button" class="ps-link ps-back" data-testid="ps-back"
                            on:click=move |_| ctx.go(Route::Home { category: None })>
                            {move || pick(ctx.locale(), "‹ 返回全部商品", "‹ All products")}
                        </button>
                        <ProductDetail id=id/>
                    }.into_any(),
                    Route::Home { category } => view! {
                        <PresaleBoard/>
                        <Grid category=category/>
                        <AgentApply/>
                    }.into_any(),
                    _ => view! { <Grid category=None/> }.into_any(),
                }}
            </main>
        </div>
    }
}
