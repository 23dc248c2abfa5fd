//! The Bargains tab: which products shoppers may bargain on (floor, helps, duration)
//! and the newest bargains with their progress.
//!
//! Invariants: the floor is typed in the shop's currency and checked by the server
//! (at least every variant's supply price); amounts are the server's, formatted only.

use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::format;
use leptos::prelude::*;
use pocketshop_shared::bargain::{BargainSettings, BargainStatus, OwnerBargains};
use pocketshop_shared::owner::OwnerShop;
use pocketshop_shared::{Money, ProductId};

/// The Bargains tab.
#[component]
pub fn BargainsTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let data = RwSignal::new(None::<OwnerBargains>);
    let error = RwSignal::new(None::<String>);
    let product = RwSignal::new(String::new());
    let floor = RwSignal::new(String::new());
    let helps = RwSignal::new("5".to_owned());
    let hours = RwSignal::new("24".to_owned());
    let (id, currency) = shop.with_untracked(|s| (s.id.clone(), s.currency));
    let load = {
        let id = id.clone();
        move || {
            let (client, id) = (ctx.client(), id.clone());
            ctx.run(error, async move { client.bargains(&id).await }, move |d| {
                data.set(Some(d))
            });
        }
    };
    load();
    let save = {
        let (id, load) = (id.clone(), load.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let parsed = (
                ProductId::parse(product.get_untracked().trim()).ok(),
                format::parse_amount(&floor.get_untracked(), currency),
                helps.get_untracked().trim().parse::<u32>().ok(),
                hours.get_untracked().trim().parse::<i64>().ok(),
            );
            let (Some(p), Some(f), Some(h), Some(hrs)) = parsed else {
                error.set(Some(
                    ctx.t("请检查填写的内容。", "Please check the fields.")
                        .to_owned(),
                ));
                return;
            };
            let body = BargainSettings {
                floor: Money::new(f, currency),
                helps: h,
                duration_secs: hrs.saturating_mul(3600),
            };
            let (client, id, load) = (ctx.client(), id.clone(), load.clone());
            ctx.run(
                error,
                async move { client.save_bargain_offer(&id, &p, &body).await },
                move |_| {
                    error.set(None);
                    load();
                },
            );
        }
    };
    let remove = {
        let (id, load) = (id.clone(), load.clone());
        move |p: ProductId| {
            let (client, id, load) = (ctx.client(), id.clone(), load.clone());
            ctx.run(
                error,
                async move { client.delete_bargain_offer(&id, &p).await },
                move |()| load(),
            );
        }
    };
    let status_text = move |s: BargainStatus| match s {
        BargainStatus::Open => ctx.t("进行中", "Open"),
        BargainStatus::Floor => ctx.t("已到底价", "At the floor"),
        BargainStatus::Bought => ctx.t("已购买", "Bought"),
        BargainStatus::Expired => ctx.t("已结束", "Expired"),
    };
    view! {
        <div class="pc-panel" data-testid="pc-bargains">
            <form class="pc-form" data-testid="pc-bargain-form" on:submit=save>
                <label>{ctx.t("商品编号", "Product id")}
                    <input class="pc-input" data-testid="pc-bargain-product" prop:value=move || product.get()
                        on:input=move |ev| product.set(event_target_value(&ev))/></label>
                <label>{ctx.t("底价", "Floor")}
                    <input class="pc-input" data-testid="pc-bargain-floor" prop:value=move || floor.get()
                        on:input=move |ev| floor.set(event_target_value(&ev))/></label>
                <label>{ctx.t("需要好友帮砍次数", "Helps to the floor")}
                    <input class="pc-input" type="number" min="1" max="50" data-testid="pc-bargain-helps"
                        prop:value=move || helps.get() on:input=move |ev| helps.set(event_target_value(&ev))/></label>
                <label>{ctx.t("时长（小时）", "Duration (hours)")}
                    <input class="pc-input" type="number" min="1" max="168" data-testid="pc-bargain-hours"
                        prop:value=move || hours.get() on:input=move |ev| hours.set(event_target_value(&ev))/></label>
                <button type="submit" class="pc-btn" data-testid="pc-bargain-save">{ctx.t("保存", "Save")}</button>
            </form>
            <Problem message=error/>
            <table class="pc-table" data-testid="pc-bargain-offers">
                <thead><tr>
                    <th>{ctx.t("商品", "Product")}</th>
                    <th class="pc-num">{ctx.t("底价", "Floor")}</th>
                    <th class="pc-num">{ctx.t("次数", "Helps")}</th>
                    <th class="pc-num">{ctx.t("时长（小时）", "Hours")}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {move || data.get().map(|d| d.offers.into_iter().map(|o| {
                        let (p, remove) = (o.product.clone(), remove.clone());
                        view! {
                            <tr data-testid="pc-bargain-offer">
                                <td>{o.product.to_string()}</td>
                                <td class="pc-num">{format::money(o.floor, ctx.locale)}</td>
                                <td class="pc-num">{o.helps.to_string()}</td>
                                <td class="pc-num">{(o.duration_secs / 3600).to_string()}</td>
                                <td><button type="button" class="pc-btn pc-btn-quiet" data-testid="pc-bargain-remove"
                                    on:click=move |_| remove(p.clone())>{ctx.t("停止", "Stop")}</button></td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
            <h3>{ctx.t("最近的砍价", "Newest bargains")}</h3>
            <table class="pc-table" data-testid="pc-bargain-list">
                <thead><tr>
                    <th>{ctx.t("商品", "Product")}</th>
                    <th>{ctx.t("状态", "Status")}</th>
                    <th class="pc-num">{ctx.t("当前价", "Price")}</th>
                    <th class="pc-num">{ctx.t("帮砍", "Helps")}</th>
                    <th>{ctx.t("截止（UTC）", "Ends (UTC)")}</th>
                </tr></thead>
                <tbody>
                    {move || data.get().map(|d| d.bargains.into_iter().map(|b| view! {
                        <tr data-testid="pc-bargain">
                            <td>{b.product.to_string()}" · "{b.sku.to_string()}</td>
                            <td>{status_text(b.status)}</td>
                            <td class="pc-num">{format::money(b.price, ctx.locale)}</td>
                            <td class="pc-num">{format!("{}/{}", b.helps.len(), b.helps_needed)}</td>
                            <td>{format::date_time(b.expires_at)}</td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}
