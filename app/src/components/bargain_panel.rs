//! A bargain as its starter and their friends see it: the price reached between the
//! start and the floor, who helped, when it ends, the share link, Help for a friend
//! and Buy for the starter.
//!
//! Invariants: every number comes from the edge (the cut of a help is the edge's);
//! Help is offered only to a shopper who neither started nor helped it while it is
//! open; Buy only to its starter while it runs, and opens the checkout for exactly
//! one unit under the `bargain` offer, never touching the cart; the share link is the
//! host page's URL with `#ps-bargain=<id>&shop=<shop>`.

use crate::browser::{self, Shared};
use crate::components::problem::describe;
use crate::components::share_button::shared_note;
use crate::context::{Ctx, OfferCheckout};
use crate::format;
use crate::i18n::pick;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::bargain::{BargainStatus, BargainView};
use pocketshop_shared::offer::Offer;
use pocketshop_shared::{CartLine, Quantity};

/// The host page's fragment that opens bargain `id` of `shop`.
pub fn link(shop: &pocketshop_shared::ShopId, id: &str) -> String {
    let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    format!("#ps-bargain={id}&shop={shop}")
}

/// The bargain id of a `#ps-bargain=…&shop=…` fragment for `shop`, if it is one.
pub fn parse(fragment: &str, shop: &pocketshop_shared::ShopId) -> Option<String> {
    let rest = fragment.strip_prefix('#').unwrap_or(fragment);
    let rest = rest.strip_prefix("ps-bargain=")?;
    let mut id = None;
    let mut for_shop = None;
    for (i, (k, v)) in form_urlencoded::parse(format!("id={rest}").as_bytes()).enumerate() {
        match (i, k.as_ref()) {
            (0, _) => id = Some(v.into_owned()),
            (_, "shop") => for_shop = Some(v.into_owned()),
            _ => {}
        }
    }
    let id = id.filter(|i| {
        !i.is_empty() && i.len() <= 64 && i.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })?;
    match for_shop {
        Some(s) if s != shop.as_str() => None,
        _ => Some(id),
    }
}

/// How far the price has come from the start towards the floor, in percent.
pub fn progress(b: &BargainView) -> i64 {
    let whole = b.start_price.amount - b.floor.amount;
    if whole <= 0 {
        return 100;
    }
    ((b.start_price.amount - b.price.amount) * 100 / whole).clamp(0, 100)
}

