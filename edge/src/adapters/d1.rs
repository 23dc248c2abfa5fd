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
pub mod orders;
pub mod owners;

use crate::adapters::binding::{Bindings, LazyBinding};
use crate::ports::store::selection::Selection;
use crate::ports::store::{
    OwnerRecord, PaymentRecord, PaymentStatus, ShopRecord, Store, StoreError,
};
use pocketshop_shared::api::Theme;
use pocketshop_shared::catalogue::Category;
use pocketshop_shared::pricing::{Markup, MarkupRule, MarkupScope, ShopPricing};
use pocketshop_shared::quote::ShippingRule;
use pocketshop_shared::supply::AfterSalesKind;
use pocketshop_shared::{Currency, Locale, Money, OrderId, PaymentMethod, ProductId, ShopId};
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
