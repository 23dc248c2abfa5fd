//! The shopper's coupons at checkout: those issued to this device's shopper id
//! (welcome and win-back coupons, which the edge issues when they fall due) and still
//! usable, each with a button that applies it.
//!
//! Invariants: the list comes from the edge (`GET …/coupons?shopper=`), fetched in an
//! effect, never while rendering; a coupon is only applied through the checkout's own
//! coupon field, so the quote re-prices with it like a typed code.

use crate::context::Ctx;
use crate::format;
use crate::i18n::pick;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::coupon::{Coupon, CouponValue};
use pocketshop_shared::Locale;

/// What a coupon takes off, in words.
fn describe(coupon: &Coupon, locale: Locale) -> String {
    let off = match coupon.value {
        CouponValue::Fixed { amount } => format::money(amount, locale),
        CouponValue::Percent { basis_points } => {
            let whole = basis_points / 100;
            let part = basis_points % 100;
            if part == 0 {
                format!("{whole}%")
            } else {
                format!("{whole}.{part:02}%")
            }
        }
    };
    match (locale, coupon.min_spend) {
        (Locale::ZhCn, Some(min)) => format!("满 {} 减 {off}", format::money(min, locale)),
        (Locale::ZhCn, None) => format!("立减 {off}"),
        (Locale::En, Some(min)) => {
            format!("{off} off orders of {} or more", format::money(min, locale))
        }
        (Locale::En, None) => format!("{off} off"),
    }
}

/// This shopper's usable coupons, each applied with one tap.
#[component]
pub fn CouponWallet(
    /// Applies a coupon code to the checkout.
    on_use: Callback<String>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let coupons = RwSignal::new(Vec::<Coupon>::new());
    Effect::new(move |_| {
        let client = ctx.client.get_value();
        let (shop, shopper) = (ctx.shop(), ctx.shopper());
        spawn_local(async move {
            // Without its coupons the checkout still works: a failure shows none.
            if let Ok(wallet) = client.wallet(&shop, &shopper).await {
                coupons.set(wallet.coupons);
            }
        });
    });
    view! {
        <Show when=move || !coupons.with(Vec::is_empty)>
            <ul class="ps-wallet" data-testid="ps-wallet">
                <For each=move || coupons.get() key=|c| c.code.to_string() let:c>
                    <li class="ps-wallet-coupon" data-testid="ps-wallet-coupon">
                        <span>{let c = c.clone(); move || describe(&c, ctx.locale())}</span>
                        <button type="button" class="ps-btn ps-btn-secondary" data-testid="ps-wallet-use"
                            on:click={let code = c.code.to_string(); move |_| on_use.run(code.clone())}>
                            {move || pick(ctx.locale(), "使用", "Use")}
                        </button>
                    </li>
                </For>
            </ul>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::coupon::CouponCode;
    use pocketshop_shared::{Currency, Money};

    fn coupon(value: CouponValue, min: Option<i64>) -> Coupon {
        Coupon {
            code: CouponCode::parse("WELCOME").expect("a code"),
            value,
            min_spend: min.map(|m| Money::new(m, Currency::CNY)),
            valid_from: None,
            valid_until: None,
            per_shopper_limit: None,
            total_limit: None,
            issued_to: None,
        }
    }

    #[test]
    fn a_coupon_reads_as_what_it_takes_off_and_from_what_spend() {
        let fixed = coupon(
            CouponValue::Fixed {
                amount: Money::new(500, Currency::CNY),
            },
            Some(5000),
        );
        assert_eq!(describe(&fixed, Locale::ZhCn), "满 ¥50.00 减 ¥5.00");
        let percent = coupon(CouponValue::Percent { basis_points: 1250 }, None);
        assert_eq!(describe(&percent, Locale::En), "12.50% off");
    }
}
