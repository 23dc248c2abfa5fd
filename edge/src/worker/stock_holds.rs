//! `StockHolds`, the Durable Object that keeps one SKU's holds (named by the SKU):
//! it applies [`HoldCommand`]s with the pure logic of [`Holds`] on its own clock.
//!
//! Invariants: the state lives in the object's storage (one key, JSON), read when the
//! object starts and written before each answer, so holds survive eviction and a
//! restart; a command is read, applied and written without any other I/O in
//! between, so the runtime's input gate makes each command atomic; a write that
//! fails answers 500 and the in-memory copy is dropped, to be read again.

use crate::ports::holds::{HoldCommand, Holds};
use std::cell::RefCell;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

/// The storage key of the state.
const KEY: &str = "holds";

/// The holds of one SKU.
#[durable_object]
pub struct StockHolds {
    state: State,
    holds: RefCell<Option<Holds>>,
}

impl DurableObject for StockHolds {
    fn new(state: State, _env: Env) -> Self {
        StockHolds {
            state,
            holds: RefCell::new(None),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let command: HoldCommand = match req.json().await {
            Ok(c) => c,
            Err(_) => return Response::error("bad stock hold command", 400),
        };
        let storage = self.state.storage();
        let stored = if self.holds.borrow().is_none() {
            match storage.get::<String>(KEY).await? {
                Some(json) => Some(
                    serde_json::from_str::<Holds>(&json)
                        .map_err(|e| worker::Error::RustError(format!("stored holds: {e}")))?,
                ),
                None => Some(Holds::default()),
            }
        } else {
            None
        };
        // Read, apply and copy out with no await in between: commands never interleave
        // (whatever the input gate does), and a state loaded meanwhile is kept.
        let (answer, changed) = {
            let mut slot = self.holds.borrow_mut();
            let holds = match (slot.take(), stored) {
                (Some(h), _) | (None, Some(h)) => slot.insert(h),
                // A failed write dropped the state meanwhile: never guess it.
                (None, None) => return Response::error("stock holds are reloading", 503),
            };
            let before = holds.clone();
            let now_ms = worker::Date::now().as_millis() as i64;
            let answer = holds.apply(command, now_ms);
            let changed = (*holds != before).then(|| serde_json::to_string(holds));
            (answer, changed)
        };
        if let Some(json) = changed {
            // A mark or a repeated release writes nothing; an object only ever asked
            // for marks stores nothing.
            let json = json.map_err(|e| worker::Error::RustError(format!("holds: {e}")))?;
            if let Err(e) = storage.put(KEY, json).await {
                // The next command reads what was stored.
                *self.holds.borrow_mut() = None;
                return Err(e);
            }
        }
        Response::from_json(&answer)
    }
}
