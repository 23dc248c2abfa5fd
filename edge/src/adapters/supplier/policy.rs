//! How a supplier call degrades: its deadline, its body limit, whether and how it is
//! retried, and what the circuit breaker makes of its outcome. Pure and generic over
//! the clock, the sleep and the attempt, so every rule is tested natively;
//! [`crate::adapters::supplier::http`] plugs in the Worker's fetch and timers.
//!
//! Invariants:
//! - a call's deadline covers everything: connecting, waiting, reading the body and
//!   every retry — a body trickling a byte a second fails at the deadline;
//! - only reads are retried (a bounded number of times, with jittered exponential
//!   backoff, and only when the retry can still finish before the deadline); a write
//!   is tried once, because the order lifecycle retries it with the same key;
//! - a refusal (4xx), a rate limit (429), an unusable body or a timeout is not
//!   retried: the answer would be the same, or the deadline is spent;
//! - a 429 holds the breaker open for its `Retry-After`; no call is made while the
//!   breaker is open.

use crate::adapters::supplier::breaker::{with_breaker, Outcome};
use crate::base::config::BreakerConfig;
use crate::base::config::SupplierConfig;
use crate::ports::supplier::SupplierError;
use std::future::Future;
use std::pin::pin;
use std::task::Poll;

/// The largest catalogue page the edge reads (200 products are ~150 KB).
pub const MAX_PAGE_BODY: usize = 2 * 1024 * 1024;
/// The largest single product, order or after-sales answer the edge reads.
pub const MAX_ITEM_BODY: usize = 256 * 1024;
/// The largest error body the edge reads (to decode a Supply API error).
pub const MAX_ERROR_BODY: usize = 16 * 1024;
/// The longest `Retry-After` taken from a supplier, in seconds.
pub const MAX_RETRY_AFTER_SECS: u32 = 120;
/// The first backoff between read attempts; it doubles per retry.
const BACKOFF_BASE_MS: u64 = 100;
/// A retry is only started if at least this long is left before the deadline.
const MIN_ATTEMPT_MS: u64 = 250;

/// What kind of call, which sets its deadline, body limit and retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// A catalogue page (`GET /v1/products`).
    CataloguePage,
    /// One product (`GET /v1/products/{id}`).
    Product,
    /// An order or after-sales write (`POST`): never retried here.
    Write,
}

/// The rules of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallPolicy {
    /// The whole call's deadline.
    pub deadline_ms: u64,
    /// The largest body read.
    pub max_body: usize,
    /// Retries after the first attempt.
    pub retries: u32,
}

impl CallPolicy {
    /// The rules for `kind` under `config`.
    pub fn of(kind: CallKind, config: &SupplierConfig) -> CallPolicy {
        match kind {
            CallKind::CataloguePage => CallPolicy {
                deadline_ms: config.read_timeout_ms,
                max_body: MAX_PAGE_BODY,
                retries: config.read_retries,
            },
            // The fresh product read is checkout's: it has no stale copy to fall back
            // on and the shopper is waiting to pay, so it gets the order deadline.
            CallKind::Product => CallPolicy {
                deadline_ms: config.write_timeout_ms,
                max_body: MAX_ITEM_BODY,
                retries: config.read_retries,
            },
            CallKind::Write => CallPolicy {
                deadline_ms: config.write_timeout_ms,
                max_body: MAX_ITEM_BODY,
                retries: 0,
            },
        }
    }
}

/// Whether a failed attempt may be tried again (if it is a read).
pub fn retryable(e: &SupplierError) -> bool {
    match e {
        SupplierError::Unreachable { .. } => true,
        SupplierError::Status { status } => matches!(status, 500 | 502 | 503 | 504),
        SupplierError::Timeout { .. }
        | SupplierError::InvalidBody { .. }
        | SupplierError::TooLarge { .. }
        | SupplierError::RateLimited { .. }
        | SupplierError::CircuitOpen { .. }
        | SupplierError::Rejected(_) => false,
    }
}

