//! The [`CampaignStore`] on D1: flash sales, group deals and groups.

use crate::adapters::d1::{corrupt, int, json_text, text, D1Store};
use crate::ports::store::campaigns::{CampaignStore, GroupRecord, MAX_LISTED};
use crate::ports::store::StoreError;
use pocketshop_shared::campaign::{FlashSale, GroupDeal, Window};
use pocketshop_shared::ShopId;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsValue;

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
