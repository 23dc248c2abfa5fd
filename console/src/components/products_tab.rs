//! The Products tab: the supplier's whole catalogue priced for this shop, filtered by
//! category, search text and selection, a page at a time; a pick toggle per product
//! and a follow toggle per category.
//!
//! Invariants: a toggle shows the server's state (it changes only after the server
//! said yes, and a failure leaves it as it was with a message); a newer filter resets
//! paging to the first page; titles are rendered as text.

use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::owner::{
    CatalogueQuery, FollowCategories, OwnerProduct, OwnerShop, MAX_CATALOGUE_LIMIT,
};
use pocketshop_shared::{Category, ProductId};

/// Products per page.
const PAGE: u32 = 24;

/// The Products tab.
#[component]
pub fn ProductsTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let category = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let selected = RwSignal::new(String::new());
    // The cursors of the pages after the first that the owner went to, in order.
    let cursors = RwSignal::new(Vec::<String>::new());
    let items = RwSignal::new(Vec::<OwnerProduct>::new());
    let next = RwSignal::new(None::<String>);
    let busy = RwSignal::new(Vec::<ProductId>::new());
    let error = RwSignal::new(None::<String>);
    let id = shop.with_untracked(|s| s.id.clone());

    let page = LocalResource::new(move || {
        let query = CatalogueQuery {
            category: Some(category.get()).filter(|c| !c.is_empty()),
            q: Some(search.get()).filter(|q| !q.trim().is_empty()),
            cursor: cursors.with(|c| c.last().cloned()),
            limit: Some(PAGE.min(MAX_CATALOGUE_LIMIT)),
            selected: match selected.get().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
        };
        let (client, id) = (ctx.client(), id.clone());
        async move { client.catalogue(&id, &query).await }
    });
    Effect::new(move |_| match page.get() {
        Some(Ok(p)) => {
            items.set(p.items);
            next.set(p.next_cursor);
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(ctx.problem(&e))),
        None => {}
    });
    let loading = move || page.get().is_none();

    let toggle_pick = move |product: ProductId, pick: bool| {
        if busy.with_untracked(|b| b.contains(&product)) {
            return;
        }
        busy.update(|b| b.push(product.clone()));
        let (client, id) = (ctx.client(), shop.with_untracked(|s| s.id.clone()));
        spawn_local(async move {
            let answer = client.set_picked(&id, &product, pick).await;
            busy.update(|b| b.retain(|p| *p != product));
            match answer {
                Ok(()) => {
                    items.update(|list| {
                        for p in list.iter_mut().filter(|p| p.id == product) {
                            p.picked = pick;
                            p.selected = pick || p.followed;
                        }
                    });
                    shop.update(|s| {
                        s.picked_products.retain(|p| *p != product);
                        if pick {
                            s.picked_products.push(product.clone());
                        } else {
                            s.daily_picks.retain(|p| *p != product);
                        }
                    });
                }
                Err(e) => error.set(Some(ctx.problem(&e))),
            }
        });
    };

    let toggle_follow = move |category: Category, follow: bool| {
        let mut list = shop.with_untracked(|s| s.followed_categories.clone());
        list.retain(|c| c != category.slug());
        if follow {
            list.push(category.slug().to_owned());
        }
        let (client, id) = (ctx.client(), shop.with_untracked(|s| s.id.clone()));
        spawn_local(async move {
            let body = FollowCategories {
                categories: list.clone(),
            };
            match client.follow(&id, &body).await {
                Ok(()) => {
                    shop.update(|s| s.followed_categories = list);
                    page.refetch();
                }
                Err(e) => {
                    // The box shows the server's state again, not the click's.
                    shop.update(|_| {});
                    error.set(Some(ctx.problem(&e)));
                }
            }
        });
    };

    let reset = move || cursors.set(Vec::new());
    let follow_boxes = Category::ALL
        .into_iter()
        .map(|c| {
            let checked =
                move || shop.with(|s| s.followed_categories.iter().any(|f| f == c.slug()));
            view! {
                <label class="pc-check">
                    <input type="checkbox" data-testid="pc-follow" data-category=c.slug()
                        prop:checked=checked
                        on:change=move |ev| toggle_follow(c, event_target_checked(&ev))/>
                    {c.name().get(ctx.locale).to_owned()}
                </label>
            }
        })
        .collect_view();

    view! {
        <div class="pc-panel" data-testid="pc-products">
            <fieldset class="pc-follow">
                <legend>{ctx.t("关注类目（类目中的新品会自动上架）", "Follow categories (their new arrivals join your shop by themselves)")}</legend>
                {follow_boxes}
            </fieldset>
            <form class="pc-filters" on:submit=move |ev| { ev.prevent_default(); search.set(typed.get_untracked()); reset(); }>
                <select data-testid="pc-filter-category" aria-label=ctx.t("类目", "Category")
                    on:change=move |ev| { category.set(event_target_value(&ev)); reset(); }>
                    <option value="">{ctx.t("全部类目", "All categories")}</option>
                    {Category::ALL.into_iter().map(|c| view! {
                        <option value=c.slug()>{c.name().get(ctx.locale).to_owned()}</option>
                    }).collect_view()}
                </select>
                <select data-testid="pc-filter-selected" aria-label=ctx.t("是否已上架", "Selection")
                    on:change=move |ev| { selected.set(event_target_value(&ev)); reset(); }>
                    <option value="">{ctx.t("全部商品", "All products")}</option>
                    <option value="true">{ctx.t("已上架", "In my shop")}</option>
                    <option value="false">{ctx.t("未上架", "Not in my shop")}</option>
                </select>
                <input type="search" data-testid="pc-filter-search" placeholder=ctx.t("搜索商品", "Search products")
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                <button type="submit" class="pc-btn" data-testid="pc-search">{ctx.t("搜索", "Search")}</button>
            </form>
            <Problem message=error/>
            <table class="pc-table" data-testid="pc-catalogue" aria-busy=move || loading().to_string()>
                <thead><tr>
                    <th></th>
                    <th>{ctx.t("商品", "Product")}</th>
                    <th>{ctx.t("类目", "Category")}</th>
                    <th class="pc-num">{ctx.t("供货价", "Supply")}</th>
                    <th class="pc-num">{ctx.t("售价", "Price")}</th>
                    <th class="pc-num">{ctx.t("毛利", "Margin")}</th>
                    <th>{ctx.t("上架", "In shop")}</th>
                </tr></thead>
                <tbody>
                    {move || items.get().into_iter().map(|p| {
                        let title = p.title.get(ctx.locale).to_owned();
                        let pid = p.id.clone();
                        let pid_busy = p.id.clone();
                        let picked = p.picked;
                        view! {
                            <tr data-testid="pc-product" data-product-id=p.id.as_str().to_owned()
                                data-selected=p.selected.to_string()>
                                <td>{p.image.clone().map(|src| view! {
                                    <img class="pc-thumb" src=src alt="" width="48" height="48" loading="lazy"/>
                                })}</td>
                                <td data-testid="pc-product-title">{title}</td>
                                <td>{p.category.name().get(ctx.locale).to_owned()}</td>
                                <td class="pc-num" data-amount=p.supply_price.amount.to_string()>{format::money(p.supply_price, ctx.locale)}</td>
                                <td class="pc-num" data-testid="pc-product-price" data-amount=p.retail_price.amount.to_string()>{format::money(p.retail_price, ctx.locale)}</td>
                                <td class="pc-num" data-amount=p.margin.amount.to_string()>{format::money(p.margin, ctx.locale)}</td>
                                <td>
                                    <button type="button" class="pc-toggle" data-testid="pc-pick"
                                        aria-pressed=picked.to_string()
                                        disabled=move || busy.with(|b| b.contains(&pid_busy))
                                        on:click=move |_| toggle_pick(pid.clone(), !picked)>
                                        {if picked { ctx.t("已选 ✓", "Picked ✓") } else { ctx.t("选品", "Pick") }}
                                    </button>
                                    {(p.followed && !p.picked).then(|| view! {
                                        <span class="pc-muted">{ctx.t("（已关注类目）", " (followed category)")}</span>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || (!loading() && items.with(Vec::is_empty)).then(|| view! {
                <p class="pc-empty" data-testid="pc-catalogue-empty">{ctx.t("没有符合条件的商品。", "No products match.")}</p>
            })}
            <div class="pc-pager">
                <button type="button" class="pc-btn" data-testid="pc-page-prev"
                    disabled=move || cursors.with(Vec::is_empty)
                    on:click=move |_| cursors.update(|c| { c.pop(); })>{ctx.t("上一页", "Previous")}</button>
                <span class="pc-muted" data-testid="pc-page-number">{move || (cursors.with(Vec::len) + 1).to_string()}</span>
                <button type="button" class="pc-btn" data-testid="pc-page-next"
                    disabled=move || next.with(Option::is_none)
                    on:click=move |_| if let Some(n) = next.get_untracked() { cursors.update(|c| c.push(n)); }>
                    {ctx.t("下一页", "Next")}</button>
            </div>
        </div>
    }
}
