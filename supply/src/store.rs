//! The supplier's database (D1). All its SQL lives here.
//!
//! Invariants: values are always bound, never formatted into SQL; taking stock for an
//! order and recording the order happen in one batch (a transaction): the stock
//! columns' `CHECK (stock >= 0)` makes the batch fail whole when a concurrent order
//! took the last units, so stock is never oversold nor decremented for a failed order.

use crate::catalogue::{ProductRow, SkuRow};
use crate::error::Error;
use pocketshop_shared::order::Shipment;
use pocketshop_shared::supply::AfterSalesCase;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

/// The supplier's database.
pub struct Store {
    db: D1Database,
}

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn int(i: i64) -> JsValue {
    JsValue::from_f64(i as f64)
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
struct ShipmentRow {
    carrier: String,
    tracking_number: String,
    shipped_at: i64,
    delivered_at: Option<i64>,
}

#[derive(Deserialize)]
struct CaseRow {
    id: String,
    kind: String,
    reason: String,
    status: String,
    created_at: i64,
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
        let result = self.stmt(sql, args)?.run().await?;
        Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0))
    }

    /// Remembers a nonce; `false` when it was seen before.
    pub async fn remember_nonce(&self, nonce: &str, until: i64, now: i64) -> Result<bool, Error> {
        self.run("DELETE FROM seen_nonces WHERE expires_at < ?1", &[int(now)])
            .await?;
        let inserted = self
            .run(
                "INSERT INTO seen_nonces (nonce, expires_at) VALUES (?1, ?2) ON CONFLICT (nonce) DO NOTHING",
                &[text(nonce), int(until)],
            )
            .await?;
        Ok(inserted == 1)
    }

    /// A page of products after `(after_at, after_id)` updated since `since`, with
    /// their SKUs in display order.
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
                     AND (updated_at > ?2 OR (updated_at = ?2 AND id > ?3)) ORDER BY updated_at, id LIMIT ?4"
                ),
                &[int(since), int(after_at), text(after_id), int(i64::from(limit))],
            )
            .await?;
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let ids = serde_json::to_string(&ids).map_err(|e| Error::Corrupt {
            what: "ids",
            detail: e.to_string(),
        })?;
        let skus: Vec<SkuRow> = self
            .all(
                &format!(
                    "SELECT {SKU_COLUMNS} FROM skus WHERE product_id IN (SELECT value FROM json_each(?1)) \
                     ORDER BY product_id, position"
                ),
                &[text(&ids)],
            )
            .await?;
        let mut by_product: std::collections::HashMap<String, Vec<SkuRow>> =
            std::collections::HashMap::new();
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

    /// One product with its SKUs.
    pub async fn product(&self, id: &str) -> Result<Option<(ProductRow, Vec<SkuRow>)>, Error> {
        let Some(row) = self
            .first::<ProductRow>(
                &format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?1"),
                &[text(id)],
            )
            .await?
        else {
            return Ok(None);
        };
        let skus = self
            .all(
                &format!("SELECT {SKU_COLUMNS} FROM skus WHERE product_id = ?1 ORDER BY position"),
                &[text(id)],
            )
            .await?;
        Ok(Some((row, skus)))
    }

    /// Stock of each SKU named (unknown SKUs are absent).
    pub async fn stock(&self, skus: &[&str]) -> Result<Vec<(String, u32)>, Error> {
        let list = serde_json::to_string(skus).map_err(|e| Error::Corrupt {
            what: "skus",
            detail: e.to_string(),
        })?;
        let rows: Vec<StockRow> = self
            .all(
                "SELECT sku, stock FROM skus WHERE sku IN (SELECT value FROM json_each(?1))",
                &[text(&list)],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.sku, u32::try_from(r.stock).unwrap_or(0)))
            .collect())
    }

    /// The order with this idempotency key.
    pub async fn order_by_key(&self, key: &str) -> Result<Option<OrderRow>, Error> {
        self.first(
            &format!("SELECT {ORDER_COLUMNS} FROM orders WHERE idempotency_key = ?1"),
            &[text(key)],
        )
        .await
    }

    /// An order by its id or by the edge's reference.
    pub async fn order(&self, id_or_reference: &str) -> Result<Option<OrderRow>, Error> {
        self.first(
            &format!(
                "SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?1 \
                 OR json_extract(body, '$.reference') = ?1 ORDER BY created_at LIMIT 1"
            ),
            &[text(id_or_reference)],
        )
        .await
    }

    /// Takes stock for every line and records the order, all or nothing. `Ok(false)`
    /// when the batch failed (stock ran out meanwhile, or the key was taken
    /// concurrently): the caller re-reads to tell which.
    pub async fn insert_order(
        &self,
        order: &OrderRow,
        lines: &[(String, u32)],
    ) -> Result<bool, Error> {
        let mut batch = Vec::with_capacity(lines.len() + 1);
        for (sku, qty) in lines {
            batch.push(self.stmt(
                "UPDATE skus SET stock = stock - ?1 WHERE sku = ?2",
                &[int(i64::from(*qty)), text(sku)],
            )?);
        }
        batch.push(self.stmt(
            &format!("INSERT INTO orders ({ORDER_COLUMNS}, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"),
            &[
                text(&order.id),
                text(&order.idempotency_key),
                text(&order.request_hash),
                text(&order.status),
                text(&order.body),
                int(order.created_at),
            ],
        )?);
        Ok(self.db.batch(batch).await.is_ok())
    }

    /// Moves an order from `from` to `to`; `false` when it was not in `from`.
    pub async fn set_status(
        &self,
        id: &str,
        from: &str,
        to: &str,
        now: i64,
    ) -> Result<bool, Error> {
        Ok(self
            .run(
                "UPDATE orders SET status = ?3, updated_at = ?4 WHERE id = ?1 AND status = ?2",
                &[text(id), text(from), text(to), int(now)],
            )
            .await?
            == 1)
    }

    /// Puts an order's units back in stock.
    pub async fn restock(&self, lines: &[(String, u32)]) -> Result<(), Error> {
        let batch = lines
            .iter()
            .map(|(sku, qty)| {
                self.stmt(
                    "UPDATE skus SET stock = stock + ?1 WHERE sku = ?2",
                    &[int(i64::from(*qty)), text(sku)],
                )
            })
            .collect::<Result<Vec<_>, Error>>()?;
        if !batch.is_empty() {
            self.db.batch(batch).await?;
        }
        Ok(())
    }

    /// An order's parcels.
    pub async fn shipments(&self, order: &str) -> Result<Vec<Shipment>, Error> {
        let rows: Vec<ShipmentRow> = self
            .all(
                "SELECT carrier, tracking_number, shipped_at, delivered_at FROM shipments WHERE order_id = ?1 \
                 ORDER BY shipped_at, tracking_number",
                &[text(order)],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| Shipment {
                carrier: r.carrier,
                tracking_number: r.tracking_number,
                shipped_at: r.shipped_at,
                delivered_at: r.delivered_at,
            })
            .collect())
    }

    /// Records a parcel.
    pub async fn add_shipment(&self, order: &str, s: &Shipment) -> Result<(), Error> {
        self.run(
            "INSERT INTO shipments (order_id, carrier, tracking_number, shipped_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (order_id, tracking_number) DO NOTHING",
            &[text(order), text(&s.carrier), text(&s.tracking_number), int(s.shipped_at)],
        )
        .await?;
        Ok(())
    }

    /// Marks an order's parcels delivered.
    pub async fn deliver(&self, order: &str, at: i64) -> Result<(), Error> {
        self.run(
            "UPDATE shipments SET delivered_at = ?2 WHERE order_id = ?1 AND delivered_at IS NULL",
            &[text(order), int(at)],
        )
        .await?;
        Ok(())
    }

    /// An order's after-sales cases.
    pub async fn cases(&self, order: &str) -> Result<Vec<AfterSalesCase>, Error> {
        let rows: Vec<CaseRow> = self
            .all(
                "SELECT id, kind, reason, status, created_at FROM after_sales WHERE order_id = ?1 ORDER BY created_at, id",
                &[text(order)],
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(AfterSalesCase {
                    kind: serde_json::from_value(serde_json::Value::String(r.kind.clone()))
                        .map_err(|e| Error::Corrupt {
                            what: "after-sales case",
                            detail: e.to_string(),
                        })?,
                    id: r.id,
                    reason: r.reason,
                    status: r.status,
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    /// Opens an after-sales case.
    pub async fn add_case(
        &self,
        order: &str,
        case: &AfterSalesCase,
        kind: &str,
    ) -> Result<(), Error> {
        self.run(
            "INSERT INTO after_sales (id, order_id, kind, reason, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[text(&case.id), text(order), text(kind), text(&case.reason), text(&case.status), int(case.created_at)],
        )
        .await?;
        Ok(())
    }
}
