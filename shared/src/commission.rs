//! Commission: how an order's margin is split.
//!
//! margin = retail − supply; the platform takes its fee (a share of retail, capped at
//! the margin); what is left is split between an upstream agent (at most two levels)
//! and a referring sharer by their shares, and the shop owner keeps the remainder.
//! Invariants: every part is zero or more, and the parts always sum to the margin.

use crate::money::{Money, MoneyError, BASIS_POINTS};
use serde::{Deserialize, Serialize};

/// Why a split cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommissionError {
    /// Retail below supply: there is no margin to split.
    #[error("retail is below the supply cost")]
    NegativeMargin,
    /// The agents' and sharer's shares add up to more than the whole.
    #[error("shares add up to more than 100 %")]
    SharesExceedWhole,
    /// A fee above 100 %.
    #[error("the platform fee is above 100 %")]
    InvalidFee,
    /// Arithmetic failed.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// A shop's commission terms, in basis points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CommissionPolicy {
    /// The platform's fee, as a share of retail.
    pub platform_fee_bp: u32,
    /// The direct agent's share of the net margin.
    pub agent_bp: u32,
    /// The agent's own upstream agent's share of the net margin.
    pub upstream_agent_bp: u32,
    /// A referring sharer's share of the net margin.
    pub sharer_bp: u32,
}

/// The shares a shop's owner sets (`GET`/`PUT /v1/admin/shops/{shop}/commission`),
/// each in basis points of the net margin; the platform's fee is the deployment's,
/// not the owner's, so it is not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommissionShares {
    /// The direct agent's share.
    pub agent_bp: u32,
    /// The agent's own upstream agent's share.
    pub upstream_agent_bp: u32,
    /// A referring sharer's share.
    pub sharer_bp: u32,
}

impl CommissionShares {
    /// `SharesExceedWhole` when the three add up to more than the whole net margin
    /// (the owner keeps what they leave, so they may add up to less).
    pub fn validate(&self) -> Result<(), CommissionError> {
        let sum = u64::from(self.agent_bp)
            + u64::from(self.upstream_agent_bp)
            + u64::from(self.sharer_bp);
        if sum > u64::from(BASIS_POINTS) {
            return Err(CommissionError::SharesExceedWhole);
        }
        Ok(())
    }
}

impl From<CommissionPolicy> for CommissionShares {
    fn from(p: CommissionPolicy) -> CommissionShares {
        CommissionShares {
            agent_bp: p.agent_bp,
            upstream_agent_bp: p.upstream_agent_bp,
            sharer_bp: p.sharer_bp,
        }
    }
}

/// Who takes part in an order's split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Participants {
    /// The order came through an agent's sub-shop.
    pub agent: bool,
    /// That agent has an upstream agent.
    pub upstream_agent: bool,
    /// The shopper arrived through a sharer's link.
    pub sharer: bool,
}

/// An order's margin, split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionSplit {
    /// The platform's fee.
    pub platform: Money,
    /// The shop owner's part.
    pub owner: Money,
    /// The direct agent's part.
    pub agent: Money,
    /// The upstream agent's part.
    pub upstream_agent: Money,
    /// The sharer's part.
    pub sharer: Money,
}

impl CommissionSplit {
    /// The sum of all parts.
    pub fn total(&self) -> Result<Money, MoneyError> {
        Money::sum(
            self.platform.currency,
            [
                self.platform,
                self.owner,
                self.agent,
                self.upstream_agent,
                self.sharer,
            ],
        )
    }
}

