//! Group deals at checkout: opening a group by paying, joining one by paying, and
//! what a paid member's order does next. Each group has its own counter
//! (`group:<id>`), which holds a place for an unpaid order until its payment
//! deadline, keeps paid places for good, and decides when the group is complete
//! (every place paid) or failed (its window closed first).
//!
//! Invariants:
//! - groups are prepaid only: a member's place counts once paid, and a group's
//!   orders go to the supplier only when all of them are paid;
//! - the counter is asked before a group is recorded, so a recorded group always has
//!   its opener; a group whose record could not be written loses its opener's place
//!   again;
//! - when a confirm completes a group, every other member's order is woken at once;
//!   if a wake fails, that order still wakes at the group's close (its `Wait`) and
//!   finds the group complete.

use crate::domain::community::campaigns::{
    ask_group, check_running, holds_place, new_id, terms as campaign_terms,
};
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::platform::Platform;
use crate::ports::prelude::*;
use crate::ports::store::campaigns::GroupRecord;
use crate::ports::store::ShopRecord;
use pocketshop_shared::campaign::{
    mask_name, GroupAnswer, GroupCommand, GroupDeal, GroupInfo, GroupStatus, GroupView, Place,
    GROUP_UNITS,
};
use pocketshop_shared::offer::{CampaignTerms, Gate};
use pocketshop_shared::{ApiError, OrderId, ShopperId};

fn unknown(kind: &str) -> Error {
    ApiError::UnknownCampaign { kind: kind.into() }.into()
}

/// Group deal `id` of the shop, or `unknown_campaign`.
pub async fn deal<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    id: &str,
) -> Result<GroupDeal, Error> {
    app.store
        .group_deal(&shop.id, id)
        .await?
        .ok_or_else(|| unknown("group_deal"))
}

/// Group `id` of the shop with its deal, or `unknown_campaign`.
pub async fn group<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    id: &str,
) -> Result<(GroupRecord, GroupDeal), Error> {
    let record = app
        .store
        .group(id)
        .await?
        .filter(|g| g.shop == shop.id)
        .ok_or_else(|| unknown("group"))?;
    let deal = deal(app, shop, &record.deal).await?;
    Ok((record, deal))
}

/// The group as anyone with its link sees it, and whether `reader` holds a place.
pub async fn view<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    id: &str,
    reader: Option<&ShopperId>,
) -> Result<GroupView, Error> {
    let (record, deal) = group(app, shop, id).await?;
    view_of(app, &record, deal, reader).await
}

/// [`view`] of a group already loaded, asking its counter.
async fn view_of<P: Ports>(
    app: &Services<P>,
    record: &GroupRecord,
    deal: GroupDeal,
    reader: Option<&ShopperId>,
) -> Result<GroupView, Error> {
    match ask_group(&app.platform, &record.id, GroupCommand::View).await? {
        GroupAnswer::View {
            info,
            status,
            places_left,
            members,
            shoppers,
        } => Ok(GroupView {
            id: record.id.clone(),
            deal,
            status,
            size: info.size,
            places_left,
            members,
            closes_at: info.closes_at,
            now: app.now,
            yours: holds_place(&shoppers, reader),
        }),
        GroupAnswer::Unknown => Err(unknown("group")),
        _ => Err(Error::Inconsistent(
            "a group counter answered a view with something else",
        )),
    }
}

/// What opening a group of a deal loaded with [`deal`] does to a checkout: its
/// prices, one unit, prepaid only, no coupon. `campaign_not_started` or
/// `campaign_ended` outside the deal's window.
pub fn open_terms<P: Ports>(app: &Services<P>, deal: &GroupDeal) -> Result<CampaignTerms, Error> {
    check_running(&deal.window, app.now)?;
    Ok(campaign_terms(&deal.prices, GROUP_UNITS, true))
}

/// What joining a group loaded with [`group`] does to a checkout: its deal's terms
/// (as [`open_terms`]), refused already when the group is full or over
/// (`group_full`, `campaign_ended`).
pub async fn join_terms<P: Ports>(
    app: &Services<P>,
    record: &GroupRecord,
    deal: GroupDeal,
) -> Result<CampaignTerms, Error> {
    let view = view_of(app, record, deal, None).await?;
    if view.status != GroupStatus::Open || app.now >= view.closes_at {
        return Err(ApiError::CampaignEnded.into());
    }
    if view.places_left == 0 {
        return Err(ApiError::GroupFull.into());
    }
    Ok(campaign_terms(&view.deal.prices, GROUP_UNITS, true))
}

