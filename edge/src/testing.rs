//! In-memory fakes of the store, the supplier, the cache and the platform, and the
//! handler tests that run the edge's routes against them without a Workers runtime.

use crate::app::App;
use crate::cache::{Cache, CacheError};
use crate::config::{Config, PaymentsConfig, SandboxConfig, Secret};
use crate::payments::{OutboundRequest, OutboundResponse, Payments};
use crate::platform::{Platform, PlatformError};
use crate::selection::Selection;
use crate::store::{
    Claim, NewOrder, OrderRecord, OrderSummary, OwnerRecord, PaymentRecord, PaymentStatus,
    ShopRecord, Store, StoreError, CLAIM_TIMEOUT_SECS,
};
use crate::supplier::{Supplier, SupplierError};
use pocketshop_shared::api::Theme;
use pocketshop_shared::catalogue::{Category, Localized, SupplyProduct, SupplySku};
use pocketshop_shared::order::Shipment;
use pocketshop_shared::pricing::{Markup, MarkupRule, MarkupScope, ShopPricing};
use pocketshop_shared::quote::ShippingRule;
use pocketshop_shared::supply::{
    AfterSalesCase, AfterSalesRequest, CreateSupplyOrder, ProductPage, SupplyOrder,
    SupplyOrderStatus,
};
use pocketshop_shared::{
    ApiError, Currency, IdempotencyKey, Locale, Money, OrderId, OrderStatus, PaymentMethod,
    ProductId, ShopId, Sku,
};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

pub const ORIGIN: &str = "http://127.0.0.1:8790";

pub fn cny(a: i64) -> Money {
    Money::new(a, Currency::CNY)
}

/// The seeded demo shop: CNY, 30 % markup, ¥8 shipping, free from ¥99.
pub fn demo_shop() -> ShopRecord {
    ShopRecord {
        id: ShopId::parse("demo").expect("valid"),
        name: "小口袋好物".into(),
        locale: Locale::ZhCn,
        theme: Theme {
            primary_colour: "#e4393c".into(),
            radius_px: 10,
            font: "system-ui".into(),
            logo_url: None,
        },
        allowed_origins: vec![ORIGIN.into()],
        features: vec!["cart".into(), "share".into()],
        shipping: ShippingRule {
            flat_fee: cny(800),
            free_over: Some(cny(9_900)),
        },
        pricing: ShopPricing {
            currency: Currency::CNY,
            rules: vec![MarkupRule {
                scope: MarkupScope::Shop,
                markup: Markup::Percent {
                    basis_points: 3_000,
                },
            }],
        },
        payment_methods: vec![PaymentMethod::Sandbox, PaymentMethod::CashOnDelivery],
        payment_window_secs: 900,
        owner_id: None,
        selection: Selection::everything(),
        agent: None,
    }
}

/// `n` products `P1…Pn`, cycling through the categories, each with two SKUs
/// (`Pi-A` with 50 in stock at ¥10.00 supply, `Pi-B` out of stock).
pub fn sample_catalogue(n: usize) -> Vec<SupplyProduct> {
    (1..=n)
        .map(|i| SupplyProduct {
            id: ProductId::parse(&format!("P{i}")).expect("valid"),
            category: Category::ALL[i % Category::ALL.len()],
            title: Localized::new(format!("商品 {i}"), format!("Product {i}")),
            description: Localized::new("描述", "Description"),
            images: vec![format!("http://supply.test/images/P{i}/1.svg")],
            skus: ["A", "B"]
                .iter()
                .map(|v| SupplySku {
                    sku: Sku::parse(&format!("P{i}-{v}")).expect("valid"),
                    options: vec![],
                    supply_price: cny(1_000),
                    suggested_price: cny(1_990),
                    floor_price: cny(1_050),
                    stock: if *v == "A" { 50 } else { 0 },
                })
                .collect(),
            updated_at: 1_000 + i as i64,
        })
        .collect()
}

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
    pub money: RefCell<mem_money::MemMoney>,
    /// Flash sales and group deals.
    pub campaigns: RefCell<mem_campaigns::MemCampaigns>,
    /// Agents, bargains and pre-sale.
    pub community: RefCell<mem_community::MemCommunity>,
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

