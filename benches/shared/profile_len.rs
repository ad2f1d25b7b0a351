//! How long a profiling loop runs, for the `ALUDEL_BENCH_PROFILE` modes of
//! the compile and engine benchmarks: `ALUDEL_BENCH_PROFILE_CALLS` calls
//! (a count that does not depend on the machine's speed, for callgrind:
//! `benches/instructions.py`), or `ALUDEL_BENCH_PROFILE_SECS` seconds (for
//! a sampling profiler); five seconds when neither is set.

use std::time::{Duration, Instant};

/// A profiling loop's length.
pub(crate) enum Length {
    /// As many calls as fit in these seconds (in chunks of a thousand).
    Secs(f64),
    /// Exactly this many calls.
    Calls(u64),
}

impl Length {
    /// The length the environment asks for (`ALUDEL_BENCH_PROFILE_CALLS`
    /// first, then `ALUDEL_BENCH_PROFILE_SECS`, five seconds when neither
    /// is set); an error naming the variable when it is not a positive
    /// number.
    pub(crate) fn from_env() -> Result<Length, String> {
        if let Ok(v) = std::env::var("ALUDEL_BENCH_PROFILE_CALLS") {
            return v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .map(Length::Calls)
                .ok_or_else(|| {
                    format!(
                        "ALUDEL_BENCH_PROFILE_CALLS must be a positive number of calls (got {v:?})"
                    )
                });
        }
        match std::env::var("ALUDEL_BENCH_PROFILE_SECS") {
            Err(_) => Ok(Length::Secs(5.0)),
            Ok(v) => v
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|s| *s > 0.0)
                .map(Length::Secs)
                .ok_or_else(|| {
                    format!(
                        "ALUDEL_BENCH_PROFILE_SECS must be a positive number of seconds (got {v:?})"
                    )
                }),
        }
    }

    /// Calls `call` for this length; the calls made and the time they took.
    /// The loop has one place that calls `call` (two let LLVM keep it out
    /// of line, which added a call's instructions to each one counted).
    pub(crate) fn run(&self, mut call: impl FnMut()) -> (u64, Duration) {
        let (chunk, until) = match *self {
            Length::Calls(n) => (n, None),
            Length::Secs(secs) => (1000, Some(Duration::from_secs_f64(secs))),
        };
        let start = Instant::now();
        let mut calls: u64 = 0;
        loop {
            for _ in 0..chunk {
                call();
            }
            calls += chunk;
            if until.is_none_or(|u| start.elapsed() >= u) {
                return (calls, start.elapsed());
            }
        }
    }
}
