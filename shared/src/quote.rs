//! The authoritative quote: cart lines priced from supplier data for one shop.
//!
//! The price chain is: supply price → the shop's markup ([`crate::pricing`]) →
//! campaign price ([`CampaignTerms`]) → coupon ([`Coupon`]) → shipping → total.
//! [`build_quote`] makes the first links, [`build_quote_with`] all of them.
//!
//! Invariants: `line_total = unit_price × quantity`; `subtotal = Σ line_total`;
//! `discount = Σ line discounts`; `total = subtotal − discount + shipping`, with shipping
//! charged on `subtotal − discount`; every amount is in the shop's currency; a line is
//! never priced from anything the browser sent, only from [`SupplyProduct`]s and the
//! edge's own campaign and coupon records. Campaign prices and discounts never take a
//! line below its floor — its supply cost plus the platform's fee on what it is sold
//! for ([`unit_floor`]) — unless the shop's own price is already below that floor, in
//! which case they take nothing off it; no amount is ever negative.

use crate::cart::CartLine;
use crate::catalogue::{Localized, OptionValue, StockLevel, SupplyProduct};
use crate::coupon::{Coupon, CouponCode};
use crate::id::{IdError, ProductId, Quantity, Sku};
use crate::money::{Currency, Money, MoneyError, BASIS_POINTS};
use crate::offer::CampaignTerms;
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
    /// A line whose SKU the order's campaign does not cover.
    #[error("{0} is not part of this offer")]
    NotInCampaign(Sku),
    /// More units than the campaign allows in one order.
    #[error("at most {max} units under this offer")]
    TooManyUnits {
        /// The limit.
        max: u32,
    },
    /// The goods cost less than the coupon's minimum spend.
    #[error("the coupon needs a subtotal of {0}")]
    CouponMinSpend(Money),
    /// The campaign does not allow a coupon on top of its price.
    #[error("the coupon cannot be combined with this offer")]
    CouponNotCombinable,
    /// A platform fee of 100 % or more leaves no price that covers it.
    #[error("the platform fee is 100 % or more")]
    InvalidFee,
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
    /// The shop's own price of one unit, when a campaign price replaced it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regular_price: Option<Money>,
    /// This line's part of the order's coupon discount, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Money>,
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
    /// What the coupon takes off the goods (zero without one): Σ line discounts.
    pub discount: Money,
    /// The coupon applied, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<CouponCode>,
    /// The shipping charge, on `subtotal − discount`.
    pub shipping: Money,
    /// `subtotal − discount + shipping`.
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
            regular_price: None,
            discount: None,
        });
    }
    let subtotal = Money::sum(pricing.currency, quoted.iter().map(|l| l.line_total))?;
    let shipping = shipping.charge(subtotal)?;
    Ok(Quote {
        currency: pricing.currency,
        orderable: quoted.iter().all(|l| l.problem.is_none()),
        lines: quoted,
        subtotal,
        discount: Money::zero(pricing.currency),
        coupon: None,
        shipping,
        total: subtotal.checked_add(shipping)?,
    })
}

/// What the later links of the price chain do to a quote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Adjustments<'a> {
    /// The campaign the order is made under (its prices and unit limit).
    pub campaign: Option<&'a CampaignTerms>,
    /// The coupon, already checked for time, owner and limits by the caller.
    pub coupon: Option<&'a Coupon>,
    /// The platform's fee on what a line sells for, in basis points: part of the floor.
    pub platform_fee_bp: u32,
}

/// The lowest price of one unit that still covers its `supply` price and the
/// platform's fee on that price: `⌈supply × 10 000 / (10 000 − fee)⌉`.
pub fn unit_floor(supply: Money, platform_fee_bp: u32) -> Result<Money, QuoteError> {
    if platform_fee_bp >= BASIS_POINTS {
        return Err(QuoteError::InvalidFee);
    }
    let whole = i128::from(BASIS_POINTS);
    let keep = whole - i128::from(platform_fee_bp);
    let scaled = i128::from(supply.amount.max(0)) * whole;
    let floor = (scaled + keep - 1) / keep;
    let amount = i64::try_from(floor).map_err(|_| MoneyError::Overflow)?;
    Ok(Money::new(amount, supply.currency))
}