/// The place `order` of `shopper` takes in a group, held unpaid until `until` (unix
/// seconds).
fn place(shopper: &ShopperId, order: &OrderId, display_name: &str, until: i64) -> Place {
    Place {
        order: order.to_string(),
        shopper: shopper.to_string(),
        name: mask_name(display_name),
        until_ms: until.saturating_mul(1000),
    }
}

/// Opens a new group of a deal loaded with [`deal`], with `order`'s place in it held
/// unpaid until `until` (unix seconds); returns the group id.
pub async fn open<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    deal: &GroupDeal,
    shopper: &ShopperId,
    order: &OrderId,
    display_name: &str,
    until: i64,
) -> Result<String, Error> {
    check_running(&deal.window, app.now)?;
    let place = place(shopper, order, display_name, until);
    let group = new_id()?;
    let closes_at = deal.group_closes_at(app.now);
    let info = GroupInfo {
        shop: shop.id.to_string(),
        deal: deal.id.clone(),
        size: deal.size,
        closes_at,
    };
    match ask_group(&app.platform, &group, GroupCommand::Open { info, place }).await? {
        GroupAnswer::Granted => {}
        GroupAnswer::Closed => return Err(ApiError::CampaignEnded.into()),
        _ => {
            return Err(Error::Inconsistent(
                "a new group's counter refused to open it",
            ))
        }
    }
    let record = GroupRecord {
        id: group.clone(),
        shop: shop.id.clone(),
        deal: deal.id.clone(),
        opened_at: app.now,
        closes_at,
    };
    if let Err(e) = app.store.insert_group(&record).await {
        if let Err(r) = release(app, &group, order).await {
            crate::base::log::log_error(&format!(
                "group {group}: releasing the opener after a failed insert failed: {r}"
            ));
        }
        return Err(e.into());
    }
    Ok(group)
}

/// Takes a place in a group loaded with [`group`] for `order`, held unpaid until
/// `until` (unix seconds); returns the group id. `group_full`, `campaign_ended`, or
/// `per_shopper_limit` when `shopper` already holds a place in it.
pub async fn join<P: Ports>(
    app: &Services<P>,
    record: &GroupRecord,
    shopper: &ShopperId,
    order: &OrderId,
    display_name: &str,
    until: i64,
) -> Result<String, Error> {
    let place = place(shopper, order, display_name, until);
    match ask_group(&app.platform, &record.id, GroupCommand::Join { place }).await? {
        GroupAnswer::Granted => Ok(record.id.clone()),
        GroupAnswer::Full => Err(ApiError::GroupFull.into()),
        GroupAnswer::Closed => Err(ApiError::CampaignEnded.into()),
        GroupAnswer::AlreadyMember => Err(ApiError::PerShopperLimit { max: 1 }.into()),
        GroupAnswer::Unknown => Err(unknown("group")),
        _ => Err(Error::Inconsistent(
            "a group counter answered a join with something else",
        )),
    }
}

/// Gives back `order`'s place if it is unpaid (an order given up). Idempotent.
pub async fn release<P: Ports>(
    app: &Services<P>,
    group: &str,
    order: &OrderId,
) -> Result<(), Error> {
    let command = GroupCommand::Release {
        order: order.to_string(),
    };
    ask_group(&app.platform, group, command).await?;
    Ok(())
}

/// The order is paid: Submit when the group is complete (and wake the other members'
/// orders with platform.wake_order_at), Wait{deadline} while open, Refund if it failed.
pub async fn confirm<P: Ports>(
    app: &Services<P>,
    group: &str,
    order: &OrderId,
) -> Result<Gate, Error> {
    let command = GroupCommand::Confirm {
        order: order.to_string(),
    };
    match ask_group(&app.platform, group, command).await? {
        GroupAnswer::Complete {
            orders,
            just_completed,
        } => {
            if just_completed {
                for other in orders.iter().filter(|o| o.as_str() != order.as_str()) {
                    let woken = match OrderId::parse(other) {
                        Ok(id) => app
                            .platform
                            .wake_order_at(&id, app.now)
                            .await
                            .map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    };
                    if let Err(e) = woken {
                        // It wakes at the group's close anyway.
                        crate::base::log::log_error(&format!(
                            "group {group}: waking order {other} failed: {e}"
                        ));
                    }
                }
            }
            Ok(Gate::Submit)
        }
        GroupAnswer::Wait { until } => Ok(Gate::Wait { until }),
        GroupAnswer::Refund => Ok(Gate::Refund),
        _ => Err(Error::Inconsistent(
            "a group counter answered a confirm with something else",
        )),
    }
}
