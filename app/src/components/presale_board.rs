//! Pre-sale voting in the widget: the styles the owner is weighing, with a vote each,
//! the styles on pre-sale with their ship dates, and a notice for each style this
//! shopper voted for that has gone on pre-sale since their last visit.
//!
//! Invariants: nothing shows when the shop has no styles; a notice comes from the
//! edge once (it marks it told), so it is kept in memory until dismissed; a vote is
//! counted by the edge once per shopper.

use crate::components::problem::describe;
use crate::context::Ctx;
use crate::format;
use crate::i18n::pick;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::presale::{PresaleView, Style};

/// The pre-sale board of a shop.
#[component]
pub fn PresaleBoard() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let board = RwSignal::new(None::<PresaleView>);
    let notices = RwSignal::new(Vec::<Style>::new());
    let problem = RwSignal::new(None::<String>);
    // Asked in an effect: the component also renders on the server.
    Effect::new(move |_| {
        let client = ctx.client.get_value();
        let shop = ctx.shop();
        spawn_local(async move {
            if let Ok(view) = client.presale(&shop, &ctx.shopper()).await {
                notices.set(view.notices.clone());
                board.set(Some(view));
            }
        });
    });
    let vote = move |style: String| {
        let client = ctx.client.get_value();
        let shop = ctx.shop();
        spawn_local(async move {
            match client.vote(&shop, &style, &ctx.shopper()).await {
                Ok(voted) => {
                    problem.set(None);
                    board.update(|b| {
                        if let Some(b) = b {
                            for s in b.voting.iter_mut().filter(|s| s.id == voted.style.id) {
                                *s = voted.style.clone();
                            }
                        }
                    });
                }
                Err(e) => problem.set(Some(describe(&e, ctx.locale()))),
            }
        });
    };
    let ship = move |s: &Style| {
        s.ship_date
            .map(|d| {
                format!(
                    "{} {}",
                    pick(ctx.locale(), "预计发货", "Ships"),
                    format::date(d, ctx.locale())
                )
            })
            .unwrap_or_default()
    };
    view! {
        {move || (!notices.get().is_empty()).then(|| view! {
            <div class="ps-notice" role="status" data-testid="ps-presale-notice">
                {notices.get().into_iter().map(|s| view! {
                    <p>
                        {pick(ctx.locale(), "你投票的款式开始预售了：", "A style you voted for is on pre-sale: ")}
                        <strong>{s.title.clone()}</strong>" · "{ship(&s)}
                    </p>
                }).collect_view()}
                <button type="button" class="ps-link" data-testid="ps-presale-notice-close"
                    on:click=move |_| notices.set(Vec::new())>
                    {move || pick(ctx.locale(), "知道了", "Got it")}
                </button>
            </div>
        })}
        {move || board.get().filter(|b| !b.voting.is_empty() || !b.presale.is_empty()).map(|b| view! {
            <section class="ps-presale" data-testid="ps-presale">
                {(!b.voting.is_empty()).then(|| view! {
                    <h3 class="ps-title">{pick(ctx.locale(), "新款投票", "Vote for new styles")}</h3>
                    <ul class="ps-styles">
                        {b.voting.iter().map(|s| {
                            let id = s.id.clone();
                            let voted = s.voted;
                            view! {
                                <li class="ps-style" data-testid="ps-style">
                                    {s.image.clone().map(|src| view! { <img src=src alt="" width="64" height="64" loading="lazy"/> })}
                                    <span class="ps-style-title">{s.title.clone()}</span>
                                    <span class="ps-muted" data-testid="ps-style-votes">{s.votes}</span>
                                    <button type="button" class="ps-btn ps-btn-ghost" data-testid="ps-style-vote"
                                        disabled=voted on:click=move |_| vote(id.clone())>
                                        {if voted { pick(ctx.locale(), "已投票", "Voted") } else { pick(ctx.locale(), "投一票", "Vote") }}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
                {(!b.presale.is_empty()).then(|| view! {
                    <h3 class="ps-title">{pick(ctx.locale(), "预售中", "On pre-sale")}</h3>
                    <ul class="ps-styles">
                        {b.presale.iter().map(|s| view! {
                            <li class="ps-style" data-testid="ps-presale-style">
                                <span class="ps-style-title">{s.title.clone()}</span>
                                <span class="ps-muted">{ship(s)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                {move || problem.get().map(|p| view! { <p class="ps-problem" role="alert">{p}</p> })}
            </section>
        })}
    }
}
