//! Flash sales and group deals at the edge: the owner's campaigns (stored through
//! [`crate::ports::store::campaigns::CampaignStore`]) and their counters, one
//! `CampaignCounter` Durable Object per flash sale and per group ([`object`]), which
//! apply the pure state machines of [`pocketshop_shared::campaign`] on their own
//! clock. [`flash`] and [`group`] are what checkout calls (terms, reserve,
//! release, confirm); the routes only read and shape.
//!
//! Invariants:
//! - every grant is decided inside one counter object, one command at a time, so two
//!   shoppers can never take the last unit of a flash sale or the last place of a
//!   group;
//! - a counter is named by its campaign kind and id (`flash:<id>`, `group:<id>`),
//!   ids being random, so one object never serves two campaigns;
//! - prices and limits come from the owner's stored campaign, never from a request.

pub mod flash;
pub mod group;

use crate::domain::catalogue;
use crate::domain::services::Services;
use crate::ports::counters::{CampaignAnswer, CampaignCommand};
use crate::ports::error::Error;
use crate::ports::platform::Platform;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::campaign::{
    CampaignError, CampaignList, FlashAnswer, FlashCommand, FlashSale, GroupAnswer, GroupCommand,
    GroupDeal, GroupDealView, GroupStatus, NewFlashSale, NewGroupDeal, OpenGroup, Phase, Window,
};
use pocketshop_shared::offer::CampaignTerms;
use pocketshop_shared::{ApiError, Money, ProductId, ShopperId, Sku};
use std::collections::BTreeMap;

/// How many open groups of a deal the public list shows.
pub const OPEN_GROUPS_SHOWN: usize = 5;

/// The counter object of flash sale `id`.
pub fn flash_object(id: &str) -> String {
    format!("flash:{id}")
}

/// The counter object of group `id`.
pub fn group_object(id: &str) -> String {
    format!("group:{id}")
}

fn unexpected(what: &'static str) -> Error {
    Error::Inconsistent(what)
}

/// Sends a command to flash sale `id`'s counter.
pub async fn ask_flash<X: Platform>(
    platform: &X,
    id: &str,
    command: FlashCommand,
) -> Result<FlashAnswer, Error> {
    match platform
        .campaign(&flash_object(id), &CampaignCommand::Flash(command))
        .await?
    {
        CampaignAnswer::Flash(a) => Ok(a),
        _ => Err(unexpected("a flash sale counter answered as another kind")),
    }
}

/// Sends a command to group `id`'s counter.
pub async fn ask_group<X: Platform>(
    platform: &X,
    id: &str,
    command: GroupCommand,
) -> Result<GroupAnswer, Error> {
    match platform
        .campaign(&group_object(id), &CampaignCommand::Group(command))
        .await?
    {
        CampaignAnswer::Group(a) => Ok(a),
        _ => Err(unexpected("a group counter answered as another kind")),
    }
}

/// A new campaign id: random, so counters and links cannot be guessed.
pub fn new_id() -> Result<String, Error> {
    Ok(crate::base::random::hex(9)?)
}

/// The owner's campaign mistake as the client error.
pub fn invalid(e: CampaignError) -> ApiError {
    match e {
        CampaignError::Invalid { field, message } => ApiError::InvalidField {
            field: field.into(),
            message,
        },
    }
}

/// Refuses a campaign that is not running at `now`.
pub fn check_running(window: &Window, now: i64) -> Result<(), ApiError> {
    if now < window.starts_at {
        return Err(ApiError::CampaignNotStarted {
            starts_at: window.starts_at,
        });
    }
    if now >= window.closes_at() {
        return Err(ApiError::CampaignEnded);
    }
    Ok(())
}

/// The price of each SKU an owner's campaign covers: `skus` of `product` in the
/// shop's selection (every SKU when empty), each at `price`, which must be in the
/// shop's currency and no lower than the supplier allows (its supply price and its
/// floor).
pub async fn prices<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    product: &ProductId,
    skus: &[Sku],
    price: Money,
) -> Result<BTreeMap<Sku, Money>, Error> {
    let bad = |field: &str, message: String| ApiError::InvalidField {
        field: field.into(),
        message,
    };
    if price.currency != shop.pricing.currency {
        return Err(ApiError::CurrencyMismatch {
            expected: shop.pricing.currency,
            got: price.currency,
        }
        .into());
    }
    let products = catalogue::snapshot(app).await?;
    let Some(found) = products
        .iter()
        .find(|p| &p.id == product && shop.selection.contains(p))
    else {
        return Err(bad(
            "product_id",
            format!("{product} is not in the shop's selection"),
        )
        .into());
    };
    let mut prices = BTreeMap::new();
    for s in &found.skus {
        if !skus.is_empty() && !skus.contains(&s.sku) {
            continue;
        }
        let lowest = s
            .supply_price
            .max(s.floor_price)
            .map_err(|e| Error::Pricing(e.into()))?;
        if price.currency == lowest.currency && price.amount < lowest.amount {
            return Err(bad("price", format!("{} may not be sold below {lowest}", s.sku)).into());
        }
        prices.insert(s.sku.clone(), price);
    }
    if let Some(missing) = skus.iter().find(|s| !prices.contains_key(*s)) {
        return Err(bad("skus", format!("{missing} is not a SKU of {product}")).into());
    }
    if prices.is_empty() {
        return Err(bad("skus", format!("{product} has no SKU")).into());
    }
    Ok(prices)
}

