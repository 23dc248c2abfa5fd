//! Storage of coupons, issue rules, sharers and the commission ledger: the
//! [`MoneyStore`] part of [`crate::ports::store::Store`], and its D1 implementation.
//!
//! Invariants:
//! - a coupon's total and per-shopper limits hold exactly under concurrency: a
//!   redemption is one conditional `INSERT … SELECT … WHERE count < limit`, which
//!   SQLite runs atomically, and a voided redemption frees its use;
//! - a shopper's history changes compare-and-set, so two wallet requests at once
//!   issue a due coupon once;
//! - ledger rows are written once per (order, party) and only ever voided, never
//!   changed; whether a row is pending, earned or voided also follows its order's
//!   status (delivered → earned; cancelled, refunded, expired → voided).

use crate::ports::store::StoreError;
use pocketshop_shared::commission::{CommissionPolicy, CommissionShares};
use pocketshop_shared::coupon::{Coupon, CouponCode, IssueRules, ShopperHistory, Uses};
use pocketshop_shared::referral::{AgentSales, Party, SharerCode};
use pocketshop_shared::{Currency, Money, OrderId, ShopId, ShopperId};

/// What came of redeeming a coupon for an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redeemed {
    /// The order holds one use of it.
    Yes,
    /// Every use is taken.
    UsedUp,
    /// The shopper has used it as often as one shopper may.
    LimitReached,
    /// No such coupon.
    Unknown,
}

/// Why a coupon with `uses` takes no further use, if it does not: every use taken
/// first, then the shopper's own. The one rule of both the D1 and the in-memory store.
pub(crate) fn limit_refusal(coupon: &Coupon, uses: Uses) -> Option<Redeemed> {
    if used_up(coupon, uses.total) {
        Some(Redeemed::UsedUp)
    } else if coupon
        .per_shopper_limit
        .is_some_and(|max| uses.by_shopper >= max)
    {
        Some(Redeemed::LimitReached)
    } else {
        None
    }
}

/// Whether `total` uses take every use of a coupon.
pub(crate) fn used_up(coupon: &Coupon, total: u32) -> bool {
    coupon.total_limit.is_some_and(|max| total >= max)
}

/// A shop's money settings: its issue rules and its commission shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneySettings {
    /// Welcome coupon and win-back ladder.
    pub rules: IssueRules,
    /// Agent, upstream agent and sharer shares (the platform fee is the deployment's).
    pub shares: CommissionPolicy,
}

impl Default for MoneySettings {
    fn default() -> MoneySettings {
        MoneySettings {
            rules: IssueRules::default(),
            shares: CommissionPolicy {
                platform_fee_bp: 0,
                agent_bp: 2_000,
                upstream_agent_bp: 500,
                sharer_bp: 1_000,
            },
        }
    }
}

/// One ledger row: a party's part of an order's margin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// The order.
    pub order: OrderId,
    /// Who.
    pub party: Party,
    /// The agent's id or the sharer's code; `None` for the owner and the platform.
    pub party_id: Option<String>,
    /// The shop that sold it.
    pub shop: ShopId,
    /// The owner's shop at the top of its chain.
    pub root_shop: ShopId,
    /// The part.
    pub amount: Money,
    /// The order's goods value as charged.
    pub sales: Money,
}

/// A sharer's ledger totals, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EarningTotals {
    /// Orders attributed.
    pub orders: u32,
    /// Under way.
    pub pending: i64,
    /// Delivered.
    pub earned: i64,
    /// Given up.
    pub voided: i64,
}

/// Storage of coupons, sharers, the commission ledger and what orders carry of them.
#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait MoneyStore {
    /// Stores a new coupon; `false` when the shop has one with that code.
    async fn insert_coupon(
        &self,
        shop: &ShopId,
        coupon: &Coupon,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// A coupon of a shop.
    async fn coupon(&self, shop: &ShopId, code: &CouponCode) -> Result<Option<Coupon>, StoreError>;

    /// A coupon's uses not given up, in all and by `shopper`.
    async fn coupon_uses(
        &self,
        shop: &ShopId,
        code: &CouponCode,
        shopper: Option<&ShopperId>,
    ) -> Result<Uses, StoreError>;

    /// Every coupon of a shop that is not issued to one shopper, with its uses, newest
    /// first.
    async fn shop_coupons(&self, shop: &ShopId) -> Result<Vec<(Coupon, u32)>, StoreError>;

    /// The coupons issued to `shopper` that are unexpired at `now` and unused.
    async fn shopper_coupons(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        now: i64,
    ) -> Result<Vec<Coupon>, StoreError>;

    /// Takes one use of a coupon for `order`, within its limits, atomically.
    async fn redeem_coupon(
        &self,
        shop: &ShopId,
        code: &CouponCode,
        order: &OrderId,
        shopper: Option<&ShopperId>,
        now: i64,
    ) -> Result<Redeemed, StoreError>;

    /// Gives an order's coupon use back (again: no change).
    async fn void_redemption(&self, order: &OrderId) -> Result<(), StoreError>;

    /// A shop's money settings (the defaults when it never set them).
    async fn money_settings(&self, shop: &ShopId) -> Result<MoneySettings, StoreError>;

    /// Replaces a shop's issue rules.
    async fn set_issue_rules(&self, shop: &ShopId, rules: &IssueRules) -> Result<(), StoreError>;

    /// Replaces a shop's commission shares.
    async fn set_commission_shares(
        &self,
        shop: &ShopId,
        shares: &CommissionShares,
    ) -> Result<(), StoreError>;

    /// What a shop remembers of a shopper.
    async fn shopper_history(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
    ) -> Result<Option<ShopperHistory>, StoreError>;

    /// Replaces a shopper's history if it is still `expected`; `false` when another
    /// request changed it first.
    async fn swap_shopper_history(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        expected: Option<&ShopperHistory>,
        next: &ShopperHistory,
    ) -> Result<bool, StoreError>;

    /// The sharer code of `shopper` in a shop, made with `new_code` if they have none.
    async fn sharer_code(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        new_code: &SharerCode,
        now: i64,
    ) -> Result<SharerCode, StoreError>;

    /// The shopper behind a sharer code of a shop.
    async fn sharer(
        &self,
        shop: &ShopId,
        code: &SharerCode,
    ) -> Result<Option<ShopperId>, StoreError>;

    /// Writes an order's ledger rows (again: no change).
    async fn write_ledger(&self, entries: &[LedgerEntry], now: i64) -> Result<(), StoreError>;

    /// Voids an order's ledger rows.
    async fn void_ledger(&self, order: &OrderId) -> Result<(), StoreError>;

    /// A sharer's totals from the ledger.
    async fn sharer_totals(&self, code: &SharerCode) -> Result<EarningTotals, StoreError>;

    /// Every agent sub-shop's sales under `root_shop`, in `currency`.
    async fn agent_sales(
        &self,
        root_shop: &ShopId,
        currency: Currency,
    ) -> Result<Vec<AgentSales>, StoreError>;
}
