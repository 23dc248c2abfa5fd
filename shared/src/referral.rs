//! Referral: sharer codes, the attribution a share link leaves in the host page, the
//! commission ledger's parties, and what sharers and agents earn.
//!
//! Invariants:
//! - attribution is "last click wins, for 7 days": a newer link replaces an older one,
//!   and an attribution older than [`ATTRIBUTION_SECS`] is gone;
//! - a sharer's earnings are read from the ledger; the three buckets (pending, earned,
//!   voided) never overlap: one ledger row is in exactly one of them.

use crate::id::{IdError, ShopId};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// How long a share link's attribution lasts: 7 days.
pub const ATTRIBUTION_SECS: i64 = 7 * 86_400;

/// Why a referral value is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferralError {
    /// A sharer code that is not 6 to 32 of `a-z 0-9`.
    #[error("a sharer code is 6 to 32 lowercase letters or digits")]
    InvalidCode,
    /// An identifier failed to parse.
    #[error(transparent)]
    Id(#[from] IdError),
}

/// A sharer's code, as carried in share links (`ps-ref=…`): 6 to 32 of `a-z 0-9`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SharerCode(String);

impl SharerCode {
    /// Parses and validates.
    pub fn parse(raw: &str) -> Result<SharerCode, ReferralError> {
        let ok = (6..=32).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if ok {
            Ok(SharerCode(raw.to_owned()))
        } else {
            Err(ReferralError::InvalidCode)
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SharerCode {
    type Error = ReferralError;
    fn try_from(value: String) -> Result<SharerCode, ReferralError> {
        SharerCode::parse(&value)
    }
}

impl From<SharerCode> for String {
    fn from(c: SharerCode) -> String {
        c.0
    }
}

impl std::fmt::Display for SharerCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A share link's attribution as the host page keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The sharer.
    pub code: SharerCode,
    /// When the link was opened (unix seconds).
    pub at: i64,
}

impl Attribution {
    /// The attribution after a page load at `now` that may carry a `clicked` code:
    /// the new click wins; an old attribution lasts [`ATTRIBUTION_SECS`].
    pub fn after_visit(
        kept: Option<Attribution>,
        clicked: Option<SharerCode>,
        now: i64,
    ) -> Option<Attribution> {
        match clicked {
            Some(code) => Some(Attribution { code, at: now }),
            None => kept.filter(|a| a.is_live(now)),
        }
    }

    /// Whether it still counts at `now`.
    pub fn is_live(&self, now: i64) -> bool {
        now >= self.at && now - self.at < ATTRIBUTION_SECS
    }
}

/// Who takes part in an order's money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The shop's owner.
    Owner,
    /// The agent whose sub-shop sold it.
    Agent,
    /// That agent's upstream agent.
    UpstreamAgent,
    /// The sharer whose link brought the shopper.
    Sharer,
    /// The platform's fee.
    Platform,
}

impl Party {
    /// Every party.
    pub const ALL: [Party; 5] = [
        Party::Owner,
        Party::Agent,
        Party::UpstreamAgent,
        Party::Sharer,
        Party::Platform,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Owner => "owner",
            Party::Agent => "agent",
            Party::UpstreamAgent => "upstream_agent",
            Party::Sharer => "sharer",
            Party::Platform => "platform",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Party> {
        Party::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Where a ledger row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// The order is under way: the money is owed once it is delivered.
    Pending,
    /// The order was delivered.
    Earned,
    /// The order was cancelled, refunded or expired.
    Voided,
}

/// `POST /v1/shops/{shop}/sharers` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharerRequest {
    /// The shopper who shares.
    pub shopper: crate::id::ShopperId,
}

/// `POST /v1/shops/{shop}/sharers` answer: the shopper's code (the same every time)
/// and the token that opens its earnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharerCreated {
    /// The code share links carry.
    pub code: SharerCode,
    /// Opens `GET /v1/shops/{shop}/sharers/{code}?token=`.
    pub token: String,
}

/// `GET /v1/shops/{shop}/sharers/{code}?token=`: what a sharer's links earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharerEarnings {
    /// The code.
    pub code: SharerCode,
    /// Orders attributed to it (any state).
    pub orders: u32,
    /// Owed once the orders under way are delivered.
    pub pending: Money,
    /// Earned: delivered orders.
    pub earned: Money,
    /// Lost: cancelled, refunded or expired orders.
    pub voided: Money,
}

/// One agent's sales in a shop's agent tree, for the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentSales {
    /// The agent's sub-shop.
    pub agent_shop: ShopId,
    /// Orders not voided.
    pub orders: u32,
    /// Their goods' value as charged (after discounts, before shipping).
    pub sales: Money,
    /// The agent's commission on them.
    pub commission: Money,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> SharerCode {
        SharerCode::parse(s).expect("valid")
    }

    #[test]
    fn the_last_click_wins_for_seven_days() {
        let first = Attribution::after_visit(None, Some(code("aaaaaa1")), 100);
        let kept = Attribution::after_visit(first.clone(), None, 100 + 86_400);
        assert_eq!(kept, first);
        let second = Attribution::after_visit(kept, Some(code("bbbbbb2")), 200 + 86_400);
        assert_eq!(second.as_ref().map(|a| a.code.as_str()), Some("bbbbbb2"));
        let gone = Attribution::after_visit(second, None, 200 + 86_400 + ATTRIBUTION_SECS);
        assert_eq!(gone, None);
    }

    #[test]
    fn sharer_codes_are_lowercase_letters_and_digits() {
        assert!(SharerCode::parse("abc123").is_ok());
        for bad in ["abc", "ABC1234", "abc-123", "../etc/x", &"a".repeat(33)] {
            assert!(SharerCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn parties_round_trip_their_names() {
        for p in Party::ALL {
            assert_eq!(Party::parse(p.as_str()), Some(p));
        }
    }
}
