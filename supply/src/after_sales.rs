//! After-sales cases: the pure decisions of the supplier's after-sales desk, which
//! status an action moves a case to and whether that move refunds the order.
//!
//! Invariants: a case moves only `requested` → `approved` | `rejected` and
//! `approved` → `completed`; nothing leaves `rejected` or `completed`. Approving a
//! refund case, or completing a return case (the goods are back), is what refunds the
//! order; every other move leaves the order as it is.

use crate::error::Error;
use crate::orders;
use pocketshop_shared::supply::{AfterSalesCase, AfterSalesKind, SupplyOrderStatus};
use pocketshop_shared::ApiError;

/// Where a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    /// Opened by the edge, waiting for the desk.
    Requested,
    /// Accepted by the desk.
    Approved,
    /// Refused by the desk.
    Rejected,
    /// Done: goods back (a return) or money sent (a refund).
    Completed,
}

impl CaseStatus {
    /// Every status.
    pub const ALL: [CaseStatus; 4] = [
        CaseStatus::Requested,
        CaseStatus::Approved,
        CaseStatus::Rejected,
        CaseStatus::Completed,
    ];

    /// The stored (and wire) name.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Requested => "requested",
            CaseStatus::Approved => "approved",
            CaseStatus::Rejected => "rejected",
            CaseStatus::Completed => "completed",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// What the after-sales desk does to a case (the last segment of
/// `POST /sim/orders/{id}/after-sales/{case_id}/{action}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAction {
    /// `approve`: `requested` → `approved`.
    Approve,
    /// `reject`: `requested` → `rejected`.
    Reject,
    /// `complete`: `approved` → `completed`.
    Complete,
}

impl CaseAction {
    /// Parses the path segment; anything else is no route at all.
    pub fn parse(s: &str) -> Option<CaseAction> {
        match s {
            "approve" => Some(CaseAction::Approve),
            "reject" => Some(CaseAction::Reject),
            "complete" => Some(CaseAction::Complete),
            _ => None,
        }
    }

    /// The status the action moves a case to.
    pub fn target(self) -> CaseStatus {
        match self {
            CaseAction::Approve => CaseStatus::Approved,
            CaseAction::Reject => CaseStatus::Rejected,
            CaseAction::Complete => CaseStatus::Completed,
        }
    }
}

/// The status `action` moves a case in `from` to, or `None` when it may not.
pub fn next(from: CaseStatus, action: CaseAction) -> Option<CaseStatus> {
    use CaseAction as A;
    use CaseStatus as S;
    match (from, action) {
        (S::Requested, A::Approve | A::Reject) | (S::Approved, A::Complete) => {
            Some(action.target())
        }
        _ => None,
    }
}

/// Whether `action` on a case of `kind` refunds the order: a refund is refunded once
/// approved, a return only once the goods are back (completed).
pub fn refunds_order(kind: AfterSalesKind, action: CaseAction) -> bool {
    matches!(
        (kind, action),
        (AfterSalesKind::Refund, CaseAction::Approve)
            | (AfterSalesKind::Return, CaseAction::Complete)
    )
}

/// The status stored in a case.
pub fn status_of(case: &AfterSalesCase) -> Result<CaseStatus, Error> {
    CaseStatus::parse(&case.status).ok_or_else(|| Error::Corrupt {
        what: "after-sales case status",
        detail: case.status.clone(),
    })
}

/// The 409 for a case move the case's status forbids. `ApiError::InvalidTransition`
/// names an order status, so it carries the order's, and the event says which case
/// was asked to become what and where that case is.
pub fn illegal_move(
    order: SupplyOrderStatus,
    case_id: &str,
    case: CaseStatus,
    action: CaseAction,
) -> ApiError {
    let event = format!(
        "{} (case {case_id} is {})",
        action.target().as_str(),
        case.as_str()
    );
    orders::illegal_move(order, &event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseAction as A;
    use CaseStatus as S;

    #[test]
    fn a_case_moves_only_from_requested_to_a_decision_and_from_approved_to_completed() {
        assert_eq!(next(S::Requested, A::Approve), Some(S::Approved));
        assert_eq!(next(S::Requested, A::Reject), Some(S::Rejected));
        assert_eq!(next(S::Approved, A::Complete), Some(S::Completed));
        let allowed = [
            (S::Requested, A::Approve),
            (S::Requested, A::Reject),
            (S::Approved, A::Complete),
        ];
        for from in S::ALL {
            for action in [A::Approve, A::Reject, A::Complete] {
                if !allowed.contains(&(from, action)) {
                    assert_eq!(next(from, action), None, "{from:?} {action:?}");
                }
            }
        }
    }

    #[test]
    fn an_approved_refund_or_a_completed_return_refunds_the_order_and_nothing_else_does() {
        use AfterSalesKind as K;
        assert!(refunds_order(K::Refund, A::Approve));
        assert!(refunds_order(K::Return, A::Complete));
        assert!(!refunds_order(K::Return, A::Approve));
        assert!(!refunds_order(K::Refund, A::Complete));
        assert!(!refunds_order(K::Refund, A::Reject));
        assert!(!refunds_order(K::Return, A::Reject));
    }

    #[test]
    fn case_statuses_and_actions_read_as_their_wire_names() {
        for s in S::ALL {
            assert_eq!(CaseStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(CaseStatus::parse("closed"), None);
        assert_eq!(CaseAction::parse("approve"), Some(A::Approve));
        assert_eq!(CaseAction::parse("reject"), Some(A::Reject));
        assert_eq!(CaseAction::parse("complete"), Some(A::Complete));
        assert_eq!(CaseAction::parse("Approve"), None);
    }

    #[test]
    fn an_illegal_case_move_is_a_409_naming_the_case_and_where_it_is() {
        let e = illegal_move(SupplyOrderStatus::Refunded, "AS-1", S::Approved, A::Approve);
        assert_eq!(e.status(), 409);
        assert_eq!(e.code(), "invalid_transition");
        match e {
            ApiError::InvalidTransition { event, .. } => {
                assert_eq!(event, "approved (case AS-1 is approved)");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_stored_case_status_that_is_not_one_is_corrupt() {
        let case = AfterSalesCase {
            id: "AS-1".into(),
            kind: AfterSalesKind::Refund,
            reason: "r".into(),
            status: "lost".into(),
            created_at: 0,
        };
        assert!(matches!(status_of(&case), Err(Error::Corrupt { .. })));
    }
}
