//! The protocol of a campaign counter, the `CampaignCounter` Durable Object (one
//! per flash sale, `flash:<id>`, and one per group, `group:<id>`): the commands and
//! answers, and [`Counter`], which applies the pure state machines of
//! [`pocketshop_shared::campaign`] on the object's own clock.
//!
//! Invariants: a counter takes the kind of its first command and keeps it; a
//! command of the other kind is answered `WrongKind` and changes nothing.

use pocketshop_shared::campaign::{
    FlashAnswer, FlashCommand, FlashCounter, GroupAnswer, GroupCommand, GroupCounter,
};
use serde::{Deserialize, Serialize};

/// The Durable Object binding in `wrangler.toml`.
pub const BINDING: &str = "CAMPAIGNS";

/// A command to one campaign counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignCommand {
    /// To a flash sale's counter.
    Flash(FlashCommand),
    /// To a group's counter.
    Group(GroupCommand),
}

/// What a campaign counter answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignAnswer {
    /// A flash sale's answer.
    Flash(FlashAnswer),
    /// A group's answer.
    Group(GroupAnswer),
    /// The command was for the other kind of counter (never sent by the edge).
    WrongKind,
}

/// What one counter object stores: nothing until its first command says its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counter {
    /// Not used yet.
    #[default]
    Empty,
    /// A flash sale's counter.
    Flash(FlashCounter),
    /// A group's counter.
    Group(GroupCounter),
}

impl Counter {
    /// Applies a command at `now_ms` (the object's clock).
    pub fn apply(&mut self, command: CampaignCommand, now_ms: i64) -> CampaignAnswer {
        if *self == Counter::Empty {
            *self = match command {
                CampaignCommand::Flash(_) => Counter::Flash(FlashCounter::default()),
                CampaignCommand::Group(_) => Counter::Group(GroupCounter::default()),
            };
        }
        match (self, command) {
            (Counter::Flash(c), CampaignCommand::Flash(cmd)) => CampaignAnswer::Flash(c.apply(cmd)),
            (Counter::Group(c), CampaignCommand::Group(cmd)) => {
                CampaignAnswer::Group(c.apply(cmd, now_ms))
            }
            _ => CampaignAnswer::WrongKind,
        }
    }
}
