//! Agents and sub-shops: applications, the owner's decisions and policy, the agent's
//! markup, and what a sub-shop inherits from its root shop.
//!
//! Invariants:
//! - a sub-shop inherits the root shop's selection, currency, locale, theme, features,
//!   shipping, payment methods and payment window; its markup rules are the root's
//!   compounded with the agent's markup ([`agent::compose`]); it keeps its own slug,
//!   name and allowed origins; it has no owner (nobody manages it through the owner
//!   API), and its [`AgentLink`] names the agents its orders pay;
//! - at most two levels: a level-2 sub-shop takes no applications (`too_many_levels`);
//! - the owner of the root shop decides every application in its chain, and sees
//!   every agent of it;
//! - an applicant's token is stored only as its SHA-256 and compared in constant time;
//!   a wrong token and an unknown id both answer `forbidden`, so ids cannot be probed.

use crate::base::random;
use crate::domain::owners::auth;
use crate::domain::owners::manage;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::community::AgentRecord;
use crate::ports::store::{AgentLink, ShopRecord, Store};
use pocketshop_shared::agent::{
    self, AgentApplication, AgentApplied, AgentError, AgentPolicy, AgentStatus, AgentStatusView,
    OwnerAgent, OwnerAgents,
};
use pocketshop_shared::{ApiError, Money, ShopId};
use subtle::ConstantTimeEq;

fn invalid(field: &str, message: impl ToString) -> ApiError {
    ApiError::InvalidField {
        field: field.to_owned(),
        message: message.to_string(),
    }
}

fn api(e: AgentError) -> ApiError {
    match e {
        AgentError::TooManyLevels => ApiError::AgentNotAllowed {
            reason: "too_many_levels".into(),
        },
        AgentError::MarkupOutOfRange { min_bp, max_bp } => {
            ApiError::MarkupOutOfRange { min_bp, max_bp }
        }
        AgentError::InvalidRange => invalid("max_bp", e),
    }
}

/// How deep a shop is: 0 for an owner's shop, 1 or 2 for a sub-shop.
pub fn level(shop: &ShopRecord) -> u8 {
    match &shop.agent {
        None => 0,
        Some(link) if link.upstream_agent_id.is_some() => 2,
        Some(_) => 1,
    }
}

/// The owner's shop at the top of `shop`'s chain.
pub fn root_of(shop: &ShopRecord) -> &ShopId {
    shop.agent.as_ref().map_or(&shop.id, |l| &l.root_shop)
}

/// The policy of a root shop (the default when the owner set none).
pub async fn policy<P: Ports>(app: &Services<P>, root: &ShopId) -> Result<AgentPolicy, Error> {
    Ok(app.store.agent_policy(root).await?.unwrap_or_default())
}

/// A sub-shop name: trimmed plain text of 1 to [`agent::MAX_NAME_CHARS`] characters.
fn name(raw: &str) -> Result<String, ApiError> {
    let n = raw.trim();
    let count = n.chars().count();
    if count == 0 || count > agent::MAX_NAME_CHARS || n.chars().any(char::is_control) {
        return Err(invalid(
            "name",
            format!(
                "must be 1 to {} characters of plain text",
                agent::MAX_NAME_CHARS
            ),
        ));
    }
    Ok(n.to_owned())
}

