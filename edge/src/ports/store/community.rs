//! Storage of agents and sub-shops, bargains and pre-sale styles and votes: the
//! [`CommunityStore`] part of [`crate::ports::store::Store`], and its D1 implementation.
//!
//! Invariants: an application is unique per (shop applied to, shopper); approving is
//! compare-and-set on `pending` and creates the sub-shop's row in the same batch; a
//! bargain's help at position `k` is inserted only while exactly `k` helps exist and
//! fewer than the needed number, and a friend helps once (primary key and unique
//! constraint), so concurrent helps can neither pass the floor nor double up; a
//! bargain is reserved by one order at a time; one vote per style and shopper.

use crate::ports::store::{AgentLink, ShopRecord, StoreError};
use pocketshop_shared::agent;
use pocketshop_shared::agent::{AgentPolicy, AgentStatus};
use pocketshop_shared::bargain::BargainOffer;
use pocketshop_shared::presale::StyleStatus;
use pocketshop_shared::{Money, OrderId, ProductId, ShopId, ShopperId, Sku};

/// An application or agent as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentRecord {
    /// Its id.
    pub id: String,
    /// SHA-256 (hex) of the applicant's token.
    pub token_hash: String,
    /// The shop applied to.
    pub parent_shop: ShopId,
    /// The owner's shop at the top of the chain.
    pub root_shop: ShopId,
    /// 1 or 2.
    pub level: u8,
    /// For level 2: the level-1 agent whose sub-shop was applied to.
    pub upstream_agent_id: Option<String>,
    /// The applicant.
    pub shopper: ShopperId,
    /// The sub-shop's name.
    pub name: String,
    /// The slug asked for.
    pub slug: Option<ShopId>,
    /// Origins the agent embeds in.
    pub origins: Vec<String>,
    /// A word to the owner.
    pub message: String,
    /// Where it is.
    pub status: AgentStatus,
    /// The sub-shop, once approved.
    pub sub_shop: Option<ShopId>,
    /// The agent's markup on the owner's price (basis points).
    pub markup_bp: u32,
    /// When it applied.
    pub created_at: i64,
}

/// One help as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRecord {
    /// The friend.
    pub shopper: String,
    /// The cut (minor units).
    pub cut: i64,
    /// When.
    pub at: i64,
}

/// A bargain as stored, with its helps in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BargainRecord {
    /// Its id.
    pub id: String,
    /// Its shop.
    pub shop: ShopId,
    /// The product.
    pub product: ProductId,
    /// The SKU.
    pub sku: Sku,
    /// Who started it.
    pub starter: ShopperId,
    /// The price when it started.
    pub start_price: Money,
    /// The floor.
    pub floor: Money,
    /// Helps to the floor.
    pub helps_needed: u32,
    /// The cut algorithm's seed.
    pub seed: u64,
    /// When it started.
    pub created_at: i64,
    /// When it ends.
    pub expires_at: i64,
    /// The order placed at its price.
    pub order_id: Option<OrderId>,
    /// Its helps, position 0 first.
    pub helps: Vec<HelpRecord>,
}

/// A pre-sale style as stored, with its vote count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleRecord {
    /// Its id.
    pub id: String,
    /// Its shop.
    pub shop: ShopId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Picture.
    pub image: Option<String>,
    /// Where it is.
    pub status: StyleStatus,
    /// Ship date once on pre-sale.
    pub ship_date: Option<i64>,
    /// Linked product once on pre-sale.
    pub product: Option<ProductId>,
    /// Votes.
    pub votes: u32,
    /// When posted.
    pub created_at: i64,
}

