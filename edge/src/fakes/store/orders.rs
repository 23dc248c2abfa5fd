//! The in-memory [`OrderStore`]: the same rules as the D1 one.

use super::MemStore;
use crate::ports::store::orders::OrderStore;
use crate::ports::store::{
    Claim, NewOrder, OrderRecord, PaymentRecord, PaymentStatus, StoreError, CLAIM_TIMEOUT_SECS,
};
use pocketshop_shared::order::Shipment;
use pocketshop_shared::supply::AfterSalesCase;
use pocketshop_shared::{IdempotencyKey, OrderId, OrderStatus, PaymentMethod, ShopId};

impl OrderStore for MemStore {
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
}
