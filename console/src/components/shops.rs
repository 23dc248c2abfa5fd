//! The owner's shops, and the form to create one.
//!
//! Invariants: the list is the server's (`GET /v1/admin/me`), shown as text; a shop
//! is opened by its slug only.

use crate::components::members::Members;
use crate::components::new_shop::NewShopForm;
use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::route::{self, Route, Tab};
use leptos::prelude::*;

/// The shops page.
#[component]
pub fn Shops() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let me = LocalResource::new(move || {
        let client = ctx.client();
        async move { client.me().await }
    });
    let error = RwSignal::new(None::<String>);
    // A failure's message (a lost session also signs out: a side effect, so an effect).
    Effect::new(move |_| {
        if let Some(Err(e)) = me.get() {
            error.set(Some(ctx.problem(&e)));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(m)) = me.get() {
            ctx.email.set(Some(m.owner.email));
        }
    });
    view! {
        <section class="pc-card">
            <h1>{ctx.t("我的店铺", "Your shops")}</h1>
            <Problem message=error/>
            <ul class="pc-shop-list" data-testid="pc-shop-list">
                {move || me.get().and_then(Result::ok).map(|m| {
                    if m.shops.is_empty() {
                        view! { <li class="pc-empty">{ctx.t("还没有店铺，先创建一个吧。", "No shops yet: create your first below.")}</li> }.into_any()
                    } else {
                        m.shops.into_iter().map(|s| {
                            let href = route::href(&Route::Shop { shop: s.id.clone(), tab: Tab::Products });
                            view! {
                                <li class="pc-shop-item" data-testid="pc-shop-item" data-shop=s.id.as_str().to_owned()>
                                    <a href=href class="pc-link">{s.name}</a>
                                    <span class="pc-muted">{format!(" {} · {} · {}", s.id, s.currency, match s.locale {
                                        pocketshop_shared::Locale::ZhCn => "zh-CN",
                                        pocketshop_shared::Locale::En => "en",
                                    })}</span>
                                </li>
                            }
                        }).collect_view().into_any()
                    }
                })}
            </ul>
        </section>
        <NewShopForm/>
        <Members/>
    }
}
