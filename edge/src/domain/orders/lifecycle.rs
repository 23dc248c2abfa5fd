//! The order lifecycle after checkout: payment, the hand-off to the supplier,
//! expiry, and returning money.
//!
//! ```text
//! pending_payment ──verified paid notice──▶ paid ──supplier accepts──▶ submitted ─▶ shipped ─▶ delivered
//!        │                                   │ supplier refuses (sold out)
//!        └─ pay_before passes ─▶ expired     └──▶ cancelled ──provider refund──▶ refunded
//! ```
//! [`advance`] does whatever is due for one order and says when it is due next;
//! the order's timer ([`crate::worker::order_timer`]) calls it at that time, and request handlers
//! call it at once after a change (a payment, a supplier cancellation).
//!
//! Invariants:
//! - an order becomes `paid` only from a provider notice that passed verification,
//!   for the payment the edge opened, for exactly the amount charged;
//! - a paid order reaches the supplier exactly once: every attempt carries the same
//!   key derived from the order id, and a failed attempt is retried with backoff;
//! - money taken for an order that will not be delivered (cancelled, expired while
//!   the shopper was paying, refunded after-sales) is returned through the provider,
//!   once, with a refund key derived from the order id;
//! - every status change is compare-and-set, so duplicate or out-of-order
//!   notifications change nothing twice;
//! - an order's stock holds ([`crate::domain::orders::holds`]) are settled when the supplier accepts
//!   it and released when it expires unpaid or the supplier refuses it;
//! - an order under an offer ([`crate::domain::community::offers`]) goes to the supplier only when its
//!   gate says so: a paid group order waits (its timer asks again) until the group is
//!   complete, and is cancelled and refunded if the group fails; what an offer or a
//!   coupon reserved is given back when the order is given up unpaid, refused, or
//!   cancelled by the supplier ([`given_up`]);
//! - an order's commission ([`crate::domain::orders::ledger`]) is booked when it is paid and voided
//!   when it is cancelled, refunded or expires.

use crate::base::config::MAX_RETRY_SECS;
use crate::domain::community::coupons;
use crate::domain::community::offers;
use crate::domain::orders::ledger;
use crate::domain::payments::{
    OpenedPayment, PaymentError, PaymentNotice, PaymentOrder, Provider, RefundRequest,
    VerifiedNotice,
};
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::platform::Platform;
use crate::ports::prelude::*;
use crate::ports::store::{OrderRecord, PaymentRecord, PaymentStatus, ShopRecord};
use crate::ports::supplier::{Supplier, SupplierError};
use crate::with_provider;
use pocketshop_shared::offer::Gate;
use pocketshop_shared::supply::{CreateSupplyOrder, SkuQuantity};
use pocketshop_shared::{ApiError, OrderEvent, OrderId, OrderStatus, PaymentMethod};

/// The key the supplier sees for an order: stable for the order's whole life.
pub fn supplier_key(order: &OrderId) -> String {
    format!("pocketshop-{order}")
}

/// The key that makes an order's refund one refund, however often it is retried.
pub fn refund_key(order: &OrderId) -> String {
    format!("refund-{order}")
}

/// The wait before retry number `attempts` (1 = the first retry): doubling from
/// `base`, at most [`MAX_RETRY_SECS`], plus up to `base` seconds of jitter so that
/// orders failed together are not all retried in the same second.
pub fn backoff(base: i64, attempts: u32, jitter: u8) -> i64 {
    let doubled = base.saturating_mul(1_i64 << attempts.saturating_sub(1).min(20));
    doubled.min(MAX_RETRY_SECS) + i64::from(jitter) % base.max(1)
}

fn random_jitter() -> u8 {
    let mut b = [0u8; 1];
    // Jitter is a courtesy to the supplier: without randomness, retry on time.
    getrandom::getrandom(&mut b).map_or(0, |()| b[0])
}

/// What came of handing an order to the supplier.
#[derive(Debug)]
pub enum Submission {
    /// The supplier has it (now or from an earlier attempt).
    Submitted(Box<OrderRecord>),
    /// The supplier can never fulfil it as confirmed (sold out, unknown SKU); the
    /// order has been cancelled.
    Refused(ApiError),
}