/// Prices `lines` through the whole chain: [`build_quote`], then the campaign's
/// prices, then the coupon, then shipping on what is left.
pub fn build_quote_with(
    pricing: &ShopPricing,
    shipping: &ShippingRule,
    products: &HashMap<ProductId, SupplyProduct>,
    lines: &[CartLine],
    adjust: &Adjustments<'_>,
) -> Result<Quote, QuoteError> {
    let mut q = build_quote(pricing, shipping, products, lines)?;
    if adjust.campaign.is_none() && adjust.coupon.is_none() {
        return Ok(q);
    }
    let currency = q.currency;
    // Each line's floor: never above the shop's own price for it.
    let floors = q
        .lines
        .iter()
        .map(|l| {
            let supply = products
                .get(&l.product_id)
                .and_then(|p| p.sku(&l.sku))
                .ok_or_else(|| QuoteError::UnknownSku(l.sku.clone()))?
                .supply_price;
            Ok(unit_floor(supply, adjust.platform_fee_bp)?.min(l.unit_price)?)
        })
        .collect::<Result<Vec<Money>, QuoteError>>()?;
    if let Some(terms) = adjust.campaign {
        let units: u64 = q.lines.iter().map(|l| u64::from(l.quantity.get())).sum();
        if let Some(max) = terms.max_units {
            if units > u64::from(max) {
                return Err(QuoteError::TooManyUnits { max });
            }
        }
        for (line, floor) in q.lines.iter_mut().zip(&floors) {
            let price = *terms
                .prices
                .get(&line.sku)
                .ok_or_else(|| QuoteError::NotInCampaign(line.sku.clone()))?;
            let price = price.max(*floor)?;
            if price != line.unit_price {
                line.regular_price = Some(line.unit_price);
                line.unit_price = price;
                line.line_total = price.checked_mul(line.quantity.get())?;
            }
        }
        q.subtotal = Money::sum(currency, q.lines.iter().map(|l| l.line_total))?;
    }
    if let Some(coupon) = adjust.coupon {
        if adjust.campaign.is_some_and(|t| !t.coupons_allowed) {
            return Err(QuoteError::CouponNotCombinable);
        }
        if let Some(min) = coupon.min_spend {
            if q.subtotal.max(min)? != q.subtotal {
                return Err(QuoteError::CouponMinSpend(min));
            }
        }
        let wanted = coupon.value.discount(q.subtotal)?;
        let rooms = q
            .lines
            .iter()
            .zip(&floors)
            .map(|(l, f)| {
                let room = l.line_total.checked_sub(f.checked_mul(l.quantity.get())?)?;
                room.max(Money::zero(currency))
            })
            .collect::<Result<Vec<Money>, MoneyError>>()?;
        let parts = allocate(wanted, q.subtotal, &q.lines, &rooms)?;
        for (line, part) in q.lines.iter_mut().zip(&parts) {
            line.discount = Some(*part);
        }
        q.discount = Money::sum(currency, parts)?;
        q.coupon = Some(coupon.code.clone());
    }
    let goods = q.subtotal.checked_sub(q.discount)?;
    q.shipping = shipping.charge(goods)?;
    q.total = goods.checked_add(q.shipping)?;
    Ok(q)
}

