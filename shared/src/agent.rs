//! Agents and their sub-shops: a shopper applies to sell a shop's selection from their
//! own page, the owner approves, and the agent gets a sub-shop (its own slug and
//! snippet) priced at the owner's price plus the agent's own markup.
//!
//! Invariants:
//! - at most two levels: an agent of the owner's shop is level 1, an agent of a level-1
//!   sub-shop is level 2, and a level-2 sub-shop takes no agents ([`level_of_applicant`]);
//! - an agent's markup is within the range the owner allows ([`AgentPolicy::check`]);
//! - a sub-shop's markup rules are the owner's rules compounded with the agent's markup
//!   ([`compose`]): a percent rule `a` becomes `a + b + a·b/10 000` (rounded half up to a
//!   whole basis point), so the sub-shop's price of a percent-marked product is the
//!   owner's price raised by `b`; a fixed rule `x` becomes `x + x·b/10 000` (see
//!   [`compose`] for why).

use crate::id::{ShopId, ShopperId};
use crate::money::{Money, BASIS_POINTS};
use crate::pricing::{Markup, MarkupRule, MarkupScope};
use serde::{Deserialize, Serialize};

/// The highest agent markup any owner may allow (100 %).
pub const MAX_AGENT_MARKUP_BP: u32 = 10_000;
/// The longest agent name, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// The longest application message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 500;

/// What is wrong with an agent input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgentError {
    /// A sub-shop of a sub-shop of a sub-shop.
    #[error("agents go at most two levels deep")]
    TooManyLevels,
    /// A markup outside the owner's range.
    #[error("the markup must be between {min_bp} and {max_bp} basis points")]
    MarkupOutOfRange {
        /// Lowest allowed.
        min_bp: u32,
        /// Highest allowed.
        max_bp: u32,
    },
    /// An owner's range that is upside down or above [`MAX_AGENT_MARKUP_BP`].
    #[error("the markup range is invalid")]
    InvalidRange,
}

/// Where an application or an agent is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    /// Waiting for the owner.
    Pending,
    /// Approved: the sub-shop exists.
    Approved,
    /// Refused by the owner.
    Rejected,
}