/// Hands an order (paid, or pending cash on delivery) to the supplier, exactly once.
/// A supplier that cannot be reached is an `Err`: try again later with this
/// function, which sends the same key.
pub async fn submit<P: Ports>(
    app: &Services<P>,
    mut order: OrderRecord,
) -> Result<Submission, Error> {
    let request = CreateSupplyOrder {
        reference: order.id.to_string(),
        lines: order
            .lines
            .iter()
            .map(|l| SkuQuantity {
                sku: l.sku.clone(),
                quantity: l.quantity,
            })
            .collect(),
        ship_to: order.contact.clone(),
        collect_on_delivery: !order.payment_method.is_prepaid(),
    };
    match app
        .supplier
        .create_order(&supplier_key(&order.id), &request)
        .await
    {
        Ok(supply_order) => {
            // The supplier's stock now counts these units: the holds are settled.
            crate::domain::orders::holds::settle_all(&app.platform, &order.id, &order.lines).await;
            let next = order
                .status
                .apply(OrderEvent::Submitted, order.payment_method)
                .map_err(|_| Error::Inconsistent("this order cannot be submitted"))?;
            let moved = app
                .store
                .transition_order(
                    &order.id,
                    order.status,
                    next,
                    Some(&supply_order.id),
                    app.now,
                )
                .await?;
            if !moved {
                // Another run submitted it meanwhile, with the same key: same order.
                let current = app.store.order(&order.id).await?;
                return current
                    .map(|o| Submission::Submitted(Box::new(o)))
                    .ok_or(Error::Inconsistent("a submitted order vanished"));
            }
            app.store.set_attempts(&order.id, 0).await?;
            order.status = next;
            order.supplier_order_id = Some(supply_order.id);
            order.attempts = 0;
            Ok(Submission::Submitted(Box::new(order)))
        }
        Err(SupplierError::Rejected(
            refusal @ (ApiError::OutOfStock { .. } | ApiError::UnknownSku { .. }),
        )) => {
            // Sold out between our check and the supplier's: the order can never be
            // fulfilled as confirmed.
            app.store
                .transition_order(
                    &order.id,
                    order.status,
                    OrderStatus::Cancelled,
                    None,
                    app.now,
                )
                .await?;
            given_up(app, &order).await;
            Ok(Submission::Refused(refusal))
        }
        Err(e) => Err(e.into()),
    }
}

/// What a provider is told about an order it is to take payment for.
pub fn payment_order<'a, P: Ports>(
    app: &'a Services<P>,
    shop: &ShopRecord,
    order: &'a OrderRecord,
    return_url: &'a str,
    client_ip: Option<&'a str>,
) -> Result<PaymentOrder<'a>, Error> {
    let pay_before = order
        .pay_before
        .ok_or(Error::Inconsistent("a prepaid order has no deadline"))?;
    let count: u32 = order.lines.iter().map(|l| l.quantity.get()).sum();
    Ok(PaymentOrder {
        order_id: &order.id,
        amount: order.total,
        description: format!("{} · {} · {count}", shop.name, order.id),
        pay_before,
        return_url,
        cancel_url: return_url,
        public_url: &app.config.payments.public_url,
        client_ip,
        now: app.now,
    })
}

/// Opens the payment of a new prepaid order at its provider and records it.
pub async fn open_payment<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    order: &OrderRecord,
    return_url: &str,
) -> Result<PaymentRecord, Error> {
    let payment_order = payment_order(app, shop, order, return_url, None)?;
    let unavailable = || ApiError::PaymentMethodUnavailable {
        method: order.payment_method.as_str().to_owned(),
    };
    let (opened, test_mode): (OpenedPayment, bool) = with_provider!(
        app.payments,
        order.payment_method,
        |p| (p.open(&app.platform, &payment_order).await?, p.test_mode()),
        return Err(unavailable().into())
    );
    let record = PaymentRecord {
        order_id: order.id.clone(),
        method: order.payment_method,
        reference: opened.reference,
        pay_url: opened.pay_url,
        amount: order.total,
        return_url: return_url.to_owned(),
        cancel_url: return_url.to_owned(),
        status: PaymentStatus::Open,
        provider_payment_id: None,
        refund_id: None,
        test_mode,
        created_at: app.now,
    };
    app.store.insert_payment(&record).await?;
    Ok(record)
}

