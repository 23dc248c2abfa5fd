//! The Orders tab: the shop's orders, newest first (id, date, status, payment, total,
//! earnings), the totals of those that count, more pages on demand, and a CSV file.
//!
//! Invariants: the CSV is fetched with the session's token and saved through a Blob
//! URL (the token never goes into a URL); amounts are the server's, formatted only;
//! a failed page keeps what is shown.

use crate::browser;
use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::owner::{Earnings, OwnerOrder, OwnerShop};
use pocketshop_shared::{OrderStatus, PaymentMethod};

fn status_text(status: OrderStatus, ctx: Ctx) -> &'static str {
    match status {
        OrderStatus::PendingPayment => ctx.t("待付款", "Awaiting payment"),
        OrderStatus::Paid => ctx.t("已付款", "Paid"),
        OrderStatus::Submitted => ctx.t("已提交供应商", "With the supplier"),
        OrderStatus::Shipped => ctx.t("已发货", "Shipped"),
        OrderStatus::Delivered => ctx.t("已送达", "Delivered"),
        OrderStatus::Cancelled => ctx.t("已取消", "Cancelled"),
        OrderStatus::Refunded => ctx.t("已退款", "Refunded"),
        OrderStatus::Expired => ctx.t("已过期", "Expired"),
    }
}

fn method_text(method: PaymentMethod, ctx: Ctx) -> &'static str {
    match method {
        PaymentMethod::CashOnDelivery => ctx.t("货到付款", "Cash on delivery"),
        PaymentMethod::Stripe => "Stripe",
        PaymentMethod::WechatPay => ctx.t("微信支付", "WeChat Pay"),
        PaymentMethod::Sandbox => ctx.t("测试支付", "Sandbox"),
    }
}

/// The Orders tab.
#[component]
pub fn OrdersTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let orders = RwSignal::new(Vec::<OwnerOrder>::new());
    let totals = RwSignal::new(None::<Earnings>);
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = shop.with_untracked(|s| s.id.clone());

    let load = {
        let id = id.clone();
        move |more: bool| {
            if loading.get_untracked() {
                return;
            }
            let cursor = if more { next.get_untracked() } else { None };
            if more && cursor.is_none() {
                return;
            }
            loading.set(true);
            error.set(None);
            let (client, id) = (ctx.client(), id.clone());
            spawn_local(async move {
                let answer = client.orders(&id, cursor.as_deref()).await;
                loading.set(false);
                match answer {
                    Ok(page) => {
                        if more {
                            orders.update(|o| o.extend(page.items));
                        } else {
                            orders.set(page.items);
                        }
                        totals.set(Some(page.totals));
                        next.set(page.next_cursor);
                        loaded.set(true);
                    }
                    Err(e) => error.set(Some(ctx.problem(&e))),
                }
            });
        }
    };
    load(false);
    let more = load.clone();

    let download = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let (client, id) = (ctx.client(), shop.with_untracked(|s| s.id.clone()));
        spawn_local(async move {
            match client.orders_csv(&id).await {
                Ok(csv) => {
                    if !browser::save_file(
                        &format!("{id}-orders.csv"),
                        "text/csv;charset=utf-8",
                        &csv,
                    ) {
                        error.set(Some(
                            ctx.t(
                                "浏览器无法保存文件。",
                                "The browser could not save the file.",
                            )
                            .to_owned(),
                        ));
                    }
                }
                Err(e) => error.set(Some(ctx.problem(&e))),
            }
        });
    };

    view! {
        <div class="pc-panel" data-testid="pc-orders">
            {move || totals.get().map(|t| view! {
                <dl class="pc-totals" data-testid="pc-totals">
                    <div><dt>{ctx.t("计入收益的订单", "Orders that count")}</dt>
                        <dd data-testid="pc-totals-orders">{t.orders.to_string()}</dd></div>
                    <div><dt>{ctx.t("销售额", "Revenue")}</dt>
                        <dd data-testid="pc-totals-revenue" data-amount=t.revenue.amount.to_string()>{format::money(t.revenue, ctx.locale)}</dd></div>
                    <div><dt>{ctx.t("收益", "Earnings")}</dt>
                        <dd data-testid="pc-totals-earnings" data-amount=t.earnings.amount.to_string()>{format::money(t.earnings, ctx.locale)}</dd></div>
                </dl>
            })}
            <p class="pc-actions">
                <a href="#" class="pc-btn" data-testid="pc-orders-csv" on:click=download>{ctx.t("下载 CSV", "Download CSV")}</a>
                <button type="button" class="pc-btn pc-btn-quiet" data-testid="pc-orders-refresh"
                    on:click={ let load = load.clone(); move |_| load(false) }>{ctx.t("刷新", "Refresh")}</button>
            </p>
            <Problem message=error/>
            <table class="pc-table" data-testid="pc-orders-table" aria-busy=move || loading.get().to_string()>
                <thead><tr>
                    <th>{ctx.t("订单号", "Order")}</th>
                    <th>{ctx.t("时间（UTC）", "Date (UTC)")}</th>
                    <th>{ctx.t("状态", "Status")}</th>
                    <th>{ctx.t("付款方式", "Payment")}</th>
                    <th class="pc-num">{ctx.t("金额", "Total")}</th>
                    <th class="pc-num">{ctx.t("收益", "Earnings")}</th>
                    <th>{ctx.t("会员", "Member")}</th>
                </tr></thead>
                <tbody>
                    {move || orders.get().into_iter().map(|o| view! {
                        <tr data-testid="pc-order" data-order-id=o.id.as_str().to_owned() data-status=o.status.as_str()>
                            <td data-testid="pc-order-id">{o.id.as_str().to_owned()}</td>
                            <td>{format::date_time(o.created_at)}</td>
                            <td>{status_text(o.status, ctx)}</td>
                            <td>{method_text(o.payment_method, ctx)}</td>
                            <td class="pc-num" data-testid="pc-order-total" data-amount=o.total.amount.to_string()>{format::money(o.total, ctx.locale)}</td>
                            <td class="pc-num" data-testid="pc-order-earnings" data-amount=o.earnings.amount.to_string()>{format::money(o.earnings, ctx.locale)}</td>
                            <td data-testid="pc-order-member">{o.member_id.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {move || (loaded.get() && orders.with(Vec::is_empty)).then(|| view! {
                <p class="pc-empty" data-testid="pc-orders-empty">{ctx.t("还没有订单。", "No orders yet.")}</p>
            })}
            {move || next.with(Option::is_some).then(|| {
                let more = more.clone();
                view! {
                    <button type="button" class="pc-btn" data-testid="pc-orders-more"
                        disabled=move || loading.get() on:click=move |_| more(true)>{ctx.t("加载更多", "Load more")}</button>
                }
            })}
        </div>
    }
}
