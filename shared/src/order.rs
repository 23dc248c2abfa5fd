//! The order and its status machine.
//!
//! ```text
//! pending_payment ─payment_confirmed→ paid ─submitted→ submitted ─shipped→ shipped ─delivered→ delivered
//!        └──────────submitted (cash on delivery only)──────↗        shipped ─shipped→ shipped (another parcel)
//! pending_payment ─expired→ expired (prepaid only: nobody paid in time)
//! pending_payment | paid | submitted ─cancelled→ cancelled
//! paid | submitted | shipped | delivered ─refunded→ refunded
//! cancelled ─refunded→ refunded (prepaid only: the money of a cancelled order goes back)
//! ```
//! Invariants: only these transitions are legal; `expired` and `refunded` are final,
//! `cancelled` is final but for returning a prepaid order's money, `delivered` but for
//! a refund; an order paid on delivery skips `paid`; only a prepaid order can become
//! `paid` or `expired`.

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
    /// Not paid in time; nothing was sent to the supplier.
    Expired,
}

impl OrderStatus {
    /// Every status.
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::PendingPayment,
        OrderStatus::Paid,
        OrderStatus::Submitted,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::Refunded,
        OrderStatus::Expired,
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
            OrderStatus::Expired => "expired",
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
            (S::PendingPayment, E::Expired) if method.is_prepaid() => S::Expired,
            (S::Paid | S::Submitted | S::Shipped | S::Delivered, E::Refunded) => S::Refunded,
            (S::Cancelled, E::Refunded) if method.is_prepaid() => S::Refunded,
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
    /// The time to pay ran out.
    Expired,
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
            OrderEvent::Expired => "expired",
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
    /// Card and wallet payments on Stripe's hosted Checkout page.
    Stripe,
    /// WeChat Pay (JSAPI inside WeChat, H5 in other mobile browsers), from a pay page
    /// on the edge's own domain.
    WechatPay,
    /// The local test provider: a pay page on the edge, marked as test mode, that
    /// moves no money. A production configuration cannot enable it.
    Sandbox,
}

impl PaymentMethod {
    /// Every method Pocketshop supports.
    pub const ALL: [PaymentMethod; 4] = [
        PaymentMethod::CashOnDelivery,
        PaymentMethod::Stripe,
        PaymentMethod::WechatPay,
        PaymentMethod::Sandbox,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::CashOnDelivery => "cash_on_delivery",
            PaymentMethod::Stripe => "stripe",
            PaymentMethod::WechatPay => "wechat_pay",
            PaymentMethod::Sandbox => "sandbox",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether the money is collected before the order goes to the supplier.
    pub fn is_prepaid(self) -> bool {
        !matches!(self, PaymentMethod::CashOnDelivery)
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

    const EVENTS: [OrderEvent; 7] = [
        OrderEvent::PaymentConfirmed,
        OrderEvent::Submitted,
        OrderEvent::Shipped,
        OrderEvent::Delivered,
        OrderEvent::Cancelled,
        OrderEvent::Refunded,
        OrderEvent::Expired,
    ];

    #[test]
    fn nothing_leaves_cancelled_refunded_or_expired() {
        for event in EVENTS {
            for method in PaymentMethod::ALL {
                assert!(OrderStatus::Refunded.apply(event, method).is_err());
                assert!(OrderStatus::Expired.apply(event, method).is_err());
            }
            assert!(OrderStatus::Cancelled.apply(event, COD).is_err());
        }
    }

    #[test]
    fn a_prepaid_order_is_paid_before_the_supplier_sees_it() {
        let m = PaymentMethod::Stripe;
        let s = OrderStatus::PendingPayment;
        assert!(s.apply(OrderEvent::Submitted, m).is_err());
        let s = s.apply(OrderEvent::PaymentConfirmed, m).expect("legal");
        assert_eq!(s, OrderStatus::Paid);
        assert_eq!(
            s.apply(OrderEvent::Submitted, m),
            Ok(OrderStatus::Submitted)
        );
    }

    #[test]
    fn only_an_unpaid_prepaid_order_expires() {
        let s = OrderStatus::PendingPayment;
        assert_eq!(
            s.apply(OrderEvent::Expired, PaymentMethod::Sandbox),
            Ok(OrderStatus::Expired)
        );
        assert!(s.apply(OrderEvent::Expired, COD).is_err());
        assert!(OrderStatus::Paid
            .apply(OrderEvent::Expired, PaymentMethod::Sandbox)
            .is_err());
    }

    #[test]
    fn a_cancelled_prepaid_order_can_only_be_refunded() {
        let m = PaymentMethod::WechatPay;
        for event in EVENTS {
            let next = OrderStatus::Cancelled.apply(event, m);
            if event == OrderEvent::Refunded {
                assert_eq!(next, Ok(OrderStatus::Refunded));
            } else {
                assert!(next.is_err(), "{event}");
            }
        }
    }

    #[test]
    fn payment_methods_round_trip_through_their_names() {
        for m in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(m.as_str()), Some(m));
            assert_eq!(
                serde_json::to_value(m).expect("json"),
                serde_json::json!(m.as_str())
            );
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
