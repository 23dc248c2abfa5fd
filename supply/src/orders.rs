//! Fulfilment orders: the pure decisions (request validation, idempotency, merging
//! lines, stock sufficiency, status moves, shipping input, after-sales reasons) and
//! assembling an order with its parcels and cases.
//!
//! Invariants: one idempotency key is one order; a reused key with another body is
//! refused; status moves only accepted → shipped (→ shipped again for another
//! parcel) → delivered, accepted → cancelled, shipped | delivered → refunded.

use crate::context::Ctx;
use crate::error::Error;
use crate::input;
use crate::store::OrderRow;
use pocketshop_shared::order::OrderStatus;
use pocketshop_shared::supply::{CreateSupplyOrder, SkuQuantity, SupplyOrder, SupplyOrderStatus};
use pocketshop_shared::ApiError;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The most distinct SKUs one fulfilment order holds.
pub const MAX_LINES: u32 = 50;

/// The longest edge order reference accepted.
pub const MAX_REFERENCE_LEN: usize = 64;

/// The longest after-sales reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// What to do with a create request, given the order its key already made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A new order.
    Create,
    /// The same request again: answer with the existing order.
    Replay,
    /// The key was used for another request.
    Conflict,
}

/// SHA-256 of a request body, hex: the same bytes are the same request.
pub fn request_hash(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

/// Decides a create request by what its key already made.
pub fn decide(existing: Option<&OrderRow>, hash: &str) -> Decision {
    match existing {
        None => Decision::Create,
        Some(row) if row.request_hash == hash => Decision::Replay,
        Some(_) => Decision::Conflict,
    }
}

/// Checks what the types cannot: lines present and few enough, a usable reference.
pub fn validate(request: &CreateSupplyOrder) -> Result<(), ApiError> {
    if request.lines.is_empty() {
        return Err(ApiError::EmptyCart);
    }
    if request.lines.len() > MAX_LINES as usize {
        return Err(ApiError::TooManyLines { max: MAX_LINES });
    }
    let r = &request.reference;
    if r.is_empty() || r.len() > MAX_REFERENCE_LEN || !r.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::InvalidField {
            field: "reference".into(),
            message: format!("must be 1 to {MAX_REFERENCE_LEN} visible ASCII characters"),
        });
    }
    Ok(())
}

/// Lines with one entry per SKU, quantities added, in first-seen order: the stock
/// guard counts distinct SKUs, so a SKU must not appear twice.
pub fn merge(lines: &[SkuQuantity]) -> Vec<(String, u32)> {
    let mut merged: Vec<(String, u32)> = Vec::new();
    for l in lines {
        match merged.iter_mut().find(|(sku, _)| sku == l.sku.as_str()) {
            Some((_, q)) => *q = q.saturating_add(l.quantity.get()),
            None => merged.push((l.sku.to_string(), l.quantity.get())),
        }
    }
    merged
}

