//! The console's frame: the header, sign-out, and the page of the current route.
//!
//! Invariants: a signed-out owner only ever sees sign-in or sign-up (a route needing
//! a session sends them to sign-in); a signed-in owner at sign-in goes to the shops;
//! the route follows `hashchange`, so the back button works.

use crate::browser;
use crate::components::auth::Auth;
use crate::components::shop_page::ShopPage;
use crate::components::shops::Shops;
use crate::context::Ctx;
use crate::route::{self, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new();
    provide_context(ctx);
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        ctx.route.set(route::parse(&browser::hash()));
    });
    // The listener lives as long as the page.
    std::mem::forget(handle);
    Effect::new(move |_| {
        let signed_in = ctx.token.with(Option::is_some);
        let route = ctx.route.get();
        if !signed_in && route.needs_session() {
            ctx.go(Route::SignIn);
        } else if signed_in && !route.needs_session() {
            ctx.go(Route::Shops);
        }
    });
    let sign_out = move |_| {
        let client = ctx.client();
        spawn_local(async move {
            // Signed out locally whatever the answer: the token is forgotten.
            let _ = client.sign_out().await;
            ctx.signed_out();
        });
    };
    view! {
        <div class="pc-app" data-testid="pc-app">
            <header class="pc-header">
                <a class="pc-brand" href="#/shops">{ctx.t("Pocketshop 店主后台", "Pocketshop console")}</a>
                {move || ctx.token.with(Option::is_some).then(|| view! {
                    <span class="pc-who" data-testid="pc-owner-email">{move || ctx.email.get().unwrap_or_default()}</span>
                    <button type="button" class="pc-btn pc-btn-quiet" data-testid="pc-sign-out" on:click=sign_out>
                        {ctx.t("退出登录", "Sign out")}
                    </button>
                })}
            </header>
            <main class="pc-main">
                {move || {
                    let signed_in = ctx.token.with(Option::is_some);
                    match ctx.route.get() {
                        Route::SignIn if !signed_in => view! { <Auth sign_up=false/> }.into_any(),
                        Route::SignUp if !signed_in => view! { <Auth sign_up=true/> }.into_any(),
                        Route::Shop { shop, tab } if signed_in => view! { <ShopPage shop=shop tab=tab/> }.into_any(),
                        Route::Shops if signed_in => view! { <Shops/> }.into_any(),
                        _ => ().into_any(),
                    }
                }}
            </main>
        </div>
    }
}
