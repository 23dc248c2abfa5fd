//! One group's counter: a pure state machine the edge keeps in one Durable Object
//! per group.
//!
//! Invariants: a group never has more than `size` places taken; a place is held for
//! an unpaid order until its deadline and for a paid one for good; one shopper holds
//! at most one place of a group; a group is complete exactly when `size` members
//! have paid, and failed when its window closes first; both are final, and a
//! member's gate follows from them: complete → submit (for its paid members),
//! failed → refund, open → wait; a repeated join, release or confirm per order
//! changes nothing more.

use super::view::{GroupStatus, MemberView};
use serde::{Deserialize, Serialize};

/// What a group is: set once, by the command that opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupInfo {
    /// The shop.
    pub shop: String,
    /// The deal.
    pub deal: String,
    /// Places.
    pub size: u32,
    /// When it closes (unix seconds).
    pub closes_at: i64,
}

/// A command to one group's counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum GroupCommand {
    /// Open the group with `order` as its first member.
    Open {
        /// What the group is.
        info: GroupInfo,
        /// The opener's place.
        place: Place,
    },
    /// Take a place for `order`.
    Join {
        /// The place.
        place: Place,
    },
    /// `order` will not be paid: give its place back (a paid place stays).
    Release {
        /// The order.
        order: String,
    },
    /// `order` is paid: what should it do now?
    Confirm {
        /// The order.
        order: String,
    },
    /// The group as others see it.
    View,
}

/// A place asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The order.
    pub order: String,
    /// The shopper.
    pub shopper: String,
    /// The masked display name.
    pub name: String,
    /// Until when it is held unpaid (unix milliseconds).
    pub until_ms: i64,
}

/// What a group's counter answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum GroupAnswer {
    /// The place is the order's.
    Granted,
    /// No such group (never opened here).
    Unknown,
    /// Another group already has this id.
    Taken,
    /// No place left.
    Full,
    /// Complete or failed, or its window closed.
    Closed,
    /// The shopper already has a place.
    AlreadyMember,
    /// Released.
    Done,
    /// The group is complete: these orders (the paid members') go ahead.
    Complete {
        /// Every member's order.
        orders: Vec<String>,
        /// Whether this confirm completed it (the others' orders are waiting to be
        /// woken).
        just_completed: bool,
    },
    /// Not complete yet: ask again by `until` (unix seconds).
    Wait {
        /// When the window closes.
        until: i64,
    },
    /// The order will not go ahead: refund it.
    Refund,
    /// The group as others see it.
    View {
        /// What it is.
        info: GroupInfo,
        /// Its state.
        status: GroupStatus,
        /// Places left.
        places_left: u32,
        /// Its members holding a place, in join order.
        members: Vec<MemberView>,
        /// Their shopper ids, in the same order: for the edge to tell a reader
        /// whether they are in, never to show.
        shoppers: Vec<String>,
    },
}

/// One member's place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Member {
    order: String,
    shopper: String,
    name: String,
    until_ms: i64,
    paid: bool,
}

impl Member {
    fn holds(&self, now_ms: i64) -> bool {
        self.paid || self.until_ms > now_ms
    }
}

/// One group: what its Durable Object stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCounter {
    info: Option<GroupInfo>,
    status: GroupStatus,
    /// Members in join order, with lapsed unpaid places (they hold nothing).
    members: Vec<Member>,
}

impl Default for GroupCounter {
    fn default() -> GroupCounter {
        GroupCounter {
            info: None,
            status: GroupStatus::Open,
            members: Vec::new(),
        }
    }
}