/// A platform that records outbound requests and answers them with `answer`, and
/// records the order timers set.
pub struct FakePlatform {
    /// Every request sent, in order.
    pub sent: RefCell<Vec<OutboundRequest>>,
    /// Answers a request (default: 200 with `{}`).
    #[allow(clippy::type_complexity)]
    pub answer: RefCell<Box<dyn Fn(&OutboundRequest) -> Result<OutboundResponse, PlatformError>>>,
    /// Every (order, time) a wake-up was asked for.
    pub wakes: RefCell<Vec<(OrderId, i64)>>,
    /// Requests counted per (limiter, key).
    pub rate_counts: RefCell<HashMap<(crate::limits::Limiter, String), u32>>,
    /// How many requests a key may make per limiter (default: no limit).
    pub rate_allowance: Cell<u32>,
    /// Each SKU's stock holds, kept with the same logic as the Durable Object.
    pub holds: RefCell<HashMap<Sku, crate::holds::Holds>>,
    /// The holds' clock, unix milliseconds (default: the test apps' `now`).
    pub holds_clock_ms: Cell<i64>,
    /// Every stock-hold command sent, in order.
    pub hold_commands: RefCell<Vec<(Sku, crate::holds::HoldCommand)>>,
    /// When set, stock holds cannot be reached.
    pub holds_down: Cell<bool>,
    /// Each campaign counter by name, kept with the Durable Object's own logic on
    /// the holds' clock.
    pub campaigns: RefCell<HashMap<String, crate::campaigns::Counter>>,
}

impl Default for FakePlatform {
    fn default() -> FakePlatform {
        FakePlatform {
            sent: RefCell::new(Vec::new()),
            answer: RefCell::new(Box::new(|_| {
                Ok(OutboundResponse {
                    status: 200,
                    headers: vec![],
                    body: b"{}".to_vec(),
                })
            })),
            wakes: RefCell::new(Vec::new()),
            rate_counts: RefCell::new(HashMap::new()),
            rate_allowance: Cell::new(u32::MAX),
            holds: RefCell::new(HashMap::new()),
            holds_clock_ms: Cell::new(1_790_000_000_000),
            hold_commands: RefCell::new(Vec::new()),
            holds_down: Cell::new(false),
            campaigns: RefCell::new(HashMap::new()),
        }
    }
}

impl FakePlatform {
    /// Answers every later request with `f`.
    pub fn answer_with(
        &self,
        f: impl Fn(&OutboundRequest) -> Result<OutboundResponse, PlatformError> + 'static,
    ) {
        *self.answer.borrow_mut() = Box::new(f);
    }

    /// The earliest wake-up asked for `order`.
    pub fn next_wake(&self, order: &OrderId) -> Option<i64> {
        self.wakes
            .borrow()
            .iter()
            .filter(|(o, _)| o == order)
            .map(|(_, at)| *at)
            .min()
    }
}

impl Platform for FakePlatform {
    async fn send(&self, request: OutboundRequest) -> Result<OutboundResponse, PlatformError> {
        let answer = (self.answer.borrow())(&request);
        self.sent.borrow_mut().push(request);
        answer
    }

    async fn wake_order_at(&self, order: &OrderId, at: i64) -> Result<(), PlatformError> {
        self.wakes.borrow_mut().push((order.clone(), at));
        Ok(())
    }

    async fn rate_limit(
        &self,
        limiter: crate::limits::Limiter,
        key: &str,
    ) -> Result<bool, PlatformError> {
        let mut counts = self.rate_counts.borrow_mut();
        let count = counts.entry((limiter, key.to_owned())).or_insert(0);
        if *count >= self.rate_allowance.get() {
            return Ok(false);
        }
        *count += 1;
        Ok(true)
    }

    async fn stock_holds(
        &self,
        sku: &Sku,
        command: &crate::holds::HoldCommand,
    ) -> Result<crate::holds::HoldAnswer, PlatformError> {
        if self.holds_down.get() {
            return Err(PlatformError::StockHolds {
                detail: "durable object unreachable".into(),
            });
        }
        self.hold_commands
            .borrow_mut()
            .push((sku.clone(), command.clone()));
        Ok(self
            .holds
            .borrow_mut()
            .entry(sku.clone())
            .or_default()
            .apply(command.clone(), self.holds_clock_ms.get()))
    }