/// A shopper applies to become an agent of `shop` (the owner's shop or a level-1
/// sub-shop).
pub async fn apply<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    body: &AgentApplication,
) -> Result<AgentApplied, Error> {
    let level = agent::level_of_applicant(level(shop)).map_err(api)?;
    let root = root_of(shop).clone();
    if !policy(app, &root).await?.open {
        return Err(ApiError::AgentNotAllowed {
            reason: "closed".into(),
        }
        .into());
    }
    let name = name(&body.name)?;
    let origins = manage::origins(&body.origins)?;
    let message = body.message.trim();
    if message.chars().count() > agent::MAX_MESSAGE_CHARS
        || message.chars().any(|c| c.is_control() && c != '\n')
    {
        return Err(invalid(
            "message",
            format!(
                "at most {} characters of plain text",
                agent::MAX_MESSAGE_CHARS
            ),
        )
        .into());
    }
    let slug = match body.slug.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => {
            let id = ShopId::parse(s).map_err(|e| invalid("slug", e))?;
            if app.store.shop(&id).await?.is_some() {
                return Err(ApiError::ShopTaken.into());
            }
            Some(id)
        }
    };
    let token = random::hex(16)?;
    let record = AgentRecord {
        id: format!("AG-{}", random::hex(8)?),
        token_hash: auth::token_hash(&token),
        parent_shop: shop.id.clone(),
        root_shop: root,
        level,
        upstream_agent_id: shop.agent.as_ref().map(|l| l.agent_id.clone()),
        shopper: body.shopper.clone(),
        name,
        slug,
        origins,
        message: message.to_owned(),
        status: AgentStatus::Pending,
        sub_shop: None,
        markup_bp: 0,
        created_at: app.now,
    };
    if !app.store.insert_agent(&record).await? {
        return Err(ApiError::AgentNotAllowed {
            reason: "already_applied".into(),
        }
        .into());
    }
    Ok(AgentApplied {
        id: record.id,
        token,
    })
}

/// The agent `id` if `token` is theirs; `forbidden` otherwise (unknown ids alike).
pub async fn authorised<P: Ports>(
    app: &Services<P>,
    id: &str,
    token: Option<&str>,
) -> Result<AgentRecord, Error> {
    let token = token.ok_or(ApiError::Forbidden)?;
    let record = if id.len() <= 64 {
        app.store.agent(id).await?
    } else {
        None
    };
    match record {
        Some(r)
            if bool::from(
                r.token_hash
                    .as_bytes()
                    .ct_eq(auth::token_hash(token).as_bytes()),
            ) =>
        {
            Ok(r)
        }
        _ => Err(ApiError::Forbidden.into()),
    }
}

/// The snippet an agent pastes into their page.
pub fn snippet(public_url: &str, shop: &ShopId) -> String {
    format!(
        "<script type=\"module\" src=\"{public_url}/embed.js\"></script>\n\
         <pocket-shop shop=\"{shop}\" view=\"grid\"></pocket-shop>"
    )
}

/// What the applicant sees.
pub async fn status_view<P: Ports>(
    app: &Services<P>,
    record: &AgentRecord,
) -> Result<AgentStatusView, Error> {
    let policy = policy(app, &record.root_shop).await?;
    Ok(AgentStatusView {
        id: record.id.clone(),
        status: record.status,
        parent_shop: record.parent_shop.clone(),
        level: record.level,
        snippet: record
            .sub_shop
            .as_ref()
            .map(|s| snippet(&app.config.payments.public_url, s)),
        sub_shop: record.sub_shop.clone(),
        markup_bp: record.markup_bp,
        min_bp: policy.min_bp,
        max_bp: policy.max_bp,
    })
}

/// An approved agent sets their markup within the owner's range.
pub async fn set_markup<P: Ports>(
    app: &Services<P>,
    mut record: AgentRecord,
    markup_bp: u32,
) -> Result<AgentStatusView, Error> {
    let policy = policy(app, &record.root_shop).await?;
    let bp = policy.check(markup_bp).map_err(api)?;
    app.store.set_agent_markup(&record.id, bp).await?;
    record.markup_bp = bp;
    status_view(app, &record).await
}

/// The owner's list: the policy and every agent of the chain, with their sales.
pub async fn owner_agents<P: Ports>(
    app: &Services<P>,
    root: &ShopRecord,
) -> Result<OwnerAgents, Error> {
    let currency = root.pricing.currency;
    let sales = app.store.agent_sales(&root.id, currency).await?;
    let agents = app
        .store
        .agents_of_root(&root.id)
        .await?
        .into_iter()
        .map(|a| {
            let s = a
                .sub_shop
                .as_ref()
                .and_then(|sub| sales.iter().find(|s| &s.agent_shop == sub));
            OwnerAgent {
                orders: s.map_or(0, |s| s.orders),
                sales: s.map_or(Money::zero(currency), |s| s.sales),
                commission: s.map_or(Money::zero(currency), |s| s.commission),
                id: a.id,
                name: a.name,
                status: a.status,
                level: a.level,
                parent_shop: a.parent_shop,
                sub_shop: a.sub_shop,
                markup_bp: a.markup_bp,
                message: a.message,
                origins: a.origins,
                created_at: a.created_at,
            }
        })
        .collect();
    Ok(OwnerAgents {
        policy: policy(app, &root.id).await?,
        agents,
    })
}

