//! [`MemStore`]: the [`Store`] in memory, keeping the same invariants as D1
//! (compare-and-set transitions, one order per idempotency key, unique keys).

mod campaigns;
mod community;
mod money;

use crate::ports::store::{
    Claim, NewOrder, OrderRecord, OrderSummary, OwnerRecord, PaymentRecord, PaymentStatus,
    ShopRecord, Store, StoreError, CLAIM_TIMEOUT_SECS,
};
use pocketshop_shared::catalogue::Category;
use pocketshop_shared::order::Shipment;
use pocketshop_shared::pricing::MarkupRule;
use pocketshop_shared::supply::AfterSalesCase;
use pocketshop_shared::{
    IdempotencyKey, Money, OrderId, OrderStatus, PaymentMethod, ProductId, ShopId,
};
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

    async fn claim_idempotency_key(
        &self,
        shop: &ShopId,
        key: &IdempotencyKey,
        hash: &str,
        now: i64,
    ) -> Result<Claim, StoreError> {
        let mut keys = self.keys.borrow_mut();
        let k = (shop.clone(), key.clone());
        match keys.get(&k).cloned() {
            None => {
                keys.insert(k, (hash.to_owned(), None, now));
                Ok(Claim::Claimed)
            }
            Some((h, _, _)) if h != hash => Ok(Claim::Conflict),
            Some((_, Some(order), _)) => Ok(Claim::Existing(order)),
            Some((_, None, at)) if at < now - CLAIM_TIMEOUT_SECS => {
                keys.insert(k, (hash.to_owned(), None, now));
                Ok(Claim::Claimed)
            }
            Some(_) => Ok(Claim::InProgress),
        }
    }

    async fn release_idempotency_key(
        &self,
        shop: &ShopId,
        key: &IdempotencyKey,
    ) -> Result<(), StoreError> {
        self.keys.borrow_mut().remove(&(shop.clone(), key.clone()));
        Ok(())
    }

    async fn insert_order(&self, o: &NewOrder, key: &IdempotencyKey) -> Result<(), StoreError> {
        let record = OrderRecord {
            id: o.id.clone(),
            shop: o.shop.clone(),
            status: OrderStatus::PendingPayment,
            payment_method: o.payment_method,
            lines: o.quote.lines.clone(),
            subtotal: o.quote.subtotal,
            shipping: o.quote.shipping,
            total: o.quote.total,
            supply_cost: o.supply_cost,
            contact: o.contact.clone(),
            supplier_order_id: None,
            shipments: vec![],
            created_at: o.created_at,
            pay_before: o.pay_before,
            attempts: 0,
            terms: o.terms.clone(),
        };
        self.orders.borrow_mut().insert(o.id.clone(), record);
        if let Some(m) = &o.member_id {
            self.member_ids.borrow_mut().insert(o.id.clone(), m.clone());
        }
        if let Some(entry) = self
            .keys
            .borrow_mut()
            .get_mut(&(o.shop.clone(), key.clone()))
        {
            entry.1 = Some(o.id.clone());
        }
        Ok(())
    }

    async fn order(&self, id: &OrderId) -> Result<Option<OrderRecord>, StoreError> {
        Ok(self.orders.borrow().get(id).cloned())
    }

    async fn transition_order(
        &self,
        id: &OrderId,
        from: OrderStatus,
        to: OrderStatus,
        supplier: Option<&str>,
        _now: i64,
    ) -> Result<bool, StoreError> {
        let mut orders = self.orders.borrow_mut();
        match orders.get_mut(id) {
            Some(o) if o.status == from => {
                o.status = to;
                if let Some(s) = supplier {
                    o.supplier_order_id = Some(s.to_owned());
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn add_shipment(&self, id: &OrderId, shipment: &Shipment) -> Result<(), StoreError> {
        if let Some(o) = self.orders.borrow_mut().get_mut(id) {
            if !o
                .shipments
                .iter()
                .any(|s| s.tracking_number == shipment.tracking_number)
            {
                o.shipments.push(shipment.clone());
            }
        }
        Ok(())
    }

    async fn mark_delivered(&self, id: &OrderId, at: i64) -> Result<(), StoreError> {
        if let Some(o) = self.orders.borrow_mut().get_mut(id) {
            for s in &mut o.shipments {
                s.delivered_at.get_or_insert(at);
            }
        }
        Ok(())
    }

    async fn remember_nonce(
        &self,
        nonce: &str,
        _until: i64,
        _now: i64,
    ) -> Result<bool, StoreError> {
        Ok(self.nonces.borrow_mut().insert(nonce.to_owned()))
    }

    async fn event_applied(&self, event_id: &str) -> Result<bool, StoreError> {
        Ok(self.events.borrow().contains(event_id))
    }

    async fn record_event(&self, event_id: &str, _now: i64) -> Result<(), StoreError> {
        self.events.borrow_mut().insert(event_id.to_owned());
        Ok(())
    }

    async fn insert_payment(&self, payment: &PaymentRecord) -> Result<(), StoreError> {
        let mut payments = self.payments.borrow_mut();
        match payments.get(&payment.order_id) {
            Some(p) if p.status != PaymentStatus::Open && p.status != PaymentStatus::Closed => {
                Err(StoreError::Database {
                    detail: "a paid payment cannot be replaced".into(),
                })
            }
            _ => {
                payments.insert(payment.order_id.clone(), payment.clone());
                Ok(())
            }
        }
    }

    async fn payment(&self, order: &OrderId) -> Result<Option<PaymentRecord>, StoreError> {
        Ok(self.payments.borrow().get(order).cloned())
    }

    async fn payment_by_reference(
        &self,
        method: PaymentMethod,
        reference: &str,
    ) -> Result<Option<PaymentRecord>, StoreError> {
        Ok(self
            .payments
            .borrow()
            .values()
            .find(|p| p.method == method && p.reference == reference)
            .cloned())
    }

    async fn transition_payment(
        &self,
        order: &OrderId,
        from: PaymentStatus,
        to: PaymentStatus,
        provider_id: Option<&str>,
        _now: i64,
    ) -> Result<bool, StoreError> {
        let mut payments = self.payments.borrow_mut();
        match payments.get_mut(order) {
            Some(p) if p.status == from => {
                p.status = to;
                match (to, provider_id) {
                    (PaymentStatus::Paid, Some(id)) => p.provider_payment_id = Some(id.to_owned()),
                    (PaymentStatus::Refunded, Some(id)) => p.refund_id = Some(id.to_owned()),
                    _ => {}
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn payment_event_seen(
        &self,
        method: PaymentMethod,
        event_id: &str,
    ) -> Result<bool, StoreError> {
        Ok(self
            .payment_events
            .borrow()
            .contains(&(method, event_id.to_owned())))
    }

    async fn record_payment_event(
        &self,
        method: PaymentMethod,
        event_id: &str,
        _now: i64,
    ) -> Result<bool, StoreError> {
        Ok(self
            .payment_events
            .borrow_mut()
            .insert((method, event_id.to_owned())))
    }

    async fn set_attempts(&self, order: &OrderId, attempts: u32) -> Result<(), StoreError> {
        if let Some(o) = self.orders.borrow_mut().get_mut(order) {
            o.attempts = attempts;
        }
        Ok(())
    }

    async fn add_after_sales(
        &self,
        order: &OrderId,
        case: &AfterSalesCase,
    ) -> Result<(), StoreError> {
        let mut cases = self.after_sales.borrow_mut();
        if !cases.iter().any(|(_, c)| c.id == case.id) {
            cases.push((order.clone(), case.clone()));
        }
        Ok(())
    }

    async fn update_after_sales(
        &self,
        order: &OrderId,
        case_id: &str,
        status: &str,
        _now: i64,
    ) -> Result<bool, StoreError> {
        let mut cases = self.after_sales.borrow_mut();
        match cases
            .iter_mut()
            .find(|(o, c)| o == order && c.id == case_id)
        {
            Some((_, c)) => {
                c.status = status.to_owned();
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn after_sales(&self, order: &OrderId) -> Result<Vec<AfterSalesCase>, StoreError> {
        Ok(self
            .after_sales
            .borrow()
            .iter()
            .filter(|(o, _)| o == order)
            .map(|(_, c)| c.clone())
            .collect())
    }

    async fn insert_owner(&self, owner: &OwnerRecord) -> Result<bool, StoreError> {
        let mut owners = self.owners.borrow_mut();
        if owners.iter().any(|o| o.email == owner.email) {
            return Ok(false);
        }
        owners.push(owner.clone());
        Ok(true)
    }

    async fn owner_by_email(&self, email: &str) -> Result<Option<OwnerRecord>, StoreError> {
        Ok(self
            .owners
            .borrow()
            .iter()
            .find(|o| o.email == email)
            .cloned())
    }

    async fn owner(&self, id: &str) -> Result<Option<OwnerRecord>, StoreError> {
        Ok(self.owners.borrow().iter().find(|o| o.id == id).cloned())
    }

    async fn insert_session(
        &self,
        token_hash: &str,
        owner: &str,
        expires_at: i64,
        _now: i64,
    ) -> Result<(), StoreError> {
        self.sessions
            .borrow_mut()
            .insert(token_hash.to_owned(), (owner.to_owned(), expires_at));
        Ok(())
    }

    async fn session_owner(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<OwnerRecord>, StoreError> {
        let owner = match self.sessions.borrow().get(token_hash) {
            Some((owner, expires_at)) if *expires_at > now => owner.clone(),
            _ => return Ok(None),
        };
        self.owner(&owner).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.sessions.borrow_mut().remove(token_hash);
        Ok(())
    }

    async fn sign_in_failures(
        &self,
        subject: &str,
        since: i64,
    ) -> Result<(u32, Option<i64>), StoreError> {
        let failures = self.failures.borrow();
        let times: Vec<i64> = failures
            .iter()
            .filter(|(s, at)| s == subject && *at > since)
            .map(|(_, at)| *at)
            .collect();
        Ok((times.len() as u32, times.iter().copied().min()))
    }

    async fn record_sign_in_failure(
        &self,
        subjects: &[String],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut failures = self.failures.borrow_mut();
        failures.extend(subjects.iter().map(|s| (s.clone(), now)));
        Ok(())
    }

    async fn clear_sign_in_failures(&self, subject: &str) -> Result<(), StoreError> {
        self.failures.borrow_mut().retain(|(s, _)| s != subject);
        Ok(())
    }

    async fn insert_shop(&self, shop: &ShopRecord, now: i64) -> Result<bool, StoreError> {
        let mut shops = self.shops.borrow_mut();
        if shops.contains_key(&shop.id) {
            return Ok(false);
        }
        shops.insert(shop.id.clone(), shop.clone());
        self.shop_created.borrow_mut().insert(shop.id.clone(), now);
        Ok(true)
    }

    async fn owner_shops(&self, owner: &str) -> Result<Vec<ShopId>, StoreError> {
        let created = self.shop_created.borrow();
        let mut ids: Vec<(i64, ShopId)> = self
            .shops
            .borrow()
            .values()
            .filter(|s| s.owner_id.as_deref() == Some(owner))
            .map(|s| (created.get(&s.id).copied().unwrap_or(0), s.id.clone()))
            .collect();
        ids.sort();
        Ok(ids.into_iter().map(|(_, id)| id).collect())
    }

    async fn update_shop(&self, shop: &ShopRecord) -> Result<(), StoreError> {
        if let Some(s) = self.shops.borrow_mut().get_mut(&shop.id) {
            s.name = shop.name.clone();
            s.locale = shop.locale;
            s.theme = shop.theme.clone();
            s.allowed_origins = shop.allowed_origins.clone();
            s.payment_methods = shop.payment_methods.clone();
        }
        Ok(())
    }

    async fn set_markup(&self, shop: &ShopId, rules: &[MarkupRule]) -> Result<(), StoreError> {
        if let Some(s) = self.shops.borrow_mut().get_mut(shop) {
            s.pricing.rules = rules.to_vec();
        }
        Ok(())
    }

    async fn set_picked(
        &self,
        shop: &ShopId,
        product: &ProductId,
        picked: bool,
        _now: i64,
    ) -> Result<(), StoreError> {
        if let Some(s) = self.shops.borrow_mut().get_mut(shop) {
            let list = &mut s.selection.picked;
            if picked && !list.contains(product) {
                list.push(product.clone());
            } else if !picked {
                list.retain(|p| p != product);
            }
        }
        Ok(())
    }

    async fn set_followed(&self, shop: &ShopId, categories: &[Category]) -> Result<(), StoreError> {
        if let Some(s) = self.shops.borrow_mut().get_mut(shop) {
            s.selection.categories = Category::ALL
                .into_iter()
                .filter(|c| categories.contains(c))
                .collect();
        }
        Ok(())
    }

    async fn set_daily_picks(
        &self,
        shop: &ShopId,
        products: &[ProductId],
    ) -> Result<(), StoreError> {
        if let Some(s) = self.shops.borrow_mut().get_mut(shop) {
            s.selection.daily_picks = products.to_vec();
        }
        Ok(())
    }

    async fn set_member_secret(&self, owner: &str, secret: &str) -> Result<(), StoreError> {
        if let Some(o) = self.owners.borrow_mut().iter_mut().find(|o| o.id == owner) {
            o.member_secret = Some(secret.to_owned());
        }
        Ok(())
    }

    async fn shop_orders(&self, shop: &ShopId) -> Result<Vec<OrderSummary>, StoreError> {
        let members = self.member_ids.borrow();
        let mut orders: Vec<OrderSummary> = self
            .orders
            .borrow()
            .values()
            .filter(|o| &o.shop == shop)
            .map(|o| OrderSummary {
                id: o.id.clone(),
                status: o.status,
                payment_method: o.payment_method,
                subtotal: o.terms.discount.map_or(o.subtotal, |d| {
                    Money::new(o.subtotal.amount - d.amount, d.currency)
                }),
                total: o.total,
                supply_cost: o.supply_cost,
                member_id: members.get(&o.id).cloned(),
                created_at: o.created_at,
            })
            .collect();
        orders.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(orders)
    }
}