/// Refuses the first line whose SKU is unknown (422) or short of stock (409, with
/// what is left), given the stock of the SKUs that exist.
pub fn check_stock(stock: &[(String, u32)], lines: &[(String, u32)]) -> Result<(), ApiError> {
    for (sku, qty) in lines {
        match stock.iter().find(|(s, _)| s == sku) {
            None => return Err(ApiError::UnknownSku { sku: sku.clone() }),
            Some((_, available)) if available < qty => {
                return Err(ApiError::OutOfStock {
                    sku: sku.clone(),
                    available: *available,
                })
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The merged lines as the JSON `[["SKU", qty], …]` the stock guard reads.
pub fn lines_json(lines: &[(String, u32)]) -> String {
    serde_json::Value::Array(
        lines
            .iter()
            .map(|(sku, qty)| serde_json::json!([sku, qty]))
            .collect(),
    )
    .to_string()
}

/// Whether an order in `from` may move to `to`.
pub fn can_move(from: SupplyOrderStatus, to: SupplyOrderStatus) -> bool {
    use SupplyOrderStatus as S;
    matches!(
        (from, to),
        (S::Accepted, S::Shipped | S::Cancelled)
            | (S::Shipped, S::Shipped | S::Delivered | S::Refunded)
            | (S::Delivered, S::Refunded)
    )
}

/// Every status from which an order may move to `to`, so a guarded write can test
/// them inside its transaction without restating [`can_move`].
pub fn may_become(to: SupplyOrderStatus) -> Vec<SupplyOrderStatus> {
    SupplyOrderStatus::ALL
        .into_iter()
        .filter(|from| can_move(*from, to))
        .collect()
}

/// The 409 for a move the order's status forbids, in the edge's status words
/// (what the supplier calls accepted, the edge calls submitted).
pub fn illegal_move(from: SupplyOrderStatus, event: &str) -> ApiError {
    let status = match from {
        SupplyOrderStatus::Accepted => OrderStatus::Submitted,
        SupplyOrderStatus::Shipped => OrderStatus::Shipped,
        SupplyOrderStatus::Delivered => OrderStatus::Delivered,
        SupplyOrderStatus::Cancelled => OrderStatus::Cancelled,
        SupplyOrderStatus::Refunded => OrderStatus::Refunded,
    };
    ApiError::InvalidTransition {
        status,
        event: event.to_owned(),
    }
}

/// A simulated shipment's body; both fields optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipRequest {
    /// The carrier (default SF Express).
    pub carrier: Option<String>,
    /// The tracking number (default: generated in the carrier's shape).
    pub tracking_number: Option<String>,
}

/// The carrier used when none is named.
pub const DEFAULT_CARRIER: &str = "SF Express";

impl ShipRequest {
    /// Parses a ship body; an empty body ships with the defaults.
    pub fn parse(body: &[u8]) -> Result<ShipRequest, ApiError> {
        let asked: ShipRequest = if input::is_blank(body) {
            ShipRequest::default()
        } else {
            input::json(body)?
        };
        Ok(ShipRequest {
            carrier: short_text(asked.carrier, "carrier", 40)?,
            tracking_number: short_text(asked.tracking_number, "tracking_number", 40)?,
        })
    }
}

fn short_text(value: Option<String>, field: &str, max: usize) -> Result<Option<String>, ApiError> {
    match value.map(|v| v.trim().to_owned()) {
        Some(v) if v.is_empty() || v.chars().count() > max || v.chars().any(char::is_control) => {
            Err(ApiError::InvalidField {
                field: field.into(),
                message: format!("must be 1 to {max} characters of text"),
            })
        }
        other => Ok(other),
    }
}

/// A carrier tracking number in the carrier's usual shape: a prefix and 12 digits
/// drawn from `random` bytes.
pub fn tracking_number(carrier: &str, random: &[u8]) -> String {
    let digits: String = random
        .iter()
        .map(|b| char::from(b'0' + (b % 10)))
        .take(12)
        .collect();
    let prefix = match carrier {
        c if c.contains("SF") || c.contains("顺丰") => "SF",
        c if c.contains("YTO") || c.contains("圆通") => "YT",
        c if c.contains("ZTO") || c.contains("中通") => "ZT",
        c if c.contains("JD") || c.contains("京东") => "JD",
        _ => "PS",
    };
    format!("{prefix}{digits}")
}

/// An after-sales reason as stored: trimmed plain text of 1 to 500 characters
/// (line breaks and tabs allowed, other control characters not).
pub fn after_sales_reason(reason: &str) -> Result<String, ApiError> {
    let reason = reason.trim();
    let plain = reason
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS || !plain {
        return Err(ApiError::InvalidField {
            field: "reason".into(),
            message: format!("must be 1 to {MAX_REASON_CHARS} characters of plain text"),
        });
    }
    Ok(reason.to_owned())
}

/// The order request stored in a row.
pub fn request_of(row: &OrderRow) -> Result<CreateSupplyOrder, Error> {
    serde_json::from_str(&row.body).map_err(|e| Error::Corrupt {
        what: "order",
        detail: e.to_string(),
    })
}

/// The status stored in a row.
pub fn status_of(row: &OrderRow) -> Result<SupplyOrderStatus, Error> {
    SupplyOrderStatus::parse(&row.status).ok_or_else(|| Error::Corrupt {
        what: "order status",
        detail: row.status.clone(),
    })
}

/// The whole order as the Supply API reports it.
pub async fn load(ctx: &Ctx, row: &OrderRow) -> Result<SupplyOrder, Error> {
    let request = request_of(row)?;
    Ok(SupplyOrder {
        id: row.id.clone(),
        reference: request.reference,
        status: status_of(row)?,
        lines: request.lines,
        shipments: ctx.store.shipments(&row.id).await?,
        after_sales: ctx.store.cases(&row.id).await?,
        created_at: row.created_at,
    })
}

/// An order by the supplier's id, or `order_not_found`.
pub async fn find(ctx: &Ctx, id: &str) -> Result<OrderRow, Error> {
    if id.is_empty() || id.len() > MAX_REFERENCE_LEN {
        return Err(ApiError::OrderNotFound.into());
    }
    ctx.store
        .order(id)
        .await?
        .ok_or_else(|| ApiError::OrderNotFound.into())
}

/// An order by the supplier's id or the edge's reference (what a person using the
/// simulation has at hand), or `order_not_found`.
pub async fn find_by_id_or_reference(ctx: &Ctx, id: &str) -> Result<OrderRow, Error> {
    if id.is_empty() || id.len() > MAX_REFERENCE_LEN {
        return Err(ApiError::OrderNotFound.into());
    }
    ctx.store
        .order_by_id_or_reference(id)
        .await?
        .ok_or_else(|| ApiError::OrderNotFound.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::{Quantity, Sku};

    fn row(hash: &str) -> OrderRow {
        OrderRow {
            id: "SO-1".into(),
            idempotency_key: "k".into(),
            request_hash: hash.into(),
            status: "accepted".into(),
            body: "{}".into(),
            created_at: 0,
        }
    }

    fn line(s: &str, q: u64) -> SkuQuantity {
        SkuQuantity {
            sku: Sku::parse(s).expect("valid"),
            quantity: Quantity::new(q).expect("valid"),
        }
    }

    fn order(reference: &str, lines: Vec<SkuQuantity>) -> CreateSupplyOrder {
        serde_json::from_value(serde_json::json!({
            "reference": reference,
            "lines": lines,
            "ship_to": {"name": "王小明", "phone": "13800138000",
                        "address": {"region": "广东省", "city": "深圳市", "district": "南山区",
                                    "line": "科技园 1 号", "postal_code": "518000"}},
            "collect_on_delivery": true
        }))
        .expect("a valid order body")
    }

    #[test]
    fn a_key_makes_one_order_and_refuses_another_body() {
        assert_eq!(decide(None, "h"), Decision::Create);
        assert_eq!(decide(Some(&row("h")), "h"), Decision::Replay);
        assert_eq!(decide(Some(&row("h")), "other"), Decision::Conflict);
    }

    #[test]
    fn the_request_hash_is_the_sha256_of_the_exact_bytes() {
        assert_eq!(
            request_hash(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_ne!(request_hash(b"{\"a\":1}"), request_hash(b"{\"a\": 1}"));
    }

    #[test]
    fn an_order_needs_lines_and_a_visible_ascii_reference() {
        assert_eq!(validate(&order("PS-1", vec![line("A", 1)])), Ok(()));
        assert_eq!(validate(&order("PS-1", vec![])), Err(ApiError::EmptyCart));
        for bad in ["", "has space", &"x".repeat(65)] {
            assert!(
                matches!(
                    validate(&order(bad, vec![line("A", 1)])),
                    Err(ApiError::InvalidField { .. })
                ),
                "{bad:?}"
            );
        }
        let many: Vec<SkuQuantity> = (0..51).map(|i| line(&format!("S{i}"), 1)).collect();
        assert_eq!(
            validate(&order("PS-1", many)),
            Err(ApiError::TooManyLines { max: 50 })
        );
    }

    #[test]
    fn lines_of_one_sku_are_merged() {
        assert_eq!(
            merge(&[line("A", 2), line("B", 1), line("A", 3)]),
            vec![("A".to_owned(), 5), ("B".to_owned(), 1)]
        );
    }

    #[test]
    fn an_unknown_sku_is_422_and_short_stock_is_409_with_what_is_left() {
        let stock = vec![("A".to_owned(), 5), ("B".to_owned(), 0)];
        assert_eq!(check_stock(&stock, &[("A".into(), 5)]), Ok(()));
        let unknown = check_stock(&stock, &[("A".into(), 1), ("Z".into(), 1)]);
        assert_eq!(unknown, Err(ApiError::UnknownSku { sku: "Z".into() }));
        assert_eq!(unknown.map_err(|e| e.status()), Err(422));
        let short = check_stock(&stock, &[("A".into(), 6)]);
        assert_eq!(
            short,
            Err(ApiError::OutOfStock {
                sku: "A".into(),
                available: 5
            })
        );
        assert_eq!(short.map_err(|e| e.status()), Err(409));
    }

    #[test]
    fn the_stock_guard_reads_lines_as_pairs() {
        assert_eq!(
            lines_json(&[("A\"1".into(), 2), ("B".into(), 1)]),
            r#"[["A\"1",2],["B",1]]"#
        );
    }

    #[test]
    fn orders_move_only_forward() {
        use SupplyOrderStatus as S;
        assert!(can_move(S::Accepted, S::Shipped));
        assert!(can_move(S::Shipped, S::Shipped));
        assert!(can_move(S::Shipped, S::Delivered));
        assert!(can_move(S::Accepted, S::Cancelled));
        assert!(!can_move(S::Accepted, S::Delivered));
        assert!(!can_move(S::Cancelled, S::Shipped));
        assert!(!can_move(S::Shipped, S::Cancelled));
        assert!(!can_move(S::Delivered, S::Cancelled));
    }

    #[test]
    fn only_shipped_and_delivered_orders_may_become_refunded() {
        use SupplyOrderStatus as S;
        assert_eq!(may_become(S::Refunded), vec![S::Shipped, S::Delivered]);
        assert_eq!(may_become(S::Cancelled), vec![S::Accepted]);
    }

    #[test]
    fn an_illegal_move_is_a_409_in_the_edges_words() {
        let e = illegal_move(SupplyOrderStatus::Accepted, "delivered");
        assert_eq!(e.status(), 409);
        assert_eq!(
            e,
            ApiError::InvalidTransition {
                status: OrderStatus::Submitted,
                event: "delivered".into()
            }
        );
    }

    #[test]
    fn an_empty_ship_body_uses_defaults_and_bad_fields_are_refused() {
        let r = ShipRequest::parse(b"").expect("empty is fine");
        assert!(r.carrier.is_none() && r.tracking_number.is_none());
        let r =
            ShipRequest::parse(br#"{"carrier":" YTO ","tracking_number":"YT1"}"#).expect("valid");
        assert_eq!(r.carrier.as_deref(), Some("YTO"));
        assert_eq!(r.tracking_number.as_deref(), Some("YT1"));
        assert!(matches!(
            ShipRequest::parse(br#"{"carrier":""}"#),
            Err(ApiError::InvalidField { .. })
        ));
        assert!(matches!(
            ShipRequest::parse(b"{"),
            Err(ApiError::InvalidJson { .. })
        ));
        assert!(matches!(
            ShipRequest::parse(br#"{"carier":"typo"}"#),
            Err(ApiError::InvalidJson { .. })
        ));
    }

    #[test]
    fn tracking_numbers_look_like_the_carriers() {
        let t = tracking_number("SF Express", &[7; 16]);
        assert_eq!(t, "SF777777777777");
        let t = tracking_number("Local courier", &[255; 12]);
        assert!(t.starts_with("PS") && t.len() == 14 && t[2..].bytes().all(|b| b.is_ascii_digit()));
    }

    #[test]
    fn an_after_sales_reason_is_1_to_500_characters_of_plain_text() {
        assert_eq!(
            after_sales_reason("  破了\n盒子压坏 "),
            Ok("破了\n盒子压坏".into())
        );
        assert_eq!(
            after_sales_reason(&"退".repeat(500)).map(|r| r.chars().count()),
            Ok(500)
        );
        for bad in ["", "   ", &"退".repeat(501), "bell\u{7}"] {
            assert!(after_sales_reason(bad).is_err(), "{bad:?}");
        }
    }
}
