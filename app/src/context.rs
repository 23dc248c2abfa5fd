//! The one context every component of a widget reads: its options, the shop's
//! profile, the shared cart, and what is open.
//!
//! Invariants: all widgets of one shop on a page share one cart signal (they live in
//! one WASM instance), saved to the host page's storage on every change and reloaded
//! when another tab changes it; a deep link is taken by exactly one widget of its
//! shop (see [`owner`]), so two widgets never open two drawers for one link.

use crate::api::Client;
use crate::browser;
use crate::options::{Options, View};
use crate::route::{self, DeepLink, Route};
use crate::storage;
use leptos::prelude::*;
use pocketshop_shared::api::{OrderCreated, ShopProfile};
use pocketshop_shared::cart::CartError;
use pocketshop_shared::{Cart, CartAction, Locale, OrderId, ProductId, ShopId};
use std::cell::RefCell;

/// What the drawer shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Panel {
    /// Closed.
    Closed,
    /// The cart with its quote.
    Cart,
    /// The checkout form.
    Checkout,
    /// The order just placed.
    Placed {
        /// What the edge answered.
        created: Box<OrderCreated>,
        /// Whether this device kept the order (and its token) to open again.
        kept: bool,
    },
    /// The orders placed on this device.
    Orders,
    /// One order's page.
    Order {
        /// The order.
        id: OrderId,
        /// Its token.
        token: String,
    },
}

/// A checkout under a campaign: exactly `lines`, priced by `offer`, never the cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferCheckout {
    /// The campaign.
    pub offer: pocketshop_shared::offer::Offer,
    /// What is bought.
    pub lines: Vec<pocketshop_shared::CartLine>,
    /// What the checkout calls it ("Group price", "Flash sale", …), for its heading.
    pub title: String,
}

/// Everything a widget's components share. `Copy`: every field is a handle.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The widget's parsed options.
    pub opts: StoredValue<Options>,
    /// The Edge API client.
    pub client: StoredValue<Client>,
    /// The shop's public profile, once loaded.
    pub profile: RwSignal<Option<ShopProfile>>,
    /// The shop's cart, shared by every widget of the shop on the page.
    pub cart: RwSignal<Cart>,
    /// What the drawer shows.
    pub panel: RwSignal<Panel>,
    /// The product shown in a dialog, if any.
    pub dialog: RwSignal<Option<ProductId>>,
    /// Where the `shop` view is.
    pub route: RwSignal<Route>,
    /// A checkout under a campaign (a flash sale, a group, a bargain) of exactly these
    /// lines, apart from the cart; setting it opens the checkout for them.
    pub offer_checkout: RwSignal<Option<OfferCheckout>>,
    /// The widget's element on the host page, for its `CustomEvent`s.
    pub host: StoredValue<web_sys::HtmlElement, LocalStorage>,
    /// This widget's number on the page.
    pub id: u32,
}

thread_local! {
    /// Every mounted widget: its number, shop and view, in mount order.
    static WIDGETS: RefCell<Vec<(u32, ShopId, View)>> = const { RefCell::new(Vec::new()) };
    /// One cart signal per deployment and shop.
    static CARTS: RefCell<Vec<(String, RwSignal<Cart>)>> = const { RefCell::new(Vec::new()) };
}

/// The cart signal for `shop`, created (and loaded from storage) by its first widget.
fn shared_cart(api: &str, shop: &ShopId) -> RwSignal<Cart> {
    let key = storage::key(api, shop, "cart");
    if let Some(existing) = CARTS.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, signal)| *signal)
    }) {
        return existing;
    }
    let signal = RwSignal::new(storage::load_cart(api, shop));
    let (api, shop, watched) = (api.to_owned(), shop.clone(), key.clone());
    // Another tab changed the cart: take its version.
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(watched.as_str()) {
            signal.set(storage::load_cart(&api, &shop));
        }
    });
    // The listener lives as long as the page: the cart is the page's.
    std::mem::forget(handle);
    CARTS.with(|c| c.borrow_mut().push((key, signal)));
    signal
}

/// Which widget of `shop` takes a deep link to `route`: for a product, the shop view,
/// else a grid, else any; for the cart and orders, the floating cart, else the shop
/// view, else any. Ties go to the first mounted.
pub fn owner(shop: &ShopId, route: &Route) -> Option<u32> {
    let rank = |view: View| -> u8 {
        match (route, view) {
            (Route::Product(_) | Route::Home { .. }, View::Shop) => 0,
            (Route::Product(_) | Route::Home { .. }, View::Grid) => 1,
            (Route::Product(_) | Route::Home { .. }, _) => 2,
            (_, View::Cart) => 0,
            (_, View::Shop) => 1,
            _ => 2,
        }
    };
    WIDGETS.with(|w| {
        w.borrow()
            .iter()
            .filter(|(_, s, _)| s == shop)
            .min_by_key(|(id, _, view)| (rank(*view), *id))
            .map(|(id, _, _)| *id)
    })
}

impl Ctx {
    /// The context of a newly mounted widget.
    pub fn new(opts: Options, host: web_sys::HtmlElement) -> Ctx {
        let id = WIDGETS.with(|w| {
            let mut w = w.borrow_mut();
            let id = u32::try_from(w.len()).unwrap_or(u32::MAX);
            w.push((id, opts.shop.clone(), opts.view));
            id
        });
        let cart = shared_cart(&opts.api, &opts.shop);
        let route = Route::Home {
            category: opts.category,
        };
        Ctx {
            client: StoredValue::new(
                Client::new(&opts.api).with_member_token(opts.member_token.clone()),
            ),
            opts: StoredValue::new(opts),
            profile: RwSignal::new(None),
            cart,
            panel: RwSignal::new(Panel::Closed),
            dialog: RwSignal::new(None),
            route: RwSignal::new(route),
            offer_checkout: RwSignal::new(None),
            host: StoredValue::new_local(host),
            id,
        }
    }

