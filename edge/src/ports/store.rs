//! What the edge keeps in its database, behind the [`Store`] trait so handler logic is
//! tested against an in-memory store and runs against D1 in the Worker.
//!
//! Invariants: status changes are compare-and-set (`transition_order` changes nothing
//! unless the order is still in the expected status), so concurrent webhooks cannot
//! move an order twice; an idempotency key is claimed by exactly one request.

pub mod campaigns;
pub mod community;
pub mod money;
pub mod orders;
pub mod owners;
pub mod selection;

use crate::ports::store::selection::Selection;
use pocketshop_shared::api::Theme;
use pocketshop_shared::contact::Contact;
use pocketshop_shared::order::Shipment;
use pocketshop_shared::pricing::ShopPricing;
use pocketshop_shared::quote::{Quote, QuoteLine, ShippingRule};
use pocketshop_shared::{Locale, Money, OrderId, OrderStatus, PaymentMethod, ShopId};

/// A database failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed a statement.
    #[error("database error: {detail}")]
    Database {
        /// The driver's message.
        detail: String,
    },
    /// A stored row does not decode into its type.
    #[error("stored {what} is corrupt: {detail}")]
    Corrupt {
        /// Which record.
        what: &'static str,
        /// Why.
        detail: String,
    },
}

/// A shop as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopRecord {
    /// The slug.
    pub id: ShopId,
    /// Its name.
    pub name: String,
    /// Its language.
    pub locale: Locale,
    /// Its look.
    pub theme: Theme,
    /// Exact origins of the pages allowed to embed it.
    pub allowed_origins: Vec<String>,
    /// The widget features it has turned on (`cart`, `share`, …).
    pub features: Vec<String>,
    /// Its shipping charge.
    pub shipping: ShippingRule,
    /// Its currency and markup rules.
    pub pricing: ShopPricing,
    /// How its shoppers may pay, in the order the widget offers them.
    pub payment_methods: Vec<PaymentMethod>,
    /// How long an order waits for payment before it expires (seconds).
    pub payment_window_secs: i64,
    /// The owner's id; `None` for the shops seeded by migrations.
    pub owner_id: Option<String>,
    /// Which of the supplier's products it sells.
    pub selection: Selection,
    /// For an agent's sub-shop: whose agent it is; `None` for an owner's own shop.
    pub agent: Option<AgentLink>,
}

/// What makes a shop an agent's sub-shop: the agents its orders pay and the shop it
/// inherits its selection from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentLink {
    /// The agent who runs the sub-shop.
    pub agent_id: String,
    /// That agent's own upstream agent, for a second-level sub-shop.
    pub upstream_agent_id: Option<String>,
    /// The owner's shop at the top of the chain.
    pub root_shop: ShopId,
    /// The agent's own markup on top of the owner's price, in basis points.
    pub markup_bp: u32,
}

/// A shop owner's account as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct OwnerRecord {
    /// The owner's id.
    pub id: String,
    /// The e-mail address, lowercased.
    pub email: String,
    /// `pbkdf2-sha256$iterations$salt_b64$hash_b64`.
    pub password_hash: String,
    /// The brand's secret for member tokens, once rotated the first time.
    pub member_secret: Option<String>,
    /// When the account was made.
    pub created_at: i64,
}

impl std::fmt::Debug for OwnerRecord {
    // Never prints the password hash or the member secret, so logging an owner is safe.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OwnerRecord")
            .field("id", &self.id)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// An order as its shop's owner lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSummary {
    /// Its id.
    pub id: OrderId,
    /// Where it is.
    pub status: OrderStatus,
    /// How it is paid.
    pub payment_method: PaymentMethod,
    /// Σ line totals less the coupon's discount: the goods as charged, the retail
    /// part the margin is taken from.
    pub subtotal: Money,
    /// What the shopper pays.
    pub total: Money,
    /// What the shop owes the supplier.
    pub supply_cost: Money,
    /// The chain-store member who placed it.
    pub member_id: Option<String>,
    /// When it was placed.
    pub created_at: i64,
}

/// What happened when a request claimed an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This request owns the key now.
    Claimed,
    /// Another request with the same key and body is still running.
    InProgress,
    /// The key was used with another body.
    Conflict,
    /// The key already made this order.
    Existing(OrderId),
}

