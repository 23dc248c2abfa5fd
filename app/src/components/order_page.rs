//! The shopper's order: the confirmation right after checkout, the order page with
//! status, lines, totals and tracking, and "my orders" on this device.
//!
//! Invariants: an order is only ever read with its capability token, which stays on
//! this device; status text comes from the order's state machine names; a group
//! order links to its group, where the shopper watches it fill and invites friends.

use crate::browser;
use crate::components::after_sales::AfterSales;
use crate::components::checkout_form::purchase_detail;
use crate::components::group_panel::GroupPanel;
use crate::components::problem::Problem;
use crate::context::{Ctx, Panel};
use crate::format;
use crate::i18n::{self, pick};
use crate::route::{self, Route};
use crate::storage;
use leptos::prelude::*;
use pocketshop_shared::api::{OrderCreated, OrderView, PaymentHandoff};
use pocketshop_shared::{Locale, OrderId, OrderStatus};

fn status_text(s: OrderStatus, l: Locale) -> &'static str {
    match s {
        OrderStatus::PendingPayment => pick(l, "待付款", "Awaiting payment"),
        OrderStatus::Paid => pick(l, "已付款", "Paid"),
        OrderStatus::Submitted => pick(l, "备货中", "Being prepared"),
        OrderStatus::Shipped => pick(l, "已发货", "Shipped"),
        OrderStatus::Delivered => pick(l, "已签收", "Delivered"),
        OrderStatus::Cancelled => pick(l, "已取消", "Cancelled"),
        OrderStatus::Refunded => pick(l, "已退款", "Refunded"),
        OrderStatus::Expired => pick(l, "已过期（未付款）", "Expired (not paid)"),
    }
}

/// Right after checkout: thanks, the order number, what to pay and when; and, when
/// this device could not keep the order, a link with its token for the shopper to keep.
#[component]
pub fn Placed(
    /// The order just created.
    created: OrderCreated,
    /// Whether this device kept the order to open again (its storage may be full or
    /// off).
    kept: bool,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let id = created.order.id.clone();
    let token = created.token.clone();
    let keep = (!kept).then(|| {
        let link = browser::page_url_with(&route::order_link_with_token(&ctx.shop(), &id, &token));
        let label = move || pick(ctx.locale(), "订单链接", "Order link");
        view! {
            <div class="ps-problem" data-testid="ps-order-not-kept" role="alert">
                <p>{move || pick(
                    ctx.locale(),
                    "此浏览器无法保存这个订单（存储已满或已关闭）。请保存下面的链接，以后用它查看订单：",
                    "This browser could not keep this order (its storage is full or turned off). Keep this link to see your order later:",
                )}</p>
                <input class="ps-input" readonly value=link data-testid="ps-order-link" aria-label=label
                    on:focus=|e| {
                        use wasm_bindgen::JsCast;
                        if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            input.select();
                        }
                    }/>
            </div>
        }
    });
    let next = match created.payment.clone() {
        PaymentHandoff::CashOnDelivery { amount_due } => view! {
            <p>{move || match ctx.locale() {
                Locale::ZhCn => format!("货到付款：收货时请准备 {}。", format::money(amount_due, Locale::ZhCn)),
                Locale::En => format!("Cash on delivery: please have {} ready when it arrives.", format::money(amount_due, Locale::En)),
            }}</p>
        }.into_any(),
        PaymentHandoff::Redirect { url, amount_due, pay_before, .. } => view! {
            // Without the device keeping the order, the shopper goes to pay from here,
            // once they have kept its link (the checkout does not send them at once).
            <p>{move || match (ctx.locale(), kept) {
                (Locale::ZhCn, true) => format!("正在前往支付页面，请在 {} 前支付 {}。", format::datetime(pay_before, Locale::ZhCn), format::money(amount_due, Locale::ZhCn)),
                (Locale::ZhCn, false) => format!("保存链接后，请在 {} 前前往支付页面支付 {}。", format::datetime(pay_before, Locale::ZhCn), format::money(amount_due, Locale::ZhCn)),
                (Locale::En, true) => format!("Taking you to the payment page. Please pay {} by {}.", format::money(amount_due, Locale::En), format::datetime(pay_before, Locale::En)),
                (Locale::En, false) => format!("Once you have kept the link, please pay {} on the payment page by {}.", format::money(amount_due, Locale::En), format::datetime(pay_before, Locale::En)),
            }}</p>
            <a class="ps-btn ps-btn-primary ps-wide" data-testid="ps-pay-now" href=url target="_top" rel="noopener">
                {move || pick(ctx.locale(), "去支付", "Go to payment")}
            </a>
        }.into_any(),
    };
    view! {
        <div class="ps-placed" data-testid="ps-confirmation" role="status">
            <div class="ps-placed-mark" aria-hidden="true">"✓"</div>
            <h2 class="ps-panel-title">{move || pick(ctx.locale(), "下单成功", "Thank you, your order is placed")}</h2>
            <p>{move || pick(ctx.locale(), "订单号 ", "Order number ")}<strong data-testid="ps-order-id">{id.as_str().to_owned()}</strong></p>
            {keep}
            {next}
            <button type="button" class="ps-btn ps-btn-primary ps-wide" data-testid="ps-view-order"
                on:click=move |_| ctx.panel.set(Panel::Order { id: id.clone(), token: token.clone() })>
                {move || pick(ctx.locale(), "查看订单", "View order")}
            </button>
        </div>
    }
}

