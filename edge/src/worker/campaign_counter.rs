//! `CampaignCounter`, the Durable Object that keeps one flash sale's or one group's
//! counter (named `flash:<id>` or `group:<id>`, see [`crate::domain::community::campaigns::flash_object`]): it
//! applies [`CampaignCommand`]s with the pure logic of [`Counter`] on its own clock.
//!
//! Invariants (as in [`crate::worker::stock_holds`]): the state lives in the object's
//! storage (one key, JSON), read when the object starts and written before each
//! answer, so counts survive eviction and a restart; a command is read, applied and
//! written with no other I/O in between, so commands never interleave; a write that
//! fails answers 500 and the in-memory copy is dropped, to be read again.

use crate::ports::counters::{CampaignCommand, Counter};
use std::cell::RefCell;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

/// The storage key of the state.
const KEY: &str = "counter";

/// The counter of one flash sale or one group.
#[durable_object]
pub struct CampaignCounter {
    state: State,
    counter: RefCell<Option<Counter>>,
}

impl DurableObject for CampaignCounter {
    fn new(state: State, _env: Env) -> Self {
        CampaignCounter {
            state,
            counter: RefCell::new(None),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let command: CampaignCommand = match req.json().await {
            Ok(c) => c,
            Err(_) => return Response::error("bad campaign command", 400),
        };
        let storage = self.state.storage();
        let stored = if self.counter.borrow().is_none() {
            match storage.get::<String>(KEY).await? {
                Some(json) => Some(
                    serde_json::from_str::<Counter>(&json)
                        .map_err(|e| worker::Error::RustError(format!("stored counter: {e}")))?,
                ),
                None => Some(Counter::default()),
            }
        } else {
            None
        };
        // Read, apply and copy out with no await in between: commands never interleave
        // (whatever the input gate does), and a state loaded meanwhile is kept.
        let (answer, changed) = {
            let mut slot = self.counter.borrow_mut();
            let counter = match (slot.take(), stored) {
                (Some(c), _) | (None, Some(c)) => slot.insert(c),
                // A failed write dropped the state meanwhile: never guess it.
                (None, None) => return Response::error("the counter is reloading", 503),
            };
            let before = counter.clone();
            let now_ms = worker::Date::now().as_millis() as i64;
            let answer = counter.apply(command, now_ms);
            let changed = (*counter != before).then(|| serde_json::to_string(counter));
            (answer, changed)
        };
        if let Some(json) = changed {
            // A view, a status or a refusal writes nothing.
            let json = json.map_err(|e| worker::Error::RustError(format!("counter: {e}")))?;
            if let Err(e) = storage.put(KEY, json).await {
                // The next command reads what was stored.
                *self.counter.borrow_mut() = None;
                return Err(e);
            }
        }
        Response::from_json(&answer)
    }
}
