//! The in-memory [`MoneyStore`] for native tests: the same rules as the D1 one
//! (limits counted over redemptions not voided, compare-and-set histories, ledger rows
//! once per order and party, states following the order's status).

use super::MemStore;
use crate::ports::store::money::{
    limit_refusal, used_up, EarningTotals, LedgerEntry, MoneySettings, MoneyStore, Redeemed,
};
use crate::ports::store::StoreError;
use pocketshop_shared::commission::CommissionShares;
use pocketshop_shared::coupon::{Coupon, CouponCode, IssueRules, ShopperHistory, Uses};
use pocketshop_shared::referral::{AgentSales, Party, SharerCode};
use pocketshop_shared::{Currency, Money, OrderId, OrderStatus, ShopId, ShopperId};
use std::collections::HashMap;

/// One coupon use: (shop, code, order, shopper, voided).
type Redemption = (ShopId, CouponCode, OrderId, Option<ShopperId>, bool);

/// What [`MemStore`] keeps of coupons, sharers, the commission ledger and what
/// orders carry of them.
#[derive(Default)]
pub struct MemMoney {
    /// Coupons by shop, in creation order.
    pub coupons: Vec<(ShopId, Coupon)>,
    /// Every redemption.
    pub redemptions: Vec<Redemption>,
    /// Settings by shop.
    pub settings: HashMap<ShopId, MoneySettings>,
    /// Shopper histories.
    pub histories: HashMap<(ShopId, ShopperId), ShopperHistory>,
    /// Sharers: (shop, code, shopper).
    pub sharers: Vec<(ShopId, SharerCode, ShopperId)>,
    /// Ledger rows and whether each is voided.
    pub ledger: Vec<(LedgerEntry, bool)>,
}

impl MemMoney {
    fn uses(&self, shop: &ShopId, code: &CouponCode, shopper: Option<&ShopperId>) -> Uses {
        let live = self
            .redemptions
            .iter()
            .filter(|(s, c, _, _, voided)| s == shop && c == code && !voided);
        let (mut total, mut by_shopper) = (0, 0);
        for (_, _, _, who, _) in live {
            total += 1;
            if who.as_ref() == shopper {
                by_shopper += 1;
            }
        }
        Uses { total, by_shopper }
    }
}

fn voided(status: Option<OrderStatus>, row_voided: bool) -> bool {
    row_voided
        || matches!(
            status,
            Some(OrderStatus::Cancelled | OrderStatus::Refunded | OrderStatus::Expired)
        )
}

impl MoneyStore for MemStore {
    async fn insert_coupon(
        &self,
        shop: &ShopId,
        coupon: &Coupon,
        _now: i64,
    ) -> Result<bool, StoreError> {
        let mut m = self.money.borrow_mut();
        if m.coupons
            .iter()
            .any(|(s, c)| s == shop && c.code == coupon.code)
        {
            return Ok(false);
        }
        m.coupons.push((shop.clone(), coupon.clone()));
        Ok(true)
    }

    async fn coupon(&self, shop: &ShopId, code: &CouponCode) -> Result<Option<Coupon>, StoreError> {
        Ok(self
            .money
            .borrow()
            .coupons
            .iter()
            .find(|(s, c)| s == shop && &c.code == code)
            .map(|(_, c)| c.clone()))
    }

    async fn coupon_uses(
        &self,
        shop: &ShopId,
        code: &CouponCode,
        shopper: Option<&ShopperId>,
    ) -> Result<Uses, StoreError> {
        let uses = self.money.borrow().uses(shop, code, shopper);
        Ok(Uses {
            by_shopper: if shopper.is_some() {
                uses.by_shopper
            } else {
                0
            },
            ..uses
        })
    }

    async fn shop_coupons(&self, shop: &ShopId) -> Result<Vec<(Coupon, u32)>, StoreError> {
        let m = self.money.borrow();
        Ok(m.coupons
            .iter()
            .rev()
            .filter(|(s, c)| s == shop && c.issued_to.is_none())
            .map(|(s, c)| (c.clone(), m.uses(s, &c.code, None).total))
            .collect())
    }

    async fn shopper_coupons(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        now: i64,
    ) -> Result<Vec<Coupon>, StoreError> {
        let m = self.money.borrow();
        let mut out: Vec<Coupon> = m
            .coupons
            .iter()
            .filter(|(s, c)| {
                s == shop
                    && c.issued_to.as_ref() == Some(shopper)
                    && c.valid_until.is_none_or(|u| u > now)
                    && !used_up(c, m.uses(s, &c.code, None).total)
            })
            .map(|(_, c)| c.clone())
            .collect();
        out.sort_by(|a, b| a.valid_until.cmp(&b.valid_until).then(a.code.cmp(&b.code)));
        Ok(out)
    }

    async fn redeem_coupon(
        &self,
        shop: &ShopId,
        code: &CouponCode,
        order: &OrderId,
        shopper: Option<&ShopperId>,
        _now: i64,
    ) -> Result<Redeemed, StoreError> {
        let mut m = self.money.borrow_mut();
        if m.redemptions.iter().any(|r| &r.2 == order) {
            return Ok(Redeemed::Yes);
        }
        let refusal = match m.coupons.iter().find(|(s, c)| s == shop && &c.code == code) {
            None => return Ok(Redeemed::Unknown),
            Some((_, coupon)) => limit_refusal(coupon, m.uses(shop, code, shopper)),
        };
        if let Some(refusal) = refusal {
            return Ok(refusal);
        }
        m.redemptions.push((
            shop.clone(),
            code.clone(),
            order.clone(),
            shopper.cloned(),
            false,
        ));
        Ok(Redeemed::Yes)
    }

