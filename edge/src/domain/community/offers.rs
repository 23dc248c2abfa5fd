//! The seam between checkout and campaigns: what an order's [`Offer`] does to its
//! price, the place or unit it reserves, giving that back, and whether a paid order
//! goes ahead ([`Gate`]). Flash sales and groups live in [`crate::domain::community::campaigns`],
//! bargains in [`crate::domain::community::bargain`]; this module only dispatches and checks.
//!
//! Invariants:
//! - an offer's terms come only from the campaign's own records;
//! - buying under an offer needs the shopper id (per-shopper limits count on it);
//! - whatever [`reserve`] took is given back by [`release`] when the order is given up
//!   (checkout failed after the reservation, payment expired, cancelled unpaid);
//! - a flash or bargain order goes ahead once paid; a group order asks its group.

use crate::domain::community::bargain;
use crate::domain::community::campaigns::flash;
use crate::domain::community::campaigns::group;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::campaigns::GroupRecord;
use crate::ports::store::community::BargainRecord;
use crate::ports::store::{OrderRecord, ShopRecord};
use pocketshop_shared::campaign::{FlashSale, GroupDeal};
use pocketshop_shared::offer::{CampaignTerms, Gate, Offer};
use pocketshop_shared::{ApiError, OrderId, ShopperId};

/// The longest campaign, deal, group or bargain id an offer may name.
const MAX_ID: usize = 64;

/// Checks an offer's id is short visible ASCII (an id the campaign stores made).
pub fn check(offer: &Offer) -> Result<(), ApiError> {
    let id = match offer {
        Offer::Flash { campaign } => campaign,
        Offer::GroupOpen { deal } => deal,
        Offer::GroupJoin { group } => group,
        Offer::Bargain { bargain } => bargain,
    };
    let ok = !id.is_empty()
        && id.len() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::InvalidField {
            field: "offer".into(),
            message: "names no campaign".into(),
        })
    }
}

/// An offer's campaign as [`terms`] loaded it, so [`reserve`] takes from the same
/// record instead of reading it again.
#[derive(Debug, Clone)]
pub enum Campaign {
    /// The flash sale.
    Flash(FlashSale),
    /// The deal a new group is opened of.
    GroupOpen(GroupDeal),
    /// The group joined.
    GroupJoin(GroupRecord),
    /// The bargain bought.
    Bargain(BargainRecord),
}

/// What an offer does to a checkout, and the campaign it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The offer's terms.
    pub terms: CampaignTerms,
    /// The campaign, for [`reserve`].
    pub campaign: Campaign,
}

/// What `offer` does to a checkout by `shopper`.
pub async fn terms<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    offer: &Offer,
    shopper: Option<&ShopperId>,
) -> Result<Loaded, Error> {
    check(offer)?;
    let (terms, campaign) = match offer {
        Offer::Flash { campaign } => {
            let sale = flash::sale(app, shop, campaign).await?;
            (flash::sale_terms(app, &sale).await?, Campaign::Flash(sale))
        }
        Offer::GroupOpen { deal } => {
            let deal = group::deal(app, shop, deal).await?;
            (group::open_terms(app, &deal)?, Campaign::GroupOpen(deal))
        }
        Offer::GroupJoin { group: id } => {
            let (record, deal) = group::group(app, shop, id).await?;
            let terms = group::join_terms(app, &record, deal).await?;
            (terms, Campaign::GroupJoin(record))
        }
        Offer::Bargain { bargain: id } => {
            let b = bargain::load(app, shop, id).await?;
            (
                bargain::terms_of(&b, shopper, app.now)?,
                Campaign::Bargain(b),
            )
        }
    };
    Ok(Loaded { terms, campaign })
}

/// The shopper id an order under an offer needs.
pub fn shopper_of(shopper: Option<&ShopperId>) -> Result<&ShopperId, ApiError> {
    shopper.ok_or_else(|| ApiError::InvalidField {
        field: "shopper".into(),
        message: "is needed to buy under an offer".into(),
    })
}

/// Reserves what `campaign` gives `order` (a flash unit count, a group place, the
/// bargain) until `until`; returns the group id for a group order.
#[allow(clippy::too_many_arguments)] // Each is a distinct fact of the reservation.
pub async fn reserve<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    campaign: &Campaign,
    shopper: &ShopperId,
    order: &OrderId,
    units: u32,
    display_name: &str,
    until: i64,
) -> Result<Option<String>, Error> {
    match campaign {
        Campaign::Flash(sale) => {
            // A flash unit is held until released, not until `until` (see
            // [`flash::take`]).
            flash::take(app, sale, shopper, order, units).await?;
            Ok(None)
        }
        Campaign::GroupOpen(deal) => {
            group::open(app, shop, deal, shopper, order, display_name, until)
                .await
                .map(Some)
        }
        Campaign::GroupJoin(record) => {
            group::join(app, record, shopper, order, display_name, until)
                .await
                .map(Some)
        }
        Campaign::Bargain(b) => {
            bargain::tie(app, b, shopper, order).await?;
            Ok(None)
        }
    }
}

/// Gives back what an order's offer reserved (`group` is the group a group order
/// holds a place in); a failure is logged (the campaign's own expiry frees it).
pub async fn release<P: Ports>(
    app: &Services<P>,
    offer: &Offer,
    group: Option<&str>,
    order: &OrderId,
) {
    let released = match (offer, group) {
        (Offer::Flash { campaign }, _) => flash::release(app, campaign, order).await,
        (Offer::GroupOpen { .. } | Offer::GroupJoin { .. }, Some(g)) => {
            group::release(app, g, order).await
        }
        // The reservation failed before a group was named: nothing to give back.
        (Offer::GroupOpen { .. } | Offer::GroupJoin { .. }, None) => Ok(()),
        (Offer::Bargain { bargain: id }, _) => bargain::release(app, id, order).await,
    };
    if let Err(e) = released {
        crate::base::log::log_error(&format!("order {order}: releasing its offer failed: {e:?}"));
    }
}

/// Gives back whatever a stored order's offer holds.
pub async fn release_order<P: Ports>(app: &Services<P>, order: &OrderRecord) {
    if let Some(offer) = &order.terms.offer {
        release(app, offer, order.terms.group.as_deref(), &order.id).await;
    }
}

/// Whether a paid order goes ahead: at once without an offer or for a flash sale or
/// bargain; as its group says for a group order.
pub async fn gate<P: Ports>(app: &Services<P>, order: &OrderRecord) -> Result<Gate, Error> {
    match (&order.terms.offer, &order.terms.group) {
        (Some(Offer::GroupOpen { .. } | Offer::GroupJoin { .. }), Some(g)) => {
            group::confirm(app, g, &order.id).await
        }
        _ => Ok(Gate::Submit),
    }
}
