//! A flash sale in a product's detail: its price, a countdown to its end (or to its
//! start while it is coming), what is left, and "Buy at flash price".
//!
//! Invariants: the price shown is the sale's price for the picked SKU (the lowest
//! of its prices until one is picked); the button is enabled only while the sale
//! runs, has units left, covers the picked SKU and the quantity is within the
//! per-shopper limit; it opens the checkout for exactly that line under the
//! `flash` offer and never touches the cart. The edge decides in the end: a sale
//! that sold out meanwhile is refused there with `sold_out`.

use crate::components::countdown::Countdown;
use crate::context::{Ctx, OfferCheckout};
use crate::format;
use crate::i18n::pick;
use leptos::prelude::*;
use pocketshop_shared::campaign::{FlashSaleView, Phase};
use pocketshop_shared::offer::Offer;
use pocketshop_shared::{CartLine, Quantity, Sku};

/// Why the sale cannot be bought now, for the hint under its button.
fn blocker(
    sale: &FlashSaleView,
    sku: Option<&Sku>,
    quantity: Quantity,
    locale: pocketshop_shared::Locale,
) -> Option<String> {
    let text = match sale.phase {
        Phase::Upcoming => pick(locale, "秒杀尚未开始", "The sale has not started yet"),
        Phase::Ended => pick(locale, "秒杀已结束", "The sale is over"),
        Phase::Active if sale.left == 0 => pick(locale, "已抢光", "Sold out"),
        Phase::Active => match sku {
            None => pick(locale, "请先选择款式", "Choose the options first"),
            Some(s) if !sale.sale.prices.contains_key(s) => {
                pick(locale, "此款不参加秒杀", "This option is not in the sale")
            }
            Some(_) if quantity.get() > sale.sale.per_shopper.min(sale.left) => {
                return Some(match locale {
                    pocketshop_shared::Locale::ZhCn => {
                        format!("每人最多 {} 件", sale.sale.per_shopper.min(sale.left))
                    }
                    pocketshop_shared::Locale::En => {
                        format!("At most {} each", sale.sale.per_shopper.min(sale.left))
                    }
                });
            }
            Some(_) => return None,
        },
    };
    Some(text.to_owned())
}

