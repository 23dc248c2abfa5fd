//! A product in a grid: image, title, price; activating it opens the product.
//!
//! Invariants: the whole tile is one button (one tab stop, one accessible name);
//! its image is lazy and sized, so the grid does not shift as images arrive.

use crate::components::campaign_badge::CampaignBadge;
use crate::components::price::Price;
use crate::context::Ctx;
use crate::i18n::{self, pick};
use crate::route::Route;
use leptos::prelude::*;
use pocketshop_shared::catalogue::ProductSummary;

/// One product in a grid.
#[component]
pub fn ProductTile(
    /// The product.
    product: ProductSummary,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let id = product.id.clone();
    let title = product.title.clone();
    let title_alt = product.title.clone();
    let open = move |_| ctx.go(Route::Product(id.clone()));
    view! {
        <li class="ps-tile">
            <button type="button" class="ps-tile-btn" data-testid="ps-product-card"
                data-product-id=product.id.as_str().to_owned() on:click=open>
                <span class="ps-tile-img">
                    {product.image.clone().map(|src| view! {
                        <img src=src alt=move || i18n::text(&title_alt, ctx.locale())
                            width="300" height="300" loading="lazy" decoding="async"/>
                    })}
                    <CampaignBadge product=product.id.clone()/>
                    {(!product.in_stock).then(|| view! {
                        <span class="ps-badge ps-badge-out">{move || pick(ctx.locale(), "已售罄", "Sold out")}</span>
                    })}
                </span>
                <span class="ps-tile-title">{move || i18n::text(&title, ctx.locale())}</span>
                <Price amount=product.price_from list=product.list_price from=true/>
            </button>
        </li>
    }
}
