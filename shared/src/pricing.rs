//! The price chain, first links: supply price → the shop's markup → floors.
//!
//! Invariants: a retail price is never below the supply price nor below the supplier's
//! floor; the most specific markup rule wins (product over category over shop); the
//! shop's currency must equal the supplier's (no conversion in v1).
//! Campaign prices and coupons are later links of the same chain and apply to the
//! retail price this module returns.

use crate::catalogue::{Category, ShopProduct, ShopSku, StockLevel, SupplyProduct, SupplySku};
use crate::id::ProductId;
use crate::money::{Currency, Money, MoneyError};
use serde::{Deserialize, Serialize};

/// What can go wrong pricing a product.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    /// The supplier prices in another currency than the shop sells in.
    #[error("the shop sells in {shop} but the supplier prices in {supplier}")]
    CurrencyMismatch {
        /// The shop's currency.
        shop: Currency,
        /// The supplier's currency.
        supplier: Currency,
    },
    /// The supplier sent a price that is zero or negative, or a floor below cost.
    #[error("the supplier's price for this item is invalid")]
    InvalidSupplyPrice,
    /// A product without any SKU.
    #[error("the product has no variants")]
    NoVariants,
    /// Arithmetic failed.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// How much a shop adds on top of the supply price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Markup {
    /// A percentage of the supply price, in basis points (3 000 = 30 %).
    Percent {
        /// Basis points.
        basis_points: u32,
    },
    /// A fixed amount in minor units of the shop's currency.
    Fixed {
        /// Minor units; not negative.
        amount: i64,
    },
}

/// Which products a markup rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", content = "target", rename_all = "snake_case")]
pub enum MarkupScope {
    /// Every product of the shop.
    Shop,
    /// Every product of one category.
    Category(Category),
    /// One product.
    Product(ProductId),
}

/// One markup rule of a shop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkupRule {
    /// What it applies to.
    pub scope: MarkupScope,
    /// How much it adds.
    pub markup: Markup,
}

/// A shop's pricing: its currency and markup rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopPricing {
    /// The currency the shop sells in.
    pub currency: Currency,
    /// Its markup rules, in any order.
    pub rules: Vec<MarkupRule>,
}

impl ShopPricing {
    /// The rule that applies to a product: product, else category, else shop, else none.
    pub fn markup_for(&self, product: &ProductId, category: Category) -> Markup {
        let find = |pred: &dyn Fn(&MarkupScope) -> bool| {
            self.rules.iter().find(|r| pred(&r.scope)).map(|r| r.markup)
        };
        find(&|s| matches!(s, MarkupScope::Product(p) if p == product))
            .or_else(|| find(&|s| matches!(s, MarkupScope::Category(c) if *c == category)))
            .or_else(|| find(&|s| matches!(s, MarkupScope::Shop)))
            .unwrap_or(Markup::Percent { basis_points: 0 })
    }

    /// The shop's retail price of one SKU of `product`.
    pub fn retail_price(
        &self,
        product: &SupplyProduct,
        sku: &SupplySku,
    ) -> Result<Money, PricingError> {
        retail_price(
            self.currency,
            sku,
            self.markup_for(&product.id, product.category),
        )
    }

    /// The product priced for this shop, with coarse stock.
    pub fn price_product(&self, product: &SupplyProduct) -> Result<ShopProduct, PricingError> {
        let skus = product
            .skus
            .iter()
            .map(|s| {
                Ok(ShopSku {
                    sku: s.sku.clone(),
                    options: s.options.clone(),
                    price: self.retail_price(product, s)?,
                    list_price: s.suggested_price,
                    stock: StockLevel::of(s.stock),
                })
            })
            .collect::<Result<Vec<_>, PricingError>>()?;
        let price_from = skus
            .iter()
            .map(|s| s.price)
            .min_by_key(|m| m.amount)
            .ok_or(PricingError::NoVariants)?;
        Ok(ShopProduct {
            id: product.id.clone(),
            category: product.category,
            title: product.title.clone(),
            description: product.description.clone(),
            images: product.images.clone(),
            in_stock: skus.iter().any(|s| s.stock != StockLevel::OutOfStock),
            skus,
            price_from,
        })
    }
}

