//! [`MemStore`]: the [`Store`] in memory, keeping the same invariants as D1
//! (compare-and-set transitions, one order per idempotency key, unique keys).

mod campaigns;
mod community;
mod money;
mod orders;
mod owners;

use crate::ports::store::{OrderRecord, OwnerRecord, PaymentRecord, ShopRecord, Store, StoreError};
use pocketshop_shared::supply::AfterSalesCase;
use pocketshop_shared::{IdempotencyKey, OrderId, PaymentMethod, ShopId};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// An idempotency key's request hash, order and claim time.
type KeyEntry = (String, Option<OrderId>, i64);

#[derive(Default)]
pub struct MemStore {
    pub shops: RefCell<HashMap<ShopId, ShopRecord>>,
    pub keys: RefCell<HashMap<(ShopId, IdempotencyKey), KeyEntry>>,
    pub orders: RefCell<HashMap<OrderId, OrderRecord>>,
    pub nonces: RefCell<HashSet<String>>,
    pub events: RefCell<HashSet<String>>,
    pub payments: RefCell<HashMap<OrderId, PaymentRecord>>,
    pub payment_events: RefCell<HashSet<(PaymentMethod, String)>>,
    pub after_sales: RefCell<Vec<(OrderId, AfterSalesCase)>>,
    pub member_ids: RefCell<HashMap<OrderId, String>>,
    pub owners: RefCell<Vec<OwnerRecord>>,
    /// Sessions by token hash: (owner id, expires at).
    pub sessions: RefCell<HashMap<String, (String, i64)>>,
    pub failures: RefCell<Vec<(String, i64)>>,
    /// Shop creation times, for the owner's list order.
    pub shop_created: RefCell<HashMap<ShopId, i64>>,
    /// Coupons, sharers and the ledger.
    pub money: RefCell<money::MemMoney>,
    /// Flash sales and group deals.
    pub campaigns: RefCell<campaigns::MemCampaigns>,
    /// Agents, bargains and pre-sale.
    pub community: RefCell<community::MemCommunity>,
}

impl Store for MemStore {
    async fn shop(&self, id: &ShopId) -> Result<Option<ShopRecord>, StoreError> {
        // A sub-shop inherits from its root, as in D1 (`mem_community.rs`).
        if let Some(sub) = self.sub_shop(id) {
            return Ok(sub);
        }
        Ok(self.shops.borrow().get(id).cloned())
    }
}
