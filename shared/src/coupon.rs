//! Coupons: what a coupon takes off an order, when it may be used, and the rules that
//! issue coupons to shoppers by themselves (a welcome coupon, a win-back ladder).
//!
//! Invariants:
//! - a coupon never takes off more than the goods it applies to cost (the quote's
//!   price chain caps it further, at the lines' floors);
//! - whether a coupon may be used is decided here, from the coupon, the time, the
//!   shopper and their earlier uses, with one [`CouponRefusal`] per reason; the total
//!   limit is only *checked* here: the edge enforces it exactly when it redeems;
//! - the issue rules are pure: given a shopper's history and the time they say which
//!   coupon is due, at most one welcome coupon per shopper and at most one coupon per
//!   rung of the ladder per idle spell (a purchase starts a new spell at the first rung).

use crate::id::{IdError, ShopperId};
use crate::money::{Money, MoneyError, BASIS_POINTS};
use serde::{Deserialize, Serialize};

/// Seconds in a day, for rules counted in days.
pub const DAY_SECS: i64 = 86_400;

/// Why a coupon or rule is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CouponError {
    /// A code that is not 3 to 32 of `A-Z 0-9 -`.
    #[error("a coupon code is 3 to 32 letters, digits or '-'")]
    InvalidCode,
    /// A percentage of zero or above 100 %, or an amount of zero or less.
    #[error("a coupon takes off more than nothing and at most everything")]
    InvalidValue,
    /// A validity window that ends before it starts.
    #[error("a coupon's validity ends before it starts")]
    InvalidWindow,
    /// A ladder whose rungs are not in increasing days.
    #[error("the win-back ladder's rungs must come after ever more days")]
    InvalidLadder,
    /// An identifier failed to parse.
    #[error(transparent)]
    Id(#[from] IdError),
    /// Arithmetic failed.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// Why a coupon cannot be used on an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponRefusal {
    /// Not valid yet.
    NotYetValid,
    /// Past its expiry.
    Expired,
    /// The order's subtotal is below the coupon's minimum spend.
    MinSpend,
    /// Every coupon of this kind has been used.
    UsedUp,
    /// This shopper has used it as often as one shopper may.
    LimitReached,
    /// It was issued to another shopper.
    NotYours,
    /// It cannot be combined with the order's campaign price.
    NotCombinable,
}

/// A coupon's code as shoppers type it: 3 to 32 of `A-Z 0-9 -`, upper-cased on parse
/// so `welcome10` and `WELCOME10` are the same coupon.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CouponCode(String);

impl CouponCode {
    /// Parses, trimming and upper-casing.
    pub fn parse(raw: &str) -> Result<CouponCode, CouponError> {
        let code = raw.trim().to_ascii_uppercase();
        let ok = (3..=32).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(CouponCode(code))
        } else {
            Err(CouponError::InvalidCode)
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CouponCode {
    type Error = CouponError;
    fn try_from(value: String) -> Result<CouponCode, CouponError> {
        CouponCode::parse(&value)
    }
}

impl From<CouponCode> for String {
    fn from(c: CouponCode) -> String {
        c.0
    }
}

impl std::fmt::Display for CouponCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a coupon takes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CouponValue {
    /// A fixed amount off the goods.
    Fixed {
        /// The amount, in the shop's currency.
        amount: Money,
    },
    /// A share of the goods off, in basis points (1 000 = 10 %).
    Percent {
        /// Basis points, 1 to 10 000.
        basis_points: u32,
    },
}

impl CouponValue {
    /// Checks the value is more than nothing and at most everything.
    pub fn validate(self) -> Result<CouponValue, CouponError> {
        let ok = match self {
            CouponValue::Fixed { amount } => amount.amount > 0,
            CouponValue::Percent { basis_points } => (1..=BASIS_POINTS).contains(&basis_points),
        };
        if ok {
            Ok(self)
        } else {
            Err(CouponError::InvalidValue)
        }
    }

    /// What it takes off goods worth `goods`: never more than `goods`, never negative.
    /// Percentages round half away from zero, like every price.
    pub fn discount(self, goods: Money) -> Result<Money, MoneyError> {
        let zero = Money::zero(goods.currency);
        let raw = match self {
            CouponValue::Fixed { amount } => {
                // A fixed coupon in another currency is an error, not a silent zero.
                goods.checked_add(amount)?;
                amount
            }
            CouponValue::Percent { basis_points } => {
                goods.percent_bp(basis_points.min(BASIS_POINTS))?
            }
        };
        raw.min(goods)?.max(zero)
    }
}

/// A coupon as the shop keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coupon {
    /// Its code.
    pub code: CouponCode,
    /// What it takes off.
    pub value: CouponValue,
    /// The goods' subtotal (after campaign prices) it needs, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_spend: Option<Money>,
    /// Usable from (unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<i64>,
    /// Usable until, exclusive (unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<i64>,
    /// How many orders one shopper may use it on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_shopper_limit: Option<u32>,
    /// How many orders may use it in all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_limit: Option<u32>,
    /// For a coupon issued to one shopper (welcome, win-back): only they may use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_to: Option<ShopperId>,
}

/// What the edge knows of a coupon's uses when a shopper wants to use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Uses {
    /// Orders (not given up) that used it.
    pub total: u32,
    /// Of those, the shopper's own.
    pub by_shopper: u32,
}

