//! Stock holds: no unit is sold twice. Each SKU has one `StockHolds` Durable Object
//! (`worker::stock_holds`); checkout asks it to hold the order's units from the moment the
//! shopper confirms until the supplier has the order (the hold is *settled*), or
//! the order cannot go ahead (payment expired, supplier refused: *released*).
//!
//! How a hold is granted without trusting a stale count twice or not at all:
//! 1. before fetching the product fresh from the supplier, checkout reads the SKU's
//!    *mark*: how many settlements the object has recorded so far;
//! 2. the supplier's stock `S` is fetched;
//! 3. the object grants `qty` iff
//!    `qty ≤ S − (active holds of other orders) − (units settled after the mark)`.
//!
//! A settlement is recorded only after the supplier accepted the order, so one
//! recorded at or before the mark was accepted before `S` was read and `S` already
//! counts it; one recorded after the mark may or may not be in `S` and is subtracted
//! (the safe side). No clocks are compared for this, only the object's own counter.
//! When a refusal is owed only to such settlements the answer says `retry`, and
//! checkout reads a new mark and a new `S` (at most [`MAX_ATTEMPTS`] times), so a
//! burst of sales near the last unit does not leave units unsold.
//!
//! Invariants:
//! - a hold past its deadline counts for nothing, even if its release never came;
//! - hold, settle and release are idempotent per order: a repeated hold replaces the
//!   order's own hold (never counts it against itself), a repeated settle or release
//!   changes nothing;
//! - settlements are remembered for [`SETTLED_RETENTION_MS`]; a mark older than a
//!   forgotten settlement is refused with `retry`, never trusted;
//! - a cart holds every SKU or none: [`hold_all`] releases what it took when one
//!   SKU refuses or fails;
//! - settle and release failures are logged, never fail the order: a hold left
//!   behind lapses at its deadline, and until then only undersells.

use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::holds::{HoldAnswer, HoldCommand};
use crate::ports::platform::Platform;
use crate::ports::prelude::*;
use crate::ports::supplier::Supplier;
use pocketshop_shared::catalogue::SupplyProduct;
use pocketshop_shared::quote::QuoteLine;
use pocketshop_shared::{ApiError, CartLine, OrderId, ProductId, Sku};
use std::collections::{BTreeMap, HashMap};

/// How long a cash-on-delivery order holds its units: it is handed to the supplier
/// while the shopper waits, so this only covers a supplier that does not answer.
pub const COD_HOLD_SECS: i64 = 120;

/// How long after its payment deadline a prepaid order still holds its units: the
/// time a paid order has for its hand-off to the supplier (which retries) before its
/// units may be sold to someone else.
pub const PAID_HANDOFF_SECS: i64 = 600;

/// How many times checkout reads a new mark and stock for one SKU whose refusal
/// was owed to settlements it may have counted twice.
pub const MAX_ATTEMPTS: u32 = 3;

/// The units of each SKU a cart asks for, one entry per SKU, sorted by SKU (so two
/// carts take their holds in the same order).
pub fn wanted(lines: &[CartLine]) -> Vec<(Sku, ProductId, u32)> {
    let mut by_sku: BTreeMap<Sku, (ProductId, u32)> = BTreeMap::new();
    for l in lines {
        let entry = by_sku
            .entry(l.sku.clone())
            .or_insert_with(|| (l.product_id.clone(), 0));
        entry.1 = entry.1.saturating_add(l.quantity.get());
    }
    by_sku
        .into_iter()
        .map(|(sku, (product, qty))| (sku, product, qty))
        .collect()
}

fn per_sku(lines: &[QuoteLine]) -> BTreeMap<Sku, u32> {
    let mut by_sku: BTreeMap<Sku, u32> = BTreeMap::new();
    for l in lines {
        let qty = by_sku.entry(l.sku.clone()).or_insert(0);
        *qty = qty.saturating_add(l.quantity.get());
    }
    by_sku
}

/// Product `id` read fresh from the supplier for holding `skus` (of that product),
/// with the marks to hold them with: each SKU's mark is read first, then the
/// product.
pub async fn fresh_product<P: Supplier, X: Platform>(
    supplier: &P,
    platform: &X,
    id: &ProductId,
    skus: &[Sku],
) -> Result<(Option<SupplyProduct>, HashMap<Sku, u64>), Error> {
    let mut marks = HashMap::with_capacity(skus.len());
    for sku in skus {
        marks.insert(sku.clone(), mark(platform, sku).await?);
    }
    Ok((supplier.product(id).await?, marks))
}