/// How long the shop gives a shopper to pay with `method`, lengthened to what the
/// provider accepts.
pub fn payment_window<P: Ports>(
    app: &Services<P>,
    shop: &ShopRecord,
    method: PaymentMethod,
) -> i64 {
    let min = with_provider!(app.payments, method, |p| p.min_window_secs(), 0);
    shop.payment_window_secs.max(min)
}

/// Does what is due for an order now; returns when it is due next, if ever.
pub async fn advance<P: Ports>(app: &Services<P>, id: &OrderId) -> Result<Option<i64>, Error> {
    let Some(order) = app.store.order(id).await? else {
        return Ok(None);
    };
    if !order.payment_method.is_prepaid() {
        // Cash on delivery is handed over during checkout, while the shopper waits.
        return Ok(None);
    }
    match order.status {
        OrderStatus::PendingPayment => {
            let due = order.pay_before.unwrap_or(order.created_at);
            if app.now < due {
                return Ok(Some(due));
            }
            expire(app, &order).await?;
            Ok(None)
        }
        OrderStatus::Paid => match offers::gate(app, &order).await {
            Err(e) => retry_later(app, &order, &e).await,
            Ok(Gate::Wait { until }) => Ok(Some(until.max(app.now + 1))),
            Ok(Gate::Refund) => {
                log(&format!("order {id}: its campaign failed, refunding"));
                let cancelled = order
                    .status
                    .apply(OrderEvent::Cancelled, order.payment_method)
                    .map_err(|_| Error::Inconsistent("a paid order cannot be cancelled"))?;
                if app
                    .store
                    .transition_order(id, order.status, cancelled, None, app.now)
                    .await?
                {
                    given_up(app, &order).await;
                }
                refund_if_paid(app, id).await
            }
            Ok(Gate::Submit) => submit_paid(app, order).await,
        },
        OrderStatus::Cancelled | OrderStatus::Refunded | OrderStatus::Expired => {
            refund_if_paid(app, id).await
        }
        OrderStatus::Submitted | OrderStatus::Shipped | OrderStatus::Delivered => Ok(None),
    }
}

/// Gives back what an order that will not go ahead held: its stock holds (none
/// once the supplier took it: those are settled), its offer's place (a paid group
/// member's stays, the group being decided), its coupon's use and its commission.
/// Each part is idempotent.
pub async fn given_up<P: Ports>(app: &Services<P>, order: &OrderRecord) {
    crate::domain::orders::holds::release_all(&app.platform, &order.id, &order.lines).await;
    offers::release_order(app, order).await;
    if order.terms.coupon.is_some() {
        coupons::give_back(app, &order.id).await;
    }
    ledger::void(app, &order.id).await;
}

/// Books a placed order's money ([`crate::domain::orders::ledger`]) and its shopper's purchase at
/// `at` (which starts a new win-back spell).
pub async fn booked<P: Ports>(app: &Services<P>, order: &OrderRecord, at: i64) {
    ledger::record(app, order).await;
    if let Some(shopper) = &order.terms.shopper {
        coupons::record_purchase(app, &order.shop, shopper, at).await;
    }
}

/// Hands a paid order whose gate is open to the supplier.
async fn submit_paid<P: Ports>(
    app: &Services<P>,
    order: OrderRecord,
) -> Result<Option<i64>, Error> {
    match submit(app, order.clone()).await {
        Ok(Submission::Submitted(_)) => Ok(None),
        Ok(Submission::Refused(refusal)) => {
            log(&format!(
                "order {}: supplier refused it, refunding: {refusal:?}",
                order.id
            ));
            refund_if_paid(app, &order.id).await
        }
        Err(e) => retry_later(app, &order, &e).await,
    }
}

fn log(line: &str) {
    crate::base::log::log_error(line);
}

async fn retry_later<P: Ports>(
    app: &Services<P>,
    order: &OrderRecord,
    error: &Error,
) -> Result<Option<i64>, Error> {
    let attempts = order.attempts.saturating_add(1);
    app.store.set_attempts(&order.id, attempts).await?;
    let wait = backoff(
        app.config.payments.retry_base_secs,
        attempts,
        random_jitter(),
    );
    log(&format!(
        "order {}: attempt {attempts} failed, retrying in {wait} s: {error:?}",
        order.id
    ));
    Ok(Some(app.now + wait))
}