/// What the breaker counts for an attempt; `None` for nothing (the breaker refused
/// it, or the supplier rate-limited us, which holds the breaker instead).
pub fn outcome<T>(result: &Result<T, SupplierError>) -> Option<Outcome> {
    match result {
        Ok(_) => Some(Outcome::Success),
        // It answered as the Supply API says: it is up.
        Err(SupplierError::Rejected(_)) => Some(Outcome::Success),
        Err(SupplierError::Status { status }) if *status < 500 => Some(Outcome::Success),
        Err(SupplierError::RateLimited { .. } | SupplierError::CircuitOpen { .. }) => None,
        Err(_) => Some(Outcome::Failure),
    }
}

/// The wait before retry `n` (1 = the first): "full jitter" over an exponential
/// ceiling, `jitter` being a random fraction in thousandths (0..=1000), so that
/// callers failed together spread out.
pub fn backoff_ms(n: u32, jitter: u32) -> u64 {
    let ceiling = BACKOFF_BASE_MS << n.saturating_sub(1).min(6);
    ceiling / 2 + ceiling / 2 * u64::from(jitter.min(1000)) / 1000
}

/// A `Retry-After` header's seconds (delta-seconds only; a date, nonsense or a
/// missing header reads as 1), capped at [`MAX_RETRY_AFTER_SECS`].
pub fn retry_after(header: Option<&str>) -> u32 {
    header
        .and_then(|h| h.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_RETRY_AFTER_SECS)
}

/// Runs `work` unless `timer` finishes first: `None` when it timed out. Dropping
/// `work` cancels it.
pub async fn race<T>(work: impl Future<Output = T>, timer: impl Future<Output = ()>) -> Option<T> {
    let mut work = pin!(work);
    let mut timer = pin!(timer);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(v) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// The clock, sleep and randomness a call runs with.
#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait Timing {
    /// Milliseconds on a monotonic-enough clock.
    fn now_ms(&self) -> u64;
    /// Waits `ms`.
    async fn sleep(&self, ms: u64);
    /// A random fraction in thousandths (0..=1000).
    fn jitter(&self) -> u32;
}