/// A new order, as priced and confirmed.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// Its id.
    pub id: OrderId,
    /// Its shop.
    pub shop: ShopId,
    /// How it is paid.
    pub payment_method: PaymentMethod,
    /// The quote it was placed at.
    pub quote: Quote,
    /// The supply price of each quote line, in the same order.
    pub supply_prices: Vec<Money>,
    /// The total supply cost.
    pub supply_cost: Money,
    /// Who receives it.
    pub contact: Contact,
    /// When (unix seconds).
    pub created_at: i64,
    /// For prepaid methods: when it expires unless paid.
    pub pay_before: Option<i64>,
    /// The chain-store member from a verified member token.
    pub member_id: Option<String>,
    /// What it was bought under: offer, group, coupon, referral, shopper, discount.
    pub terms: OrderTerms,
}

/// What an order was bought under beyond its lines (all empty for a plain order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderTerms {
    /// The campaign it was bought under.
    pub offer: Option<pocketshop_shared::offer::Offer>,
    /// For a group order: the group it holds a place in.
    pub group: Option<String>,
    /// The coupon used.
    pub coupon: Option<pocketshop_shared::coupon::CouponCode>,
    /// The sharer whose link brought the shopper.
    pub referral: Option<pocketshop_shared::referral::SharerCode>,
    /// The anonymous shopper.
    pub shopper: Option<pocketshop_shared::ShopperId>,
    /// What the coupon took off the goods; `None` for nothing.
    pub discount: Option<Money>,
}

/// An order as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRecord {
    /// Its id.
    pub id: OrderId,
    /// Its shop.
    pub shop: ShopId,
    /// Where it is.
    pub status: OrderStatus,
    /// How it is paid.
    pub payment_method: PaymentMethod,
    /// The lines as charged.
    pub lines: Vec<QuoteLine>,
    /// Σ line totals.
    pub subtotal: Money,
    /// Shipping.
    pub shipping: Money,
    /// The total.
    pub total: Money,
    /// What the shop owes the supplier.
    pub supply_cost: Money,
    /// Who receives it.
    pub contact: Contact,
    /// The supplier's order id once submitted.
    pub supplier_order_id: Option<String>,
    /// Parcels.
    pub shipments: Vec<Shipment>,
    /// When it was placed.
    pub created_at: i64,
    /// For prepaid methods: when it expires unless paid.
    pub pay_before: Option<i64>,
    /// Failed attempts of the lifecycle's pending work (supplier submission, refund)
    /// since it last succeeded.
    pub attempts: u32,
    /// What it was bought under.
    pub terms: OrderTerms,
}

/// Where a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentStatus {
    /// Opened at the provider, waiting for the shopper.
    Open,
    /// The provider says it was paid.
    Paid,
    /// Closed unpaid (expired or closed by the edge).
    Closed,
    /// Paid and then returned.
    Refunded,
}

impl PaymentStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Open => "open",
            PaymentStatus::Paid => "paid",
            PaymentStatus::Closed => "closed",
            PaymentStatus::Refunded => "refunded",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<PaymentStatus> {
        [
            PaymentStatus::Open,
            PaymentStatus::Paid,
            PaymentStatus::Closed,
            PaymentStatus::Refunded,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// An order's payment at a provider (one per order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    /// The order.
    pub order_id: OrderId,
    /// The provider.
    pub method: PaymentMethod,
    /// The provider's id for it (session id, `out_trade_no`).
    pub reference: String,
    /// Where the shopper pays.
    pub pay_url: String,
    /// What is charged.
    pub amount: Money,
    /// Where the provider sends the shopper back to.
    pub return_url: String,
    /// Where a shopper who gives up is sent.
    pub cancel_url: String,
    /// Where it is.
    pub status: PaymentStatus,
    /// The provider's id of the captured payment, once paid.
    pub provider_payment_id: Option<String>,
    /// The provider's refund id, once refunded.
    pub refund_id: Option<String>,
    /// Whether the provider moved no real money.
    pub test_mode: bool,
    /// When it was opened.
    pub created_at: i64,
}

/// How long an unfinished idempotency claim blocks its key before another request may
/// take it over (the first one has surely died by then).
pub const CLAIM_TIMEOUT_SECS: i64 = 60;

/// The edge's storage.
///
/// Each feature area keeps its own part in its own supertrait, so the bound stays
/// `S: Store` everywhere.
#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait Store:
    money::MoneyStore
    + campaigns::CampaignStore
    + community::CommunityStore
    + orders::OrderStore
    + owners::OwnerStore
{
    /// A shop by id.
    async fn shop(&self, id: &ShopId) -> Result<Option<ShopRecord>, StoreError>;
}
