//! Quotes and checkout: the edge's authoritative pricing of a cart, and turning a
//! confirmed quote into exactly one order at the supplier.
//!
//! Invariants:
//! - prices come only from supplier data: quotes from the catalogue snapshot, orders
//!   from each product fetched fresh from the supplier at checkout;
//! - an order is exactly the lines confirmed: if the fresh total differs from the
//!   `confirmed_total` the shopper saw, checkout answers `price_changed` and charges
//!   nothing;
//! - one `Idempotency-Key` makes at most one order and one supplier order: the order
//!   is stored before the supplier or a payment provider is called, the supplier call
//!   carries a key derived from the order id, and a retry after an outage resumes
//!   that same order;
//! - a prepaid order is not sent to the supplier here: it gets a payment at its
//!   provider and a deadline, and [`crate::domain::orders::lifecycle`] takes it from there;
//! - no unit is sold twice: before an order is stored, every SKU it takes is held
//!   for it ([`crate::domain::orders::holds`]) until the supplier has it or it is given up; a
//!   refused hold answers `out_of_stock` and leaves no order and no hold behind;
//! - a provider only ever sends the shopper back to a page of an origin the shop
//!   allows;
//! - an order under an offer, with a coupon, is priced through the whole chain
//!   ([`build_quote_with`]) from the campaign's and the coupon's own records; what the
//!   checkout reserved (stock holds, the offer's place, the coupon's use) is given
//!   back if the checkout fails after reserving it.

pub mod members;

use crate::base::random;
use crate::domain::catalogue;
use crate::domain::community::coupons;
use crate::domain::community::offers;
use crate::domain::community::referral;
use crate::domain::orders::holds;
use crate::domain::orders::lifecycle::{self, Submission};
use crate::domain::orders::token;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::platform::Platform;
use crate::ports::prelude::*;
use crate::ports::store::{
    Claim, NewOrder, OrderRecord, OrderTerms, PaymentRecord, PaymentStatus, ShopRecord,
};
use pocketshop_shared::api::{
    CouponRefusal, CreateOrderRequest, OrderCreated, OrderView, PaymentHandoff, QuoteRequest,
};
use pocketshop_shared::catalogue::SupplyProduct;
use pocketshop_shared::coupon::Coupon;
use pocketshop_shared::offer::Offer;
use pocketshop_shared::quote::{build_quote_with, Adjustments, LineProblem, Quote, QuoteError};
use pocketshop_shared::supply::AfterSalesCase;
use pocketshop_shared::{
    ApiError, IdempotencyKey, Money, OrderId, OrderStatus, ProductId, ShopperId,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The client error for a quote that cannot be made.
fn quote_error(e: QuoteError) -> Error {
    match e {
        QuoteError::EmptyCart => ApiError::EmptyCart.into(),
        QuoteError::TooManyLines { max } => ApiError::TooManyLines { max: max as u32 }.into(),
        QuoteError::UnknownProduct(id) => ApiError::UnknownProduct {
            product_id: id.to_string(),
        }
        .into(),
        QuoteError::UnknownSku(sku) => ApiError::UnknownSku {
            sku: sku.to_string(),
        }
        .into(),
        QuoteError::Quantity(_) => ApiError::InvalidQuantity {
            max: pocketshop_shared::Quantity::MAX,
        }
        .into(),
        QuoteError::Pricing(p) => Error::Pricing(p),
        QuoteError::Money(m) => Error::Pricing(m.into()),
        QuoteError::NotInCampaign(sku) => ApiError::InvalidField {
            field: "offer".into(),
            message: format!("{sku} is not part of this offer"),
        }
        .into(),
        QuoteError::TooManyUnits { max } => ApiError::PerShopperLimit { max }.into(),
        QuoteError::CouponMinSpend(min) => ApiError::CouponNotApplicable {
            reason: CouponRefusal::MinSpend,
            min_spend: Some(min),
        }
        .into(),
        QuoteError::CouponNotCombinable => ApiError::CouponNotApplicable {
            reason: CouponRefusal::NotCombinable,
            min_spend: None,
        }
        .into(),
        QuoteError::InvalidFee => Error::Inconsistent("the platform fee is 100 % or more"),
    }
}

/// The later links of an order's price chain: its offer (terms and the campaign
/// they came from, which the order then reserves in) and its coupon.
struct Chain {
    offer: Option<offers::Loaded>,
    coupon: Option<Coupon>,
}

impl Chain {
    fn adjustments(&self, platform_fee_bp: u32) -> Adjustments<'_> {
        Adjustments {
            campaign: self.offer.as_ref().map(|o| &o.terms),
            coupon: self.coupon.as_ref(),
            platform_fee_bp,
        }
    }
}

