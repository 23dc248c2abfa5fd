//! The Coupons tab: the shop's coupons with their uses, a form for a new one, and the
//! automatic issue rules (a welcome coupon and a win-back ladder).
//!
//! Invariants: amounts are typed in the shop's currency and sent as integer minor
//! units, percentages as basis points; nothing is checked only here: the edge answers
//! `invalid_field` naming the field, shown as the server said it.

use crate::context::Ctx;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::api::OwnerCoupon;
use pocketshop_shared::coupon::{
    Coupon, CouponCode, CouponTemplate, CouponValue, IssueRules, WinBackRung, DAY_SECS,
};
use pocketshop_shared::owner::OwnerShop;
use pocketshop_shared::{Currency, Money};

/// A coupon value from what the owner typed: `10%` is a percentage, `5` an amount.
pub fn parse_value(text: &str, currency: Currency) -> Option<CouponValue> {
    let text = text.trim();
    match text.strip_suffix('%') {
        Some(p) => format::parse_percent(p.trim())
            .filter(|bp| *bp > 0 && *bp <= 10_000)
            .map(|basis_points| CouponValue::Percent { basis_points }),
        None => format::parse_amount(text, currency)
            .filter(|a| *a > 0)
            .map(|amount| CouponValue::Fixed {
                amount: Money::new(amount, currency),
            }),
    }
}

/// A coupon value as the owner reads and types it.
pub fn value_text(value: CouponValue) -> String {
    match value {
        CouponValue::Percent { basis_points } => format!("{}%", format::percent_text(basis_points)),
        CouponValue::Fixed { amount } => format::amount_text(amount.amount, amount.currency),
    }
}

