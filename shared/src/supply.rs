//! Supply API v1 wire types: what a supplier serves and the edge sends it.
//!
//! A supplier answers errors with the same JSON shape as the Edge API (its
//! `ApiError`), so the edge can tell `out_of_stock` from a fault.
//! Invariants: every request both ways is signed (see [`crate::signing`]); writes carry
//! an `Idempotency-Key`.

use crate::catalogue::SupplyProduct;
use crate::contact::Contact;
use crate::id::{Quantity, Sku};
use crate::order::Shipment;
use serde::{Deserialize, Serialize};

/// `GET /v1/products` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductPage {
    /// The products, ordered by `(updated_at, id)`.
    pub items: Vec<SupplyProduct>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The largest page a supplier serves.
pub const MAX_PAGE: u32 = 200;

/// One item of a stock check or order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuQuantity {
    /// The variant.
    pub sku: Sku,
    /// How many.
    pub quantity: Quantity,
}

/// `POST /v1/stock/check` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockCheckRequest {
    /// What the edge wants to sell.
    pub items: Vec<SkuQuantity>,
}

/// Availability of one SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockAvailability {
    /// The variant.
    pub sku: Sku,
    /// Units asked for.
    pub requested: u32,
    /// Units in stock (0 for an unknown SKU).
    pub available: u32,
    /// Whether the SKU exists.
    pub known: bool,
}

/// `POST /v1/stock/check` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockCheckResponse {
    /// One entry per requested SKU, in request order.
    pub items: Vec<StockAvailability>,
}

/// `POST /v1/orders` body: a fulfilment order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateSupplyOrder {
    /// The edge's order id, echoed in webhooks.
    pub reference: String,
    /// What to ship.
    pub lines: Vec<SkuQuantity>,
    /// Where to ship it.
    pub ship_to: Contact,
    /// Whether the carrier collects payment on delivery.
    pub collect_on_delivery: bool,
}

/// A fulfilment order's status at the supplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplyOrderStatus {
    /// Accepted, being packed.
    Accepted,
    /// At least one parcel left.
    Shipped,
    /// Delivered.
    Delivered,
    /// Cancelled before shipping.
    Cancelled,
    /// Refunded after a return or refund request.
    Refunded,
}

impl SupplyOrderStatus {
    /// Every status, in the order an order can pass through them.
    pub const ALL: [SupplyOrderStatus; 5] = [
        SupplyOrderStatus::Accepted,
        SupplyOrderStatus::Shipped,
        SupplyOrderStatus::Delivered,
        SupplyOrderStatus::Cancelled,
        SupplyOrderStatus::Refunded,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SupplyOrderStatus::Accepted => "accepted",
            SupplyOrderStatus::Shipped => "shipped",
            SupplyOrderStatus::Delivered => "delivered",
            SupplyOrderStatus::Cancelled => "cancelled",
            SupplyOrderStatus::Refunded => "refunded",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<SupplyOrderStatus> {
        SupplyOrderStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

/// What kind of after-sales request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterSalesKind {
    /// Send the goods back for a refund.
    Return,
    /// Refund without a return (not arrived, damaged).
    Refund,
}

/// `POST /v1/orders/{id}/after-sales` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AfterSalesRequest {
    /// Return or refund.
    pub kind: AfterSalesKind,
    /// The shopper's reason, plain text.
    pub reason: String,
}

/// An after-sales case at the supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AfterSalesCase {
    /// The case id.
    pub id: String,
    /// Return or refund.
    pub kind: AfterSalesKind,
    /// The reason given.
    pub reason: String,
    /// `requested`, `approved`, `rejected` or `completed`.
    pub status: String,
    /// When it was opened (unix seconds).
    pub created_at: i64,
}

/// A fulfilment order as the supplier reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplyOrder {
    /// The supplier's order id.
    pub id: String,
    /// The edge's order id.
    pub reference: String,
    /// Where it is.
    pub status: SupplyOrderStatus,
    /// What was ordered.
    pub lines: Vec<SkuQuantity>,
    /// Parcels.
    pub shipments: Vec<Shipment>,
    /// Return and refund cases.
    pub after_sales: Vec<AfterSalesCase>,
    /// When it was accepted (unix seconds).
    pub created_at: i64,
}

