//! Coupons at the edge: finding the coupon a shopper typed and checking they may use
//! it, taking its use for an order, giving it back, the owner's coupons and rules, and
//! the shopper's wallet, which issues what the shop's rules say is due.
//!
//! Invariants:
//! - a use is taken only by [`redeem`], whose store call enforces the total and
//!   per-shopper limits atomically; [`usable`] only refuses early with the same
//!   reasons so the shopper sees them at quote time;
//! - a coupon with a per-shopper limit or issued to one shopper needs the shopper id;
//! - a due coupon is issued once: the shopper's history is swapped compare-and-set
//!   before the coupons are made, and a lost race issues nothing.

use crate::base::random;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::money::Redeemed;
use crate::ports::store::ShopRecord;
use pocketshop_shared::api::{CouponRefusal, OwnerCoupon, Wallet};
use pocketshop_shared::coupon::{self, Coupon, CouponCode, CouponError, Due, IssueRules};
use pocketshop_shared::{ApiError, OrderId, ShopperId};

/// How often a wallet request retries a history swap another request won.
const HISTORY_ATTEMPTS: usize = 3;

/// The wire error for a malformed coupon code.
pub fn parse_code(raw: &str) -> Result<CouponCode, ApiError> {
    CouponCode::parse(raw).map_err(|e| ApiError::InvalidField {
        field: "coupon".into(),
        message: e.to_string(),
    })
}

fn refused(reason: CouponRefusal) -> ApiError {
    ApiError::CouponNotApplicable {
        reason,
        min_spend: None,
    }
}

/// The coupon `code` of a shop, if `shopper` may use it now (its minimum spend is
/// left to the price chain).
pub async fn usable<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    code: &CouponCode,
    shopper: Option<&ShopperId>,
) -> Result<Coupon, Error> {
    let coupon =
        app.store
            .coupon(&shop.id, code)
            .await?
            .ok_or_else(|| ApiError::UnknownCampaign {
                kind: "coupon".into(),
            })?;
    if shopper.is_none() && (coupon.per_shopper_limit.is_some() || coupon.issued_to.is_some()) {
        return Err(ApiError::InvalidField {
            field: "shopper".into(),
            message: "is needed to use this coupon".into(),
        }
        .into());
    }
    let uses = app.store.coupon_uses(&shop.id, code, shopper).await?;
    coupon.check(app.now, shopper, uses).map_err(refused)?;
    Ok(coupon)
}

/// Takes one use of `coupon` for `order`, or refuses with the limit that is reached.
pub async fn redeem<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    coupon: &CouponCode,
    order: &OrderId,
    shopper: Option<&ShopperId>,
) -> Result<(), Error> {
    match app
        .store
        .redeem_coupon(&shop.id, coupon, order, shopper, app.now)
        .await?
    {
        Redeemed::Yes => Ok(()),
        Redeemed::UsedUp => Err(refused(CouponRefusal::UsedUp).into()),
        Redeemed::LimitReached => Err(refused(CouponRefusal::LimitReached).into()),
        Redeemed::Unknown => Err(ApiError::UnknownCampaign {
            kind: "coupon".into(),
        }
        .into()),
    }
}

/// Gives an order's coupon use back; a failure is logged (the use stays taken).
pub async fn give_back<P: Ports>(app: &Services<P>, order: &OrderId) {
    if let Err(e) = app.store.void_redemption(order).await {
        crate::base::log::log_error(&format!(
            "order {order}: giving its coupon back failed: {e}"
        ));
    }
}

/// The wire error for an owner's coupon or rules that do not check out.
fn invalid(e: CouponError) -> ApiError {
    let field = match e {
        CouponError::InvalidCode => "code",
        CouponError::InvalidWindow => "valid_until",
        CouponError::InvalidLadder => "win_back",
        _ => "value",
    };
    ApiError::InvalidField {
        field: field.into(),
        message: e.to_string(),
    }
}

