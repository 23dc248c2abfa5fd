//! A collection: category chips, search, the product tiles, skeletons while a page
//! loads, and infinite paging (a sentinel near the end loads the next page; a
//! "load more" button does the same for keyboards and when observers are absent).
//!
//! Invariants: a newer query always wins (answers to an older search or category are
//! dropped); pages append in cursor order without duplicates; a failed page keeps
//! what is shown and offers a retry.

use crate::api::ListQuery;
use crate::browser;
use crate::components::problem::Problem;
use crate::components::product_tile::ProductTile;
use crate::context::Ctx;
use crate::i18n::pick;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_client::FetchError;
use pocketshop_shared::catalogue::ProductSummary;
use pocketshop_shared::{Category, Locale};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const PAGE: u32 = 12;

/// Tiles drawn per frame. A page of twelve drawn at once, with the browser compiling
/// the tiles' code as it runs, is one script task of 51–82 ms; four at a time keep
/// each task, and each frame's layout of them, short.
const TILES_PER_FRAME: usize = 4;

/// A product grid.
#[component]
pub fn Grid(
    /// The category to start in (none: all).
    category: Option<Category>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let category = RwSignal::new(category);
    let search = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<ProductSummary>::new());
    // How many of `items` are drawn: a page's tiles come in a few per frame.
    let drawn = RwSignal::new(0usize);
    let cursor = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    // A page asked for and not yet drawn (no other page is asked for meanwhile).
    let loading = RwSignal::new(false);
    // A page asked for and not yet answered: its skeletons show. They go before the
    // page's tiles are drawn, since a skeleton that the drawing moved down counts as
    // a layout shift, even in the layer drawn unseen beneath the first view.
    let waiting = RwSignal::new(false);
    let error = RwSignal::new(None::<FetchError>);
    // The edge served its last good catalogue: the supplier is failing.
    let stale = RwSignal::new(false);
    let generation = StoredValue::new(0u32);
    // Whether the end of the list is near the viewport. An observer only reports
    // changes, so a page that leaves the end still in view must load the next itself.
    let near_end = StoredValue::new(false);
    let want_more = RwSignal::new(0u32);

    let load = move |fresh: bool| {
        if loading.get_untracked() && !fresh {
            return;
        }
        if fresh {
            generation.update_value(|g| *g += 1);
            items.set(Vec::new());
            drawn.set(0);
            cursor.set(None);
            done.set(false);
        } else if done.get_untracked() {
            return;
        }
        let this = generation.get_value();
        let query = ListQuery {
            collection: ctx.opts.with_value(|o| o.collection.clone()),
            category: category.get_untracked(),
            q: search.get_untracked(),
            cursor: cursor.get_untracked(),
            limit: PAGE,
        };
        loading.set(true);
        waiting.set(true);
        error.set(None);
        let client = ctx.client.get_value();
        let shop = ctx.shop();
        spawn_local(async move {
            let answer = client.products(&shop, &query).await;
            // A newer query (or the grid going away) makes this answer moot.
            if generation.try_get_value() != Some(this) {
                return;
            }
            waiting.set(false);
            match answer {
                Ok((page, is_stale)) => {
                    stale.set(is_stale);
                    items.update(|list| {
                        for p in page.items {
                            if !list.iter().any(|q| q.id == p.id) {
                                list.push(p);
                            }
                        }
                    });
                    let more = page.next_cursor.is_some();
                    done.set(!more);
                    cursor.set(page.next_cursor);
                    let total = items.with_untracked(Vec::len);
                    let mut first = true;
                    while drawn.get_untracked() < total {
                        if !first {
                            browser::after_frame().await;
                            if generation.try_get_value() != Some(this) {
                                return;
                            }
                        }
                        drawn.set((drawn.get_untracked() + TILES_PER_FRAME).min(total));
                        if first {
                            browser::mark_first_product();
                        }
                        first = false;
                    }
                    if more && near_end.get_value() {
                        // After this page is laid out, look again.
                        request_animation_frame(move || {
                            if near_end.try_get_value() == Some(true) {
                                want_more.update(|n| *n += 1);
                            }
                        });
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
            // Drawn (every tile, none, or a problem): the widget takes the place of
            // the edge's first view.
            ctx.take_over();
        });
    };
    load(true);
    Effect::new(move |_| {
        if want_more.get() > 0 {
            load(false);
        }
    });

    // Infinite paging: load the next page when the sentinel nears the viewport.
    let sentinel = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(el) = sentinel.get() else { return };
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let near = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            near_end.set_value(near);
            if near && error.get_untracked().is_none() {
                load(false);
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin("400px");
        if let Ok(observer) = web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &init,
        ) {
            observer.observe(&el);
            let observer = StoredValue::new_local(observer);
            on_cleanup(move || {
                if let Some(o) = observer.try_get_value() {
                    o.disconnect();
                }
            });
        }
        callback.forget();
    });

    let debounce = StoredValue::new(None::<TimeoutHandle>);
    let on_search = move |text: String| {
        search.set(text);
        if let Some(h) = debounce.get_value() {
            h.clear();
        }
        let handle =
            set_timeout_with_handle(move || load(true), std::time::Duration::from_millis(300)).ok();
        debounce.set_value(handle);
    };
    let chips = move || {
        let l = ctx.locale();
        let mut all: Vec<(Option<Category>, String)> =
            vec![(None, pick(l, "全部", "All").to_owned())];
        let cats = ctx
            .profile
            .with(|p| p.as_ref().map(|p| p.categories.clone()).unwrap_or_default());
        all.extend(
            cats.into_iter()
                .map(|c| (Some(c), c.name().get(l).to_owned())),
        );
        all
    };
    view! {
        <div class="ps-grid-view" data-testid="ps-grid">
            <div class="ps-toolbar">
                <input type="search" class="ps-input ps-search" data-testid="ps-search"
                    placeholder=move || pick(ctx.locale(), "搜索商品", "Search products")
                    aria-label=move || pick(ctx.locale(), "搜索商品", "Search products")
                    prop:value=move || search.get()
                    on:input=move |ev| on_search(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { load(true) } />
                <div class="ps-chips" role="group" aria-label=move || pick(ctx.locale(), "分类", "Categories")>
                    {move || chips().into_iter().map(|(c, name)| {
                        let on = move || category.get() == c;
                        view! {
                            <button type="button" class=move || if on() { "ps-chip ps-on" } else { "ps-chip" }
                                data-testid="ps-category" data-category=c.map(|c| c.slug()).unwrap_or("all")
                                aria-pressed=move || on().to_string()
                                on:click=move |_| { category.set(c); load(true); }>
                                {name}
                            </button>
                        }
                    }).collect_view()}
                </div>
            </div>
            {move || stale.get().then(|| view! {
                <p class="ps-stale" data-testid="ps-stale" role="status">
                    {move || pick(ctx.locale(), "价格和库存可能不是最新的。", "Prices and stock may be out of date")}
                </p>
            })}
            <ul class="ps-tiles" aria-busy=move || loading.get().to_string()>
                <For each=move || items.with(|list| list[..drawn.get().min(list.len())].to_vec()) key=|p| p.id.clone() let:product>
                    <ProductTile product=product/>
                </For>
                {move || waiting.get().then(|| (0..if items.with(Vec::is_empty) { 6 } else { 3 }).map(|_| view! {
                    <li class="ps-tile ps-tile-skel" data-testid="ps-skeleton" aria-hidden="true">
                        <span class="ps-skel ps-skel-img"></span>
                        <span class="ps-skel ps-skel-line"></span>
                        <span class="ps-skel ps-skel-line ps-skel-short"></span>
                    </li>
                }).collect_view())}
            </ul>
            {move || (!loading.get() && error.get().is_none() && items.with(Vec::is_empty)).then(|| view! {
                <p class="ps-empty" data-testid="ps-empty">
                    // Nothing matching a search or a category is not a shop with
                    // nothing in it (as `first_view.rs` says it too).
                    {move || match (ctx.locale(), category.get().is_some() || !search.get().trim().is_empty()) {
                        (Locale::ZhCn, true) => "没有找到相关商品。",
                        (Locale::En, true) => "No products match.",
                        (Locale::ZhCn, false) => "这里还没有商品。",
                        (Locale::En, false) => "No products here yet.",
                    }}
                </p>
            })}
            {move || error.get().map(|e| view! { <Problem error=e retry=Callback::new(move |()| load(false))/> })}
            <div class="ps-sentinel" node_ref=sentinel></div>
            {move || (!done.get() && !loading.get() && error.get().is_none()).then(|| view! {
                <button type="button" class="ps-btn ps-btn-secondary ps-more" data-testid="ps-load-more"
                    on:click=move |_| load(false)>
                    {move || pick(ctx.locale(), "加载更多", "Load more")}
                </button>
            })}
        </div>
    }
}