impl Coupon {
    /// Checks its value, window and limits.
    pub fn validate(self) -> Result<Coupon, CouponError> {
        self.value.validate()?;
        if let (Some(from), Some(until)) = (self.valid_from, self.valid_until) {
            if until <= from {
                return Err(CouponError::InvalidWindow);
            }
        }
        if self.min_spend.is_some_and(|m| m.is_negative()) {
            return Err(CouponError::InvalidValue);
        }
        Ok(self)
    }

    /// Whether `shopper` may use it at `now`, given its `uses` (the minimum spend is
    /// checked by the price chain, which knows the subtotal).
    pub fn check(
        &self,
        now: i64,
        shopper: Option<&ShopperId>,
        uses: Uses,
    ) -> Result<(), CouponRefusal> {
        if let Some(to) = &self.issued_to {
            if shopper != Some(to) {
                return Err(CouponRefusal::NotYours);
            }
        }
        if self.valid_from.is_some_and(|from| now < from) {
            return Err(CouponRefusal::NotYetValid);
        }
        if self.valid_until.is_some_and(|until| now >= until) {
            return Err(CouponRefusal::Expired);
        }
        if self.total_limit.is_some_and(|max| uses.total >= max) {
            return Err(CouponRefusal::UsedUp);
        }
        if self
            .per_shopper_limit
            .is_some_and(|max| uses.by_shopper >= max)
        {
            return Err(CouponRefusal::LimitReached);
        }
        Ok(())
    }
}

/// A coupon an issue rule makes: its value, minimum spend and lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponTemplate {
    /// What it takes off.
    pub value: CouponValue,
    /// The subtotal it needs, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_spend: Option<Money>,
    /// How many days it stays valid after it is issued.
    pub valid_days: u32,
}

impl CouponTemplate {
    /// The coupon issued from this template to `shopper` at `now`, with `code`.
    pub fn issue(&self, code: CouponCode, shopper: &ShopperId, now: i64) -> Coupon {
        Coupon {
            code,
            value: self.value,
            min_spend: self.min_spend,
            valid_from: Some(now),
            valid_until: Some(now.saturating_add(i64::from(self.valid_days.max(1)) * DAY_SECS)),
            per_shopper_limit: Some(1),
            total_limit: Some(1),
            issued_to: Some(shopper.clone()),
        }
    }
}

/// One rung of the win-back ladder: after `after_days` without a purchase, this coupon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WinBackRung {
    /// Days since the last purchase (or first visit) before it is due.
    pub after_days: u32,
    /// The coupon.
    pub coupon: CouponTemplate,
}

/// A shop's automatic issue rules.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IssueRules {
    /// Given once to every shopper on their first visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome: Option<CouponTemplate>,
    /// Ever bigger coupons the longer a shopper has not bought; rungs in increasing
    /// `after_days`.
    #[serde(default)]
    pub win_back: Vec<WinBackRung>,
}

impl IssueRules {
    /// Checks every template and that the ladder climbs.
    pub fn validate(self) -> Result<IssueRules, CouponError> {
        if let Some(w) = self.welcome {
            w.value.validate()?;
        }
        let mut last = None;
        for rung in &self.win_back {
            rung.coupon.value.validate()?;
            if rung.after_days == 0 || last.is_some_and(|l| rung.after_days <= l) {
                return Err(CouponError::InvalidLadder);
            }
            last = Some(rung.after_days);
        }
        Ok(self)
    }
}

