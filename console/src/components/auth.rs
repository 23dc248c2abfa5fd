//! Sign up and sign in: an e-mail address and a password.
//!
//! Invariants: the password never leaves the form except in the one request; the
//! submit button is disabled while a request is out, so one click is one request;
//! a failure is shown as the server's code's message.

use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::route::Route;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::owner::{SignIn, SignUp, PASSWORD_MIN_CHARS};

/// The sign-up or sign-in form.
#[component]
pub fn Auth(
    /// Sign up (a new account) rather than sign in.
    sign_up: bool,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (e, p) = (
            email.get_untracked().trim().to_owned(),
            password.get_untracked(),
        );
        if sign_up && p.chars().count() < PASSWORD_MIN_CHARS {
            error.set(Some(
                ctx.t(
                    "密码至少需要 10 个字符。",
                    "The password needs at least 10 characters.",
                )
                .to_owned(),
            ));
            return;
        }
        busy.set(true);
        error.set(None);
        let client = ctx.client();
        spawn_local(async move {
            let answer = if sign_up {
                client
                    .sign_up(&SignUp {
                        email: e,
                        password: p,
                    })
                    .await
            } else {
                client
                    .sign_in(&SignIn {
                        email: e,
                        password: p,
                    })
                    .await
            };
            busy.set(false);
            match answer {
                Ok(session) => ctx.signed_in(&session),
                Err(err) => error.set(Some(ctx.problem(&err))),
            }
        });
    };
    let (title, button, other, other_route, testid) = if sign_up {
        (
            ctx.t("注册店主账号", "Create an owner account"),
            ctx.t("注册", "Sign up"),
            ctx.t("已有账号？登录", "Already have an account? Sign in"),
            Route::SignIn,
            "pc-signup-form",
        )
    } else {
        (
            ctx.t("登录", "Sign in"),
            ctx.t("登录", "Sign in"),
            ctx.t("还没有账号？注册", "No account yet? Sign up"),
            Route::SignUp,
            "pc-signin-form",
        )
    };
    view! {
        <section class="pc-card pc-auth">
            <h1>{title}</h1>
            <form class="pc-form" data-testid=testid on:submit=submit>
                <label class="pc-field">
                    <span>{ctx.t("邮箱", "E-mail")}</span>
                    <input type="email" required autocomplete="username" data-testid="pc-email"
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))/>
                </label>
                <label class="pc-field">
                    <span>{ctx.t("密码", "Password")}</span>
                    <input type="password" required minlength="10" data-testid="pc-password"
                        autocomplete=if sign_up { "new-password" } else { "current-password" }
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                <Problem message=error/>
                <button type="submit" class="pc-btn pc-btn-primary" data-testid="pc-auth-submit"
                    disabled=move || busy.get()>{button}</button>
            </form>
            <a class="pc-link" data-testid="pc-auth-switch" href=crate::route::href(&other_route)>{other}</a>
        </section>
    }
}
