//! Bargains at the edge: the owner's settings per product, starting, helping, viewing,
//! and the checkout seam ([`load`], [`terms_of`], [`tie`], [`release`]) that lets the
//! starter buy one unit at the price reached.
//!
//! Invariants:
//! - the price is `start − Σ cuts`, the cuts come from [`bargain::cut`] by position, and
//!   a help is stored only at the next free position below the number needed
//!   ([`crate::ports::store::community::CommunityStore::add_help`]), so concurrent helps reach
//!   the floor exactly and never pass it;
//! - a friend helps once, the starter never; helping stops when the bargain expires,
//!   reaches the floor or is bought;
//! - only the starter buys, one unit, before it expires, with one order at a time
//!   (an order given up releases it); no coupon stacks on a bargained price;
//! - bargains of a sub-shop use its root shop's settings.

use crate::base::random;
use crate::domain::catalogue;
use crate::domain::community::agents;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::community::{BargainRecord, HelpRecord};
use crate::ports::store::ShopRecord;
use pocketshop_shared::bargain::{
    self, BargainOffer, BargainStatus, BargainView, Help, Helped, StartBargain,
};
use pocketshop_shared::offer::CampaignTerms;
use pocketshop_shared::{ApiError, Money, OrderId, ProductId, ShopperId};
use std::collections::BTreeMap;

/// The most bargains the owner's list shows.
pub const OWNER_LIST_LIMIT: u32 = 100;

fn unknown() -> ApiError {
    ApiError::UnknownCampaign {
        kind: "bargain".into(),
    }
}

fn invalid(field: &str, message: impl ToString) -> ApiError {
    ApiError::InvalidField {
        field: field.to_owned(),
        message: message.to_string(),
    }
}

/// Σ cuts so far.
fn cut_so_far(b: &BargainRecord) -> i64 {
    b.helps.iter().map(|h| h.cut).sum()
}

/// The price a bargain has reached.
pub fn price(b: &BargainRecord) -> Money {
    Money::new(
        b.start_price.amount.saturating_sub(cut_so_far(b)),
        b.start_price.currency,
    )
}

/// Where a bargain is at `now`.
pub fn status(b: &BargainRecord, now: i64) -> BargainStatus {
    if b.order_id.is_some() {
        BargainStatus::Bought
    } else if now >= b.expires_at {
        BargainStatus::Expired
    } else if b.helps.len() >= b.helps_needed as usize {
        BargainStatus::Floor
    } else {
        BargainStatus::Open
    }
}

/// A bargain as shoppers see it; `asking` is the shopper asking, when known.
pub fn view(b: &BargainRecord, now: i64, asking: Option<&ShopperId>) -> BargainView {
    BargainView {
        id: b.id.clone(),
        product: b.product.clone(),
        sku: b.sku.clone(),
        start_price: b.start_price,
        price: price(b),
        floor: b.floor,
        helps_needed: b.helps_needed,
        helps: b
            .helps
            .iter()
            .map(|h| Help {
                helper: bargain::mask(&h.shopper),
                cut: Money::new(h.cut, b.start_price.currency),
                at: h.at,
            })
            .collect(),
        expires_at: b.expires_at,
        status: status(b, now),
        mine: asking.is_some_and(|s| *s == b.starter),
        helped: asking.is_some_and(|s| b.helps.iter().any(|h| h.shopper == s.as_str())),
    }
}

/// The owner's settings of a shop's bargains (a sub-shop's are its root's).
pub async fn offers<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
) -> Result<Vec<BargainOffer>, Error> {
    Ok(app.store.bargain_offers(agents::root_of(shop)).await?)
}

/// The owner sets one product's bargain settings: the product must be in the shop's
/// selection and the floor at least every SKU's supply price.
pub async fn set_offer<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    offer: &BargainOffer,
) -> Result<BargainOffer, Error> {
    offer.check().map_err(|e| {
        invalid(
            if matches!(e, bargain::BargainError::Floor) {
                "floor"
            } else {
                "helps"
            },
            e,
        )
    })?;
    if offer.floor.currency != shop.pricing.currency {
        return Err(ApiError::CurrencyMismatch {
            expected: shop.pricing.currency,
            got: offer.floor.currency,
        }
        .into());
    }
    let products = catalogue::snapshot(app).await?;
    let product = products
        .iter()
        .find(|p| p.id == offer.product && shop.selection.contains(p))
        .ok_or_else(|| ApiError::UnknownProduct {
            product_id: offer.product.to_string(),
        })?;
    if product
        .skus
        .iter()
        .any(|s| s.supply_price.amount > offer.floor.amount)
    {
        return Err(invalid(
            "floor",
            "must be at least the supply price of every variant",
        )
        .into());
    }
    app.store.set_bargain_offer(&shop.id, offer).await?;
    Ok(offer.clone())
}

