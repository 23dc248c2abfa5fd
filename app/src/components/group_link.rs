//! Opens a group from its shared link (`#ps-group=<id>&shop=<shop>` in the host
//! page's URL) in a dialog, so a friend lands on it and can join.
//!
//! Invariants: the link is followed like every deep link (`Ctx::follow_hash`): only
//! the widget of the link's shop that owns drawer links takes it and sets its route
//! to [`Route::Group`], so two widgets never open two dialogs; closing the dialog, or
//! Join (the checkout opens instead), drops the fragment and puts the widget back
//! where it was; a later fragment that is not a group closes it.

use crate::browser;
use crate::components::group_panel::GroupPanel;
use crate::components::modal::{Modal, Shape};
use crate::context::Ctx;
use crate::i18n::pick;
use crate::route::{self, Route};
use leptos::prelude::*;

/// The dialog of a shared group.
#[component]
pub fn GroupLink() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let open = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Route::Group { id } = ctx.route.get() {
            open.set(Some(id));
        }
    });
    // The back button leaving the group's fragment closes it (the shop view resets
    // its own route; the other views keep theirs until this one does).
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        let still =
            route::parse(&browser::hash()).is_some_and(|l| matches!(l.route, Route::Group { .. }));
        if !still && open.get_untracked().is_some() {
            open.set(None);
            ctx.route.set(Route::Home {
                category: ctx.opts.with_value(|o| o.category),
            });
        }
    });
    on_cleanup(move || on_hash.remove());
    let close = Callback::new(move |()| {
        open.set(None);
        browser::clear_hash();
        ctx.route.set(Route::Home {
            category: ctx.opts.with_value(|o| o.category),
        });
    });
    view! {
        {move || open.get().map(|id| view! {
            <Modal shape=Shape::Dialog testid="ps-group-dialog" on_close=close
                label=Signal::derive(move || pick(ctx.locale(), "拼团", "Group buy").to_owned())>
                <GroupPanel id=id on_join=close/>
            </Modal>
        })}
    }
}
