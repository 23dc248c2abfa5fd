//! The in-memory [`CampaignStore`] for native tests.

use super::MemStore;
use crate::ports::store::campaigns::{CampaignStore, GroupRecord, MAX_LISTED};
use crate::ports::store::StoreError;
use pocketshop_shared::campaign::{FlashSale, GroupDeal};
use pocketshop_shared::ShopId;

/// What [`MemStore`] keeps of flash sales and group deals.
#[derive(Default)]
pub struct MemCampaigns {
    /// Flash sales with their shop.
    pub flash_sales: Vec<(ShopId, FlashSale)>,
    /// Group deals with their shop.
    pub group_deals: Vec<(ShopId, GroupDeal)>,
    /// Groups opened.
    pub groups: Vec<GroupRecord>,
}

fn listed<T: Clone>(mut items: Vec<(i64, String, T)>) -> Vec<T> {
    items.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    items
        .into_iter()
        .take(MAX_LISTED)
        .map(|(_, _, t)| t)
        .collect()
}

impl CampaignStore for MemStore {
    async fn insert_flash_sale(
        &self,
        shop: &ShopId,
        sale: &FlashSale,
        _now: i64,
    ) -> Result<(), StoreError> {
        self.campaigns
            .borrow_mut()
            .flash_sales
            .push((shop.clone(), sale.clone()));
        Ok(())
    }

    async fn flash_sale(&self, shop: &ShopId, id: &str) -> Result<Option<FlashSale>, StoreError> {
        Ok(self
            .campaigns
            .borrow()
            .flash_sales
            .iter()
            .find(|(s, f)| s == shop && f.id == id)
            .map(|(_, f)| f.clone()))
    }

    async fn flash_sales(&self, shop: &ShopId, after: i64) -> Result<Vec<FlashSale>, StoreError> {
        Ok(listed(
            self.campaigns
                .borrow()
                .flash_sales
                .iter()
                .filter(|(s, f)| s == shop && f.window.ends_at > after)
                .map(|(_, f)| (f.window.ends_at, f.id.clone(), f.clone()))
                .collect(),
        ))
    }

    async fn end_flash_sale(&self, shop: &ShopId, id: &str, at: i64) -> Result<bool, StoreError> {
        let mut c = self.campaigns.borrow_mut();
        let found = c
            .flash_sales
            .iter_mut()
            .find(|(s, f)| s == shop && f.id == id);
        Ok(found.is_some_and(|(_, f)| {
            f.window.ended_at.get_or_insert(at);
            true
        }))
    }

    async fn insert_group_deal(
        &self,
        shop: &ShopId,
        deal: &GroupDeal,
        _now: i64,
    ) -> Result<(), StoreError> {
        self.campaigns
            .borrow_mut()
            .group_deals
            .push((shop.clone(), deal.clone()));
        Ok(())
    }

    async fn group_deal(&self, shop: &ShopId, id: &str) -> Result<Option<GroupDeal>, StoreError> {
        Ok(self
            .campaigns
            .borrow()
            .group_deals
            .iter()
            .find(|(s, d)| s == shop && d.id == id)
            .map(|(_, d)| d.clone()))
    }

    async fn group_deals(&self, shop: &ShopId, after: i64) -> Result<Vec<GroupDeal>, StoreError> {
        Ok(listed(
            self.campaigns
                .borrow()
                .group_deals
                .iter()
                .filter(|(s, d)| s == shop && d.window.ends_at > after)
                .map(|(_, d)| (d.window.ends_at, d.id.clone(), d.clone()))
                .collect(),
        ))
    }

    async fn end_group_deal(&self, shop: &ShopId, id: &str, at: i64) -> Result<bool, StoreError> {
        let mut c = self.campaigns.borrow_mut();
        let found = c
            .group_deals
            .iter_mut()
            .find(|(s, d)| s == shop && d.id == id);
        Ok(found.is_some_and(|(_, d)| {
            d.window.ended_at.get_or_insert(at);
            true
        }))
    }

    async fn insert_group(&self, group: &GroupRecord) -> Result<(), StoreError> {
        self.campaigns.borrow_mut().groups.push(group.clone());
        Ok(())
    }

    async fn group(&self, id: &str) -> Result<Option<GroupRecord>, StoreError> {
        Ok(self
            .campaigns
            .borrow()
            .groups
            .iter()
            .find(|g| g.id == id)
            .cloned())
    }

    async fn open_groups(
        &self,
        deal: &str,
        now: i64,
        limit: usize,
    ) -> Result<Vec<GroupRecord>, StoreError> {
        let mut groups: Vec<GroupRecord> = self
            .campaigns
            .borrow()
            .groups
            .iter()
            .filter(|g| g.deal == deal && g.closes_at > now)
            .cloned()
            .collect();
        groups.sort_by(|a, b| (b.opened_at, &a.id).cmp(&(a.opened_at, &b.id)));
        groups.truncate(limit);
        Ok(groups)
    }
}
