//! The supplier's database (D1). All its SQL lives here.
//!
//! Invariants: values are always bound, never formatted into SQL. Every change that
//! touches more than one row is one D1 `batch`, which D1 runs as one transaction:
//! a statement that fails rolls the whole batch back. Each such batch is guarded by
//! a condition read inside the same transaction (an order's status, every line's
//! stock), so a concurrent request can make it do nothing or fail whole, never half.
//!
//! Taking stock for an order works like this (see [`Store::insert_order`]): the
//! order row goes in first, and its `status` value is computed by SQL as `accepted`
//! only when every (distinct) line's SKU exists with enough stock, and NULL
//! otherwise. `orders.status` is `NOT NULL`, so a short or unknown line makes that
//! INSERT fail, and with it the batch, before any stock is touched; a reused
//! idempotency key fails it the same way (`UNIQUE`). The conditional decrements
//! that follow therefore each change exactly one row, which is checked afterwards;
//! `CHECK (stock >= 0)` on `skus` is the last line of defence.
//!
//! An after-sales case moves by compare-and-set on its status (see
//! [`Store::move_case`]); the order it refunds moves in the same transaction, guarded
//! by the case's old status, so the order is refunded at most once and only together
//! with the case move that refunds it.

use crate::catalogue::{ProductRow, SkuRow};
use crate::error::Error;
use pocketshop_shared::order::Shipment;
use pocketshop_shared::supply::AfterSalesCase;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::HashMap;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

/// How many expired nonces one request prunes, so pruning never makes a request slow.
const NONCE_PRUNE_BATCH: i64 = 100;

/// The supplier's database.
pub struct Store {
    db: D1Database,
}

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn int(i: i64) -> JsValue {
    // D1 binds JS numbers; every integer stored here is far below 2^53.
    JsValue::from_f64(i as f64)
}

fn changes(result: &D1Result) -> Result<usize, Error> {
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0))
}

/// An `orders` row.
#[derive(Debug, Clone, Deserialize)]
pub struct OrderRow {
    /// Id.
    pub id: String,
    /// The edge's key.
    pub idempotency_key: String,
    /// SHA-256 of the request body.
    pub request_hash: String,
    /// Status.
    pub status: String,
    /// The request, JSON.
    pub body: String,
    /// Created.
    pub created_at: i64,
}

#[derive(Deserialize)]
struct CaseRow {
    id: String,
    kind: String,
    reason: String,
    status: String,
    created_at: i64,
}

impl CaseRow {
    fn into_case(self) -> Result<AfterSalesCase, Error> {
        Ok(AfterSalesCase {
            kind: serde_json::from_value(serde_json::Value::String(self.kind)).map_err(|e| {
                Error::Corrupt {
                    what: "after-sales case",
                    detail: e.to_string(),
                }
            })?,
            id: self.id,
            reason: self.reason,
            status: self.status,
            created_at: self.created_at,
        })
    }
}

/// What [`Store::move_case`] changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseMove {
    /// The case was still in the expected status and moved.
    pub case_moved: bool,
    /// The order was refunded with it.
    pub order_refunded: bool,
}

#[derive(Deserialize)]
struct RemainingRow {
    remaining: i64,
}

#[derive(Deserialize)]
struct StockRow {
    sku: String,
    stock: i64,
}

const PRODUCT_COLUMNS: &str =
    "id, category, title_zh, title_en, description_zh, description_en, image_count, updated_at";
const SKU_COLUMNS: &str =
    "sku, product_id, options, supply_price, suggested_price, floor_price, stock";
const ORDER_COLUMNS: &str = "id, idempotency_key, request_hash, status, body, created_at";

impl Store {
    /// Wraps the `SUPPLY_DB` binding.
    pub fn new(db: D1Database) -> Store {
        Store { db }
    }

    fn stmt(&self, sql: &str, args: &[JsValue]) -> Result<D1PreparedStatement, Error> {
        Ok(self.db.prepare(sql).bind(args)?)
    }

    async fn all<T: DeserializeOwned>(&self, sql: &str, args: &[JsValue]) -> Result<Vec<T>, Error> {
        Ok(self.stmt(sql, args)?.all().await?.results::<T>()?)
    }

