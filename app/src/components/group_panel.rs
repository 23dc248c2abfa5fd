//! One group of a group deal as anyone with its link sees it: who has joined (names
//! masked by the edge), the places left, a countdown to its deadline, its status
//! (open, complete, failed), Join, and the share link that opens it.
//!
//! Invariants: every number and name comes from the edge; while the group is open
//! the panel asks again every few seconds (and when its countdown ends), so a group
//! filled by someone else shows complete without a reload, and it stops asking once
//! the group is final; Join is offered only while the group is open with a place
//! left, for a SKU the deal covers, and never to a shopper the edge says holds a
//! place in it (one place per shopper: they are told they are in and asked to
//! invite instead); Join opens the checkout for
//! exactly one unit under the `group_join` offer, never touching the cart; the
//! share link is the host page's URL with `#ps-group=<id>&shop=<shop>`.

use crate::browser::{self, Shared};
use crate::components::countdown::{device_now_ms, Countdown};
use crate::components::problem::describe;
use crate::components::share_button::shared_note;
use crate::context::{Ctx, OfferCheckout};
use crate::format;
use crate::i18n::{self, pick};
use crate::route::{self, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::campaign::{GroupStatus, GroupView};
use pocketshop_shared::offer::Offer;
use pocketshop_shared::{CartLine, Locale, Quantity, Sku};
use std::time::Duration;

/// How often an open group is asked again.
const POLL: Duration = Duration::from_secs(4);

/// The SKU a join buys: the shopper's pick if the deal covers it, else the deal's
/// only SKU, else the one chosen in the panel.
fn join_sku(view: &GroupView, picked: Option<Sku>, chosen: Option<Sku>) -> Option<Sku> {
    let covers = |s: &Sku| view.deal.prices.contains_key(s);
    if let Some(s) = picked.filter(covers) {
        return Some(s);
    }
    if view.deal.prices.len() == 1 {
        return view.deal.prices.keys().next().cloned();
    }
    chosen.filter(covers)
}

/// The status's wire name, for tests and styles.
fn status_name(s: GroupStatus) -> &'static str {
    match s {
        GroupStatus::Open => "open",
        GroupStatus::Complete => "complete",
        GroupStatus::Failed => "failed",
    }
}

