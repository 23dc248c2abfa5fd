//! What agents, their upstream agents and sharers earn of each order's net margin
//! (after supply and the platform's fee): three percentages the owner sets; the
//! owner keeps the rest.
//!
//! Invariants: the figures shown are the server's, read on mount and again from its
//! answer to a save; the sum is the server's to check (the form only parses).

use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::format;
use leptos::prelude::*;
use pocketshop_shared::commission::CommissionShares;
use pocketshop_shared::ShopId;

/// The commission shares form.
#[component]
pub fn CommissionForm(
    /// The shop's id.
    shop: ShopId,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let agent = RwSignal::new(String::new());
    let upstream = RwSignal::new(String::new());
    let sharer = RwSignal::new(String::new());
    let show = move |s: CommissionShares| {
        agent.set(format::percent_text(s.agent_bp));
        upstream.set(format::percent_text(s.upstream_agent_bp));
        sharer.set(format::percent_text(s.sharer_bp));
    };
    {
        let (client, id) = (ctx.client(), shop.clone());
        ctx.run(
            error,
            async move { client.commission_shares(&id).await },
            show,
        );
    }
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let parse = |s: RwSignal<String>| format::parse_percent(&s.get_untracked());
        let (Some(agent_bp), Some(upstream_agent_bp), Some(sharer_bp)) =
            (parse(agent), parse(upstream), parse(sharer))
        else {
            error.set(Some(
                ctx.t("请输入百分比。", "Enter percentages.").to_owned(),
            ));
            return;
        };
        let shares = CommissionShares {
            agent_bp,
            upstream_agent_bp,
            sharer_bp,
        };
        let (client, id) = (ctx.client(), shop.clone());
        ctx.run(
            error,
            async move { client.save_commission_shares(&id, &shares).await },
            move |s| {
                error.set(None);
                show(s);
                saved.set(true);
            },
        );
    };
    view! {
        <form class="pc-form" data-testid="pc-commission" on:submit=save>
            <p class="pc-muted">{ctx.t(
                "每笔订单的利润（售价减去供货价和平台费）中，代理、上级代理和分享者各得的比例；其余归你。",
                "Of each order's margin (its price less supply and the platform's fee), what the agent, their upstream agent and a referring sharer earn; you keep the rest.",
            )}</p>
            <label>{ctx.t("代理佣金 %", "Agent's share %")}
                <input class="pc-input" data-testid="pc-commission-agent" inputmode="decimal"
                    prop:value=move || agent.get() on:input=move |ev| agent.set(event_target_value(&ev))/></label>
            <label>{ctx.t("上级代理佣金 %", "Upstream agent's share %")}
                <input class="pc-input" data-testid="pc-commission-upstream" inputmode="decimal"
                    prop:value=move || upstream.get() on:input=move |ev| upstream.set(event_target_value(&ev))/></label>
            <label>{ctx.t("分享者佣金 %", "Sharer's share %")}
                <input class="pc-input" data-testid="pc-commission-sharer" inputmode="decimal"
                    prop:value=move || sharer.get() on:input=move |ev| sharer.set(event_target_value(&ev))/></label>
            <button type="submit" class="pc-btn" data-testid="pc-commission-save">{ctx.t("保存佣金比例", "Save shares")}</button>
            <p class="pc-ok" role="status" data-testid="pc-commission-saved">
                {move || saved.get().then(|| ctx.t("已保存，此后的订单按新比例分佣。", "Saved: orders from now on are split this way."))}
            </p>
            <Problem message=error/>
        </form>
    }
}