/// Stores an owner's new coupon after checking it; `coupon_taken` is answered as
/// `invalid_field code` (a code is unique per shop).
pub async fn create<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    coupon: Coupon,
) -> Result<OwnerCoupon, Error> {
    let coupon = coupon.validate().map_err(invalid)?;
    let currency = shop.pricing.currency;
    let amounts = [
        coupon.min_spend,
        match coupon.value {
            coupon::CouponValue::Fixed { amount } => Some(amount),
            coupon::CouponValue::Percent { .. } => None,
        },
    ];
    if let Some(m) = amounts
        .into_iter()
        .flatten()
        .find(|m| m.currency != currency)
    {
        return Err(ApiError::CurrencyMismatch {
            expected: currency,
            got: m.currency,
        }
        .into());
    }
    if coupon.issued_to.is_some() {
        return Err(ApiError::InvalidField {
            field: "issued_to".into(),
            message: "is set by the shop's issue rules only".into(),
        }
        .into());
    }
    if !app.store.insert_coupon(&shop.id, &coupon, app.now).await? {
        return Err(ApiError::InvalidField {
            field: "code".into(),
            message: "this shop already has a coupon with this code".into(),
        }
        .into());
    }
    Ok(OwnerCoupon { coupon, used: 0 })
}

/// Checks and stores a shop's issue rules.
pub async fn set_rules<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    rules: IssueRules,
) -> Result<IssueRules, Error> {
    let rules = rules.validate().map_err(invalid)?;
    let currency = shop.pricing.currency;
    let templates = rules
        .welcome
        .iter()
        .chain(rules.win_back.iter().map(|r| &r.coupon));
    for t in templates {
        let fixed = match t.value {
            coupon::CouponValue::Fixed { amount } => Some(amount),
            coupon::CouponValue::Percent { .. } => None,
        };
        if let Some(m) = fixed
            .into_iter()
            .chain(t.min_spend)
            .find(|m| m.currency != currency)
        {
            return Err(ApiError::CurrencyMismatch {
                expected: currency,
                got: m.currency,
            }
            .into());
        }
    }
    app.store.set_issue_rules(&shop.id, &rules).await?;
    Ok(rules)
}

/// A fresh code for an issued coupon: the rule's prefix and 8 random hex digits.
fn issued_code(prefix: &str) -> Result<CouponCode, Error> {
    let code = format!("{prefix}-{}", random::hex(4)?.to_uppercase());
    CouponCode::parse(&code).map_err(|_| Error::Inconsistent("an issued coupon code is invalid"))
}

/// Issues the coupons due to `shopper` now and lists those they can use.
pub async fn wallet<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    shopper: &ShopperId,
) -> Result<Wallet, Error> {
    let rules = app.store.money_settings(&shop.id).await?.rules;
    for _ in 0..HISTORY_ATTEMPTS {
        let before = app.store.shopper_history(&shop.id, shopper).await?;
        let (due, after) = coupon::due(&rules, before.unwrap_or_default(), app.now);
        if before.as_ref() == Some(&after) {
            break;
        }
        if !app
            .store
            .swap_shopper_history(&shop.id, shopper, before.as_ref(), &after)
            .await?
        {
            // Another request changed the history first: look again.
            continue;
        }
        for d in due {
            let (template, prefix) = match d {
                Due::Welcome(t) => (t, "WELCOME".to_owned()),
                Due::WinBack { rung, coupon, .. } => (coupon, format!("BACK{}", rung + 1)),
            };
            let issued = template.issue(issued_code(&prefix)?, shopper, app.now);
            app.store.insert_coupon(&shop.id, &issued, app.now).await?;
        }
        break;
    }
    Ok(Wallet {
        coupons: app
            .store
            .shopper_coupons(&shop.id, shopper, app.now)
            .await?,
    })
}

/// Records a purchase by `shopper`, which starts a new win-back spell; a failure is
/// logged (the ladder then starts from the older purchase).
pub async fn record_purchase<P: Ports>(
    app: &Services<P>,
    shop: &pocketshop_shared::ShopId,
    shopper: &ShopperId,
    at: i64,
) {
    for _ in 0..HISTORY_ATTEMPTS {
        let before = match app.store.shopper_history(shop, shopper).await {
            Ok(b) => b,
            Err(e) => {
                crate::base::log::log_error(&format!("recording a purchase failed: {e}"));
                return;
            }
        };
        let mut after = before.unwrap_or_default();
        after.first_seen.get_or_insert(at);
        after.last_purchase = Some(after.last_purchase.map_or(at, |p| p.max(at)));
        match app
            .store
            .swap_shopper_history(shop, shopper, before.as_ref(), &after)
            .await
        {
            Ok(true) => return,
            Ok(false) => continue,
            Err(e) => {
                crate::base::log::log_error(&format!("recording a purchase failed: {e}"));
                return;
            }
        }
    }
}
