//! The share action on every product: the system share sheet where there is one,
//! else the link copied, else the link shown to copy by hand.
//!
//! Invariants: the shared link is the host page's own URL with the product's
//! `#ps-product=…` deep link, so whoever opens it lands on the same page and product;
//! it carries this device's sharer code (`&ps-ref=…`, asked for on the first share),
//! so an order placed through it credits the sharer.

use crate::browser::{self, Shared};
use crate::context::Ctx;
use crate::i18n::pick;
use crate::route::{self, Route};
use crate::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::{Locale, ProductId};

/// Shares a product.
#[component]
pub fn ShareButton(
    /// The product.
    product: ProductId,
    /// Its title, for the share sheet.
    title: String,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let outcome = RwSignal::new(None::<Shared>);
    let link = RwSignal::new(String::new());
    let product_id = product.clone();
    let share = move |_| {
        let (api, shop) = (ctx.api(), ctx.shop());
        let fragment = route::link(&shop, &Route::Product(product_id.clone()));
        let title = title.clone();
        let product = product_id.clone();
        let client = ctx.client.get_value();
        spawn_local(async move {
            // This device's sharer code: kept, or asked for once (a quick call on the
            // edge's own origin, well within the click's activation for the share).
            let code = match storage::load_sharer(&api, &shop) {
                Some(s) => Some(s.code),
                None => match client.sharer(&shop, &ctx.shopper()).await {
                    Ok(created) => {
                        storage::save_sharer(&api, &shop, &created);
                        Some(created.code)
                    }
                    // Without a code the link still shares the product.
                    Err(_) => None,
                },
            };
            let fragment = match code {
                Some(code) => format!("{fragment}&ps-ref={code}"),
                None => fragment,
            };
            let url = browser::page_url_with(&fragment);
            link.set(url.clone());
            let done = browser::share(&title, &url).await;
            if done != Shared::Cancelled {
                ctx.emit(
                    "share",
                    serde_json::json!({ "product_id": product.as_str(), "url": url }),
                );
            }
            outcome.set(Some(done));
        });
    };
    view! {
        <div class="ps-share">
            <button type="button" class="ps-btn ps-btn-ghost" data-testid="ps-share" on:click=share>
                {move || pick(ctx.locale(), "分享", "Share")}
            </button>
            <span class="ps-share-note" role="status" data-testid="ps-share-note">
                {move || match outcome.get() {
                    Some(Shared::Manual) => view! {
                        <input class="ps-input" readonly data-testid="ps-share-link"
                            aria-label=move || pick(ctx.locale(), "复制此链接", "Copy this link")
                            prop:value=move || link.get() />
                    }.into_any(),
                    other => shared_note(other, ctx.locale()).into_any(),
                }}
            </span>
        </div>
    }
}

/// What a share came to, said to the shopper: the link copied or shared, else
/// nothing (a cancelled sheet needs no word; a link to copy by hand is shown by
/// its caller).
pub fn shared_note(outcome: Option<Shared>, locale: Locale) -> &'static str {
    match outcome {
        Some(Shared::Copied) => pick(locale, "链接已复制", "Link copied"),
        Some(Shared::Sheet) => pick(locale, "已分享", "Shared"),
        Some(Shared::Manual | Shared::Cancelled) | None => "",
    }
}
