//! A circuit breaker per supplier base URL: when the supplier keeps failing, calls
//! fail at once for a cooldown instead of each waiting for its timeout, then a few
//! trial calls find out whether it is back.
//!
//! ```text
//! closed ──(≥ rate % of ≥ min calls in the window fail, or N failures in a row)──▶ open
//!   ▲                                                                                │ cooldown
//!   └──────── a trial call succeeds ◀── half-open (up to `trials` calls) ◀───────────┘
//!                                         │ a trial call fails ──▶ open again
//! ```
//! A supplier's `429 Too Many Requests` holds the breaker open until its
//! `Retry-After` (capped), so the edge does not answer a rate limit with a storm.
//!
//! Invariants: the breaker never reads a clock — every method takes `now_ms`, so it
//! is tested natively with a made-up clock; a refusal always says how long is left
//! (at least one second, for `Retry-After`); a trial slot that never reports (its
//! request was dropped) is given back after `trial_timeout_ms`, so the breaker
//! cannot stay half-open and refusing for ever.
//!
//! State lives per isolate (see [`with_breaker`]): a Worker isolate serves many
//! requests one after another and in between, so its breaker sees the supplier's
//! recent health; other isolates learn it themselves within a few calls each. That
//! is acceptable because the breaker protects the supplier and our latency, not an
//! invariant: a breaker that opens a few calls later elsewhere costs a few failed
//! calls, never a wrong order. Sharing it (a Durable Object) would put a round trip
//! in front of every supplier call.

use crate::base::config::BreakerConfig;
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};

/// What a call came to, as the breaker counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The supplier answered usably (a 4xx refusal counts: it is up).
    Success,
    /// It timed out, failed to connect, answered 5xx or an unusable body.
    Failure,
}

/// The breaker's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Calls go through; recent outcomes are counted.
    Closed,
    /// Calls are refused until `until_ms`.
    Open {
        /// When trial calls may start.
        until_ms: u64,
    },
    /// Up to [`BreakerConfig::trials`] calls go through.
    HalfOpen {
        /// Trial calls let through and not yet reported.
        in_flight: u32,
        /// When the last trial was let through.
        since_ms: u64,
    },
}

/// A refused call: the breaker is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// How long until trial calls start, in whole seconds (at least 1).
    pub retry_after_secs: u32,
}

/// One supplier's breaker.
#[derive(Debug, Clone)]
pub struct Breaker {
    state: State,
    /// Outcomes in the window: (time, failed).
    recent: VecDeque<(u64, bool)>,
    consecutive: u32,
}

impl Default for Breaker {
    fn default() -> Breaker {
        Breaker::new()
    }
}

/// The most outcomes kept per window: the rate is measured over at most these.
const MAX_RECENT: usize = 200;
/// The longest a supplier's `Retry-After` holds the breaker open.
pub const MAX_HOLD_MS: u64 = 120_000;

fn secs_until(now_ms: u64, until_ms: u64) -> u32 {
    let ms = until_ms.saturating_sub(now_ms);
    u32::try_from(ms.div_ceil(1000)).unwrap_or(u32::MAX).max(1)
}

impl Breaker {
    /// A closed breaker with no history.
    pub fn new() -> Breaker {
        Breaker {
            state: State::Closed,
            recent: VecDeque::new(),
            consecutive: 0,
        }
    }

    /// The current state, as of `now_ms` (an elapsed cooldown reads as half-open).
    pub fn state(&self, now_ms: u64) -> State {
        match self.state {
            State::Open { until_ms } if now_ms >= until_ms => State::HalfOpen {
                in_flight: 0,
                since_ms: now_ms,
            },
            ref s => s.clone(),
        }
    }

    /// Asks to make a call now: `Ok` lets it through (report it with [`record`]),
    /// `Err` says how long to wait.
    ///
    /// [`record`]: Breaker::record
    pub fn allow(&mut self, config: &BreakerConfig, now_ms: u64) -> Result<(), Refused> {
        self.state = self.state(now_ms);
        match &mut self.state {
            State::Closed => Ok(()),
            State::Open { until_ms } => Err(Refused {
                retry_after_secs: secs_until(now_ms, *until_ms),
            }),
            State::HalfOpen {
                in_flight,
                since_ms,
            } => {
                if *in_flight > 0 && now_ms.saturating_sub(*since_ms) >= config.trial_timeout_ms {
                    // The trials never reported (their requests were dropped).
                    *in_flight = 0;
                }
                if *in_flight < config.trials.max(1) {
                    *in_flight += 1;
                    *since_ms = now_ms;
                    Ok(())
                } else {
                    // Trials are under way: they will know within a call's timeout.
                    Err(Refused {
                        retry_after_secs: 1,
                    })
                }
            }
        }
    }