/// One product's flash sale.
#[component]
pub fn FlashOffer(
    /// The sale with its live count.
    sale: FlashSaleView,
    /// The edge's clock minus the device's (ms), for the countdown.
    skew_ms: i64,
    /// The SKU the shopper picked, if complete.
    #[prop(into)]
    sku: Signal<Option<Sku>>,
    /// The quantity the shopper chose.
    quantity: RwSignal<Quantity>,
    /// Called when the sale starts or ends, to reload the campaigns.
    on_change: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let phase = sale.phase;
    let sold_out = phase == Phase::Active && sale.left == 0;
    let lowest = sale.sale.prices.values().min_by_key(|m| m.amount).copied();
    let prices = sale.sale.prices.clone();
    let price = move || sku.get().and_then(|s| prices.get(&s).copied()).or(lowest);
    let for_hint = sale.clone();
    let why = move || blocker(&for_hint, sku.get().as_ref(), quantity.get(), ctx.locale());
    let why_blocked = why.clone();
    let (id, product) = (sale.sale.id.clone(), sale.sale.product_id.clone());
    let buy = move |_| {
        let Some(sku) = sku.get_untracked() else {
            return;
        };
        ctx.offer_checkout.set(Some(OfferCheckout {
            offer: Offer::Flash {
                campaign: id.clone(),
            },
            lines: vec![CartLine {
                product_id: product.clone(),
                sku,
                quantity: quantity.get_untracked(),
            }],
            title: pick(ctx.locale(), "限时秒杀", "Flash sale").to_owned(),
        }));
    };
    let (until, label) = match phase {
        Phase::Upcoming => (sale.sale.window.starts_at, ("距开始", "Starts in")),
        _ => (sale.sale.window.closes_at(), ("距结束", "Ends in")),
    };
    let phase_name = match phase {
        Phase::Upcoming => "upcoming",
        Phase::Active => "active",
        Phase::Ended => "ended",
    };
    let hint_id = format!("ps-flash-why-{}", ctx.id);
    view! {
        <div class="ps-flash" data-testid="ps-flash" data-phase=phase_name
            data-sold-out=sold_out.to_string() data-campaign=sale.sale.id.clone()>
            <div class="ps-flash-head">
                <span class="ps-flash-tag">{move || pick(ctx.locale(), "限时秒杀", "Flash sale")}</span>
                <span class="ps-flash-price" data-testid="ps-flash-price">
                    {move || price().map(|p| format::money(p, ctx.locale()))}
                </span>
            </div>
            <div class="ps-flash-meta">
                {(phase != Phase::Ended).then(|| view! {
                    <Countdown until=until skew_ms=skew_ms as f64 testid="ps-flash-countdown"
                        label=Signal::derive(move || pick(ctx.locale(), label.0, label.1).to_owned())
                        on_end=on_change/>
                })}
                {if sold_out {
                    view! {
                        <span class="ps-badge ps-badge-out" data-testid="ps-flash-sold-out">
                            {move || pick(ctx.locale(), "已抢光", "Sold out")}
                        </span>
                    }.into_any()
                } else {
                    let left = sale.left;
                    view! {
                        <span class="ps-flash-left" data-testid="ps-flash-left" data-left=left.to_string()>
                            {move || match ctx.locale() {
                                pocketshop_shared::Locale::ZhCn => format!("仅剩 {left} 件"),
                                pocketshop_shared::Locale::En => format!("{left} left"),
                            }}
                        </span>
                    }.into_any()
                }}
            </div>
            <button type="button" class="ps-btn ps-btn-primary ps-flash-buy" data-testid="ps-flash-buy"
                disabled=move || why_blocked().is_some() aria-describedby=hint_id.clone() on:click=buy>
                {move || pick(ctx.locale(), "以秒杀价购买", "Buy at flash price")}
            </button>
            <p class="ps-hint" id=hint_id.clone() data-testid="ps-flash-note" aria-live="polite">{why}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::campaign::{FlashSale, Window};
    use pocketshop_shared::{Currency, Locale, Money, ProductId};
    use std::collections::BTreeMap;

    fn sale(phase: Phase, left: u32) -> FlashSaleView {
        FlashSaleView {
            sale: FlashSale {
                id: "F1".into(),
                product_id: ProductId::parse("P1").expect("valid"),
                prices: BTreeMap::from([(
                    Sku::parse("P1-A").expect("valid"),
                    Money::new(990, Currency::CNY),
                )]),
                window: Window {
                    starts_at: 0,
                    ends_at: 10,
                    ended_at: None,
                },
                cap: 20,
                per_shopper: 2,
            },
            phase,
            sold: 20 - left,
            left,
        }
    }

    fn q(n: u32) -> Quantity {
        Quantity::new(n.into()).expect("valid")
    }

    #[test]
    fn only_a_running_sale_with_units_left_for_a_covered_sku_within_the_limit_can_be_bought() {
        let covered = Sku::parse("P1-A").expect("valid");
        let other = Sku::parse("P1-B").expect("valid");
        let l = Locale::En;
        assert_eq!(
            blocker(&sale(Phase::Active, 5), Some(&covered), q(2), l),
            None
        );
        assert!(blocker(&sale(Phase::Active, 5), Some(&covered), q(3), l).is_some());
        assert!(blocker(&sale(Phase::Active, 1), Some(&covered), q(2), l).is_some());
        assert!(blocker(&sale(Phase::Active, 5), Some(&other), q(1), l).is_some());
        assert!(blocker(&sale(Phase::Active, 5), None, q(1), l).is_some());
        assert_eq!(
            blocker(&sale(Phase::Active, 0), Some(&covered), q(1), l).as_deref(),
            Some("Sold out")
        );
        assert!(blocker(&sale(Phase::Upcoming, 20), Some(&covered), q(1), l).is_some());
        assert!(blocker(&sale(Phase::Ended, 20), Some(&covered), q(1), l).is_some());
    }
}
