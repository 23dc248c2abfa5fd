//! What the widget keeps in the host page's `localStorage`, as far as both of its
//! halves must agree on it: the Leptos widget (`app/`) and the first-view layer
//! that answers a product card before it (`quick/`) write the same entries.
//!
//! Invariants: keys are `pocketshop:<edge origin>:<shop>:<what>`, so two shops (or
//! two deployments) on one page never share state; the list of prices seen is
//! bounded, oldest first out.

use crate::{Cart, Money, ShopId, Sku};

/// The storage key for `what` of `shop` on the edge at `api`.
pub fn key(api: &str, shop: &ShopId, what: &str) -> String {
    format!("pocketshop:{api}:{shop}:{what}")
}

/// Records that the shopper saw `sku` cost `price` (they added it, or a quote
/// showed it), replacing what they saw before; keeps at most twice a full cart.
pub fn see_price(seen: &mut Vec<(Sku, Money)>, sku: &Sku, price: Money) {
    seen.retain(|(s, _)| s != sku);
    seen.push((sku.clone(), price));
    let excess = seen.len().saturating_sub(2 * Cart::MAX_LINES);
    seen.drain(..excess);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;

    fn cny(amount: i64) -> Money {
        Money::new(amount, Currency::CNY)
    }

    #[test]
    fn a_key_names_the_edge_the_shop_and_what_it_holds() {
        let shop = ShopId::parse("alice").expect("shop");
        assert_eq!(
            key("https://edge.test", &shop, "cart"),
            "pocketshop:https://edge.test:alice:cart"
        );
    }

    #[test]
    fn the_prices_seen_keep_the_latest_for_each_sku_and_stay_bounded() {
        let mut seen = Vec::new();
        for n in 0..(2 * Cart::MAX_LINES + 5) {
            let sku = Sku::parse(&format!("S-{n}")).expect("sku");
            see_price(&mut seen, &sku, cny(100));
        }
        assert_eq!(seen.len(), 2 * Cart::MAX_LINES);
        assert_eq!(seen[0].0.as_str(), "S-5");
        let again = Sku::parse("S-7").expect("sku");
        see_price(&mut seen, &again, cny(200));
        assert_eq!(seen.iter().filter(|(s, _)| *s == again).count(), 1);
        assert_eq!(seen.last(), Some(&(again, cny(200))));
    }
}
