//! The [`MoneyStore`] on D1: coupons and their redemptions, shopper histories,
//! sharers, commission shares and the commission ledger.

use crate::adapters::d1::{corrupt, db, int, json_text, opt_text, text, D1Store};
use crate::ports::store::money::{
    limit_refusal, used_up, EarningTotals, LedgerEntry, MoneySettings, MoneyStore, Redeemed,
};
use crate::ports::store::StoreError;
use pocketshop_shared::commission::{CommissionPolicy, CommissionShares};
use pocketshop_shared::coupon::{Coupon, CouponCode, IssueRules, ShopperHistory, Uses};
use pocketshop_shared::referral::{AgentSales, SharerCode};
use pocketshop_shared::{Currency, Money, OrderId, ShopId, ShopperId};
use serde::Deserialize;
use wasm_bindgen::JsValue;

#[derive(Deserialize)]
struct CouponRow {
    code: String,
    value: String,
    currency: String,
    min_spend: Option<i64>,
    valid_from: Option<i64>,
    valid_until: Option<i64>,
    per_shopper_limit: Option<i64>,
    total_limit: Option<i64>,
    issued_to: Option<String>,
    used: Option<i64>,
}

impl CouponRow {
    fn coupon(self) -> Result<(Coupon, u32), StoreError> {
        let c = corrupt("coupon");
        let currency = Currency::parse(&self.currency).map_err(|e| c(e.to_string()))?;
        let limit = |v: Option<i64>| v.map(count);
        Ok((
            Coupon {
                code: CouponCode::parse(&self.code).map_err(|e| c(e.to_string()))?,
                value: serde_json::from_str(&self.value).map_err(|e| c(e.to_string()))?,
                min_spend: self.min_spend.map(|m| Money::new(m, currency)),
                valid_from: self.valid_from,
                valid_until: self.valid_until,
                per_shopper_limit: limit(self.per_shopper_limit),
                total_limit: limit(self.total_limit),
                issued_to: self
                    .issued_to
                    .map(|s| ShopperId::parse(&s))
                    .transpose()
                    .map_err(|e| c(e.to_string()))?,
            },
            limit(self.used).unwrap_or(0),
        ))
    }
}

/// The coupon columns, with the shop's currency and the uses not given up.
const COUPON_SELECT: &str = "SELECT c.code, c.value, s.currency, c.min_spend, c.valid_from, \
     c.valid_until, c.per_shopper_limit, c.total_limit, c.issued_to, \
     (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.shop_id = c.shop_id AND r.code = c.code \
      AND r.voided = 0) AS used \
     FROM coupons c JOIN shops s ON s.id = c.shop_id";

#[derive(Deserialize)]
struct UsesRow {
    total: i64,
    /// NULL when no row matches, or no shopper was asked about.
    by_shopper: Option<i64>,
}

#[derive(Deserialize)]
struct SettingsRow {
    issue_rules: String,
    agent_bp: i64,
    upstream_agent_bp: i64,
    sharer_bp: i64,
}

#[derive(Deserialize)]
struct HistoryRow {
    history: String,
}

#[derive(Deserialize)]
struct CodeRow {
    code: String,
}

#[derive(Deserialize)]
struct ShopperRow {
    shopper: String,
}

#[derive(Deserialize)]
struct TotalsRow {
    orders: i64,
    pending: Option<i64>,
    earned: Option<i64>,
    voided: Option<i64>,
}

#[derive(Deserialize)]
struct AgentRow {
    shop_id: String,
    orders: i64,
    sales: Option<i64>,
    commission: Option<i64>,
}

fn opt_int(v: Option<u32>) -> JsValue {
    v.map_or(JsValue::NULL, |n| int(i64::from(n)))
}

/// Whether a ledger row counts as voided: voided itself, or its order given up.
const VOIDED: &str = "(l.voided = 1 OR o.status IN ('cancelled', 'refunded', 'expired'))";