/// What the shop remembers of a shopper for its issue rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShopperHistory {
    /// When the shopper was first seen (unix seconds); `None` for a new shopper.
    pub first_seen: Option<i64>,
    /// Their last purchase.
    pub last_purchase: Option<i64>,
    /// Whether they got their welcome coupon.
    pub welcome_issued: bool,
    /// The win-back rung last issued, and the start of the idle spell it was issued in.
    pub win_back: Option<(i64, usize)>,
}

/// A coupon an issue rule says is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The welcome coupon.
    Welcome(CouponTemplate),
    /// Rung `rung` of the win-back ladder, for the idle spell that began at `spell`.
    WinBack {
        /// The spell's start: the last purchase, or the first visit.
        spell: i64,
        /// The rung's index.
        rung: usize,
        /// Its coupon.
        coupon: CouponTemplate,
    },
}

/// The coupons due to a shopper with `history` at `now`, and the history once they
/// are issued. A new shopper gets the welcome coupon (and no win-back: they just
/// came); a known one gets the highest rung they have reached in this idle spell,
/// if it is above the last rung issued in it.
pub fn due(rules: &IssueRules, history: ShopperHistory, now: i64) -> (Vec<Due>, ShopperHistory) {
    let mut next = history;
    let mut out = Vec::new();
    let first_seen = *next.first_seen.get_or_insert(now);
    if let (Some(w), false) = (rules.welcome, history.welcome_issued) {
        out.push(Due::Welcome(w));
        next.welcome_issued = true;
    }
    let spell = history.last_purchase.unwrap_or(first_seen).max(first_seen);
    let idle_days = now.saturating_sub(spell) / DAY_SECS;
    let reached = rules
        .win_back
        .iter()
        .enumerate()
        .rfind(|(_, r)| i64::from(r.after_days) <= idle_days);
    if let Some((rung, r)) = reached {
        let issued_in_spell = match history.win_back {
            Some((s, issued)) if s == spell => Some(issued),
            _ => None,
        };
        if issued_in_spell.is_none_or(|issued| rung > issued) {
            out.push(Due::WinBack {
                spell,
                rung,
                coupon: r.coupon,
            });
            next.win_back = Some((spell, rung));
        }
    }
    (out, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use proptest::prelude::*;

    fn cny(a: i64) -> Money {
        Money::new(a, Currency::CNY)
    }

    fn shopper(s: &str) -> ShopperId {
        ShopperId::parse(s).expect("valid")
    }

    fn pct(bp: u32, days: u32) -> CouponTemplate {
        CouponTemplate {
            value: CouponValue::Percent { basis_points: bp },
            min_spend: None,
            valid_days: days,
        }
    }

    fn ladder() -> IssueRules {
        IssueRules {
            welcome: Some(CouponTemplate {
                value: CouponValue::Fixed { amount: cny(500) },
                min_spend: Some(cny(3_000)),
                valid_days: 7,
            }),
            win_back: vec![
                WinBackRung {
                    after_days: 30,
                    coupon: pct(500, 14),
                },
                WinBackRung {
                    after_days: 60,
                    coupon: pct(1_000, 14),
                },
                WinBackRung {
                    after_days: 90,
                    coupon: pct(1_500, 14),
                },
            ],
        }
    }

    #[test]
    fn codes_are_upper_cased_and_checked() {
        assert_eq!(
            CouponCode::parse(" welcome-10 ").map(|c| c.to_string()),
            Ok("WELCOME-10".into())
        );
        for bad in ["", "ab", "a b c", "x/../y", &"A".repeat(33)] {
            assert_eq!(
                CouponCode::parse(bad),
                Err(CouponError::InvalidCode),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_coupon_takes_off_at_most_the_goods() {
        let fixed = CouponValue::Fixed { amount: cny(5_000) };
        assert_eq!(fixed.discount(cny(3_000)), Ok(cny(3_000)));
        let ten = CouponValue::Percent {
            basis_points: 1_000,
        };
        assert_eq!(ten.discount(cny(2_605)), Ok(cny(261)));
        let usd = CouponValue::Fixed {
            amount: Money::new(1, Currency::USD),
        };
        assert!(usd.discount(cny(100)).is_err());
    }

    #[test]
    fn each_reason_to_refuse_a_coupon_has_its_own_refusal() {
        let me = shopper("shopper-aaaaaaaaaaaa");
        let other = shopper("shopper-bbbbbbbbbbbb");
        let c = Coupon {
            code: CouponCode::parse("SAVE5").expect("valid"),
            value: CouponValue::Fixed { amount: cny(500) },
            min_spend: None,
            valid_from: Some(100),
            valid_until: Some(200),
            per_shopper_limit: Some(1),
            total_limit: Some(10),
            issued_to: Some(me.clone()),
        };
        let none = Uses::default();
        assert_eq!(c.check(150, Some(&me), none), Ok(()));
        assert_eq!(
            c.check(150, Some(&other), none),
            Err(CouponRefusal::NotYours)
        );
        assert_eq!(c.check(150, None, none), Err(CouponRefusal::NotYours));
        assert_eq!(
            c.check(99, Some(&me), none),
            Err(CouponRefusal::NotYetValid)
        );
        assert_eq!(c.check(200, Some(&me), none), Err(CouponRefusal::Expired));
        let used_up = Uses {
            total: 10,
            by_shopper: 0,
        };
        assert_eq!(c.check(150, Some(&me), used_up), Err(CouponRefusal::UsedUp));
        let mine = Uses {
            total: 1,
            by_shopper: 1,
        };
        assert_eq!(
            c.check(150, Some(&me), mine),
            Err(CouponRefusal::LimitReached)
        );
    }

    #[test]
    fn a_new_shopper_gets_the_welcome_coupon_once() {
        let rules = ladder();
        let (due1, h) = due(&rules, ShopperHistory::default(), 1_000);
        assert!(matches!(due1.as_slice(), [Due::Welcome(_)]));
        let (due2, _) = due(&rules, h, 1_000 + DAY_SECS);
        assert!(due2.is_empty());
    }

    #[test]
    fn the_win_back_ladder_climbs_while_idle_and_restarts_after_a_purchase() {
        let rules = ladder();
        let t0 = 1_000_000;
        let (_, h) = due(&rules, ShopperHistory::default(), t0);
        let (d, h) = due(&rules, h, t0 + 29 * DAY_SECS);
        assert!(d.is_empty(), "nothing before 30 days");
        let (d, h) = due(&rules, h, t0 + 31 * DAY_SECS);
        assert!(matches!(d.as_slice(), [Due::WinBack { rung: 0, .. }]));
        let (d, h) = due(&rules, h, t0 + 32 * DAY_SECS);
        assert!(d.is_empty(), "one coupon per rung");
        let (d, h) = due(&rules, h, t0 + 95 * DAY_SECS);
        assert!(
            matches!(d.as_slice(), [Due::WinBack { rung: 2, .. }]),
            "a long absence jumps to the rung reached"
        );
        // A purchase starts a new spell: back to the first rung.
        let bought = ShopperHistory {
            last_purchase: Some(t0 + 100 * DAY_SECS),
            ..h
        };
        let (d, _) = due(&rules, bought, t0 + 131 * DAY_SECS);
        assert!(matches!(d.as_slice(), [Due::WinBack { rung: 0, .. }]));
    }

    #[test]
    fn a_ladder_must_climb() {
        let mut rules = ladder();
        rules.win_back.swap(0, 1);
        assert_eq!(rules.validate(), Err(CouponError::InvalidLadder));
    }

    proptest! {
        #[test]
        fn a_discount_is_never_negative_nor_more_than_the_goods(
            goods in 0i64..1_000_000_000_000,
            amount in 1i64..1_000_000_000_000,
            bp in 1u32..=10_000,
        ) {
            for v in [CouponValue::Fixed { amount: cny(amount) }, CouponValue::Percent { basis_points: bp }] {
                let d = v.discount(cny(goods)).expect("same currency");
                prop_assert!(d.amount >= 0 && d.amount <= goods);
            }
        }

        #[test]
        fn the_ladder_never_issues_a_rung_twice_in_one_spell(
            steps in prop::collection::vec(0i64..40, 1..20),
        ) {
            let rules = ladder();
            let mut h = ShopperHistory::default();
            let mut now = 0i64;
            let mut seen = std::collections::HashSet::new();
            for s in steps {
                now += s * DAY_SECS;
                let (d, next) = due(&rules, h, now);
                for item in d {
                    if let Due::WinBack { spell, rung, .. } = item {
                        prop_assert!(seen.insert((spell, rung)));
                    }
                }
                h = next;
            }
        }
    }
}
