//! Returns and refunds on the order page: the cases the shopper opened with their
//! status, and a form to ask for a return or a refund of a shipped or delivered
//! order.
//!
//! Invariants: the request is sent with the order's capability token only; a reason
//! is required before anything is sent; a sent request shows at once as a case.

use crate::components::problem::describe;
use crate::context::Ctx;
use crate::format;
use crate::i18n::pick;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_client::FetchError;
use pocketshop_shared::api::AfterSalesRequest;
use pocketshop_shared::supply::{AfterSalesCase, AfterSalesKind};
use pocketshop_shared::{Locale, OrderId};

fn case_status(status: &str, l: Locale) -> String {
    match status {
        "requested" => pick(l, "已提交，等待处理", "Requested, awaiting review"),
        "approved" => pick(l, "已同意", "Approved"),
        "rejected" => pick(l, "未通过", "Declined"),
        "completed" => pick(l, "已完成", "Completed"),
        other => return other.to_owned(),
    }
    .to_owned()
}

fn kind_name(kind: AfterSalesKind, l: Locale) -> &'static str {
    match kind {
        AfterSalesKind::Return => pick(l, "退货退款", "Return"),
        AfterSalesKind::Refund => pick(l, "仅退款", "Refund"),
    }
}

/// The order's returns and refunds.
#[component]
pub fn AfterSales(
    /// The order.
    id: OrderId,
    /// Its capability token.
    token: String,
    /// The cases opened so far.
    cases: Vec<AfterSalesCase>,
    /// Whether a new request can be made (the order shipped or arrived).
    can_ask: bool,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let cases = RwSignal::new(cases);
    let open = RwSignal::new(false);
    let kind = RwSignal::new(AfterSalesKind::Return);
    let reason = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let failure = RwSignal::new(None::<FetchError>);
    let target = StoredValue::new((id, token));
    let send = move || {
        let text = reason.get_untracked().trim().to_owned();
        if text.is_empty() {
            missing.set(true);
            return;
        }
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        failure.set(None);
        let (client, (id, token)) = (ctx.client.get_value(), target.get_value());
        let request = AfterSalesRequest {
            kind: kind.get_untracked(),
            reason: text,
        };
        spawn_local(async move {
            let answer = client.request_after_sales(&id, &token, &request).await;
            sending.set(false);
            match answer {
                Ok(case) => {
                    cases.update(|c| c.push(case));
                    open.set(false);
                    reason.set(String::new());
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <section class="ps-after-sales" data-testid="ps-after-sales">
            <h3>{move || pick(ctx.locale(), "售后", "Returns and refunds")}</h3>
            <ul class="ps-cases">
                <For each=move || cases.get() key=|c| (c.id.clone(), c.status.clone()) let:c>
                    <li class="ps-case" data-testid="ps-case" data-status=c.status.clone()>
                        <strong>{move || kind_name(c.kind, ctx.locale())}</strong>
                        " · "
                        <span data-testid="ps-case-status">{
                            let status = c.status.clone();
                            move || case_status(&status, ctx.locale())
                        }</span>
                        <span class="ps-muted">" · "{move || format::datetime(c.created_at, ctx.locale())}</span>
                        <p class="ps-case-reason">{c.reason.clone()}</p>
                    </li>
                </For>
            </ul>
            {move || (can_ask && !open.get()).then(|| view! {
                <button type="button" class="ps-btn ps-btn-secondary" data-testid="ps-ask-after-sales"
                    on:click=move |_| open.set(true)>
                    {move || pick(ctx.locale(), "申请退货 / 退款", "Ask for a return or refund")}
                </button>
            })}
            {move || open.get().then(|| {
                let reason_id = format!("ps-{}-reason", ctx.id);
                view! {
                    <form class="ps-form" data-testid="ps-after-sales-form" novalidate
                        on:submit=move |ev| { ev.prevent_default(); send(); }>
                        <fieldset class="ps-field">
                            <legend>{move || pick(ctx.locale(), "类型", "What you want")}</legend>
                            {[AfterSalesKind::Return, AfterSalesKind::Refund].into_iter().map(|k| view! {
                                <label class="ps-radio">
                                    <input type="radio" name="kind" data-testid="ps-after-sales-kind"
                                        value=match k { AfterSalesKind::Return => "return", AfterSalesKind::Refund => "refund" }
                                        prop:checked=move || kind.get() == k
                                        on:change=move |_| kind.set(k)/>
                                    {move || kind_name(k, ctx.locale())}
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <div class="ps-field">
                            <label for=reason_id.clone()>{move || pick(ctx.locale(), "原因", "Reason")}</label>
                            <textarea class="ps-input" id=reason_id name="reason" data-testid="ps-after-sales-reason"
                                maxlength="500" rows="3" required=true
                                aria-invalid=move || missing.get().to_string()
                                prop:value=move || reason.get()
                                on:input=move |ev| { reason.set(event_target_value(&ev)); missing.set(false); }>
                            </textarea>
                            <span class="ps-field-error" data-testid="ps-field-error" data-field="reason" hidden=move || !missing.get()>
                                {move || pick(ctx.locale(), "请说明原因", "Please say why")}
                            </span>
                        </div>
                        {move || failure.get().map(|e| view! {
                            <p class="ps-problem" role="alert" data-testid="ps-error">{describe(&e, ctx.locale())}</p>
                        })}
                        <button type="submit" class="ps-btn ps-btn-primary" data-testid="ps-send-after-sales"
                            disabled=move || sending.get()>
                            {move || pick(ctx.locale(), "提交申请", "Send request")}
                        </button>
                    </form>
                }
            })}
        </section>
    }
}