/// The terms a campaign's prices give a checkout.
pub fn terms(prices: &BTreeMap<Sku, Money>, max_units: u32, prepaid_only: bool) -> CampaignTerms {
    CampaignTerms {
        prices: prices.clone(),
        max_units: Some(max_units),
        prepaid_only,
        // A campaign price is already the shop's deepest: no coupon on top.
        coupons_allowed: false,
    }
}

/// Whether `reader` is among a group's `shoppers` (as its counter lists them).
fn holds_place(shoppers: &[String], reader: Option<&ShopperId>) -> bool {
    reader.is_some_and(|r| shoppers.iter().any(|s| s == r.as_str()))
}

/// The deal as shoppers see it, with up to [`OPEN_GROUPS_SHOWN`] of its groups that
/// still have a place (each group's counter is asked), each marked when `reader`
/// holds a place in it.
pub async fn deal_view<P: Ports>(
    app: &Services<P>,
    deal: GroupDeal,
    reader: Option<&ShopperId>,
) -> Result<GroupDealView, Error> {
    let phase = deal.window.phase(app.now);
    let mut open_groups = Vec::new();
    if phase == Phase::Active {
        for g in app
            .store
            .open_groups(&deal.id, app.now, OPEN_GROUPS_SHOWN)
            .await?
        {
            if let GroupAnswer::View {
                status: GroupStatus::Open,
                places_left,
                shoppers,
                ..
            } = ask_group(&app.platform, &g.id, GroupCommand::View).await?
            {
                if places_left > 0 {
                    open_groups.push(OpenGroup {
                        id: g.id,
                        places_left,
                        closes_at: g.closes_at,
                        yours: holds_place(&shoppers, reader),
                    });
                }
            }
        }
    }
    Ok(GroupDealView {
        deal,
        phase,
        open_groups,
    })
}

/// The shop's flash sales and group deals running or coming, with live counts, the
/// open groups `reader` holds a place in marked.
pub async fn list<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    reader: Option<&ShopperId>,
) -> Result<CampaignList, Error> {
    let mut flash_sales = Vec::new();
    for sale in app.store.flash_sales(&shop.id, app.now).await? {
        if sale.window.phase(app.now) != Phase::Ended {
            flash_sales.push(flash::view(&app.platform, sale, app.now).await?);
        }
    }
    let mut group_deals = Vec::new();
    for deal in app.store.group_deals(&shop.id, app.now).await? {
        if deal.window.phase(app.now) != Phase::Ended {
            group_deals.push(deal_view(app, deal, reader).await?);
        }
    }
    Ok(CampaignList {
        now: app.now,
        flash_sales,
        group_deals,
    })
}

/// How far back the owner's lists reach (seconds): campaigns that ended longer ago
/// are not listed.
pub const OWNER_LIST_DAYS_SECS: i64 = 30 * 86_400;

/// Creates a flash sale for the shop from the owner's request.
pub async fn create_flash_sale<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    new: &NewFlashSale,
) -> Result<FlashSale, Error> {
    let window = new.window(app.now).map_err(invalid)?;
    let prices = prices(app, shop, &new.product_id, &new.skus, new.price).await?;
    let sale = FlashSale {
        id: new_id()?,
        product_id: new.product_id.clone(),
        prices,
        window,
        cap: new.cap,
        per_shopper: new.per_shopper,
    };
    app.store
        .insert_flash_sale(&shop.id, &sale, app.now)
        .await?;
    Ok(sale)
}

/// Creates a group deal for the shop from the owner's request.
pub async fn create_group_deal<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    new: &NewGroupDeal,
) -> Result<GroupDeal, Error> {
    let window = new.window(app.now).map_err(invalid)?;
    let prices = prices(app, shop, &new.product_id, &new.skus, new.price).await?;
    let deal = GroupDeal {
        id: new_id()?,
        product_id: new.product_id.clone(),
        prices,
        window,
        size: new.size,
        window_secs: new.window_secs,
    };
    app.store
        .insert_group_deal(&shop.id, &deal, app.now)
        .await?;
    Ok(deal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::counters::{CampaignAnswer, CampaignCommand, Counter};
    use pocketshop_shared::campaign::GroupCounter;
    use pocketshop_shared::campaign::{GroupInfo, Place};

    #[test]
    fn an_empty_counter_takes_the_kind_of_its_first_command_and_keeps_it() {
        let mut c = Counter::default();
        let status = CampaignCommand::Flash(FlashCommand::Status);
        assert_eq!(
            c.apply(status.clone(), 0),
            CampaignAnswer::Flash(FlashAnswer::Status { sold: 0 })
        );
        let open = CampaignCommand::Group(GroupCommand::Open {
            info: GroupInfo {
                shop: "demo".into(),
                deal: "D".into(),
                size: 2,
                closes_at: 10,
            },
            place: Place {
                order: "O".into(),
                shopper: "S".into(),
                name: "A**".into(),
                until_ms: 5,
            },
        });
        assert_eq!(c.apply(open, 0), CampaignAnswer::WrongKind);
        assert_eq!(
            c.apply(status, 0),
            CampaignAnswer::Flash(FlashAnswer::Status { sold: 0 })
        );
    }

    #[test]
    fn commands_travel_as_json_with_their_kind() {
        let cmd = CampaignCommand::Flash(FlashCommand::Release { order: "O".into() });
        let json = serde_json::to_value(&cmd).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"flash": {"op": "release", "order": "O"}})
        );
        assert_eq!(
            serde_json::from_value::<CampaignCommand>(json).expect("back"),
            cmd
        );
        let stored = serde_json::to_string(&Counter::Group(GroupCounter::default())).expect("json");
        assert!(matches!(
            serde_json::from_str::<Counter>(&stored).expect("back"),
            Counter::Group(_)
        ));
    }
}
