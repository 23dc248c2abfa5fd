//! The Campaigns tab: create, list and end a shop's flash sales (price, start,
//! length, total cap, limit per shopper) and group deals (group price, group size,
//! the time a group has to fill, how long groups may be opened).
//!
//! Invariants: prices are typed in the shop's currency and checked by the server
//! (above every covered SKU's supply price); times are sent as unix seconds from the
//! device's clock at the moment of saving, "now" is left to the server's clock;
//! counts, phases and open groups are the server's, formatted only; ending asks the
//! server and then reloads, so the list never shows an end that did not happen.

use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::campaign::{
    FlashSaleView, GroupDealView, NewFlashSale, NewGroupDeal, Phase, DEFAULT_FLASH_SECS,
};
use pocketshop_shared::owner::OwnerShop;
use pocketshop_shared::{Money, ProductId};

/// The device's clock in unix seconds (handlers only).
fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// `starts_at` and `ends_at` for a campaign starting `in_hours` from `now` and
/// lasting `hours`: a start of zero is left to the server ("now" on its clock), and
/// so is the length when it is the default.
pub fn window(
    now: i64,
    in_hours: i64,
    hours: i64,
    default_secs: i64,
) -> (Option<i64>, Option<i64>) {
    let length = hours.saturating_mul(3600);
    if in_hours <= 0 {
        let ends = (length != default_secs).then(|| now.saturating_add(length));
        return (None, ends);
    }
    let starts = now.saturating_add(in_hours.saturating_mul(3600));
    (Some(starts), Some(starts.saturating_add(length)))
}

fn phase_text(ctx: Ctx, p: Phase) -> &'static str {
    match p {
        Phase::Upcoming => ctx.t("未开始", "Coming"),
        Phase::Active => ctx.t("进行中", "Running"),
        Phase::Ended => ctx.t("已结束", "Ended"),
    }
}

fn phase_slug(p: Phase) -> &'static str {
    match p {
        Phase::Upcoming => "upcoming",
        Phase::Active => "active",
        Phase::Ended => "ended",
    }
}

fn number<T: std::str::FromStr>(s: RwSignal<String>) -> Option<T> {
    s.get_untracked().trim().parse::<T>().ok()
}