/// One bargain.
#[component]
pub fn BargainPanel(
    /// The bargain's id.
    id: String,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let attempt = RwSignal::new(0u32);
    let bargain = RwSignal::new(None::<Result<BargainView, String>>);
    let note = RwSignal::new(None::<String>);
    let shared = RwSignal::new(None::<Shared>);
    let busy = RwSignal::new(false);
    let load_id = id.clone();
    Effect::new(move |_| {
        attempt.track();
        let client = ctx.client.get_value();
        let (shop, id) = (ctx.shop(), load_id.clone());
        spawn_local(async move {
            let got = client.bargain(&shop, &id, &ctx.shopper()).await;
            bargain.set(Some(got.map_err(|e| describe(&e, ctx.locale()))));
        });
    });
    let help_id = id.clone();
    let help = move |_| {
        busy.set(true);
        let client = ctx.client.get_value();
        let (shop, id) = (ctx.shop(), help_id.clone());
        spawn_local(async move {
            match client.help_bargain(&shop, &id, &ctx.shopper()).await {
                Ok(h) => {
                    note.set(Some(format!(
                        "{} {}",
                        pick(ctx.locale(), "你帮忙砍掉了", "You cut"),
                        format::money(h.cut, ctx.locale())
                    )));
                    bargain.set(Some(Ok(h.bargain)));
                }
                Err(e) => {
                    note.set(Some(describe(&e, ctx.locale())));
                    attempt.update(|n| *n += 1);
                }
            }
            busy.set(false);
        });
    };
    let share_id = id.clone();
    let share = move |_| {
        let url = browser::page_url_with(&link(&ctx.shop(), &share_id));
        spawn_local(async move {
            let title = pick(ctx.locale(), "帮我砍一刀！", "Help me bargain!");
            shared.set(Some(browser::share(title, &url).await));
        });
    };
    let buy = move |b: &BargainView| {
        let line = CartLine {
            product_id: b.product.clone(),
            sku: b.sku.clone(),
            quantity: Quantity::ONE,
        };
        ctx.offer_checkout.set(Some(OfferCheckout {
            offer: Offer::Bargain {
                bargain: b.id.clone(),
            },
            lines: vec![line],
            title: pick(ctx.locale(), "砍价购买", "Bargained price").to_owned(),
        }));
    };
    view! {
        <section class="ps-bargain" data-testid="ps-bargain">
            <h3 class="ps-title">{move || pick(ctx.locale(), "好友砍价", "Bargain with friends")}</h3>
            {move || match bargain.get() {
                None => view! { <div class="ps-skel ps-skel-line"></div> }.into_any(),
                Some(Err(message)) => view! {
                    <p class="ps-problem" role="alert" data-testid="ps-bargain-problem">{message}</p>
                }.into_any(),
                Some(Ok(b)) => {
                    let pct = progress(&b);
                    let status = b.status;
                    let can_help = !b.mine && !b.helped && status == BargainStatus::Open;
                    let can_buy = b.mine && matches!(status, BargainStatus::Open | BargainStatus::Floor);
                    let for_buy = b.clone();
                    view! {
                        <p class="ps-bargain-price">
                            <span data-testid="ps-bargain-price">{format::money(b.price, ctx.locale())}</span>
                            " "
                            <s class="ps-muted">{format::money(b.start_price, ctx.locale())}</s>
                            " · "
                            {pick(ctx.locale(), "底价", "Floor")}" "
                            <span data-testid="ps-bargain-floor">{format::money(b.floor, ctx.locale())}</span>
                        </p>
                        <div class="ps-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                            aria-valuenow=pct.to_string()>
                            <div class="ps-progress-bar" style=format!("width:{pct}%")></div>
                        </div>
                        <p class="ps-hint" data-testid="ps-bargain-status">
                            {match status {
                                BargainStatus::Open => format!(
                                    "{} {}/{} · {} {}",
                                    pick(ctx.locale(), "已有好友帮忙", "Friends helped"),
                                    b.helps.len(),
                                    b.helps_needed,
                                    pick(ctx.locale(), "截止", "Ends"),
                                    format::datetime(b.expires_at, ctx.locale())
                                ),
                                BargainStatus::Floor => pick(ctx.locale(), "已砍到底价！", "The floor is reached!").to_owned(),
                                BargainStatus::Bought => pick(ctx.locale(), "已按砍后价格下单", "Bought at the bargained price").to_owned(),
                                BargainStatus::Expired => pick(ctx.locale(), "砍价已结束", "This bargain has ended").to_owned(),
                            }}
                        </p>
                        <ul class="ps-helpers" data-testid="ps-bargain-helpers">
                            {b.helps.iter().map(|h| view! {
                                <li>{h.helper.clone()}" −"{format::money(h.cut, ctx.locale())}</li>
                            }).collect_view()}
                        </ul>
                        <div class="ps-buy-row">
                            {can_help.then(|| view! {
                                <button type="button" class="ps-btn ps-btn-primary" data-testid="ps-bargain-help"
                                    disabled=move || busy.get() on:click=help.clone()>
                                    {pick(ctx.locale(), "帮 TA 砍一刀", "Help cut the price")}
                                </button>
                            })}
                            {can_buy.then(|| view! {
                                <button type="button" class="ps-btn ps-btn-primary" data-testid="ps-bargain-buy"
                                    on:click=move |_| buy(&for_buy)>
                                    {pick(ctx.locale(), "按当前价购买", "Buy at this price")}
                                </button>
                            })}
                            {b.mine.then(|| view! {
                                <button type="button" class="ps-btn ps-btn-ghost" data-testid="ps-bargain-share"
                                    on:click=share.clone()>
                                    {pick(ctx.locale(), "邀请好友砍价", "Ask friends to help")}
                                </button>
                            })}
                        </div>
                    }.into_any()
                }
            }}
            <p class="ps-hint" role="status" data-testid="ps-bargain-note">
                {move || note.get()}
                {move || shared_note(shared.get(), ctx.locale())}
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::ShopId;

    #[test]
    fn a_bargain_link_parses_back_for_its_shop_only() {
        let demo = ShopId::parse("demo").expect("valid");
        let other = ShopId::parse("other").expect("valid");
        let fragment = link(&demo, "BG-0123abcd");
        assert_eq!(fragment, "#ps-bargain=BG-0123abcd&shop=demo");
        assert_eq!(parse(&fragment, &demo), Some("BG-0123abcd".into()));
        assert_eq!(parse(&fragment, &other), None);
        assert_eq!(parse("#ps-bargain=a/b&shop=demo", &demo), None);
        assert_eq!(parse("#ps-product=P1", &demo), None);
    }
}