/// A webhook event the supplier sends to the edge (`POST /v1/hooks/supply`, signed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplyEvent {
    /// Unique per event: a redelivery carries the same id.
    pub event_id: String,
    /// When it happened (unix seconds).
    pub occurred_at: i64,
    /// What happened.
    #[serde(flatten)]
    pub kind: SupplyEventKind,
}

/// What happened at the supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum SupplyEventKind {
    /// A parcel left.
    #[serde(rename = "order.shipped")]
    OrderShipped {
        /// The supplier's order id.
        order_id: String,
        /// The edge's order id.
        reference: String,
        /// The parcel.
        shipment: Shipment,
    },
    /// The order arrived.
    #[serde(rename = "order.delivered")]
    OrderDelivered {
        /// The supplier's order id.
        order_id: String,
        /// The edge's order id.
        reference: String,
        /// When (unix seconds).
        delivered_at: i64,
    },
    /// The order was cancelled by the supplier.
    #[serde(rename = "order.cancelled")]
    OrderCancelled {
        /// The supplier's order id.
        order_id: String,
        /// The edge's order id.
        reference: String,
    },
    /// The order was refunded.
    #[serde(rename = "order.refunded")]
    OrderRefunded {
        /// The supplier's order id.
        order_id: String,
        /// The edge's order id.
        reference: String,
    },
    /// An after-sales case changed status at the supplier's after-sales desk
    /// (`requested` → `approved` | `rejected`, `approved` → `completed`). An approved
    /// refund or a completed return is followed by `order.refunded` for the order.
    #[serde(rename = "after_sales.updated")]
    AfterSalesUpdated {
        /// The supplier's order id.
        order_id: String,
        /// The edge's order id.
        reference: String,
        /// The case as it is now.
        case: AfterSalesCase,
    },
    /// A product's data changed.
    #[serde(rename = "product.updated")]
    ProductUpdated {
        /// The product.
        product_id: String,
    },
    /// A SKU's stock changed.
    #[serde(rename = "stock.changed")]
    StockChanged {
        /// The variant.
        sku: Sku,
        /// Units now in stock.
        stock: u32,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shipped_event_has_the_documented_shape() {
        let e = SupplyEvent {
            event_id: "ev1".into(),
            occurred_at: 5,
            kind: SupplyEventKind::OrderShipped {
                order_id: "SO-1".into(),
                reference: "PS-1".into(),
                shipment: Shipment {
                    carrier: "SF Express".into(),
                    tracking_number: "SF100".into(),
                    shipped_at: 5,
                    delivered_at: None,
                },
            },
        };
        let v = serde_json::to_value(&e).expect("json");
        assert_eq!(v["type"], "order.shipped");
        assert_eq!(v["data"]["shipment"]["tracking_number"], "SF100");
        assert_eq!(
            serde_json::from_value::<SupplyEvent>(v).expect("decoded"),
            e
        );
    }

    #[test]
    fn an_after_sales_event_carries_the_case_as_it_is_now() {
        let e = SupplyEvent {
            event_id: "ev2".into(),
            occurred_at: 6,
            kind: SupplyEventKind::AfterSalesUpdated {
                order_id: "SO-1".into(),
                reference: "PS-1".into(),
                case: AfterSalesCase {
                    id: "AS-1".into(),
                    kind: AfterSalesKind::Refund,
                    reason: "破了".into(),
                    status: "approved".into(),
                    created_at: 5,
                },
            },
        };
        let v = serde_json::to_value(&e).expect("json");
        assert_eq!(v["type"], "after_sales.updated");
        assert_eq!(v["data"]["order_id"], "SO-1");
        assert_eq!(v["data"]["reference"], "PS-1");
        assert_eq!(v["data"]["case"]["id"], "AS-1");
        assert_eq!(v["data"]["case"]["kind"], "refund");
        assert_eq!(v["data"]["case"]["status"], "approved");
        assert_eq!(
            serde_json::from_value::<SupplyEvent>(v).expect("decoded"),
            e
        );
    }
}
