//! The drawer: cart, checkout, confirmation, orders, each as a panel of one modal.
//!
//! Invariants: at most one drawer is open per widget; closing it while an order is
//! being placed does not cancel the order (the request carries on and the order
//! shows up in "my orders"); setting `Ctx::offer_checkout` opens the checkout for
//! that campaign's lines, and closing the drawer ends it.

use crate::components::cart_panel::CartPanel;
use crate::components::checkout_form::CheckoutForm;
use crate::components::modal::{Modal, Shape};
use crate::components::order_page::{MyOrders, OrderPage, Placed};
use crate::context::{Ctx, Panel};
use crate::i18n::pick;
use crate::storage;
use leptos::prelude::*;

/// The drawer, when open.
#[component]
pub fn Drawer() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let open = move || ctx.panel.with(|p| *p != Panel::Closed);
    let label = Signal::derive(move || {
        let l = ctx.locale();
        ctx.panel
            .with(|p| match p {
                Panel::Checkout => pick(l, "结算", "Checkout"),
                Panel::Placed { .. } => pick(l, "下单成功", "Order placed"),
                Panel::Orders | Panel::Order { .. } => pick(l, "我的订单", "My orders"),
                _ => pick(l, "购物车", "Cart"),
            })
            .to_owned()
    });
    let on_close = Callback::new(move |()| {
        // A campaign checkout given up is over: the next checkout is the cart's.
        ctx.offer_checkout.set(None);
        ctx.close();
    });
    // A share link's sharer is noted as soon as the widget is on the page (every
    // widget has a drawer), so it counts however the shopper later reaches checkout.
    Effect::new(move |_| {
        storage::referral(&ctx.api(), &ctx.shop());
    });
    // A campaign checkout set anywhere (a group, a flash sale, a bargain) opens here.
    Effect::new(move |was: Option<bool>| {
        let now = ctx.offer_checkout.with(Option::is_some);
        if now && was != Some(true) {
            ctx.panel.set(Panel::Checkout);
        }
        now
    });
    let content = Signal::derive(move || {
        ctx.panel.with(|p| match p {
            Panel::Closed => 0,
            Panel::Cart => 1,
            Panel::Checkout => 2,
            Panel::Placed { .. } => 3,
            Panel::Orders => 4,
            Panel::Order { .. } => 5,
        })
    });
    view! {
        <Show when=open>
            <Modal shape=Shape::Drawer label=label testid="ps-cart-drawer" on_close=on_close content=content>
                {move || match ctx.panel.get() {
                    Panel::Closed => ().into_any(),
                    Panel::Cart => view! { <CartPanel/> }.into_any(),
                    Panel::Checkout => view! { <CheckoutForm/> }.into_any(),
                    Panel::Placed { created, kept } => view! { <Placed created=*created kept=kept/> }.into_any(),
                    Panel::Orders => view! { <MyOrders/> }.into_any(),
                    Panel::Order { id, token } => view! { <OrderPage id=id token=token/> }.into_any(),
                }}
            </Modal>
        </Show>
    }
}

/// The product dialog a grid opens.
#[component]
pub fn ProductDialog() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let label = Signal::derive(move || pick(ctx.locale(), "商品详情", "Product").to_owned());
    let on_close = Callback::new(move |()| ctx.close());
    view! {
        {move || ctx.dialog.get().map(|id| view! {
            <Modal shape=Shape::Dialog label=label testid="ps-product-dialog" on_close=on_close>
                <crate::components::product_detail::ProductDetail id=id/>
            </Modal>
        })}
    }
}