    /// Reports a call that [`Breaker::allow`] let through.
    pub fn record(&mut self, config: &BreakerConfig, now_ms: u64, outcome: Outcome) {
        let failed = outcome == Outcome::Failure;
        match self.state(now_ms) {
            State::HalfOpen { .. } => {
                if failed {
                    self.trip(config, now_ms);
                } else {
                    self.close();
                }
            }
            State::Open { .. } => {
                // A call let through before the breaker opened: already counted.
            }
            State::Closed => {
                self.recent.push_back((now_ms, failed));
                while self.recent.len() > MAX_RECENT {
                    self.recent.pop_front();
                }
                let window_start = now_ms.saturating_sub(config.window_ms);
                while self.recent.front().is_some_and(|(t, _)| *t < window_start) {
                    self.recent.pop_front();
                }
                self.consecutive = if failed { self.consecutive + 1 } else { 0 };
                let calls = self.recent.len() as u64;
                let failures = self.recent.iter().filter(|(_, f)| *f).count() as u64;
                let by_rate = calls >= u64::from(config.min_calls.max(1))
                    && failures * 100 >= calls * u64::from(config.failure_rate_pct);
                let by_streak = self.consecutive >= config.consecutive_failures.max(1);
                if failed && (by_rate || by_streak) {
                    self.trip(config, now_ms);
                }
            }
        }
    }

    /// Holds the breaker open until `now_ms + hold_ms` (capped at [`MAX_HOLD_MS`]),
    /// or longer if it already is: the supplier asked us to wait (429).
    pub fn hold(&mut self, now_ms: u64, hold_ms: u64) {
        let until_ms = now_ms + hold_ms.min(MAX_HOLD_MS);
        let current = match self.state(now_ms) {
            State::Open { until_ms } => until_ms,
            _ => 0,
        };
        self.state = State::Open {
            until_ms: until_ms.max(current),
        };
        self.recent.clear();
        self.consecutive = 0;
    }

    fn trip(&mut self, config: &BreakerConfig, now_ms: u64) {
        self.state = State::Open {
            until_ms: now_ms + config.cooldown_ms,
        };
        self.recent.clear();
        self.consecutive = 0;
    }

    fn close(&mut self) {
        self.state = State::Closed;
        self.recent.clear();
        self.consecutive = 0;
    }
}

thread_local! {
    /// The breakers of this isolate, by supplier base URL. Workers run one thread
    /// per isolate, so this is the isolate's state (see the module docs).
    static BREAKERS: RefCell<HashMap<String, Breaker>> = RefCell::new(HashMap::new());
}

