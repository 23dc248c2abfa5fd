//! The commission ledger: each order's margin split between the owner, the agents,
//! the sharer and the platform, written when the order is placed (cash on delivery)
//! or paid (prepaid), voided when it is cancelled, refunded or expires.
//!
//! Invariants:
//! - an order's rows are [`commission::split`] of its goods value as charged
//!   (`subtotal − discount`) over its supply cost, so they sum to its margin;
//! - the shares are the root shop's (an agent's sub-shop sells on its owner's
//!   terms), as its owner last set them, the fee the deployment's `PLATFORM_FEE_BP`;
//! - writing twice changes nothing; a failure to write or void is logged and never
//!   undoes the order change that caused it.

use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::money::LedgerEntry;
use crate::ports::store::{OrderRecord, ShopRecord, Store};
use pocketshop_shared::commission::{self, CommissionShares, Participants};
use pocketshop_shared::referral::{AgentSales, Party};
use pocketshop_shared::{ApiError, OrderId, ShopId};

/// `not_found` for an agent's sub-shop: it sells on its root shop's shares, so it
/// has none of its own to read or set.
fn root_only(shop: &ShopRecord) -> Result<(), Error> {
    match shop.agent {
        Some(_) => Err(ApiError::NotFound.into()),
        None => Ok(()),
    }
}

/// The commission shares the owner of `shop` set (the defaults until they do).
pub async fn shares<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
) -> Result<CommissionShares, Error> {
    root_only(shop)?;
    Ok(app.store.money_settings(&shop.id).await?.shares.into())
}

/// Replaces the commission shares of `shop` for orders booked from now on (rows
/// already written keep the shares they were split by). `invalid_field` when they
/// add up to more than the whole.
pub async fn set_shares<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    shares: CommissionShares,
) -> Result<CommissionShares, Error> {
    root_only(shop)?;
    shares.validate().map_err(|e| ApiError::InvalidField {
        field: "shares".into(),
        message: e.to_string(),
    })?;
    app.store.set_commission_shares(&shop.id, &shares).await?;
    Ok(shares)
}

/// The ledger rows of `order` (none when its shop is gone).
pub async fn entries<P: Ports>(
    app: &Services<P>,
    order: &OrderRecord,
) -> Result<Vec<LedgerEntry>, Error> {
    let Some(shop) = app.store.shop(&order.shop).await? else {
        return Ok(Vec::new());
    };
    let root = shop
        .agent
        .as_ref()
        .map_or_else(|| shop.id.clone(), |a| a.root_shop.clone());
    let mut policy = app.store.money_settings(&root).await?.shares;
    policy.platform_fee_bp = app.config.owner_api.platform_fee_bp;
    let who = Participants {
        agent: shop.agent.is_some(),
        upstream_agent: shop
            .agent
            .as_ref()
            .is_some_and(|a| a.upstream_agent_id.is_some()),
        sharer: order.terms.referral.is_some(),
    };
    let goods = match order.terms.discount {
        Some(d) => order.subtotal.checked_sub(d),
        None => Ok(order.subtotal),
    }
    .map_err(|e| Error::Pricing(e.into()))?;
    let split = commission::split(goods, order.supply_cost, policy, who)
        .map_err(|_| Error::Inconsistent("an order's margin cannot be split"))?;
    let agent = shop.agent.as_ref();
    let parts = [
        (Party::Owner, split.owner, None),
        (Party::Platform, split.platform, None),
        (Party::Agent, split.agent, agent.map(|a| a.agent_id.clone())),
        (
            Party::UpstreamAgent,
            split.upstream_agent,
            agent.and_then(|a| a.upstream_agent_id.clone()),
        ),
        (
            Party::Sharer,
            split.sharer,
            order.terms.referral.as_ref().map(|c| c.to_string()),
        ),
    ];
    Ok(parts
        .into_iter()
        // Parties not in the order have no row; the owner and platform always do.
        .filter(|(party, _, id)| matches!(party, Party::Owner | Party::Platform) || id.is_some())
        .map(|(party, amount, party_id)| LedgerEntry {
            order: order.id.clone(),
            party,
            party_id,
            shop: shop.id.clone(),
            root_shop: root.clone(),
            amount,
            sales: goods,
        })
        .collect())
}

/// Writes `order`'s rows; a failure is logged.
pub async fn record<P: Ports>(app: &Services<P>, order: &OrderRecord) {
    let written = match entries(app, order).await {
        Ok(rows) => app
            .store
            .write_ledger(&rows, app.now)
            .await
            .map_err(Error::from),
        Err(e) => Err(e),
    };
    if let Err(e) = written {
        crate::base::log::log_error(&format!(
            "order {}: writing its ledger failed: {e:?}",
            order.id
        ));
    }
}

/// Voids `order`'s rows; a failure is logged (reads void them by the order's status
/// anyway).
pub async fn void<P: Ports>(app: &Services<P>, order: &OrderId) {
    if let Err(e) = app.store.void_ledger(order).await {
        crate::base::log::log_error(&format!("order {order}: voiding its ledger failed: {e}"));
    }
}

/// Each agent sub-shop's orders, sales and commission under the owner's `root_shop`.
pub async fn agent_sales<P: Ports>(
    app: &Services<P>,
    root_shop: &ShopId,
) -> Result<Vec<AgentSales>, Error> {
    let currency = app
        .store
        .shop(root_shop)
        .await?
        .map(|s| s.pricing.currency)
        .ok_or_else(|| pocketshop_shared::ApiError::UnknownShop {
            shop: root_shop.to_string(),
        })?;
    Ok(app.store.agent_sales(root_shop, currency).await?)
}