/// The win-back ladder as text, one rung a line: `30: 10% 14` (days idle: value,
/// days valid).
pub fn ladder_text(rungs: &[WinBackRung]) -> String {
    rungs
        .iter()
        .map(|r| {
            format!(
                "{}: {} {}",
                r.after_days,
                value_text(r.coupon.value),
                r.coupon.valid_days
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the ladder's text back; `None` names nothing precise: the edge checks it.
pub fn parse_ladder(text: &str, currency: Currency) -> Option<Vec<WinBackRung>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (days, rest) = line.split_once(':')?;
            let mut parts = rest.split_whitespace();
            let value = parse_value(parts.next()?, currency)?;
            let valid_days = parts.next().map_or(Some(14), |d| d.parse().ok())?;
            Some(WinBackRung {
                after_days: days.trim().parse().ok()?,
                coupon: CouponTemplate {
                    value,
                    min_spend: None,
                    valid_days,
                },
            })
        })
        .collect()
}

/// The Coupons tab.
#[component]
pub fn CouponsTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let (id, currency) = shop.with_untracked(|s| (s.id.clone(), s.currency));
    let reload = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let id_list = id.clone();
    let coupons = LocalResource::new(move || {
        reload.track();
        let (client, id) = (ctx.client(), id_list.clone());
        async move { client.coupons(&id).await }
    });
    let (code, value, min_spend, total, per_shopper, days) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (welcome, welcome_days, ladder) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::from("7")),
        RwSignal::new(String::new()),
    );
    let id_rules = id.clone();
    spawn_local(async move {
        if let Ok(rules) = ctx.client().coupon_rules(&id_rules).await {
            if let Some(w) = rules.welcome {
                welcome.set(value_text(w.value));
                welcome_days.set(w.valid_days.to_string());
            }
            ladder.set(ladder_text(&rules.win_back));
        }
    });
    let id_add = id.clone();
    let add = move |_| {
        error.set(None);
        let Ok(code) = CouponCode::parse(&code.get_untracked()) else {
            error.set(Some(
                ctx.t(
                    "券码为 3–32 位字母、数字或 -",
                    "A code is 3 to 32 letters, digits or '-'",
                )
                .into(),
            ));
            return;
        };
        let Some(value) = parse_value(&value.get_untracked(), currency) else {
            error.set(Some(
                ctx.t(
                    "请填写金额或百分比（如 5 或 10%）",
                    "Enter an amount or a percentage (5 or 10%)",
                )
                .into(),
            ));
            return;
        };
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let coupon = Coupon {
            code,
            value,
            min_spend: format::parse_amount(&min_spend.get_untracked(), currency)
                .filter(|a| *a > 0)
                .map(|a| Money::new(a, currency)),
            valid_from: None,
            valid_until: number(days).map(|d| now + i64::from(d) * DAY_SECS),
            per_shopper_limit: number(per_shopper),
            total_limit: number(total),
            issued_to: None,
        };
        let (client, id) = (ctx.client(), id_add.clone());
        ctx.run(
            error,
            async move { client.create_coupon(&id, &coupon).await },
            move |_| reload.update(|n| *n += 1),
        );
    };
    let id_save = id.clone();
    let save_rules = move |_| {
        error.set(None);
        saved.set(false);
        let welcome_text = welcome.get_untracked();
        let welcome = if welcome_text.trim().is_empty() {
            None
        } else {
            let Some(value) = parse_value(&welcome_text, currency) else {
                error.set(Some(
                    ctx.t("欢迎券金额无效", "The welcome coupon's value is not valid")
                        .into(),
                ));
                return;
            };
            Some(CouponTemplate {
                value,
                min_spend: None,
                valid_days: welcome_days.get_untracked().trim().parse().unwrap_or(7),
            })
        };
        let Some(win_back) = parse_ladder(&ladder.get_untracked(), currency) else {
            error.set(Some(
                ctx.t(
                    "回流阶梯格式：天数: 优惠 有效天数",
                    "Ladder lines read: days: value valid-days",
                )
                .into(),
            ));
            return;
        };
        let rules = IssueRules { welcome, win_back };
        let (client, id) = (ctx.client(), id_save.clone());
        ctx.run(
            error,
            async move { client.save_coupon_rules(&id, &rules).await },
            move |_| saved.set(true),
        );
    };
    let field = |label: &'static str, testid: &'static str, signal: RwSignal<String>| {
        view! {
            <label class="pc-field">
                <span>{label}</span>
                <input class="pc-input" data-testid=testid prop:value=move || signal.get()
                    on:input=move |ev| signal.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <div class="pc-panel pc-coupons" data-testid="pc-coupons">
            {move || error.get().map(|e| view! { <p class="pc-error" role="alert" data-testid="pc-error">{e}</p> })}
            <h3>{ctx.t("优惠券", "Coupons")}</h3>
            <table class="pc-table" data-testid="pc-coupon-list">
                <thead><tr>
                    <th>{ctx.t("券码", "Code")}</th><th>{ctx.t("优惠", "Value")}</th>
                    <th>{ctx.t("最低消费", "Min. spend")}</th><th>{ctx.t("已用 / 总量", "Used / limit")}</th>
                    <th>{ctx.t("每人限用", "Per shopper")}</th><th>{ctx.t("有效至", "Valid until")}</th>
                </tr></thead>
                <tbody>
                    {move || coupons.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c: OwnerCoupon| view! {
                        <tr data-testid="pc-coupon">
                            <td>{c.coupon.code.to_string()}</td>
                            <td>{value_text(c.coupon.value)}</td>
                            <td>{c.coupon.min_spend.map(|m| format::money(m, ctx.locale))}</td>
                            <td>{format!("{} / {}", c.used, c.coupon.total_limit.map_or("∞".to_owned(), |t| t.to_string()))}</td>
                            <td>{c.coupon.per_shopper_limit.map(|n| n.to_string())}</td>
                            <td>{c.coupon.valid_until.map(format::date_time)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="pc-form" data-testid="pc-coupon-form">
                {field(ctx.t("券码", "Code"), "pc-coupon-code", code)}
                {field(ctx.t("优惠（金额或 10%）", "Value (amount or 10%)"), "pc-coupon-value", value)}
                {field(ctx.t("最低消费（选填）", "Minimum spend (optional)"), "pc-coupon-min", min_spend)}
                {field(ctx.t("总量（选填）", "Total uses (optional)"), "pc-coupon-total", total)}
                {field(ctx.t("每人限用（选填）", "Uses per shopper (optional)"), "pc-coupon-per-shopper", per_shopper)}
                {field(ctx.t("有效天数（选填）", "Valid for days (optional)"), "pc-coupon-days", days)}
                <button type="button" class="pc-btn pc-btn-primary" data-testid="pc-coupon-add" on:click=add>
                    {ctx.t("添加优惠券", "Add coupon")}
                </button>
            </div>
            <h3>{ctx.t("自动发券", "Automatic coupons")}</h3>
            <div class="pc-form" data-testid="pc-coupon-rules">
                {field(ctx.t("新客欢迎券（金额或 10%，留空不发）", "Welcome coupon (amount or 10%; empty for none)"), "pc-welcome-value", welcome)}
                {field(ctx.t("欢迎券有效天数", "Welcome coupon valid for days"), "pc-welcome-days", welcome_days)}
                <label class="pc-field">
                    <span>{ctx.t("回流阶梯（每行：未购天数: 优惠 有效天数）", "Win-back ladder (a line each: days without a purchase: value valid-days)")}</span>
                    <textarea class="pc-input" rows="4" data-testid="pc-win-back" placeholder="30: 5% 14"
                        prop:value=move || ladder.get()
                        on:input=move |ev| ladder.set(event_target_value(&ev))></textarea>
                </label>
                <div class="pc-actions">
                    <button type="button" class="pc-btn pc-btn-primary" data-testid="pc-coupon-rules-save" on:click=save_rules>
                        {ctx.t("保存规则", "Save rules")}
                    </button>
                    {move || saved.get().then(|| view! { <span class="pc-ok" data-testid="pc-saved">{ctx.t("已保存", "Saved")}</span> })}
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_amounts_or_percentages() {
        assert_eq!(
            parse_value("10%", Currency::CNY),
            Some(CouponValue::Percent {
                basis_points: 1_000
            })
        );
        assert_eq!(
            parse_value("5.50", Currency::CNY),
            Some(CouponValue::Fixed {
                amount: Money::new(550, Currency::CNY)
            })
        );
        assert_eq!(parse_value("0", Currency::CNY), None);
        assert_eq!(parse_value("150%", Currency::CNY), None);
    }

    #[test]
    fn the_ladder_round_trips_through_its_text() {
        let text = "30: 5% 14\n60: 10% 7";
        let rungs = parse_ladder(text, Currency::CNY).expect("a ladder");
        assert_eq!(rungs.len(), 2);
        assert_eq!(ladder_text(&rungs), text);
        assert_eq!(parse_ladder("thirty: 5%", Currency::CNY), None);
    }
}
