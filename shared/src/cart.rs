//! The shopper's cart as a reducer: `Cart::apply(action) -> Cart`.
//!
//! Invariants: one line per SKU (adding a SKU again adds to its line); every line's
//! quantity is 1 to [`Quantity::MAX`]; at most [`Cart::MAX_LINES`] lines. The cart holds
//! no prices: prices come only from the edge's quote.

use crate::id::{IdError, ProductId, Quantity, Sku};
use serde::{Deserialize, Serialize};

/// Why an action cannot be applied to the cart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    /// The cart already holds as many different items as allowed.
    #[error("a cart holds at most {max} different items")]
    TooManyLines {
        /// The limit.
        max: usize,
    },
    /// The line's quantity would leave 1 to 99.
    #[error(transparent)]
    Quantity(#[from] IdError),
    /// The SKU is not in the cart.
    #[error("that item is not in the cart")]
    NotInCart,
}

/// One line: a SKU of a product and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    /// The product.
    pub product_id: ProductId,
    /// The variant.
    pub sku: Sku,
    /// How many.
    pub quantity: Quantity,
}

/// What the shopper does to the cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CartAction {
    /// Add units of a SKU (to its line, if there is one).
    Add {
        /// The product.
        product_id: ProductId,
        /// The variant.
        sku: Sku,
        /// How many to add.
        quantity: Quantity,
    },
    /// Set a line's quantity.
    SetQuantity {
        /// The variant.
        sku: Sku,
        /// The new quantity.
        quantity: Quantity,
    },
    /// Remove a line.
    Remove {
        /// The variant.
        sku: Sku,
    },
    /// Empty the cart (after an order).
    Clear,
}

/// The cart: lines in the order they were first added.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cart {
    /// The lines.
    pub lines: Vec<CartLine>,
}

impl Cart {
    /// The most different items a cart holds.
    pub const MAX_LINES: usize = 50;

    /// The cart after `action`; the cart itself is unchanged when the action is refused.
    pub fn apply(&self, action: CartAction) -> Result<Cart, CartError> {
        let mut next = self.clone();
        match action {
            CartAction::Add {
                product_id,
                sku,
                quantity,
            } => {
                if let Some(line) = next.lines.iter_mut().find(|l| l.sku == sku) {
                    let total = u64::from(line.quantity.get()) + u64::from(quantity.get());
                    line.quantity = Quantity::new(total)?;
                } else if next.lines.len() >= Self::MAX_LINES {
                    return Err(CartError::TooManyLines {
                        max: Self::MAX_LINES,
                    });
                } else {
                    next.lines.push(CartLine {
                        product_id,
                        sku,
                        quantity,
                    });
                }
            }
            CartAction::SetQuantity { sku, quantity } => {
                let line = next
                    .lines
                    .iter_mut()
                    .find(|l| l.sku == sku)
                    .ok_or(CartError::NotInCart)?;
                line.quantity = quantity;
            }
            CartAction::Remove { sku } => {
                let before = next.lines.len();
                next.lines.retain(|l| l.sku != sku);
                if next.lines.len() == before {
                    return Err(CartError::NotInCart);
                }
            }
            CartAction::Clear => next.lines.clear(),
        }
        Ok(next)
    }

    /// Total units over all lines.
    pub fn units(&self) -> u32 {
        self.lines.iter().map(|l| l.quantity.get()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn add(sku: &str, q: u64) -> CartAction {
        CartAction::Add {
            product_id: ProductId::parse("P1").expect("valid"),
            sku: Sku::parse(sku).expect("valid"),
            quantity: Quantity::new(q).expect("valid"),
        }
    }

    #[test]
    fn adding_a_sku_twice_adds_to_its_line() {
        let cart = Cart::default()
            .apply(add("A", 2))
            .and_then(|c| c.apply(add("A", 3)));
        let cart = cart.expect("applied");
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.units(), 5);
    }

    #[test]
    fn a_line_cannot_go_past_ninety_nine() {
        let cart = Cart::default().apply(add("A", 60)).expect("applied");
        assert!(matches!(
            cart.apply(add("A", 40)),
            Err(CartError::Quantity(_))
        ));
    }

    #[test]
    fn removing_and_setting_a_missing_line_is_refused() {
        let sku = Sku::parse("Z").expect("valid");
        assert_eq!(
            Cart::default().apply(CartAction::Remove { sku: sku.clone() }),
            Err(CartError::NotInCart)
        );
        assert_eq!(
            Cart::default().apply(CartAction::SetQuantity {
                sku,
                quantity: Quantity::ONE
            }),
            Err(CartError::NotInCart)
        );
    }

    #[test]
    fn the_fifty_first_item_is_refused() {
        let mut cart = Cart::default();
        for i in 0..Cart::MAX_LINES {
            cart = cart.apply(add(&format!("S{i}"), 1)).expect("applied");
        }
        assert_eq!(
            cart.apply(add("ONE-MORE", 1)),
            Err(CartError::TooManyLines { max: 50 })
        );
    }

    proptest! {
        #[test]
        fn any_sequence_of_actions_keeps_the_cart_valid(ops in prop::collection::vec((0u8..4, 0u8..60, 1u64..99), 0..200)) {
            let mut cart = Cart::default();
            for (kind, sku, q) in ops {
                let sku_s = format!("S{sku}");
                let action = match kind {
                    0 => add(&sku_s, q),
                    1 => CartAction::SetQuantity { sku: Sku::parse(&sku_s).expect("valid"), quantity: Quantity::new(q).expect("valid") },
                    2 => CartAction::Remove { sku: Sku::parse(&sku_s).expect("valid") },
                    _ => CartAction::Clear,
                };
                if let Ok(next) = cart.apply(action) {
                    cart = next;
                }
                prop_assert!(cart.lines.len() <= Cart::MAX_LINES);
                let mut skus: Vec<_> = cart.lines.iter().map(|l| l.sku.clone()).collect();
                skus.sort();
                skus.dedup();
                prop_assert_eq!(skus.len(), cart.lines.len());
                prop_assert!(cart.lines.iter().all(|l| (1..=Quantity::MAX).contains(&l.quantity.get())));
            }
        }
    }
}
