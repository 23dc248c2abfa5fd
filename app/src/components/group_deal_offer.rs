//! A group deal in a product's detail: the group price, the group size and the
//! time a group has to fill, "Start a group", and the open groups to join instead,
//! each opening its group panel in place.
//!
//! Invariants: "Start a group" is enabled only for a picked SKU the deal covers,
//! and opens the checkout for exactly one unit of it under the `group_open` offer
//! (groups are prepaid: the place is the shopper's once paid); joining goes through
//! the group panel; nothing here touches the cart.

use crate::components::countdown::Countdown;
use crate::components::group_panel::GroupPanel;
use crate::context::{Ctx, OfferCheckout};
use crate::format;
use crate::i18n::pick;
use leptos::prelude::*;
use pocketshop_shared::campaign::GroupDealView;
use pocketshop_shared::offer::Offer;
use pocketshop_shared::{CartLine, Locale, Quantity, Sku};

/// How long a group has to fill, for people: `2 小时`, `1 day 3 h`, `45 min`.
pub fn window_text(secs: i64, locale: Locale) -> String {
    let (days, hours, mins) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    match locale {
        Locale::ZhCn => match (days, hours, mins) {
            (0, 0, m) => format!("{m} 分钟"),
            (0, h, 0) => format!("{h} 小时"),
            (0, h, m) => format!("{h} 小时 {m} 分钟"),
            (d, 0, _) => format!("{d} 天"),
            (d, h, _) => format!("{d} 天 {h} 小时"),
        },
        Locale::En => match (days, hours, mins) {
            (0, 0, m) => format!("{m} min"),
            (0, h, 0) => format!("{h} h"),
            (0, h, m) => format!("{h} h {m} min"),
            (1, 0, _) => "1 day".to_owned(),
            (d, 0, _) => format!("{d} days"),
            (d, h, _) => format!("{d} d {h} h"),
        },
    }
}

/// One product's group deal.
#[component]
pub fn GroupDealOffer(
    /// The deal with its open groups.
    deal: GroupDealView,
    /// The edge's clock minus the device's (ms), for the countdowns.
    skew_ms: i64,
    /// The SKU the shopper picked, if complete.
    #[prop(into)]
    sku: Signal<Option<Sku>>,
    /// Called when a group's time runs out, to reload the campaigns.
    on_change: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let shown = RwSignal::new(None::<String>);
    let lowest = deal.deal.prices.values().min_by_key(|m| m.amount).copied();
    let prices = deal.deal.prices.clone();
    let covered = prices.clone();
    let price = move || sku.get().and_then(|s| prices.get(&s).copied()).or(lowest);
    let why = move || -> Option<&'static str> {
        let l = ctx.locale();
        match sku.get() {
            None => Some(pick(l, "请先选择款式", "Choose the options first")),
            Some(s) if !covered.contains_key(&s) => Some(pick(
                l,
                "此款不参加拼团",
                "This option is not in the group deal",
            )),
            Some(_) => None,
        }
    };
    let (id, product) = (deal.deal.id.clone(), deal.deal.product_id.clone());
    let start = move |_| {
        let Some(sku) = sku.get_untracked() else {
            return;
        };
        ctx.offer_checkout.set(Some(OfferCheckout {
            offer: Offer::GroupOpen { deal: id.clone() },
            lines: vec![CartLine {
                product_id: product.clone(),
                sku,
                quantity: Quantity::ONE,
            }],
            title: pick(ctx.locale(), "开团", "Start a group").to_owned(),
        }));
    };
    let (size, window_secs) = (deal.deal.size, deal.deal.window_secs);
    let hint_id = format!("ps-group-why-{}", ctx.id);
    let why_blocked = why.clone();
    let groups = deal.open_groups.clone();
    view! {
        <div class="ps-group-deal" data-testid="ps-group-deal" data-deal=deal.deal.id.clone()>
            <div class="ps-flash-head">
                <span class="ps-group-tag">{move || pick(ctx.locale(), "拼团", "Group deal")}</span>
                <span class="ps-group-price" data-testid="ps-group-deal-price">
                    {move || price().map(|p| format::money(p, ctx.locale()))}
                </span>
            </div>
            <p class="ps-hint" data-testid="ps-group-deal-terms" data-size=size.to_string()>
                {move || match ctx.locale() {
                    Locale::ZhCn => format!("{size} 人成团 · 开团后 {} 内拼满，否则全额退款", window_text(window_secs, Locale::ZhCn)),
                    Locale::En => format!("{size} people · the group has {} to fill, or everyone is refunded", window_text(window_secs, Locale::En)),
                }}
            </p>
            <button type="button" class="ps-btn ps-btn-primary" data-testid="ps-group-start"
                disabled=move || why_blocked().is_some() aria-describedby=hint_id.clone() on:click=start>
                {move || pick(ctx.locale(), "发起拼团", "Start a group")}
            </button>
            <p class="ps-hint" id=hint_id.clone() aria-live="polite">{why}</p>
            {(!groups.is_empty()).then(|| view! {
                <h4 class="ps-group-subtitle">{move || pick(ctx.locale(), "正在拼团，可直接参与", "Open groups you can join")}</h4>
                <ul class="ps-open-groups" data-testid="ps-open-groups">
                    {groups.iter().map(|g| {
                        let gid = g.id.clone();
                        let pressed = g.id.clone();
                        let yours = g.yours;
                        view! {
                            <li class="ps-open-group" data-testid="ps-open-group" data-group=g.id.clone()
                                data-yours=yours.to_string()>
                                <span>{
                                    let left = g.places_left;
                                    move || match ctx.locale() {
                                        Locale::ZhCn => format!("还差 {left} 人"),
                                        Locale::En => format!("{left} to go"),
                                    }
                                }</span>
                                <Countdown until=g.closes_at skew_ms=skew_ms as f64 testid="ps-open-group-countdown"
                                    label=Signal::derive(move || pick(ctx.locale(), "剩余", "Left").to_owned())
                                    on_end=on_change/>
                                <button type="button" class="ps-btn ps-btn-secondary" data-testid="ps-open-group-view"
                                    aria-pressed=move || (shown.get().as_deref() == Some(pressed.as_str())).to_string()
                                    on:click=move |_| shown.update(|s| {
                                        *s = if s.as_deref() == Some(gid.as_str()) { None } else { Some(gid.clone()) };
                                    })>
                                    // The shopper's own group opens to wait and share, not to join.
                                    {move || if yours {
                                        pick(ctx.locale(), "我的团", "Your group")
                                    } else {
                                        pick(ctx.locale(), "去参团", "Join")
                                    }}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {move || shown.get().map(|id| view! { <GroupPanel id=id sku=sku/> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_groups_window_reads_in_the_largest_sensible_units() {
        assert_eq!(window_text(45 * 60, Locale::En), "45 min");
        assert_eq!(window_text(2 * 3600, Locale::En), "2 h");
        assert_eq!(window_text(86_400, Locale::En), "1 day");
        assert_eq!(window_text(86_400 + 3 * 3600, Locale::En), "1 d 3 h");
        assert_eq!(window_text(3 * 86_400, Locale::ZhCn), "3 天");
        assert_eq!(window_text(90 * 60, Locale::ZhCn), "1 小时 30 分钟");
    }
}
