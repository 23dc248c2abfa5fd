//! The [`OrderStore`] on D1: idempotency keys, orders, shipments, events,
//! payments and after-sales cases.

use super::{
    changes, corrupt, db, int, json_text, kind_name, text, D1Store, IdemRow, LineRow, OrderRow,
    PaymentRow, PAYMENT_COLUMNS,
};
use crate::ports::store::orders::OrderStore;
use crate::ports::store::{
    Claim, NewOrder, OrderRecord, OrderTerms, PaymentRecord, PaymentStatus, StoreError,
    CLAIM_TIMEOUT_SECS,
};
use pocketshop_shared::coupon::CouponCode;
use pocketshop_shared::order::Shipment;
use pocketshop_shared::quote::QuoteLine;
use pocketshop_shared::referral::SharerCode;
use pocketshop_shared::supply::{AfterSalesCase, AfterSalesKind};
use pocketshop_shared::{
    Currency, IdempotencyKey, Money, OrderId, OrderStatus, PaymentMethod, ShopId, ShopperId,
};
use serde::Deserialize;
use wasm_bindgen::JsValue;

impl OrderStore for D1Store {
    async fn claim_idempotency_key(
        &self,
        shop: &ShopId,
        key: &IdempotencyKey,
        request_hash: &str,
        now: i64,
    ) -> Result<Claim, StoreError> {
        let inserted = self
            .run(
                "INSERT INTO idempotency_keys (shop_id, key, request_hash, order_id, created_at) \
                 VALUES (?1, ?2, ?3, NULL, ?4) ON CONFLICT (shop_id, key) DO NOTHING",
                &[
                    text(shop.as_str()),
                    text(key.as_str()),
                    text(request_hash),
                    int(now),
                ],
            )
            .await?;
        if inserted == 1 {
            return Ok(Claim::Claimed);
        }
        let Some(row) = self
            .first::<IdemRow>(
                "SELECT request_hash, order_id, created_at FROM idempotency_keys WHERE shop_id = ?1 AND key = ?2",
                &[text(shop.as_str()), text(key.as_str())],
            )
            .await?
        else {
            // Released between our insert and select: the caller may simply retry.
            return Ok(Claim::InProgress);
        };
        if row.request_hash != request_hash {
            return Ok(Claim::Conflict);
        }
        match row.order_id {
            Some(id) => Ok(Claim::Existing(
                OrderId::parse(&id).map_err(|e| corrupt("idempotency key")(e.to_string()))?,
            )),
            None if row.created_at < now - CLAIM_TIMEOUT_SECS => {
                // The first request died before storing an order: take the key over,
                // compare-and-set on its old timestamp so only one taker wins.
                let taken = self
                    .run(
                        "UPDATE idempotency_keys SET created_at = ?3 \
                         WHERE shop_id = ?1 AND key = ?2 AND order_id IS NULL AND created_at = ?4",
                        &[
                            text(shop.as_str()),
                            text(key.as_str()),
                            int(now),
                            int(row.created_at),
                        ],
                    )
                    .await?;
                Ok(if taken == 1 {
                    Claim::Claimed
                } else {
                    Claim::InProgress
                })
            }
            None => Ok(Claim::InProgress),
        }
    }

    async fn release_idempotency_key(
        &self,
        shop: &ShopId,
        key: &IdempotencyKey,
    ) -> Result<(), StoreError> {
        self.run(
            "DELETE FROM idempotency_keys WHERE shop_id = ?1 AND key = ?2",
            &[text(shop.as_str()), text(key.as_str())],
        )
        .await?;
        Ok(())
    }