    /// This device's anonymous shopper id for the shop.
    pub fn shopper(&self) -> pocketshop_shared::ShopperId {
        self.opts
            .with_value(|o| crate::storage::shopper_id(&o.api, &o.shop))
    }

    /// The shop.
    pub fn shop(&self) -> ShopId {
        self.opts.with_value(|o| o.shop.clone())
    }

    /// The widget's view.
    pub fn view(&self) -> View {
        self.opts.with_value(|o| o.view)
    }

    /// The edge's origin.
    pub fn api(&self) -> String {
        self.opts.with_value(|o| o.api.clone())
    }

    /// The language: the element's `lang`, else the shop's; before the shop's
    /// profile arrives, the host page's, else Chinese. Reactive.
    pub fn locale(&self) -> Locale {
        if let Some(l) = self
            .opts
            .with_value(|o| crate::i18n::from_lang(o.lang.as_deref()))
        {
            return l;
        }
        self.profile
            .with(|p| p.as_ref().map(|p| p.locale))
            .or_else(|| {
                self.opts
                    .with_value(|o| crate::i18n::from_lang(o.page_lang.as_deref()))
            })
            .unwrap_or(Locale::ZhCn)
    }

    /// Changes the cart through its reducer and saves it.
    pub fn update_cart(&self, action: CartAction) -> Result<(), CartError> {
        let next = self.cart.with_untracked(|c| c.apply(action))?;
        storage::save_cart(&self.api(), &self.shop(), &next);
        self.cart.set(next);
        Ok(())
    }

    /// The widget has drawn its first view: it replaces the edge's, on the next
    /// frame, when the view's DOM is in place ([`browser::take_over`]), and opens the
    /// product whose tile the shopper tapped on the edge's view meanwhile.
    pub fn take_over(&self) {
        let ctx = *self;
        leptos::prelude::request_animation_frame(move || {
            if let Some(product) = ctx.host.with_value(browser::take_over) {
                ctx.go(Route::Product(product));
            }
        });
    }

    /// Tells the host page: `pocketshop:<name>` on the element, with `detail` (JSON).
    pub fn emit(&self, name: &str, detail: serde_json::Value) {
        let mut detail = detail;
        if let Some(map) = detail.as_object_mut() {
            map.insert("shop".into(), self.shop().as_str().into());
        }
        let name = format!("pocketshop:{name}");
        let json = detail.to_string();
        self.host
            .with_value(|host| browser::dispatch(host, &name, &json));
    }

    /// Goes to `route` by the shopper's action, and records it in the host page's URL.
    pub fn go(&self, route: Route) {
        browser::push_hash(&route::link(&self.shop(), &route));
        self.show(route);
    }

    /// Shows `route` in this widget: the shop view navigates; the other views open
    /// a dialog or the drawer.
    pub fn show(&self, route: Route) {
        let in_shop = self.view() == View::Shop;
        match route {
            Route::Cart => self.panel.set(Panel::Cart),
            Route::Orders => self.panel.set(Panel::Orders),
            Route::Order { id, token } => {
                let token = token.or_else(|| {
                    storage::load_orders(&self.api(), &self.shop())
                        .into_iter()
                        .find(|o| o.id == id)
                        .map(|o| o.token)
                });
                match token {
                    Some(token) => self.panel.set(Panel::Order { id, token }),
                    None => self.panel.set(Panel::Orders),
                }
            }
            Route::Product(id) if !in_shop => self.dialog.set(Some(id)),
            Route::Home { .. } if !in_shop => {}
            other => {
                self.dialog.set(None);
                self.set_route(other);
            }
        }
    }

    /// Shows `route` in the shop view unless it is already shown. Setting the same
    /// route again would draw the page anew, and its parts would ask the edge again:
    /// the pre-sale notices are handed out once, so a second ask comes back without
    /// them, and the first answer, for the page thrown away, is lost.
    fn set_route(&self, route: Route) {
        if self.route.with_untracked(|shown| *shown != route) {
            self.route.set(route);
        }
    }

    /// Follows the host page's fragment: a deep link to this widget's shop, taken
    /// only by its owner; no deep link closes what one opened. On mount (`fresh`
    /// false) a link another widget already took is left alone.
    pub fn follow_hash(&self, fresh: bool) {
        let fragment = browser::hash();
        if !fresh && !fragment.is_empty() && browser::followed() == fragment {
            return;
        }
        match route::parse(&fragment) {
            Some(DeepLink { shop, route }) => {
                let shop_id = self.shop();
                if shop.is_some_and(|s| s != shop_id) {
                    return;
                }
                if owner(&shop_id, &route) == Some(self.id) {
                    browser::set_followed(&fragment);
                    self.show(route);
                }
            }
            None => {
                self.dialog.set(None);
                if !matches!(self.panel.get_untracked(), Panel::Placed { .. }) {
                    self.panel.set(Panel::Closed);
                }
                if self.view() == View::Shop {
                    let category = self.opts.with_value(|o| o.category);
                    self.set_route(Route::Home { category });
                }
            }
        }
    }

    /// Closes the dialog or drawer the shopper is done with, and drops its deep link.
    pub fn close(&self) {
        self.dialog.set(None);
        self.panel.set(Panel::Closed);
        if self.view() != View::Shop {
            browser::clear_hash();
        }
    }
}