impl GroupCounter {
    /// Places held at `now_ms`.
    pub fn taken(&self, now_ms: i64) -> u32 {
        let n = self.members.iter().filter(|m| m.holds(now_ms)).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Its state as of the last command.
    pub fn status(&self) -> GroupStatus {
        self.status
    }

    /// Closes an open group whose window has passed.
    fn settle(&mut self, now_ms: i64) {
        if let Some(info) = &self.info {
            if self.status == GroupStatus::Open && now_ms >= info.closes_at.saturating_mul(1000) {
                self.status = GroupStatus::Failed;
            }
        }
    }

    /// Applies a command at `now_ms` (the object's clock).
    pub fn apply(&mut self, command: GroupCommand, now_ms: i64) -> GroupAnswer {
        self.settle(now_ms);
        match command {
            GroupCommand::Open { info, place } => match &self.info {
                Some(_) if self.members.iter().any(|m| m.order == place.order) => {
                    GroupAnswer::Granted
                }
                Some(_) => GroupAnswer::Taken,
                None => {
                    if now_ms >= info.closes_at.saturating_mul(1000) || info.size == 0 {
                        return GroupAnswer::Closed;
                    }
                    self.info = Some(info);
                    self.members.push(Member {
                        order: place.order,
                        shopper: place.shopper,
                        name: place.name,
                        until_ms: place.until_ms,
                        paid: false,
                    });
                    GroupAnswer::Granted
                }
            },
            GroupCommand::Join { place } => self.join(place, now_ms),
            GroupCommand::Release { order } => {
                self.members.retain(|m| m.order != order || m.paid);
                GroupAnswer::Done
            }
            GroupCommand::Confirm { order } => self.confirm(&order, now_ms),
            GroupCommand::View => match &self.info {
                None => GroupAnswer::Unknown,
                Some(info) => {
                    let holding = || self.members.iter().filter(|m| m.holds(now_ms));
                    GroupAnswer::View {
                        info: info.clone(),
                        status: self.status,
                        places_left: self.places_left(now_ms),
                        members: holding()
                            .map(|m| MemberView {
                                name: m.name.clone(),
                                paid: m.paid,
                            })
                            .collect(),
                        shoppers: holding().map(|m| m.shopper.clone()).collect(),
                    }
                }
            },
        }
    }

    fn places_left(&self, now_ms: i64) -> u32 {
        match (&self.info, self.status) {
            (Some(info), GroupStatus::Open) => info.size.saturating_sub(self.taken(now_ms)),
            _ => 0,
        }
    }

    fn join(&mut self, place: Place, now_ms: i64) -> GroupAnswer {
        let Some(info) = &self.info else {
            return GroupAnswer::Unknown;
        };
        if self.status != GroupStatus::Open {
            return GroupAnswer::Closed;
        }
        if let Some(m) = self.members.iter_mut().find(|m| m.order == place.order) {
            if m.holds(now_ms) {
                // A repeated join: the place is already the order's.
                return GroupAnswer::Granted;
            }
        }
        let other_place = self
            .members
            .iter()
            .any(|m| m.shopper == place.shopper && m.order != place.order && m.holds(now_ms));
        if other_place {
            return GroupAnswer::AlreadyMember;
        }
        if self.taken(now_ms) >= info.size {
            return GroupAnswer::Full;
        }
        self.members.retain(|m| m.order != place.order);
        self.members.push(Member {
            order: place.order,
            shopper: place.shopper,
            name: place.name,
            until_ms: place.until_ms,
            paid: false,
        });
        GroupAnswer::Granted
    }

    fn confirm(&mut self, order: &str, now_ms: i64) -> GroupAnswer {
        let Some(info) = self.info.clone() else {
            return GroupAnswer::Refund;
        };
        let paid_orders = |members: &[Member]| -> Vec<String> {
            members
                .iter()
                .filter(|m| m.paid)
                .map(|m| m.order.clone())
                .collect()
        };
        match self.status {
            GroupStatus::Failed => return GroupAnswer::Refund,
            GroupStatus::Complete => {
                let paid = self.members.iter().any(|m| m.order == order && m.paid);
                return if paid {
                    GroupAnswer::Complete {
                        orders: paid_orders(&self.members),
                        just_completed: false,
                    }
                } else {
                    GroupAnswer::Refund
                };
            }
            GroupStatus::Open => {}
        }
        let taken = self.taken(now_ms);
        let Some(index) = self.members.iter().position(|m| m.order == order) else {
            return GroupAnswer::Refund;
        };
        let member = &self.members[index];
        if !member.holds(now_ms) {
            // Paid after its place lapsed: it gets the place back if one is free and
            // the shopper holds no other.
            let shopper_has_other = self
                .members
                .iter()
                .any(|m| m.shopper == member.shopper && m.order != order && m.holds(now_ms));
            if taken >= info.size || shopper_has_other {
                return GroupAnswer::Refund;
            }
        }
        self.members[index].paid = true;
        let paid = self.members.iter().filter(|m| m.paid).count();
        if u32::try_from(paid).unwrap_or(u32::MAX) >= info.size {
            self.status = GroupStatus::Complete;
            // Unpaid places of a complete group hold nothing any more.
            self.members.retain(|m| m.paid);
            GroupAnswer::Complete {
                orders: paid_orders(&self.members),
                just_completed: true,
            }
        } else {
            GroupAnswer::Wait {
                until: info.closes_at,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW_MS: i64 = 1_790_000_000_000;
    const NOW: i64 = NOW_MS / 1000;
    const HOUR_MS: i64 = 3_600_000;

    fn info(size: u32) -> GroupInfo {
        GroupInfo {
            shop: "demo".into(),
            deal: "D1".into(),
            size,
            closes_at: NOW + 3600,
        }
    }

    fn place(order: &str, shopper: &str) -> Place {
        Place {
            order: order.into(),
            shopper: shopper.into(),
            name: "A**".into(),
            until_ms: NOW_MS + 900_000,
        }
    }

    fn opened(size: u32) -> GroupCounter {
        let mut g = GroupCounter::default();
        let open = GroupCommand::Open {
            info: info(size),
            place: place("O0", "S0"),
        };
        assert_eq!(g.apply(open, NOW_MS), GroupAnswer::Granted);
        g
    }

    fn join(g: &mut GroupCounter, order: &str, shopper: &str, at: i64) -> GroupAnswer {
        let place = Place {
            until_ms: at + 900_000,
            ..place(order, shopper)
        };
        g.apply(GroupCommand::Join { place }, at)
    }

    fn confirm(g: &mut GroupCounter, order: &str, at: i64) -> GroupAnswer {
        g.apply(
            GroupCommand::Confirm {
                order: order.into(),
            },
            at,
        )
    }

    #[test]
    fn a_group_takes_exactly_its_size_and_refuses_the_rest_as_full() {
        let mut g = opened(5);
        let mut granted = 1;
        for i in 1..200 {
            match join(&mut g, &format!("O{i}"), &format!("S{i}"), NOW_MS) {
                GroupAnswer::Granted => granted += 1,
                GroupAnswer::Full => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(granted, 5);
        assert_eq!(g.taken(NOW_MS), 5);
    }

    #[test]
    fn a_group_completes_when_every_place_is_paid_and_then_submits_its_members() {
        let mut g = opened(3);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        assert_eq!(join(&mut g, "O2", "S2", NOW_MS), GroupAnswer::Granted);
        assert_eq!(
            confirm(&mut g, "O0", NOW_MS),
            GroupAnswer::Wait { until: NOW + 3600 }
        );
        assert_eq!(
            confirm(&mut g, "O1", NOW_MS),
            GroupAnswer::Wait { until: NOW + 3600 }
        );
        let done = |just_completed| GroupAnswer::Complete {
            orders: vec!["O0".into(), "O1".into(), "O2".into()],
            just_completed,
        };
        assert_eq!(confirm(&mut g, "O2", NOW_MS), done(true));
        assert_eq!(g.status(), GroupStatus::Complete);
        assert_eq!(
            confirm(&mut g, "O0", NOW_MS + 10 * HOUR_MS),
            done(false),
            "final"
        );
        assert_eq!(join(&mut g, "O3", "S3", NOW_MS), GroupAnswer::Closed);
        assert_eq!(confirm(&mut g, "O9", NOW_MS), GroupAnswer::Refund);
    }

    #[test]
    fn a_group_whose_window_closes_unfilled_refunds_every_member() {
        let mut g = opened(3);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        confirm(&mut g, "O0", NOW_MS);
        confirm(&mut g, "O1", NOW_MS);
        let closed = (NOW + 3600) * 1000;
        assert_eq!(confirm(&mut g, "O0", closed), GroupAnswer::Refund);
        assert_eq!(confirm(&mut g, "O1", closed), GroupAnswer::Refund);
        assert_eq!(g.status(), GroupStatus::Failed);
        assert_eq!(join(&mut g, "O2", "S2", NOW_MS), GroupAnswer::Closed);
    }

    #[test]
    fn an_unpaid_place_is_held_until_its_deadline_or_release_and_then_freed() {
        let mut g = opened(2);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        assert_eq!(join(&mut g, "O2", "S2", NOW_MS), GroupAnswer::Full);
        let lapsed = NOW_MS + 900_000;
        assert_eq!(join(&mut g, "O2", "S2", lapsed), GroupAnswer::Granted);
        assert_eq!(g.taken(lapsed), 1, "both unpaid places lapsed");
    }

    #[test]
    fn a_released_place_is_free_again_but_a_paid_one_stays() {
        let mut g = opened(2);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        confirm(&mut g, "O0", NOW_MS);
        g.apply(GroupCommand::Release { order: "O0".into() }, NOW_MS);
        g.apply(GroupCommand::Release { order: "O1".into() }, NOW_MS);
        assert_eq!(g.taken(NOW_MS), 1);
        assert_eq!(join(&mut g, "O2", "S2", NOW_MS), GroupAnswer::Granted);
    }

    #[test]
    fn a_member_paying_after_its_place_lapsed_gets_it_back_only_if_one_is_free() {
        let mut g = opened(2);
        confirm(&mut g, "O0", NOW_MS);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        let lapsed = NOW_MS + 900_000;
        assert_eq!(
            confirm(&mut g, "O1", lapsed),
            GroupAnswer::Complete {
                orders: vec!["O0".into(), "O1".into()],
                just_completed: true,
            },
            "the place was still free"
        );
        let mut g = opened(2);
        confirm(&mut g, "O0", NOW_MS);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        assert_eq!(join(&mut g, "O2", "S2", lapsed), GroupAnswer::Granted);
        assert_eq!(
            confirm(&mut g, "O1", lapsed),
            GroupAnswer::Refund,
            "taken meanwhile"
        );
    }

    #[test]
    fn one_shopper_holds_one_place_and_repeated_commands_change_nothing() {
        let mut g = opened(5);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Granted);
        assert_eq!(join(&mut g, "O2", "S1", NOW_MS), GroupAnswer::AlreadyMember);
        assert_eq!(join(&mut g, "O3", "S0", NOW_MS), GroupAnswer::AlreadyMember);
        assert_eq!(g.taken(NOW_MS), 2);
        let open_again = GroupCommand::Open {
            info: info(5),
            place: place("O0", "S0"),
        };
        assert_eq!(g.apply(open_again, NOW_MS), GroupAnswer::Granted);
        let other_open = GroupCommand::Open {
            info: info(5),
            place: place("X", "SX"),
        };
        assert_eq!(g.apply(other_open, NOW_MS), GroupAnswer::Taken);
        confirm(&mut g, "O1", NOW_MS);
        confirm(&mut g, "O1", NOW_MS);
        assert_eq!(g.taken(NOW_MS), 2);
    }

    #[test]
    fn an_unknown_group_is_unknown_and_refunds() {
        let mut g = GroupCounter::default();
        assert_eq!(join(&mut g, "O1", "S1", NOW_MS), GroupAnswer::Unknown);
        assert_eq!(g.apply(GroupCommand::View, NOW_MS), GroupAnswer::Unknown);
        assert_eq!(confirm(&mut g, "O1", NOW_MS), GroupAnswer::Refund);
    }

    #[test]
    fn the_view_shows_masked_holders_in_join_order_and_places_left() {
        let mut g = opened(3);
        join(&mut g, "O1", "S1", NOW_MS);
        confirm(&mut g, "O0", NOW_MS);
        match g.apply(GroupCommand::View, NOW_MS) {
            GroupAnswer::View {
                status,
                places_left,
                members,
                shoppers,
                ..
            } => {
                assert_eq!(status, GroupStatus::Open);
                assert_eq!(places_left, 1);
                assert_eq!(shoppers.len(), 2);
                assert_eq!(shoppers[1], "S1");
                assert_eq!(
                    members,
                    vec![
                        MemberView {
                            name: "A**".into(),
                            paid: true
                        },
                        MemberView {
                            name: "A**".into(),
                            paid: false
                        }
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_group_s_answers_and_counter_have_a_stable_wire_shape() {
        assert_eq!(
            serde_json::to_value(GroupAnswer::Wait { until: 5 }).expect("json"),
            serde_json::json!({"answer": "wait", "until": 5})
        );
        let g = opened(2);
        let json = serde_json::to_string(&g).expect("json");
        assert_eq!(
            serde_json::from_str::<GroupCounter>(&json).expect("back"),
            g
        );
    }
}