    async fn insert_order(&self, order: &NewOrder, key: &IdempotencyKey) -> Result<(), StoreError> {
        let q = &order.quote;
        let contact =
            serde_json::to_string(&order.contact).map_err(|e| corrupt("contact")(e.to_string()))?;
        let mut batch = vec![self.stmt(
            "INSERT INTO orders (id, shop_id, status, payment_method, currency, subtotal, shipping, total, \
             supply_cost, contact, supplier_order_id, created_at, updated_at, pay_before, member_id, \
             offer, group_id, coupon, referral, shopper, discount) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, ?11, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            &[
                text(order.id.as_str()),
                text(order.shop.as_str()),
                text(OrderStatus::PendingPayment.as_str()),
                text(order.payment_method.as_str()),
                text(q.currency.code()),
                int(q.subtotal.amount),
                int(q.shipping.amount),
                int(q.total.amount),
                int(order.supply_cost.amount),
                text(&contact),
                int(order.created_at),
                order.pay_before.map_or(JsValue::NULL, int),
                order.member_id.as_deref().map_or(JsValue::NULL, text),
                match &order.terms.offer {
                    Some(offer) => json_text("offer", offer)?,
                    None => JsValue::NULL,
                },
                order.terms.group.as_deref().map_or(JsValue::NULL, text),
                order.terms.coupon.as_ref().map_or(JsValue::NULL, |c| text(c.as_str())),
                order.terms.referral.as_ref().map_or(JsValue::NULL, |c| text(c.as_str())),
                order.terms.shopper.as_ref().map_or(JsValue::NULL, |c| text(c.as_str())),
                int(order.terms.discount.map_or(0, |d| d.amount)),
            ],
        )?];
        for (position, (line, supply)) in q.lines.iter().zip(&order.supply_prices).enumerate() {
            let snapshot =
                serde_json::to_string(line).map_err(|e| corrupt("order line")(e.to_string()))?;
            batch.push(self.stmt(
                "INSERT INTO order_lines (order_id, position, product_id, sku, quantity, unit_price, line_total, \
                 supply_price, snapshot) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                &[
                    text(order.id.as_str()),
                    int(position as i64),
                    text(line.product_id.as_str()),
                    text(line.sku.as_str()),
                    int(i64::from(line.quantity.get())),
                    int(line.unit_price.amount),
                    int(line.line_total.amount),
                    int(supply.amount),
                    text(&snapshot),
                ],
            )?);
        }
        batch.push(self.stmt(
            "UPDATE idempotency_keys SET order_id = ?3 WHERE shop_id = ?1 AND key = ?2",
            &[
                text(order.shop.as_str()),
                text(key.as_str()),
                text(order.id.as_str()),
            ],
        )?);
        self.db()?.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn order(&self, id: &OrderId) -> Result<Option<OrderRecord>, StoreError> {
        let Some(row) = self
            .first::<OrderRow>(
                "SELECT id, shop_id, status, payment_method, currency, subtotal, shipping, total, supply_cost, \
                 contact, supplier_order_id, created_at, pay_before, attempts, offer, group_id, coupon, \
                 referral, shopper, discount FROM orders WHERE id = ?1",
                &[text(id.as_str())],
            )
            .await?
        else {
            return Ok(None);
        };
        let c = corrupt("order");
        let currency = Currency::parse(&row.currency).map_err(|e| c(e.to_string()))?;
        let lines = self
            .all::<LineRow>(
                "SELECT snapshot FROM order_lines WHERE order_id = ?1 ORDER BY position",
                &[text(id.as_str())],
            )
            .await?
            .into_iter()
            .map(|l| serde_json::from_str::<QuoteLine>(&l.snapshot))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| c(e.to_string()))?;
        let shipments = self
            .all::<Shipment>(
                "SELECT carrier, tracking_number, shipped_at, delivered_at FROM shipments \
                 WHERE order_id = ?1 ORDER BY shipped_at, tracking_number",
                &[text(id.as_str())],
            )
            .await?;
        Ok(Some(OrderRecord {
            id: OrderId::parse(&row.id).map_err(|e| c(e.to_string()))?,
            shop: ShopId::parse(&row.shop_id).map_err(|e| c(e.to_string()))?,
            status: OrderStatus::parse(&row.status).map_err(|e| c(e.to_string()))?,
            payment_method: PaymentMethod::parse(&row.payment_method)
                .ok_or_else(|| c(row.payment_method.clone()))?,
            lines,
            subtotal: Money::new(row.subtotal, currency),
            shipping: Money::new(row.shipping, currency),
            total: Money::new(row.total, currency),
            supply_cost: Money::new(row.supply_cost, currency),
            contact: serde_json::from_str(&row.contact).map_err(|e| c(e.to_string()))?,
            supplier_order_id: row.supplier_order_id,
            shipments,
            created_at: row.created_at,
            pay_before: row.pay_before,
            attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
            terms: OrderTerms {
                offer: row
                    .offer
                    .map(|o| serde_json::from_str(&o))
                    .transpose()
                    .map_err(|e| c(e.to_string()))?,
                group: row.group_id,
                coupon: row
                    .coupon
                    .map(|v| CouponCode::parse(&v))
                    .transpose()
                    .map_err(|e| c(e.to_string()))?,
                referral: row
                    .referral
                    .map(|v| SharerCode::parse(&v))
                    .transpose()
                    .map_err(|e| c(e.to_string()))?,
                shopper: row
                    .shopper
                    .map(|v| ShopperId::parse(&v))
                    .transpose()
                    .map_err(|e| c(e.to_string()))?,
                discount: (row.discount != 0).then(|| Money::new(row.discount, currency)),
            },
        }))
    }

    async fn transition_order(
        &self,
        id: &OrderId,
        from: OrderStatus,
        to: OrderStatus,
        supplier_order_id: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let changed = self
            .run(
                "UPDATE orders SET status = ?3, supplier_order_id = COALESCE(?4, supplier_order_id), updated_at = ?5 \
                 WHERE id = ?1 AND status = ?2",
                &[
                    text(id.as_str()),
                    text(from.as_str()),
                    text(to.as_str()),
                    supplier_order_id.map_or(JsValue::NULL, text),
                    int(now),
                ],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn add_shipment(&self, id: &OrderId, shipment: &Shipment) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO shipments (order_id, carrier, tracking_number, shipped_at, delivered_at) \
             VALUES (?1, ?2, ?3, ?4, NULL) ON CONFLICT (order_id, tracking_number) DO NOTHING",
            &[
                text(id.as_str()),
                text(&shipment.carrier),
                text(&shipment.tracking_number),
                int(shipment.shipped_at),
            ],
        )
        .await?;
        Ok(())
    }

    async fn mark_delivered(&self, id: &OrderId, at: i64) -> Result<(), StoreError> {
        self.run(
            "UPDATE shipments SET delivered_at = ?2 WHERE order_id = ?1 AND delivered_at IS NULL",
            &[text(id.as_str()), int(at)],
        )
        .await?;
        Ok(())
    }

    async fn remember_nonce(&self, nonce: &str, until: i64, now: i64) -> Result<bool, StoreError> {
        // One round trip: forget a bounded number of nonces the clock check refuses
        // anyway, then insert; a primary-key conflict (zero rows) is the replay.
        let results = self
            .db()?
            .batch(vec![
                self.stmt(
                    "DELETE FROM seen_nonces WHERE nonce IN \
                     (SELECT nonce FROM seen_nonces WHERE expires_at < ?1 LIMIT 100)",
                    &[int(now)],
                )?,
                self.stmt(
                    "INSERT INTO seen_nonces (nonce, expires_at) VALUES (?1, ?2) ON CONFLICT (nonce) DO NOTHING",
                    &[text(nonce), int(until)],
                )?,
            ])
            .await
            .map_err(db)?;
        match results.last() {
            Some(inserted) => Ok(changes(inserted)? == 1),
            None => Err(StoreError::Database {
                detail: "the nonce batch returned no result".into(),
            }),
        }
    }

    async fn event_applied(&self, event_id: &str) -> Result<bool, StoreError> {
        #[derive(Deserialize)]
        struct Row {
            #[allow(dead_code)] // only its presence matters
            event_id: String,
        }
        Ok(self
            .first::<Row>(
                "SELECT event_id FROM supply_events WHERE event_id = ?1",
                &[text(event_id)],
            )
            .await?
            .is_some())
    }

    async fn record_event(&self, event_id: &str, now: i64) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO supply_events (event_id, received_at) VALUES (?1, ?2) ON CONFLICT (event_id) DO NOTHING",
            &[text(event_id), int(now)],
        )
        .await?;
        Ok(())
    }

    async fn insert_payment(&self, p: &PaymentRecord) -> Result<(), StoreError> {
        // Replaces only a payment that never took money (reopened after a failure).
        self.run(
            "INSERT INTO payments (order_id, method, reference, pay_url, currency, amount, return_url, cancel_url, \
             status, provider_payment_id, refund_id, test_mode, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, NULL, ?10, ?11, ?11) \
             ON CONFLICT (order_id) DO UPDATE SET method = excluded.method, reference = excluded.reference, \
             pay_url = excluded.pay_url, return_url = excluded.return_url, cancel_url = excluded.cancel_url, \
             status = excluded.status, test_mode = excluded.test_mode, updated_at = excluded.updated_at \
             WHERE payments.status IN ('open', 'closed')",
            &[
                text(p.order_id.as_str()),
                text(p.method.as_str()),
                text(&p.reference),
                text(&p.pay_url),
                text(p.amount.currency.code()),
                int(p.amount.amount),
                text(&p.return_url),
                text(&p.cancel_url),
                text(p.status.as_str()),
                int(i64::from(p.test_mode)),
                int(p.created_at),
            ],
        )
        .await?;
        Ok(())
    }

    async fn payment(&self, order: &OrderId) -> Result<Option<PaymentRecord>, StoreError> {
        self.first::<PaymentRow>(
            &format!("{PAYMENT_COLUMNS} WHERE order_id = ?1"),
            &[text(order.as_str())],
        )
        .await?
        .map(PaymentRow::record)
        .transpose()
    }

    async fn payment_by_reference(
        &self,
        method: PaymentMethod,
        reference: &str,
    ) -> Result<Option<PaymentRecord>, StoreError> {
        self.first::<PaymentRow>(
            &format!("{PAYMENT_COLUMNS} WHERE method = ?1 AND reference = ?2"),
            &[text(method.as_str()), text(reference)],
        )
        .await?
        .map(PaymentRow::record)
        .transpose()
    }

    async fn transition_payment(
        &self,
        order: &OrderId,
        from: PaymentStatus,
        to: PaymentStatus,
        provider_id: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let id = provider_id.map_or(JsValue::NULL, text);
        let (payment_id, refund_id) = match to {
            PaymentStatus::Paid => (id, JsValue::NULL),
            PaymentStatus::Refunded => (JsValue::NULL, id),
            _ => (JsValue::NULL, JsValue::NULL),
        };
        let changed = self
            .run(
                "UPDATE payments SET status = ?3, provider_payment_id = COALESCE(?4, provider_payment_id), \
                 refund_id = COALESCE(?5, refund_id), updated_at = ?6 WHERE order_id = ?1 AND status = ?2",
                &[
                    text(order.as_str()),
                    text(from.as_str()),
                    text(to.as_str()),
                    payment_id,
                    refund_id,
                    int(now),
                ],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn payment_event_seen(
        &self,
        method: PaymentMethod,
        event_id: &str,
    ) -> Result<bool, StoreError> {
        #[derive(Deserialize)]
        struct Row {
            #[allow(dead_code)] // only its presence matters
            event_id: String,
        }
        Ok(self
            .first::<Row>(
                "SELECT event_id FROM payment_events WHERE method = ?1 AND event_id = ?2",
                &[text(method.as_str()), text(event_id)],
            )
            .await?
            .is_some())
    }

    async fn record_payment_event(
        &self,
        method: PaymentMethod,
        event_id: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let inserted = self
            .run(
                "INSERT INTO payment_events (method, event_id, received_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (method, event_id) DO NOTHING",
                &[text(method.as_str()), text(event_id), int(now)],
            )
            .await?;
        Ok(inserted == 1)
    }

    async fn set_attempts(&self, order: &OrderId, attempts: u32) -> Result<(), StoreError> {
        self.run(
            "UPDATE orders SET attempts = ?2 WHERE id = ?1",
            &[text(order.as_str()), int(i64::from(attempts))],
        )
        .await?;
        Ok(())
    }

    async fn add_after_sales(
        &self,
        order: &OrderId,
        case: &AfterSalesCase,
    ) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO after_sales (order_id, case_id, kind, reason, status, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT (order_id, case_id) DO NOTHING",
            &[
                text(order.as_str()),
                text(&case.id),
                text(kind_name(case.kind)),
                text(&case.reason),
                text(&case.status),
                int(case.created_at),
            ],
        )
        .await?;
        Ok(())
    }

    async fn update_after_sales(
        &self,
        order: &OrderId,
        case_id: &str,
        status: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let changed = self
            .run(
                "UPDATE after_sales SET status = ?3, updated_at = ?4 WHERE order_id = ?1 AND case_id = ?2",
                &[text(order.as_str()), text(case_id), text(status), int(now)],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn after_sales(&self, order: &OrderId) -> Result<Vec<AfterSalesCase>, StoreError> {
        #[derive(Deserialize)]
        struct Row {
            case_id: String,
            kind: String,
            reason: String,
            status: String,
            created_at: i64,
        }
        self.all::<Row>(
            "SELECT case_id, kind, reason, status, created_at FROM after_sales \
             WHERE order_id = ?1 ORDER BY created_at, case_id",
            &[text(order.as_str())],
        )
        .await?
        .into_iter()
        .map(|r| {
            Ok(AfterSalesCase {
                id: r.case_id,
                kind: match r.kind.as_str() {
                    "return" => AfterSalesKind::Return,
                    "refund" => AfterSalesKind::Refund,
                    other => return Err(corrupt("after-sales case")(other.to_owned())),
                },
                reason: r.reason,
                status: r.status,
                created_at: r.created_at,
            })
        })
        .collect()
    }
}