impl AgentStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AgentStatus::Pending => "pending",
            AgentStatus::Approved => "approved",
            AgentStatus::Rejected => "rejected",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<AgentStatus> {
        [
            AgentStatus::Pending,
            AgentStatus::Approved,
            AgentStatus::Rejected,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// What an owner allows its agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentPolicy {
    /// Whether applications are taken at all.
    pub open: bool,
    /// The lowest markup an agent may set, in basis points of the owner's price.
    pub min_bp: u32,
    /// The highest.
    pub max_bp: u32,
}

impl Default for AgentPolicy {
    /// Open, 0 % to 30 %.
    fn default() -> AgentPolicy {
        AgentPolicy {
            open: true,
            min_bp: 0,
            max_bp: 3_000,
        }
    }
}

impl AgentPolicy {
    /// Whether the range itself is sound.
    pub fn validate(&self) -> Result<(), AgentError> {
        if self.min_bp > self.max_bp || self.max_bp > MAX_AGENT_MARKUP_BP {
            return Err(AgentError::InvalidRange);
        }
        Ok(())
    }

    /// Whether an agent may set `markup_bp`.
    pub fn check(&self, markup_bp: u32) -> Result<u32, AgentError> {
        if (self.min_bp..=self.max_bp).contains(&markup_bp) {
            Ok(markup_bp)
        } else {
            Err(AgentError::MarkupOutOfRange {
                min_bp: self.min_bp,
                max_bp: self.max_bp,
            })
        }
    }

    /// The markup a newly approved agent starts with: the lowest allowed.
    pub fn initial(&self) -> u32 {
        self.min_bp
    }
}

/// The level an applicant to a shop would have: 1 under an owner's shop (`parent_level`
/// 0), 2 under a level-1 sub-shop; a level-2 sub-shop takes no agents.
pub fn level_of_applicant(parent_level: u8) -> Result<u8, AgentError> {
    match parent_level {
        0 => Ok(1),
        1 => Ok(2),
        _ => Err(AgentError::TooManyLevels),
    }
}

/// `x + x·b/10 000`, rounded half up: `x` raised by `b` basis points.
fn raise(x: i64, b: u32) -> i64 {
    Money::new(x, crate::money::Currency::CNY)
        .percent_bp(b)
        .map(|m| x.saturating_add(m.amount))
        .unwrap_or(x)
}

/// The sub-shop's markup rules: the owner's, each raised by the agent's `markup_bp`.
///
/// A percent rule `a` becomes `a + b + a·b/10 000` (whole basis points, half up), which
/// is the owner's price raised by `b` up to the rounding of one basis point. A fixed
/// rule cannot carry a percentage of the supply price, so its amount is raised by `b`
/// instead (the agent earns its markup on the owner's margin there). With no
/// shop-wide rule the owner's default is 0 %, so the agent's `b` becomes the shop rule.
pub fn compose(rules: &[MarkupRule], markup_bp: u32) -> Vec<MarkupRule> {
    if markup_bp == 0 {
        return rules.to_vec();
    }
    let b = u64::from(markup_bp);
    let mut out: Vec<MarkupRule> = rules
        .iter()
        .map(|r| {
            let markup = match r.markup {
                Markup::Percent { basis_points } => {
                    let a = u64::from(basis_points);
                    let cross = (a * b + u64::from(BASIS_POINTS) / 2) / u64::from(BASIS_POINTS);
                    Markup::Percent {
                        basis_points: u32::try_from(a + b + cross).unwrap_or(u32::MAX),
                    }
                }
                Markup::Fixed { amount } => Markup::Fixed {
                    amount: raise(amount, markup_bp),
                },
            };
            MarkupRule {
                scope: r.scope.clone(),
                markup,
            }
        })
        .collect();
    if !out.iter().any(|r| r.scope == MarkupScope::Shop) {
        out.push(MarkupRule {
            scope: MarkupScope::Shop,
            markup: Markup::Percent {
                basis_points: markup_bp,
            },
        });
    }
    out
}

/// `POST /v1/shops/{shop}/agents`: a shopper applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentApplication {
    /// The applicant's shopper id.
    pub shopper: ShopperId,
    /// The name their sub-shop shows.
    pub name: String,
    /// The slug they would like (otherwise one is made up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The origins of the pages they will embed the sub-shop in.
    #[serde(default)]
    pub origins: Vec<String>,
    /// A word to the owner.
    #[serde(default)]
    pub message: String,
}

/// The answer to an application: the applicant's id and the capability token that
/// lets them read their status and set their markup (shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentApplied {
    /// The application's id.
    pub id: String,
    /// The applicant's token.
    pub token: String,
}

/// What an applicant sees (`GET /v1/agents/{id}?token=`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentStatusView {
    /// The id.
    pub id: String,
    /// Where it is.
    pub status: AgentStatus,
    /// The shop applied to.
    pub parent_shop: ShopId,
    /// 1 or 2.
    pub level: u8,
    /// The sub-shop's slug, once approved.
    pub sub_shop: Option<ShopId>,
    /// The snippet to paste, once approved.
    pub snippet: Option<String>,
    /// The agent's markup.
    pub markup_bp: u32,
    /// The range the owner allows.
    pub min_bp: u32,
    /// The range the owner allows.
    pub max_bp: u32,
}

/// `PUT /v1/agents/{id}/markup?token=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetAgentMarkup {
    /// Basis points on top of the owner's price.
    pub markup_bp: u32,
}

/// One agent as the owner lists it, with their sales.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerAgent {
    /// The id.
    pub id: String,
    /// The name.
    pub name: String,
    /// Where it is.
    pub status: AgentStatus,
    /// 1 or 2.
    pub level: u8,
    /// The shop applied to (the owner's shop or a level-1 sub-shop).
    pub parent_shop: ShopId,
    /// The sub-shop, once approved.
    pub sub_shop: Option<ShopId>,
    /// Their markup.
    pub markup_bp: u32,
    /// Their message.
    pub message: String,
    /// The origins they embed in.
    pub origins: Vec<String>,
    /// When they applied.
    pub created_at: i64,
    /// Orders through their sub-shop that count.
    pub orders: u32,
    /// Those orders' sales.
    pub sales: Money,
    /// Their commission on them.
    pub commission: Money,
}