/// One group.
#[component]
pub fn GroupPanel(
    /// The group's id.
    id: String,
    /// The SKU the shopper picked in the product beside it, if any.
    #[prop(optional, into)]
    sku: Option<Signal<Option<Sku>>>,
    /// Called just before Join opens the checkout (a dialog holding the panel
    /// closes, so the checkout is not under it).
    #[prop(optional)]
    on_join: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let attempt = RwSignal::new(0u32);
    let group = RwSignal::new(None::<Result<(GroupView, i64), String>>);
    let chosen = RwSignal::new(None::<Sku>);
    let labels = RwSignal::new(Vec::<(Sku, String)>::new());
    let link = RwSignal::new(String::new());
    let shared = RwSignal::new(None::<Shared>);
    let poll: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    on_cleanup(move || {
        if let Some(Some(h)) = poll.try_get_value() {
            h.clear();
        }
    });
    let load_id = id.clone();
    Effect::new(move |_| {
        attempt.track();
        let client = ctx.client.get_value();
        let (shop, id, shopper) = (ctx.shop(), load_id.clone(), ctx.shopper());
        spawn_local(async move {
            let got = client.group(&shop, &id, &shopper).await;
            let arrived = device_now_ms();
            let open = matches!(&got, Ok(g) if g.status == GroupStatus::Open);
            let got = got
                .map(|g| {
                    let skew = g.now.saturating_mul(1000) - arrived as i64;
                    (g, skew)
                })
                .map_err(|e| describe(&e, ctx.locale()));
            // The panel may have closed while the answer was on its way.
            if group.try_set(Some(got)).is_some() {
                return;
            }
            if open {
                let again = move || {
                    let _ = attempt.try_update(|n| *n += 1);
                };
                if let Ok(h) = set_timeout_with_handle(again, POLL) {
                    poll.set_value(Some(h));
                }
            }
        });
    });
    // The share link and the SKUs' names need the browser or the product: effects.
    let link_id = id.clone();
    Effect::new(move |_| {
        link.set(browser::page_url_with(&route::link(
            &ctx.shop(),
            &Route::Group {
                id: link_id.clone(),
            },
        )));
    });
    let product = Memo::new(move |_| {
        group.with(|g| match g {
            Some(Ok((g, _))) if g.deal.prices.len() > 1 => Some(g.deal.product_id.clone()),
            _ => None,
        })
    });
    Effect::new(move |_| {
        let Some(product) = product.get() else { return };
        let client = ctx.client.get_value();
        let shop = ctx.shop();
        spawn_local(async move {
            if let Ok(p) = client.product(&shop, &product).await {
                let named = p
                    .skus
                    .iter()
                    .map(|s| {
                        let name = s
                            .options
                            .iter()
                            .map(|o| i18n::option(o, ctx.locale()))
                            .collect::<Vec<_>>()
                            .join(" / ");
                        (s.sku.clone(), name)
                    })
                    .collect();
                let _ = labels.try_set(named);
            }
        });
    });
    let picked = move || sku.and_then(|s| s.get());
    let join = move |view: &GroupView| {
        let Some(sku) = join_sku(view, picked(), chosen.get_untracked()) else {
            return;
        };
        let line = CartLine {
            product_id: view.deal.product_id.clone(),
            sku,
            quantity: Quantity::ONE,
        };
        let offer = Offer::GroupJoin {
            group: view.id.clone(),
        };
        let title = pick(ctx.locale(), "参团", "Join the group").to_owned();
        if let Some(cb) = on_join {
            cb.run(());
        }
        ctx.offer_checkout.set(Some(OfferCheckout {
            offer,
            lines: vec![line],
            title,
        }));
    };
    let share = move |_| {
        let url = link.get_untracked();
        spawn_local(async move {
            let title = pick(ctx.locale(), "一起拼团吧！", "Join my group!");
            let _ = shared.try_set(Some(browser::share(title, &url).await));
        });
    };
    let reload = Callback::new(move |()| attempt.update(|n| *n += 1));
    view! {
        <section class="ps-group" data-testid="ps-group" data-group=id.clone()>
            <h3 class="ps-title">{move || pick(ctx.locale(), "拼团", "Group buy")}</h3>
            {move || match group.get() {
                None => view! { <div class="ps-skel ps-skel-line"></div> }.into_any(),
                Some(Err(message)) => view! {
                    <p class="ps-problem" role="alert" data-testid="ps-group-problem">{message}</p>
                }.into_any(),
                Some(Ok((g, skew_ms))) => {
                    let status = g.status;
                    let sku_now = join_sku(&g, picked(), chosen.get());
                    let price = sku_now
                        .as_ref()
                        .and_then(|s| g.deal.prices.get(s).copied())
                        .or_else(|| g.deal.prices.values().min_by_key(|m| m.amount).copied());
                    let open = status == GroupStatus::Open;
                    let mine = g.yours;
                    let can_join = open && g.places_left > 0 && !mine;
                    let needs_choice = can_join && sku_now.is_none() && g.deal.prices.len() > 1;
                    let ready = can_join && sku_now.is_some();
                    let skus: Vec<Sku> = g.deal.prices.keys().cloned().collect();
                    let for_join = g.clone();
                    let left = g.places_left;
                    let size = g.size;
                    view! {
                        <p class="ps-group-line">
                            <span class="ps-group-price" data-testid="ps-group-price">
                                {price.map(|p| format::money(p, ctx.locale()))}
                            </span>
                            " · "
                            <span>{move || match ctx.locale() {
                                Locale::ZhCn => format!("{size} 人团"),
                                Locale::En => format!("group of {size}"),
                            }}</span>
                        </p>
                        <p class="ps-group-status" data-testid="ps-group-status" data-status=status_name(status)>
                            {move || match status {
                                GroupStatus::Open => pick(ctx.locale(), "拼团中", "Open"),
                                GroupStatus::Complete => pick(ctx.locale(), "拼团成功，订单已发往供应商", "Complete: the orders go to the supplier"),
                                GroupStatus::Failed => pick(ctx.locale(), "拼团未成功，已全额退款", "Not filled in time: everyone is refunded"),
                            }}
                        </p>
                        {open.then(|| view! {
                            <p class="ps-group-line">
                                <span data-testid="ps-group-places" data-left=left.to_string()>
                                    {move || match ctx.locale() {
                                        Locale::ZhCn => format!("还差 {left} 人"),
                                        Locale::En => format!("{left} place(s) left"),
                                    }}
                                </span>
                                " · "
                                <Countdown until=g.closes_at skew_ms=skew_ms as f64 testid="ps-group-countdown"
                                    label=Signal::derive(move || pick(ctx.locale(), "剩余", "Time left").to_owned())
                                    on_end=reload/>
                            </p>
                        })}
                        <ul class="ps-group-members" data-testid="ps-group-members">
                            {g.members.iter().map(|m| {
                                let paid = m.paid;
                                view! {
                                    <li class="ps-group-member" data-testid="ps-group-member" data-paid=paid.to_string()>
                                        <span class="ps-group-avatar" aria-hidden="true">
                                            {m.name.chars().next().map(String::from).unwrap_or_default()}
                                        </span>
                                        <span>{m.name.clone()}</span>
                                        <span class="ps-muted">{move || if paid {
                                            pick(ctx.locale(), "已付款", "paid")
                                        } else {
                                            pick(ctx.locale(), "付款中", "paying")
                                        }}</span>
                                    </li>
                                }
                            }).collect_view()}
                            {(0..left).map(|_| view! {
                                <li class="ps-group-member ps-group-empty" aria-hidden="true">
                                    <span class="ps-group-avatar">"?"</span>
                                </li>
                            }).collect_view()}
                        </ul>
                        {needs_choice.then(|| view! {
                            <label class="ps-label">
                                {move || pick(ctx.locale(), "选择款式", "Choose an option")}
                                <select class="ps-input" data-testid="ps-group-sku"
                                    on:change=move |ev| chosen.set(Sku::parse(&event_target_value(&ev)).ok())>
                                    <option value="">"—"</option>
                                    {skus.iter().map(|s| {
                                        let code = s.clone();
                                        view! {
                                            <option value=s.as_str().to_owned()>
                                                {move || labels.with(|l| l.iter().find(|(k, _)| *k == code)
                                                    .map(|(_, n)| n.clone())
                                                    .unwrap_or_else(|| code.as_str().to_owned()))}
                                            </option>
                                        }
                                    }).collect_view()}
                                </select>
                            </label>
                        })}
                        {(mine && open).then(|| view! {
                            <p class="ps-hint" data-testid="ps-group-mine">
                                {move || pick(ctx.locale(), "你已在团中，邀请好友一起拼满吧", "You are in this group: invite friends to fill it")}
                            </p>
                        })}
                        <div class="ps-buy-row">
                            {can_join.then(|| view! {
                                <button type="button" class="ps-btn ps-btn-primary" data-testid="ps-group-join"
                                    disabled=!ready on:click=move |_| join(&for_join)>
                                    {move || pick(ctx.locale(), "参团", "Join")}
                                </button>
                            })}
                            {open.then(|| view! {
                                <button type="button" class="ps-btn ps-btn-ghost" data-testid="ps-group-share"
                                    on:click=share>
                                    {move || pick(ctx.locale(), "邀请好友参团", "Invite friends")}
                                </button>
                            })}
                        </div>
                    }.into_any()
                }
            }}
            <label class="ps-label ps-group-link-label">
                {move || pick(ctx.locale(), "拼团链接", "Group link")}
                <input class="ps-input" readonly data-testid="ps-group-link" prop:value=move || link.get()/>
            </label>
            <p class="ps-hint" role="status" data-testid="ps-group-note">
                {move || shared_note(shared.get(), ctx.locale())}
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::campaign::{GroupDeal, Window};
    use pocketshop_shared::{Currency, Money, ProductId};
    use std::collections::BTreeMap;

    fn view(skus: &[&str]) -> GroupView {
        let deal = GroupDeal {
            id: "D1".into(),
            product_id: ProductId::parse("P1").expect("valid"),
            prices: skus
                .iter()
                .map(|s| {
                    (
                        Sku::parse(s).expect("valid"),
                        Money::new(500, Currency::CNY),
                    )
                })
                .collect::<BTreeMap<_, _>>(),
            window: Window {
                starts_at: 0,
                ends_at: 100,
                ended_at: None,
            },
            size: 2,
            window_secs: 60,
        };
        GroupView {
            id: "G1".into(),
            deal,
            status: GroupStatus::Open,
            size: 2,
            places_left: 1,
            members: vec![],
            closes_at: 60,
            now: 0,
            yours: false,
        }
    }

    fn sku(s: &str) -> Sku {
        Sku::parse(s).expect("valid")
    }

    #[test]
    fn a_join_buys_the_picked_sku_if_covered_else_the_only_one_else_the_chosen_one() {
        let one = view(&["P1-A"]);
        assert_eq!(join_sku(&one, None, None), Some(sku("P1-A")));
        assert_eq!(join_sku(&one, Some(sku("P1-B")), None), Some(sku("P1-A")));
        let two = view(&["P1-A", "P1-B"]);
        assert_eq!(join_sku(&two, Some(sku("P1-B")), None), Some(sku("P1-B")));
        assert_eq!(join_sku(&two, None, None), None);
        assert_eq!(join_sku(&two, None, Some(sku("P1-A"))), Some(sku("P1-A")));
        assert_eq!(join_sku(&two, None, Some(sku("P1-C"))), None);
    }
}