/// The Campaigns tab.
#[component]
pub fn CampaignsTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let flash = RwSignal::new(None::<Vec<FlashSaleView>>);
    let deals = RwSignal::new(None::<Vec<GroupDealView>>);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<&'static str>);
    // The flash sale form.
    let f_product = RwSignal::new(String::new());
    let f_price = RwSignal::new(String::new());
    let f_in = RwSignal::new("0".to_owned());
    let f_hours = RwSignal::new((DEFAULT_FLASH_SECS / 3600).to_string());
    let f_cap = RwSignal::new("20".to_owned());
    let f_each = RwSignal::new("1".to_owned());
    // The group deal form.
    let g_product = RwSignal::new(String::new());
    let g_price = RwSignal::new(String::new());
    let g_size = RwSignal::new("2".to_owned());
    let g_window = RwSignal::new("24".to_owned());
    let g_days = RwSignal::new("7".to_owned());
    let (id, currency) = shop.with_untracked(|s| (s.id.clone(), s.currency));
    let load = {
        let id = id.clone();
        move || {
            let (client, id) = (ctx.client(), id.clone());
            spawn_local(async move {
                match client.flash_sales(&id).await {
                    Ok(v) => flash.set(Some(v)),
                    Err(e) => error.set(Some(ctx.problem(&e))),
                }
                match client.group_deals(&id).await {
                    Ok(v) => deals.set(Some(v)),
                    Err(e) => error.set(Some(ctx.problem(&e))),
                }
            });
        }
    };
    load();
    let check = move || {
        error.set(Some(
            ctx.t("请检查填写的内容。", "Please check the fields.")
                .to_owned(),
        ));
    };
    let save_flash = {
        let (id, load) = (id.clone(), load.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let parsed = (
                ProductId::parse(f_product.get_untracked().trim()).ok(),
                format::parse_amount(&f_price.get_untracked(), currency),
                number::<i64>(f_in),
                number::<i64>(f_hours),
                number::<u32>(f_cap),
                number::<u32>(f_each),
            );
            let (Some(product_id), Some(price), Some(in_hours), Some(hours), Some(cap), Some(each)) =
                parsed
            else {
                return check();
            };
            let (starts_at, ends_at) = window(now_secs(), in_hours, hours, DEFAULT_FLASH_SECS);
            let body = NewFlashSale {
                product_id,
                price: Money::new(price, currency),
                skus: vec![],
                starts_at,
                ends_at,
                cap,
                per_shopper: each,
            };
            let (client, id, load) = (ctx.client(), id.clone(), load.clone());
            ctx.run(
                error,
                async move { client.create_flash_sale(&id, &body).await },
                move |_| {
                    error.set(None);
                    saved.set(Some(ctx.t("秒杀已创建。", "Flash sale created.")));
                    load();
                },
            );
        }
    };
    let save_deal = {
        let (id, load) = (id.clone(), load.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let parsed = (
                ProductId::parse(g_product.get_untracked().trim()).ok(),
                format::parse_amount(&g_price.get_untracked(), currency),
                number::<u32>(g_size),
                number::<i64>(g_window),
                number::<i64>(g_days),
            );
            let (Some(product_id), Some(price), Some(size), Some(window_hours), Some(days)) =
                parsed
            else {
                return check();
            };
            let (starts_at, ends_at) = window(now_secs(), 0, days.saturating_mul(24), 7 * 86_400);
            let body = NewGroupDeal {
                product_id,
                price: Money::new(price, currency),
                skus: vec![],
                starts_at,
                ends_at,
                size,
                window_secs: window_hours.saturating_mul(3600),
            };
            let (client, id, load) = (ctx.client(), id.clone(), load.clone());
            ctx.run(
                error,
                async move { client.create_group_deal(&id, &body).await },
                move |_| {
                    error.set(None);
                    saved.set(Some(ctx.t("拼团已创建。", "Group deal created.")));
                    load();
                },
            );
        }
    };
    let end = {
        let (id, load) = (id.clone(), load.clone());
        move |flash_sale: bool, campaign: String| {
            let (client, id, load) = (ctx.client(), id.clone(), load.clone());
            let ending = async move {
                if flash_sale {
                    client.end_flash_sale(&id, &campaign).await
                } else {
                    client.end_group_deal(&id, &campaign).await
                }
            };
            ctx.run(error, ending, move |()| {
                error.set(None);
                load();
            });
        }
    };
    let end_deal = end.clone();
    let input = move |label: &'static str, testid: &'static str, value: RwSignal<String>| {
        view! {
            <label>{label}
                <input class="pc-input" data-testid=testid prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/></label>
        }
    };
    view! {
        <div class="pc-panel" data-testid="pc-campaigns">
            <Problem message=error/>
            <p class="pc-hint" role="status" data-testid="pc-campaign-saved">{move || saved.get()}</p>
            <h3>{ctx.t("限时秒杀", "Flash sales")}</h3>
            <form class="pc-form" data-testid="pc-flash-form" on:submit=save_flash>
                {input(ctx.t("商品编号", "Product id"), "pc-flash-product", f_product)}
                {input(ctx.t("秒杀价", "Sale price"), "pc-flash-price", f_price)}
                {input(ctx.t("几小时后开始（0 为立即）", "Starts in (hours, 0 = now)"), "pc-flash-in", f_in)}
                {input(ctx.t("时长（小时）", "Length (hours)"), "pc-flash-hours", f_hours)}
                {input(ctx.t("总量", "Total units"), "pc-flash-cap", f_cap)}
                {input(ctx.t("每人限购", "Limit per shopper"), "pc-flash-each", f_each)}
                <button type="submit" class="pc-btn" data-testid="pc-flash-create">{ctx.t("创建秒杀", "Create flash sale")}</button>
            </form>
            <table class="pc-table" data-testid="pc-flash-sales">
                <thead><tr>
                    <th>{ctx.t("商品", "Product")}</th>
                    <th>{ctx.t("状态", "Status")}</th>
                    <th class="pc-num">{ctx.t("秒杀价", "Price")}</th>
                    <th class="pc-num">{ctx.t("已售/总量", "Sold / cap")}</th>
                    <th class="pc-num">{ctx.t("每人", "Each")}</th>
                    <th>{ctx.t("时间（UTC）", "When (UTC)")}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {move || flash.get().map(|list| list.into_iter().map(|f| {
                        let (end, campaign) = (end.clone(), f.sale.id.clone());
                        let price = f.sale.prices.values().min_by_key(|m| m.amount).copied();
                        view! {
                            <tr data-testid="pc-flash-sale" data-id=f.sale.id.clone() data-phase=phase_slug(f.phase)>
                                <td>{f.sale.product_id.to_string()}</td>
                                <td>{phase_text(ctx, f.phase)}</td>
                                <td class="pc-num">{price.map(|p| format::money(p, ctx.locale))}</td>
                                <td class="pc-num" data-testid="pc-flash-sold">{format!("{}/{}", f.sold, f.sale.cap)}</td>
                                <td class="pc-num">{f.sale.per_shopper.to_string()}</td>
                                <td>{format!("{} → {}", format::date_time(f.sale.window.starts_at), format::date_time(f.sale.window.closes_at()))}</td>
                                <td>{(f.phase != Phase::Ended).then(|| view! {
                                    <button type="button" class="pc-btn pc-btn-quiet" data-testid="pc-flash-end"
                                        on:click=move |_| end(true, campaign.clone())>{ctx.t("结束", "End")}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
            <h3>{ctx.t("拼团", "Group deals")}</h3>
            <form class="pc-form" data-testid="pc-deal-form" on:submit=save_deal>
                {input(ctx.t("商品编号", "Product id"), "pc-deal-product", g_product)}
                {input(ctx.t("拼团价", "Group price"), "pc-deal-price", g_price)}
                {input(ctx.t("成团人数", "Group size"), "pc-deal-size", g_size)}
                {input(ctx.t("成团时限（小时）", "Hours a group has to fill"), "pc-deal-window", g_window)}
                {input(ctx.t("活动天数", "Deal runs (days)"), "pc-deal-days", g_days)}
                <button type="submit" class="pc-btn" data-testid="pc-deal-create">{ctx.t("创建拼团", "Create group deal")}</button>
            </form>
            <table class="pc-table" data-testid="pc-group-deals">
                <thead><tr>
                    <th>{ctx.t("商品", "Product")}</th>
                    <th>{ctx.t("状态", "Status")}</th>
                    <th class="pc-num">{ctx.t("拼团价", "Price")}</th>
                    <th class="pc-num">{ctx.t("人数", "Size")}</th>
                    <th class="pc-num">{ctx.t("时限（小时）", "Fill within (h)")}</th>
                    <th class="pc-num">{ctx.t("进行中的团", "Open groups")}</th>
                    <th>{ctx.t("时间（UTC）", "When (UTC)")}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {move || deals.get().map(|list| list.into_iter().map(|d| {
                        let (end, campaign) = (end_deal.clone(), d.deal.id.clone());
                        let price = d.deal.prices.values().min_by_key(|m| m.amount).copied();
                        view! {
                            <tr data-testid="pc-group-deal" data-id=d.deal.id.clone() data-phase=phase_slug(d.phase)>
                                <td>{d.deal.product_id.to_string()}</td>
                                <td>{phase_text(ctx, d.phase)}</td>
                                <td class="pc-num">{price.map(|p| format::money(p, ctx.locale))}</td>
                                <td class="pc-num">{d.deal.size.to_string()}</td>
                                <td class="pc-num">{(d.deal.window_secs / 3600).to_string()}</td>
                                <td class="pc-num" data-testid="pc-deal-open-groups">{d.open_groups.len().to_string()}</td>
                                <td>{format!("{} → {}", format::date_time(d.deal.window.starts_at), format::date_time(d.deal.window.closes_at()))}</td>
                                <td>{(d.phase != Phase::Ended).then(|| view! {
                                    <button type="button" class="pc-btn pc-btn-quiet" data-testid="pc-deal-end"
                                        on:click=move |_| end(false, campaign.clone())>{ctx.t("结束", "End")}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_campaign_starting_now_leaves_the_start_and_a_default_length_to_the_server() {
        let now = 1_000_000;
        assert_eq!(window(now, 0, 48, DEFAULT_FLASH_SECS), (None, None));
        assert_eq!(
            window(now, 0, 2, DEFAULT_FLASH_SECS),
            (None, Some(now + 7200))
        );
        assert_eq!(
            window(now, 3, 48, DEFAULT_FLASH_SECS),
            (Some(now + 3 * 3600), Some(now + 51 * 3600))
        );
    }
}
