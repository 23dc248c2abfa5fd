//! A product's campaigns in its detail: its flash sale (running or coming) and its
//! group deal, below the add-to-cart row. Also the one copy of the shop's campaign
//! list every component of the page reads ([`live`], [`refresh`]): a grid's tiles
//! badge their products from it without a request each.
//!
//! Invariants: one list per deployment and shop on a page, fetched at most once at a
//! time; it carries the skew between the edge's clock and the device's measured when
//! it arrived, so countdowns follow the edge; nothing here changes the cart.

use crate::components::flash_offer::FlashOffer;
use crate::components::group_deal_offer::GroupDealOffer;
use crate::context::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::campaign::{CampaignList, FlashSaleView, GroupDealView, Phase};
use pocketshop_shared::{ProductId, Quantity, Sku};
use std::cell::RefCell;

/// The shop's campaigns as last fetched, with the clock skew of that answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    /// The list.
    pub list: CampaignList,
    /// The edge's clock minus the device's, in whole ms.
    pub skew_ms: i64,
}

impl Live {
    /// The product's flash sale to show: a running one first, else the soonest
    /// coming one.
    pub fn flash_for(&self, product: &ProductId) -> Option<FlashSaleView> {
        let mine = || {
            self.list
                .flash_sales
                .iter()
                .filter(|f| &f.sale.product_id == product)
        };
        mine()
            .find(|f| f.phase == Phase::Active)
            .or_else(|| {
                mine()
                    .filter(|f| f.phase == Phase::Upcoming)
                    .min_by_key(|f| f.sale.window.starts_at)
            })
            .cloned()
    }

    /// The product's running group deal, if any.
    pub fn deal_for(&self, product: &ProductId) -> Option<GroupDealView> {
        self.list
            .group_deals
            .iter()
            .find(|d| &d.deal.product_id == product && d.phase == Phase::Active)
            .cloned()
    }
}

/// One shop's list on this page.
struct Entry {
    key: String,
    signal: ArcRwSignal<Option<Live>>,
    fetched_ms: f64,
    loading: bool,
}

thread_local! {
    static LISTS: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

fn key(ctx: &Ctx) -> String {
    format!("{}|{}", ctx.api(), ctx.shop())
}

/// The shop's campaign list (`None` until first fetched). Reading it is reactive.
pub fn live(ctx: Ctx) -> ArcRwSignal<Option<Live>> {
    let key = key(&ctx);
    LISTS.with(|l| {
        let mut l = l.borrow_mut();
        if let Some(e) = l.iter().find(|e| e.key == key) {
            return e.signal.clone();
        }
        // An `Arc` signal: it outlives whichever component asked first.
        let signal = ArcRwSignal::new(None);
        l.push(Entry {
            key,
            signal: signal.clone(),
            fetched_ms: f64::NEG_INFINITY,
            loading: false,
        });
        signal
    })
}

/// Fetches the list again unless it is younger than `max_age_ms` or on its way.
/// Effects and handlers only (it reads the device's clock).
pub fn refresh(ctx: Ctx, max_age_ms: f64) {
    let signal = live(ctx);
    let key = key(&ctx);
    let now = crate::components::countdown::device_now_ms();
    let go = LISTS.with(|l| {
        let mut l = l.borrow_mut();
        match l.iter_mut().find(|e| e.key == key) {
            Some(e) if !e.loading && now - e.fetched_ms >= max_age_ms => {
                e.loading = true;
                true
            }
            _ => false,
        }
    });
    if !go {
        return;
    }
    let client = ctx.client.get_value();
    let shop = ctx.shop();
    let shopper = ctx.shopper();
    spawn_local(async move {
        let got = client.campaigns(&shop, &shopper).await;
        let arrived = crate::components::countdown::device_now_ms();
        LISTS.with(|l| {
            if let Some(e) = l.borrow_mut().iter_mut().find(|e| e.key == key) {
                e.loading = false;
                e.fetched_ms = arrived;
            }
        });
        // A failed fetch keeps what was shown: campaigns are extras, never a blocker.
        if let Ok(list) = got {
            let skew_ms = list.now.saturating_mul(1000) - arrived as i64;
            signal.set(Some(Live { list, skew_ms }));
        }
    });
}

/// The product's flash sale and group deal, when it has them.
#[component]
pub fn CampaignOffers(
    /// The product shown.
    product: ProductId,
    /// The SKU the shopper picked, if complete.
    #[prop(into)]
    sku: Signal<Option<Sku>>,
    /// The quantity the shopper chose (a flash sale buys that many).
    quantity: RwSignal<Quantity>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let list = live(ctx);
    // A product opened is worth fresh counts; a tile's badge may be older.
    Effect::new(move |_| refresh(ctx, 2_000.0));
    let reload = Callback::new(move |()| refresh(ctx, 0.0));
    let (flash_list, deal_list) = (list.clone(), list);
    let (flash_product, deal_product) = (product.clone(), product);
    let flash = Memo::new(move |_| {
        flash_list.with(|l| {
            l.as_ref()
                .and_then(|l| l.flash_for(&flash_product).map(|f| (f, l.skew_ms)))
        })
    });
    let deal = Memo::new(move |_| {
        deal_list.with(|l| {
            l.as_ref()
                .and_then(|l| l.deal_for(&deal_product).map(|d| (d, l.skew_ms)))
        })
    });
    view! {
        {move || flash.get().map(|(sale, skew_ms)| view! {
            <FlashOffer sale=sale skew_ms=skew_ms sku=sku quantity=quantity on_change=reload/>
        })}
        {move || deal.get().map(|(deal, skew_ms)| view! {
            <GroupDealOffer deal=deal skew_ms=skew_ms sku=sku on_change=reload/>
        })}
    }
}
