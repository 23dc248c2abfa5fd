//! Storage of flash sales and group deals, and of the groups opened from deals: the
//! [`CampaignStore`] part of [`crate::ports::store::Store`], and its D1 implementation.
//!
//! Invariants: a campaign is stored whole as JSON next to the columns it is looked
//! up by; only its early end (`ended_at`) changes after creation, and that column
//! is what a read trusts; counts are never stored here (they live in the campaign's
//! counter object, see [`crate::domain::community::campaigns`]).

use crate::ports::store::StoreError;
use pocketshop_shared::campaign::{FlashSale, GroupDeal};
use pocketshop_shared::ShopId;

/// The most campaigns of one kind a shop's list returns.
pub const MAX_LISTED: usize = 100;

/// A group opened from a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRecord {
    /// The group's id.
    pub id: String,
    /// Its shop.
    pub shop: ShopId,
    /// Its deal.
    pub deal: String,
    /// When it was opened (unix seconds).
    pub opened_at: i64,
    /// When it closes (unix seconds).
    pub closes_at: i64,
}

/// Storage of flash sales and group deals.
#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait CampaignStore {
    /// Stores a new flash sale of `shop`.
    async fn insert_flash_sale(
        &self,
        shop: &ShopId,
        sale: &FlashSale,
        now: i64,
    ) -> Result<(), StoreError>;

    /// Flash sale `id` of `shop`.
    async fn flash_sale(&self, shop: &ShopId, id: &str) -> Result<Option<FlashSale>, StoreError>;

    /// The shop's flash sales ending after `after`, soonest ending first (at most
    /// [`MAX_LISTED`]).
    async fn flash_sales(&self, shop: &ShopId, after: i64) -> Result<Vec<FlashSale>, StoreError>;

    /// Ends flash sale `id` at `at` (if not ended already); whether it exists.
    async fn end_flash_sale(&self, shop: &ShopId, id: &str, at: i64) -> Result<bool, StoreError>;

    /// Stores a new group deal of `shop`.
    async fn insert_group_deal(
        &self,
        shop: &ShopId,
        deal: &GroupDeal,
        now: i64,
    ) -> Result<(), StoreError>;

    /// Group deal `id` of `shop`.
    async fn group_deal(&self, shop: &ShopId, id: &str) -> Result<Option<GroupDeal>, StoreError>;

    /// The shop's group deals ending after `after`, soonest ending first (at most
    /// [`MAX_LISTED`]).
    async fn group_deals(&self, shop: &ShopId, after: i64) -> Result<Vec<GroupDeal>, StoreError>;

    /// Ends group deal `id` at `at` (if not ended already); whether it exists.
    async fn end_group_deal(&self, shop: &ShopId, id: &str, at: i64) -> Result<bool, StoreError>;

    /// Records a group opened from a deal.
    async fn insert_group(&self, group: &GroupRecord) -> Result<(), StoreError>;

    /// Group `id`, of any shop.
    async fn group(&self, id: &str) -> Result<Option<GroupRecord>, StoreError>;

    /// The groups of `deal` closing after `now`, newest first, at most `limit`.
    async fn open_groups(
        &self,
        deal: &str,
        now: i64,
        limit: usize,
    ) -> Result<Vec<GroupRecord>, StoreError>;
}
