//! The Snippet tab: the exact snippet per view (grid, product, cart, shop) for this
//! shop, served from the edge's public origin, with a Copy button.
//!
//! Invariants: the text shown is the text copied (both from [`snippet::snippet`]);
//! it is shown in a read-only text area, as text; a failed copy says so and leaves
//! the text to select by hand.

use crate::browser;
use crate::context::Ctx;
use crate::snippet::{self, SnippetView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::owner::OwnerShop;

/// The Snippet tab.
#[component]
pub fn SnippetTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let view_kind = RwSignal::new(SnippetView::Grid);
    let copied = RwSignal::new(None::<bool>);
    let text = move || {
        shop.with(|s| {
            let product = s.daily_picks.first().or_else(|| s.picked_products.first());
            snippet::snippet(&s.snippet_origin, &s.id, view_kind.get(), product)
        })
    };
    let copy = move |_| {
        let t = text();
        spawn_local(async move {
            copied.set(Some(browser::copy(&t).await));
        });
    };
    let label = move |v: SnippetView| match v {
        SnippetView::Grid => ctx.t("商品列表", "Grid"),
        SnippetView::Product => ctx.t("单个商品卡片", "Product card"),
        SnippetView::Cart => ctx.t("悬浮购物车", "Floating cart"),
        SnippetView::Shop => ctx.t("完整小店", "Whole shop"),
    };
    let hint = move |v: SnippetView| match v {
        SnippetView::Grid => ctx.t(
            "带搜索、类目和分页的商品列表。",
            "A collection with search, categories and paging.",
        ),
        SnippetView::Product => ctx.t(
            "放在文章里的一个商品卡片（把 product 换成你要的商品编号）。",
            "One product card to sit in an article (set product to the product you want).",
        ),
        SnippetView::Cart => ctx.t(
            "页面角落的购物车按钮和抽屉。",
            "A cart button in the page's corner, with its drawer.",
        ),
        SnippetView::Shop => ctx.t(
            "带导航的完整小店。",
            "A whole mini shop with its own navigation.",
        ),
    };
    view! {
        <div class="pc-panel" data-testid="pc-snippet">
            <div class="pc-segmented" role="radiogroup" aria-label=ctx.t("样式", "View")>
                {SnippetView::ALL.into_iter().map(|v| view! {
                    <label class="pc-check">
                        <input type="radio" name="pc-snippet-view" data-testid="pc-snippet-view" value=v.as_str()
                            prop:checked=move || view_kind.get() == v
                            on:change=move |_| { view_kind.set(v); copied.set(None); }/>
                        {label(v)}
                    </label>
                }).collect_view()}
            </div>
            <p class="pc-muted">{move || hint(view_kind.get())}</p>
            <textarea class="pc-code" readonly rows="3" spellcheck="false" data-testid="pc-snippet-code"
                data-view=move || view_kind.get().as_str() prop:value=text></textarea>
            <div class="pc-actions">
                <button type="button" class="pc-btn pc-btn-primary" data-testid="pc-snippet-copy" on:click=copy>
                    {ctx.t("复制", "Copy")}</button>
                {move || copied.get().map(|ok| if ok {
                    view! { <span class="pc-ok" data-testid="pc-copied">{ctx.t("已复制", "Copied")}</span> }.into_any()
                } else {
                    view! { <span class="pc-error" role="alert" data-testid="pc-error">{ctx.t("浏览器不允许复制，请手动选中上面的代码。", "The browser refused to copy: select the code above by hand.")}</span> }.into_any()
                })}
            </div>
            <p class="pc-muted">{ctx.t(
                "把代码粘贴到允许的网站来源的页面里即可。",
                "Paste it into a page on one of the shop's allowed origins.")}</p>
        </div>
    }
}
