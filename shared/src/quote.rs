//! The authoritative quote: cart lines priced from supplier data for one shop.
//!
//! Invariants: `line_total = unit_price × quantity`; `subtotal = Σ line_total`;
//! `total = subtotal + shipping`; every amount is in the shop's currency; a line is
//! never priced from anything the browser sent, only from [`SupplyProduct`]s.

use crate::cart::CartLine;
use crate::catalogue::{Localized, OptionValue, StockLevel, SupplyProduct};
use crate::id::{IdError, ProductId, Quantity, Sku};
use crate::money::{Currency, Money, MoneyError};
use crate::pricing::{PricingError, ShopPricing};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Why a cart cannot be quoted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// The cart has no lines.
    #[error("the cart is empty")]
    EmptyCart,
    /// More lines than a cart may hold.
    #[error("at most {max} different items per order")]
    TooManyLines {
        /// The limit.
        max: usize,
    },
    /// A product the supplier does not have (any more).
    #[error("unknown product {0}")]
    UnknownProduct(ProductId),
    /// A SKU that is not a variant of its product.
    #[error("unknown sku {0}")]
    UnknownSku(Sku),
    /// Merged lines of one SKU ask for more than one line may hold.
    #[error(transparent)]
    Quantity(#[from] IdError),
    /// Pricing failed.
    #[error(transparent)]
    Pricing(#[from] PricingError),
    /// Arithmetic failed.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// A shop's shipping charge: a flat fee, free from some subtotal on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingRule {
    /// The fee per order.
    pub flat_fee: Money,
    /// Orders with at least this subtotal ship free.
    pub free_over: Option<Money>,
}

impl ShippingRule {
    /// The shipping charge for a subtotal.
    pub fn charge(&self, subtotal: Money) -> Result<Money, MoneyError> {
        match self.free_over {
            Some(threshold) if subtotal.max(threshold)? == subtotal => {
                Ok(Money::zero(subtotal.currency))
            }
            _ => {
                // Same-currency check even when the fee is zero.
                subtotal.checked_add(self.flat_fee)?;
                Ok(self.flat_fee)
            }
        }
    }
}

/// Why a quoted line cannot be ordered as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LineProblem {
    /// None left.
    OutOfStock,
    /// Fewer left than asked for.
    NotEnoughStock {
        /// Units available.
        available: u32,
    },
}

/// One priced line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    /// The product.
    pub product_id: ProductId,
    /// The variant.
    pub sku: Sku,
    /// The product's title.
    pub title: Localized,
    /// The variant's options.
    pub options: Vec<OptionValue>,
    /// The cover image.
    pub image: Option<String>,
    /// The shop's price of one unit.
    pub unit_price: Money,
    /// How many.
    pub quantity: Quantity,
    /// `unit_price × quantity`.
    pub line_total: Money,
    /// Coarse stock.
    pub stock: StockLevel,
    /// What prevents ordering this line, if anything.
    pub problem: Option<LineProblem>,
}

/// A priced cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The shop's currency.
    pub currency: Currency,
    /// The lines, in cart order.
    pub lines: Vec<QuoteLine>,
    /// Σ line totals.
    pub subtotal: Money,
    /// The shipping charge.
    pub shipping: Money,
    /// `subtotal + shipping`.
    pub total: Money,
    /// Whether every line can be ordered as quoted.
    pub orderable: bool,
}

impl Quote {
    /// The supply cost of the quoted goods: what the shop owes the supplier.
    pub fn supply_cost(
        &self,
        products: &HashMap<ProductId, SupplyProduct>,
    ) -> Result<Money, QuoteError> {
        let costs = self.lines.iter().map(|l| {
            let sku = products
                .get(&l.product_id)
                .and_then(|p| p.sku(&l.sku))
                .ok_or_else(|| QuoteError::UnknownSku(l.sku.clone()))?;
            Ok(sku.supply_price.checked_mul(l.quantity.get())?)
        });
        let costs = costs.collect::<Result<Vec<_>, QuoteError>>()?;
        Ok(Money::sum(self.currency, costs)?)
    }
}

