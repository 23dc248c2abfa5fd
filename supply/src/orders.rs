//! Fulfilment orders: the pure decisions (idempotency, merging lines, status moves)
//! and assembling an order with its parcels and cases.
//!
//! Invariants: one idempotency key is one order; a reused key with another body is
//! refused; status moves only accepted → shipped → delivered, accepted → cancelled,
//! shipped | delivered → refunded.

use crate::context::Ctx;
use crate::error::Error;
use crate::store::OrderRow;
use pocketshop_shared::supply::{CreateSupplyOrder, SkuQuantity, SupplyOrder, SupplyOrderStatus};
use pocketshop_shared::ApiError;
use sha2::{Digest, Sha256};

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

/// SHA-256 of a request body, hex.
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

/// Lines with one entry per SKU, quantities added, in first-seen order.
pub fn merge(lines: &[SkuQuantity]) -> Vec<(String, u32)> {
    let mut merged: Vec<(String, u32)> = Vec::new();
    for l in lines {
        match merged.iter_mut().find(|(sku, _)| sku == l.sku.as_str()) {
            Some((_, q)) => *q += l.quantity.get(),
            None => merged.push((l.sku.to_string(), l.quantity.get())),
        }
    }
    merged
}

/// The status a simulation or cancellation may move an order to from `from`.
pub fn can_move(from: SupplyOrderStatus, to: SupplyOrderStatus) -> bool {
    use SupplyOrderStatus as S;
    matches!(
        (from, to),
        (S::Accepted, S::Shipped | S::Cancelled)
            | (S::Shipped, S::Shipped | S::Delivered | S::Refunded)
            | (S::Delivered, S::Refunded)
    )
}

/// A carrier tracking number in the carrier's usual shape.
pub fn tracking_number(carrier: &str, random_hex: &str) -> String {
    let digits: String = random_hex
        .bytes()
        .map(|b| char::from(b'0' + (b % 10)))
        .take(12)
        .collect();
    let prefix = match carrier {
        c if c.contains("SF") || c.contains("顺丰") => "SF",
        c if c.contains("YTO") || c.contains("圆通") => "YT",
        c if c.contains("ZTO") || c.contains("中通") => "ZT",
        _ => "PS",
    };
    format!("{prefix}{digits}")
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

/// An order by id or reference, or `order_not_found`.
pub async fn find(ctx: &Ctx, id: &str) -> Result<OrderRow, Error> {
    if id.is_empty() || id.len() > 64 {
        return Err(ApiError::OrderNotFound.into());
    }
    ctx.store
        .order(id)
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

    #[test]
    fn a_key_makes_one_order_and_refuses_another_body() {
        assert_eq!(decide(None, "h"), Decision::Create);
        assert_eq!(decide(Some(&row("h")), "h"), Decision::Replay);
        assert_eq!(decide(Some(&row("h")), "other"), Decision::Conflict);
    }

    #[test]
    fn lines_of_one_sku_are_merged() {
        let l = |s: &str, q: u64| SkuQuantity {
            sku: Sku::parse(s).expect("valid"),
            quantity: Quantity::new(q).expect("valid"),
        };
        assert_eq!(
            merge(&[l("A", 2), l("B", 1), l("A", 3)]),
            vec![("A".to_owned(), 5), ("B".to_owned(), 1)]
        );
    }

    #[test]
    fn orders_move_only_forward() {
        use SupplyOrderStatus as S;
        assert!(can_move(S::Accepted, S::Shipped));
        assert!(can_move(S::Shipped, S::Delivered));
        assert!(!can_move(S::Accepted, S::Delivered));
        assert!(!can_move(S::Cancelled, S::Shipped));
        assert!(!can_move(S::Delivered, S::Cancelled));
    }

    #[test]
    fn tracking_numbers_look_like_the_carriers() {
        let t = tracking_number("SF Express", "0123456789abcdef0123");
        assert!(t.starts_with("SF") && t.len() == 14 && t[2..].bytes().all(|b| b.is_ascii_digit()));
    }
}
