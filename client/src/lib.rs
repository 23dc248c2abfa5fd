//! The browser HTTP that Pocketshop's widget (`app/`) and owners' console
//! (`console/`) share: one JSON request over the browser's `fetch`, one reading of
//! its answer, and the sentences both show for the same failures. Each app's routes
//! stay in its own `api` module, which builds its requests and calls [`send`].
//!
//! Invariants: every non-2xx answer is read into the wire [`ApiError`] it holds, or
//! reported with its status when its body is not one, so the views always have
//! something to tell a human; a request that never got an answer is
//! [`FetchError::Network`]; nothing here retries on its own, as a checkout's retry
//! must reuse its idempotency key, which its caller owns.
//!
//! Every function here is `#[inline]`, so that each app compiles it with its own
//! copies of the generic code it calls (serde's, the allocator's): compiled here, a
//! second copy of each would reach the widget's WASM, which LTO does not merge.
//!
//! [`ApiError`]: pocketshop_shared::ApiError

mod answer;
pub mod messages;
mod request;

pub use answer::{decode, text, FetchError};
pub use request::{encode, json, send, Answer, Request};