/// An application the owner decided already.
fn decided() -> ApiError {
    ApiError::AgentNotAllowed {
        reason: "already_decided".into(),
    }
}

/// An application of `root`'s chain, or `unknown_campaign {kind: agent}`.
async fn application<P: Ports>(
    app: &Services<P>,
    root: &ShopRecord,
    id: &str,
) -> Result<AgentRecord, Error> {
    let unknown = || ApiError::UnknownCampaign {
        kind: "agent".into(),
    };
    if id.len() > 64 {
        return Err(unknown().into());
    }
    match app.store.agent(id).await? {
        Some(a) if a.root_shop == root.id => Ok(a),
        _ => Err(unknown().into()),
    }
}

/// A free slug for a sub-shop of `root` when the applicant asked for none (or theirs
/// was taken meanwhile).
async fn free_slug<P: Ports>(
    app: &Services<P>,
    wanted: Option<&ShopId>,
    root: &ShopId,
) -> Result<ShopId, Error> {
    if let Some(w) = wanted {
        if app.store.shop(w).await?.is_none() {
            return Ok(w.clone());
        }
    }
    let prefix: String = root.as_str().chars().take(24).collect();
    for _ in 0..4 {
        let candidate = ShopId::parse(&format!("{prefix}-{}", random::hex(3)?))
            .map_err(|_| Error::Inconsistent("a generated slug is invalid"))?;
        if app.store.shop(&candidate).await?.is_none() {
            return Ok(candidate);
        }
    }
    Err(ApiError::ShopTaken.into())
}

/// The owner approves: the sub-shop is created and the agent starts at the lowest
/// markup the owner allows.
pub async fn approve<P: Ports>(
    app: &Services<P>,
    root: &ShopRecord,
    id: &str,
) -> Result<AgentStatusView, Error> {
    let mut a = application(app, root, id).await?;
    if a.status != AgentStatus::Pending {
        return Err(decided().into());
    }
    let parent = app
        .store
        .shop(&a.parent_shop)
        .await?
        .ok_or(Error::Inconsistent("an application's shop is gone"))?;
    let slug = free_slug(app, a.slug.as_ref(), &root.id).await?;
    let mut origins = a.origins.clone();
    for o in &parent.allowed_origins {
        if !origins.contains(o) {
            origins.push(o.clone());
        }
    }
    origins.truncate(manage::MAX_ORIGINS);
    let policy = policy(app, &root.id).await?;
    a.markup_bp = policy.initial();
    app.store.set_agent_markup(&a.id, a.markup_bp).await?;
    let own = ShopRecord {
        id: slug.clone(),
        name: a.name.clone(),
        allowed_origins: origins,
        owner_id: None,
        agent: Some(AgentLink {
            agent_id: a.id.clone(),
            upstream_agent_id: a.upstream_agent_id.clone(),
            root_shop: root.id.clone(),
            markup_bp: a.markup_bp,
        }),
        ..root.clone()
    };
    if !app.store.approve_agent(&a.id, &own, app.now).await? {
        return Err(ApiError::ShopTaken.into());
    }
    a.status = AgentStatus::Approved;
    a.sub_shop = Some(slug);
    status_view(app, &a).await
}

/// The owner rejects a pending application.
pub async fn reject<P: Ports>(
    app: &Services<P>,
    root: &ShopRecord,
    id: &str,
) -> Result<AgentStatusView, Error> {
    let mut a = application(app, root, id).await?;
    if !app.store.reject_agent(&a.id, app.now).await? {
        return Err(decided().into());
    }
    a.status = AgentStatus::Rejected;
    status_view(app, &a).await
}

/// The owner sets what agents may do.
pub async fn set_policy<P: Ports>(
    app: &Services<P>,
    root: &ShopRecord,
    policy: &AgentPolicy,
) -> Result<AgentPolicy, Error> {
    if root.agent.is_some() {
        return Err(ApiError::NotFound.into());
    }
    policy.validate().map_err(api)?;
    app.store.set_agent_policy(&root.id, policy).await?;
    Ok(*policy)
}
