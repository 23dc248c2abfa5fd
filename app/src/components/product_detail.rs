//! One product, ready to buy: gallery, title, price, SKU picker, quantity, add to
//! cart and share. The `product` view is this card inside an article; grids open it
//! in a dialog; the `shop` view shows it as a page.
//!
//! Invariants: add to cart is enabled only for a complete pick of an in-stock SKU,
//! and otherwise says what is missing; merchant text is rendered as text.

use crate::browser;
use crate::components::bargain_start::BargainStart;
use crate::components::campaign_offers::CampaignOffers;
use crate::components::price::Price;
use crate::components::problem::Problem;
use crate::components::quantity::QuantityInput;
use crate::components::share_button::ShareButton;
use crate::components::sku_picker::SkuPicker;
use crate::context::{Ctx, Panel};
use crate::i18n::{self, pick};
use crate::picker::Picker;
use leptos::prelude::*;
use pocketshop_shared::catalogue::{ShopProduct, StockLevel};
use pocketshop_shared::{CartAction, ProductId, Quantity};

/// Loads and shows one product.
#[component]
pub fn ProductDetail(
    /// The product.
    id: ProductId,
    /// Whether it sits alone in an article (a compact card) rather than in a dialog
    /// or page.
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let attempt = RwSignal::new(0u32);
    let product_id = id.clone();
    let loaded = LocalResource::new(move || {
        attempt.track();
        let id = product_id.clone();
        let client = ctx.client.get_value();
        let shop = ctx.shop();
        async move { client.product(&shop, &id).await }
    });
    let retry = Callback::new(move |()| attempt.update(|n| *n += 1));
    // A problem is drawn at once, and the widget takes the place of the edge's first
    // view; a product takes over when its whole card is drawn (`ProductBody`).
    Effect::new(move |_| {
        if loaded.with(|l| matches!(l, Some(Err(_)))) {
            ctx.take_over();
        }
    });
    view! {
        <section class=if inline { "ps-product ps-inline" } else { "ps-product" }
            data-testid="ps-product" data-product-id=id.as_str().to_owned()
            aria-busy=move || loaded.get().is_none().to_string()>
            {move || match loaded.get() {
                None => view! { <ProductSkeleton/> }.into_any(),
                Some(Err(e)) => view! { <Problem error=e retry=retry/> }.into_any(),
                Some(Ok(p)) => view! { <ProductBody product=p/> }.into_any(),
            }}
        </section>
    }
}

/// The product's placeholder while it loads, the same shape as the product.
#[component]
fn ProductSkeleton() -> impl IntoView {
    view! {
        <div class="ps-product-grid" data-testid="ps-skeleton" aria-hidden="true">
            <div class="ps-skel ps-skel-img"></div>
            <div>
                <div class="ps-skel ps-skel-line"></div>
                <div class="ps-skel ps-skel-line ps-skel-short"></div>
                <div class="ps-skel ps-skel-btn"></div>
            </div>
        </div>
    }
}

