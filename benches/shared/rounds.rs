//! Timing in alternating rounds, shared by the compile and engine
//! benchmarks.
//!
//! Criterion measures one function after the other, for about a second
//! each. On a VM whose speed changes for minutes at a time, two functions
//! measured a minute apart can land in different phases, and their ratio
//! moves with the phase, not the code. Here each round times every function
//! in turn for a few milliseconds (the one that goes first rotates from
//! round to round), so the functions of one round see the same phase; the
//! ratio of two functions is the median of the rounds' ratios.

use std::time::Instant;

/// The ns per call of each function in each round.
pub(crate) struct Rounds {
    /// `times[f][r]`: function `f` in round `r`.
    times: Vec<Vec<f64>>,
}

/// Times each of `fs` in `rounds` rounds, `iters[f]` calls of function `f`
/// per round.
pub(crate) fn interleaved(rounds: usize, iters: &[u32], fs: &mut [&mut dyn FnMut()]) -> Rounds {
    assert_eq!(iters.len(), fs.len(), "one iteration count per function");
    let n = fs.len();
    let mut times = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let f = (round + k) % n;
            times[f].push(time(&mut *fs[f], iters[f]));
        }
    }
    Rounds { times }
}

/// ns per call of `iters` calls of `f`.
fn time(f: &mut dyn FnMut(), iters: u32) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(iters)
}

impl Rounds {
    /// The median ns per call of function `f`.
    pub(crate) fn median(&self, f: usize) -> f64 {
        median(self.times[f].clone())
    }

    /// The median over the rounds of `f`'s time over `g`'s time.
    pub(crate) fn ratio(&self, f: usize, g: usize) -> f64 {
        median(
            self.times[f]
                .iter()
                .zip(&self.times[g])
                .map(|(a, b)| a / b)
                .collect(),
        )
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
