//! The cart in the drawer: its lines priced by the edge's quote, with quantity
//! controls, problems (sold out, not enough stock, a changed price) shown on their
//! line, and the way to checkout.
//!
//! Invariants: every amount shown comes from the edge's quote of the current cart,
//! never from a price the widget computed; a line the quote flags blocks checkout
//! until the shopper fixes it.

use crate::components::problem::Problem;
use crate::components::quantity::QuantityInput;
use crate::context::{Ctx, Panel};
use crate::format;
use crate::i18n::{self, pick};
use crate::storage;
use leptos::prelude::*;
use pocketshop_client::FetchError;
use pocketshop_shared::api::QuoteRequest;
use pocketshop_shared::quote::{LineProblem, Quote, QuoteLine};
use pocketshop_shared::{CartAction, Locale, Money, Quantity};

/// The quote of the shared cart (or, with `offer`, of the campaign checkout's own
/// lines when there is one), with the `coupon` code if given, refetched whenever
/// they change. It carries the shopper id and the share link's sharer.
pub fn quote_resource(
    ctx: Ctx,
    attempt: RwSignal<u32>,
    coupon: Option<RwSignal<Option<String>>>,
    offer: bool,
) -> LocalResource<Option<Result<Quote, FetchError>>> {
    LocalResource::new(move || {
        attempt.track();
        let (lines, offer) = match ctx.offer_checkout.get().filter(|_| offer) {
            Some(o) => (o.lines, Some(o.offer)),
            None => (ctx.cart.with(|c| c.lines.clone()), None),
        };
        let coupon = coupon.and_then(|c| c.get());
        let client = ctx.client.get_value();
        let shop = ctx.shop();
        async move {
            if lines.is_empty() {
                return None;
            }
            let request = QuoteRequest {
                lines,
                offer,
                coupon,
                shopper: Some(ctx.shopper()),
            };
            Some(client.quote(&shop, &request).await)
        }
    })
}

/// The cart's content.
#[component]
pub fn CartPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let attempt = RwSignal::new(0u32);
    let quote = quote_resource(ctx, attempt, None, false);
    let retry = Callback::new(move |()| attempt.update(|n| *n += 1));
    view! {
        <h2 class="ps-panel-title">{move || pick(ctx.locale(), "购物车", "Your cart")}</h2>
        {move || match quote.get() {
            _ if ctx.cart.with(|c| c.lines.is_empty()) => view! {
                <p class="ps-empty" data-testid="ps-cart-empty">{pick(ctx.locale(), "购物车是空的。", "Your cart is empty.")}</p>
            }.into_any(),
            None => view! { <div class="ps-skel ps-skel-block" data-testid="ps-skeleton" aria-busy="true"></div> }.into_any(),
            Some(None) => ().into_any(),
            Some(Some(Err(e))) => view! { <Problem error=e retry=retry/> }.into_any(),
            Some(Some(Ok(q))) => view! { <QuoteView quote=q/> }.into_any(),
        }}
        <button type="button" class="ps-link" data-testid="ps-my-orders-link"
            on:click=move |_| ctx.panel.set(Panel::Orders)>
            {move || pick(ctx.locale(), "我的订单", "My orders")}
        </button>
        <crate::components::earnings::Earnings/>
    }
}

fn problem_text(p: LineProblem, l: Locale) -> String {
    match (p, l) {
        (LineProblem::OutOfStock, _) => {
            pick(l, "已售罄，请删除此商品", "Sold out: please remove it").to_owned()
        }
        (LineProblem::NotEnoughStock { available }, Locale::ZhCn) => {
            format!("库存仅剩 {available} 件")
        }
        (LineProblem::NotEnoughStock { available }, Locale::En) => format!("Only {available} left"),
    }
}