/// Looks up the offer's terms and the coupon a request names, refusing early what
/// cannot be bought that way.
async fn chain<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    offer: Option<&Offer>,
    coupon: Option<&str>,
    shopper: Option<&ShopperId>,
) -> Result<Chain, Error> {
    let offer = match offer {
        Some(offer) => {
            offers::shopper_of(shopper)?;
            Some(offers::terms(app, shop, offer, shopper).await?)
        }
        None => None,
    };
    let coupon = match coupon {
        Some(code) => {
            if offer.as_ref().is_some_and(|o| !o.terms.coupons_allowed) {
                return Err(ApiError::CouponNotApplicable {
                    reason: CouponRefusal::NotCombinable,
                    min_spend: None,
                }
                .into());
            }
            let code = coupons::parse_code(code)?;
            Some(coupons::usable(app, shop, &code, shopper).await?)
        }
        None => None,
    };
    Ok(Chain { offer, coupon })
}

/// Prices a cart for a shop from the catalogue snapshot, under the request's offer
/// and coupon.
pub async fn quote<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    request: &QuoteRequest,
) -> Result<Quote, Error> {
    let chain = chain(
        app,
        shop,
        request.offer.as_ref(),
        request.coupon.as_deref(),
        request.shopper.as_ref(),
    )
    .await?;
    let products = catalogue::snapshot(app).await?;
    // Products outside the shop's selection are unknown to its shoppers. Only the
    // cart's products are copied out of the shared snapshot.
    let by_id: HashMap<ProductId, SupplyProduct> = products
        .iter()
        .filter(|p| request.lines.iter().any(|l| l.product_id == p.id))
        .filter(|p| shop.selection.contains(p))
        .map(|p| (p.id.clone(), p.clone()))
        .collect();
    build_quote_with(
        &shop.pricing,
        &shop.shipping,
        &by_id,
        &request.lines,
        &chain.adjustments(app.config.owner_api.platform_fee_bp),
    )
    .map_err(quote_error)
}

/// A placed order, and whether it was placed by an earlier request with the same key.
#[derive(Debug)]
pub struct Placed {
    /// What the client gets.
    pub created: OrderCreated,
    /// True when this answer replays an earlier request's order.
    pub replayed: bool,
}