/// The most lines one quote or order holds (the cart's own limit).
pub const MAX_LINES: usize = crate::cart::Cart::MAX_LINES;

/// Prices `lines` for a shop from the supplier's current products.
///
/// Lines for the same SKU are merged (their quantities added, still at most 99), so a
/// hand-made request cannot split one SKU to get around a limit.
pub fn build_quote(
    pricing: &ShopPricing,
    shipping: &ShippingRule,
    products: &HashMap<ProductId, SupplyProduct>,
    lines: &[CartLine],
) -> Result<Quote, QuoteError> {
    if lines.is_empty() {
        return Err(QuoteError::EmptyCart);
    }
    if lines.len() > MAX_LINES {
        return Err(QuoteError::TooManyLines { max: MAX_LINES });
    }
    let mut merged: Vec<CartLine> = Vec::with_capacity(lines.len());
    for line in lines {
        match merged.iter_mut().find(|m| m.sku == line.sku) {
            Some(m) if m.product_id == line.product_id => {
                let q = u64::from(m.quantity.get()) + u64::from(line.quantity.get());
                m.quantity = Quantity::new(q)?;
            }
            Some(_) => return Err(QuoteError::UnknownSku(line.sku.clone())),
            None => merged.push(line.clone()),
        }
    }
    let mut quoted = Vec::with_capacity(merged.len());
    for line in merged {
        let product = products
            .get(&line.product_id)
            .ok_or_else(|| QuoteError::UnknownProduct(line.product_id.clone()))?;
        let sku = product
            .sku(&line.sku)
            .ok_or_else(|| QuoteError::UnknownSku(line.sku.clone()))?;
        let unit_price = pricing.retail_price(product, sku)?;
        let wanted = line.quantity.get();
        let problem = match sku.stock {
            0 => Some(LineProblem::OutOfStock),
            n if n < wanted => Some(LineProblem::NotEnoughStock { available: n }),
            _ => None,
        };
        quoted.push(QuoteLine {
            product_id: line.product_id,
            sku: line.sku,
            title: product.title.clone(),
            options: sku.options.clone(),
            image: product.images.first().cloned(),
            unit_price,
            quantity: line.quantity,
            line_total: unit_price.checked_mul(wanted)?,
            stock: StockLevel::of(sku.stock),
            problem,
        });
    }
    let subtotal = Money::sum(pricing.currency, quoted.iter().map(|l| l.line_total))?;
    let shipping = shipping.charge(subtotal)?;
    Ok(Quote {
        currency: pricing.currency,
        orderable: quoted.iter().all(|l| l.problem.is_none()),
        lines: quoted,
        subtotal,
        shipping,
        total: subtotal.checked_add(shipping)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Category, SupplySku};
    use crate::pricing::{Markup, MarkupRule, MarkupScope};
    use proptest::prelude::*;

    fn cny(a: i64) -> Money {
        Money::new(a, Currency::CNY)
    }

    fn catalogue(skus: &[(i64, u32)]) -> HashMap<ProductId, SupplyProduct> {
        let id = ProductId::parse("P1").expect("valid");
        let skus = skus
            .iter()
            .enumerate()
            .map(|(i, (price, stock))| SupplySku {
                sku: Sku::parse(&format!("S{i}")).expect("valid"),
                options: vec![],
                supply_price: cny(*price),
                suggested_price: cny(*price),
                floor_price: cny(*price),
                stock: *stock,
            })
            .collect();
        let p = SupplyProduct {
            id: id.clone(),
            category: Category::Snacks,
            title: Localized::new("咖啡豆", "Coffee beans"),
            description: Localized::new("", ""),
            images: vec!["/img/1.svg".into()],
            skus,
            updated_at: 0,
        };
        HashMap::from([(id, p)])
    }

    fn line(sku: usize, q: u64) -> CartLine {
        CartLine {
            product_id: ProductId::parse("P1").expect("valid"),
            sku: Sku::parse(&format!("S{sku}")).expect("valid"),
            quantity: Quantity::new(q).expect("valid"),
        }
    }

    fn shop(bp: u32) -> ShopPricing {
        ShopPricing {
            currency: Currency::CNY,
            rules: vec![MarkupRule {
                scope: MarkupScope::Shop,
                markup: Markup::Percent { basis_points: bp },
            }],
        }
    }

    const SHIPPING: ShippingRule = ShippingRule {
        flat_fee: Money::new(800, Currency::CNY),
        free_over: Some(Money::new(9_900, Currency::CNY)),
    };

    #[test]
    fn a_small_order_pays_shipping_and_a_large_one_ships_free() {
        let cat = catalogue(&[(1_000, 50)]);
        let q = build_quote(&shop(3_000), &SHIPPING, &cat, &[line(0, 2)]).expect("quoted");
        assert_eq!(q.subtotal, cny(2_600));
        assert_eq!(q.shipping, cny(800));
        assert_eq!(q.total, cny(3_400));
        let q = build_quote(&shop(3_000), &SHIPPING, &cat, &[line(0, 8)]).expect("quoted");
        assert_eq!(q.shipping, cny(0));
    }

    #[test]
    fn lines_of_the_same_sku_are_merged() {
        let cat = catalogue(&[(1_000, 50)]);
        let q = build_quote(&shop(0), &SHIPPING, &cat, &[line(0, 2), line(0, 3)]).expect("quoted");
        assert_eq!(q.lines.len(), 1);
        assert_eq!(q.lines[0].quantity.get(), 5);
    }

    #[test]
    fn stock_shortfalls_are_reported_per_line() {
        let cat = catalogue(&[(1_000, 0), (1_000, 2)]);
        let q = build_quote(&shop(0), &SHIPPING, &cat, &[line(0, 1), line(1, 3)]).expect("quoted");
        assert!(!q.orderable);
        assert_eq!(q.lines[0].problem, Some(LineProblem::OutOfStock));
        assert_eq!(
            q.lines[1].problem,
            Some(LineProblem::NotEnoughStock { available: 2 })
        );
    }

    #[test]
    fn unknown_products_and_skus_are_errors() {
        let cat = catalogue(&[(1_000, 5)]);
        assert!(matches!(
            build_quote(&shop(0), &SHIPPING, &cat, &[line(7, 1)]),
            Err(QuoteError::UnknownSku(_))
        ));
        let mut other = line(0, 1);
        other.product_id = ProductId::parse("P404").expect("valid");
        assert!(matches!(
            build_quote(&shop(0), &SHIPPING, &cat, &[other]),
            Err(QuoteError::UnknownProduct(_))
        ));
        assert_eq!(
            build_quote(&shop(0), &SHIPPING, &cat, &[]),
            Err(QuoteError::EmptyCart)
        );
    }

    proptest! {
        #[test]
        fn quote_totals_equal_the_sum_of_their_parts(
            prices in prop::collection::vec((1i64..100_000_000, 0u32..1000), 1..12),
            quantities in prop::collection::vec(1u64..=99, 1..12),
            bp in 0u32..50_000,
        ) {
            let cat = catalogue(&prices);
            let lines: Vec<_> = quantities.iter().enumerate().map(|(i, q)| line(i % prices.len(), *q)).collect();
            if let Ok(q) = build_quote(&shop(bp), &SHIPPING, &cat, &lines) {
                let sum: i64 = q.lines.iter().map(|l| l.line_total.amount).sum();
                prop_assert_eq!(q.subtotal.amount, sum);
                prop_assert_eq!(q.total.amount, q.subtotal.amount + q.shipping.amount);
                for l in &q.lines {
                    prop_assert_eq!(l.line_total.amount, l.unit_price.amount * i64::from(l.quantity.get()));
                }
                let cost = q.supply_cost(&cat).expect("cost");
                prop_assert!(q.subtotal.amount >= cost.amount);
            }
        }
    }
}