/// Makes one call to the supplier at `base_url` under `policy`: asks its breaker,
/// runs `attempt` (given the milliseconds left, which it must not exceed), reports
/// each attempt's outcome, and retries reads as the module docs say.
pub async fn call<T, F, Fut>(
    policy: &CallPolicy,
    breaker: &BreakerConfig,
    base_url: &str,
    timing: &impl Timing,
    mut attempt: F,
) -> Result<T, SupplierError>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<T, SupplierError>>,
{
    let deadline = timing.now_ms() + policy.deadline_ms;
    let mut retries = 0;
    loop {
        let now = timing.now_ms();
        with_breaker(base_url, |b| b.allow(breaker, now)).map_err(|r| {
            SupplierError::CircuitOpen {
                retry_after_secs: r.retry_after_secs,
            }
        })?;
        let left = deadline.saturating_sub(now).max(1);
        let result = attempt(left).await;
        let now = timing.now_ms();
        if let Err(SupplierError::RateLimited { retry_after_secs }) = &result {
            let hold = u64::from(*retry_after_secs) * 1000;
            with_breaker(base_url, |b| b.hold(now, hold));
        }
        if let Some(o) = outcome(&result) {
            with_breaker(base_url, |b| b.record(breaker, now, o));
        }
        match result {
            Err(e) if retryable(&e) && retries < policy.retries => {
                let wait = backoff_ms(retries + 1, timing.jitter());
                if now + wait + MIN_ATTEMPT_MS > deadline {
                    return Err(e);
                }
                timing.sleep(wait).await;
                retries += 1;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};

    /// A made-up clock: sleeping and attempts move it.
    struct FakeTime {
        now: Cell<u64>,
        slept: RefCell<Vec<u64>>,
    }

    impl FakeTime {
        fn new() -> FakeTime {
            FakeTime {
                now: Cell::new(1_000_000),
                slept: RefCell::new(Vec::new()),
            }
        }
        fn advance(&self, ms: u64) {
            self.now.set(self.now.get() + ms);
        }
    }

    impl Timing for FakeTime {
        fn now_ms(&self) -> u64 {
            self.now.get()
        }
        async fn sleep(&self, ms: u64) {
            self.slept.borrow_mut().push(ms);
            self.advance(ms);
        }
        fn jitter(&self) -> u32 {
            500
        }
    }

    fn policy(kind: CallKind) -> CallPolicy {
        CallPolicy::of(kind, &SupplierConfig::default())
    }

    fn run<T>(
        kind: CallKind,
        url: &str,
        time: &FakeTime,
        mut answers: Vec<(u64, Result<T, SupplierError>)>,
    ) -> (Result<T, SupplierError>, u32) {
        answers.reverse();
        let calls = Cell::new(0);
        let answers = RefCell::new(answers);
        let result = pollster::block_on(call(
            &policy(kind),
            &BreakerConfig::default(),
            url,
            time,
            |left| {
                calls.set(calls.get() + 1);
                let (took, answer) = answers.borrow_mut().pop().expect("an answer per attempt");
                // An attempt never runs past what is left: the Worker races it.
                let answer = if took > left {
                    time.advance(left);
                    Err(SupplierError::Timeout { after_ms: left })
                } else {
                    time.advance(took);
                    answer
                };
                async move { answer }
            },
        ));
        (result, calls.get())
    }

    fn down() -> SupplierError {
        SupplierError::Status { status: 503 }
    }

    #[test]
    fn a_read_that_fails_then_succeeds_is_retried_within_its_deadline() {
        let t = FakeTime::new();
        let (r, calls) = run(
            CallKind::CataloguePage,
            "http://retry.test",
            &t,
            vec![(50, Err(down())), (50, Err(down())), (50, Ok(7))],
        );
        assert_eq!(r.expect("third attempt"), 7);
        assert_eq!(calls, 3);
        // Jittered exponential backoff: 75 ms then 150 ms with jitter 0.5.
        assert_eq!(*t.slept.borrow(), vec![75, 150]);
    }

    #[test]
    fn reads_are_retried_a_bounded_number_of_times() {
        let t = FakeTime::new();
        let (r, calls) = run::<u32>(
            CallKind::Product,
            "http://bounded.test",
            &t,
            vec![(10, Err(down())), (10, Err(down())), (10, Err(down()))],
        );
        assert!(matches!(r, Err(SupplierError::Status { status: 503 })));
        assert_eq!(calls, 3, "one attempt and two retries");
    }

    #[test]
    fn a_write_is_never_retried_by_the_client() {
        let t = FakeTime::new();
        let (r, calls) = run::<u32>(
            CallKind::Write,
            "http://write.test",
            &t,
            vec![(10, Err(down()))],
        );
        assert!(r.is_err());
        assert_eq!(calls, 1);
    }

    #[test]
    fn a_timeout_spends_the_deadline_and_is_not_retried() {
        let t = FakeTime::new();
        let start = t.now_ms();
        let (r, calls) = run::<u32>(
            CallKind::CataloguePage,
            "http://slow.test",
            &t,
            vec![(60_000, Ok(1))],
        );
        assert!(matches!(r, Err(SupplierError::Timeout { after_ms: 2_000 })));
        assert_eq!(calls, 1);
        assert_eq!(
            t.now_ms() - start,
            2_000,
            "the whole call took its deadline"
        );
    }

    #[test]
    fn a_retry_that_cannot_finish_before_the_deadline_is_not_started() {
        let t = FakeTime::new();
        let (r, calls) = run::<u32>(
            CallKind::CataloguePage,
            "http://late.test",
            &t,
            vec![(1_800, Err(down()))],
        );
        assert!(r.is_err());
        assert_eq!(calls, 1);
    }

    #[test]
    fn refusals_bad_bodies_and_rate_limits_are_not_retried() {
        for e in [
            SupplierError::Rejected(pocketshop_shared::ApiError::NotFound),
            SupplierError::InvalidBody {
                detail: "expected value".into(),
            },
            SupplierError::TooLarge { limit_bytes: 1 },
            SupplierError::RateLimited {
                retry_after_secs: 3,
            },
        ] {
            assert!(!retryable(&e), "{e}");
        }
        assert!(retryable(&SupplierError::Unreachable {
            detail: "reset".into()
        }));
        assert!(!retryable(&SupplierError::Status { status: 501 }));
    }

    #[test]
    fn a_rate_limit_holds_the_breaker_for_its_retry_after_so_no_call_is_made() {
        let t = FakeTime::new();
        let url = "http://ratelimited.test";
        let (r, calls) = run::<u32>(
            CallKind::Product,
            url,
            &t,
            vec![(
                10,
                Err(SupplierError::RateLimited {
                    retry_after_secs: 4,
                }),
            )],
        );
        assert!(matches!(r, Err(SupplierError::RateLimited { .. })));
        assert_eq!(calls, 1);
        t.advance(1_000);
        let (r, calls) = run::<u32>(CallKind::Product, url, &t, vec![]);
        assert!(matches!(
            r,
            Err(SupplierError::CircuitOpen {
                retry_after_secs: 3
            })
        ));
        assert_eq!(
            calls, 0,
            "the supplier is not called while it asked us to wait"
        );
        t.advance(3_000);
        let (r, _) = run(CallKind::Product, url, &t, vec![(10, Ok(1))]);
        assert_eq!(r.expect("after the wait"), 1);
    }

    #[test]
    fn failing_reads_open_the_breaker_and_later_calls_fail_at_once() {
        let t = FakeTime::new();
        let url = "http://opens.test";
        // Each read makes three attempts: two reads are six failures in a row.
        for _ in 0..2 {
            let (r, _) = run::<u32>(
                CallKind::Product,
                url,
                &t,
                vec![(10, Err(down())), (10, Err(down())), (10, Err(down()))],
            );
            assert!(r.is_err());
        }
        let (r, calls) = run::<u32>(CallKind::Product, url, &t, vec![]);
        assert!(matches!(r, Err(SupplierError::CircuitOpen { .. })));
        assert_eq!(calls, 0);
        // After the cooldown a trial goes through and closes it.
        t.advance(BreakerConfig::default().cooldown_ms);
        let (r, calls) = run(CallKind::Product, url, &t, vec![(10, Ok(2))]);
        assert_eq!((r.expect("trial"), calls), (2, 1));
        let (r, _) = run(CallKind::Product, url, &t, vec![(10, Ok(3))]);
        assert_eq!(r.expect("closed"), 3);
    }

    #[test]
    fn race_answers_none_when_the_timer_wins_and_the_value_when_the_work_does() {
        let never = std::future::pending::<u32>();
        assert_eq!(pollster::block_on(race(never, async {})), None);
        let ready = async { 5 };
        assert_eq!(
            pollster::block_on(race(ready, std::future::pending::<()>())),
            Some(5)
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_caps_nonsense() {
        assert_eq!(retry_after(Some("7")), 7);
        assert_eq!(retry_after(Some(" 0 ")), 1);
        assert_eq!(retry_after(Some("99999")), MAX_RETRY_AFTER_SECS);
        assert_eq!(retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")), 1);
        assert_eq!(retry_after(None), 1);
    }

    #[test]
    fn backoff_doubles_and_jitter_spreads_it() {
        assert_eq!(backoff_ms(1, 0), 50);
        assert_eq!(backoff_ms(1, 1000), 100);
        assert_eq!(backoff_ms(2, 1000), 200);
        assert!(backoff_ms(30, 1000) <= 6_400);
    }
}
