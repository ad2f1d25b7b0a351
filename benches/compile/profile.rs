//! One benchmark function called in a loop for a few seconds and nothing
//! else, for a sampling profiler:
//!
//! ```sh
//! ALUDEL_BENCH_PROFILE=S3-pg/aludel_build_compile perf record -e cpu-clock -- \
//!     target/release/deps/compile-<hash> --bench
//! perf annotate --stdio -s <function>
//! ```
//!
//! The name is a criterion benchmark's (`<group>/<function>`, as the
//! table prints them); `ALUDEL_BENCH_PROFILE_SECS` sets the seconds (5
//! when unset), or `ALUDEL_BENCH_PROFILE_CALLS` the calls (for callgrind:
//! `benches/instructions.py` counts each operation's instructions so).
//! Sampling by time finds what instruction counts do not: the
//! eleventh round's store-forwarding stalls showed as single instructions
//! holding a third of a function's samples.

use std::hint::black_box;

use crate::aludel_stmt::{aludel_build, aludel_compile};
use crate::fixture::{DIALECTS, Fix, St};
use crate::floor::floor;
use crate::sea_stmt::sea_build;
use crate::{Cached, FUNCS};

/// Runs the function `spec` names until the time is up and prints how many
/// calls it made; an unknown name is an error that lists the known ones.
pub(crate) fn profile_one(fx: &Fix, counted: &Fix, spec: &str) -> Result<(), String> {
    let known = || {
        let groups: Vec<String> = St::all()
            .into_iter()
            .flat_map(|st| DIALECTS.map(|d| st.group(d)))
            .collect();
        format!(
            "expected <group>/<function>, a group among {} and a function among {}",
            groups.join(", "),
            FUNCS.join(", ")
        )
    };
    let (group, func) = spec.split_once('/').ok_or_else(known)?;
    let (st, d) = St::all()
        .into_iter()
        .flat_map(|st| DIALECTS.map(|d| (st, d)))
        .find(|(st, d)| st.group(*d) == group)
        .ok_or_else(known)?;
    let f = FUNCS.iter().position(|f| *f == func).ok_or_else(known)?;
    let length = crate::profile_len::Length::from_env()?;
    let stmt = aludel_build(fx, st);
    let cached = Cached::new(&stmt, d);
    let sea = sea_build(fx, st);
    // FUNCS' order
    let call = || match f {
        0 => drop(black_box(aludel_compile(black_box(&stmt), d))),
        1 => drop(black_box(aludel_compile(
            &aludel_build(black_box(fx), st),
            d,
        ))),
        2 => drop(black_box(sea_build(black_box(fx), st).render(d))),
        3 => drop(black_box(black_box(&sea).render(d))),
        4 => drop(black_box(floor(black_box(fx), st, d))),
        5 => drop(black_box(cached.compile(black_box(&stmt)))),
        _ => drop(black_box(aludel_compile(
            &aludel_build(black_box(counted), st),
            d,
        ))),
    };
    let (calls, took) = length.run(call);
    let ns = took.as_nanos() as f64 / calls as f64;
    println!(
        "{spec}: {calls} calls in {:.1} s, {ns:.1} ns each",
        took.as_secs_f64()
    );
    Ok(())
}
