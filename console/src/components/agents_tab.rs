//! The Agents tab: whether the shop takes agents and the markup range they may set,
//! what agents and sharers earn ([`CommissionForm`]), every application and agent
//! of the shop's chain (both levels) with approve and reject, and each agent's
//! orders, sales and commission from the ledger.
//!
//! Invariants: amounts and counts are the server's, formatted only; a decision is
//! the server's answer, then the list is read again.

use crate::components::commission_form::CommissionForm;
use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::format;
use leptos::prelude::*;
use pocketshop_shared::agent::{AgentPolicy, AgentStatus, OwnerAgents};
use pocketshop_shared::owner::OwnerShop;

/// The Agents tab.
#[component]
pub fn AgentsTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let agents = RwSignal::new(None::<OwnerAgents>);
    let error = RwSignal::new(None::<String>);
    let open = RwSignal::new(true);
    let min = RwSignal::new(String::new());
    let max = RwSignal::new(String::new());
    let id = shop.with_untracked(|s| s.id.clone());
    let load = {
        let id = id.clone();
        move || {
            let (client, id) = (ctx.client(), id.clone());
            ctx.run(error, async move { client.agents(&id).await }, move |a| {
                open.set(a.policy.open);
                min.set(format::percent_text(a.policy.min_bp));
                max.set(format::percent_text(a.policy.max_bp));
                agents.set(Some(a));
            });
        }
    };
    load();
    let save = {
        let (id, load) = (id.clone(), load.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (Some(min_bp), Some(max_bp)) = (
                format::parse_percent(&min.get_untracked()),
                format::parse_percent(&max.get_untracked()),
            ) else {
                error.set(Some(
                    ctx.t("请输入百分比。", "Enter percentages.").to_owned(),
                ));
                return;
            };
            let policy = AgentPolicy {
                open: open.get_untracked(),
                min_bp,
                max_bp,
            };
            let (client, id, load) = (ctx.client(), id.clone(), load.clone());
            ctx.run(
                error,
                async move { client.save_agent_policy(&id, &policy).await },
                move |_| {
                    error.set(None);
                    load();
                },
            );
        }
    };
    let decide = {
        let (id, load) = (id.clone(), load.clone());
        move |agent: String, approve: bool| {
            let (client, id, load) = (ctx.client(), id.clone(), load.clone());
            ctx.run(
                error,
                async move { client.decide_agent(&id, &agent, approve).await },
                move |_| {
                    error.set(None);
                    load();
                },
            );
        }
    };
    let status_text = move |s: AgentStatus| match s {
        AgentStatus::Pending => ctx.t("待审核", "Pending"),
        AgentStatus::Approved => ctx.t("已通过", "Approved"),
        AgentStatus::Rejected => ctx.t("已拒绝", "Rejected"),
    };
    view! {
        <div class="pc-panel" data-testid="pc-agents">
            <form class="pc-form" data-testid="pc-agent-policy" on:submit=save>
                <label class="pc-check">
                    <input type="checkbox" data-testid="pc-agents-open" prop:checked=move || open.get()
                        on:change=move |ev| open.set(event_target_checked(&ev))/>
                    {ctx.t("接受代理申请", "Take agent applications")}
                </label>
                <label>{ctx.t("代理加价下限 %", "Lowest agent markup %")}
                    <input class="pc-input" data-testid="pc-agents-min" prop:value=move || min.get()
                        on:input=move |ev| min.set(event_target_value(&ev))/></label>
                <label>{ctx.t("代理加价上限 %", "Highest agent markup %")}
                    <input class="pc-input" data-testid="pc-agents-max" prop:value=move || max.get()
                        on:input=move |ev| max.set(event_target_value(&ev))/></label>
                <button type="submit" class="pc-btn" data-testid="pc-agents-save">{ctx.t("保存", "Save")}</button>
            </form>
            <Problem message=error/>
            <CommissionForm shop=id.clone()/>
            <table class="pc-table" data-testid="pc-agents-table">
                <thead><tr>
                    <th>{ctx.t("名称", "Name")}</th>
                    <th>{ctx.t("级别", "Level")}</th>
                    <th>{ctx.t("状态", "Status")}</th>
                    <th>{ctx.t("子店铺", "Sub-shop")}</th>
                    <th class="pc-num">{ctx.t("加价", "Markup")}</th>
                    <th class="pc-num">{ctx.t("订单", "Orders")}</th>
                    <th class="pc-num">{ctx.t("销售额", "Sales")}</th>
                    <th class="pc-num">{ctx.t("佣金", "Commission")}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {move || agents.get().map(|a| a.agents.into_iter().map(|agent| {
                        let pending = agent.status == AgentStatus::Pending;
                        let (yes, no) = (agent.id.clone(), agent.id.clone());
                        let (d1, d2) = (decide.clone(), decide.clone());
                        view! {
                            <tr data-testid="pc-agent" data-agent-id=agent.id.clone()>
                                <td>{agent.name.clone()}</td>
                                <td>{agent.level.to_string()}</td>
                                <td data-testid="pc-agent-status">{status_text(agent.status)}</td>
                                <td>{agent.sub_shop.map(|s| s.to_string()).unwrap_or_default()}</td>
                                <td class="pc-num">{format::percent_text(agent.markup_bp)}"%"</td>
                                <td class="pc-num" data-testid="pc-agent-orders">{agent.orders.to_string()}</td>
                                <td class="pc-num">{format::money(agent.sales, ctx.locale)}</td>
                                <td class="pc-num">{format::money(agent.commission, ctx.locale)}</td>
                                <td>{pending.then(|| view! {
                                    <button type="button" class="pc-btn" data-testid="pc-agent-approve"
                                        on:click=move |_| d1(yes.clone(), true)>{ctx.t("通过", "Approve")}</button>
                                    <button type="button" class="pc-btn pc-btn-quiet" data-testid="pc-agent-reject"
                                        on:click=move |_| d2(no.clone(), false)>{ctx.t("拒绝", "Reject")}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}
