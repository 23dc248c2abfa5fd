//! The one context every component of the console reads: the session, where the
//! console is, and its language.
//!
//! Invariants: the token signal and `sessionStorage` always agree (both change only
//! through [`Ctx::signed_in`] and [`Ctx::signed_out`]); a call failing with
//! `unauthorized` signs the console out and shows sign-in ([`Ctx::problem`]); the
//! route signal follows the page's fragment.

use crate::api::Client;
use crate::route::{self, Route};
use crate::{browser, i18n, messages, session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_client::FetchError;
use pocketshop_shared::owner::Session;
use pocketshop_shared::Locale;
use std::future::Future;

/// Everything the console's components share. `Copy`: every field is a handle or
/// plain data.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The session's bearer token, when signed in.
    pub token: RwSignal<Option<String>>,
    /// The signed-in owner's e-mail address, once known.
    pub email: RwSignal<Option<String>>,
    /// Where the console is.
    pub route: RwSignal<Route>,
    /// The language (from the browser).
    pub locale: Locale,
}

impl Ctx {
    /// The context of the page: the saved session, the fragment's route, the
    /// browser's language.
    pub fn new() -> Ctx {
        Ctx {
            token: RwSignal::new(session::load()),
            email: RwSignal::new(None),
            route: RwSignal::new(route::parse(&browser::hash())),
            locale: i18n::from_navigator(browser::language().as_deref()),
        }
    }

    /// `zh` or `en`, in the console's language.
    pub fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        i18n::pick(self.locale, zh, en)
    }

    /// An API client with the current token.
    pub fn client(&self) -> Client {
        Client::new(self.token.get_untracked())
    }

    /// Goes to `route`, recording it in the fragment.
    pub fn go(&self, route: Route) {
        let fragment = route::href(&route);
        if browser::hash() != fragment {
            browser::set_hash(&fragment);
        }
        self.route.set(route);
    }

    /// Keeps a new session and shows the shops.
    pub fn signed_in(&self, s: &Session) {
        session::save(&s.token);
        self.email.set(Some(s.owner.email.clone()));
        self.token.set(Some(s.token.clone()));
        self.go(Route::Shops);
    }

    /// Forgets the session and shows sign-in.
    pub fn signed_out(&self) {
        session::clear();
        self.token.set(None);
        self.email.set(None);
        self.go(Route::SignIn);
    }

    /// Runs `call` in the background: its answer goes to `done`, its failure is said
    /// in `error` (through [`Ctx::problem`]).
    pub fn run<T: 'static>(
        self,
        error: RwSignal<Option<String>>,
        call: impl Future<Output = Result<T, FetchError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        spawn_local(async move {
            match call.await {
                Ok(answer) => done(answer),
                Err(e) => error.set(Some(self.problem(&e))),
            }
        });
    }

    /// The message for a failed call; a lost session also signs the console out.
    pub fn problem(&self, error: &FetchError) -> String {
        if error.is_unauthorized() {
            self.signed_out();
        }
        messages::fetch_message(error, self.locale)
    }
}

impl Default for Ctx {
    fn default() -> Ctx {
        Ctx::new()
    }
}
