//! Checkout: the delivery contact, the total to confirm, and placing the order.
//!
//! Invariants: the order sent is exactly the quoted lines with the quoted total as
//! `confirmed_total`; one checkout sends one `Idempotency-Key` however often it is
//! submitted or retried (also after a reload), and a changed cart or total gets a
//! new one; fields are checked with the same rules as the edge before sending;
//! a campaign checkout (`Ctx::offer_checkout`) orders exactly its own lines under its
//! offer and leaves the cart alone; the coupon, the share link's sharer and the
//! shopper id go with the quote and the order alike.

use crate::browser;
use crate::components::cart_panel::quote_resource;
use crate::components::coupon_wallet::CouponWallet;
use crate::components::problem::{describe, Problem};
use crate::context::{Ctx, Panel};
use crate::format;
use crate::i18n::pick;
use crate::route::{self, Route};
use crate::storage::{self, PendingCheckout, SavedOrder};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_client::FetchError;
use pocketshop_shared::api::{CreateOrderRequest, OrderView, PaymentHandoff};
use pocketshop_shared::contact::{Address, Contact, ContactProblem};
use pocketshop_shared::quote::Quote;
use pocketshop_shared::{ApiError, CartAction, Locale, PaymentMethod};

/// The form's fields: wire name, zh label, en label, required, autocomplete.
const FIELDS: [(&str, &str, &str, bool, &str); 7] = [
    ("name", "收货人", "Full name", true, "name"),
    ("phone", "手机号码", "Phone", true, "tel"),
    (
        "address.region",
        "省份",
        "Province / state",
        true,
        "address-level1",
    ),
    ("address.city", "城市", "City", true, "address-level2"),
    (
        "address.district",
        "区县",
        "District",
        false,
        "address-level3",
    ),
    (
        "address.line",
        "详细地址",
        "Street and number",
        true,
        "street-address",
    ),
    (
        "address.postal_code",
        "邮政编码",
        "Postal code",
        false,
        "postal-code",
    ),
];

fn problem_text(p: ContactProblem, l: Locale) -> &'static str {
    match p {
        ContactProblem::Missing => pick(l, "请填写此项", "Please fill this in"),
        ContactProblem::TooLong => pick(l, "内容过长", "This is too long"),
        ContactProblem::InvalidCharacters => pick(
            l,
            "包含不允许的字符",
            "This has characters that are not allowed",
        ),
        ContactProblem::InvalidPhone => pick(
            l,
            "请输入有效的手机号码",
            "Please enter a valid phone number",
        ),
    }
}