/// Expires an unpaid order and closes its payment so it can no longer be paid.
async fn expire<P: Ports>(app: &Services<P>, order: &OrderRecord) -> Result<(), Error> {
    let next = OrderStatus::PendingPayment
        .apply(OrderEvent::Expired, order.payment_method)
        .map_err(|_| Error::Inconsistent("an unpaid prepaid order cannot expire"))?;
    if !app
        .store
        .transition_order(&order.id, OrderStatus::PendingPayment, next, None, app.now)
        .await?
    {
        return Ok(());
    }
    given_up(app, order).await;
    let Some(payment) = app.store.payment(&order.id).await? else {
        return Ok(());
    };
    if payment.status != PaymentStatus::Open {
        return Ok(());
    }
    let closed: Result<(), PaymentError> = with_provider!(
        app.payments,
        payment.method,
        |p| p.close(&app.platform, &order.id, &payment.reference).await,
        Ok(())
    );
    if let Err(e) = closed {
        // The provider's own session ends at the same deadline; a payment that still
        // slips through is refunded when its notice arrives.
        log(&format!(
            "order {}: closing its payment failed: {e}",
            order.id
        ));
    }
    app.store
        .transition_payment(
            &order.id,
            PaymentStatus::Open,
            PaymentStatus::Closed,
            None,
            app.now,
        )
        .await?;
    Ok(())
}

/// Returns the money of an order that will not be delivered, if it was taken and
/// not yet returned.
async fn refund_if_paid<P: Ports>(app: &Services<P>, id: &OrderId) -> Result<Option<i64>, Error> {
    let (Some(order), Some(payment)) = (app.store.order(id).await?, app.store.payment(id).await?)
    else {
        return Ok(None);
    };
    if payment.status != PaymentStatus::Paid {
        return Ok(None);
    }
    // The order will not be delivered: its commission is not owed.
    ledger::void(app, id).await;
    let provider_payment_id = payment.provider_payment_id.clone().unwrap_or_default();
    let key = refund_key(id);
    let reason = match order.status {
        OrderStatus::Expired => "paid after the order expired",
        OrderStatus::Refunded => "after-sales refund",
        _ => "order cancelled",
    };
    let request = RefundRequest {
        order_id: id,
        reference: &payment.reference,
        provider_payment_id: &provider_payment_id,
        amount: payment.amount,
        paid: payment.amount,
        refund_key: &key,
        reason,
        public_url: &app.config.payments.public_url,
    };
    let refunded = with_provider!(
        app.payments,
        payment.method,
        |p| p.refund(&app.platform, &request).await,
        Err(PaymentError::Credentials {
            detail: format!("{} is not set up to refund", payment.method.as_str()),
        })
    );
    match refunded {
        Ok(outcome) => {
            app.store
                .transition_payment(
                    id,
                    PaymentStatus::Paid,
                    PaymentStatus::Refunded,
                    Some(&outcome.refund_id),
                    app.now,
                )
                .await?;
            if order.status == OrderStatus::Cancelled {
                app.store
                    .transition_order(
                        id,
                        OrderStatus::Cancelled,
                        OrderStatus::Refunded,
                        None,
                        app.now,
                    )
                    .await?;
            }
            app.store.set_attempts(id, 0).await?;
            Ok(None)
        }
        Err(e) => retry_later(app, &order, &Error::Payment(e)).await,
    }
}

/// Whether a notice was applied now or had been before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied now.
    Applied,
    /// Seen before; nothing changed.
    Duplicate,
}