impl MoneyStore for D1Store {
    async fn insert_coupon(
        &self,
        shop: &ShopId,
        coupon: &Coupon,
        now: i64,
    ) -> Result<bool, StoreError> {
        let changed = self
            .run(
                "INSERT INTO coupons (shop_id, code, value, min_spend, valid_from, valid_until, \
                 per_shopper_limit, total_limit, issued_to, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
                &[
                    text(shop.as_str()),
                    text(coupon.code.as_str()),
                    json_text("coupon value", &coupon.value)?,
                    coupon.min_spend.map_or(JsValue::NULL, |m| int(m.amount)),
                    coupon.valid_from.map_or(JsValue::NULL, int),
                    coupon.valid_until.map_or(JsValue::NULL, int),
                    opt_int(coupon.per_shopper_limit),
                    opt_int(coupon.total_limit),
                    opt_text(coupon.issued_to.as_ref().map(ShopperId::as_str)),
                    int(now),
                ],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn coupon(&self, shop: &ShopId, code: &CouponCode) -> Result<Option<Coupon>, StoreError> {
        self.first::<CouponRow>(
            &format!("{COUPON_SELECT} WHERE c.shop_id = ?1 AND c.code = ?2"),
            &[text(shop.as_str()), text(code.as_str())],
        )
        .await?
        .map(|r| r.coupon().map(|(c, _)| c))
        .transpose()
    }

    async fn coupon_uses(
        &self,
        shop: &ShopId,
        code: &CouponCode,
        shopper: Option<&ShopperId>,
    ) -> Result<Uses, StoreError> {
        // One round trip for both counts; `shopper = NULL` matches no row, so without
        // a shopper their own count is 0.
        let row = self
            .first::<UsesRow>(
                "SELECT COUNT(*) AS total, SUM(CASE WHEN shopper = ?3 THEN 1 ELSE 0 END) AS by_shopper \
                 FROM coupon_redemptions WHERE shop_id = ?1 AND code = ?2 AND voided = 0",
                &[
                    text(shop.as_str()),
                    text(code.as_str()),
                    opt_text(shopper.map(ShopperId::as_str)),
                ],
            )
            .await?;
        Ok(row.map_or_else(Uses::default, |r| Uses {
            total: count(r.total),
            by_shopper: r.by_shopper.map_or(0, count),
        }))
    }

    async fn shop_coupons(&self, shop: &ShopId) -> Result<Vec<(Coupon, u32)>, StoreError> {
        self.all::<CouponRow>(
            &format!(
                "{COUPON_SELECT} WHERE c.shop_id = ?1 AND c.issued_to IS NULL \
                 ORDER BY c.created_at DESC, c.code LIMIT 500"
            ),
            &[text(shop.as_str())],
        )
        .await?
        .into_iter()
        .map(CouponRow::coupon)
        .collect()
    }

    async fn shopper_coupons(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        now: i64,
    ) -> Result<Vec<Coupon>, StoreError> {
        let rows = self
            .all::<CouponRow>(
                &format!(
                    "{COUPON_SELECT} WHERE c.shop_id = ?1 AND c.issued_to = ?2 \
                     AND (c.valid_until IS NULL OR c.valid_until > ?3) \
                     ORDER BY c.valid_until, c.code LIMIT 100"
                ),
                &[text(shop.as_str()), text(shopper.as_str()), int(now)],
            )
            .await?;
        let mut out = Vec::new();
        for row in rows {
            let (coupon, used) = row.coupon()?;
            if !used_up(&coupon, used) {
                out.push(coupon);
            }
        }
        Ok(out)
    }

    async fn redeem_coupon(
        &self,
        shop: &ShopId,
        code: &CouponCode,
        order: &OrderId,
        shopper: Option<&ShopperId>,
        now: i64,
    ) -> Result<Redeemed, StoreError> {
        // One statement: the limits are read and the use taken atomically.
        let inserted = self
            .run(
                "INSERT INTO coupon_redemptions (shop_id, code, order_id, shopper, voided, created_at) \
                 SELECT ?1, ?2, ?3, ?4, 0, ?5 FROM coupons c \
                 WHERE c.shop_id = ?1 AND c.code = ?2 \
                 AND (c.total_limit IS NULL OR c.total_limit > (SELECT COUNT(*) FROM coupon_redemptions r \
                      WHERE r.shop_id = ?1 AND r.code = ?2 AND r.voided = 0)) \
                 AND (c.per_shopper_limit IS NULL OR c.per_shopper_limit > (SELECT COUNT(*) FROM coupon_redemptions r \
                      WHERE r.shop_id = ?1 AND r.code = ?2 AND r.voided = 0 AND r.shopper IS ?4)) \
                 ON CONFLICT (order_id) DO NOTHING",
                &[
                    text(shop.as_str()),
                    text(code.as_str()),
                    text(order.as_str()),
                    opt_text(shopper.map(ShopperId::as_str)),
                    int(now),
                ],
            )
            .await?;
        if inserted == 1 {
            return Ok(Redeemed::Yes);
        }
        let Some(coupon) = self.coupon(shop, code).await? else {
            return Ok(Redeemed::Unknown);
        };
        let uses = self.coupon_uses(shop, code, shopper).await?;
        // Within its limits, the order already holds its use (a retried checkout).
        Ok(limit_refusal(&coupon, uses).unwrap_or(Redeemed::Yes))
    }

    async fn void_redemption(&self, order: &OrderId) -> Result<(), StoreError> {
        self.run(
            "UPDATE coupon_redemptions SET voided = 1 WHERE order_id = ?1",
            &[text(order.as_str())],
        )
        .await?;
        Ok(())
    }

    async fn money_settings(&self, shop: &ShopId) -> Result<MoneySettings, StoreError> {
        let Some(row) = self
            .first::<SettingsRow>(
                "SELECT issue_rules, agent_bp, upstream_agent_bp, sharer_bp FROM shop_money WHERE shop_id = ?1",
                &[text(shop.as_str())],
            )
            .await?
        else {
            return Ok(MoneySettings::default());
        };
        let c = corrupt("shop money settings");
        let bp = |v: i64| u32::try_from(v).map_err(|e| c(e.to_string()));
        Ok(MoneySettings {
            rules: serde_json::from_str(&row.issue_rules).map_err(|e| c(e.to_string()))?,
            shares: CommissionPolicy {
                platform_fee_bp: 0,
                agent_bp: bp(row.agent_bp)?,
                upstream_agent_bp: bp(row.upstream_agent_bp)?,
                sharer_bp: bp(row.sharer_bp)?,
            },
        })
    }

    async fn set_issue_rules(&self, shop: &ShopId, rules: &IssueRules) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO shop_money (shop_id, issue_rules) VALUES (?1, ?2) \
             ON CONFLICT (shop_id) DO UPDATE SET issue_rules = excluded.issue_rules",
            &[text(shop.as_str()), json_text("issue rules", rules)?],
        )
        .await?;
        Ok(())
    }

