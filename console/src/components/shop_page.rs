//! One shop: its name, the tab bar and the open tab.
//!
//! Invariants: the tabs work on the shop as last answered by the server (`OwnerShop`,
//! reloaded when the page opens); a tab that saves updates that one copy, so the
//! others see the change without another request.

use crate::components::agents_tab::AgentsTab;
use crate::components::bargains_tab::BargainsTab;
use crate::components::campaigns_tab::CampaignsTab;
use crate::components::markup_tab::MarkupTab;
use crate::components::orders_tab::OrdersTab;
use crate::components::picks_tab::PicksTab;
use crate::components::presale_tab::PresaleTab;
use crate::components::problem::Problem;
use crate::components::products_tab::ProductsTab;
use crate::components::snippet_tab::SnippetTab;
use crate::components::theme_tab::ThemeTab;
use crate::context::Ctx;
use crate::route::{self, Route, Tab};
use leptos::prelude::*;
use pocketshop_shared::ShopId;

/// The shop's page.
#[component]
pub fn ShopPage(
    /// The shop.
    shop: ShopId,
    /// The open tab.
    tab: Tab,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let id = shop.clone();
    let loaded = LocalResource::new(move || {
        let (client, id) = (ctx.client(), id.clone());
        async move { client.shop(&id).await }
    });
    let error = RwSignal::new(None::<String>);
    // A failure's message (a lost session also signs out: a side effect, so an effect).
    Effect::new(move |_| {
        if let Some(Err(e)) = loaded.get() {
            error.set(Some(ctx.problem(&e)));
        }
    });
    let label = move |t: Tab| match t {
        Tab::Products => ctx.t("商品", "Products"),
        Tab::Markup => ctx.t("加价", "Markup"),
        Tab::Picks => ctx.t("每日精选", "Daily picks"),
        Tab::Theme => ctx.t("外观", "Theme"),
        Tab::Snippet => ctx.t("嵌入代码", "Snippet"),
        Tab::Orders => ctx.t("订单", "Orders"),
        Tab::Coupons => ctx.t("优惠券", "Coupons"),
        Tab::Agents => ctx.t("代理", "Agents"),
        Tab::Bargains => ctx.t("砍价", "Bargains"),
        Tab::Presale => ctx.t("预售投票", "Pre-sale"),
        Tab::Campaigns => ctx.t("秒杀与拼团", "Flash sales & groups"),
    };
    let slug = shop.as_str().to_owned();
    let fallback = slug.clone();
    let tabs = Tab::ALL
        .into_iter()
        .map(|t| {
            let href = route::href(&Route::Shop {
                shop: shop.clone(),
                tab: t,
            });
            view! {
                <a href=href class="pc-tab" data-testid="pc-tab" data-tab=t.slug()
                    aria-current=(t == tab).then_some("page")>{label(t)}</a>
            }
        })
        .collect_view();
    view! {
        <section class="pc-shop" data-testid="pc-shop" data-shop=slug>
            <p class="pc-crumbs"><a class="pc-link" href="#/shops">{ctx.t("← 我的店铺", "← Your shops")}</a></p>
            <h1 data-testid="pc-shop-title">
                {move || loaded.get().and_then(Result::ok).map(|s| s.name).unwrap_or_else(|| fallback.clone())}
            </h1>
            <nav class="pc-tabs" aria-label=ctx.t("店铺设置", "Shop settings")>{tabs}</nav>
            <Problem message=error/>
            {move || loaded.get().and_then(Result::ok).map(|s| {
                let admin = RwSignal::new(s);
                match tab {
                    Tab::Products => view! { <ProductsTab shop=admin/> }.into_any(),
                    Tab::Markup => view! { <MarkupTab shop=admin/> }.into_any(),
                    Tab::Picks => view! { <PicksTab shop=admin/> }.into_any(),
                    Tab::Theme => view! { <ThemeTab shop=admin/> }.into_any(),
                    Tab::Snippet => view! { <SnippetTab shop=admin/> }.into_any(),
                    Tab::Orders => view! { <OrdersTab shop=admin/> }.into_any(),
                    Tab::Coupons => view! { <crate::components::coupons_tab::CouponsTab shop=admin/> }.into_any(),
                    Tab::Agents => view! { <AgentsTab shop=admin/> }.into_any(),
                    Tab::Bargains => view! { <BargainsTab shop=admin/> }.into_any(),
                    Tab::Presale => view! { <PresaleTab shop=admin/> }.into_any(),
                    Tab::Campaigns => view! { <CampaignsTab shop=admin/> }.into_any(),
                }
            })}
        </section>
    }
}