/// An order's page.
#[component]
pub fn OrderPage(
    /// The order.
    id: OrderId,
    /// Its token.
    token: String,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let attempt = RwSignal::new(0u32);
    let token_copy = token.clone();
    let order = LocalResource::new({
        let id = id.clone();
        move || {
            attempt.track();
            let (client, id, token) = (ctx.client.get_value(), id.clone(), token.clone());
            async move { client.order(&id, &token).await }
        }
    });
    let refresh = Callback::new(move |()| attempt.update(|n| *n += 1));
    let token_for_body = token_copy;
    view! {
        <div class="ps-order" data-testid="ps-order">
            <button type="button" class="ps-link ps-back" data-testid="ps-my-orders-link"
                on:click=move |_| ctx.panel.set(Panel::Orders)>
                {move || pick(ctx.locale(), "‹ 我的订单", "‹ My orders")}
            </button>
            {move || match order.get() {
                None => view! { <div class="ps-skel ps-skel-block" data-testid="ps-skeleton" aria-busy="true"></div> }.into_any(),
                Some(Err(e)) => view! { <Problem error=e retry=refresh/> }.into_any(),
                Some(Ok(o)) => view! { <OrderBody order=o token=token_for_body.clone() refresh=refresh/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn OrderBody(
    /// The order.
    order: OrderView,
    /// Its token.
    token: String,
    /// Reloads it.
    refresh: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let status = order.status;
    let paid = matches!(
        status,
        OrderStatus::Paid | OrderStatus::Submitted | OrderStatus::Shipped | OrderStatus::Delivered
    );
    let prepaid = order.payment_method.is_prepaid();
    let saved = storage::SavedOrder {
        id: order.id.clone(),
        token: token.clone(),
        total: order.total,
        created_at: order.created_at,
        // Cash on delivery is reported at checkout, on the device that placed it.
        purchase_reported: !prepaid,
    };
    // An order opened from its link (perhaps on another device) is kept, to find again
    // in "my orders"; one kept already stays as it is. A hosted payment's purchase is
    // told to the host page once it is seen paid.
    if storage::open_order(&ctx.api(), &ctx.shop(), saved, paid && prepaid) {
        ctx.emit("purchase", purchase_detail(&order));
    }
    let pay = order.pay_url.clone().zip(order.pay_before);
    let test_mode = order.test_mode;
    let after_sales = order.after_sales.clone();
    let can_ask = matches!(status, OrderStatus::Shipped | OrderStatus::Delivered);
    let order_id = order.id.clone();
    let created_at = order.created_at;
    let (subtotal, shipping, total) = (order.subtotal, order.shipping, order.total);
    let discount = order.discount.filter(|d| d.amount > 0);
    let shipments = order.shipments.clone();
    let contact = order.contact.clone();
    let group = order.group.clone();
    // The group's panel asks the edge every few seconds while open: shown on demand.
    let group_shown = RwSignal::new(false);
    view! {
        <h2 class="ps-panel-title">{move || pick(ctx.locale(), "订单 ", "Order ")}{order.id.as_str().to_owned()}</h2>
        <p class="ps-status">
            <span class="ps-badge" data-testid="ps-order-status" data-status=status.as_str()>{move || status_text(status, ctx.locale())}</span>
            <span class="ps-muted">{move || format::datetime(created_at, ctx.locale())}</span>
            {test_mode.then(|| view! {
                <span class="ps-badge ps-badge-test" data-testid="ps-test-mode">{move || pick(ctx.locale(), "测试支付", "Test payment")}</span>
            })}
        </p>
        {pay.map(|(url, before)| view! {
            <div class="ps-pay-due" data-testid="ps-pay-due">
                <p>{move || match ctx.locale() {
                    Locale::ZhCn => format!("请在 {} 前完成支付，逾期订单将自动取消。", format::datetime(before, Locale::ZhCn)),
                    Locale::En => format!("Please pay by {}; unpaid orders are cancelled then.", format::datetime(before, Locale::En)),
                }}</p>
                <a class="ps-btn ps-btn-primary ps-wide" data-testid="ps-pay-now" href=url target="_top" rel="noopener">
                    {move || pick(ctx.locale(), "去支付", "Pay now")}
                </a>
            </div>
        })}
        {group.map(|id| {
            let panel_id = id.clone();
            view! {
                <div class="ps-order-group" data-testid="ps-order-group" data-group=id>
                    <button type="button" class="ps-btn ps-btn-secondary ps-wide" data-testid="ps-order-group-open"
                        aria-expanded=move || group_shown.get().to_string()
                        on:click=move |_| group_shown.update(|s| *s = !*s)>
                        {move || pick(ctx.locale(), "我的拼团：查看进度、邀请好友", "Your group: see it fill and invite friends")}
                    </button>
                    {move || group_shown.get().then(|| view! { <GroupPanel id=panel_id.clone()/> })}
                </div>
            }
        })}
        <ul class="ps-lines">
            {order.lines.into_iter().map(|line| {
                let title = line.title.clone();
                let options = line.options.clone();
                view! {
                    <li class="ps-line" data-testid="ps-order-line">
                        {line.image.clone().map(|src| view! { <img class="ps-line-img" src=src alt="" width="64" height="64" loading="lazy"/> })}
                        <div class="ps-line-main">
                            <span class="ps-line-title">{move || i18n::text(&title, ctx.locale())}</span>
                            <span class="ps-line-opts">{move || options.iter().map(|o| i18n::option(o, ctx.locale())).collect::<Vec<_>>().join(" / ")}</span>
                            <span class="ps-line-unit">{move || format!("{} × {}", format::money(line.unit_price, ctx.locale()), line.quantity.get())}</span>
                        </div>
                        <span class="ps-line-total">{move || format::money(line.line_total, ctx.locale())}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        <dl class="ps-totals">
            <dt>{move || pick(ctx.locale(), "商品小计", "Subtotal")}</dt><dd>{move || format::money(subtotal, ctx.locale())}</dd>
            {discount.map(|d| view! {
                <dt>{move || pick(ctx.locale(), "优惠", "Discount")}</dt>
                <dd class="ps-discount" data-testid="ps-order-discount">{move || format!("-{}", format::money(d, ctx.locale()))}</dd>
            })}
            <dt>{move || pick(ctx.locale(), "运费", "Shipping")}</dt><dd>{move || format::money(shipping, ctx.locale())}</dd>
            <dt class="ps-total-label">{move || pick(ctx.locale(), "合计", "Total")}</dt>
            <dd class="ps-total" data-testid="ps-order-total">{move || format::money(total, ctx.locale())}</dd>
        </dl>
        <section class="ps-shipments" data-testid="ps-order-shipments">
            <h3>{move || pick(ctx.locale(), "物流信息", "Tracking")}</h3>
            {if shipments.is_empty() {
                view! { <p class="ps-muted">{move || pick(ctx.locale(), "尚未发货，发货后这里会显示快递单号。", "Not shipped yet. The tracking number appears here once it ships.")}</p> }.into_any()
            } else {
                shipments.into_iter().map(|s| view! {
                    <p class="ps-shipment" data-testid="ps-order-tracking">
                        <strong>{s.carrier.clone()}</strong>" "<span>{s.tracking_number.clone()}</span>
                        <span class="ps-muted">" · "{move || format::datetime(s.shipped_at, ctx.locale())}</span>
                    </p>
                }).collect_view().into_any()
            }}
        </section>
        <AfterSales id=order_id token=token cases=after_sales can_ask=can_ask/>
        <section class="ps-contact">
            <h3>{move || pick(ctx.locale(), "收货信息", "Delivery to")}</h3>
            <p>{contact.name.clone()}" · "{contact.phone.clone()}</p>
            <p>{format!("{} {} {} {} {}", contact.address.region, contact.address.city, contact.address.district, contact.address.line, contact.address.postal_code)}</p>
        </section>
        <button type="button" class="ps-btn ps-btn-secondary" data-testid="ps-order-refresh"
            on:click=move |_| refresh.run(())>
            {move || pick(ctx.locale(), "刷新状态", "Refresh status")}
        </button>
    }
}

/// The orders placed from this device for this shop, and those opened here from
/// their links.
#[component]
pub fn MyOrders() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let orders = storage::load_orders(&ctx.api(), &ctx.shop());
    view! {
        <h2 class="ps-panel-title">{move || pick(ctx.locale(), "我的订单", "My orders")}</h2>
        {if orders.is_empty() {
            view! { <p class="ps-empty" data-testid="ps-my-orders">{move || pick(ctx.locale(), "这台设备上还没有订单。", "No orders from this device yet.")}</p> }.into_any()
        } else {
            view! {
                <ul class="ps-orders" data-testid="ps-my-orders">
                    {orders.into_iter().map(|o| {
                        let (id, token) = (o.id.clone(), o.token.clone());
                        view! {
                            <li>
                                <button type="button" class="ps-order-row" data-testid="ps-my-order"
                                    on:click=move |_| {
                                        browser::push_hash(&route::link(&ctx.shop(), &Route::Order { id: id.clone(), token: None }));
                                        ctx.panel.set(Panel::Order { id: id.clone(), token: token.clone() });
                                    }>
                                    <span>{o.id.as_str().to_owned()}</span>
                                    <span class="ps-muted">{move || format::datetime(o.created_at, ctx.locale())}</span>
                                    <strong>{move || format::money(o.total, ctx.locale())}</strong>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