    async fn campaign(
        &self,
        name: &str,
        command: &crate::campaigns::CampaignCommand,
    ) -> Result<crate::campaigns::CampaignAnswer, PlatformError> {
        Ok(self
            .campaigns
            .borrow_mut()
            .entry(name.to_owned())
            .or_default()
            .apply(command.clone(), self.holds_clock_ms.get()))
    }

    async fn pbkdf2_sha256(
        &self,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
    ) -> Result<[u8; 32], PlatformError> {
        // The same derivation as Web Crypto's, natively.
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut out);
        Ok(out)
    }
}

/// A supplier over a fixed catalogue that records the orders it is sent.
#[derive(Default)]
pub struct FakeSupplier {
    pub catalogue: RefCell<Vec<SupplyProduct>>,
    /// Orders by idempotency key.
    pub orders: RefCell<HashMap<String, SupplyOrder>>,
    /// When set, every call fails as if the supplier were down.
    pub down: Cell<bool>,
    /// When set, only order creation fails: the catalogue still answers.
    pub orders_down: Cell<bool>,
    pub page_calls: Cell<u32>,
    /// When set, every call fails with this (a timeout, a bad body, an open breaker).
    pub fault: Cell<Option<fn() -> SupplierError>>,
}

impl FakeSupplier {
    fn check_up(&self) -> Result<(), SupplierError> {
        if let Some(fault) = self.fault.get() {
            return Err(fault());
        }
        if self.down.get() {
            Err(SupplierError::Status { status: 503 })
        } else {
            Ok(())
        }
    }
}