/// The loaded product.
#[component]
fn ProductBody(
    /// The product.
    product: ShopProduct,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let picker = RwSignal::new(Picker::new(product.skus.clone()));
    let quantity = RwSignal::new(Quantity::ONE);
    let added = RwSignal::new(None::<Result<(), String>>);
    // The shopper may have picked on the edge's card before the widget loaded: the
    // widget carries on from there instead of starting the card over.
    if let Some(first) = ctx
        .host
        .with_value(|host| browser::first_view_picks(host, &product.id))
    {
        picker.update(|p| {
            for (axis, value) in &first.options {
                if let Some((a, v)) = p.find(axis, value) {
                    p.pick(a, v);
                }
            }
        });
        if let Some(q) = first
            .quantity
            .and_then(|text| text.parse::<u64>().ok())
            .and_then(|n| Quantity::new(n).ok())
        {
            quantity.set(q);
        }
        if first.added {
            added.set(Some(Ok(())));
        }
    }
    // The card is drawn in two frames: the pictures, title and price, then the
    // controls. In one, the card's first run and layout take a task and a frame of
    // over 50 ms. The widget takes the edge's first view over once both are drawn,
    // so the shopper never sees the card without its controls.
    let controls = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        browser::after_frame().await;
        // Unless the card was closed in the meantime (its signal is gone).
        if controls.try_set(true).is_none() {
            ctx.take_over();
        }
    });
    let shown = RwSignal::new(0usize);
    let images = product.images.clone();
    let title = product.title.clone();
    let title_for_alt = title.clone();
    let title_for_share = product.title.clone();
    let description = product.description.clone();
    let (id, price_from) = (product.id.clone(), product.price_from);
    let max_list = product
        .skus
        .iter()
        .map(|s| s.list_price)
        .max_by_key(|m| m.amount);

    Effect::new({
        let id = id.clone();
        move |_| {
            browser::mark_first_product();
            ctx.emit(
                "view_item",
                serde_json::json!({ "product_id": id.as_str(), "price": price_from }),
            );
        }
    });

    let selected = move || picker.with(|p| p.sku().cloned());
    let blocker = move || -> Option<String> {
        picker.with(|p| pocketshop_shared::card::blocker(p, ctx.locale()))
    };
    let add_id = id.clone();
    let add = move |_| {
        let Some(sku) = selected() else { return };
        let q = quantity.get_untracked();
        let result = ctx.update_cart(CartAction::Add {
            product_id: add_id.clone(),
            sku: sku.sku.clone(),
            quantity: q,
        });
        match result {
            Ok(()) => {
                crate::storage::see_price(&ctx.api(), &ctx.shop(), &sku.sku, sku.price);
                ctx.emit(
                    "add_to_cart",
                    serde_json::json!({
                        "product_id": add_id.as_str(), "sku": sku.sku.as_str(),
                        "quantity": q.get(), "price": sku.price,
                    }),
                );
                added.set(Some(Ok(())));
            }
            Err(e) => added.set(Some(Err(pocketshop_shared::card::refusal(
                &e,
                ctx.locale(),
            )
            .to_owned()))),
        }
    };

    view! {
        <div class="ps-product-grid">
            <div class="ps-gallery" data-testid="ps-gallery">
                {
                    let images = images.clone();
                    let title_for_alt = title_for_alt.clone();
                    move || images.get(shown.get()).cloned().map(|src| {
                        let alt = i18n::text(&title_for_alt, ctx.locale());
                        view! { <img class="ps-gallery-main" src=src alt=alt width="480" height="480" decoding="async"/> }
                    })
                }
                {(images.len() > 1).then(|| view! {
                    <div class="ps-thumbs" role="group" aria-label=move || pick(ctx.locale(), "商品图片", "Product images")>
                        {images.iter().enumerate().map(|(i, src)| view! {
                            <button type="button" class=move || if shown.get() == i { "ps-thumb ps-on" } else { "ps-thumb" }
                                aria-label=move || format!("{} {}", pick(ctx.locale(), "图片", "Image"), i + 1)
                                aria-pressed=move || (shown.get() == i).to_string()
                                on:click=move |_| shown.set(i)>
                                <img src=src.clone() alt="" width="56" height="56" loading="lazy"/>
                            </button>
                        }).collect_view()}
                    </div>
                })}
            </div>
            <div class="ps-info">
                <h3 class="ps-title" data-testid="ps-product-title">{move || i18n::text(&title, ctx.locale())}</h3>
                <div class="ps-price-row">
                    {move || match selected() {
                        Some(s) => view! { <Price amount=s.price list=s.list_price/> }.into_any(),
                        None => view! { <Price amount=price_from list=max_list.unwrap_or(price_from) from=true/> }.into_any(),
                    }}
                    {move || selected().and_then(|s| match s.stock {
                        StockLevel::Low => Some(view! { <span class="ps-badge ps-badge-warn">{pick(ctx.locale(), "库存紧张", "Only a few left")}</span> }),
                        _ => None,
                    })}
                </div>
                // Built once, when `controls` turns: untracked, so the locale the
                // share button's title reads does not rebuild the controls when the
                // shop's profile arrives (that would drop the shopper's focus and
                // the controls' own state, such as the share button's note).
                {move || controls.get().then(|| untrack(|| {
                    let (add, description) = (add.clone(), description.clone());
                    view! {
                        <SkuPicker picker=picker/>
                        <div class="ps-buy-row">
                            <QuantityInput value=quantity label=Signal::derive(move || pick(ctx.locale(), "数量", "Quantity").to_owned())/>
                            <button type="button" class="ps-btn ps-btn-primary ps-add" data-testid="ps-add-to-cart"
                                disabled=move || blocker().is_some()
                                aria-describedby=format!("ps-why-{}", ctx.id)
                                on:click=add>
                                {move || pick(ctx.locale(), "加入购物车", "Add to cart")}
                            </button>
                        </div>
                        <p class="ps-hint" id=format!("ps-why-{}", ctx.id) data-testid="ps-stock-note" aria-live="polite">
                            {move || blocker()}
                        </p>
                        {move || added.get().map(|r| match r {
                            Ok(()) => view! {
                                <div class="ps-added" role="status" data-testid="ps-added">
                                    <span>{pick(ctx.locale(), "已加入购物车", "Added to your cart")}</span>
                                    <button type="button" class="ps-btn ps-btn-secondary" data-testid="ps-view-cart"
                                        on:click=move |_| { ctx.dialog.set(None); ctx.panel.set(Panel::Cart); }>
                                        {pick(ctx.locale(), "去结算", "View cart")}
                                    </button>
                                </div>
                            }.into_any(),
                            Err(text) => view! { <p class="ps-problem" role="alert">{text}</p> }.into_any(),
                        })}
                        <CampaignOffers product=id.clone() sku=Signal::derive(move || selected().map(|s| s.sku)) quantity=quantity/>
                        <ShareButton product=id.clone() title=i18n::text(&title_for_share, ctx.locale())/>
                        <BargainStart product=id.clone() sku=Signal::derive(move || selected().map(|s| s.sku))/>
                        <p class="ps-desc">{move || i18n::text(&description, ctx.locale())}</p>
                    }
                }))}
            </div>
        </div>
    }
}
