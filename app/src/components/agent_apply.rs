//! "Become an agent": a shopper applies to sell the shop's selection from their own
//! page, and this device then shows where the application is and, once approved,
//! the sub-shop's snippet to paste.
//!
//! Invariants: the application's id and token are kept only in the host page's
//! storage for this shop (the token is shown by the edge once); the status comes from
//! the edge each time it is opened.

use crate::components::problem::describe;
use crate::context::Ctx;
use crate::i18n::pick;
use crate::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::agent::{AgentApplication, AgentStatus, AgentStatusView};

/// The agent application form and status.
#[component]
pub fn AgentApply() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let origin = RwSignal::new(String::new());
    let status = RwSignal::new(None::<AgentStatusView>);
    let problem = RwSignal::new(None::<String>);
    let refresh = move || {
        let Some(applied) = storage::load_agent(&ctx.api(), &ctx.shop()) else {
            return;
        };
        let client = ctx.client.get_value();
        spawn_local(async move {
            match client.agent(&applied.id, &applied.token).await {
                Ok(s) => status.set(Some(s)),
                Err(e) => problem.set(Some(describe(&e, ctx.locale()))),
            }
        });
    };
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        if open.get_untracked() {
            refresh();
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = AgentApplication {
            shopper: ctx.shopper(),
            name: name.get_untracked(),
            slug: None,
            origins: Some(origin.get_untracked())
                .filter(|o| !o.trim().is_empty())
                .into_iter()
                .collect(),
            message: String::new(),
        };
        let client = ctx.client.get_value();
        let (api, shop) = (ctx.api(), ctx.shop());
        spawn_local(async move {
            match client.apply_agent(&shop, &body).await {
                Ok(applied) => {
                    storage::save_agent(&api, &shop, &applied);
                    problem.set(None);
                    refresh();
                }
                Err(e) => problem.set(Some(describe(&e, ctx.locale()))),
            }
        });
    };
    view! {
        <div class="ps-agent" data-testid="ps-agent">
            <button type="button" class="ps-link" data-testid="ps-agent-link" on:click=toggle>
                {move || pick(ctx.locale(), "成为代理", "Become an agent")}
            </button>
            <Show when=move || open.get()>
                {move || match status.get() {
                    Some(s) => view! {
                        <div class="ps-agent-status" data-testid="ps-agent-status">
                            <p>{match s.status {
                                AgentStatus::Pending => pick(ctx.locale(), "申请已提交，等待店主审核。", "Your application is waiting for the owner."),
                                AgentStatus::Approved => pick(ctx.locale(), "已通过！把下面的代码贴到你的页面：", "Approved! Paste this into your page:"),
                                AgentStatus::Rejected => pick(ctx.locale(), "很遗憾，申请未通过。", "Sorry, the application was not approved."),
                            }}</p>
                            {s.snippet.clone().map(|snippet| view! {
                                <textarea class="ps-input" readonly rows="3" data-testid="ps-agent-snippet">{snippet}</textarea>
                            })}
                        </div>
                    }.into_any(),
                    None => view! {
                        <form class="ps-form" data-testid="ps-agent-form" on:submit=submit>
                            <label class="ps-field">
                                <span>{move || pick(ctx.locale(), "店铺名称", "Your shop's name")}</span>
                                <input class="ps-input" required maxlength="60" data-testid="ps-agent-name"
                                    prop:value=move || name.get()
                                    on:input=move |ev| name.set(event_target_value(&ev))/>
                            </label>
                            <label class="ps-field">
                                <span>{move || pick(ctx.locale(), "你的网站（可选）", "Your site (optional)")}</span>
                                <input class="ps-input" type="url" placeholder="https://" data-testid="ps-agent-origin"
                                    prop:value=move || origin.get()
                                    on:input=move |ev| origin.set(event_target_value(&ev))/>
                            </label>
                            <button type="submit" class="ps-btn ps-btn-primary" data-testid="ps-agent-apply">
                                {move || pick(ctx.locale(), "提交申请", "Apply")}
                            </button>
                        </form>
                    }.into_any(),
                }}
                {move || problem.get().map(|p| view! { <p class="ps-problem" role="alert">{p}</p> })}
            </Show>
        </div>
    }
}
