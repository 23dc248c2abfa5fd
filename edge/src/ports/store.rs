//! What the edge keeps in its database, behind the [`Store`] trait so handler logic is
//! tested against an in-memory store and runs against D1 in the Worker.
//!
//! Invariants: status changes are compare-and-set (`transition_order` changes nothing
//! unless the order is still in the expected status), so concurrent webhooks cannot
//! move an order twice; an idempotency key is claimed by exactly one request.

pub mod campaigns;
pub mod community;
pub mod money;
pub mod selection;

use crate::ports::store::selection::Selection;
use pocketshop_shared::api::Theme;
use pocketshop_shared::catalogue::Category;
use pocketshop_shared::contact::Contact;
use pocketshop_shared::order::Shipment;
use pocketshop_shared::pricing::{MarkupRule, ShopPricing};
use pocketshop_shared::quote::{Quote, QuoteLine, ShippingRule};
use pocketshop_shared::supply::AfterSalesCase;
use pocketshop_shared::{
    IdempotencyKey, Locale, Money, OrderId, OrderStatus, PaymentMethod, ProductId, ShopId,
};

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
pub trait Store: money::MoneyStore + campaigns::CampaignStore + community::CommunityStore {
    /// A shop by id.
    async fn shop(&self, id: &ShopId) -> Result<Option<ShopRecord>, StoreError>;

    /// Claims `key` for a request whose canonical body hashes to `request_hash`.
    async fn claim_idempotency_key(
        &self,
        shop: &ShopId,
        key: &IdempotencyKey,
        request_hash: &str,
        now: i64,
    ) -> Result<Claim, StoreError>;

    /// Gives a claimed key up after a definite failure, so a corrected retry may use it.
    async fn release_idempotency_key(
        &self,
        shop: &ShopId,
        key: &IdempotencyKey,
    ) -> Result<(), StoreError>;

    /// Stores a new order (status `pending_payment`) and ties it to its key, atomically.
    async fn insert_order(&self, order: &NewOrder, key: &IdempotencyKey) -> Result<(), StoreError>;

    /// An order with its shipments.
    async fn order(&self, id: &OrderId) -> Result<Option<OrderRecord>, StoreError>;

