//! Storage of flash sales and group deals, and of the groups opened from deals: the
//! [`CampaignStore`] part of [`super::Store`], and its D1 implementation.
//!
//! Invariants: a campaign is stored whole as JSON next to the columns it is looked
//! up by; only its early end (`ended_at`) changes after creation, and that column
//! is what a read trusts; counts are never stored here (they live in the campaign's
//! counter object, see [`crate::campaigns`]).

use super::d1::{corrupt, int, json_text, text, D1Store};
use super::StoreError;
use pocketshop_shared::campaign::{FlashSale, GroupDeal, Window};
use pocketshop_shared::ShopId;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsValue;

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

#[derive(Deserialize)]
struct CampaignRow {
    body: String,
    ended_at: Option<i64>,
}

/// A campaign read back from its row: its body, with the `ended_at` column trusted
/// over the body's.
fn campaign<T: DeserializeOwned>(
    what: &'static str,
    row: CampaignRow,
    window: fn(&mut T) -> &mut Window,
) -> Result<T, StoreError> {
    let mut campaign: T =
        serde_json::from_str(&row.body).map_err(|e| corrupt(what)(e.to_string()))?;
    window(&mut campaign).ended_at = row.ended_at;
    Ok(campaign)
}

fn flash_sale(row: CampaignRow) -> Result<FlashSale, StoreError> {
    campaign("flash sale", row, |s: &mut FlashSale| &mut s.window)
}

fn group_deal(row: CampaignRow) -> Result<GroupDeal, StoreError> {
    campaign("group deal", row, |d: &mut GroupDeal| &mut d.window)
}

#[derive(Deserialize)]
struct GroupRow {
    id: String,
    shop_id: String,
    deal_id: String,
    opened_at: i64,
    closes_at: i64,
}

impl GroupRow {
    fn record(self) -> Result<GroupRecord, StoreError> {
        Ok(GroupRecord {
            shop: ShopId::parse(&self.shop_id).map_err(|e| corrupt("group")(e.to_string()))?,
            id: self.id,
            deal: self.deal_id,
            opened_at: self.opened_at,
            closes_at: self.closes_at,
        })
    }
}

fn limit(n: usize) -> JsValue {
    int(i64::try_from(n).unwrap_or(i64::MAX))
}

impl CampaignStore for D1Store {
    async fn insert_flash_sale(
        &self,
        shop: &ShopId,
        sale: &FlashSale,
        now: i64,
    ) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO flash_sales (id, shop_id, body, ends_at, ended_at, created_at) \
             VALUES (?1, ?2, ?3, ?4, NULL, ?5)",
            &[
                text(&sale.id),
                text(shop.as_str()),
                json_text("flash sale", sale)?,
                int(sale.window.ends_at),
                int(now),
            ],
        )
        .await?;
        Ok(())
    }

    async fn flash_sale(&self, shop: &ShopId, id: &str) -> Result<Option<FlashSale>, StoreError> {
        self.first::<CampaignRow>(
            "SELECT body, ended_at FROM flash_sales WHERE id = ?1 AND shop_id = ?2",
            &[text(id), text(shop.as_str())],
        )
        .await?
        .map(flash_sale)
        .transpose()
    }

    async fn flash_sales(&self, shop: &ShopId, after: i64) -> Result<Vec<FlashSale>, StoreError> {
        self.all::<CampaignRow>(
            "SELECT body, ended_at FROM flash_sales WHERE shop_id = ?1 AND ends_at > ?2 \
             ORDER BY ends_at, id LIMIT ?3",
            &[text(shop.as_str()), int(after), limit(MAX_LISTED)],
        )
        .await?
        .into_iter()
        .map(flash_sale)
        .collect()
    }

    async fn end_flash_sale(&self, shop: &ShopId, id: &str, at: i64) -> Result<bool, StoreError> {
        self.run(
            "UPDATE flash_sales SET ended_at = COALESCE(ended_at, ?3) WHERE id = ?1 AND shop_id = ?2",
            &[text(id), text(shop.as_str()), int(at)],
        )
        .await
        .map(|n| n > 0)
    }

    async fn insert_group_deal(
        &self,
        shop: &ShopId,
        deal: &GroupDeal,
        now: i64,
    ) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO group_deals (id, shop_id, body, ends_at, ended_at, created_at) \
             VALUES (?1, ?2, ?3, ?4, NULL, ?5)",
            &[
                text(&deal.id),
                text(shop.as_str()),
                json_text("group deal", deal)?,
                int(deal.window.ends_at),
                int(now),
            ],
        )
        .await?;
        Ok(())
    }

    async fn group_deal(&self, shop: &ShopId, id: &str) -> Result<Option<GroupDeal>, StoreError> {
        self.first::<CampaignRow>(
            "SELECT body, ended_at FROM group_deals WHERE id = ?1 AND shop_id = ?2",
            &[text(id), text(shop.as_str())],
        )
        .await?
        .map(group_deal)
        .transpose()
    }

    async fn group_deals(&self, shop: &ShopId, after: i64) -> Result<Vec<GroupDeal>, StoreError> {
        self.all::<CampaignRow>(
            "SELECT body, ended_at FROM group_deals WHERE shop_id = ?1 AND ends_at > ?2 \
             ORDER BY ends_at, id LIMIT ?3",
            &[text(shop.as_str()), int(after), limit(MAX_LISTED)],
        )
        .await?
        .into_iter()
        .map(group_deal)
        .collect()
    }

    async fn end_group_deal(&self, shop: &ShopId, id: &str, at: i64) -> Result<bool, StoreError> {
        self.run(
            "UPDATE group_deals SET ended_at = COALESCE(ended_at, ?3) WHERE id = ?1 AND shop_id = ?2",
            &[text(id), text(shop.as_str()), int(at)],
        )
        .await
        .map(|n| n > 0)
    }

    async fn insert_group(&self, group: &GroupRecord) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO campaign_groups (id, shop_id, deal_id, opened_at, closes_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            &[
                text(&group.id),
                text(group.shop.as_str()),
                text(&group.deal),
                int(group.opened_at),
                int(group.closes_at),
            ],
        )
        .await?;
        Ok(())
    }

    async fn group(&self, id: &str) -> Result<Option<GroupRecord>, StoreError> {
        self.first::<GroupRow>(
            "SELECT id, shop_id, deal_id, opened_at, closes_at FROM campaign_groups WHERE id = ?1",
            &[text(id)],
        )
        .await?
        .map(GroupRow::record)
        .transpose()
    }

    async fn open_groups(
        &self,
        deal: &str,
        now: i64,
        limit_to: usize,
    ) -> Result<Vec<GroupRecord>, StoreError> {
        self.all::<GroupRow>(
            "SELECT id, shop_id, deal_id, opened_at, closes_at FROM campaign_groups \
             WHERE deal_id = ?1 AND closes_at > ?2 ORDER BY opened_at DESC, id LIMIT ?3",
            &[text(deal), int(now), limit(limit_to)],
        )
        .await?
        .into_iter()
        .map(GroupRow::record)
        .collect()
    }
}
