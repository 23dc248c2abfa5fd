//! One product card's state in the first-view layer: the options picked, the
//! quantity, and what adding it to the cart does. Pure, so it is tested natively.
//!
//! Invariants: the quantity stays within `1..=Quantity::MAX`; only a complete pick
//! of an in-stock variant can be added, the same rule the widget's card follows
//! (`shared::card::blocker`); adding goes through the cart's reducer, so the cart
//! it saves is one the widget accepts.

use pocketshop_shared::card::{self, CardData};
use pocketshop_shared::cart::CartError;
use pocketshop_shared::catalogue::ShopSku;
use pocketshop_shared::picker::Picker;
use pocketshop_shared::{Cart, CartAction, Locale, ProductId, Quantity};

/// A card's state.
#[derive(Debug, Clone)]
pub struct Picks {
    /// The product.
    pub product: ProductId,
    /// What the edge gave the card.
    pub data: CardData,
    /// The options picked so far.
    pub picker: Picker,
    /// How many to add.
    pub quantity: Quantity,
    /// The card's language.
    pub locale: Locale,
}

impl Picks {
    /// A card with nothing picked beyond what the picker picks itself.
    pub fn new(product: ProductId, data: CardData, locale: Locale) -> Picks {
        Picks {
            product,
            picker: Picker::new(data.skus.clone()),
            data,
            quantity: Quantity::ONE,
            locale,
        }
    }

    /// Picks (or un-picks) an option; false when the card has no such option.
    pub fn toggle(&mut self, axis: &str, value: &str) -> bool {
        match self.picker.find(axis, value) {
            Some((a, v)) => {
                self.picker.toggle(a, v);
                true
            }
            None => false,
        }
    }

    /// Changes the quantity by `delta`, within its bounds.
    pub fn step(&mut self, delta: i32) {
        self.quantity = bounded(i64::from(self.quantity.get()) + i64::from(delta));
    }

    /// Sets the quantity from what the shopper typed; anything that is not a
    /// quantity keeps the last good one, and a number past the bounds is held to them.
    pub fn set_quantity(&mut self, text: &str) {
        if let Ok(n) = text.trim().parse::<i64>() {
            self.quantity = bounded(n);
        }
    }

    /// Why it cannot be added yet, in the card's language.
    pub fn blocker(&self) -> Option<String> {
        card::blocker(&self.picker, self.locale)
    }

    /// The variant a complete pick names, if it can be bought.
    pub fn buyable(&self) -> Option<&ShopSku> {
        match self.blocker() {
            None => self.picker.sku(),
            Some(_) => None,
        }
    }

    /// `cart` with the picked variant added, and the variant; `None` when nothing
    /// can be added yet.
    pub fn add(&self, cart: &Cart) -> Option<Result<(Cart, ShopSku), CartError>> {
        let sku = self.buyable()?.clone();
        let next = cart.apply(CartAction::Add {
            product_id: self.product.clone(),
            sku: sku.sku.clone(),
            quantity: self.quantity,
        });
        Some(next.map(|cart| (cart, sku)))
    }
}

/// `n` held to `1..=Quantity::MAX`.
fn bounded(n: i64) -> Quantity {
    let n = n.clamp(1, i64::from(Quantity::MAX));
    u64::try_from(n)
        .ok()
        .and_then(|n| Quantity::new(n).ok())
        .unwrap_or(Quantity::ONE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::catalogue::StockLevel;
    use pocketshop_shared::{Currency, Money, OptionValue, Sku};

    fn cny(amount: i64) -> Money {
        Money::new(amount, Currency::CNY)
    }

    fn sku(code: &str, colour: &str, size: &str, stock: StockLevel) -> ShopSku {
        let opt = |axis: &str, v: &str| OptionValue {
            axis: axis.into(),
            zh: format!("{v}码"),
            en: v.into(),
        };
        ShopSku {
            sku: Sku::parse(code).expect("sku"),
            options: vec![opt("colour", colour), opt("size", size)],
            price: cny(5_900),
            list_price: cny(7_900),
            stock,
        }
    }

    fn card() -> Picks {
        let data = CardData {
            skus: vec![
                sku("P1-RED-M", "Red", "M", StockLevel::InStock),
                sku("P1-RED-L", "Red", "L", StockLevel::OutOfStock),
                sku("P1-BLUE-M", "Blue", "M", StockLevel::Low),
            ],
            price_from: cny(5_900),
        };
        Picks::new(ProductId::parse("P1").expect("id"), data, Locale::En)
    }

    #[test]
    fn nothing_can_be_added_until_every_axis_is_picked() {
        let mut c = card();
        assert_eq!(c.blocker().as_deref(), Some("Choose a colour"));
        assert!(c.add(&Cart::default()).is_none());
        assert!(c.toggle("colour", "Red"));
        assert_eq!(c.blocker().as_deref(), Some("Choose a size"));
        assert!(c.toggle("size", "M"));
        assert_eq!(c.blocker(), None);
        assert_eq!(c.buyable().map(|s| s.sku.as_str()), Some("P1-RED-M"));
    }

    #[test]
    fn a_sold_out_variant_cannot_be_added() {
        let mut c = card();
        c.toggle("colour", "Red");
        c.toggle("size", "L");
        assert_eq!(c.blocker().as_deref(), Some("This option is sold out"));
        assert!(c.add(&Cart::default()).is_none());
    }

    #[test]
    fn an_unknown_option_is_ignored() {
        let mut c = card();
        assert!(!c.toggle("colour", "Green"));
        assert!(!c.toggle("fabric", "Red"));
        assert_eq!(c.picker.picked, vec![None, None]);
    }

    #[test]
    fn the_quantity_stays_within_its_bounds() {
        let mut c = card();
        c.step(-1);
        assert_eq!(c.quantity.get(), 1);
        c.step(3);
        assert_eq!(c.quantity.get(), 4);
        c.set_quantity("250");
        assert_eq!(
            c.quantity,
            Quantity::new(u64::from(Quantity::MAX)).expect("max")
        );
        c.set_quantity("two");
        assert_eq!(
            c.quantity,
            Quantity::new(u64::from(Quantity::MAX)).expect("max")
        );
        c.set_quantity(" 0 ");
        assert_eq!(c.quantity.get(), 1);
    }

    #[test]
    fn adding_puts_the_picked_variant_and_quantity_in_the_cart() {
        let mut c = card();
        c.toggle("colour", "Blue");
        c.toggle("size", "M");
        c.step(1);
        let (cart, added) = c.add(&Cart::default()).expect("buyable").expect("fits");
        assert_eq!(added.sku.as_str(), "P1-BLUE-M");
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.lines[0].quantity.get(), 2);
        assert_eq!(cart.lines[0].product_id.as_str(), "P1");
        let (again, _) = c.add(&cart).expect("buyable").expect("fits");
        assert_eq!(again.lines.len(), 1, "the same variant adds up on its line");
        assert_eq!(again.lines[0].quantity.get(), 4);
    }

    #[test]
    fn a_full_cart_refuses_a_new_line_and_says_why() {
        let mut full = Cart::default();
        for n in 0..Cart::MAX_LINES {
            full = full
                .apply(CartAction::Add {
                    product_id: ProductId::parse("P9").expect("id"),
                    sku: Sku::parse(&format!("P9-{n}")).expect("sku"),
                    quantity: Quantity::ONE,
                })
                .expect("room");
        }
        let mut c = card();
        c.toggle("colour", "Red");
        c.toggle("size", "M");
        let error = c.add(&full).expect("buyable").expect_err("full");
        assert!(card::refusal(&error, c.locale).starts_with("Your cart is full"));
    }
}