    async fn set_commission_shares(
        &self,
        shop: &ShopId,
        shares: &CommissionShares,
    ) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO shop_money (shop_id, agent_bp, upstream_agent_bp, sharer_bp) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (shop_id) DO UPDATE SET \
             agent_bp = excluded.agent_bp, upstream_agent_bp = excluded.upstream_agent_bp, \
             sharer_bp = excluded.sharer_bp",
            &[
                text(shop.as_str()),
                int(i64::from(shares.agent_bp)),
                int(i64::from(shares.upstream_agent_bp)),
                int(i64::from(shares.sharer_bp)),
            ],
        )
        .await?;
        Ok(())
    }

    async fn shopper_history(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
    ) -> Result<Option<ShopperHistory>, StoreError> {
        self.first::<HistoryRow>(
            "SELECT history FROM shoppers WHERE shop_id = ?1 AND shopper = ?2",
            &[text(shop.as_str()), text(shopper.as_str())],
        )
        .await?
        .map(|r| serde_json::from_str(&r.history).map_err(|e| corrupt("shopper")(e.to_string())))
        .transpose()
    }

    async fn swap_shopper_history(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        expected: Option<&ShopperHistory>,
        next: &ShopperHistory,
    ) -> Result<bool, StoreError> {
        let next = json_text("shopper", next)?;
        let changed = match expected {
            None => {
                self.run(
                    "INSERT INTO shoppers (shop_id, shopper, history) VALUES (?1, ?2, ?3) \
                     ON CONFLICT DO NOTHING",
                    &[text(shop.as_str()), text(shopper.as_str()), next],
                )
                .await?
            }
            Some(old) => {
                self.run(
                    "UPDATE shoppers SET history = ?3 WHERE shop_id = ?1 AND shopper = ?2 AND history = ?4",
                    &[
                        text(shop.as_str()),
                        text(shopper.as_str()),
                        next,
                        json_text("shopper", old)?,
                    ],
                )
                .await?
            }
        };
        Ok(changed == 1)
    }

    async fn sharer_code(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        new_code: &SharerCode,
        now: i64,
    ) -> Result<SharerCode, StoreError> {
        self.run(
            "INSERT INTO sharers (shop_id, code, shopper, created_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT DO NOTHING",
            &[
                text(shop.as_str()),
                text(new_code.as_str()),
                text(shopper.as_str()),
                int(now),
            ],
        )
        .await?;
        let row = self
            .first::<CodeRow>(
                "SELECT code FROM sharers WHERE shop_id = ?1 AND shopper = ?2",
                &[text(shop.as_str()), text(shopper.as_str())],
            )
            .await?
            .ok_or_else(|| StoreError::Database {
                detail: "a sharer vanished after its insert".into(),
            })?;
        SharerCode::parse(&row.code).map_err(|e| corrupt("sharer")(e.to_string()))
    }

    async fn sharer(
        &self,
        shop: &ShopId,
        code: &SharerCode,
    ) -> Result<Option<ShopperId>, StoreError> {
        self.first::<ShopperRow>(
            "SELECT shopper FROM sharers WHERE shop_id = ?1 AND code = ?2",
            &[text(shop.as_str()), text(code.as_str())],
        )
        .await?
        .map(|r| ShopperId::parse(&r.shopper).map_err(|e| corrupt("sharer")(e.to_string())))
        .transpose()
    }

    async fn write_ledger(&self, entries: &[LedgerEntry], now: i64) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let batch = entries
            .iter()
            .map(|e| {
                self.stmt(
                    "INSERT INTO ledger (order_id, party, party_id, shop_id, root_shop, currency, amount, \
                     sales, voided, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9) \
                     ON CONFLICT DO NOTHING",
                    &[
                        text(e.order.as_str()),
                        text(e.party.as_str()),
                        opt_text(e.party_id.as_deref()),
                        text(e.shop.as_str()),
                        text(e.root_shop.as_str()),
                        text(e.amount.currency.code()),
                        int(e.amount.amount),
                        int(e.sales.amount),
                        int(now),
                    ],
                )
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        self.db()?.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn void_ledger(&self, order: &OrderId) -> Result<(), StoreError> {
        self.run(
            "UPDATE ledger SET voided = 1 WHERE order_id = ?1",
            &[text(order.as_str())],
        )
        .await?;
        Ok(())
    }

    async fn sharer_totals(&self, code: &SharerCode) -> Result<EarningTotals, StoreError> {
        let row = self
            .first::<TotalsRow>(
                &format!(
                    "SELECT COUNT(*) AS orders, \
                     SUM(CASE WHEN {VOIDED} THEN 0 WHEN o.status = 'delivered' THEN 0 ELSE l.amount END) AS pending, \
                     SUM(CASE WHEN {VOIDED} THEN 0 WHEN o.status = 'delivered' THEN l.amount ELSE 0 END) AS earned, \
                     SUM(CASE WHEN {VOIDED} THEN l.amount ELSE 0 END) AS voided \
                     FROM ledger l JOIN orders o ON o.id = l.order_id \
                     WHERE l.party = 'sharer' AND l.party_id = ?1"
                ),
                &[text(code.as_str())],
            )
            .await?;
        Ok(row.map_or_else(EarningTotals::default, |r| EarningTotals {
            orders: count(r.orders),
            pending: r.pending.unwrap_or(0),
            earned: r.earned.unwrap_or(0),
            voided: r.voided.unwrap_or(0),
        }))
    }

    async fn agent_sales(
        &self,
        root_shop: &ShopId,
        currency: Currency,
    ) -> Result<Vec<AgentSales>, StoreError> {
        let rows = self
            .all::<AgentRow>(
                &format!(
                    "SELECT l.shop_id, COUNT(*) AS orders, SUM(l.sales) AS sales, SUM(l.amount) AS commission \
                     FROM ledger l JOIN orders o ON o.id = l.order_id \
                     WHERE l.root_shop = ?1 AND l.party = 'agent' AND NOT {VOIDED} \
                     GROUP BY l.shop_id ORDER BY l.shop_id"
                ),
                &[text(root_shop.as_str())],
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(AgentSales {
                    agent_shop: ShopId::parse(&r.shop_id)
                        .map_err(|e| corrupt("ledger")(e.to_string()))?,
                    orders: count(r.orders),
                    sales: Money::new(r.sales.unwrap_or(0), currency),
                    commission: Money::new(r.commission.unwrap_or(0), currency),
                })
            })
            .collect()
    }
}

/// A SQL count as a `u32`, saturating.
fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
