//! [`FakePlatform`]: the platform in memory. It records every outbound request and
//! wake-up, answers providers from a queue, counts rate limits, and runs the stock
//! holds and campaign counters with their real state machines.

use crate::ports::platform::{OutboundRequest, OutboundResponse};
use crate::ports::platform::{Platform, PlatformError};
use pocketshop_shared::{OrderId, Sku};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// A platform that records outbound requests and answers them with `answer`, and
/// records the order timers set.
pub struct FakePlatform {
    /// Every request sent, in order.
    pub sent: RefCell<Vec<OutboundRequest>>,
    /// Answers a request (default: 200 with `{}`).
    #[allow(clippy::type_complexity)]
    pub answer: RefCell<Box<dyn Fn(&OutboundRequest) -> Result<OutboundResponse, PlatformError>>>,
    /// Every (order, time) a wake-up was asked for.
    pub wakes: RefCell<Vec<(OrderId, i64)>>,
    /// Requests counted per (limiter, key).
    pub rate_counts: RefCell<HashMap<(crate::ports::platform::Limiter, String), u32>>,
    /// How many requests a key may make per limiter (default: no limit).
    pub rate_allowance: Cell<u32>,
    /// Each SKU's stock holds, kept with the same logic as the Durable Object.
    pub holds: RefCell<HashMap<Sku, crate::ports::holds::Holds>>,
    /// The holds' clock, unix milliseconds (default: the test apps' `now`).
    pub holds_clock_ms: Cell<i64>,
    /// Every stock-hold command sent, in order.
    pub hold_commands: RefCell<Vec<(Sku, crate::ports::holds::HoldCommand)>>,
    /// When set, stock holds cannot be reached.
    pub holds_down: Cell<bool>,
    /// Each campaign counter by name, kept with the Durable Object's own logic on
    /// the holds' clock.
    pub campaigns: RefCell<HashMap<String, crate::ports::counters::Counter>>,
}

impl Default for FakePlatform {
    fn default() -> FakePlatform {
        FakePlatform {
            sent: RefCell::new(Vec::new()),
            answer: RefCell::new(Box::new(|_| {
                Ok(OutboundResponse {
                    status: 200,
                    headers: vec![],
                    body: b"{}".to_vec(),
                })
            })),
            wakes: RefCell::new(Vec::new()),
            rate_counts: RefCell::new(HashMap::new()),
            rate_allowance: Cell::new(u32::MAX),
            holds: RefCell::new(HashMap::new()),
            holds_clock_ms: Cell::new(1_790_000_000_000),
            hold_commands: RefCell::new(Vec::new()),
            holds_down: Cell::new(false),
            campaigns: RefCell::new(HashMap::new()),
        }
    }
}

impl FakePlatform {
    /// Answers every later request with `f`.
    pub fn answer_with(
        &self,
        f: impl Fn(&OutboundRequest) -> Result<OutboundResponse, PlatformError> + 'static,
    ) {
        *self.answer.borrow_mut() = Box::new(f);
    }

    /// The earliest wake-up asked for `order`.
    pub fn next_wake(&self, order: &OrderId) -> Option<i64> {
        self.wakes
            .borrow()
            .iter()
            .filter(|(o, _)| o == order)
            .map(|(_, at)| *at)
            .min()
    }
}

impl Platform for FakePlatform {
    async fn send(&self, request: OutboundRequest) -> Result<OutboundResponse, PlatformError> {
        let answer = (self.answer.borrow())(&request);
        self.sent.borrow_mut().push(request);
        answer
    }

    async fn wake_order_at(&self, order: &OrderId, at: i64) -> Result<(), PlatformError> {
        self.wakes.borrow_mut().push((order.clone(), at));
        Ok(())
    }

    async fn rate_limit(
        &self,
        limiter: crate::ports::platform::Limiter,
        key: &str,
    ) -> Result<bool, PlatformError> {
        let mut counts = self.rate_counts.borrow_mut();
        let count = counts.entry((limiter, key.to_owned())).or_insert(0);
        if *count >= self.rate_allowance.get() {
            return Ok(false);
        }
        *count += 1;
        Ok(true)
    }

    async fn stock_holds(
        &self,
        sku: &Sku,
        command: &crate::ports::holds::HoldCommand,
    ) -> Result<crate::ports::holds::HoldAnswer, PlatformError> {
        if self.holds_down.get() {
            return Err(PlatformError::StockHolds {
                detail: "durable object unreachable".into(),
            });
        }
        self.hold_commands
            .borrow_mut()
            .push((sku.clone(), command.clone()));
        Ok(self
            .holds
            .borrow_mut()
            .entry(sku.clone())
            .or_default()
            .apply(command.clone(), self.holds_clock_ms.get()))
    }

    async fn campaign(
        &self,
        name: &str,
        command: &crate::ports::counters::CampaignCommand,
    ) -> Result<crate::ports::counters::CampaignAnswer, PlatformError> {
        Ok(self
            .campaigns
            .borrow_mut()
            .entry(name.to_owned())
            .or_default()
            .apply(command.clone(), self.holds_clock_ms.get()))
    }

    async fn pbkdf2_sha256(
        &self,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
    ) -> Result<[u8; 32], PlatformError> {
        // The same derivation as Web Crypto's, natively.
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut out);
        Ok(out)
    }
}