    async fn first<T: DeserializeOwned>(
        &self,
        sql: &str,
        args: &[JsValue],
    ) -> Result<Option<T>, Error> {
        Ok(self.stmt(sql, args)?.first::<T>(None).await?)
    }

    async fn run(&self, sql: &str, args: &[JsValue]) -> Result<usize, Error> {
        changes(&self.stmt(sql, args)?.run().await?)
    }

    /// Remembers a nonce until `until`; `false` when it was seen before (its primary
    /// key exists). Prunes a bounded number of expired nonces in the same round trip.
    pub async fn remember_nonce(&self, nonce: &str, until: i64, now: i64) -> Result<bool, Error> {
        let results = self
            .db
            .batch(vec![
                self.stmt(
                    "DELETE FROM seen_nonces WHERE nonce IN \
                     (SELECT nonce FROM seen_nonces WHERE expires_at < ?1 LIMIT ?2)",
                    &[int(now), int(NONCE_PRUNE_BATCH)],
                )?,
                // A primary-key conflict is the replay: DO NOTHING reports it as zero
                // rows changed instead of an error to tell apart from real failures.
                self.stmt(
                    "INSERT INTO seen_nonces (nonce, expires_at) VALUES (?1, ?2) \
                     ON CONFLICT (nonce) DO NOTHING",
                    &[text(nonce), int(until)],
                )?,
            ])
            .await?;
        match results.get(1) {
            Some(inserted) => Ok(changes(inserted)? == 1),
            None => Err(Error::Corrupt {
                what: "nonce batch",
                detail: "no result for the insert".into(),
            }),
        }
    }

    /// A page of products updated since `since`, after `(after_at, after_id)`,
    /// ordered by `(updated_at, id)`, each with its SKUs in display order. Two
    /// queries whatever the page size: the SKUs of the whole page come in one.
    pub async fn products_page(
        &self,
        since: i64,
        after: Option<(i64, &str)>,
        limit: u32,
    ) -> Result<Vec<(ProductRow, Vec<SkuRow>)>, Error> {
        let (after_at, after_id) = after.unwrap_or((-1, ""));
        let rows: Vec<ProductRow> = self
            .all(
                &format!(
                    "SELECT {PRODUCT_COLUMNS} FROM products WHERE updated_at >= ?1 \
                     AND (updated_at > ?2 OR (updated_at = ?2 AND id > ?3)) \
                     ORDER BY updated_at, id LIMIT ?4"
                ),
                &[
                    int(since),
                    int(after_at),
                    text(after_id),
                    int(i64::from(limit)),
                ],
            )
            .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        // The ids travel as one bound JSON array (json_each), so the statement is the
        // same whatever the page size and nothing is formatted into SQL.
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let ids = serde_json::Value::from(ids).to_string();
        let skus: Vec<SkuRow> = self
            .all(
                &format!(
                    "SELECT {SKU_COLUMNS} FROM skus \
                     WHERE product_id IN (SELECT value FROM json_each(?1)) \
                     ORDER BY product_id, position, sku"
                ),
                &[text(&ids)],
            )
            .await?;
        let mut by_product: HashMap<String, Vec<SkuRow>> = HashMap::new();
        for s in skus {
            by_product.entry(s.product_id.clone()).or_default().push(s);
        }
        Ok(rows
            .into_iter()
            .map(|r| {
                let skus = by_product.remove(&r.id).unwrap_or_default();
                (r, skus)
            })
            .collect())
    }

    /// One product's row only (what an image needs).
    pub async fn product_row(&self, id: &str) -> Result<Option<ProductRow>, Error> {
        self.first(
            &format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?1"),
            &[text(id)],
        )
        .await
    }

    /// One product with its SKUs in display order.
    pub async fn product(&self, id: &str) -> Result<Option<(ProductRow, Vec<SkuRow>)>, Error> {
        let Some(row) = self.product_row(id).await? else {
            return Ok(None);
        };
        let skus = self
            .all(
                &format!(
                    "SELECT {SKU_COLUMNS} FROM skus WHERE product_id = ?1 ORDER BY position, sku"
                ),
                &[text(id)],
            )
            .await?;
        Ok(Some((row, skus)))
    }

