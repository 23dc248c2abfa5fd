//! Pre-sale voting at the edge: the owner posts styles and promotes winners, shoppers
//! vote and are told of a promotion on their next visit.
//!
//! Invariants: one vote per style and shopper (the store's key decides, so concurrent
//! double votes count once); only styles in voting take votes or promotions; a ship
//! date is in the future and a linked product is in the shop's selection; a notice is
//! handed out once ([`crate::ports::store::community::CommunityStore::take_notices`]); a
//! sub-shop shows its root shop's styles.

use crate::base::random;
use crate::domain::catalogue;
use crate::domain::community::agents;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::community::StyleRecord;
use crate::ports::store::ShopRecord;
use pocketshop_shared::presale::{
    NewStyle, PresaleView, PromoteStyle, Style, StyleStatus, Voted, MAX_OPEN_STYLES,
};
use pocketshop_shared::{ApiError, ShopperId};

fn unknown() -> ApiError {
    ApiError::UnknownCampaign {
        kind: "style".into(),
    }
}

fn invalid(field: &str, message: impl ToString) -> ApiError {
    ApiError::InvalidField {
        field: field.to_owned(),
        message: message.to_string(),
    }
}

fn style(r: &StyleRecord, voted: bool) -> Style {
    Style {
        id: r.id.clone(),
        title: r.title.clone(),
        description: r.description.clone(),
        image: r.image.clone(),
        status: r.status,
        votes: r.votes,
        ship_date: r.ship_date,
        product: r.product.clone(),
        voted,
    }
}

/// The owner posts a candidate style.
pub async fn post<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    body: &NewStyle,
) -> Result<Style, Error> {
    let checked = body.check().map_err(|e| {
        let field = match e {
            pocketshop_shared::presale::PresaleError::Title => "title",
            pocketshop_shared::presale::PresaleError::Description => "description",
            pocketshop_shared::presale::PresaleError::Image => "image",
        };
        invalid(field, e)
    })?;
    let open = app
        .store
        .styles(&shop.id)
        .await?
        .iter()
        .filter(|s| s.status == StyleStatus::Voting)
        .count();
    if open >= MAX_OPEN_STYLES {
        return Err(invalid(
            "title",
            format!("at most {MAX_OPEN_STYLES} styles in voting"),
        )
        .into());
    }
    let record = StyleRecord {
        id: format!("ST-{}", random::hex(6)?),
        shop: shop.id.clone(),
        title: checked.title,
        description: checked.description,
        image: checked.image,
        status: StyleStatus::Voting,
        ship_date: None,
        product: None,
        votes: 0,
        created_at: app.now,
    };
    app.store.insert_style(&record).await?;
    Ok(style(&record, false))
}

/// Every style of the owner's shop, newest first.
pub async fn owner_styles<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
) -> Result<Vec<Style>, Error> {
    Ok(app
        .store
        .styles(&shop.id)
        .await?
        .iter()
        .map(|s| style(s, false))
        .collect())
}

async fn find<P: Ports>(
    app: &Services<P>,
    shop: &pocketshop_shared::ShopId,
    id: &str,
) -> Result<StyleRecord, Error> {
    app.store
        .styles(shop)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| unknown().into())
}

/// The owner promotes a style in voting to a pre-sale.
pub async fn promote<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    id: &str,
    body: &PromoteStyle,
) -> Result<Style, Error> {
    find(app, &shop.id, id).await?;
    if body.ship_date <= app.now {
        return Err(invalid("ship_date", "must be in the future").into());
    }
    if let Some(product) = &body.product {
        let products = catalogue::snapshot(app).await?;
        catalogue::product(&products, shop, product)?;
    }
    if !app
        .store
        .promote_style(id, body.ship_date, body.product.as_ref(), app.now)
        .await?
    {
        return Err(ApiError::CampaignEnded.into());
    }
    Ok(style(&find(app, &shop.id, id).await?, false))
}

/// A shopper votes for a style in voting.
pub async fn vote<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    id: &str,
    shopper: &ShopperId,
) -> Result<Voted, Error> {
    let root = agents::root_of(shop);
    let s = find(app, root, id).await?;
    if s.status != StyleStatus::Voting {
        return Err(ApiError::CampaignEnded.into());
    }
    if !app.store.add_vote(id, shopper, app.now).await? {
        return Err(ApiError::AlreadyVoted.into());
    }
    Ok(Voted {
        style: style(&find(app, root, id).await?, true),
    })
}

/// What a shopper sees: styles in voting and on pre-sale, and the notices due to them
/// (handed out once).
pub async fn shopper_view<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    shopper: Option<&ShopperId>,
) -> Result<PresaleView, Error> {
    let root = agents::root_of(shop);
    let styles = app.store.styles(root).await?;
    let (voted, notices) = match shopper {
        Some(s) => (
            app.store.voted_styles(root, s).await?,
            app.store.take_notices(root, s, app.now).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let shown = |r: &StyleRecord| style(r, voted.contains(&r.id));
    let mut voting: Vec<Style> = styles
        .iter()
        .filter(|s| s.status == StyleStatus::Voting)
        .map(shown)
        .collect();
    voting.sort_by(|a, b| b.votes.cmp(&a.votes).then_with(|| a.id.cmp(&b.id)));
    let mut presale: Vec<Style> = styles
        .iter()
        .filter(|s| s.status == StyleStatus::Presale)
        .map(shown)
        .collect();
    presale.sort_by_key(|s| s.ship_date);
    let notices = presale
        .iter()
        .filter(|s| notices.contains(&s.id))
        .cloned()
        .collect();
    Ok(PresaleView {
        voting,
        presale,
        notices,
    })
}