/// Splits `retail − supply` by `policy` among `who`.
pub fn split(
    retail: Money,
    supply: Money,
    policy: CommissionPolicy,
    who: Participants,
) -> Result<CommissionSplit, CommissionError> {
    let margin = retail.checked_sub(supply)?;
    if margin.is_negative() {
        return Err(CommissionError::NegativeMargin);
    }
    if policy.platform_fee_bp > BASIS_POINTS {
        return Err(CommissionError::InvalidFee);
    }
    CommissionShares::from(policy).validate()?;
    let platform = retail
        .portion_bp(policy.platform_fee_bp)?
        .min(margin)?
        .max(Money::zero(margin.currency))?;
    let net = margin.checked_sub(platform)?;
    let part = |on: bool, bp: u32| -> Result<Money, MoneyError> {
        if on {
            net.portion_bp(bp)
        } else {
            Ok(Money::zero(net.currency))
        }
    };
    let agent = part(who.agent, policy.agent_bp)?;
    let upstream_agent = part(who.agent && who.upstream_agent, policy.upstream_agent_bp)?;
    let sharer = part(who.sharer, policy.sharer_bp)?;
    let owner = net
        .checked_sub(agent)?
        .checked_sub(upstream_agent)?
        .checked_sub(sharer)?;
    Ok(CommissionSplit {
        platform,
        owner,
        agent,
        upstream_agent,
        sharer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use proptest::prelude::*;

    fn cny(a: i64) -> Money {
        Money::new(a, Currency::CNY)
    }

    #[test]
    fn a_plain_order_gives_the_owner_the_margin_less_the_fee() {
        let policy = CommissionPolicy {
            platform_fee_bp: 200,
            ..Default::default()
        };
        let s = split(cny(12_900), cny(5_000), policy, Participants::default()).expect("split");
        assert_eq!(s.platform, cny(258));
        assert_eq!(s.owner, cny(7_642));
        assert_eq!(s.total(), Ok(cny(7_900)));
    }

    #[test]
    fn an_upstream_agent_is_paid_only_through_an_agent() {
        let policy = CommissionPolicy {
            platform_fee_bp: 0,
            agent_bp: 2_000,
            upstream_agent_bp: 500,
            sharer_bp: 1_000,
        };
        let who = Participants {
            agent: false,
            upstream_agent: true,
            sharer: true,
        };
        let s = split(cny(2_000), cny(1_000), policy, who).expect("split");
        assert_eq!(s.upstream_agent, cny(0));
        assert_eq!(s.sharer, cny(100));
        assert_eq!(s.owner, cny(900));
    }

    #[test]
    fn retail_below_supply_is_refused() {
        assert_eq!(
            split(
                cny(10),
                cny(20),
                CommissionPolicy::default(),
                Participants::default()
            ),
            Err(CommissionError::NegativeMargin)
        );
    }

    proptest! {
        #[test]
        fn commission_parts_sum_to_the_whole(
            supply in 0i64..1_000_000_000_000,
            margin in 0i64..1_000_000_000_000,
            fee in 0u32..=10_000,
            a in 0u32..=10_000, u in 0u32..=10_000, sh in 0u32..=10_000,
            agent in any::<bool>(), up in any::<bool>(), sharer in any::<bool>(),
        ) {
            let policy = CommissionPolicy { platform_fee_bp: fee, agent_bp: a, upstream_agent_bp: u, sharer_bp: sh };
            let who = Participants { agent, upstream_agent: up, sharer };
            match split(cny(supply + margin), cny(supply), policy, who) {
                Ok(s) => {
                    prop_assert_eq!(s.total(), Ok(cny(margin)));
                    for part in [s.platform, s.owner, s.agent, s.upstream_agent, s.sharer] {
                        prop_assert!(part.amount >= 0);
                    }
                }
                Err(e) => prop_assert_eq!(e, CommissionError::SharesExceedWhole),
            }
        }

        #[test]
        fn splitting_never_panics(r in any::<i64>(), s in any::<i64>(), f in any::<u32>(), a in any::<u32>(), u in any::<u32>(), sh in any::<u32>()) {
            let policy = CommissionPolicy { platform_fee_bp: f, agent_bp: a, upstream_agent_bp: u, sharer_bp: sh };
            let who = Participants { agent: true, upstream_agent: true, sharer: true };
            let _ = split(cny(r), cny(s), policy, who);
        }
    }

    #[test]
    fn shares_may_leave_the_owner_nothing_but_never_more_than_the_whole() {
        let at = |agent_bp, upstream_agent_bp, sharer_bp| CommissionShares {
            agent_bp,
            upstream_agent_bp,
            sharer_bp,
        };
        assert_eq!(at(0, 0, 0).validate(), Ok(()));
        assert_eq!(at(5_000, 2_500, 2_500).validate(), Ok(()));
        assert_eq!(
            at(5_000, 2_500, 2_501).validate(),
            Err(CommissionError::SharesExceedWhole)
        );
        assert_eq!(
            at(u32::MAX, u32::MAX, u32::MAX).validate(),
            Err(CommissionError::SharesExceedWhole)
        );
    }
}