/// Storage of agents and sub-shops, bargains and pre-sale styles and votes.
#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait CommunityStore {
    /// The owner's agent policy for a shop (`None`: the default).
    async fn agent_policy(&self, shop: &ShopId) -> Result<Option<AgentPolicy>, StoreError>;

    /// Replaces a shop's agent policy.
    async fn set_agent_policy(&self, shop: &ShopId, policy: &AgentPolicy)
        -> Result<(), StoreError>;

    /// Stores an application; `false` when this shopper already applied to this shop.
    async fn insert_agent(&self, agent: &AgentRecord) -> Result<bool, StoreError>;

    /// An application or agent by id.
    async fn agent(&self, id: &str) -> Result<Option<AgentRecord>, StoreError>;

    /// Every application and agent under a root shop, newest first.
    async fn agents_of_root(&self, root: &ShopId) -> Result<Vec<AgentRecord>, StoreError>;

    /// Approves a pending application and creates its sub-shop row (`sub_shop`, whose
    /// `agent.agent_id` is the agent); `false` when it was not pending any more or the
    /// slug is taken.
    async fn approve_agent(
        &self,
        id: &str,
        sub_shop: &ShopRecord,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Rejects a pending application; `false` when it was not pending.
    async fn reject_agent(&self, id: &str, now: i64) -> Result<bool, StoreError>;

    /// Sets an agent's markup.
    async fn set_agent_markup(&self, id: &str, markup_bp: u32) -> Result<(), StoreError>;

    /// A shop's bargain settings, by product.
    async fn bargain_offers(&self, shop: &ShopId) -> Result<Vec<BargainOffer>, StoreError>;

    /// Sets (or replaces) the bargain settings of one product.
    async fn set_bargain_offer(
        &self,
        shop: &ShopId,
        offer: &BargainOffer,
    ) -> Result<(), StoreError>;

    /// Stops new bargains on a product.
    async fn delete_bargain_offer(
        &self,
        shop: &ShopId,
        product: &ProductId,
    ) -> Result<(), StoreError>;

    /// Stores a new bargain (no helps).
    async fn insert_bargain(&self, bargain: &BargainRecord) -> Result<(), StoreError>;

    /// A bargain with its helps.
    async fn bargain(&self, id: &str) -> Result<Option<BargainRecord>, StoreError>;

    /// The id of a shopper's newest bargain on a product still running at `now`.
    async fn running_bargain(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        product: &ProductId,
        now: i64,
    ) -> Result<Option<String>, StoreError>;

    /// Records a help at `position` if exactly `position` helps exist, fewer than
    /// `helps_needed`, and this shopper has not helped; `false` otherwise (nothing
    /// changed).
    async fn add_help(
        &self,
        id: &str,
        position: u32,
        helps_needed: u32,
        help: &HelpRecord,
    ) -> Result<bool, StoreError>;

    /// Ties a bargain to the order bought at its price; `false` when another order
    /// holds it.
    async fn reserve_bargain(&self, id: &str, order: &OrderId) -> Result<bool, StoreError>;

    /// Unties a bargain from an order that was given up.
    async fn release_bargain(&self, id: &str, order: &OrderId) -> Result<(), StoreError>;

    /// A shop's newest bargains (at most `limit`).
    async fn shop_bargains(
        &self,
        shop: &ShopId,
        limit: u32,
    ) -> Result<Vec<BargainRecord>, StoreError>;

    /// Stores a new style.
    async fn insert_style(&self, style: &StyleRecord) -> Result<(), StoreError>;

    /// A shop's styles, newest first, with vote counts.
    async fn styles(&self, shop: &ShopId) -> Result<Vec<StyleRecord>, StoreError>;

    /// Records a vote; `false` when this shopper voted for it already.
    async fn add_vote(
        &self,
        style: &str,
        shopper: &ShopperId,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Moves a style in voting to pre-sale; `false` when it was not in voting.
    async fn promote_style(
        &self,
        style: &str,
        ship_date: i64,
        product: Option<&ProductId>,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// The ids of a shop's styles a shopper voted for.
    async fn voted_styles(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
    ) -> Result<Vec<String>, StoreError>;

    /// The ids of the shop's styles on pre-sale this shopper voted for and was not told
    /// of yet, marking them told.
    async fn take_notices(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        now: i64,
    ) -> Result<Vec<String>, StoreError>;
}

/// A sub-shop as shoppers get it, as every store returns it: its own row (`own`)
/// filled in from its root shop, priced with the agent's markup on the root's rules.
pub fn inherit(root: ShopRecord, own: ShopRecord, agent: &AgentRecord) -> ShopRecord {
    ShopRecord {
        id: own.id,
        name: own.name,
        locale: root.locale,
        theme: root.theme,
        allowed_origins: own.allowed_origins,
        features: root.features,
        shipping: root.shipping,
        pricing: pocketshop_shared::pricing::ShopPricing {
            currency: root.pricing.currency,
            rules: agent::compose(&root.pricing.rules, agent.markup_bp),
        },
        payment_methods: root.payment_methods,
        payment_window_secs: root.payment_window_secs,
        owner_id: None,
        selection: root.selection,
        agent: Some(AgentLink {
            agent_id: agent.id.clone(),
            upstream_agent_id: agent.upstream_agent_id.clone(),
            root_shop: root.id,
            markup_bp: agent.markup_bp,
        }),
    }
}
