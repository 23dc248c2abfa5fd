//! The [`Store`] on Cloudflare D1 (SQLite): the binding, the helpers every table's
//! code shares, and the SQL of shops, owners, orders and payments; the sub-stores'
//! SQL is in [`campaigns`], [`community`] and [`money`].
//!
//! Invariants: every value is bound as a parameter, never formatted into SQL; writes
//! that belong together (an order, its lines and its idempotency key) go in one
//! `batch`, which D1 runs as a transaction.

pub mod campaigns;
pub mod community;
pub mod money;

use crate::adapters::binding::{Bindings, LazyBinding};
use crate::ports::store::selection::Selection;
use crate::ports::store::{
    Claim, NewOrder, OrderRecord, OrderSummary, OrderTerms, OwnerRecord, PaymentRecord,
    PaymentStatus, ShopRecord, Store, StoreError, CLAIM_TIMEOUT_SECS,
};
use pocketshop_shared::api::Theme;
use pocketshop_shared::catalogue::Category;
use pocketshop_shared::coupon::CouponCode;
use pocketshop_shared::order::Shipment;
use pocketshop_shared::pricing::{Markup, MarkupRule, MarkupScope, ShopPricing};
use pocketshop_shared::quote::{QuoteLine, ShippingRule};
use pocketshop_shared::referral::SharerCode;
use pocketshop_shared::supply::{AfterSalesCase, AfterSalesKind};
use pocketshop_shared::{
    Currency, IdempotencyKey, Locale, Money, OrderId, OrderStatus, PaymentMethod, ProductId,
    ShopId, ShopperId,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

/// The edge's D1 database: the `DB` binding, looked up at the first statement.
pub struct D1Store {
    binding: LazyBinding<D1Database>,
}

impl D1Store {
    /// The store of the `DB` binding.
    pub fn new(bindings: Rc<dyn Bindings>) -> D1Store {
        D1Store {
            binding: LazyBinding::new(bindings, "DB"),
        }
    }

    /// The `DB` binding.
    pub(crate) fn db(&self) -> Result<&D1Database, StoreError> {
        self.binding.get(|b, name| b.d1(name)).map_err(db)
    }

    pub(crate) fn stmt(
        &self,
        sql: &str,
        args: &[JsValue],
    ) -> Result<D1PreparedStatement, StoreError> {
        self.db()?.prepare(sql).bind(args).map_err(db)
    }

    pub(crate) async fn first<T: DeserializeOwned>(
        &self,
        sql: &str,
        args: &[JsValue],
    ) -> Result<Option<T>, StoreError> {
        self.stmt(sql, args)?.first::<T>(None).await.map_err(db)
    }

    pub(crate) async fn all<T: DeserializeOwned>(
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
    pub(crate) async fn run(&self, sql: &str, args: &[JsValue]) -> Result<usize, StoreError> {
        let result = self.stmt(sql, args)?.run().await.map_err(db)?;
        Ok(result
            .meta()
            .map_err(db)?
            .and_then(|m| m.changes)
            .unwrap_or(0))
    }
}

/// How many rows a write changed.
pub(crate) fn changes(result: &D1Result) -> Result<usize, StoreError> {
    Ok(result
        .meta()
        .map_err(db)?
        .and_then(|m| m.changes)
        .unwrap_or(0))
}

pub(crate) fn db(e: worker::Error) -> StoreError {
    StoreError::Database {
        detail: e.to_string(),
    }
}

pub(crate) fn corrupt(what: &'static str) -> impl Fn(String) -> StoreError {
    move |detail| StoreError::Corrupt { what, detail }
}

pub(crate) fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

/// A text column that may be NULL.
pub(crate) fn opt_text(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, text)
}

/// D1 numbers are JavaScript numbers: exact for every amount below 2^53 minor units.
pub(crate) fn int(i: i64) -> JsValue {
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
    payment_methods: String,
    payment_window_secs: i64,
    owner_id: Option<String>,
    /// For a sub-shop: its agent (0008_community.sql).
    agent_id: Option<String>,
}

#[derive(Deserialize)]
struct CategoryRow {
    category: String,
}

#[derive(Deserialize)]
struct ProductRow {
    product_id: String,
}

const SHOP_COLUMNS: &str =
    "SELECT id, name, currency, locale, theme, allowed_origins, features, shipping_fee, \
     free_shipping_over, payment_methods, payment_window_secs, owner_id, agent_id FROM shops";

#[derive(Deserialize)]
struct OwnerRow {
    id: String,
    email: String,
    password_hash: String,
    member_secret: Option<String>,
    created_at: i64,
}

impl From<OwnerRow> for OwnerRecord {
    fn from(r: OwnerRow) -> OwnerRecord {
        OwnerRecord {
            id: r.id,
            email: r.email,
            password_hash: r.password_hash,
            member_secret: r.member_secret,
            created_at: r.created_at,
        }
    }
}

const OWNER_COLUMNS: &str =
    "SELECT owners.id, owners.email, owners.password_hash, owners.member_secret, owners.created_at FROM owners";

pub(crate) fn json_text<T: serde::Serialize>(
    what: &'static str,
    value: &T,
) -> Result<JsValue, StoreError> {
    serde_json::to_string(value)
        .map(|j| text(&j))
        .map_err(|e| corrupt(what)(e.to_string()))
}

fn rule_values(rule: &MarkupRule) -> (&'static str, String, &'static str, i64) {
    let (scope, target) = match &rule.scope {
        MarkupScope::Shop => ("shop", String::new()),
        MarkupScope::Category(c) => ("category", c.slug().to_owned()),
        MarkupScope::Product(p) => ("product", p.to_string()),
    };
    let (kind, value) = match rule.markup {
        Markup::Percent { basis_points } => ("percent", i64::from(basis_points)),
        Markup::Fixed { amount } => ("fixed", amount),
    };
    (scope, target, kind, value)
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
    pay_before: Option<i64>,
    attempts: i64,
    offer: Option<String>,
    group_id: Option<String>,
    coupon: Option<String>,
    referral: Option<String>,
    shopper: Option<String>,
    discount: i64,
}

#[derive(Deserialize)]
struct LineRow {
    snapshot: String,
}

impl D1Store {
    /// A shop as its own row says, with the agent of a sub-shop (whose inherited
    /// settings [`Store::shop`] then fills in).
    pub(crate) async fn own_shop(
        &self,
        id: &ShopId,
    ) -> Result<Option<(ShopRecord, Option<String>)>, StoreError> {
        let Some(row) = self
            .first::<ShopRow>(
                &format!("{SHOP_COLUMNS} WHERE id = ?1"),
                &[text(id.as_str())],
            )
            .await?
        else {
            return Ok(None);
        };
        let c = corrupt("shop");
        let currency = Currency::parse(&row.currency).map_err(|e| c(e.to_string()))?;
        // One round trip for the shop's rules and selection.
        let shop_id = [text(id.as_str())];
        let results = self
            .db()?
            .batch(vec![
                self.stmt(
                    "SELECT scope, target, kind, value FROM markup_rules WHERE shop_id = ?1",
                    &shop_id,
                )?,
                self.stmt(
                    "SELECT category FROM shop_categories WHERE shop_id = ?1",
                    &shop_id,
                )?,
                self.stmt(
                    "SELECT product_id FROM shop_products WHERE shop_id = ?1 ORDER BY picked_at, product_id",
                    &shop_id,
                )?,
                self.stmt(
                    "SELECT product_id FROM daily_picks WHERE shop_id = ?1 ORDER BY position",
                    &shop_id,
                )?,
            ])
            .await
            .map_err(db)?;
        let [rules, categories, picked, daily] = results.as_slice() else {
            return Err(StoreError::Database {
                detail: "the shop batch returned the wrong number of results".into(),
            });
        };
        let rules = rules
            .results::<RuleRow>()
            .map_err(db)?
            .into_iter()
            .map(rule)
            .collect::<Result<Vec<_>, String>>()
            .map_err(corrupt("markup rule"))?;
        let followed: Vec<Category> = categories
            .results::<CategoryRow>()
            .map_err(db)?
            .iter()
            .map(|r| Category::parse(&r.category).map_err(|e| c(e.to_string())))
            .collect::<Result<_, _>>()?;
        let products = |rows: &D1Result| -> Result<Vec<ProductId>, StoreError> {
            rows.results::<ProductRow>()
                .map_err(db)?
                .iter()
                .map(|r| ProductId::parse(&r.product_id).map_err(|e| c(e.to_string())))
                .collect()
        };
        let selection = Selection {
            // Display order, whatever order the rows come in.
            categories: Category::ALL
                .into_iter()
                .filter(|cat| followed.contains(cat))
                .collect(),
            picked: products(picked)?,
            daily_picks: products(daily)?,
        };
        let shop = ShopRecord {
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
            payment_methods: serde_json::from_str::<Vec<String>>(&row.payment_methods)
                .map_err(|e| c(e.to_string()))?
                .iter()
                .map(|m| PaymentMethod::parse(m).ok_or_else(|| c(format!("payment method {m}"))))
                .collect::<Result<Vec<_>, _>>()?,
            payment_window_secs: row.payment_window_secs,
            owner_id: row.owner_id,
            selection,
            agent: None,
        };
        Ok(Some((shop, row.agent_id)))
    }
}

impl Store for D1Store {
    async fn shop(&self, id: &ShopId) -> Result<Option<ShopRecord>, StoreError> {
        match self.own_shop(id).await? {
            None => Ok(None),
            Some((own, None)) => Ok(Some(own)),
            // A sub-shop inherits from its root shop (`store/community.rs`).
            Some((own, Some(agent))) => self.sub_shop(own, &agent).await,
        }
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

    async fn insert_owner(&self, owner: &OwnerRecord) -> Result<bool, StoreError> {
        let inserted = self
            .run(
                "INSERT INTO owners (id, email, password_hash, member_secret, created_at) \
                 VALUES (?1, ?2, ?3, NULL, ?4) ON CONFLICT (email) DO NOTHING",
                &[
                    text(&owner.id),
                    text(&owner.email),
                    text(&owner.password_hash),
                    int(owner.created_at),
                ],
            )
            .await?;
        Ok(inserted == 1)
    }

    async fn owner_by_email(&self, email: &str) -> Result<Option<OwnerRecord>, StoreError> {
        Ok(self
            .first::<OwnerRow>(
                &format!("{OWNER_COLUMNS} WHERE owners.email = ?1"),
                &[text(email)],
            )
            .await?
            .map(OwnerRecord::from))
    }

    async fn owner(&self, id: &str) -> Result<Option<OwnerRecord>, StoreError> {
        Ok(self
            .first::<OwnerRow>(
                &format!("{OWNER_COLUMNS} WHERE owners.id = ?1"),
                &[text(id)],
            )
            .await?
            .map(OwnerRecord::from))
    }

    async fn insert_session(
        &self,
        token_hash: &str,
        owner: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        // Sessions expired for a day are forgotten on the way (a bounded number).
        self.db()?
            .batch(vec![
                self.stmt(
                    "DELETE FROM sessions WHERE token_hash IN \
                     (SELECT token_hash FROM sessions WHERE expires_at < ?1 LIMIT 100)",
                    &[int(now - 86_400)],
                )?,
                self.stmt(
                    "INSERT INTO sessions (token_hash, owner_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                    &[text(token_hash), text(owner), int(now), int(expires_at)],
                )?,
            ])
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn session_owner(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<OwnerRecord>, StoreError> {
        Ok(self
            .first::<OwnerRow>(
                &format!(
                    "{OWNER_COLUMNS} JOIN sessions ON sessions.owner_id = owners.id \
                     WHERE sessions.token_hash = ?1 AND sessions.expires_at > ?2"
                ),
                &[text(token_hash), int(now)],
            )
            .await?
            .map(OwnerRecord::from))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.run(
            "DELETE FROM sessions WHERE token_hash = ?1",
            &[text(token_hash)],
        )
        .await?;
        Ok(())
    }

    async fn sign_in_failures(
        &self,
        subject: &str,
        since: i64,
    ) -> Result<(u32, Option<i64>), StoreError> {
        #[derive(Deserialize)]
        struct Row {
            n: i64,
            oldest: Option<i64>,
        }
        let row = self
            .first::<Row>(
                "SELECT COUNT(*) AS n, MIN(failed_at) AS oldest FROM sign_in_failures \
                 WHERE subject = ?1 AND failed_at > ?2",
                &[text(subject), int(since)],
            )
            .await?;
        Ok(row.map_or((0, None), |r| {
            (u32::try_from(r.n).unwrap_or(u32::MAX), r.oldest)
        }))
    }

    async fn record_sign_in_failure(
        &self,
        subjects: &[String],
        now: i64,
    ) -> Result<(), StoreError> {
        // Failures older than a day count for nothing: forget a bounded number of them.
        let mut batch = vec![self.stmt(
            "DELETE FROM sign_in_failures WHERE rowid IN \
             (SELECT rowid FROM sign_in_failures WHERE failed_at < ?1 LIMIT 100)",
            &[int(now - 86_400)],
        )?];
        for subject in subjects {
            batch.push(self.stmt(
                "INSERT INTO sign_in_failures (subject, failed_at) VALUES (?1, ?2)",
                &[text(subject), int(now)],
            )?);
        }
        self.db()?.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn clear_sign_in_failures(&self, subject: &str) -> Result<(), StoreError> {
        self.run(
            "DELETE FROM sign_in_failures WHERE subject = ?1",
            &[text(subject)],
        )
        .await?;
        Ok(())
    }

    async fn insert_shop(&self, shop: &ShopRecord, now: i64) -> Result<bool, StoreError> {
        let methods: Vec<&str> = shop.payment_methods.iter().map(|m| m.as_str()).collect();
        let inserted = self
            .run(
                "INSERT INTO shops (id, name, currency, locale, theme, allowed_origins, features, shipping_fee, \
                 free_shipping_over, created_at, payment_methods, payment_window_secs, owner_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (id) DO NOTHING",
                &[
                    text(shop.id.as_str()),
                    text(&shop.name),
                    text(shop.pricing.currency.code()),
                    text(locale_tag(shop.locale)),
                    json_text("theme", &shop.theme)?,
                    json_text("allowed origins", &shop.allowed_origins)?,
                    json_text("features", &shop.features)?,
                    int(shop.shipping.flat_fee.amount),
                    shop.shipping.free_over.map_or(JsValue::NULL, |m| int(m.amount)),
                    int(now),
                    json_text("payment methods", &methods)?,
                    int(shop.payment_window_secs),
                    shop.owner_id.as_deref().map_or(JsValue::NULL, text),
                ],
            )
            .await?;
        if inserted != 1 {
            return Ok(false);
        }
        self.set_markup(&shop.id, &shop.pricing.rules).await?;
        Ok(true)
    }

    async fn owner_shops(&self, owner: &str) -> Result<Vec<ShopId>, StoreError> {
        #[derive(Deserialize)]
        struct Row {
            id: String,
        }
        self.all::<Row>(
            "SELECT id FROM shops WHERE owner_id = ?1 ORDER BY created_at, id",
            &[text(owner)],
        )
        .await?
        .into_iter()
        .map(|r| ShopId::parse(&r.id).map_err(|e| corrupt("shop")(e.to_string())))
        .collect()
    }

    async fn update_shop(&self, shop: &ShopRecord) -> Result<(), StoreError> {
        let methods: Vec<&str> = shop.payment_methods.iter().map(|m| m.as_str()).collect();
        self.run(
            "UPDATE shops SET name = ?2, locale = ?3, theme = ?4, allowed_origins = ?5, payment_methods = ?6 \
             WHERE id = ?1",
            &[
                text(shop.id.as_str()),
                text(&shop.name),
                text(locale_tag(shop.locale)),
                json_text("theme", &shop.theme)?,
                json_text("allowed origins", &shop.allowed_origins)?,
                json_text("payment methods", &methods)?,
            ],
        )
        .await?;
        Ok(())
    }

    async fn set_markup(&self, shop: &ShopId, rules: &[MarkupRule]) -> Result<(), StoreError> {
        let mut batch = vec![self.stmt(
            "DELETE FROM markup_rules WHERE shop_id = ?1",
            &[text(shop.as_str())],
        )?];
        for r in rules {
            let (scope, target, kind, value) = rule_values(r);
            batch.push(self.stmt(
                "INSERT INTO markup_rules (shop_id, scope, target, kind, value) VALUES (?1, ?2, ?3, ?4, ?5)",
                &[text(shop.as_str()), text(scope), text(&target), text(kind), int(value)],
            )?);
        }
        self.db()?.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn set_picked(
        &self,
        shop: &ShopId,
        product: &ProductId,
        picked: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let args = [text(shop.as_str()), text(product.as_str()), int(now)];
        if picked {
            self.run(
                "INSERT INTO shop_products (shop_id, product_id, picked_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (shop_id, product_id) DO NOTHING",
                &args,
            )
            .await?;
        } else {
            self.run(
                "DELETE FROM shop_products WHERE shop_id = ?1 AND product_id = ?2",
                &args[..2],
            )
            .await?;
        }
        Ok(())
    }

    async fn set_followed(&self, shop: &ShopId, categories: &[Category]) -> Result<(), StoreError> {
        let mut batch = vec![self.stmt(
            "DELETE FROM shop_categories WHERE shop_id = ?1",
            &[text(shop.as_str())],
        )?];
        for c in categories {
            batch.push(self.stmt(
                "INSERT INTO shop_categories (shop_id, category) VALUES (?1, ?2) \
                 ON CONFLICT (shop_id, category) DO NOTHING",
                &[text(shop.as_str()), text(c.slug())],
            )?);
        }
        self.db()?.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn set_daily_picks(
        &self,
        shop: &ShopId,
        products: &[ProductId],
    ) -> Result<(), StoreError> {
        let mut batch = vec![self.stmt(
            "DELETE FROM daily_picks WHERE shop_id = ?1",
            &[text(shop.as_str())],
        )?];
        for (position, p) in products.iter().enumerate() {
            batch.push(self.stmt(
                "INSERT INTO daily_picks (shop_id, position, product_id) VALUES (?1, ?2, ?3)",
                &[text(shop.as_str()), int(position as i64), text(p.as_str())],
            )?);
        }
        self.db()?.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn set_member_secret(&self, owner: &str, secret: &str) -> Result<(), StoreError> {
        self.run(
            "UPDATE owners SET member_secret = ?2 WHERE id = ?1",
            &[text(owner), text(secret)],
        )
        .await?;
        Ok(())
    }

    async fn shop_orders(&self, shop: &ShopId) -> Result<Vec<OrderSummary>, StoreError> {
        #[derive(Deserialize)]
        struct Row {
            id: String,
            status: String,
            payment_method: String,
            currency: String,
            subtotal: i64,
            total: i64,
            supply_cost: i64,
            member_id: Option<String>,
            created_at: i64,
        }
        let c = corrupt("order");
        self.all::<Row>(
            // The goods as charged: a coupon's discount is not the owner's to earn on.
            "SELECT id, status, payment_method, currency, subtotal - discount AS subtotal, total, supply_cost, \
             member_id, created_at FROM orders WHERE shop_id = ?1 ORDER BY created_at DESC, id DESC",
            &[text(shop.as_str())],
        )
        .await?
        .into_iter()
        .map(|r| {
            let currency = Currency::parse(&r.currency).map_err(|e| c(e.to_string()))?;
            Ok(OrderSummary {
                id: OrderId::parse(&r.id).map_err(|e| c(e.to_string()))?,
                status: OrderStatus::parse(&r.status).map_err(|e| c(e.to_string()))?,
                payment_method: PaymentMethod::parse(&r.payment_method)
                    .ok_or_else(|| c(r.payment_method.clone()))?,
                subtotal: Money::new(r.subtotal, currency),
                total: Money::new(r.total, currency),
                supply_cost: Money::new(r.supply_cost, currency),
                member_id: r.member_id,
                created_at: r.created_at,
            })
        })
        .collect()
    }
}

/// The stored locale tag (what `Locale::parse` reads back).
pub(crate) fn locale_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "zh-CN",
        Locale::En => "en",
    }
}

fn kind_name(kind: AfterSalesKind) -> &'static str {
    match kind {
        AfterSalesKind::Return => "return",
        AfterSalesKind::Refund => "refund",
    }
}

const PAYMENT_COLUMNS: &str =
    "SELECT order_id, method, reference, pay_url, currency, amount, return_url, \
     cancel_url, status, provider_payment_id, refund_id, test_mode, created_at FROM payments";

#[derive(Deserialize)]
struct PaymentRow {
    order_id: String,
    method: String,
    reference: String,
    pay_url: String,
    currency: String,
    amount: i64,
    return_url: String,
    cancel_url: String,
    status: String,
    provider_payment_id: Option<String>,
    refund_id: Option<String>,
    test_mode: i64,
    created_at: i64,
}

impl PaymentRow {
    fn record(self) -> Result<PaymentRecord, StoreError> {
        let c = corrupt("payment");
        Ok(PaymentRecord {
            order_id: OrderId::parse(&self.order_id).map_err(|e| c(e.to_string()))?,
            method: PaymentMethod::parse(&self.method).ok_or_else(|| c(self.method.clone()))?,
            reference: self.reference,
            pay_url: self.pay_url,
            amount: Money::new(
                self.amount,
                Currency::parse(&self.currency).map_err(|e| c(e.to_string()))?,
            ),
            return_url: self.return_url,
            cancel_url: self.cancel_url,
            status: PaymentStatus::parse(&self.status).ok_or_else(|| c(self.status.clone()))?,
            provider_payment_id: self.provider_payment_id,
            refund_id: self.refund_id,
            test_mode: self.test_mode != 0,
            created_at: self.created_at,
        })
    }
}