/// The checkout form.
#[component]
pub fn CheckoutForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let attempt = RwSignal::new(0u32);
    let coupon = RwSignal::new(None::<String>);
    let coupon_input = RwSignal::new(String::new());
    let quote = quote_resource(ctx, attempt, Some(coupon), true);
    let offer_title = move || {
        ctx.offer_checkout
            .with(|o| o.as_ref().map(|o| o.title.clone()))
    };
    let is_coupon_problem = |e: &FetchError| {
        matches!(
            e,
            FetchError::Api(ApiError::CouponNotApplicable { .. })
                | FetchError::Api(ApiError::UnknownCampaign { .. })
        )
    };
    let values: [RwSignal<String>; 7] = std::array::from_fn(|_| RwSignal::new(String::new()));
    // Every invalid field with its message, in form order.
    let field_errors = RwSignal::new(Vec::<(&'static str, String)>::new());
    let submitting = RwSignal::new(false);
    let failure = RwSignal::new(None::<FetchError>);
    // The ways this shop takes payment here, in its order; cash on delivery until
    // the profile says otherwise.
    let methods = Memo::new(move |_| {
        ctx.profile
            .with(|p| p.as_ref().map(|p| p.payment_methods.clone()))
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| vec![PaymentMethod::CashOnDelivery])
    });
    let chosen = RwSignal::new(None::<PaymentMethod>);
    let method = move || {
        let offered = methods.get();
        chosen
            .get()
            .filter(|m| offered.contains(m))
            .unwrap_or(offered[0])
    };
    let form = NodeRef::<leptos::html::Form>::new();

    let contact = move || Contact {
        name: values[0].get_untracked(),
        phone: values[1].get_untracked(),
        address: Address {
            region: values[2].get_untracked(),
            city: values[3].get_untracked(),
            district: values[4].get_untracked(),
            line: values[5].get_untracked(),
            postal_code: values[6].get_untracked(),
        },
    };
    let focus_field = move |field: &str| {
        if let Some(form) = form.try_get_untracked().flatten() {
            if let Ok(Some(el)) = form.query_selector(&format!("[name='{field}']")) {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        }
    };

    let place = move |q: Quote| {
        if submitting.get_untracked() {
            return;
        }
        let entered = contact();
        let problems = entered.problems();
        if let Some(first) = problems.first() {
            let l = ctx.locale();
            field_errors.set(
                problems
                    .iter()
                    .map(|e| (e.field, problem_text(e.problem, l).to_owned()))
                    .collect(),
            );
            focus_field(first.field);
            return;
        }
        let Ok(contact) = entered.validate() else {
            return;
        };
        field_errors.set(Vec::new());
        failure.set(None);
        let payment_method = untrack(method);
        let offer_checkout = ctx.offer_checkout.get_untracked();
        let (lines, offer) = match offer_checkout {
            Some(o) => (o.lines, Some(o.offer)),
            None => (ctx.cart.with_untracked(|c| c.lines.clone()), None),
        };
        let from_cart = offer.is_none();
        let (api, shop) = (ctx.api(), ctx.shop());
        let request = CreateOrderRequest {
            lines,
            confirmed_total: q.total,
            contact,
            payment_method,
            // A hosted payment page sends the shopper back here, to the order.
            return_url: payment_method
                .is_prepaid()
                .then(|| browser::page_url_with("")),
            offer,
            coupon: q.coupon.as_ref().map(|c| c.to_string()),
            referral: storage::referral(&api, &shop).map(|c| c.to_string()),
            shopper: Some(ctx.shopper()),
        };
        let Ok(body) = serde_json::to_string(&request) else {
            return;
        };
        let key = match storage::load_pending(&api, &shop) {
            Some(p) if p.body == body => p.key,
            _ => {
                let pending = PendingCheckout {
                    key: browser::random_key(),
                    body,
                };
                storage::save_pending(&api, &shop, &pending);
                pending.key
            }
        };
        submitting.set(true);
        let client = ctx.client.get_value();
        spawn_local(async move {
            let answer = client.create_order(&shop, &request, &key).await;
            submitting.set(false);
            match answer {
                Ok(created) => {
                    storage::clear_pending(&api, &shop);
                    let kept = storage::save_order(
                        &api,
                        &shop,
                        SavedOrder {
                            id: created.order.id.clone(),
                            token: created.token.clone(),
                            total: created.order.total,
                            created_at: created.order.created_at,
                            purchase_reported: !payment_method.is_prepaid(),
                        },
                    );
                    if from_cart {
                        let _ = ctx.update_cart(CartAction::Clear);
                    } else {
                        ctx.offer_checkout.set(None);
                    }
                    if payment_method.is_prepaid() {
                        ctx.emit(
                            "add_payment_info",
                            serde_json::json!({
                                "order_id": created.order.id.as_str(),
                                "payment_method": payment_method.as_str(),
                            }),
                        );
                    } else {
                        ctx.emit("purchase", purchase_detail(&created.order));
                    }
                    browser::push_hash(&route::link(
                        &shop,
                        &Route::Order {
                            id: created.order.id.clone(),
                            token: None,
                        },
                    ));
                    let pay_at = match &created.payment {
                        PaymentHandoff::Redirect { url, .. } => Some(url.clone()),
                        PaymentHandoff::CashOnDelivery { .. } => None,
                    };
                    ctx.panel.set(Panel::Placed {
                        created: Box::new(created),
                        kept,
                    });
                    // To the provider's page; the confirmation keeps a link to it in
                    // case the browser does not go. Not at once when this device could
                    // not keep the order: the provider sends the shopper back to a link
                    // without its token, so the confirmation first gives them one with
                    // it to keep.
                    if let Some(url) = pay_at.filter(|_| kept) {
                        browser::go_to(&url);
                    }
                }
                Err(FetchError::Api(ApiError::InvalidContact { field, .. })) => {
                    let known = FIELDS.iter().find(|f| f.0 == field).map(|f| f.0);
                    if let Some(f) = known {
                        field_errors.set(vec![(
                            f,
                            pick(ctx.locale(), "请检查此项", "Please check this").to_owned(),
                        )]);
                        focus_field(f);
                    }
                }
                Err(
                    e
                    @ FetchError::Api(ApiError::PriceChanged { .. } | ApiError::OutOfStock { .. }),
                ) => {
                    // Re-quote: the shopper sees the new total or the problem line
                    // and confirms again (with a new key, as the body changes).
                    failure.set(Some(e));
                    attempt.update(|n| *n += 1);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };

    view! {
        <h2 class="ps-panel-title">{move || pick(ctx.locale(), "填写收货信息", "Delivery details")}</h2>
        {move || offer_title().map(|t| view! { <p class="ps-offer-title" data-testid="ps-offer-title">{t}</p> })}
        <button type="button" class="ps-link ps-back" data-testid="ps-back-to-cart"
            on:click=move |_| {
                ctx.offer_checkout.set(None);
                ctx.panel.set(Panel::Cart);
            }>
            {move || pick(ctx.locale(), "‹ 返回购物车", "‹ Back to cart")}
        </button>
        {move || match quote.get() {
            Some(Some(Err(e))) if coupon.get().is_some() && is_coupon_problem(&e) => view! {
                <div class="ps-problem" role="alert" data-testid="ps-coupon-problem">
                    <p>{describe(&e, ctx.locale())}</p>
                    <button type="button" class="ps-btn ps-btn-secondary" data-testid="ps-coupon-remove"
                        on:click=move |_| { coupon.set(None); coupon_input.set(String::new()); }>
                        {move || pick(ctx.locale(), "不使用优惠券", "Remove the coupon")}
                    </button>
                </div>
            }.into_any(),
            None | Some(None) if ctx.cart.with(|c| c.lines.is_empty()) && ctx.offer_checkout.with(Option::is_none) => view! {
                <p class="ps-empty">{pick(ctx.locale(), "购物车是空的。", "Your cart is empty.")}</p>
            }.into_any(),
            None | Some(None) => view! { <div class="ps-skel ps-skel-block" aria-busy="true"></div> }.into_any(),
            Some(Some(Err(e))) => view! { <Problem error=e retry=Callback::new(move |()| attempt.update(|n| *n += 1))/> }.into_any(),
            Some(Some(Ok(q))) => {
                let q_for_submit = q.clone();
                let total = q.total;
                let discount = q.discount;
                let applied = q.coupon.clone();
                view! {
                    <form class="ps-form" data-testid="ps-checkout-form" novalidate node_ref=form
                        on:submit=move |ev| { ev.prevent_default(); place(q_for_submit.clone()); }>
                        {FIELDS.iter().enumerate().map(|(i, &(name, zh, en, required, auto))| {
                            let id = format!("ps-{}-{}", ctx.id, name.replace('.', "-"));
                            let err_id = format!("{id}-err");
                            let testid = format!("ps-field-{}", name.trim_start_matches("address."));
                            let has_error = move || field_errors.with(|e| e.iter().any(|e| e.0 == name));
                            view! {
                                <div class="ps-field">
                                    <label for=id.clone()>
                                        {move || pick(ctx.locale(), zh, en)}
                                        {(!required).then(|| view! { <span class="ps-optional">{move || pick(ctx.locale(), "（选填）", " (optional)")}</span> })}
                                    </label>
                                    <input class="ps-input" id=id name=name data-testid=testid
                                        type=if name == "phone" { "tel" } else { "text" }
                                        autocomplete=auto required=required
                                        aria-invalid=move || has_error().to_string()
                                        aria-describedby=err_id.clone()
                                        prop:value=move || values[i].get()
                                        on:input=move |ev| {
                                            values[i].set(event_target_value(&ev));
                                            if has_error() { field_errors.update(|e| e.retain(|e| e.0 != name)); }
                                        }/>
                                    <span class="ps-field-error" id=err_id data-testid="ps-field-error" data-field=name
                                        hidden=move || !has_error()>
                                        {move || field_errors.with(|e| e.iter().find(|e| e.0 == name).map(|e| e.1.clone()))}
                                    </span>
                                </div>
                            }
                        }).collect_view()}
                        <fieldset class="ps-field" data-testid="ps-payment-methods">
                            <legend>{move || pick(ctx.locale(), "支付方式", "Payment")}</legend>
                            <For each=move || methods.get() key=|m| *m let:m>
                                <label class="ps-radio">
                                    <input type="radio" name="payment" value=m.as_str()
                                        data-testid="ps-payment-method"
                                        prop:checked=move || method() == m
                                        on:change=move |_| chosen.set(Some(m))/>
                                    {move || method_name(m, ctx.locale())}
                                </label>
                            </For>
                        </fieldset>
                        <div class="ps-field ps-coupon" data-testid="ps-coupon">
                            <label for=format!("ps-{}-coupon", ctx.id)>{move || pick(ctx.locale(), "优惠券", "Coupon")}</label>
                            <div class="ps-coupon-row">
                                <input class="ps-input" id=format!("ps-{}-coupon", ctx.id) data-testid="ps-coupon-input"
                                    autocomplete="off" prop:value=move || coupon_input.get()
                                    on:input=move |ev| coupon_input.set(event_target_value(&ev))/>
                                <button type="button" class="ps-btn ps-btn-secondary" data-testid="ps-coupon-apply"
                                    on:click=move |_| {
                                        let code = coupon_input.get_untracked().trim().to_owned();
                                        coupon.set((!code.is_empty()).then_some(code));
                                    }>
                                    {move || pick(ctx.locale(), "使用", "Apply")}
                                </button>
                            </div>
                            <CouponWallet on_use=Callback::new(move |code: String| {
                                coupon_input.set(code.clone());
                                coupon.set(Some(code));
                            })/>
                            {applied.map(|code| view! {
                                <p class="ps-coupon-applied" data-testid="ps-coupon-applied">
                                    {move || match ctx.locale() {
                                        Locale::ZhCn => format!("已使用 {code}：优惠 {}", format::money(discount, Locale::ZhCn)),
                                        Locale::En => format!("{code} applied: {} off", format::money(discount, Locale::En)),
                                    }}
                                </p>
                            })}
                        </div>
                        <p class="ps-checkout-total">
                            {move || pick(ctx.locale(), "应付合计 ", "Total to pay ")}
                            <strong data-testid="ps-checkout-total">{move || format::money(total, ctx.locale())}</strong>
                        </p>
                        {move || failure.get().map(|e| {
                            let text = describe(&e, ctx.locale());
                            let retry = crate::components::problem::retryable(&e);
                            let q = q.clone();
                            view! {
                                <div class="ps-problem" role="alert" data-testid="ps-error">
                                    <p>{text}</p>
                                    {retry.then(|| view! {
                                        <button type="button" class="ps-btn ps-btn-secondary" data-testid="ps-retry"
                                            on:click=move |_| place(q.clone())>
                                            {move || pick(ctx.locale(), "重试", "Try again")}
                                        </button>
                                    })}
                                </div>
                            }
                        })}
                        <button type="submit" class="ps-btn ps-btn-primary ps-wide" data-testid="ps-place-order"
                            disabled=move || submitting.get()
                            aria-busy=move || submitting.get().to_string()>
                            {move || match (submitting.get(), method().is_prepaid()) {
                                (true, _) => pick(ctx.locale(), "正在提交…", "Placing your order…"),
                                (false, true) => pick(ctx.locale(), "提交订单并去支付", "Place order and pay"),
                                (false, false) => pick(ctx.locale(), "提交订单", "Place order"),
                            }}
                        </button>
                    </form>
                }.into_any()
            }
        }}
    }
}

/// A payment method's name for the shopper.
pub fn method_name(method: PaymentMethod, l: Locale) -> &'static str {
    match method {
        PaymentMethod::CashOnDelivery => pick(l, "货到付款", "Cash on delivery"),
        PaymentMethod::Stripe => pick(l, "银行卡 / Apple Pay（Stripe）", "Card or wallet (Stripe)"),
        PaymentMethod::WechatPay => pick(l, "微信支付", "WeChat Pay"),
        PaymentMethod::Sandbox => pick(l, "测试支付（不扣款）", "Test payment (no charge)"),
    }
}

/// The `pocketshop:purchase` event's detail.
pub fn purchase_detail(order: &OrderView) -> serde_json::Value {
    serde_json::json!({
        "order_id": order.id.as_str(),
        "total": order.total,
        "payment_method": order.payment_method.as_str(),
        "lines": order.lines.iter().map(|l| serde_json::json!({
            "product_id": l.product_id.as_str(), "sku": l.sku.as_str(), "quantity": l.quantity.get(),
        })).collect::<Vec<_>>(),
    })
}