/// Lines and totals of a quote.
#[component]
fn QuoteView(
    /// The quote.
    quote: Quote,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let orderable = quote.orderable;
    let seen = storage::seen_prices(&ctx.api(), &ctx.shop());
    let seen_lines: Vec<_> = quote
        .lines
        .iter()
        .map(|l| (l.sku.clone(), l.unit_price))
        .collect();
    let (subtotal, shipping, total) = (quote.subtotal, quote.shipping, quote.total);
    let discount = quote.discount;
    view! {
        <ul class="ps-lines">
            {quote.lines.into_iter().map(|line| {
                let was = seen
                    .iter()
                    .find(|(s, _)| *s == line.sku)
                    .map(|(_, m)| *m)
                    .filter(|m| *m != line.unit_price);
                view! { <CartLineRow line=line was=was/> }
            }).collect_view()}
        </ul>
        <dl class="ps-totals">
            <dt>{move || pick(ctx.locale(), "商品小计", "Subtotal")}</dt>
            <dd data-testid="ps-cart-subtotal">{move || format::money(subtotal, ctx.locale())}</dd>
            {(discount.amount > 0).then(|| view! {
                <dt>{move || pick(ctx.locale(), "优惠", "Discount")}</dt>
                <dd class="ps-discount" data-testid="ps-cart-discount">{move || format!("-{}", format::money(discount, ctx.locale()))}</dd>
            })}
            <dt>{move || pick(ctx.locale(), "运费", "Shipping")}</dt>
            <dd data-testid="ps-cart-shipping">{move || if shipping.amount == 0 {
                pick(ctx.locale(), "免运费", "Free").to_owned()
            } else {
                format::money(shipping, ctx.locale())
            }}</dd>
            <dt class="ps-total-label">{move || pick(ctx.locale(), "合计", "Total")}</dt>
            <dd class="ps-total" data-testid="ps-cart-total">{move || format::money(total, ctx.locale())}</dd>
        </dl>
        {(!orderable).then(|| view! {
            <p class="ps-problem" role="alert">{move || pick(ctx.locale(), "部分商品库存不足，请调整后再结算。", "Some items are not available as asked. Adjust them to check out.")}</p>
        })}
        <button type="button" class="ps-btn ps-btn-primary ps-wide" data-testid="ps-checkout"
            disabled=!orderable
            on:click=move |_| {
                // The shopper has now seen these prices.
                for (sku, price) in &seen_lines {
                    storage::see_price(&ctx.api(), &ctx.shop(), sku, *price);
                }
                ctx.emit("begin_checkout", serde_json::json!({ "total": total }));
                ctx.panel.set(Panel::Checkout);
            }>
            {move || pick(ctx.locale(), "去结算", "Check out")}
        </button>
    }
}

/// One line of the cart.
#[component]
fn CartLineRow(
    /// The quoted line.
    line: QuoteLine,
    /// The unit price the shopper saw before, when it has changed since.
    was: Option<Money>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let quantity = RwSignal::new(line.quantity);
    let sku = line.sku.clone();
    let sku_for_remove = line.sku.clone();
    // Writes the stepper's value to the cart (which re-quotes) when it changes.
    Effect::new(move |prev: Option<Quantity>| {
        let q = quantity.get();
        if prev.is_some_and(|p| p != q) {
            let _ = ctx.update_cart(CartAction::SetQuantity {
                sku: sku.clone(),
                quantity: q,
            });
        }
        q
    });
    let title = line.title.clone();
    let title_label = line.title.clone();
    let options = line.options.clone();
    let problem = line.problem;
    let (unit, line_total) = (line.unit_price, line.line_total);
    let regular = line.regular_price;
    view! {
        <li class="ps-line" data-testid="ps-cart-line" data-sku=line.sku.as_str().to_owned()>
            {line.image.clone().map(|src| view! { <img class="ps-line-img" src=src alt="" width="64" height="64" loading="lazy"/> })}
            <div class="ps-line-main">
                <span class="ps-line-title">{move || i18n::text(&title, ctx.locale())}</span>
                <span class="ps-line-opts">{move || options.iter().map(|o| i18n::option(o, ctx.locale())).collect::<Vec<_>>().join(" / ")}</span>
                <span class="ps-line-unit">{move || format::money(unit, ctx.locale())}</span>
                {regular.map(|r| view! { <s class="ps-line-regular" data-testid="ps-line-regular">{move || format::money(r, ctx.locale())}</s> })}
                {was.map(|was| view! {
                    <span class="ps-line-problem" data-testid="ps-line-price-changed" role="status">
                        {move || match ctx.locale() {
                            Locale::ZhCn => format!("价格已变动：原价 {}，现价 {}", format::money(was, Locale::ZhCn), format::money(unit, Locale::ZhCn)),
                            Locale::En => format!("Price changed: was {}, now {}", format::money(was, Locale::En), format::money(unit, Locale::En)),
                        }}
                    </span>
                })}
                {problem.map(|p| view! { <span class="ps-line-problem" data-testid="ps-line-problem" role="alert">{move || problem_text(p, ctx.locale())}</span> })}
                <div class="ps-line-actions">
                    <QuantityInput value=quantity testid="ps-line-qty"
                        label=Signal::derive(move || format!("{} {}", pick(ctx.locale(), "数量", "Quantity"), i18n::text(&title_label, ctx.locale())))/>
                    <button type="button" class="ps-link" data-testid="ps-line-remove"
                        on:click=move |_| { let _ = ctx.update_cart(CartAction::Remove { sku: sku_for_remove.clone() }); }>
                        {move || pick(ctx.locale(), "删除", "Remove")}
                    </button>
                </div>
            </div>
            <span class="ps-line-total">{move || format::money(line_total, ctx.locale())}</span>
        </li>
    }
}
