//! `OrderTimer`, the Durable Object that wakes an order's lifecycle: one object per
//! order (named by the order id), holding one alarm.
//!
//! The edge asks it to wake the order at a time (payment deadline, next retry of a
//! supplier submission or a refund); when the alarm fires it runs
//! [`crate::domain::orders::lifecycle::advance`] and sets the alarm again if the lifecycle says more
//! work is due. This is what retries a supplier submission "until it answers"
//! without anyone revisiting the page.
//!
//! Invariants: a wake-up never moves a pending alarm later; an alarm whose run fails
//! is set again a minute on, so a failing database or supplier is retried, not
//! forgotten.

use crate::ports::timer::Wake;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

/// How long to wait after a failed run before trying again.
const RETRY_FAILED_RUN_SECS: i64 = 60;

/// The timer of one order.
#[durable_object]
pub struct OrderTimer {
    state: State,
    env: Env,
}

impl OrderTimer {
    /// Sets the alarm at `at_secs` (unix seconds). A bare number would be taken as
    /// an offset from now, so the time goes in as a date.
    async fn set(&self, at_secs: i64) -> Result<()> {
        let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            (at_secs.max(0) * 1000) as f64,
        ));
        self.state
            .storage()
            .set_alarm(worker::ScheduledTime::new(when))
            .await
    }
}

impl DurableObject for OrderTimer {
    fn new(state: State, env: Env) -> Self {
        OrderTimer { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let wake: Wake = match req.json().await {
            Ok(w) => w,
            Err(_) => return Response::error("bad wake request", 400),
        };
        let storage = self.state.storage();
        storage.put("order", &wake.order_id).await?;
        let pending = storage.get_alarm().await?;
        if pending.is_none_or(|ms| wake.at * 1000 < ms) {
            self.set(wake.at).await?;
        }
        Response::empty()
    }

    async fn alarm(&self) -> Result<Response> {
        let order: Option<String> = self.state.storage().get("order").await?;
        let Some(order) = order else {
            return Response::empty();
        };
        let now = crate::base::clock::now();
        match crate::worker::runtime::advance_order(&self.env, &order).await {
            Ok(Some(next)) => self.set(next.max(now + 1)).await?,
            Ok(None) => {}
            Err(line) => {
                crate::base::log::log_error(&format!("order {order}: lifecycle failed: {line}"));
                self.set(now + RETRY_FAILED_RUN_SECS).await?;
            }
        }
        Response::empty()
    }
}