    /// Moves an order from `from` to `to` (setting the supplier's order id when given);
    /// `false` when the order was not in `from` any more.
    async fn transition_order(
        &self,
        id: &OrderId,
        from: OrderStatus,
        to: OrderStatus,
        supplier_order_id: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Records a parcel (again: no change).
    async fn add_shipment(&self, id: &OrderId, shipment: &Shipment) -> Result<(), StoreError>;

    /// Marks every parcel of an order delivered.
    async fn mark_delivered(&self, id: &OrderId, at: i64) -> Result<(), StoreError>;

    /// Remembers a signed request's nonce; `false` when it was seen before.
    async fn remember_nonce(&self, nonce: &str, until: i64, now: i64) -> Result<bool, StoreError>;

    /// Whether a supplier event was applied already.
    async fn event_applied(&self, event_id: &str) -> Result<bool, StoreError>;

    /// Records a supplier event as applied.
    async fn record_event(&self, event_id: &str, now: i64) -> Result<(), StoreError>;

    /// Stores an order's payment (replacing an earlier one of the same order that
    /// was never paid).
    async fn insert_payment(&self, payment: &PaymentRecord) -> Result<(), StoreError>;

    /// The payment of an order.
    async fn payment(&self, order: &OrderId) -> Result<Option<PaymentRecord>, StoreError>;

    /// The payment a provider knows by `reference`.
    async fn payment_by_reference(
        &self,
        method: PaymentMethod,
        reference: &str,
    ) -> Result<Option<PaymentRecord>, StoreError>;

    /// Moves a payment from `from` to `to`, recording the provider's payment or refund
    /// id when given; `false` when it was not in `from` any more.
    async fn transition_payment(
        &self,
        order: &OrderId,
        from: PaymentStatus,
        to: PaymentStatus,
        provider_id: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Whether a provider's notification was applied already.
    async fn payment_event_seen(
        &self,
        method: PaymentMethod,
        event_id: &str,
    ) -> Result<bool, StoreError>;

    /// Records a provider's notification as applied; `false` when it was before.
    async fn record_payment_event(
        &self,
        method: PaymentMethod,
        event_id: &str,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Sets how many times the order's pending work has failed.
    async fn set_attempts(&self, order: &OrderId, attempts: u32) -> Result<(), StoreError>;

    /// Adds an after-sales case to an order.
    async fn add_after_sales(
        &self,
        order: &OrderId,
        case: &AfterSalesCase,
    ) -> Result<(), StoreError>;

    /// Changes a case's status; `false` when the order has no such case.
    async fn update_after_sales(
        &self,
        order: &OrderId,
        case_id: &str,
        status: &str,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// An order's after-sales cases, oldest first.
    async fn after_sales(&self, order: &OrderId) -> Result<Vec<AfterSalesCase>, StoreError>;

    /// Stores a new owner; `false` when the e-mail already has an account.
    async fn insert_owner(&self, owner: &OwnerRecord) -> Result<bool, StoreError>;

    /// The owner with this (lowercased) e-mail.
    async fn owner_by_email(&self, email: &str) -> Result<Option<OwnerRecord>, StoreError>;

    /// The owner with this id.
    async fn owner(&self, id: &str) -> Result<Option<OwnerRecord>, StoreError>;

    /// Stores a session by the SHA-256 of its token.
    async fn insert_session(
        &self,
        token_hash: &str,
        owner: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<(), StoreError>;

    /// The owner of an unexpired session.
    async fn session_owner(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<OwnerRecord>, StoreError>;

    /// Revokes a session.
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// How many sign-in failures `subject` had since `since`, and the oldest of them.
    async fn sign_in_failures(
        &self,
        subject: &str,
        since: i64,
    ) -> Result<(u32, Option<i64>), StoreError>;

    /// Records one sign-in failure for each subject (`email:…`, `ip:…`).
    async fn record_sign_in_failure(&self, subjects: &[String], now: i64)
        -> Result<(), StoreError>;

    /// Forgets a subject's failures (after a successful sign-in).
    async fn clear_sign_in_failures(&self, subject: &str) -> Result<(), StoreError>;

    /// Stores a new shop owned by `shop.owner_id`; `false` when the slug is taken.
    async fn insert_shop(&self, shop: &ShopRecord, now: i64) -> Result<bool, StoreError>;

    /// The ids of an owner's shops, oldest first.
    async fn owner_shops(&self, owner: &str) -> Result<Vec<ShopId>, StoreError>;

    /// Saves a shop's name, locale, theme, allowed origins and payment methods.
    async fn update_shop(&self, shop: &ShopRecord) -> Result<(), StoreError>;

    /// Replaces a shop's markup rules.
    async fn set_markup(&self, shop: &ShopId, rules: &[MarkupRule]) -> Result<(), StoreError>;

    /// Picks (or unpicks) one product.
    async fn set_picked(
        &self,
        shop: &ShopId,
        product: &ProductId,
        picked: bool,
        now: i64,
    ) -> Result<(), StoreError>;

    /// Replaces the categories a shop follows.
    async fn set_followed(&self, shop: &ShopId, categories: &[Category]) -> Result<(), StoreError>;

    /// Replaces a shop's daily picks, in order.
    async fn set_daily_picks(
        &self,
        shop: &ShopId,
        products: &[ProductId],
    ) -> Result<(), StoreError>;

    /// Sets an owner's member-token secret.
    async fn set_member_secret(&self, owner: &str, secret: &str) -> Result<(), StoreError>;

    /// Every order of a shop, newest first.
    async fn shop_orders(&self, shop: &ShopId) -> Result<Vec<OrderSummary>, StoreError>;
}
