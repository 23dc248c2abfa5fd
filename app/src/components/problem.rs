//! How a failed call looks: a human message for its `ApiError` code, or for a
//! network failure, with a retry where retrying can help.
//!
//! Invariants: no server internals are shown (the `messages` table decides the
//! text); a retry button appears for failures a retry can fix.

use crate::context::Ctx;
use crate::i18n::pick;
use crate::messages::message;
use leptos::prelude::*;
use pocketshop_client::FetchError;
use pocketshop_shared::Locale;

/// The message for `error` in `locale`.
pub fn describe(error: &FetchError, locale: Locale) -> String {
    match error {
        FetchError::Api(e) => message(e, locale),
        FetchError::Network => pick(
            locale,
            "网络连接失败，请检查网络后重试。",
            "We could not reach the shop. Check your connection and try again.",
        )
        .to_owned(),
        FetchError::Status(_) => pick(
            locale,
            "商店暂时无法响应，请稍后重试。",
            "The shop is not answering right now. Please try again shortly.",
        )
        .to_owned(),
        FetchError::Decode => pick(
            locale,
            "收到了无法识别的数据，请刷新页面。",
            "The shop sent something this page cannot read. Please reload.",
        )
        .to_owned(),
    }
}

/// Whether trying the same call again may work.
pub fn retryable(error: &FetchError) -> bool {
    use pocketshop_shared::ApiError as E;
    match error {
        FetchError::Network | FetchError::Status(_) => true,
        FetchError::Api(e) => matches!(
            e,
            E::SupplierUnavailable { .. }
                | E::PaymentUnavailable { .. }
                | E::Internal { .. }
                | E::IdempotencyInProgress
                | E::RateLimited { .. }
        ),
        FetchError::Decode => false,
    }
}

/// A failure, explained, with a retry button when it can help.
#[component]
pub fn Problem(
    /// What failed.
    error: FetchError,
    /// What the retry button does.
    #[prop(optional)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let can_retry = retryable(&error) || matches!(error, FetchError::Decode);
    let text = move || describe(&error, ctx.locale());
    view! {
        <div class="ps-problem" role="alert" data-testid="ps-error">
            <p>{text}</p>
            {retry.filter(|_| can_retry).map(|retry| view! {
                <button type="button" class="ps-btn ps-btn-secondary" data-testid="ps-retry"
                    on:click=move |_| retry.run(())>
                    {move || pick(ctx.locale(), "重试", "Try again")}
                </button>
            })}
        </div>
    }
}