/// The hash that tells a retry (same key, same request) from a reused key.
fn request_hash(shop: &ShopRecord, request: &CreateOrderRequest, member: Option<&str>) -> String {
    let mut h = Sha256::new();
    h.update(shop.id.as_str().as_bytes());
    h.update([0]);
    // The checked request re-encodes deterministically: whitespace or key order in the
    // client's JSON does not make a retry look like another request.
    h.update(serde_json::to_vec(request).unwrap_or_default());
    // The same key for another member is another request.
    if let Some(m) = member {
        h.update([0]);
        h.update(m.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The page a hosted payment page returns the shopper to: the host page, opened at
/// the order's deep link.
fn return_to(url: &str, order: &OrderId, shop: &ShopRecord) -> String {
    format!("{url}#ps-order={order}&shop={}", shop.id)
}

/// Places an order for `key` (by the verified chain-store `member`, if any), or
/// returns the order `key` already placed.
pub async fn place_order<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    key: &IdempotencyKey,
    request: CreateOrderRequest,
    member: Option<String>,
) -> Result<Placed, Error> {
    let method = request.payment_method;
    if !shop.payment_methods.contains(&method) || !app.payments.offers(method) {
        return Err(ApiError::PaymentMethodUnavailable {
            method: method.as_str().to_owned(),
        }
        .into());
    }
    if let Some(url) = &request.return_url {
        // A provider must only ever send a shopper back to a page of this shop.
        let allowed = crate::base::http::origin_of(url)
            .is_some_and(|origin| shop.allowed_origins.iter().any(|o| o == origin));
        if !allowed {
            return Err(ApiError::InvalidField {
                field: "return_url".into(),
                message: "must be a page allowed to embed this shop".into(),
            }
            .into());
        }
    }
    let hash = request_hash(shop, &request, member.as_deref());
    match app
        .store
        .claim_idempotency_key(&shop.id, key, &hash, app.now)
        .await?
    {
        Claim::Conflict => Err(ApiError::IdempotencyConflict.into()),
        Claim::InProgress => Err(ApiError::IdempotencyInProgress.into()),
        Claim::Existing(order_id) => {
            let order = app
                .store
                .order(&order_id)
                .await?
                .ok_or(Error::Inconsistent(
                    "an idempotency key points to a missing order",
                ))?;
            let pending = order.status == OrderStatus::PendingPayment;
            let (order, payment) = if !order.payment_method.is_prepaid() {
                let order = if pending && order.supplier_order_id.is_none() {
                    // The first request stored the order but the supplier did not
                    // answer: resume the same order with the same supplier key.
                    submit_on_delivery(app, shop, key, order).await?
                } else {
                    order
                };
                (order, None)
            } else {
                let payment = match app.store.payment(&order.id).await? {
                    None if pending => {
                        // The provider failed the first time: open the payment now.
                        let url = request.return_url.as_deref().unwrap_or_default();
                        let back = return_to(url, &order.id, shop);
                        Some(lifecycle::open_payment(app, shop, &order, &back).await?)
                    }
                    other => other,
                };
                (order, payment)
            };
            Ok(Placed {
                created: created(app, order, payment.as_ref()),
                replayed: true,
            })
        }
        Claim::Claimed => {
            let order = match prepare(app, shop, &request, member).await {
                Ok(order) => order,
                Err(e) => {
                    // Nothing was created: a corrected retry may use the key.
                    app.store.release_idempotency_key(&shop.id, key).await?;
                    return Err(e);
                }
            };
            if let Err(e) = app.store.insert_order(&order, key).await {
                give_up(app, &order.id, &order.quote.lines, &order.terms).await;
                return Err(e.into());
            }
            let record = OrderRecord {
                id: order.id.clone(),
                shop: order.shop.clone(),
                status: OrderStatus::PendingPayment,
                payment_method: order.payment_method,
                lines: order.quote.lines.clone(),
                subtotal: order.quote.subtotal,
                shipping: order.quote.shipping,
                total: order.quote.total,
                supply_cost: order.supply_cost,
                contact: order.contact.clone(),
                supplier_order_id: None,
                shipments: Vec::new(),
                created_at: order.created_at,
                pay_before: order.pay_before,
                attempts: 0,
                terms: order.terms.clone(),
            };
            if let Some(deadline) = record.pay_before {
                // Set first, so the order expires even if opening the payment fails.
                app.platform.wake_order_at(&record.id, deadline).await?;
                let url = request.return_url.as_deref().unwrap_or_default();
                let back = return_to(url, &record.id, shop);
                let payment = lifecycle::open_payment(app, shop, &record, &back).await?;
                return Ok(Placed {
                    created: created(app, record, Some(&payment)),
                    replayed: false,
                });
            }
            let record = submit_on_delivery(app, shop, key, record).await?;
            Ok(Placed {
                created: created(app, record, None),
                replayed: false,
            })
        }
    }
}

/// Hands a cash-on-delivery order to the supplier while the shopper waits.
async fn submit_on_delivery<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    key: &IdempotencyKey,
    order: OrderRecord,
) -> Result<OrderRecord, Error> {
    match lifecycle::submit(app, order).await? {
        Submission::Submitted(order) => {
            // Cash on delivery: the order is placed now, so its money is booked now.
            lifecycle::booked(app, &order, order.created_at).await;
            Ok(*order)
        }
        Submission::Refused(refusal) => {
            // The key is freed for a new cart.
            app.store.release_idempotency_key(&shop.id, key).await?;
            Err(refusal.into())
        }
    }
}

/// Re-prices the request from fresh supplier data, checks it can be ordered as
/// confirmed, and holds its units.
async fn prepare<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    request: &CreateOrderRequest,
    member_id: Option<String>,
) -> Result<NewOrder, Error> {
    let shopper = request.shopper.as_ref();
    let chain = chain(
        app,
        shop,
        request.offer.as_ref(),
        request.coupon.as_deref(),
        shopper,
    )
    .await?;
    if chain.offer.as_ref().is_some_and(|o| o.terms.prepaid_only)
        && !request.payment_method.is_prepaid()
    {
        return Err(ApiError::PaymentMethodUnavailable {
            method: request.payment_method.as_str().to_owned(),
        }
        .into());
    }
    let id = OrderId::parse(&format!("PS-{}", random::hex(10)?.to_uppercase()))
        .map_err(|_| Error::Inconsistent("a generated order id is invalid"))?;
    let pay_before = request
        .payment_method
        .is_prepaid()
        .then(|| app.now + lifecycle::payment_window(app, shop, request.payment_method));
    let hold_until = pay_before.map_or(app.now + holds::COD_HOLD_SECS, |deadline| {
        deadline + holds::PAID_HANDOFF_SECS
    });
    let mut terms = OrderTerms {
        offer: request.offer.clone(),
        group: None,
        coupon: None,
        referral: None,
        shopper: request.shopper.clone(),
        discount: None,
    };
    // The campaign's own counter is asked first: it is one cheap call, and a flash
    // sale or a full group turns most of a crowd away here, before each shopper's
    // fresh product read would load the supplier (500 buyers of a sale of 20 must
    // not become 500 supplier reads).
    if let (Some(offer), Some(who)) = (&chain.offer, shopper) {
        let units = request.lines.iter().map(|l| l.quantity.get()).sum();
        terms.group = offers::reserve(
            app,
            shop,
            &offer.campaign,
            who,
            &id,
            units,
            &request.contact.name,
            hold_until,
        )
        .await?;
    }
    let priced = price_and_hold(app, shop, request, &chain, &id, hold_until).await;
    let (quote, supply_prices, supply_cost) = match priced {
        Ok(priced) => priced,
        Err(e) => {
            // No stock is held (`price_and_hold` holds every SKU or none).
            give_up(app, &id, &[], &terms).await;
            return Err(e);
        }
    };
    terms.discount = (quote.discount.amount > 0).then_some(quote.discount);
    if let Some(coupon) = &chain.coupon {
        if let Err(e) = coupons::redeem(app, shop, &coupon.code, &id, shopper).await {
            give_up(app, &id, &quote.lines, &terms).await;
            return Err(e);
        }
        terms.coupon = Some(coupon.code.clone());
    }
    terms.referral =
        match referral::attribute(app, shop, request.referral.as_deref(), shopper).await {
            Ok(code) => code,
            Err(e) => {
                give_up(app, &id, &quote.lines, &terms).await;
                return Err(e);
            }
        };
    Ok(NewOrder {
        id,
        shop: shop.id.clone(),
        payment_method: request.payment_method,
        quote,
        supply_prices,
        supply_cost,
        contact: request.contact.clone(),
        created_at: app.now,
        pay_before,
        member_id,
        terms,
    })
}