/// `GET /v1/admin/shops/{shop}/agents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerAgents {
    /// The policy.
    pub policy: AgentPolicy,
    /// Every agent and application, newest first.
    pub agents: Vec<OwnerAgent>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Category;
    use crate::money::Currency;
    use crate::pricing::{retail_price, ShopPricing};
    use proptest::prelude::*;

    fn percent(scope: MarkupScope, bp: u32) -> MarkupRule {
        MarkupRule {
            scope,
            markup: Markup::Percent { basis_points: bp },
        }
    }

    #[test]
    fn a_third_level_is_refused() {
        assert_eq!(level_of_applicant(0), Ok(1));
        assert_eq!(level_of_applicant(1), Ok(2));
        assert_eq!(level_of_applicant(2), Err(AgentError::TooManyLevels));
    }

    #[test]
    fn a_markup_outside_the_owners_range_is_refused() {
        let p = AgentPolicy {
            open: true,
            min_bp: 500,
            max_bp: 2_000,
        };
        assert_eq!(p.check(500), Ok(500));
        assert_eq!(p.check(2_000), Ok(2_000));
        assert_eq!(
            p.check(2_001),
            Err(AgentError::MarkupOutOfRange {
                min_bp: 500,
                max_bp: 2_000
            })
        );
        assert!(AgentPolicy {
            open: true,
            min_bp: 3,
            max_bp: 2
        }
        .validate()
        .is_err());
    }

    #[test]
    fn ten_percent_on_an_owners_thirty_percent_is_forty_three_percent_of_supply() {
        let rules = compose(&[percent(MarkupScope::Shop, 3_000)], 1_000);
        assert_eq!(rules, vec![percent(MarkupScope::Shop, 4_300)]);
    }

    #[test]
    fn an_owner_without_a_shop_rule_gets_the_agents_markup_as_one() {
        let rules = compose(
            &[percent(MarkupScope::Category(Category::Home), 2_000)],
            500,
        );
        assert_eq!(
            rules,
            vec![
                percent(MarkupScope::Category(Category::Home), 2_600),
                percent(MarkupScope::Shop, 500)
            ]
        );
        assert_eq!(compose(&rules, 0), rules);
    }

    proptest! {
        #[test]
        fn a_sub_shops_price_is_the_owners_raised_by_the_agent_within_a_unit_per_ten_thousand(
            supply in 1i64..100_000_000, a in 0u32..20_000, b in 0u32..=MAX_AGENT_MARKUP_BP,
        ) {
            let owner = ShopPricing { currency: Currency::CNY, rules: vec![percent(MarkupScope::Shop, a)] };
            let agent = ShopPricing { currency: Currency::CNY, rules: compose(&owner.rules, b) };
            let sku = crate::catalogue::SupplySku {
                sku: crate::id::Sku::parse("S").expect("valid"),
                options: vec![],
                supply_price: Money::new(supply, Currency::CNY),
                suggested_price: Money::new(supply, Currency::CNY),
                floor_price: Money::new(0, Currency::CNY),
                stock: 1,
            };
            let owner_price = retail_price(Currency::CNY, &sku, owner.markup_for(&crate::id::ProductId::parse("P").expect("valid"), Category::Home)).expect("priced");
            let agent_price = retail_price(Currency::CNY, &sku, agent.markup_for(&crate::id::ProductId::parse("P").expect("valid"), Category::Home)).expect("priced");
            let exact = i128::from(owner_price.amount) * i128::from(10_000 + b) / 10_000;
            prop_assert!(agent_price.amount >= owner_price.amount);
            // One basis point of supply for the rounding of the composed rule, plus a unit.
            let slack = i128::from(supply) / 10_000 + 2;
            prop_assert!((i128::from(agent_price.amount) - exact).abs() <= slack,
                "agent {} owner {} exact {}", agent_price.amount, owner_price.amount, exact);
        }
    }
}
