//! What a shopper sends to buy and gets back: quote and order requests, the order
//! as its shopper sees it, how to pay it, and the coupons that can take something
//! off it.
//!
//! Invariants: an order's lines are exactly the quoted lines ([`OrderLine`] is a
//! [`QuoteLine`]), and it is placed only at the total its shopper confirmed.

use crate::cart::CartLine;
use crate::contact::Contact;
use crate::coupon::{Coupon, CouponCode};
use crate::id::{OrderId, ShopId, ShopperId};
use crate::money::Money;
use crate::offer::Offer;
use crate::order::{OrderStatus, PaymentMethod, Shipment};
use crate::quote::QuoteLine;
use crate::supply::AfterSalesCase;
use serde::{Deserialize, Serialize};

/// `POST /v1/shops/{shop}/quote` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRequest {
    /// The cart's lines.
    pub lines: Vec<CartLine>,
    /// The campaign to price under (flash sale, group, bargain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<Offer>,
    /// A coupon code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
    /// The anonymous shopper (per-shopper limits, their own coupons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shopper: Option<ShopperId>,
}

impl QuoteRequest {
    /// A plain quote of `lines`: no offer, coupon or shopper.
    pub fn plain(lines: Vec<CartLine>) -> QuoteRequest {
        QuoteRequest {
            lines,
            offer: None,
            coupon: None,
            shopper: None,
        }
    }
}

/// `POST /v1/shops/{shop}/orders` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateOrderRequest {
    /// Exactly the lines that were quoted.
    pub lines: Vec<CartLine>,
    /// The quote's total the shopper confirmed; a different current total is refused
    /// with `price_changed` rather than charged.
    pub confirmed_total: Money,
    /// Who receives it.
    pub contact: Contact,
    /// How the shopper pays.
    pub payment_method: PaymentMethod,
    /// Where a hosted payment page sends the shopper back to: the host page with the
    /// order's `#ps-order=…` deep link. Required for prepaid methods; its origin must
    /// be one the shop allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    /// The campaign the order is made under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<Offer>,
    /// A coupon code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
    /// The sharer whose link brought the shopper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
    /// The anonymous shopper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shopper: Option<ShopperId>,
}

/// One line of an order.
pub type OrderLine = QuoteLine;

/// An order as its shopper sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    /// The order id.
    pub id: OrderId,
    /// The shop it was bought in.
    pub shop: ShopId,
    /// Where it is.
    pub status: OrderStatus,
    /// How it is paid.
    pub payment_method: PaymentMethod,
    /// What was bought, at the prices charged.
    pub lines: Vec<OrderLine>,
    /// Σ line totals.
    pub subtotal: Money,
    /// Shipping.
    pub shipping: Money,
    /// What the shopper pays.
    pub total: Money,
    /// Who receives it.
    pub contact: Contact,
    /// Parcels.
    pub shipments: Vec<Shipment>,
    /// When it was placed (unix seconds).
    pub created_at: i64,
    /// While unpaid: when it expires unless paid (unix seconds).
    #[serde(default)]
    pub pay_before: Option<i64>,
    /// While unpaid: the provider's page where the shopper pays (again).
    #[serde(default)]
    pub pay_url: Option<String>,
    /// Whether the payment was made in a provider's test mode (no money moved).
    #[serde(default)]
    pub test_mode: bool,
    /// Return and refund requests, oldest first.
    #[serde(default)]
    pub after_sales: Vec<AfterSalesCase>,
    /// What the coupon took off the goods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Money>,
    /// The coupon used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<CouponCode>,
    /// The campaign it was bought under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<Offer>,
    /// For a group order: the group it holds a place in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// `GET /v1/shops/{shop}/coupons?shopper=`: the shopper's wallet, after issuing the
/// coupons the shop's rules say are due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wallet {
    /// Coupons issued to the shopper that they can still use, soonest expiry first.
    pub coupons: Vec<Coupon>,
}

/// A coupon as its shop's owner lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerCoupon {
    /// The coupon.
    pub coupon: Coupon,
    /// Orders (not given up) that used it.
    pub used: u32,
}

/// What the shopper does next to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PaymentHandoff {
    /// Nothing now: the carrier collects on delivery.
    CashOnDelivery {
        /// The amount to have ready.
        amount_due: Money,
    },
    /// Go to the provider's page (or the edge's pay page) to pay; it sends the
    /// shopper back to the order's `return_url`.
    Redirect {
        /// The provider.
        method: PaymentMethod,
        /// Where to pay.
        url: String,
        /// The amount charged.
        amount_due: Money,
        /// When the order expires unless paid (unix seconds).
        pay_before: i64,
    },
}

/// `POST /v1/orders/{id}/after-sales?token=` body: a return or refund request.
pub type AfterSalesRequest = crate::supply::AfterSalesRequest;

/// `POST /v1/shops/{shop}/orders` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCreated {
    /// The order.
    pub order: OrderView,
    /// The capability token that opens `GET /v1/orders/{id}?token=`; shown once.
    pub token: String,
    /// How to pay.
    pub payment: PaymentHandoff,
}