/// Prices `request` from each product fetched fresh from the supplier, checks it
/// against what the shopper confirmed, and holds its stock for order `id` until
/// `hold_until`: the quote, each line's supply price and the supply cost.
async fn price_and_hold<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    request: &CreateOrderRequest,
    chain: &Chain,
    id: &OrderId,
    hold_until: i64,
) -> Result<(Quote, Vec<Money>, Money), Error> {
    let wanted = holds::wanted(&request.lines);
    let mut marks = HashMap::new();
    let mut products: HashMap<ProductId, SupplyProduct> = HashMap::new();
    for line in &request.lines {
        if products.contains_key(&line.product_id) {
            continue;
        }
        let skus: Vec<_> = wanted
            .iter()
            .filter(|(_, product, _)| *product == line.product_id)
            .map(|(sku, _, _)| sku.clone())
            .collect();
        // Fresh, read after the holds' marks of its SKUs (see `holds`).
        let (product, used) =
            holds::fresh_product(&app.supplier, &app.platform, &line.product_id, &skus).await?;
        marks.extend(used);
        let product = product
            // Products outside the shop's selection are unknown to its shoppers.
            .filter(|p| shop.selection.contains(p))
            .ok_or_else(|| ApiError::UnknownProduct {
                product_id: line.product_id.to_string(),
            })?;
        products.insert(line.product_id.clone(), product);
    }
    let quote = build_quote_with(
        &shop.pricing,
        &shop.shipping,
        &products,
        &request.lines,
        &chain.adjustments(app.config.owner_api.platform_fee_bp),
    )
    .map_err(quote_error)?;
    if let Some(line) = quote.lines.iter().find(|l| l.problem.is_some()) {
        let available = match line.problem {
            Some(LineProblem::NotEnoughStock { available }) => available,
            _ => 0,
        };
        return Err(ApiError::OutOfStock {
            sku: line.sku.to_string(),
            available,
        }
        .into());
    }
    if quote.total != request.confirmed_total {
        return Err(ApiError::PriceChanged {
            confirmed_total: request.confirmed_total,
            current_total: quote.total,
        }
        .into());
    }
    let supply_prices = quote
        .lines
        .iter()
        .map(|l| {
            products
                .get(&l.product_id)
                .and_then(|p| p.sku(&l.sku))
                .map(|s| s.supply_price)
                .ok_or(Error::Inconsistent("a quoted line lost its SKU"))
        })
        .collect::<Result<Vec<Money>, Error>>()?;
    let supply_cost = quote.supply_cost(&products).map_err(quote_error)?;
    holds::hold_all(app, id, &wanted, &marks, &products, hold_until).await?;
    Ok((quote, supply_prices, supply_cost))
}

