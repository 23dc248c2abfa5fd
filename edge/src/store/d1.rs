//! The [`Store`] on Cloudflare D1 (SQLite). All SQL of the edge lives here.
//!
//! Invariants: every value is bound as a parameter, never formatted into SQL; writes
//! that belong together (an order, its lines and its idempotency key) go in one
//! `batch`, which D1 runs as a transaction.

use super::{Claim, NewOrder, OrderRecord, ShopRecord, Store, StoreError, CLAIM_TIMEOUT_SECS};
use pocketshop_shared::api::Theme;
use pocketshop_shared::catalogue::Category;
use pocketshop_shared::order::Shipment;
use pocketshop_shared::pricing::{Markup, MarkupRule, MarkupScope, ShopPricing};
use pocketshop_shared::quote::{QuoteLine, ShippingRule};
use pocketshop_shared::{
    Currency, IdempotencyKey, Locale, Money, OrderId, OrderStatus, PaymentMethod, ProductId, ShopId,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

/// The edge's D1 database.
pub struct D1Store {
    db: D1Database,
}

impl D1Store {
    /// Wraps the `DB` binding.
    pub fn new(db: D1Database) -> D1Store {
        D1Store { db }
    }

    fn stmt(&self, sql: &str, args: &[JsValue]) -> Result<D1PreparedStatement, StoreError> {
        self.db.prepare(sql).bind(args).map_err(db)
    }

    async fn first<T: DeserializeOwned>(
        &self,
        sql: &str,
        args: &[JsValue],
    ) -> Result<Option<T>, StoreError> {
        self.stmt(sql, args)?.first::<T>(None).await.map_err(db)
    }

    async fn all<T: DeserializeOwned>(
        &self,
        sql: &str,
        args: &[JsValue],
    ) -> Result<Vec<T>, StoreError> {
        self.stmt(sql, args)?
            .all()
            .await
            .map_err(db)?
            .results::<T>()
            .map_err(db)
    }

    /// Runs a write and returns how many rows it changed.
    async fn run(&self, sql: &str, args: &[JsValue]) -> Result<usize, StoreError> {
        let result = self.stmt(sql, args)?.run().await.map_err(db)?;
        Ok(result
            .meta()
            .map_err(db)?
            .and_then(|m| m.changes)
            .unwrap_or(0))
    }
}

/// How many rows a write changed.
fn changes(result: &D1Result) -> Result<usize, StoreError> {
    Ok(result
        .meta()
        .map_err(db)?
        .and_then(|m| m.changes)
        .unwrap_or(0))
}

fn db(e: worker::Error) -> StoreError {
    StoreError::Database {
        detail: e.to_string(),
    }
}

fn corrupt(what: &'static str) -> impl Fn(String) -> StoreError {
    move |detail| StoreError::Corrupt { what, detail }
}

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

/// D1 numbers are JavaScript numbers: exact for every amount below 2^53 minor units.
fn int(i: i64) -> JsValue {
    JsValue::from_f64(i as f64)
}

#[derive(Deserialize)]
struct ShopRow {
    id: String,
    name: String,
    currency: String,
    locale: String,
    theme: String,
    allowed_origins: String,
    features: String,
    shipping_fee: i64,
    free_shipping_over: Option<i64>,
}

#[derive(Deserialize)]
struct RuleRow {
    scope: String,
    target: String,
    kind: String,
    value: i64,
}

fn rule(row: RuleRow) -> Result<MarkupRule, String> {
    let scope = match row.scope.as_str() {
        "shop" => MarkupScope::Shop,
        "category" => {
            MarkupScope::Category(Category::parse(&row.target).map_err(|e| e.to_string())?)
        }
        "product" => {
            MarkupScope::Product(ProductId::parse(&row.target).map_err(|e| e.to_string())?)
        }
        other => return Err(format!("scope {other}")),
    };
    let markup = match row.kind.as_str() {
        "percent" => Markup::Percent {
            basis_points: u32::try_from(row.value).map_err(|e| e.to_string())?,
        },
        "fixed" => Markup::Fixed { amount: row.value },
        other => return Err(format!("kind {other}")),
    };
    Ok(MarkupRule { scope, markup })
}

#[derive(Deserialize)]
struct IdemRow {
    request_hash: String,
    order_id: Option<String>,
    created_at: i64,
}

#[derive(Deserialize)]
struct OrderRow {
    id: String,
    shop_id: String,
    status: String,
    payment_method: String,
    currency: String,
    subtotal: i64,
    shipping: i64,
    total: i64,
    supply_cost: i64,
    contact: String,
    supplier_order_id: Option<String>,
    created_at: i64,
}

#[derive(Deserialize)]
struct LineRow {
    snapshot: String,
}

impl Store for D1Store {
    async fn shop(&self, id: &ShopId) -> Result<Option<ShopRecord>, StoreError> {
        let Some(row) = self
            .first::<ShopRow>(
                "SELECT id, name, currency, locale, theme, allowed_origins, features, shipping_fee, free_shipping_over \
                 FROM shops WHERE id = ?1",
                &[text(id.as_str())],
            )
            .await?
        else {
            return Ok(None);
        };
        let c = corrupt("shop");
        let currency = Currency::parse(&row.currency).map_err(|e| c(e.to_string()))?;
        let rules = self
            .all::<RuleRow>(
                "SELECT scope, target, kind, value FROM markup_rules WHERE shop_id = ?1",
                &[text(id.as_str())],
            )
            .await?
            .into_iter()
            .map(rule)
            .collect::<Result<Vec<_>, String>>()
            .map_err(corrupt("markup rule"))?;
        Ok(Some(ShopRecord {
            id: ShopId::parse(&row.id).map_err(|e| c(e.to_string()))?,
            name: row.name,
            locale: Locale::parse(&row.locale).map_err(|e| c(e.to_string()))?,
            theme: serde_json::from_str::<Theme>(&row.theme).map_err(|e| c(e.to_string()))?,
            allowed_origins: serde_json::from_str(&row.allowed_origins)
                .map_err(|e| c(e.to_string()))?,
            features: serde_json::from_str(&row.features).map_err(|e| c(e.to_string()))?,
            shipping: ShippingRule {
                flat_fee: Money::new(row.shipping_fee, currency),
                free_over: row.free_shipping_over.map(|a| Money::new(a, currency)),
            },
            pricing: ShopPricing { currency, rules },
        }))
    }

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
             supply_cost, contact, supplier_order_id, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, ?11, ?11)",
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
        self.db.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn order(&self, id: &OrderId) -> Result<Option<OrderRecord>, StoreError> {
        let Some(row) = self
            .first::<OrderRow>(
                "SELECT id, shop_id, status, payment_method, currency, subtotal, shipping, total, supply_cost, \
                 contact, supplier_order_id, created_at FROM orders WHERE id = ?1",
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
            .db
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
}
