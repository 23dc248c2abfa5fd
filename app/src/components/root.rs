//! A widget's root: the shop's theme, its profile, the view the element asked for,
//! and the dialog and drawer every view can open.
//!
//! Invariants: the shop's theme only sets the widget's own custom properties, which
//! the host page can still override on the element; theme values are checked before
//! they reach CSS, so a shop cannot inject rules; the theme goes into a constructed
//! stylesheet adopted by the shadow root (an inline `<style>` only where a browser
//! cannot construct one), so a host page's CSP need not allow inline styles.

use crate::components::bargain_link::BargainLink;
use crate::components::cart_button::CartButton;
use crate::components::drawer::{Drawer, ProductDialog};
use crate::components::grid::Grid;
use crate::components::group_link::GroupLink;
use crate::components::problem::Problem;
use crate::components::product_detail::ProductDetail;
use crate::components::shop_view::ShopView;
use crate::context::Ctx;
use crate::options::View;
use leptos::prelude::*;

/// Puts `css` in `sheet` and makes sure the shadow root holding `el` adopts it.
fn adopt_theme(el: &web_sys::HtmlDivElement, sheet: &web_sys::CssStyleSheet, css: &str) {
    use wasm_bindgen::JsCast;
    let Ok(root) = el.get_root_node().dyn_into::<web_sys::ShadowRoot>() else {
        return;
    };
    // A theme the browser will not parse leaves the defaults in place.
    let _ = sheet.replace_sync(css);
    let adopted = root.adopted_style_sheets();
    if !adopted.includes(sheet, 0) {
        adopted.push(sheet);
        root.set_adopted_style_sheets(&adopted);
    }
}

/// How much of a widget is drawn: it comes in over three tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// The root and its context.
    Mounted,
    /// The view the element asked for.
    View,
    /// The dialog, the drawer and the panels deep links open.
    Overlays,
}

/// The widget.
#[component]
pub fn Widget(
    /// The widget's context.
    ctx: Ctx,
) -> impl IntoView {
    provide_context(ctx);
    let attempt = RwSignal::new(0u32);
    let profile = LocalResource::new(move || {
        attempt.track();
        let client = ctx.client.get_value();
        let shop = ctx.shop();
        async move { client.shop(&shop).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(p)) = profile.get() {
            ctx.profile.set(Some(p));
        }
    });
    let app_ref = NodeRef::<leptos::html::Div>::new();
    // `None` where the browser has no constructable stylesheets: then `<style>` below.
    let sheet = web_sys::CssStyleSheet::new().ok();
    let inline_theme = sheet.is_none();
    Effect::new(move |_| {
        let css = ctx
            .profile
            .with(|p| p.as_ref().map(|p| p.theme.css()).unwrap_or_default());
        if let (Some(sheet), Some(el)) = (&sheet, app_ref.get()) {
            adopt_theme(&el, sheet, &css);
        }
    });
    // Deep links: the one in the URL now, and every later one (back button, a link).
    Effect::new(move |_| ctx.follow_hash(false));
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| ctx.follow_hash(true));
    let on_pop = window_event_listener(leptos::ev::popstate, move |_| ctx.follow_hash(true));
    on_cleanup(move || {
        on_hash.remove();
        on_pop.remove();
    });
    let retry = Callback::new(move |()| attempt.update(|n| *n += 1));
    // The view is drawn a task after the widget mounts, and the dialog, the drawer
    // and the links' panels a task after that: mounting and drawing in one task run
    // past 50 ms, most of it the browser compiling the code on its first run
    // (`browser::next_task`).
    let stage = RwSignal::new(Stage::Mounted);
    leptos::task::spawn_local(async move {
        crate::browser::next_task().await;
        stage.set(Stage::View);
        crate::browser::next_task().await;
        stage.set(Stage::Overlays);
    });
    // A memo, so the view is built once: the overlays' stage must not rebuild it (that
    // would ask the edge for the view's data again).
    let drawn = Memo::new(move |_| stage.get() >= Stage::View);
    // Only a failure to load the profile replaces the view; the profile arriving
    // must not rebuild it (that would drop the grid's pages and the picker's state).
    let failed = Memo::new(move |_| match profile.get() {
        Some(Err(e)) => Some(e),
        _ => None,
    });
    // Views with nothing to load, and a failed profile, are drawn at once.
    Effect::new(move |_| {
        if drawn.get() && (failed.with(Option::is_some) || ctx.view() == View::Cart) {
            ctx.take_over();
        }
    });
    let lang = move || ctx.locale().tag();
    view! {
        <div class="ps-app" lang=lang node_ref=app_ref>
            {inline_theme.then(|| view! {
                <style>{move || ctx.profile.with(|p| p.as_ref().map(|p| p.theme.css()).unwrap_or_default())}</style>
            })}
            {move || match failed.get() {
                _ if !drawn.get() => ().into_any(),
                Some(e) => view! { <Problem error=e retry=retry/> }.into_any(),
                None => match ctx.view() {
                    View::Grid => view! {
                        <div class="ps-bar"><CartButton/></div>
                        <Grid category=ctx.opts.with_value(|o| o.category)/>
                    }.into_any(),
                    View::Product => {
                        let id = ctx.opts.with_value(|o| o.product.clone());
                        view! {
                            {id.map(|id| view! { <ProductDetail id=id inline=true/> })}
                        }.into_any()
                    }
                    View::Cart => view! { <CartButton floating=true/> }.into_any(),
                    View::Shop => view! { <ShopView/> }.into_any(),
                },
            }}
            {move || (stage.get() == Stage::Overlays).then(|| view! {
                <ProductDialog/>
                <Drawer/>
                <BargainLink/>
                <GroupLink/>
            })}
        </div>
    }
}