impl Supplier for FakeSupplier {
    async fn products(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<ProductPage, SupplierError> {
        self.check_up()?;
        self.page_calls.set(self.page_calls.get() + 1);
        let start: usize = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let all = self.catalogue.borrow();
        let end = (start + limit as usize).min(all.len());
        Ok(ProductPage {
            items: all[start..end].to_vec(),
            next_cursor: (end < all.len()).then(|| end.to_string()),
        })
    }

    async fn product(&self, id: &ProductId) -> Result<Option<SupplyProduct>, SupplierError> {
        self.check_up()?;
        Ok(self
            .catalogue
            .borrow()
            .iter()
            .find(|p| &p.id == id)
            .cloned())
    }

    async fn create_order(
        &self,
        key: &str,
        order: &CreateSupplyOrder,
    ) -> Result<SupplyOrder, SupplierError> {
        self.check_up()?;
        if self.orders_down.get() {
            return Err(SupplierError::Unreachable {
                detail: "connection reset".into(),
            });
        }
        if let Some(existing) = self.orders.borrow().get(key) {
            return Ok(existing.clone());
        }
        let mut catalogue = self.catalogue.borrow_mut();
        for line in &order.lines {
            let sku = catalogue
                .iter()
                .flat_map(|p| p.skus.iter())
                .find(|s| s.sku == line.sku)
                .ok_or_else(|| {
                    SupplierError::Rejected(ApiError::UnknownSku {
                        sku: line.sku.to_string(),
                    })
                })?;
            if sku.stock < line.quantity.get() {
                return Err(SupplierError::Rejected(ApiError::OutOfStock {
                    sku: line.sku.to_string(),
                    available: sku.stock,
                }));
            }
        }
        for line in &order.lines {
            for p in catalogue.iter_mut() {
                for s in p.skus.iter_mut().filter(|s| s.sku == line.sku) {
                    s.stock -= line.quantity.get();
                }
            }
        }
        let so = SupplyOrder {
            id: format!("SO-{}", self.orders.borrow().len() + 1),
            reference: order.reference.clone(),
            status: SupplyOrderStatus::Accepted,
            lines: order.lines.clone(),
            shipments: vec![],
            after_sales: vec![],
            created_at: 0,
        };
        self.orders.borrow_mut().insert(key.to_owned(), so.clone());
        Ok(so)
    }

    async fn request_after_sales(
        &self,
        supplier_order_id: &str,
        request: &AfterSalesRequest,
    ) -> Result<AfterSalesCase, SupplierError> {
        self.check_up()?;
        let mut orders = self.orders.borrow_mut();
        let order = orders
            .values_mut()
            .find(|o| o.id == supplier_order_id)
            .ok_or(SupplierError::Rejected(ApiError::OrderNotFound))?;
        let case = AfterSalesCase {
            id: format!("AS-{}", order.after_sales.len() + 1),
            kind: request.kind,
            reason: request.reason.clone(),
            status: "requested".into(),
            created_at: 0,
        };
        order.after_sales.push(case.clone());
        Ok(case)
    }
}

#[derive(Default)]
pub struct MemCache {
    pub entries: RefCell<HashMap<String, String>>,
    /// Writes fail, as a KV over its write rate does.
    pub refuse_writes: Cell<bool>,
}

impl Cache for MemCache {
    async fn get(&self, key: &str) -> Result<Option<String>, CacheError> {
        Ok(self.entries.borrow().get(key).cloned())
    }
    async fn put(&self, key: &str, value: &str, _ttl: u64) -> Result<(), CacheError> {
        if self.refuse_writes.get() {
            return Err(CacheError {
                detail: "write refused".into(),
            });
        }
        self.entries
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        self.entries.borrow_mut().remove(key);
        Ok(())
    }
}

pub type TestApp = App<MemStore, FakeSupplier, MemCache, FakePlatform>;

/// The edge's public URL in tests.
pub const PUBLIC_URL: &str = "http://edge.test";

/// The sandbox's secret in tests.
pub const SANDBOX_SECRET: &str = "sandbox-secret-for-tests";

pub fn config() -> Config {
    Config::from_values(
        "http://supply.test",
        "edge-local",
        "supply-secret",
        "supply-local",
        "webhook-secret",
        "order-token-secret-for-tests",
    )
    .expect("valid config")
    .with_payments(PaymentsConfig {
        public_url: PUBLIC_URL.into(),
        stripe: None,
        wechat: None,
        wechat_oauth: None,
        sandbox: Some(SandboxConfig {
            secret: Secret::new(SANDBOX_SECRET),
        }),
        retry_base_secs: 10,
    })
}

/// An app with the demo shop and a catalogue of `n` sample products.
pub fn app(n: usize) -> TestApp {
    let store = MemStore::default();
    let shop = demo_shop();
    store.shops.borrow_mut().insert(shop.id.clone(), shop);
    let supplier = FakeSupplier::default();
    *supplier.catalogue.borrow_mut() = sample_catalogue(n);
    let config = config();
    App {
        store,
        supplier,
        cache: MemCache::default(),
        memo: std::rc::Rc::default(),
        shops: std::rc::Rc::default(),
        pages: std::rc::Rc::default(),
        platform: FakePlatform::default(),
        payments: std::rc::Rc::new(Payments::new(&config.payments)),
        config: std::rc::Rc::new(config),
        now: 1_790_000_000,
    }
}

#[cfg(test)]
mod admin_flows;
mod mem_campaigns;
mod mem_community;
mod mem_money;

#[cfg(test)]
mod fuzz_flows;

#[cfg(test)]
mod limit_flows;

#[cfg(test)]
mod hold_flows;

#[cfg(test)]
mod campaign_flows;

#[cfg(test)]
mod community_flows;

#[cfg(test)]
mod payment_flows;

#[cfg(test)]
mod money_flows;

#[cfg(test)]
mod first_view_flows;

#[cfg(test)]
mod page_flows;

#[cfg(test)]
pub(crate) mod flows {
    use super::*;
    use crate::http::{HttpRequest, HttpResponse, Method};
    use crate::payments::sandbox::SandboxEvent;
    use pocketshop_shared::admin::Session;
    use pocketshop_shared::api::{OrderCreated, OrderView, ProductList};
    use pocketshop_shared::quote::Quote;
    use pocketshop_shared::supply::{SupplyEvent, SupplyEventKind};
    use serde_json::{json, Value};

    /// Runs `req` through the edge's router, then what the runtime runs after the
    /// answer (a catalogue refresh the request made due).
    pub(crate) fn run(app: &TestApp, req: HttpRequest) -> HttpResponse {
        let response = answer(app, req);
        pollster::block_on(crate::catalogue::refresh(app));
        response
    }