/// A shopper starts a bargain (or gets back their running one on the same product).
/// Returns the view and whether it is new.
pub async fn start<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    body: &StartBargain,
) -> Result<(BargainView, bool), Error> {
    let offer = offers(app, shop)
        .await?
        .into_iter()
        .find(|o| o.product == body.product)
        .ok_or_else(unknown)?;
    if let Some(id) = app
        .store
        .running_bargain(&shop.id, &body.shopper, &body.product, app.now)
        .await?
    {
        if let Some(b) = app.store.bargain(&id).await? {
            return Ok((view(&b, app.now, Some(&body.shopper)), false));
        }
    }
    let products = catalogue::snapshot(app).await?;
    let priced = catalogue::product(&products, shop, &body.product)?;
    let sku = priced
        .skus
        .iter()
        .find(|s| s.sku == body.sku)
        .ok_or_else(|| ApiError::UnknownSku {
            sku: body.sku.to_string(),
        })?;
    if sku.price.currency != offer.floor.currency || sku.price.amount <= offer.floor.amount {
        return Err(invalid("sku", "is already at or below the bargain's floor").into());
    }
    let record = BargainRecord {
        id: format!("BG-{}", random::hex(8)?),
        shop: shop.id.clone(),
        product: body.product.clone(),
        sku: body.sku.clone(),
        starter: body.shopper.clone(),
        start_price: sku.price,
        floor: offer.floor,
        helps_needed: offer.helps,
        seed: u64::from_le_bytes(random::bytes::<8>()?),
        created_at: app.now,
        expires_at: app.now.saturating_add(offer.duration_secs),
        order_id: None,
        helps: Vec::new(),
    };
    app.store.insert_bargain(&record).await?;
    Ok((view(&record, app.now, Some(&body.shopper)), true))
}

/// A bargain of `shop`, or `unknown_campaign {kind: bargain}`.
pub async fn load<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    id: &str,
) -> Result<BargainRecord, Error> {
    if id.len() > 64 {
        return Err(unknown().into());
    }
    match app.store.bargain(id).await? {
        Some(b) if b.shop == shop.id => Ok(b),
        _ => Err(unknown().into()),
    }
}

/// Why `helper` cannot help `b` now, if they cannot.
fn refusal(b: &BargainRecord, helper: &ShopperId, now: i64) -> Option<ApiError> {
    if *helper == b.starter || b.helps.iter().any(|h| h.shopper == helper.as_str()) {
        return Some(ApiError::AlreadyHelped);
    }
    match status(b, now) {
        BargainStatus::Open => None,
        _ => Some(ApiError::CampaignEnded),
    }
}

/// A friend helps: takes the next position and cuts what the algorithm gives it.
pub async fn help<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    id: &str,
    helper: &ShopperId,
) -> Result<Helped, Error> {
    let mut b = load(app, shop, id).await?;
    // Each lost race means another friend took a position, and there are only
    // `helps_needed` of them: the loop ends.
    for _ in 0..=b.helps_needed {
        if let Some(refused) = refusal(&b, helper, app.now) {
            return Err(refused.into());
        }
        let position = u32::try_from(b.helps.len()).unwrap_or(u32::MAX);
        let remaining = b
            .start_price
            .amount
            .saturating_sub(b.floor.amount)
            .saturating_sub(cut_so_far(&b));
        let cut = bargain::cut(b.seed, position, b.helps_needed, remaining);
        let record = HelpRecord {
            shopper: helper.as_str().to_owned(),
            cut,
            at: app.now,
        };
        if app
            .store
            .add_help(&b.id, position, b.helps_needed, &record)
            .await?
        {
            b.helps.push(record);
            return Ok(Helped {
                cut: Money::new(cut, b.start_price.currency),
                bargain: view(&b, app.now, Some(helper)),
            });
        }
        b = load(app, shop, id).await?;
    }
    Err(refusal(&b, helper, app.now)
        .unwrap_or(ApiError::CampaignEnded)
        .into())
}

/// What buying under a bargain loaded with [`load`] does to a checkout at `now`: its
/// SKU at the price reached, one unit, no coupon. Refused when it is not `shopper`'s,
/// over, or already bought.
pub fn terms_of(
    b: &BargainRecord,
    shopper: Option<&ShopperId>,
    now: i64,
) -> Result<CampaignTerms, Error> {
    if shopper.is_some_and(|s| *s != b.starter) {
        return Err(ApiError::Forbidden.into());
    }
    match status(b, now) {
        BargainStatus::Open | BargainStatus::Floor => {}
        BargainStatus::Bought | BargainStatus::Expired => {
            return Err(ApiError::CampaignEnded.into())
        }
    }
    Ok(CampaignTerms {
        prices: BTreeMap::from([(b.sku.clone(), price(b))]),
        max_units: Some(1),
        prepaid_only: false,
        coupons_allowed: false,
    })
}

/// Ties a bargain loaded with [`load`] to `order` of its starter (once per bargain;
/// the same order again is fine).
pub async fn tie<P: Ports>(
    app: &Services<P>,
    b: &BargainRecord,
    shopper: &ShopperId,
    order: &OrderId,
) -> Result<(), Error> {
    if *shopper != b.starter {
        return Err(ApiError::Forbidden.into());
    }
    if app.now >= b.expires_at && b.order_id.as_ref() != Some(order) {
        return Err(ApiError::CampaignEnded.into());
    }
    if !app.store.reserve_bargain(&b.id, order).await? {
        return Err(ApiError::CampaignEnded.into());
    }
    Ok(())
}

/// Unties the bargain from an order that was given up, so its starter may buy again.
pub async fn release<P: Ports>(
    app: &Services<P>,
    bargain: &str,
    order: &OrderId,
) -> Result<(), Error> {
    Ok(app.store.release_bargain(bargain, order).await?)
}

/// The owner's view of a shop's newest bargains.
pub async fn owner_list<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
) -> Result<Vec<BargainView>, Error> {
    Ok(app
        .store
        .shop_bargains(&shop.id, OWNER_LIST_LIMIT)
        .await?
        .iter()
        .map(|b| view(b, app.now, None))
        .collect())
}

/// Stops new bargains on a product (running ones go on).
pub async fn delete_offer<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    product: &str,
) -> Result<(), Error> {
    let product = ProductId::parse(product).map_err(|e| invalid("product", e))?;
    Ok(app.store.delete_bargain_offer(&shop.id, &product).await?)
}