/// Runs `f` on the breaker of the supplier at `base_url` (this isolate's).
pub fn with_breaker<T>(base_url: &str, f: impl FnOnce(&mut Breaker) -> T) -> T {
    BREAKERS.with(|all| {
        let mut all = all.borrow_mut();
        f(all.entry(base_url.to_owned()).or_default())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> BreakerConfig {
        BreakerConfig {
            window_ms: 10_000,
            min_calls: 10,
            failure_rate_pct: 50,
            consecutive_failures: 5,
            cooldown_ms: 3_000,
            trials: 2,
            trial_timeout_ms: 8_000,
        }
    }

    fn call(b: &mut Breaker, now: u64, outcome: Outcome) -> Result<(), Refused> {
        b.allow(&config(), now)?;
        b.record(&config(), now, outcome);
        Ok(())
    }

    #[test]
    fn five_failures_in_a_row_open_the_breaker_and_calls_are_refused_with_the_cooldown() {
        let mut b = Breaker::new();
        for i in 0..4 {
            call(&mut b, i, Outcome::Failure).expect("still closed");
        }
        assert_eq!(b.state(4), State::Closed);
        call(&mut b, 1_000, Outcome::Failure).expect("the fifth is let through");
        assert_eq!(b.state(1_000), State::Open { until_ms: 4_000 });
        assert_eq!(
            b.allow(&config(), 1_500),
            Err(Refused {
                retry_after_secs: 3
            })
        );
        assert_eq!(
            b.allow(&config(), 3_999),
            Err(Refused {
                retry_after_secs: 1
            })
        );
    }

    #[test]
    fn a_success_between_failures_resets_the_streak() {
        let mut b = Breaker::new();
        for i in 0..20 {
            let outcome = if i % 3 == 2 {
                Outcome::Success
            } else {
                Outcome::Failure
            };
            // Two failures, one success: a streak never reaches 5, but the rate is
            // 2/3 ≥ 50 % once 10 calls are in the window.
            if call(&mut b, i * 10, outcome).is_err() {
                assert!(i >= 9, "opened after {i} calls");
                return;
            }
        }
        panic!("a 66 % failure rate over 10 calls must open the breaker");
    }

    #[test]
    fn a_failure_rate_below_the_threshold_keeps_it_closed() {
        let mut b = Breaker::new();
        for i in 0..100 {
            let outcome = if i % 3 == 0 {
                Outcome::Failure
            } else {
                Outcome::Success
            };
            call(&mut b, i * 10, outcome).expect("33 % failures never open it");
        }
        assert_eq!(b.state(1_000), State::Closed);
    }

    #[test]
    fn failures_outside_the_window_do_not_count_toward_the_rate() {
        let mut b = Breaker::new();
        for i in 0..9 {
            let o = if i % 2 == 0 {
                Outcome::Failure
            } else {
                Outcome::Success
            };
            call(&mut b, i, o).expect("closed");
        }
        // 20 s later the old calls have left the 10 s window: one failure is 1 call.
        call(&mut b, 20_000, Outcome::Failure).expect("closed");
        assert_eq!(b.state(20_000), State::Closed);
    }

    #[test]
    fn after_the_cooldown_trial_calls_go_through_and_a_success_closes_it() {
        let mut b = Breaker::new();
        for i in 0..5 {
            call(&mut b, i, Outcome::Failure).expect("closed");
        }
        assert!(b.allow(&config(), 2_000).is_err());
        // Cooldown over: two trials at once, a third waits.
        assert!(b.allow(&config(), 3_100).is_ok());
        assert!(b.allow(&config(), 3_100).is_ok());
        assert_eq!(
            b.allow(&config(), 3_100),
            Err(Refused {
                retry_after_secs: 1
            })
        );
        b.record(&config(), 3_200, Outcome::Success);
        assert_eq!(b.state(3_200), State::Closed);
        assert!(b.allow(&config(), 3_300).is_ok());
    }

    #[test]
    fn a_failed_trial_opens_it_for_another_cooldown() {
        let mut b = Breaker::new();
        for i in 0..5 {
            call(&mut b, i, Outcome::Failure).expect("closed");
        }
        assert!(b.allow(&config(), 3_100).is_ok());
        b.record(&config(), 3_500, Outcome::Failure);
        assert_eq!(b.state(3_500), State::Open { until_ms: 6_500 });
    }

    #[test]
    fn trials_that_never_report_are_given_back() {
        let mut b = Breaker::new();
        for i in 0..5 {
            call(&mut b, i, Outcome::Failure).expect("closed");
        }
        assert!(b.allow(&config(), 3_100).is_ok());
        assert!(b.allow(&config(), 3_100).is_ok());
        assert!(b.allow(&config(), 4_000).is_err());
        // Both requests were dropped; after the trial timeout new trials may go.
        assert!(b.allow(&config(), 3_100 + 8_000).is_ok());
    }

    #[test]
    fn a_rate_limit_holds_it_open_for_the_retry_after_but_not_for_ever() {
        let mut b = Breaker::new();
        b.hold(1_000, 7_000);
        assert_eq!(
            b.allow(&config(), 1_000),
            Err(Refused {
                retry_after_secs: 7
            })
        );
        assert!(b.allow(&config(), 8_000).is_ok());
        let mut b = Breaker::new();
        b.hold(0, 24 * 3600 * 1000);
        assert_eq!(
            b.state(0),
            State::Open {
                until_ms: MAX_HOLD_MS
            }
        );
    }

    #[test]
    fn breakers_are_kept_per_supplier_url() {
        with_breaker("http://a.test", |b| b.hold(0, 5_000));
        assert!(with_breaker("http://a.test", |b| b
            .allow(&config(), 1)
            .is_err()));
        assert!(with_breaker("http://b.test", |b| b
            .allow(&config(), 1)
            .is_ok()));
    }
}
