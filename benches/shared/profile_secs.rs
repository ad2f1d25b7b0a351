//! How long a profiling loop runs (`ALUDEL_BENCH_PROFILE_SECS`), for the
//! `ALUDEL_BENCH_PROFILE` modes of the compile and engine benchmarks.

/// The seconds `ALUDEL_BENCH_PROFILE_SECS` gives, 5 when it is unset; an
/// error naming the variable when it is not a positive number.
pub(crate) fn profile_secs() -> Result<f64, String> {
    match std::env::var("ALUDEL_BENCH_PROFILE_SECS") {
        Err(_) => Ok(5.0),
        Ok(v) => v
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|s| *s > 0.0)
            .ok_or_else(|| {
                format!(
                    "ALUDEL_BENCH_PROFILE_SECS must be a positive number of seconds (got {v:?})"
                )
            }),
    }
}