    /// Runs `req` through the edge's router only: the answer as it goes out.
    pub(crate) fn answer(app: &TestApp, req: HttpRequest) -> HttpResponse {
        pollster::block_on(crate::handle(app, &req, "req-test"))
    }

    /// A shopper's GET of `path` from the demo shop's page.
    pub(crate) fn get_request(path: &str) -> HttpRequest {
        HttpRequest::new(Method::Get, path).with_header("origin", ORIGIN)
    }

    /// [`run`] of [`get_request`].
    pub(crate) fn get(app: &TestApp, path: &str) -> HttpResponse {
        run(app, get_request(path))
    }

    /// A shopper's JSON POST of `body` to `path` from the demo shop's page, with an
    /// optional idempotency key.
    pub(crate) fn post(app: &TestApp, path: &str, body: &Value, key: Option<&str>) -> HttpResponse {
        let mut req = HttpRequest::new(Method::Post, path)
            .with_header("origin", ORIGIN)
            .with_header("content-type", "application/json")
            .with_body(serde_json::to_vec(body).expect("json"));
        if let Some(k) = key {
            req = req.with_header("idempotency-key", k);
        }
        run(app, req)
    }

    /// The JSON body of `r`, or a panic showing it.
    pub(crate) fn body<T: serde::de::DeserializeOwned>(r: &HttpResponse) -> T {
        serde_json::from_slice(&r.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&r.body)))
    }

    /// The `code` of the error in `r`, empty if it has none.
    pub(crate) fn code(r: &HttpResponse) -> String {
        body::<Value>(r)["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// A cash-on-delivery checkout of `quantity` × `P1-A`, confirmed at `total`.
    pub(crate) fn order_body(total: i64, quantity: u32) -> Value {
        json!({
            "lines": [{"product_id": "P1", "sku": "P1-A", "quantity": quantity}],
            "confirmed_total": {"amount": total, "currency": "CNY"},
            "contact": {"name": "王小明", "phone": "13800138000",
                        "address": {"region": "浙江省", "city": "杭州市", "district": "西湖区", "line": "文三路 90 号"}},
            "payment_method": "cash_on_delivery"
        })
    }

    /// Checks out one line of `P1-A` with key `key`.
    pub(crate) fn place(app: &TestApp, total: i64, quantity: u32, key: &str) -> HttpResponse {
        post(
            app,
            "/v1/shops/demo/orders",
            &order_body(total, quantity),
            Some(key),
        )
    }

    /// The supplier's webhook delivering `event`, signed with `nonce`.
    pub(crate) fn signed_event(app: &TestApp, event: &SupplyEvent, nonce: &str) -> HttpRequest {
        let body = serde_json::to_vec(event).expect("json");
        let key =
            pocketshop_shared::signing::SigningKey::new("supply-local", b"webhook-secret".to_vec())
                .expect("key");
        let signed = key.sign(app.now, nonce, "POST", "/v1/hooks/supply", &body);
        let mut req = HttpRequest::new(Method::Post, "/v1/hooks/supply")
            .with_header("content-type", "application/json")
            .with_body(body);
        for (n, v) in signed.pairs() {
            req = req.with_header(n, v);
        }
        req
    }

    /// The page the demo shop is embedded on, where prepaid checkouts return.
    pub(crate) const PAGE: &str = "http://127.0.0.1:8790/blog.html";

    /// [`order_body`] paid in the sandbox instead, returning to the cart on [`PAGE`].
    pub(crate) fn sandbox_body(total: i64, quantity: u32) -> Value {
        let mut b = order_body(total, quantity);
        b["payment_method"] = json!("sandbox");
        b["return_url"] = json!(format!("{PAGE}#ps-cart&shop=demo"));
        b
    }

    /// Checks out `quantity` × `P1-A` at `total` with key `key` to pay in the sandbox;
    /// the order, still unpaid.
    pub(crate) fn place_sandbox(
        app: &TestApp,
        total: i64,
        quantity: u32,
        key: &str,
    ) -> OrderCreated {
        let r = post(
            app,
            "/v1/shops/demo/orders",
            &sandbox_body(total, quantity),
            Some(key),
        );
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        body(&r)
    }

    /// The payment the edge opened for `created`.
    pub(crate) fn payment(app: &TestApp, created: &OrderCreated) -> PaymentRecord {
        app.store.payments.borrow()[&created.order.id].clone()
    }

    /// The sandbox's notification that `created` was paid, as its pay page sends it.
    pub(crate) fn paid_notice(
        app: &TestApp,
        created: &OrderCreated,
        event_id: &str,
    ) -> HttpRequest {
        let p = payment(app, created);
        let event = SandboxEvent {
            id: event_id.into(),
            kind: "payment.succeeded".into(),
            order_id: created.order.id.to_string(),
            reference: p.reference.clone(),
            payment_id: Some(format!("sbxpay_{}", p.reference)),
            amount: Some(p.amount),
            refund_id: None,
        };
        app.payments
            .sandbox
            .as_ref()
            .expect("sandbox")
            .notification(&event, app.now)
    }

    /// The password the test owners sign up with.
    pub(crate) const PASSWORD: &str = "correct horse battery";

    /// The site that embeds the owners' test shops.
    pub(crate) const SITE: &str = "https://tea.example";

    /// An owner-API request from the owner's address (`203.0.113.9`), with `token` as
    /// its bearer token and `body` as its JSON body when given.
    pub(crate) fn owner_request(
        app: &TestApp,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> HttpResponse {
        let mut req = HttpRequest::new(method, path).with_header("cf-connecting-ip", "203.0.113.9");
        if let Some(t) = token {
            req = req.with_header("authorization", &format!("Bearer {t}"));
        }
        if let Some(b) = body {
            req = req
                .with_header("content-type", "application/json")
                .with_body(serde_json::to_vec(b).expect("json"));
        }
        run(app, req)
    }

    /// Signs `email` up as a new owner with [`PASSWORD`]; their session.
    pub(crate) fn sign_up(app: &TestApp, email: &str) -> Session {
        let r = owner_request(
            app,
            Method::Post,
            "/v1/admin/signup",
            None,
            Some(&json!({"email": email, "password": PASSWORD})),
        );
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        body(&r)
    }

    /// The owner of `token` creates shop `id` ("Tea & Co", CNY, English) on [`SITE`].
    pub(crate) fn create_shop(app: &TestApp, token: &str, id: &str) -> HttpResponse {
        owner_request(
            app,
            Method::Post,
            "/v1/admin/shops",
            Some(token),
            Some(
                &json!({"id": id, "name": "Tea & Co", "currency": "CNY", "locale": "en",
                         "allowed_origins": [SITE]}),
            ),
        )
    }

    /// An owner with a shop `tea` on [`SITE`]; returns their token.
    pub(crate) fn owner_with_shop(app: &TestApp) -> String {
        let s = sign_up(app, "owner@tea.example");
        let r = create_shop(app, &s.token, "tea");
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        s.token
    }

    #[test]
    fn the_catalogue_is_fetched_once_and_then_served_from_the_cache() {
        let app = app(250);
        let first: ProductList = body(&get(&app, "/v1/shops/demo/products?limit=10"));
        assert_eq!(first.items.len(), 10);
        let calls = app.supplier.page_calls.get();
        assert_eq!(calls, 2, "250 products take two supplier pages of 200");
        let _ = get(&app, "/v1/shops/demo/products?limit=10&cursor=o10");
        assert_eq!(app.supplier.page_calls.get(), calls);
    }

    #[test]
    fn a_shopper_quotes_orders_and_follows_the_parcel() {
        let app = app(3);
        let quote: Quote = body(&post(
            &app,
            "/v1/shops/demo/quote",
            &json!({"lines": [{"product_id": "P1", "sku": "P1-A", "quantity": 2}]}),
            None,
        ));
        // 2 × ¥13.00 + ¥8.00 shipping.
        assert_eq!(quote.total, cny(3_400));

        let r = post(
            &app,
            "/v1/shops/demo/orders",
            &order_body(3_400, 2),
            Some("key-1"),
        );
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.header("access-control-allow-origin"), Some(ORIGIN));
        let created: OrderCreated = body(&r);
        assert_eq!(created.order.status, OrderStatus::Submitted);
        assert_eq!(app.supplier.orders.borrow().len(), 1);

        let id = created.order.id.clone();
        let supplier_id = app.store.orders.borrow()[&id]
            .supplier_order_id
            .clone()
            .expect("submitted");
        let shipped = SupplyEvent {
            event_id: "ev-1".into(),
            occurred_at: app.now,
            kind: SupplyEventKind::OrderShipped {
                order_id: supplier_id,
                reference: id.to_string(),
                shipment: Shipment {
                    carrier: "SF Express".into(),
                    tracking_number: "SF123".into(),
                    shipped_at: app.now,
                    delivered_at: None,
                },
            },
        };
        let r = run(&app, signed_event(&app, &shipped, "n-1"));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));

        let view: OrderView = body(&get(
            &app,
            &format!("/v1/orders/{id}?token={}", created.token),
        ));
        assert_eq!(view.status, OrderStatus::Shipped);
        assert_eq!(view.shipments[0].tracking_number, "SF123");

        let wrong = get(
            &app,
            &format!("/v1/orders/{id}?token=00000000000000000000000000000000"),
        );
        assert_eq!(
            (wrong.status, code(&wrong)),
            (404, "order_not_found".into())
        );
    }

    #[test]
    fn the_same_key_and_body_returns_the_same_order_once() {
        let app = app(2);
        let first: OrderCreated = body(&place(&app, 2_100, 1, "k"));
        let again = place(&app, 2_100, 1, "k");
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        let second: OrderCreated = body(&again);
        assert_eq!(first, second);
        assert_eq!(app.supplier.orders.borrow().len(), 1);
        assert_eq!(app.store.orders.borrow().len(), 1);
    }

    #[test]
    fn the_same_key_with_another_body_is_a_422() {
        let app = app(2);
        assert_eq!(place(&app, 2_100, 1, "k").status, 201);
        let r = place(&app, 3_400, 2, "k");
        assert_eq!((r.status, code(&r)), (422, "idempotency_conflict".into()));
    }

    #[test]
    fn a_retry_after_a_supplier_outage_resumes_the_same_order() {
        let app = app(2);
        // The catalogue answers and the order is stored; then the supplier fails to
        // take it.
        app.supplier.orders_down.set(true);
        let r = place(&app, 2_100, 1, "k");
        assert_eq!((r.status, code(&r)), (503, "supplier_unavailable".into()));
        assert!(r.header("retry-after").is_some());
        let pending: Vec<OrderId> = app.store.orders.borrow().keys().cloned().collect();
        assert_eq!(pending.len(), 1);
        assert_eq!(
            app.store.orders.borrow()[&pending[0]].status,
            OrderStatus::PendingPayment
        );

        app.supplier.orders_down.set(false);
        let r = place(&app, 2_100, 1, "k");
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        let created: OrderCreated = body(&r);
        assert_eq!(
            created.order.id, pending[0],
            "the retry resumed the stored order"
        );
        assert_eq!(created.order.status, OrderStatus::Submitted);
        assert_eq!(app.supplier.orders.borrow().len(), 1);
        assert_eq!(app.store.orders.borrow().len(), 1, "no second local order");
    }

    #[test]
    fn a_changed_price_is_refused_rather_than_charged() {
        let app = app(1);
        let r = place(&app, 1_000, 1, "k");
        assert_eq!((r.status, code(&r)), (409, "price_changed".into()));
        assert!(app.supplier.orders.borrow().is_empty());
        // The key was released: the corrected request goes through.
        assert_eq!(place(&app, 2_100, 1, "k").status, 201);
    }

    #[test]
    fn an_out_of_stock_sku_is_refused_with_its_code() {
        let app = app(1);
        let mut b = order_body(2_100, 1);
        b["lines"][0]["sku"] = json!("P1-B");
        let r = post(&app, "/v1/shops/demo/orders", &b, Some("k"));
        assert_eq!((r.status, code(&r)), (409, "out_of_stock".into()));
    }

    #[test]
    fn a_replayed_or_badly_signed_webhook_is_refused() {
        let app = app(1);
        let event = SupplyEvent {
            event_id: "e".into(),
            occurred_at: 0,
            kind: SupplyEventKind::ProductUpdated {
                product_id: "P1".into(),
            },
        };
        assert_eq!(run(&app, signed_event(&app, &event, "n")).status, 200);
        let replay = run(&app, signed_event(&app, &event, "n"));
        assert_eq!(
            (replay.status, code(&replay)),
            (401, "replayed_request".into())
        );
        let mut tampered = signed_event(&app, &event, "n2");
        tampered.body.push(b' ');
        let r = run(&app, tampered);
        assert_eq!((r.status, code(&r)), (401, "invalid_signature".into()));
        let unsigned = HttpRequest::new(Method::Post, "/v1/hooks/supply")
            .with_header("content-type", "application/json");
        assert_eq!(code(&run(&app, unsigned)), "invalid_signature");
    }

    #[test]
    fn a_redelivered_event_changes_nothing_twice() {
        let app = app(1);
        let created: OrderCreated = body(&place(&app, 2_100, 1, "k"));
        let id = created.order.id;
        let so = app.store.orders.borrow()[&id]
            .supplier_order_id
            .clone()
            .expect("submitted");
        let delivered = SupplyEvent {
            event_id: "d".into(),
            occurred_at: 0,
            kind: SupplyEventKind::OrderDelivered {
                order_id: so.clone(),
                reference: id.to_string(),
                delivered_at: 5,
            },
        };
        // Delivered before shipped: too early, the supplier should retry later.
        let early = run(&app, signed_event(&app, &delivered, "n0"));
        assert_eq!(
            (early.status, code(&early)),
            (409, "invalid_transition".into())
        );
        let shipped = SupplyEvent {
            event_id: "s".into(),
            occurred_at: 0,
            kind: SupplyEventKind::OrderShipped {
                order_id: so,
                reference: id.to_string(),
                shipment: Shipment {
                    carrier: "YTO".into(),
                    tracking_number: "YT1".into(),
                    shipped_at: 1,
                    delivered_at: None,
                },
            },
        };
        for nonce in ["n1", "n2", "n3"] {
            let r = run(&app, signed_event(&app, &shipped, nonce));
            assert_eq!(r.status, 200);
        }
        assert_eq!(app.store.orders.borrow()[&id].shipments.len(), 1);
        assert_eq!(run(&app, signed_event(&app, &delivered, "n4")).status, 200);
        assert_eq!(
            app.store.orders.borrow()[&id].status,
            OrderStatus::Delivered
        );
    }

    #[test]
    fn cors_refuses_other_origins_and_answers_preflights() {
        let app = app(1);
        let r = run(
            &app,
            HttpRequest::new(Method::Get, "/v1/shops/demo")
                .with_header("origin", "http://127.0.0.1:8790.evil.test"),
        );
        assert_eq!((r.status, code(&r)), (403, "origin_not_allowed".into()));
        let pre = run(
            &app,
            HttpRequest::new(Method::Options, "/v1/shops/demo/orders")
                .with_header("origin", ORIGIN)
                .with_header("access-control-request-method", "POST"),
        );
        assert_eq!(pre.status, 204);
        assert_eq!(pre.header("access-control-allow-origin"), Some(ORIGIN));
    }

    #[test]
    fn unknown_routes_shops_and_methods_get_their_codes() {
        let app = app(1);
        let r = get(&app, "/v1/shops/nobody");
        assert_eq!((r.status, code(&r)), (404, "unknown_shop".into()));
        let r = get(&app, "/v1/nothing");
        assert_eq!((r.status, code(&r)), (404, "not_found".into()));
        let r = run(
            &app,
            HttpRequest::new(Method::Other("DELETE".into()), "/v1/shops/demo/products")
                .with_header("origin", ORIGIN),
        );
        assert_eq!((r.status, code(&r)), (405, "method_not_allowed".into()));
        assert_eq!(r.header("allow"), Some("GET"));
        let r = post(&app, "/v1/shops/demo/orders", &order_body(2_100, 1), None);
        assert_eq!(
            (r.status, code(&r)),
            (400, "missing_idempotency_key".into())
        );
        let r = get(&app, "/v1/shops/demo/products/..%2F..%2Fetc");
        assert_eq!((r.status, code(&r)), (404, "unknown_product".into()));
    }
}