async fn mark<X: Platform>(platform: &X, sku: &Sku) -> Result<u64, Error> {
    match platform.stock_holds(sku, &HoldCommand::Mark).await? {
        HoldAnswer::Mark { mark } => Ok(mark),
        _ => Err(Error::Inconsistent(
            "stock holds answered a mark with something else",
        )),
    }
}

fn stock_of(products: &HashMap<ProductId, SupplyProduct>, product: &ProductId, sku: &Sku) -> u32 {
    products
        .get(product)
        .and_then(|p| p.sku(sku))
        .map_or(0, |s| s.stock)
}

/// Holds every wanted SKU for `order` until `until` (unix seconds), or none:
/// `out_of_stock` with what is available when one SKU cannot be held. `marks` were
/// read before `products` were (see [`fresh_product`]); a SKU without one counts
/// every remembered settlement.
pub async fn hold_all<P: Ports>(
    app: &Services<P>,
    order: &OrderId,
    wanted: &[(Sku, ProductId, u32)],
    marks: &HashMap<Sku, u64>,
    products: &HashMap<ProductId, SupplyProduct>,
    until: i64,
) -> Result<(), Error> {
    let mut taken: Vec<&Sku> = Vec::with_capacity(wanted.len());
    for (sku, product, qty) in wanted {
        let first_mark = marks.get(sku).copied().unwrap_or(0);
        let held = hold_one(app, order, sku, product, *qty, first_mark, products, until).await;
        match held {
            Ok(()) => taken.push(sku),
            Err(e) => {
                for sku in taken {
                    release(&app.platform, order, sku).await;
                }
                return Err(e);
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn hold_one<P: Ports>(
    app: &Services<P>,
    order: &OrderId,
    sku: &Sku,
    product: &ProductId,
    qty: u32,
    first_mark: u64,
    products: &HashMap<ProductId, SupplyProduct>,
    until: i64,
) -> Result<(), Error> {
    let mut mark_read = first_mark;
    let mut stock = stock_of(products, product, sku);
    let mut attempt = 1;
    loop {
        let command = HoldCommand::Hold {
            order: order.to_string(),
            qty,
            stock,
            mark: mark_read,
            until_ms: until.saturating_mul(1000),
        };
        match app.platform.stock_holds(sku, &command).await? {
            HoldAnswer::Granted => return Ok(()),
            HoldAnswer::Refused { retry: true, .. } if attempt < MAX_ATTEMPTS => {
                attempt += 1;
                let (fresh, marks) = fresh_product(
                    &app.supplier,
                    &app.platform,
                    product,
                    std::slice::from_ref(sku),
                )
                .await?;
                mark_read = marks.get(sku).copied().unwrap_or(0);
                stock = fresh
                    .as_ref()
                    .and_then(|p| p.sku(sku))
                    .map_or(0, |s| s.stock);
            }
            HoldAnswer::Refused { available, .. } => {
                return Err(ApiError::OutOfStock {
                    sku: sku.to_string(),
                    available,
                }
                .into())
            }
            HoldAnswer::Mark { .. } | HoldAnswer::Done => {
                return Err(Error::Inconsistent(
                    "stock holds answered a hold with something else",
                ))
            }
        }
    }
}

async fn release<X: Platform>(platform: &X, order: &OrderId, sku: &Sku) {
    let command = HoldCommand::Release {
        order: order.to_string(),
    };
    if let Err(e) = platform.stock_holds(sku, &command).await {
        crate::base::log::log_error(&format!(
            "order {order}: releasing {sku} failed (it lapses at its deadline): {e}"
        ));
    }
}

/// Frees the units of an order that will not reach the supplier (expired unpaid,
/// refused, not stored). Failures are logged: the holds lapse at their deadline.
pub async fn release_all<X: Platform>(platform: &X, order: &OrderId, lines: &[QuoteLine]) {
    for sku in per_sku(lines).keys() {
        release(platform, order, sku).await;
    }
}

/// Records that the supplier accepted the order's units. Failures are logged: the
/// holds then stay counted until their deadline (underselling, never overselling).
pub async fn settle_all<X: Platform>(platform: &X, order: &OrderId, lines: &[QuoteLine]) {
    for (sku, qty) in per_sku(lines) {
        let command = HoldCommand::Settle {
            order: order.to_string(),
            qty,
        };
        if let Err(e) = platform.stock_holds(&sku, &command).await {
            crate::base::log::log_error(&format!(
                "order {order}: settling {sku} failed (it lapses at its deadline): {e}"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::holds::{Holds, SETTLED_RETENTION_MS};

    const NOW: i64 = 1_790_000_000_000;
    const LATER: i64 = NOW + 60_000;

    fn hold(order: &str, qty: u32, stock: u32, mark: u64) -> HoldCommand {
        HoldCommand::Hold {
            order: order.into(),
            qty,
            stock,
            mark,
            until_ms: LATER,
        }
    }

    fn settle(order: &str, qty: u32) -> HoldCommand {
        HoldCommand::Settle {
            order: order.into(),
            qty,
        }
    }

    fn release(order: &str) -> HoldCommand {
        HoldCommand::Release {
            order: order.into(),
        }
    }

    fn mark_of(h: &mut Holds) -> u64 {
        match h.apply(HoldCommand::Mark, NOW) {
            HoldAnswer::Mark { mark } => mark,
            other => panic!("{other:?}"),
        }
    }

    fn refused(available: u32, retry: bool) -> HoldAnswer {
        HoldAnswer::Refused { available, retry }
    }

    #[test]
    fn holds_are_granted_until_the_stock_is_taken_by_other_orders() {
        let mut h = Holds::default();
        for i in 0..10 {
            assert_eq!(
                h.apply(hold(&format!("O{i}"), 1, 10, 0), NOW),
                HoldAnswer::Granted
            );
        }
        assert_eq!(h.apply(hold("O10", 1, 10, 0), NOW), refused(0, false));
        assert_eq!(h.held(NOW), 10);
    }

    #[test]
    fn a_hold_past_its_deadline_counts_for_nothing_even_without_a_release() {
        let mut h = Holds::default();
        assert_eq!(h.apply(hold("A", 3, 3, 0), NOW), HoldAnswer::Granted);
        assert_eq!(h.apply(hold("B", 1, 3, 0), LATER - 1), refused(0, false));
        assert_eq!(
            h.apply(hold("B", 3, 3, 0), LATER),
            refused(3, false),
            "B's own deadline"
        );
        let b = HoldCommand::Hold {
            order: "B".into(),
            qty: 3,
            stock: 3,
            mark: 0,
            until_ms: LATER + 1,
        };
        assert_eq!(h.apply(b, LATER), HoldAnswer::Granted);
    }

    #[test]
    fn a_settlement_after_the_mark_is_subtracted_and_one_before_it_is_not() {
        let mut h = Holds::default();
        assert_eq!(h.apply(hold("A", 2, 5, 0), NOW), HoldAnswer::Granted);
        h.apply(settle("A", 2), NOW);
        // A checkout that read the mark before A settled may have read 5 or 3:
        // it counts A; one that read the mark after may rely on the supplier's 3.
        assert_eq!(h.apply(hold("B", 4, 5, 0), NOW), refused(3, true));
        assert_eq!(h.apply(hold("B", 3, 5, 0), NOW), HoldAnswer::Granted);
        h.apply(release("B"), NOW);
        let after = mark_of(&mut h);
        assert_eq!(after, 1);
        assert_eq!(h.apply(hold("C", 3, 3, after), NOW), HoldAnswer::Granted);
        assert_eq!(h.apply(hold("D", 1, 3, after), NOW), refused(0, false));
    }

    #[test]
    fn release_and_settle_are_idempotent_and_a_settled_hold_is_never_released() {
        let mut h = Holds::default();
        assert_eq!(h.apply(hold("A", 2, 2, 0), NOW), HoldAnswer::Granted);
        assert_eq!(h.apply(release("A"), NOW), HoldAnswer::Done);
        assert_eq!(h.apply(release("A"), NOW), HoldAnswer::Done);
        assert_eq!(h.held(NOW), 0);
        assert_eq!(h.apply(hold("A", 2, 2, 0), NOW), HoldAnswer::Granted);
        h.apply(settle("A", 2), NOW);
        h.apply(settle("A", 2), NOW);
        assert_eq!(mark_of(&mut h), 1, "a second settle is no new settlement");
        h.apply(release("A"), NOW);
        assert_eq!(h.apply(hold("B", 1, 2, 0), NOW), refused(0, true));
        assert_eq!(
            h.apply(hold("A", 2, 0, 1), NOW),
            HoldAnswer::Granted,
            "A is settled"
        );
    }

    #[test]
    fn holding_again_for_the_same_order_replaces_its_hold() {
        let mut h = Holds::default();
        assert_eq!(h.apply(hold("A", 2, 2, 0), NOW), HoldAnswer::Granted);
        assert_eq!(h.apply(hold("A", 2, 2, 0), NOW), HoldAnswer::Granted);
        assert_eq!(h.apply(hold("A", 1, 2, 0), NOW), HoldAnswer::Granted);
        assert_eq!(h.held(NOW), 1);
    }

    #[test]
    fn a_settlement_of_an_unknown_order_is_still_counted_after_its_mark() {
        let mut h = Holds::default();
        h.apply(settle("LAPSED", 4), NOW);
        assert_eq!(h.apply(hold("B", 1, 4, 0), NOW), refused(0, true));
        assert_eq!(h.apply(hold("B", 1, 4, 1), NOW), HoldAnswer::Granted);
    }

    #[test]
    fn a_mark_older_than_a_forgotten_settlement_is_refused_with_retry() {
        let mut h = Holds::default();
        h.apply(settle("A", 1), NOW);
        let much_later = NOW + SETTLED_RETENTION_MS + 1;
        assert_eq!(
            h.apply(hold("B", 1, 5, 0), much_later),
            refused(5, true),
            "what the supplier's 5 includes is unknown"
        );
        let mark = match h.apply(HoldCommand::Mark, much_later) {
            HoldAnswer::Mark { mark } => mark,
            other => panic!("{other:?}"),
        };
        let b = HoldCommand::Hold {
            order: "B".into(),
            qty: 1,
            stock: 5,
            mark,
            until_ms: much_later + 1,
        };
        assert_eq!(h.apply(b, much_later), HoldAnswer::Granted);
    }

    #[test]
    fn a_refusal_owed_to_other_holds_does_not_ask_for_a_retry() {
        let mut h = Holds::default();
        assert_eq!(h.apply(hold("A", 1, 2, 0), NOW), HoldAnswer::Granted);
        h.apply(settle("A", 1), NOW);
        assert_eq!(h.apply(hold("B", 1, 1, 1), NOW), HoldAnswer::Granted);
        // C read the mark before A settled: A and B both count against its 2.
        assert_eq!(h.apply(hold("C", 1, 2, 0), NOW), refused(0, true));
        // With a fresh mark and the supplier's 1, B's hold alone refuses C.
        assert_eq!(h.apply(hold("C", 1, 1, 1), NOW), refused(0, false));
    }

    #[test]
    fn the_stored_state_round_trips_and_commands_have_a_stable_wire_shape() {
        let mut h = Holds::default();
        h.apply(hold("A", 1, 2, 0), NOW);
        h.apply(settle("B", 1), NOW);
        let json = serde_json::to_string(&h).expect("json");
        assert_eq!(serde_json::from_str::<Holds>(&json).expect("back"), h);
        assert_eq!(
            serde_json::to_value(hold("A", 1, 2, 3)).expect("json"),
            serde_json::json!({"op": "hold", "order": "A", "qty": 1, "stock": 2, "mark": 3,
                               "until_ms": LATER})
        );
        assert_eq!(
            serde_json::to_value(refused(1, false)).expect("json"),
            serde_json::json!({"answer": "refused", "available": 1, "retry": false})
        );
    }

    #[test]
    fn a_cart_asks_for_each_sku_once_in_sku_order() {
        let line = |p: &str, s: &str, q: u64| CartLine {
            product_id: ProductId::parse(p).expect("valid"),
            sku: Sku::parse(s).expect("valid"),
            quantity: pocketshop_shared::Quantity::new(q).expect("valid"),
        };
        let w = wanted(&[
            line("P2", "P2-B", 1),
            line("P1", "P1-A", 2),
            line("P2", "P2-B", 3),
        ]);
        let skus: Vec<(&str, u32)> = w.iter().map(|(s, _, q)| (s.as_str(), *q)).collect();
        assert_eq!(skus, vec![("P1-A", 2), ("P2-B", 4)]);
    }
}
