//! The Daily picks tab: up to twelve products of the shop's selection, in the order
//! the widget's `collection="picks"` shows them.
//!
//! Invariants: only selected products can be chosen and never more than
//! [`MAX_DAILY_PICKS`]; the order saved is the order shown; titles are text.

use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::owner::{
    CatalogueQuery, DailyPicks, OwnerProduct, OwnerShop, MAX_CATALOGUE_LIMIT, MAX_DAILY_PICKS,
};
use pocketshop_shared::ProductId;

/// The most selection pages the tab reads (60 products each).
const MAX_PAGES: usize = 10;

/// Moves the item at `from` one place up (`-1`) or down (`1`), if it can.
pub fn moved<T>(mut list: Vec<T>, from: usize, step: isize) -> Vec<T> {
    if let Some(to) = from.checked_add_signed(step) {
        if from < list.len() && to < list.len() {
            list.swap(from, to);
        }
    }
    list
}

/// The Daily picks tab.
#[component]
pub fn PicksTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let chosen = RwSignal::new(shop.with_untracked(|s| s.daily_picks.clone()));
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = shop.with_untracked(|s| s.id.clone());
    let selection = LocalResource::new(move || {
        let (client, id) = (ctx.client(), id.clone());
        async move {
            let mut all: Vec<OwnerProduct> = Vec::new();
            let mut cursor = None;
            for _ in 0..MAX_PAGES {
                let q = CatalogueQuery {
                    selected: Some(true),
                    limit: Some(MAX_CATALOGUE_LIMIT),
                    cursor: cursor.take(),
                    ..CatalogueQuery::default()
                };
                let page = client.catalogue(&id, &q).await?;
                all.extend(page.items);
                match page.next_cursor {
                    Some(c) => cursor = Some(c),
                    None => break,
                }
            }
            Ok(all)
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = selection.get() {
            error.set(Some(ctx.problem(&e)));
        }
    });
    let products = move || selection.get().and_then(Result::ok).unwrap_or_default();
    let title_of = move |p: &ProductId| {
        selection
            .get()
            .and_then(Result::ok)
            .and_then(|all| all.into_iter().find(|a| a.id == *p))
            .map_or_else(
                || p.as_str().to_owned(),
                |a| a.title.get(ctx.locale).to_owned(),
            )
    };
    let edit = move |f: &dyn Fn(Vec<ProductId>) -> Vec<ProductId>| {
        chosen.update(|c| *c = f(std::mem::take(c)));
        saved.set(false);
    };
    let save = move |_| {
        busy.set(true);
        error.set(None);
        let products = chosen.get_untracked();
        let (client, id) = (ctx.client(), shop.with_untracked(|s| s.id.clone()));
        spawn_local(async move {
            let answer = client
                .save_picks(
                    &id,
                    &DailyPicks {
                        products: products.clone(),
                    },
                )
                .await;
            busy.set(false);
            match answer {
                Ok(()) => {
                    shop.update(|s| s.daily_picks = products);
                    saved.set(true);
                }
                Err(e) => error.set(Some(ctx.problem(&e))),
            }
        });
    };
    view! {
        <div class="pc-panel pc-picks" data-testid="pc-picks">
            <section>
                <h2>{move || format!("{} ({}/{MAX_DAILY_PICKS})", ctx.t("每日精选", "Daily picks"), chosen.with(Vec::len))}</h2>
                <ol class="pc-pick-list" data-testid="pc-picks-chosen">
                    {move || {
                        let list = chosen.get();
                        let n = list.len();
                        list.into_iter().enumerate().map(|(i, p)| view! {
                            <li data-testid="pc-pick-chosen" data-product-id=p.as_str().to_owned()>
                                <span>{title_of(&p)}</span>
                                <button type="button" class="pc-btn pc-btn-quiet" data-testid="pc-pick-up" disabled=i == 0
                                    aria-label=ctx.t("上移", "Move up")
                                    on:click=move |_| edit(&|c| moved(c, i, -1))>"↑"</button>
                                <button type="button" class="pc-btn pc-btn-quiet" data-testid="pc-pick-down" disabled=i + 1 == n
                                    aria-label=ctx.t("下移", "Move down")
                                    on:click=move |_| edit(&|c| moved(c, i, 1))>"↓"</button>
                                <button type="button" class="pc-btn pc-btn-quiet" data-testid="pc-pick-remove"
                                    on:click=move |_| edit(&|mut c| { c.remove(i); c })>{ctx.t("移除", "Remove")}</button>
                            </li>
                        }).collect_view()
                    }}
                </ol>
                <div class="pc-actions">
                    <button type="button" class="pc-btn pc-btn-primary" data-testid="pc-picks-save"
                        disabled=move || busy.get() on:click=save>{ctx.t("保存", "Save")}</button>
                    {move || saved.get().then(|| view! { <span class="pc-ok" data-testid="pc-saved">{ctx.t("已保存", "Saved")}</span> })}
                </div>
                <Problem message=error/>
            </section>
            <section>
                <h2>{ctx.t("店内商品", "Products in your shop")}</h2>
                <ul class="pc-pick-source" data-testid="pc-picks-source">
                    {move || products().into_iter().map(|p| {
                        let pid = p.id.clone();
                        let pid_in = p.id.clone();
                        let in_list = move || chosen.with(|c| c.contains(&pid_in));
                        view! {
                            <li data-testid="pc-pick-candidate" data-product-id=p.id.as_str().to_owned()>
                                <span>{p.title.get(ctx.locale).to_owned()}</span>
                                <span class="pc-muted">{format!(" {}", format::money(p.retail_price, ctx.locale))}</span>
                                <button type="button" class="pc-btn" data-testid="pc-pick-add"
                                    disabled=move || in_list() || chosen.with(|c| c.len() >= MAX_DAILY_PICKS)
                                    on:click=move |_| { let p = pid.clone(); edit(&move |mut c| { if !c.contains(&p) { c.push(p.clone()); } c }); }>
                                    {ctx.t("加入精选", "Add")}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::moved;

    #[test]
    fn an_item_moves_one_place_and_never_off_the_ends() {
        assert_eq!(moved(vec![1, 2, 3], 0, 1), vec![2, 1, 3]);
        assert_eq!(moved(vec![1, 2, 3], 2, -1), vec![1, 3, 2]);
        assert_eq!(moved(vec![1, 2, 3], 0, -1), vec![1, 2, 3]);
        assert_eq!(moved(vec![1, 2, 3], 2, 1), vec![1, 2, 3]);
    }
}
