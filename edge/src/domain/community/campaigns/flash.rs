//! Flash sales at checkout: the terms a sale gives an order, and the units it takes
//! from the sale's counter (`flash:<id>`), which enforces the total cap and the
//! limit per shopper.
//!
//! Invariants: a sale not running at the request's time gives no terms and takes
//! nothing (`campaign_not_started`, `campaign_ended`); units are taken only with a
//! shopper id; a release is idempotent and never fails an order (a failure is
//! logged: the sale then undersells, never oversells).

use crate::domain::community::campaigns::{ask_flash, check_running, terms as campaign_terms};
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::platform::Platform;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use pocketshop_shared::campaign::{FlashAnswer, FlashCommand, FlashSale, FlashSaleView, Phase};
use pocketshop_shared::offer::CampaignTerms;
use pocketshop_shared::{ApiError, OrderId, ShopperId};

/// Flash sale `campaign` of the shop, or `unknown_campaign`.
pub async fn sale<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    campaign: &str,
) -> Result<FlashSale, Error> {
    Ok(app
        .store
        .flash_sale(&shop.id, campaign)
        .await?
        .ok_or_else(|| ApiError::UnknownCampaign {
            kind: "flash_sale".into(),
        })?)
}

/// Units of the sale taken so far.
pub async fn sold<X: Platform>(platform: &X, sale: &FlashSale) -> Result<u32, Error> {
    match ask_flash(platform, &sale.id, FlashCommand::Status).await? {
        FlashAnswer::Status { sold } => Ok(sold),
        _ => Err(Error::Inconsistent(
            "a flash sale counter answered a status with something else",
        )),
    }
}

/// The sale as shoppers see it, with its live count (no counter is asked for a sale
/// that has not started or has ended).
pub async fn view<X: Platform>(
    platform: &X,
    sale: FlashSale,
    now: i64,
) -> Result<FlashSaleView, Error> {
    let phase = sale.window.phase(now);
    let sold = match phase {
        Phase::Active => sold(platform, &sale).await?,
        Phase::Upcoming | Phase::Ended => 0,
    };
    Ok(FlashSaleView {
        phase,
        sold,
        left: sale.cap.saturating_sub(sold),
        sale,
    })
}

/// What a sale loaded with [`sale`] does to a checkout: its prices, at most its
/// per-shopper limit of units, coupons not stacked. `sold_out` once the cap is taken.
pub async fn sale_terms<P: Ports>(
    app: &Services<P>,
    sale: &FlashSale,
) -> Result<CampaignTerms, Error> {
    check_running(&sale.window, app.now)?;
    if sold(&app.platform, sale).await? >= sale.cap {
        return Err(ApiError::SoldOut.into());
    }
    Ok(campaign_terms(&sale.prices, sale.per_shopper, false))
}

/// Takes `units` of a sale loaded with [`sale`] for `order` of `shopper`: `sold_out`
/// past the cap, `per_shopper_limit` past the shopper's limit. The units stay taken
/// until [`release`]d, not until the order's payment deadline: a paid order's units
/// must never come back.
pub async fn take<P: Ports>(
    app: &Services<P>,
    sale: &FlashSale,
    shopper: &ShopperId,
    order: &OrderId,
    units: u32,
) -> Result<(), Error> {
    check_running(&sale.window, app.now)?;
    let command = FlashCommand::Reserve {
        order: order.to_string(),
        shopper: shopper.to_string(),
        units,
        cap: sale.cap,
        per_shopper: sale.per_shopper,
    };
    match ask_flash(&app.platform, &sale.id, command).await? {
        FlashAnswer::Granted => Ok(()),
        FlashAnswer::SoldOut { .. } => Err(ApiError::SoldOut.into()),
        FlashAnswer::PerShopperLimit { max } => Err(ApiError::PerShopperLimit { max }.into()),
        FlashAnswer::Done | FlashAnswer::Status { .. } => Err(Error::Inconsistent(
            "a flash sale counter answered a reserve with something else",
        )),
    }
}

/// Gives back the units `order` took (an order given up). Idempotent.
pub async fn release<P: Ports>(
    app: &Services<P>,
    campaign: &str,
    order: &OrderId,
) -> Result<(), Error> {
    let command = FlashCommand::Release {
        order: order.to_string(),
    };
    ask_flash(&app.platform, campaign, command).await?;
    Ok(())
}