    async fn void_redemption(&self, order: &OrderId) -> Result<(), StoreError> {
        for r in self
            .money
            .borrow_mut()
            .redemptions
            .iter_mut()
            .filter(|r| &r.2 == order)
        {
            r.4 = true;
        }
        Ok(())
    }

    async fn money_settings(&self, shop: &ShopId) -> Result<MoneySettings, StoreError> {
        Ok(self
            .money
            .borrow()
            .settings
            .get(shop)
            .cloned()
            .unwrap_or_default())
    }

    async fn set_issue_rules(&self, shop: &ShopId, rules: &IssueRules) -> Result<(), StoreError> {
        self.money
            .borrow_mut()
            .settings
            .entry(shop.clone())
            .or_default()
            .rules = rules.clone();
        Ok(())
    }

    async fn set_commission_shares(
        &self,
        shop: &ShopId,
        shares: &CommissionShares,
    ) -> Result<(), StoreError> {
        let mut money = self.money.borrow_mut();
        let policy = &mut money.settings.entry(shop.clone()).or_default().shares;
        policy.agent_bp = shares.agent_bp;
        policy.upstream_agent_bp = shares.upstream_agent_bp;
        policy.sharer_bp = shares.sharer_bp;
        Ok(())
    }

    async fn shopper_history(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
    ) -> Result<Option<ShopperHistory>, StoreError> {
        Ok(self
            .money
            .borrow()
            .histories
            .get(&(shop.clone(), shopper.clone()))
            .copied())
    }

    async fn swap_shopper_history(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        expected: Option<&ShopperHistory>,
        next: &ShopperHistory,
    ) -> Result<bool, StoreError> {
        let mut m = self.money.borrow_mut();
        let key = (shop.clone(), shopper.clone());
        if m.histories.get(&key) != expected {
            return Ok(false);
        }
        m.histories.insert(key, *next);
        Ok(true)
    }

    async fn sharer_code(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        new_code: &SharerCode,
        _now: i64,
    ) -> Result<SharerCode, StoreError> {
        let mut m = self.money.borrow_mut();
        if let Some((_, code, _)) = m.sharers.iter().find(|(s, _, p)| s == shop && p == shopper) {
            return Ok(code.clone());
        }
        m.sharers
            .push((shop.clone(), new_code.clone(), shopper.clone()));
        Ok(new_code.clone())
    }

    async fn sharer(
        &self,
        shop: &ShopId,
        code: &SharerCode,
    ) -> Result<Option<ShopperId>, StoreError> {
        Ok(self
            .money
            .borrow()
            .sharers
            .iter()
            .find(|(s, c, _)| s == shop && c == code)
            .map(|(_, _, p)| p.clone()))
    }

    async fn write_ledger(&self, entries: &[LedgerEntry], _now: i64) -> Result<(), StoreError> {
        let mut m = self.money.borrow_mut();
        for e in entries {
            if !m
                .ledger
                .iter()
                .any(|(r, _)| r.order == e.order && r.party == e.party)
            {
                m.ledger.push((e.clone(), false));
            }
        }
        Ok(())
    }

    async fn void_ledger(&self, order: &OrderId) -> Result<(), StoreError> {
        for (e, v) in self.money.borrow_mut().ledger.iter_mut() {
            if &e.order == order {
                *v = true;
            }
        }
        Ok(())
    }

    async fn sharer_totals(&self, code: &SharerCode) -> Result<EarningTotals, StoreError> {
        let orders = self.orders.borrow();
        let mut t = EarningTotals::default();
        for (e, v) in self.money.borrow().ledger.iter() {
            if e.party != Party::Sharer || e.party_id.as_deref() != Some(code.as_str()) {
                continue;
            }
            let status = orders.get(&e.order).map(|o| o.status);
            t.orders += 1;
            if voided(status, *v) {
                t.voided += e.amount.amount;
            } else if status == Some(OrderStatus::Delivered) {
                t.earned += e.amount.amount;
            } else {
                t.pending += e.amount.amount;
            }
        }
        Ok(t)
    }

    async fn agent_sales(
        &self,
        root_shop: &ShopId,
        currency: Currency,
    ) -> Result<Vec<AgentSales>, StoreError> {
        let orders = self.orders.borrow();
        let mut by_shop: std::collections::BTreeMap<ShopId, (u32, i64, i64)> =
            std::collections::BTreeMap::new();
        for (e, v) in self.money.borrow().ledger.iter() {
            let status = orders.get(&e.order).map(|o| o.status);
            if &e.root_shop != root_shop || e.party != Party::Agent || voided(status, *v) {
                continue;
            }
            let s = by_shop.entry(e.shop.clone()).or_default();
            s.0 += 1;
            s.1 += e.sales.amount;
            s.2 += e.amount.amount;
        }
        Ok(by_shop
            .into_iter()
            .map(|(agent_shop, (orders, sales, commission))| AgentSales {
                agent_shop,
                orders,
                sales: Money::new(sales, currency),
                commission: Money::new(commission, currency),
            })
            .collect())
    }
}
