//! The order and its status machine.
//!
//! ```text
//! pending_payment ─payment_confirmed→ paid ─submitted→ submitted ─shipped→ shipped ─delivered→ delivered
//!        └──────────submitted (cash on delivery only)──────↗        shipped ─shipped→ shipped (another parcel)
//! pending_payment | paid | submitted ─cancelled→ cancelled
//! paid | submitted | shipped | delivered ─refunded→ refunded
//! ```
//! Invariants: only these transitions are legal; `cancelled`, `refunded` and
//! `delivered` (but for a refund) are final; an order paid on delivery skips `paid`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An illegal transition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// The event cannot happen to an order in this status.
    #[error("an order that is {from} cannot be {event}")]
    IllegalTransition {
        /// The current status.
        from: OrderStatus,
        /// What was attempted.
        event: OrderEvent,
    },
    /// A status name that does not exist.
    #[error("unknown order status {0:?}")]
    UnknownStatus(String),
}

/// Where an order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Created, waiting for payment (or, paid on delivery, for the supplier hand-off).
    PendingPayment,
    /// Paid, not yet with the supplier.
    Paid,
    /// The supplier has accepted it.
    Submitted,
    /// At least one parcel is on its way.
    Shipped,
    /// Delivered.
    Delivered,
    /// Cancelled before shipping.
    Cancelled,
    /// Money returned.
    Refunded,
}

impl OrderStatus {
    /// Every status.
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::PendingPayment,
        OrderStatus::Paid,
        OrderStatus::Submitted,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::Refunded,
    ];

    /// The status's stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Submitted => "submitted",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<OrderStatus, OrderError> {
        OrderStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| OrderError::UnknownStatus(s.chars().take(32).collect()))
    }

    /// The status after `event`, for an order paid by `method`.
    pub fn apply(
        self,
        event: OrderEvent,
        method: PaymentMethod,
    ) -> Result<OrderStatus, OrderError> {
        use OrderEvent as E;
        use OrderStatus as S;
        let next = match (self, event) {
            (S::PendingPayment, E::PaymentConfirmed) if method.is_prepaid() => S::Paid,
            (S::PendingPayment, E::Submitted) if !method.is_prepaid() => S::Submitted,
            (S::Paid, E::Submitted) => S::Submitted,
            (S::Submitted | S::Shipped, E::Shipped) => S::Shipped,
            (S::Shipped, E::Delivered) => S::Delivered,
            (S::PendingPayment | S::Paid | S::Submitted, E::Cancelled) => S::Cancelled,
            (S::Paid | S::Submitted | S::Shipped | S::Delivered, E::Refunded) => S::Refunded,
            (from, event) => return Err(OrderError::IllegalTransition { from, event }),
        };
        Ok(next)
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happens to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderEvent {
    /// The payment provider confirmed payment.
    PaymentConfirmed,
    /// The supplier accepted the order.
    Submitted,
    /// A parcel left.
    Shipped,
    /// The parcels arrived.
    Delivered,
    /// Cancelled (by the shopper before shipping, by expiry, or by the supplier).
    Cancelled,
    /// Money returned.
    Refunded,
}

impl fmt::Display for OrderEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OrderEvent::PaymentConfirmed => "paid",
            OrderEvent::Submitted => "submitted",
            OrderEvent::Shipped => "shipped",
            OrderEvent::Delivered => "delivered",
            OrderEvent::Cancelled => "cancelled",
            OrderEvent::Refunded => "refunded",
        })
    }
}

/// How the shopper pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Cash on delivery, or pay at pickup in a chain store: the order goes to the
    /// supplier at once.
    CashOnDelivery,
}

impl PaymentMethod {
    /// Every method Pocketshop supports.
    pub const ALL: [PaymentMethod; 1] = [PaymentMethod::CashOnDelivery];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::CashOnDelivery => "cash_on_delivery",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether the money is collected before the order goes to the supplier.
    pub fn is_prepaid(self) -> bool {
        match self {
            PaymentMethod::CashOnDelivery => false,
        }
    }
}

/// A parcel on its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    /// The carrier's name (SF Express, YTO, …).
    pub carrier: String,
    /// The carrier's tracking number.
    pub tracking_number: String,
    /// When it left (unix seconds).
    pub shipped_at: i64,
    /// When it arrived, if it has.
    pub delivered_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const COD: PaymentMethod = PaymentMethod::CashOnDelivery;

    #[test]
    fn a_cash_on_delivery_order_goes_to_the_supplier_then_to_the_door() {
        let s = OrderStatus::PendingPayment;
        let s = s.apply(OrderEvent::Submitted, COD).expect("legal");
        let s = s.apply(OrderEvent::Shipped, COD).expect("legal");
        let s = s.apply(OrderEvent::Shipped, COD).expect("another parcel");
        let s = s.apply(OrderEvent::Delivered, COD).expect("legal");
        assert_eq!(s, OrderStatus::Delivered);
    }

    #[test]
    fn a_cash_order_cannot_be_marked_paid_before_delivery() {
        assert!(OrderStatus::PendingPayment
            .apply(OrderEvent::PaymentConfirmed, COD)
            .is_err());
    }

    #[test]
    fn nothing_leaves_cancelled_or_refunded() {
        for event in [
            OrderEvent::PaymentConfirmed,
            OrderEvent::Submitted,
            OrderEvent::Shipped,
            OrderEvent::Delivered,
            OrderEvent::Cancelled,
            OrderEvent::Refunded,
        ] {
            assert!(OrderStatus::Cancelled.apply(event, COD).is_err());
            assert!(OrderStatus::Refunded.apply(event, COD).is_err());
        }
    }

    #[test]
    fn a_shipped_order_cannot_be_cancelled_only_refunded() {
        assert!(OrderStatus::Shipped
            .apply(OrderEvent::Cancelled, COD)
            .is_err());
        assert_eq!(
            OrderStatus::Shipped.apply(OrderEvent::Refunded, COD),
            Ok(OrderStatus::Refunded)
        );
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Ok(s));
            assert_eq!(
                serde_json::to_value(s).expect("json"),
                serde_json::json!(s.as_str())
            );
        }
    }
}
