//! What the widget keeps in the host page's own `localStorage`: each shop's cart and
//! the orders placed from this device (and those opened here from their links),
//! namespaced by edge deployment and shop.
//!
//! Invariants: keys are `pocketshop:<edge origin>:<shop>:<what>`, so two shops (or
//! two deployments) on one page never share state; stored data that no longer
//! parses is treated as absent rather than breaking the widget; when storage is
//! unavailable (private mode, a sandboxed frame) the widget keeps working in memory.

use pocketshop_shared::{Cart, Money, OrderId, ShopId, ShopperId, Sku};
use serde::{Deserialize, Serialize};

/// An order placed from this device: enough to list it and open its page again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedOrder {
    /// The order.
    pub id: OrderId,
    /// Its capability token.
    pub token: String,
    /// What it cost.
    pub total: Money,
    /// When it was placed (unix seconds).
    pub created_at: i64,
    /// Whether the host page was told of the purchase (at placement for cash on
    /// delivery; once the order is seen paid for a hosted payment).
    #[serde(default)]
    pub purchase_reported: bool,
}

/// The most orders kept per shop; older ones drop off.
pub const MAX_SAVED_ORDERS: usize = 50;

pub use pocketshop_shared::device::key;

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read<T: for<'de> Deserialize<'de>>(key: &str) -> Option<T> {
    let text = local()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Stores `value` under `key`; `false` when it could not be kept (no storage, or a
/// full or refused one). Most callers can live with that: the cart stays in memory.
fn write<T: Serialize>(key: &str, value: &T) -> bool {
    match (local(), serde_json::to_string(value)) {
        (Some(storage), Ok(text)) => storage.set_item(key, &text).is_ok(),
        _ => false,
    }
}

/// This device's anonymous shopper id for `shop`, made and saved on first use. It
/// is what per-shopper limits, coupons, bargains and votes count against; without
/// storage it lasts as long as the page.
pub fn shopper_id(api: &str, shop: &ShopId) -> ShopperId {
    let key = key(api, shop, "shopper");
    if let Some(id) = read::<String>(&key).and_then(|s| ShopperId::parse(&s).ok()) {
        return id;
    }
    thread_local! {
        static FALLBACK: std::cell::RefCell<Option<ShopperId>> = const { std::cell::RefCell::new(None) };
    }
    let fresh = FALLBACK.with(|f| f.borrow_mut().get_or_insert_with(new_shopper_id).clone());
    write(&key, &fresh.as_str());
    fresh
}

/// A new random shopper id: `s` and the hex digits of a UUID from the browser's
/// CSPRNG, which is always a valid id.
fn new_shopper_id() -> ShopperId {
    let digits: String = crate::browser::random_key()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(ShopperId::MAX_LEN - 1)
        .collect();
    #[allow(clippy::expect_used)]
    ShopperId::parse(&format!("s{digits}")).expect("a letter then letters and digits is valid")
}

/// The saved cart (empty when there is none).
pub fn load_cart(api: &str, shop: &ShopId) -> Cart {
    read(&key(api, shop, "cart")).unwrap_or_default()
}

/// Saves the cart.
pub fn save_cart(api: &str, shop: &ShopId, cart: &Cart) {
    write(&key(api, shop, "cart"), cart);
}

/// The orders placed from this device, newest first.
pub fn load_orders(api: &str, shop: &ShopId) -> Vec<SavedOrder> {
    read(&key(api, shop, "orders")).unwrap_or_default()
}

/// Records an order (once, newest first); `false` when this device could not keep
/// it, and so could not open the order again without its token from elsewhere.
pub fn save_order(api: &str, shop: &ShopId, order: SavedOrder) -> bool {
    let mut orders = load_orders(api, shop);
    orders.retain(|o| o.id != order.id);
    orders.insert(0, order);
    orders.truncate(MAX_SAVED_ORDERS);
    write(&key(api, shop, "orders"), &orders)
}

/// An order's page opened here with its token (from a kept link, or on another
/// device): keeps the order in this device's list unless it is there, and says
/// whether to tell the host page of its purchase now. `paid` is whether it was paid
/// through a hosted payment; a purchase is told once however often its page is
/// opened. One read of the list and at most one write, on every render of the page.
pub fn open_order(api: &str, shop: &ShopId, order: SavedOrder, paid: bool) -> bool {
    thread_local! {
        static TOLD: std::cell::RefCell<std::collections::HashSet<String>> =
            std::cell::RefCell::new(std::collections::HashSet::new());
    }
    let list = key(api, shop, "orders");
    let told = format!("{list}:{}", order.id.as_str());
    let mut orders = load_orders(api, shop);
    let opened = opened(&mut orders, order, paid);
    if opened.changed {
        write(&list, &orders);
    }
    // Where storage refused the list, the page remembers: once per page load, and
    // the event's order id lets the host page tell it is one purchase.
    opened.tell && TOLD.with(|t| t.borrow_mut().insert(told))
}

/// Adds `order` to `orders` in its place (newest first, at most
/// [`MAX_SAVED_ORDERS`]); `false` when it is there already, or older than all of a
/// full list, which stays as it was.
fn add_order(orders: &mut Vec<SavedOrder>, order: SavedOrder) -> bool {
    if orders.iter().any(|o| o.id == order.id) {
        return false;
    }
    let at = orders.partition_point(|o| o.created_at >= order.created_at);
    if at >= MAX_SAVED_ORDERS {
        return false;
    }
    orders.insert(at, order);
    orders.truncate(MAX_SAVED_ORDERS);
    true
}

/// What opening an order's page does to the device's list.
#[derive(Debug, PartialEq, Eq)]
struct Opened {
    /// The list is to be written.
    changed: bool,
    /// The purchase is to be told to the host page now.
    tell: bool,
}

/// Keeps `order` in `orders` unless it is there ([`add_order`]) and, when `paid`,
/// marks its purchase told, the first time only. An order the list cannot hold (older
/// than all of a full list) is told every time; the caller remembers it.
fn opened(orders: &mut Vec<SavedOrder>, order: SavedOrder, paid: bool) -> Opened {
    let id = order.id.clone();
    let mut changed = add_order(orders, order);
    let tell = paid
        && match orders.iter_mut().find(|o| o.id == id) {
            Some(o) if o.purchase_reported => false,
            Some(o) => {
                o.purchase_reported = true;
                changed = true;
                true
            }
            None => true,
        };
    Opened { changed, tell }
}

/// The unit price each SKU had when the shopper last saw it (added it, or saw it in
/// a quote before checking out), so the cart can say plainly when it changed.
pub fn seen_prices(api: &str, shop: &ShopId) -> Vec<(Sku, Money)> {
    read(&key(api, shop, "seen")).unwrap_or_default()
}

/// Records what the shopper saw `sku` cost.
pub fn see_price(api: &str, shop: &ShopId, sku: &Sku, price: Money) {
    let mut seen = seen_prices(api, shop);
    pocketshop_shared::device::see_price(&mut seen, sku, price);
    write(&key(api, shop, "seen"), &seen);
}

/// A checkout in progress: the idempotency key and what it was made for, so a retry
/// after a reload or a lost answer sends the same key, and a changed cart a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingCheckout {
    /// The key sent as `Idempotency-Key`.
    pub key: String,
    /// The request body it was first sent with.
    pub body: String,
}

/// The checkout in progress, if any.
pub fn load_pending(api: &str, shop: &ShopId) -> Option<PendingCheckout> {
    read(&key(api, shop, "checkout"))
}

/// Remembers the checkout in progress.
pub fn save_pending(api: &str, shop: &ShopId, pending: &PendingCheckout) {
    write(&key(api, shop, "checkout"), pending);
}

/// Forgets the checkout once its order exists.
pub fn clear_pending(api: &str, shop: &ShopId) {
    if let Some(storage) = local() {
        let _ = storage.remove_item(&key(api, shop, "checkout"));
    }
}

// Share-link attribution and this device's sharer code

/// The unix time now, from the browser's clock.
fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The sharer code a share link put in the page's URL: `#…&ps-ref=CODE` in the
/// fragment (the widget's own share links) or `?ps-ref=CODE` in the query (links
/// made by hand); the fragment wins.
fn clicked_code() -> Option<pocketshop_shared::referral::SharerCode> {
    let location = web_sys::window()?.location();
    let from = |part: String| {
        let part = part.trim_start_matches(['#', '?']).to_owned();
        form_urlencoded::parse(part.as_bytes())
            .find(|(k, _)| k == "ps-ref")
            .and_then(|(_, v)| pocketshop_shared::referral::SharerCode::parse(&v).ok())
    };
    from(location.hash().unwrap_or_default())
        .or_else(|| from(location.search().unwrap_or_default()))
}

/// Notes the share link the page was opened with, if any (the last click wins), and
/// returns the attribution that counts now (7 days at most).
pub fn referral(api: &str, shop: &ShopId) -> Option<pocketshop_shared::referral::SharerCode> {
    use pocketshop_shared::referral::Attribution;
    let key = key(api, shop, "ref");
    let kept = read::<Attribution>(&key);
    let clicked = clicked_code().filter(|c| kept.as_ref().is_none_or(|k| &k.code != c));
    let now = now_secs();
    let next = Attribution::after_visit(kept.clone(), clicked, now);
    if next != kept {
        match &next {
            Some(a) => {
                write(&key, a);
            }
            None => {
                if let Some(s) = local() {
                    let _ = s.remove_item(&key);
                }
            }
        }
    }
    next.map(|a| a.code)
}

/// This device's sharer code and the token of its earnings, once asked for.
pub fn load_sharer(api: &str, shop: &ShopId) -> Option<pocketshop_shared::referral::SharerCreated> {
    read(&key(api, shop, "sharer"))
}

/// Keeps this device's sharer code and token.
pub fn save_sharer(api: &str, shop: &ShopId, sharer: &pocketshop_shared::referral::SharerCreated) {
    write(&key(api, shop, "sharer"), sharer);
}

/// The coupon code the shopper entered at checkout, kept for this checkout.
pub fn load_coupon(api: &str, shop: &ShopId) -> Option<String> {
    read(&key(api, shop, "coupon"))
}

/// Keeps (or, with `None`, forgets) the coupon code entered at checkout.
pub fn save_coupon(api: &str, shop: &ShopId, code: Option<&str>) {
    let key = key(api, shop, "coupon");
    match code {
        Some(c) => {
            write(&key, &c);
        }
        None => {
            if let Some(s) = local() {
                let _ = s.remove_item(&key);
            }
        }
    }
}

// This device's agent application
/// This device's agent application to `shop` (its id and token), once made.
pub fn load_agent(api: &str, shop: &ShopId) -> Option<pocketshop_shared::agent::AgentApplied> {
    read(&key(api, shop, "agent"))
}

/// Keeps this device's agent application.
pub fn save_agent(api: &str, shop: &ShopId, applied: &pocketshop_shared::agent::AgentApplied) {
    write(&key(api, shop, "agent"), applied);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_namespaced_by_deployment_and_shop() {
        let demo = ShopId::parse("demo").expect("shop");
        let lumen = ShopId::parse("lumen").expect("shop");
        let a = key("https://edge.example", &demo, "cart");
        assert_eq!(a, "pocketshop:https://edge.example:demo:cart");
        assert_ne!(a, key("https://edge.example", &lumen, "cart"));
        assert_ne!(a, key("https://other.example", &demo, "cart"));
    }

    fn saved(id: &str, created_at: i64, purchase_reported: bool) -> SavedOrder {
        SavedOrder {
            id: OrderId::parse(id).expect("order id"),
            token: "t".into(),
            total: Money::new(1_000, pocketshop_shared::Currency::CNY),
            created_at,
            purchase_reported,
        }
    }

    #[test]
    fn an_order_opened_from_its_link_is_kept_once_in_its_place() {
        let mut orders = vec![saved("PS-C", 30, true), saved("PS-A", 10, true)];
        assert!(add_order(&mut orders, saved("PS-B", 20, false)));
        assert!(!add_order(&mut orders, saved("PS-B", 20, true)));
        assert!(
            !add_order(&mut orders, saved("PS-C", 40, false)),
            "a kept order stays as it is"
        );
        let kept: Vec<_> = orders
            .iter()
            .map(|o| (o.id.as_str().to_owned(), o.created_at, o.purchase_reported))
            .collect();
        assert_eq!(
            kept,
            [
                ("PS-C".to_owned(), 30, true),
                ("PS-B".to_owned(), 20, false),
                ("PS-A".to_owned(), 10, true)
            ]
        );
    }

    #[test]
    fn a_paid_order_opened_here_is_kept_and_its_purchase_told_the_first_time_only() {
        let mut orders = vec![saved("PS-A", 10, true)];
        // (order, paid, list written, purchase told, why)
        let steps = [
            ("PS-B", false, true, false, "unpaid: kept, nothing to tell"),
            ("PS-B", true, true, true, "seen paid: marked and told"),
            (
                "PS-B",
                true,
                false,
                false,
                "told once, and nothing to write",
            ),
            (
                "PS-A",
                true,
                false,
                false,
                "told already (or paid on delivery)",
            ),
        ];
        for (id, paid, changed, tell, why) in steps {
            let got = opened(&mut orders, saved(id, 20, false), paid);
            assert_eq!(got, Opened { changed, tell }, "{why}");
        }
    }

    /// A full list of orders, all newer than 100 and reported.
    fn full_list() -> Vec<SavedOrder> {
        (0..MAX_SAVED_ORDERS as i64)
            .map(|i| saved(&format!("PS-N{i}"), 100 + i, true))
            .rev()
            .collect()
    }

    #[test]
    fn a_paid_order_a_full_list_cannot_hold_is_told_for_the_caller_to_remember() {
        let mut orders = full_list();
        let before = orders.clone();
        assert_eq!(
            opened(&mut orders, saved("PS-OLD", 1, false), true),
            Opened {
                changed: false,
                tell: true
            }
        );
        assert_eq!(orders, before);
    }

    #[test]
    fn a_full_list_keeps_its_newest_orders_leaving_an_older_one_out_and_a_newer_one_in_front() {
        let mut orders = full_list();
        assert!(!add_order(&mut orders, saved("PS-OLD", 1, false)));
        assert!(add_order(&mut orders, saved("PS-NEW", 1_000, false)));
        assert_eq!(orders[0].id.as_str(), "PS-NEW");
        assert_eq!(orders.len(), MAX_SAVED_ORDERS);
        assert!(orders.iter().all(|o| o.id.as_str() != "PS-OLD"));
    }
}
