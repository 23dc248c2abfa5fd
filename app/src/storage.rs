//! What the widget keeps in the host page's own `localStorage`: each shop's cart and
//! the orders placed from this device, namespaced by edge deployment and shop.
//!
//! Invariants: keys are `pocketshop:<edge origin>:<shop>:<what>`, so two shops (or
//! two deployments) on one page never share state; stored data that no longer
//! parses is treated as absent rather than breaking the widget; when storage is
//! unavailable (private mode, a sandboxed frame) the widget keeps working in memory.

use pocketshop_shared::{Cart, Money, OrderId, ShopId, Sku};
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

/// The storage key for `what` of `shop` on the edge at `api`.
pub fn key(api: &str, shop: &ShopId, what: &str) -> String {
    format!("pocketshop:{api}:{shop}:{what}")
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read<T: for<'de> Deserialize<'de>>(key: &str) -> Option<T> {
    let text = local()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn write<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(text)) = (local(), serde_json::to_string(value)) {
        // A full or refused storage only loses persistence, not the cart in memory.
        let _ = storage.set_item(key, &text);
    }
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

/// Records an order (once, newest first).
pub fn save_order(api: &str, shop: &ShopId, order: SavedOrder) {
    let mut orders = load_orders(api, shop);
    orders.retain(|o| o.id != order.id);
    orders.insert(0, order);
    orders.truncate(MAX_SAVED_ORDERS);
    write(&key(api, shop, "orders"), &orders);
}

/// Marks an order's purchase as told to the host page; `true` only the first time,
/// so a paid order is reported once however often its page is opened.
pub fn report_purchase_once(api: &str, shop: &ShopId, id: &OrderId) -> bool {
    let mut orders = load_orders(api, shop);
    match orders.iter_mut().find(|o| &o.id == id) {
        Some(o) if !o.purchase_reported => {
            o.purchase_reported = true;
            write(&key(api, shop, "orders"), &orders);
            true
        }
        _ => false,
    }
}

/// The unit price each SKU had when the shopper last saw it (added it, or saw it in
/// a quote before checking out), so the cart can say plainly when it changed.
pub fn seen_prices(api: &str, shop: &ShopId) -> Vec<(Sku, Money)> {
    read(&key(api, shop, "seen")).unwrap_or_default()
}

/// Records what the shopper saw `sku` cost.
pub fn see_price(api: &str, shop: &ShopId, sku: &Sku, price: Money) {
    let mut seen = seen_prices(api, shop);
    seen.retain(|(s, _)| s != sku);
    seen.push((sku.clone(), price));
    // Bounded like the cart: old entries drop off first.
    let excess = seen
        .len()
        .saturating_sub(2 * pocketshop_shared::Cart::MAX_LINES);
    seen.drain(..excess);
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
}