    /// Stock of each SKU named that exists (unknown SKUs are absent).
    pub async fn stock(&self, skus: &[&str]) -> Result<Vec<(String, u32)>, Error> {
        let list = serde_json::Value::from(skus.to_vec()).to_string();
        let rows: Vec<StockRow> = self
            .all(
                "SELECT sku, stock FROM skus WHERE sku IN (SELECT value FROM json_each(?1))",
                &[text(&list)],
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                let stock = u32::try_from(r.stock).map_err(|_| Error::Corrupt {
                    what: "stock",
                    detail: format!("{} has stock {}", r.sku, r.stock),
                })?;
                Ok((r.sku, stock))
            })
            .collect()
    }

    /// Replaces a SKU's stock (a stock take; simulation only); `false` when there is
    /// no such SKU.
    pub async fn set_stock(&self, sku: &str, stock: u32) -> Result<bool, Error> {
        Ok(self
            .run(
                "UPDATE skus SET stock = ?1 WHERE sku = ?2",
                &[int(i64::from(stock)), text(sku)],
            )
            .await?
            == 1)
    }

    /// The order with this idempotency key.
    pub async fn order_by_key(&self, key: &str) -> Result<Option<OrderRow>, Error> {
        self.first(
            &format!("SELECT {ORDER_COLUMNS} FROM orders WHERE idempotency_key = ?1"),
            &[text(key)],
        )
        .await
    }

    /// An order by its id.
    pub async fn order(&self, id: &str) -> Result<Option<OrderRow>, Error> {
        self.first(
            &format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?1"),
            &[text(id)],
        )
        .await
    }

    /// An order by its id or, failing that, by the edge's reference (the first order
    /// made for it), through the `orders_reference` index: for the simulation routes.
    pub async fn order_by_id_or_reference(&self, id: &str) -> Result<Option<OrderRow>, Error> {
        if let Some(row) = self.order(id).await? {
            return Ok(Some(row));
        }
        self.first(
            &format!(
                "SELECT {ORDER_COLUMNS} FROM orders WHERE json_extract(body, '$.reference') = ?1 \
                 ORDER BY created_at, id LIMIT 1"
            ),
            &[text(id)],
        )
        .await
    }

    /// Records the order and takes its stock, all or nothing (see the module doc).
    /// `lines` must hold distinct SKUs; `lines_json` is the same lines as
    /// `[["SKU", qty], …]`. An `Err(Error::Worker)` means the batch was refused and
    /// changed nothing: the key was taken meanwhile, a line ran short, or D1 failed.
    pub async fn insert_order(
        &self,
        order: &OrderRow,
        lines: &[(String, u32)],
        lines_json: &str,
    ) -> Result<(), Error> {
        let mut batch = Vec::with_capacity(lines.len() + 1);
        batch.push(self.stmt(
            "INSERT INTO orders (id, idempotency_key, request_hash, status, body, created_at, updated_at) \
             VALUES (?1, ?2, ?3, \
               CASE WHEN (SELECT count(*) FROM json_each(?7) AS line \
                          JOIN skus ON skus.sku = json_extract(line.value, '$[0]') \
                                   AND skus.stock >= json_extract(line.value, '$[1]')) \
                         = json_array_length(?7) \
                    THEN ?4 END, \
               ?5, ?6, ?6)",
            &[
                text(&order.id),
                text(&order.idempotency_key),
                text(&order.request_hash),
                text(&order.status),
                text(&order.body),
                int(order.created_at),
                text(lines_json),
            ],
        )?);
        for (sku, qty) in lines {
            batch.push(self.stmt(
                "UPDATE skus SET stock = stock - ?1 WHERE sku = ?2 AND stock >= ?1",
                &[int(i64::from(*qty)), text(sku)],
            )?);
        }
        let results = self.db.batch(batch).await?;
        // The guard made every decrement possible inside the same transaction; a
        // decrement that changed no row means the guard and the updates disagree.
        for (i, (sku, _)) in lines.iter().enumerate() {
            let changed = match results.get(i + 1) {
                Some(r) => changes(r)?,
                None => 0,
            };
            if changed != 1 {
                return Err(Error::Corrupt {
                    what: "stock decrement",
                    detail: format!("order {} changed {changed} rows for {sku}", order.id),
                });
            }
        }
        Ok(())
    }

    /// Cancels an `accepted` order and puts its units back, in one transaction; the
    /// restocks run only while the order is still accepted, so of two concurrent
    /// cancels only one restocks. `false` when the order was no longer accepted.
    pub async fn cancel(&self, id: &str, lines: &[(String, u32)], now: i64) -> Result<bool, Error> {
        let mut batch = Vec::with_capacity(lines.len() + 1);
        for (sku, qty) in lines {
            batch.push(self.stmt(
                "UPDATE skus SET stock = stock + ?1 WHERE sku = ?2 \
                 AND EXISTS (SELECT 1 FROM orders WHERE id = ?3 AND status = 'accepted')",
                &[int(i64::from(*qty)), text(sku), text(id)],
            )?);
        }
        batch.push(self.stmt(
            "UPDATE orders SET status = 'cancelled', updated_at = ?2 WHERE id = ?1 AND status = 'accepted'",
            &[text(id), int(now)],
        )?);
        let results = self.db.batch(batch).await?;
        match results.last() {
            Some(r) => Ok(changes(r)? == 1),
            None => Ok(false),
        }
    }

    /// Adds a parcel and marks the order shipped, if it is still `from`; `false`
    /// (and nothing written) otherwise.
    pub async fn ship(&self, id: &str, from: &str, s: &Shipment, now: i64) -> Result<bool, Error> {
        let results = self
            .db
            .batch(vec![
                self.stmt(
                    "INSERT INTO shipments (order_id, carrier, tracking_number, shipped_at) \
                     SELECT ?1, ?2, ?3, ?4 \
                     WHERE EXISTS (SELECT 1 FROM orders WHERE id = ?1 AND status = ?5) \
                     ON CONFLICT (order_id, tracking_number) DO NOTHING",
                    &[
                        text(id),
                        text(&s.carrier),
                        text(&s.tracking_number),
                        int(s.shipped_at),
                        text(from),
                    ],
                )?,
                self.stmt(
                    "UPDATE orders SET status = 'shipped', updated_at = ?3 WHERE id = ?1 AND status = ?2",
                    &[text(id), text(from), int(now)],
                )?,
            ])
            .await?;
        match results.last() {
            Some(r) => Ok(changes(r)? == 1),
            None => Ok(false),
        }
    }

    /// Marks a `shipped` order's parcels and the order delivered; `false` (and
    /// nothing written) when it was not shipped.
    pub async fn deliver(&self, id: &str, now: i64) -> Result<bool, Error> {
        let results = self
            .db
            .batch(vec![
                self.stmt(
                    "UPDATE shipments SET delivered_at = ?2 WHERE order_id = ?1 AND delivered_at IS NULL \
                     AND EXISTS (SELECT 1 FROM orders WHERE id = ?1 AND status = 'shipped')",
                    &[text(id), int(now)],
                )?,
                self.stmt(
                    "UPDATE orders SET status = 'delivered', updated_at = ?2 WHERE id = ?1 AND status = 'shipped'",
                    &[text(id), int(now)],
                )?,
            ])
            .await?;
        match results.last() {
            Some(r) => Ok(changes(r)? == 1),
            None => Ok(false),
        }
    }

    /// An order's parcels.
    pub async fn shipments(&self, order: &str) -> Result<Vec<Shipment>, Error> {
        self.all(
            "SELECT carrier, tracking_number, shipped_at, delivered_at FROM shipments \
             WHERE order_id = ?1 ORDER BY shipped_at, tracking_number",
            &[text(order)],
        )
        .await
    }

    /// An order's after-sales cases.
    pub async fn cases(&self, order: &str) -> Result<Vec<AfterSalesCase>, Error> {
        let rows: Vec<CaseRow> = self
            .all(
                "SELECT id, kind, reason, status, created_at FROM after_sales \
                 WHERE order_id = ?1 ORDER BY created_at, id",
                &[text(order)],
            )
            .await?;
        rows.into_iter().map(CaseRow::into_case).collect()
    }

    /// One after-sales case of an order.
    pub async fn case(&self, order: &str, case: &str) -> Result<Option<AfterSalesCase>, Error> {
        let row: Option<CaseRow> = self
            .first(
                "SELECT id, kind, reason, status, created_at FROM after_sales \
                 WHERE order_id = ?1 AND id = ?2",
                &[text(order), text(case)],
            )
            .await?;
        row.map(CaseRow::into_case).transpose()
    }

    /// Moves a case from `from` to `to` if it is still `from`, and in the same
    /// transaction refunds its order when `refund_from` (the order statuses that may
    /// become refunded) is not empty and the order is in one of them. The refund runs
    /// first, guarded by the case still being `from`, so it happens only with the case
    /// move; nothing is written when the case was no longer `from`.
    pub async fn move_case(
        &self,
        order: &str,
        case: &str,
        from: &str,
        to: &str,
        refund_from: &[&str],
        now: i64,
    ) -> Result<CaseMove, Error> {
        let mut batch = Vec::with_capacity(2);
        let refunding = !refund_from.is_empty();
        if refunding {
            let statuses = serde_json::Value::from(refund_from.to_vec()).to_string();
            batch.push(self.stmt(
                "UPDATE orders SET status = 'refunded', updated_at = ?3 WHERE id = ?1 \
                 AND status IN (SELECT value FROM json_each(?4)) \
                 AND EXISTS (SELECT 1 FROM after_sales WHERE id = ?2 AND order_id = ?1 AND status = ?5)",
                &[text(order), text(case), int(now), text(&statuses), text(from)],
            )?);
        }
        batch.push(self.stmt(
            "UPDATE after_sales SET status = ?4 WHERE id = ?2 AND order_id = ?1 AND status = ?3",
            &[text(order), text(case), text(from), text(to)],
        )?);
        let results = self.db.batch(batch).await?;
        let case_moved = match results.last() {
            Some(r) => changes(r)? == 1,
            None => false,
        };
        let order_refunded = match (refunding, results.first()) {
            (true, Some(r)) => changes(r)? == 1,
            _ => false,
        };
        Ok(CaseMove {
            case_moved,
            order_refunded,
        })
    }

    /// Every order made for the edge's `reference`, oldest first.
    pub async fn orders_by_reference(&self, reference: &str) -> Result<Vec<OrderRow>, Error> {
        self.all(
            &format!(
                "SELECT {ORDER_COLUMNS} FROM orders WHERE json_extract(body, '$.reference') = ?1 \
                 ORDER BY created_at, id"
            ),
            &[text(reference)],
        )
        .await
    }

    /// Sets how many of the next `POST /v1/orders` calls fail (simulation only).
    pub async fn set_create_order_failures(&self, remaining: u32) -> Result<(), Error> {
        self.run(
            "INSERT INTO sim_faults (fault, remaining) VALUES ('create_order', ?1) \
             ON CONFLICT (fault) DO UPDATE SET remaining = excluded.remaining",
            &[int(i64::from(remaining))],
        )
        .await?;
        Ok(())
    }

    /// How many of the next `POST /v1/orders` calls still fail (simulation only).
    pub async fn create_order_failures(&self) -> Result<u32, Error> {
        let row: Option<RemainingRow> = self
            .first(
                "SELECT remaining FROM sim_faults WHERE fault = 'create_order'",
                &[],
            )
            .await?;
        let remaining = row.map_or(0, |r| r.remaining);
        u32::try_from(remaining).map_err(|_| Error::Corrupt {
            what: "fault count",
            detail: remaining.to_string(),
        })
    }

    /// Takes one injected `POST /v1/orders` failure; `false` when none is left. One
    /// conditional decrement, so concurrent calls each take a different failure.
    pub async fn take_create_order_failure(&self) -> Result<bool, Error> {
        Ok(self
            .run(
                "UPDATE sim_faults SET remaining = remaining - 1 \
                 WHERE fault = 'create_order' AND remaining > 0",
                &[],
            )
            .await?
            == 1)
    }

    /// Opens an after-sales case if the order is shipped or delivered; `false` (and
    /// nothing written) otherwise.
    pub async fn add_case(
        &self,
        order: &str,
        case: &AfterSalesCase,
        kind: &str,
    ) -> Result<bool, Error> {
        Ok(self
            .run(
                "INSERT INTO after_sales (id, order_id, kind, reason, status, created_at) \
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6 \
                 WHERE EXISTS (SELECT 1 FROM orders WHERE id = ?2 AND status IN ('shipped', 'delivered'))",
                &[
                    text(&case.id),
                    text(order),
                    text(kind),
                    text(&case.reason),
                    text(&case.status),
                    int(case.created_at),
                ],
            )
            .await?
            == 1)
    }
}
