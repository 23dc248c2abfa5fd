//! Chain stores: the brand-wide secret with which the brand's own member system signs
//! the `member-token` its pages put on the widget, so orders carry the member's id.
//!
//! Invariants: the secret is shown once, right after it is made, and kept only in this
//! component's memory (never in storage); making a new one is confirmed first, since
//! the old one stops verifying at once.

use crate::components::problem::Problem;
use crate::context::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The members panel.
#[component]
pub fn Members() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let secret = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let rotate = move |_| {
        if !confirming.get_untracked() {
            confirming.set(true);
            return;
        }
        confirming.set(false);
        busy.set(true);
        error.set(None);
        let client = ctx.client();
        spawn_local(async move {
            let answer = client.rotate_member_secret().await;
            busy.set(false);
            match answer {
                Ok(s) => secret.set(Some(s.secret)),
                Err(e) => error.set(Some(ctx.problem(&e))),
            }
        });
    };
    view! {
        <section class="pc-card" data-testid="pc-members">
            <h2>{ctx.t("连锁门店会员", "Chain-store members")}</h2>
            <p class="pc-muted">{ctx.t(
                "您的会员系统用此密钥签发会员令牌，放在组件的 member-token 属性上；订单会记录会员编号。令牌格式：base64url({\"member\":\"会员编号\",\"exp\":过期时间}) + \".\" + 十六进制 HMAC-SHA256(密钥, 前一部分)。",
                "Your member system signs a member token with this secret and puts it on the widget's member-token attribute; orders then carry the member's id. Token: base64url({\"member\":\"id\",\"exp\":unix seconds}) + \".\" + hex HMAC-SHA256(secret, that first part).",
            )}</p>
            <p class="pc-actions">
                <button type="button" class="pc-btn" data-testid="pc-member-secret-rotate"
                    disabled=move || busy.get() on:click=rotate>
                    {move || if confirming.get() {
                        ctx.t("确认：旧密钥将立即失效", "Confirm: the old secret stops working now")
                    } else {
                        ctx.t("生成新的会员密钥", "Make a new member secret")
                    }}
                </button>
            </p>
            <Problem message=error/>
            {move || secret.get().map(|s| view! {
                <p class="pc-muted">{ctx.t("只显示这一次，请立即保存到您的会员系统：", "Shown only this once: store it in your member system now:")}</p>
                <code class="pc-secret" data-testid="pc-member-secret">{s}</code>
            })}
        </section>
    }
}
