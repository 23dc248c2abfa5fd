//! A small badge on a product tile when the product has a running flash sale
//! ("秒杀" / "Flash sale", or sold out) or group deal ("拼团" / "Group deal").
//!
//! Invariants: every tile of a page reads the one shared campaign list
//! (`campaign_offers::live`), fetched at most once a minute for badges, so a grid
//! of forty tiles makes one request, not forty; no campaign, no badge.

use crate::components::campaign_offers::{live, refresh};
use crate::context::Ctx;
use crate::i18n::pick;
use leptos::prelude::*;
use pocketshop_shared::campaign::Phase;
use pocketshop_shared::ProductId;

/// What a tile's badge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Badge {
    Flash,
    FlashSoldOut,
    Group,
}

/// The badge of one product's tile.
#[component]
pub fn CampaignBadge(
    /// The product on the tile.
    product: ProductId,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let list = live(ctx);
    Effect::new(move |_| refresh(ctx, 60_000.0));
    let badge = Memo::new(move |_| {
        list.with(|l| {
            let l = l.as_ref()?;
            if let Some(f) = l
                .list
                .flash_sales
                .iter()
                .find(|f| f.sale.product_id == product && f.phase == Phase::Active)
            {
                return Some(if f.left == 0 {
                    Badge::FlashSoldOut
                } else {
                    Badge::Flash
                });
            }
            l.deal_for(&product).map(|_| Badge::Group)
        })
    });
    move || {
        badge.get().map(|b| {
            let (class, zh, en, kind) = match b {
                Badge::Flash => (
                    "ps-badge ps-campaign-badge ps-badge-flash",
                    "秒杀",
                    "Flash sale",
                    "flash",
                ),
                Badge::FlashSoldOut => (
                    "ps-badge ps-campaign-badge ps-badge-flash-out",
                    "秒杀已抢光",
                    "Flash sale sold out",
                    "flash_sold_out",
                ),
                Badge::Group => (
                    "ps-badge ps-campaign-badge ps-badge-group",
                    "拼团",
                    "Group deal",
                    "group",
                ),
            };
            view! {
                <span class=class data-testid="ps-campaign-badge" data-kind=kind>
                    {move || pick(ctx.locale(), zh, en)}
                </span>
            }
        })
    }
}