/// Spreads `wanted` over the lines in proportion to their totals, each at most its
/// room, the rounding remainder going to the first lines with room left. The parts
/// sum to `min(wanted, Σ rooms)`.
fn allocate(
    wanted: Money,
    subtotal: Money,
    lines: &[QuoteLine],
    rooms: &[Money],
) -> Result<Vec<Money>, MoneyError> {
    let currency = wanted.currency;
    let mut parts = Vec::with_capacity(lines.len());
    for (line, room) in lines.iter().zip(rooms) {
        let share = if subtotal.amount > 0 {
            i128::from(wanted.amount) * i128::from(line.line_total.amount)
                / i128::from(subtotal.amount)
        } else {
            0
        };
        let share = i64::try_from(share).map_err(|_| MoneyError::Overflow)?;
        parts.push(Money::new(share, currency).min(*room)?);
    }
    let mut left = wanted.checked_sub(Money::sum(currency, parts.iter().copied())?)?;
    for (part, room) in parts.iter_mut().zip(rooms) {
        if left.amount <= 0 {
            break;
        }
        let more = room.checked_sub(*part)?.min(left)?;
        *part = part.checked_add(more)?;
        left = left.checked_sub(more)?;
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Category, SupplySku};
    use crate::coupon::CouponValue;
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

    fn campaign(prices: &[(usize, i64)], max_units: Option<u32>, coupons: bool) -> CampaignTerms {
        CampaignTerms {
            prices: prices
                .iter()
                .map(|(i, p)| (Sku::parse(&format!("S{i}")).expect("valid"), cny(*p)))
                .collect(),
            max_units,
            prepaid_only: true,
            coupons_allowed: coupons,
        }
    }

    fn coupon(value: CouponValue, min_spend: Option<i64>) -> Coupon {
        Coupon {
            code: CouponCode::parse("SAVE").expect("valid"),
            value,
            min_spend: min_spend.map(cny),
            valid_from: None,
            valid_until: None,
            per_shopper_limit: None,
            total_limit: None,
            issued_to: None,
        }
    }

    #[test]
    fn a_campaign_price_replaces_the_shops_price_and_a_coupon_comes_off_it() {
        let cat = catalogue(&[(1_000, 50)]);
        let terms = campaign(&[(0, 1_100)], Some(5), true);
        let ten = coupon(
            CouponValue::Percent {
                basis_points: 1_000,
            },
            Some(2_000),
        );
        let adjust = Adjustments {
            campaign: Some(&terms),
            coupon: Some(&ten),
            platform_fee_bp: 0,
        };
        let q = build_quote_with(&shop(3_000), &SHIPPING, &cat, &[line(0, 2)], &adjust)
            .expect("quoted");
        assert_eq!(q.lines[0].regular_price, Some(cny(1_300)));
        assert_eq!(q.lines[0].unit_price, cny(1_100));
        assert_eq!(q.subtotal, cny(2_200));
        assert_eq!(q.discount, cny(200), "10 % of ¥22.00, floored at supply");
        assert_eq!(q.total, cny(2_000 + 800));
    }

    #[test]
    fn the_chain_refuses_what_the_campaign_does_not_allow() {
        let cat = catalogue(&[(1_000, 50), (1_000, 50)]);
        let terms = campaign(&[(0, 1_100)], Some(1), false);
        let five = coupon(CouponValue::Fixed { amount: cny(500) }, None);
        let only = |c, cp| Adjustments {
            campaign: c,
            coupon: cp,
            platform_fee_bp: 0,
        };
        let q = |lines: &[CartLine], a| build_quote_with(&shop(3_000), &SHIPPING, &cat, lines, &a);
        assert_eq!(
            q(&[line(1, 1)], only(Some(&terms), None)),
            Err(QuoteError::NotInCampaign(Sku::parse("S1").expect("valid")))
        );
        assert_eq!(
            q(&[line(0, 2)], only(Some(&terms), None)),
            Err(QuoteError::TooManyUnits { max: 1 })
        );
        assert_eq!(
            q(&[line(0, 1)], only(Some(&terms), Some(&five))),
            Err(QuoteError::CouponNotCombinable)
        );
        let big = coupon(CouponValue::Fixed { amount: cny(500) }, Some(10_000));
        assert_eq!(
            q(&[line(0, 1)], only(None, Some(&big))),
            Err(QuoteError::CouponMinSpend(cny(10_000)))
        );
    }

    #[test]
    fn no_price_goes_below_supply_plus_the_platform_fee() {
        let cat = catalogue(&[(1_000, 50)]);
        // A campaign price below cost and a coupon bigger than the order.
        let terms = campaign(&[(0, 1)], None, true);
        let all = coupon(
            CouponValue::Fixed {
                amount: cny(1_000_000),
            },
            None,
        );
        let adjust = Adjustments {
            campaign: Some(&terms),
            coupon: Some(&all),
            platform_fee_bp: 250,
        };
        let q = build_quote_with(&shop(5_000), &SHIPPING, &cat, &[line(0, 3)], &adjust)
            .expect("quoted");
        // ⌈1000 × 10000 / 9750⌉ = 1026 per unit.
        assert_eq!(q.lines[0].unit_price, cny(1_026));
        assert_eq!(q.discount, cny(0), "no room left for the coupon");
        assert_eq!(unit_floor(cny(1_000), 10_000), Err(QuoteError::InvalidFee));
    }

    proptest! {
        #[test]
        fn every_discount_combination_keeps_the_chain_whole_and_above_its_floors(
            skus in prop::collection::vec((1i64..10_000_000, 1u32..1000), 1..6),
            quantities in prop::collection::vec(1u64..=99, 1..8),
            bp in 0u32..20_000,
            fee in 0u32..5_000,
            campaign_prices in prop::option::of(prop::collection::vec(0i64..20_000_000, 6)),
            coupons_allowed in any::<bool>(),
            coupon_value in prop::option::of(prop_oneof![
                (1i64..100_000_000).prop_map(|a| CouponValue::Fixed { amount: cny(a) }),
                (1u32..=10_000).prop_map(|b| CouponValue::Percent { basis_points: b }),
            ]),
            min_spend in prop::option::of(0i64..100_000_000),
        ) {
            let cat = catalogue(&skus);
            let lines: Vec<_> = quantities.iter().enumerate().map(|(i, q)| line(i % skus.len(), *q)).collect();
            let terms = campaign_prices.map(|p| CampaignTerms {
                prices: p.iter().enumerate().take(skus.len())
                    .map(|(i, a)| (Sku::parse(&format!("S{i}")).expect("valid"), cny(*a))).collect(),
                max_units: None,
                prepaid_only: false,
                coupons_allowed,
            });
            let c = coupon_value.map(|v| coupon(v, min_spend));
            let adjust = Adjustments { campaign: terms.as_ref(), coupon: c.as_ref(), platform_fee_bp: fee };
            let Ok(q) = build_quote_with(&shop(bp), &SHIPPING, &cat, &lines, &adjust) else {
                return Ok(());
            };
            let plain = build_quote(&shop(bp), &SHIPPING, &cat, &lines).expect("plain quote");
            prop_assert_eq!(q.subtotal.amount, q.lines.iter().map(|l| l.line_total.amount).sum::<i64>());
            prop_assert_eq!(q.discount.amount, q.lines.iter().map(|l| l.discount.map_or(0, |d| d.amount)).sum::<i64>());
            prop_assert_eq!(q.total.amount, q.subtotal.amount - q.discount.amount + q.shipping.amount);
            prop_assert!(q.discount.amount >= 0 && q.total.amount >= 0);
            let mut supply_total = 0i64;
            for (l, p) in q.lines.iter().zip(&plain.lines) {
                prop_assert_eq!(l.line_total.amount, l.unit_price.amount * i64::from(l.quantity.get()));
                let supply = cat.values().next().and_then(|prod| prod.sku(&l.sku)).expect("sku").supply_price;
                let floor = unit_floor(supply, fee).expect("fee below 100 %").min(p.unit_price).expect("cny");
                let floor_total = floor.amount * i64::from(l.quantity.get());
                let charged = l.line_total.amount - l.discount.map_or(0, |d| d.amount);
                prop_assert!(charged >= floor_total, "line below its floor");
                supply_total += supply.amount * i64::from(l.quantity.get());
            }
            // The money always splits: goods never below their supply cost.
            let goods = q.subtotal.checked_sub(q.discount).expect("cny");
            let policy = crate::commission::CommissionPolicy { platform_fee_bp: fee, agent_bp: 2_000, upstream_agent_bp: 500, sharer_bp: 1_000 };
            let who = crate::commission::Participants { agent: true, upstream_agent: true, sharer: true };
            let split = crate::commission::split(goods, cny(supply_total), policy, who).expect("a margin to split");
            prop_assert_eq!(split.total().expect("cny").amount, goods.amount - supply_total);
        }

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
