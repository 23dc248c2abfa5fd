//! A countdown to a moment on the edge's clock: the end of a flash sale, its start,
//! a group's deadline.
//!
//! Invariants: it counts on the edge's clock (the device's corrected by `skew_ms`),
//! so a device set to the wrong time shows the same countdown as everyone else;
//! it never shows a negative time; `on_end` is called at most once, when it reaches
//! zero; the clock is read and the ticking started only in an effect, so the first
//! render (on a server too) shows the moment itself, not a guess at what is left.

use crate::context::Ctx;
use crate::format;
use leptos::prelude::*;
use pocketshop_shared::Locale;
use std::time::Duration;

/// `secs` left for people: `2天 03:04:05` / `2d 03:04:05`, `03:04:05` under a day,
/// `00:00:00` at or past zero.
pub fn remaining(secs: i64, locale: Locale) -> String {
    let secs = secs.max(0);
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let clock = format!(
        "{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    match (days, locale) {
        (0, _) => clock,
        (d, Locale::ZhCn) => format!("{d}天 {clock}"),
        (d, Locale::En) => format!("{d}d {clock}"),
    }
}

/// Seconds from `now_ms` on the device, corrected by `skew_ms`, to `until`.
pub fn secs_left(until: i64, device_now_ms: f64, skew_ms: f64) -> i64 {
    // Whole seconds, rounded up: "00:00:01" until the moment really is reached.
    let edge_now_ms = device_now_ms + skew_ms;
    let left_ms = (until as f64) * 1000.0 - edge_now_ms;
    if left_ms <= 0.0 {
        0
    } else {
        (left_ms / 1000.0).ceil() as i64
    }
}

/// The device's clock now (ms since the epoch). Effects and handlers only.
pub fn device_now_ms() -> f64 {
    js_sys::Date::now()
}

/// A ticking countdown.
#[component]
pub fn Countdown(
    /// The moment it counts to (unix seconds, the edge's clock).
    until: i64,
    /// The edge's clock minus the device's (ms), measured when the data arrived.
    #[prop(optional)]
    skew_ms: f64,
    /// What it counts to, before the time ("Ends in", "Starts in").
    #[prop(into)]
    label: Signal<String>,
    /// Called once when it reaches zero (to reload what it counted for).
    #[prop(optional)]
    on_end: Option<Callback<()>>,
    /// The `data-testid` of its element.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let left = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        let tick = move || {
            let now = secs_left(until, device_now_ms(), skew_ms);
            let before = left.get_untracked();
            left.set(Some(now));
            if now == 0 && before != Some(0) {
                if let Some(cb) = on_end {
                    cb.run(());
                }
            }
        };
        tick();
        if left.get_untracked() == Some(0) {
            return;
        }
        if let Ok(handle) = set_interval_with_handle(tick, Duration::from_millis(1000)) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <span class="ps-countdown" data-testid=testid.unwrap_or("ps-countdown")
            data-until=until.to_string()
            data-seconds=move || left.get().map(|s| s.to_string())
            role="timer">
            <span class="ps-countdown-label">{move || label.get()}</span>
            " "
            <time class="ps-countdown-time">
                {move || match left.get() {
                    Some(secs) => remaining(secs, ctx.locale()),
                    None => format::datetime(until, ctx.locale()),
                }}
            </time>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_reads_as_days_and_a_clock() {
        assert_eq!(remaining(0, Locale::En), "00:00:00");
        assert_eq!(remaining(-5, Locale::ZhCn), "00:00:00");
        assert_eq!(remaining(3 * 3600 + 4 * 60 + 5, Locale::En), "03:04:05");
        assert_eq!(remaining(2 * 86_400 + 61, Locale::En), "2d 00:01:01");
        assert_eq!(remaining(86_400, Locale::ZhCn), "1天 00:00:00");
    }

    #[test]
    fn the_countdown_runs_on_the_edges_clock_and_rounds_up_to_the_second() {
        let until = 1_000;
        // The device is 10 s behind the edge.
        assert_eq!(secs_left(until, 980_000.0, 10_000.0), 10);
        assert_eq!(secs_left(until, 989_999.5, 10_000.0), 1);
        assert_eq!(secs_left(until, 990_000.0, 10_000.0), 0);
        assert_eq!(secs_left(until, 2_000_000.0, 0.0), 0);
    }
}
