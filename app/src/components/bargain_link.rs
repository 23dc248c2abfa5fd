//! Opens a bargain from its shared link (`#ps-bargain=<id>&shop=<shop>` in the host
//! page's URL) in a dialog, so a friend lands on it and can help.
//!
//! Invariants: only the widget that owns the shop's drawer links takes it (the
//! floating cart, else the shop view, else the first), so two widgets never open two
//! dialogs; closing it drops the fragment.

use crate::browser;
use crate::components::bargain_panel::{self, BargainPanel};
use crate::components::modal::{Modal, Shape};
use crate::context::{owner, Ctx};
use crate::i18n::pick;
use crate::route::Route;
use leptos::prelude::*;

/// The dialog of a shared bargain.
#[component]
pub fn BargainLink() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let open = RwSignal::new(None::<String>);
    let follow = move || {
        let shop = ctx.shop();
        if let Some(id) = bargain_panel::parse(&browser::hash(), &shop) {
            if owner(&shop, &Route::Cart) == Some(ctx.id) {
                open.set(Some(id));
            }
        }
    };
    Effect::new(move |_| follow());
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| follow());
    on_cleanup(move || on_hash.remove());
    let close = Callback::new(move |()| {
        open.set(None);
        browser::clear_hash();
    });
    view! {
        {move || open.get().map(|id| view! {
            <Modal shape=Shape::Dialog testid="ps-bargain-dialog" on_close=close
                label=Signal::derive(move || pick(ctx.locale(), "好友砍价", "Bargain with friends").to_owned())>
                <BargainPanel id=id/>
            </Modal>
        })}
    }
}