/// Supply price plus markup, raised to the supply price and to the supplier's floor.
pub fn retail_price(
    currency: Currency,
    sku: &SupplySku,
    markup: Markup,
) -> Result<Money, PricingError> {
    let supply = sku.supply_price;
    if supply.currency != currency {
        return Err(PricingError::CurrencyMismatch {
            shop: currency,
            supplier: supply.currency,
        });
    }
    if supply.amount <= 0 || sku.floor_price.currency != currency || sku.floor_price.amount < 0 {
        return Err(PricingError::InvalidSupplyPrice);
    }
    let added = match markup {
        Markup::Percent { basis_points } => supply.percent_bp(basis_points)?,
        // A negative fixed markup cannot lower the price below cost: clamp it to zero.
        Markup::Fixed { amount } => Money::new(amount.max(0), currency),
    };
    let marked_up = supply.checked_add(added)?;
    Ok(marked_up.max(supply)?.max(sku.floor_price)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Localized;
    use crate::id::Sku;
    use proptest::prelude::*;

    fn cny(a: i64) -> Money {
        Money::new(a, Currency::CNY)
    }

    fn sku(supply: i64, floor: i64) -> SupplySku {
        SupplySku {
            sku: Sku::parse("S1").expect("valid"),
            options: vec![],
            supply_price: cny(supply),
            suggested_price: cny(supply.saturating_mul(2)),
            floor_price: cny(floor),
            stock: 10,
        }
    }

    fn product(category: Category, skus: Vec<SupplySku>) -> SupplyProduct {
        SupplyProduct {
            id: ProductId::parse("P1").expect("valid"),
            category,
            title: Localized::new("T恤", "Tee"),
            description: Localized::new("", ""),
            images: vec![],
            skus,
            updated_at: 0,
        }
    }

    fn pricing(rules: Vec<MarkupRule>) -> ShopPricing {
        ShopPricing {
            currency: Currency::CNY,
            rules,
        }
    }

    #[test]
    fn thirty_percent_markup_on_a_tee() {
        let p = product(Category::Apparel, vec![sku(2_990, 3_000)]);
        let shop = pricing(vec![MarkupRule {
            scope: MarkupScope::Shop,
            markup: Markup::Percent {
                basis_points: 3_000,
            },
        }]);
        // 2990 × 1.3 = 3887
        assert_eq!(shop.retail_price(&p, &p.skus[0]), Ok(cny(3_887)));
    }

    #[test]
    fn the_most_specific_rule_wins() {
        let id = ProductId::parse("P1").expect("valid");
        let shop = pricing(vec![
            MarkupRule {
                scope: MarkupScope::Shop,
                markup: Markup::Percent {
                    basis_points: 1_000,
                },
            },
            MarkupRule {
                scope: MarkupScope::Category(Category::Beauty),
                markup: Markup::Percent {
                    basis_points: 2_000,
                },
            },
            MarkupRule {
                scope: MarkupScope::Product(id.clone()),
                markup: Markup::Fixed { amount: 500 },
            },
        ]);
        assert_eq!(
            shop.markup_for(&id, Category::Beauty),
            Markup::Fixed { amount: 500 }
        );
        let other = ProductId::parse("P2").expect("valid");
        assert_eq!(
            shop.markup_for(&other, Category::Beauty),
            Markup::Percent {
                basis_points: 2_000
            }
        );
        assert_eq!(
            shop.markup_for(&other, Category::Home),
            Markup::Percent {
                basis_points: 1_000
            }
        );
    }

    #[test]
    fn the_supplier_floor_lifts_a_low_markup() {
        let p = product(Category::Home, vec![sku(1_000, 1_500)]);
        let shop = pricing(vec![]);
        assert_eq!(shop.retail_price(&p, &p.skus[0]), Ok(cny(1_500)));
    }

    #[test]
    fn a_supplier_in_another_currency_is_refused() {
        let mut s = sku(1_000, 1_000);
        s.supply_price = Money::new(1_000, Currency::USD);
        let p = product(Category::Home, vec![s]);
        assert!(matches!(
            pricing(vec![]).retail_price(&p, &p.skus[0]),
            Err(PricingError::CurrencyMismatch { .. })
        ));
    }

    #[test]
    fn a_product_priced_for_a_shop_starts_from_its_cheapest_variant() {
        let mut out = sku(3_000, 3_000);
        out.stock = 0;
        let p = product(Category::Apparel, vec![sku(2_000, 2_000), out]);
        let priced = pricing(vec![]).price_product(&p).expect("priced");
        assert_eq!(priced.price_from, cny(2_000));
        assert!(priced.in_stock);
        assert_eq!(priced.skus[1].stock, StockLevel::OutOfStock);
    }

    proptest! {
        #[test]
        fn a_retail_price_is_never_below_supply_or_floor(
            supply in 1i64..10_000_000_000,
            floor_extra in 0i64..1_000_000,
            bp in 0u32..100_000,
            fixed in any::<i64>(),
            use_fixed in any::<bool>(),
        ) {
            let s = sku(supply, supply + floor_extra);
            let markup = if use_fixed { Markup::Fixed { amount: fixed } } else { Markup::Percent { basis_points: bp } };
            if let Ok(price) = retail_price(Currency::CNY, &s, markup) {
                prop_assert!(price.amount >= supply);
                prop_assert!(price.amount >= supply + floor_extra);
            }
        }

        #[test]
        fn pricing_never_panics(supply in any::<i64>(), floor in any::<i64>(), bp in any::<u32>(), fixed in any::<i64>()) {
            let s = sku(supply, floor);
            let _ = retail_price(Currency::CNY, &s, Markup::Percent { basis_points: bp });
            let _ = retail_price(Currency::CNY, &s, Markup::Fixed { amount: fixed });
        }
    }
}
