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
        if let Some(calls) = positive::<u64>("ALUDEL_BENCH_PROFILE_CALLS", "calls")? {
            return Ok(Length::Calls(calls));
        }
        let secs = positive::<f64>("ALUDEL_BENCH_PROFILE_SECS", "seconds")?;
        Ok(Length::Secs(secs.unwrap_or(5.0)))
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

/// The positive number the variable `name` holds (`None` when it is
/// unset); an error naming it, and what it counts, when it holds anything
/// else.
fn positive<T: std::str::FromStr + PartialOrd + Default>(
    name: &str,
    what: &str,
) -> Result<Option<T>, String> {
    let Ok(v) = std::env::var(name) else {
        return Ok(None);
    };
    match v.trim().parse::<T>() {
        Ok(n) if n > T::default() => Ok(Some(n)),
        _ => Err(format!(
            "{name} must be a positive number of {what} (got {v:?})"
        )),
    }
}
