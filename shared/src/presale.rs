//! Pre-sale voting: the owner posts candidate styles, shoppers vote (once per style),
//! the owner promotes the winners to a pre-sale with a ship date, and each shopper who
//! voted for a promoted style is told once, on their next visit.
//!
//! Invariants: one vote per (style, shopper); only a style still in voting takes votes
//! or can be promoted; a notice is shown to a voter once.

use crate::id::{ProductId, ShopperId};
use serde::{Deserialize, Serialize};

/// The longest style title, in characters.
pub const MAX_TITLE_CHARS: usize = 80;
/// The longest style description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 1_000;
/// The most styles a shop keeps in voting at once.
pub const MAX_OPEN_STYLES: usize = 50;

/// What is wrong with a style an owner posts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresaleError {
    /// A title that is empty, too long or holds control characters.
    #[error("the title must be 1 to {MAX_TITLE_CHARS} characters of plain text")]
    Title,
    /// A description that is too long or holds control characters.
    #[error("the description must be at most {MAX_DESCRIPTION_CHARS} characters of plain text")]
    Description,
    /// An image that is not an https URL.
    #[error("the image must be an https:// URL")]
    Image,
}

/// Where a style is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StyleStatus {
    /// Taking votes.
    Voting,
    /// Promoted to a pre-sale.
    Presale,
    /// Withdrawn by the owner.
    Closed,
}

impl StyleStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            StyleStatus::Voting => "voting",
            StyleStatus::Presale => "presale",
            StyleStatus::Closed => "closed",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<StyleStatus> {
        [
            StyleStatus::Voting,
            StyleStatus::Presale,
            StyleStatus::Closed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// A candidate style as shoppers and the owner see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Style {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What it is.
    pub description: String,
    /// A picture.
    pub image: Option<String>,
    /// Where it is.
    pub status: StyleStatus,
    /// Votes so far.
    pub votes: u32,
    /// For a pre-sale: when it ships (unix seconds).
    pub ship_date: Option<i64>,
    /// For a pre-sale: the product to buy it as, when linked.
    pub product: Option<ProductId>,
    /// Whether the asking shopper voted for it (when the request named one).
    #[serde(default)]
    pub voted: bool,
}

/// `POST /v1/admin/shops/{shop}/styles`: a new candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewStyle {
    /// Its title.
    pub title: String,
    /// What it is.
    #[serde(default)]
    pub description: String,
    /// A picture (https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

impl NewStyle {
    /// The style trimmed and checked: plain text within the limits, an https image.
    pub fn check(&self) -> Result<NewStyle, PresaleError> {
        let plain = |s: &str| !s.chars().any(|c| c.is_control() && c != '\n');
        let title = self.title.trim();
        let n = title.chars().count();
        if n == 0 || n > MAX_TITLE_CHARS || !plain(title) {
            return Err(PresaleError::Title);
        }
        let description = self.description.trim();
        if description.chars().count() > MAX_DESCRIPTION_CHARS || !plain(description) {
            return Err(PresaleError::Description);
        }
        let image = match self.image.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) => {
                let ok = url.len() <= 2048
                    && url.len() > "https://".len()
                    && url.starts_with("https://")
                    && !url.chars().any(|c| {
                        c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\')
                    });
                if !ok {
                    return Err(PresaleError::Image);
                }
                Some(url.to_owned())
            }
        };
        Ok(NewStyle {
            title: title.to_owned(),
            description: description.to_owned(),
            image,
        })
    }
}

/// `POST /v1/admin/shops/{shop}/styles/{id}/promote`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromoteStyle {
    /// When it ships (unix seconds, in the future).
    pub ship_date: i64,
    /// The product shoppers buy it as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<ProductId>,
}

/// `POST /v1/shops/{shop}/presale/{style}/votes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// The voter.
    pub shopper: ShopperId,
}

/// The answer to a vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voted {
    /// The style after the vote.
    pub style: Style,
}

/// `GET /v1/shops/{shop}/presale?shopper=`: the styles in voting and on pre-sale, and
/// what the shopper has not been told yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresaleView {
    /// Styles in voting, most votes first.
    pub voting: Vec<Style>,
    /// Styles on pre-sale, soonest ship date first.
    pub presale: Vec<Style>,
    /// Styles this shopper voted for that went on pre-sale since their last visit.
    pub notices: Vec<Style>,
}

/// `GET /v1/admin/shops/{shop}/styles`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerStyles {
    /// Every style, newest first.
    pub styles: Vec<Style>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_is_trimmed_and_its_image_must_be_https() {
        let s = NewStyle {
            title: "  Linen shirt, sage ".into(),
            description: "Loose fit".into(),
            image: Some("https://img.example/a.jpg".into()),
        };
        assert_eq!(s.check().expect("valid").title, "Linen shirt, sage");
        let mut bad = s.clone();
        bad.title = " ".into();
        assert_eq!(bad.check(), Err(PresaleError::Title));
        let mut bad = s.clone();
        bad.image = Some("javascript:alert(1)".into());
        assert_eq!(bad.check(), Err(PresaleError::Image));
        let mut bad = s;
        bad.description = "x".repeat(MAX_DESCRIPTION_CHARS + 1);
        assert_eq!(bad.check(), Err(PresaleError::Description));
    }

    #[test]
    fn statuses_round_trip_their_stored_names() {
        for s in [
            StyleStatus::Voting,
            StyleStatus::Presale,
            StyleStatus::Closed,
        ] {
            assert_eq!(StyleStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(StyleStatus::parse("x"), None);
    }
}