/// Applies a verified provider notice, then runs the order's lifecycle.
pub async fn apply_notice<P: Ports>(
    app: &Services<P>,
    method: PaymentMethod,
    verified: VerifiedNotice,
) -> Result<Outcome, Error> {
    if app
        .store
        .payment_event_seen(method, &verified.event_id)
        .await?
    {
        return Ok(Outcome::Duplicate);
    }
    let order_id = match &verified.notice {
        PaymentNotice::Paid {
            order_id,
            reference,
            provider_payment_id,
            amount,
        } => {
            let payment = payment_of(app, method, order_id, reference).await?;
            if *amount != payment.amount {
                return Err(ApiError::InvalidField {
                    field: "amount".into(),
                    message: "does not match the order's payment".into(),
                }
                .into());
            }
            // A payment that was closed (the order expired as the shopper paid) is
            // still money taken: record it so it is refunded.
            for from in [PaymentStatus::Open, PaymentStatus::Closed] {
                if app
                    .store
                    .transition_payment(
                        order_id,
                        from,
                        PaymentStatus::Paid,
                        Some(provider_payment_id),
                        app.now,
                    )
                    .await?
                {
                    break;
                }
            }
            let order = app
                .store
                .order(order_id)
                .await?
                .ok_or(ApiError::OrderNotFound)?;
            if order.status == OrderStatus::PendingPayment {
                let next = order
                    .status
                    .apply(OrderEvent::PaymentConfirmed, order.payment_method)
                    .map_err(|_| ApiError::InvalidTransition {
                        status: order.status,
                        event: OrderEvent::PaymentConfirmed.to_string(),
                    })?;
                if app
                    .store
                    .transition_order(order_id, order.status, next, None, app.now)
                    .await?
                {
                    // Paid: the order's money is booked now.
                    booked(app, &order, app.now).await;
                }
            }
            Some(order_id.clone())
        }
        PaymentNotice::Expired {
            order_id,
            reference,
        } => {
            payment_of(app, method, order_id, reference).await?;
            if let Some(order) = app.store.order(order_id).await? {
                if order.status == OrderStatus::PendingPayment {
                    expire(app, &order).await?;
                }
            }
            None
        }
        PaymentNotice::Refunded {
            order_id,
            refund_id,
            payment,
        } => {
            payment_of(app, method, order_id, payment).await?;
            app.store
                .transition_payment(
                    order_id,
                    PaymentStatus::Paid,
                    PaymentStatus::Refunded,
                    Some(refund_id),
                    app.now,
                )
                .await?;
            if let Some(order) = app.store.order(order_id).await? {
                if order.status == OrderStatus::Cancelled && order.payment_method.is_prepaid() {
                    app.store
                        .transition_order(
                            order_id,
                            OrderStatus::Cancelled,
                            OrderStatus::Refunded,
                            None,
                            app.now,
                        )
                        .await?;
                }
            }
            None
        }
        PaymentNotice::Ignored { .. } => None,
    };
    if let Some(id) = order_id {
        run_now(app, &id).await?;
    }
    app.store
        .record_payment_event(method, &verified.event_id, app.now)
        .await?;
    Ok(Outcome::Applied)
}

/// Runs an order's lifecycle now and sets its timer for whatever is due later. A
/// failure here is left to the timer: the change that triggered it is kept.
pub async fn run_now<P: Ports>(app: &Services<P>, id: &OrderId) -> Result<(), Error> {
    let next = match advance(app, id).await {
        Ok(next) => next,
        Err(e) => {
            log(&format!(
                "order {id}: lifecycle failed, retrying later: {e:?}"
            ));
            Some(app.now + app.config.payments.retry_base_secs)
        }
    };
    if let Some(at) = next {
        app.platform.wake_order_at(id, at).await?;
    }
    Ok(())
}

/// The order's payment, when a notice of `method` names it: by the reference the
/// edge gave the provider, or by the provider's own payment id (refunds name it so).
async fn payment_of<P: Ports>(
    app: &Services<P>,
    method: PaymentMethod,
    order_id: &OrderId,
    named: &str,
) -> Result<PaymentRecord, Error> {
    match app.store.payment(order_id).await? {
        Some(p)
            if p.method == method
                && (p.reference == named || p.provider_payment_id.as_deref() == Some(named)) =>
        {
            Ok(p)
        }
        // Not a payment the edge opened for this order: a provider's test event or a
        // forgery that happens to be signed; nothing to apply.
        _ => Err(ApiError::OrderNotFound.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_fifteen_minutes() {
        assert_eq!(backoff(10, 1, 0), 10);
        assert_eq!(backoff(10, 2, 0), 20);
        assert_eq!(backoff(10, 3, 0), 40);
        assert_eq!(backoff(10, 40, 0), MAX_RETRY_SECS);
        assert_eq!(backoff(10, 2, 255), 25);
    }
}