/// Gives back what a checkout that failed had reserved: its stock holds, its offer's
/// place and its coupon's use.
async fn give_up<P: Ports>(
    app: &Services<P>,
    id: &OrderId,
    lines: &[pocketshop_shared::quote::QuoteLine],
    terms: &OrderTerms,
) {
    holds::release_all(&app.platform, id, lines).await;
    if let Some(offer) = &terms.offer {
        offers::release(app, offer, terms.group.as_deref(), id).await;
    }
    if terms.coupon.is_some() {
        coupons::give_back(app, id).await;
    }
}

/// The view of an order for its shopper, with its payment and after-sales cases.
pub fn view(
    order: OrderRecord,
    payment: Option<&PaymentRecord>,
    after_sales: Vec<AfterSalesCase>,
) -> OrderView {
    let unpaid = order.status == OrderStatus::PendingPayment;
    let open = payment.filter(|p| unpaid && p.status == PaymentStatus::Open);
    OrderView {
        pay_before: if unpaid { order.pay_before } else { None },
        pay_url: open.map(|p| p.pay_url.clone()),
        test_mode: payment.is_some_and(|p| p.test_mode),
        after_sales,
        id: order.id,
        shop: order.shop,
        status: order.status,
        payment_method: order.payment_method,
        lines: order.lines,
        subtotal: order.subtotal,
        shipping: order.shipping,
        total: order.total,
        contact: order.contact,
        shipments: order.shipments,
        created_at: order.created_at,
        discount: order.terms.discount,
        coupon: order.terms.coupon,
        offer: order.terms.offer,
        group: order.terms.group,
    }
}

fn created<P: Ports>(
    app: &Services<P>,
    order: OrderRecord,
    payment: Option<&PaymentRecord>,
) -> OrderCreated {
    let token = token::issue(&app.config.token_key, &order.id);
    let amount_due = order.total;
    let handoff = match (payment, order.pay_before) {
        (Some(p), Some(pay_before)) => PaymentHandoff::Redirect {
            method: p.method,
            url: p.pay_url.clone(),
            amount_due,
            pay_before,
        },
        _ => PaymentHandoff::CashOnDelivery { amount_due },
    };
    OrderCreated {
        order: view(order, payment, Vec::new()),
        token,
        payment: handoff,
    }
}
