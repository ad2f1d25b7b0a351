//! Compile benchmark: the statements of the shared benchmark spec
//! (`bench-statements.md`: S1–S6 on `users` and `addresses`), built and
//! rendered by aludel and by sea-query in the same run, next to a
//! hand-written floor, for PostgreSQL, MySQL and SQLite.
//!
//! Per statement and dialect (criterion group `S<k>-<dialect>`, for S6
//! `S6-N<n>-<dialect>`) it measures, in ns/op:
//!
//! - `aludel_compile` — (a) the statement is built once, `compile(&dialect)`
//!   runs each iteration;
//! - `aludel_build_compile` — (b) build + compile each iteration, on tables
//!   pinned for the program by `Table::leak` (a schema declared once, as
//!   sea-query's identifiers are `'static`);
//! - `aludel_build_compile_counted` — (b) on counted tables, the default:
//!   each column expression's table handle is an atomic count update;
//! - `sea_build_render` — sea-query build + `build(XxxQueryBuilder)` (SQL + values);
//! - `sea_render` — sea-query `build(XxxQueryBuilder)` of a statement built once;
//! - `floor` — (c) `push_str` of the literal pieces into a `String` sized in
//!   advance, values cloned into a `Vec<Value>`.
//!
//! - `aludel_cached` — (d) cached compile, the engine's path when the same
//!   statement shape comes again: `Shape::of` (structural key + the values in
//!   order), a `HashMap` lookup (keyed by the already-mixed `CacheKey`) of
//!   the template compiled once, and the template's parameters filled from
//!   the shape (a `cache::Values`: up to four held inline, as the engine
//!   runs them); the SQL is borrowed from the cached template.
//!
//! A last group (`S1-pg-two-threads`, `S2-pg-two-threads`) runs (b) on two
//! threads at once from the same tables, pinned and counted: there the
//! counted handles' atomic updates contend for one cache line.
//!
//! Before measuring, every statement is checked: its SQL, with identifier
//! quotes removed, placeholders written `?` and whitespace normalised, must
//! equal the spec's SQL after the deviations listed in `deviations` (each one
//! printed), and its values must be the expected ones. A mismatch prints both
//! and stops the run, so nothing different from the spec is benchmarked
//! silently.
//!
//! After criterion has run, a table of medians and ratios is printed
//! (read from criterion's `new/estimates.json` files of this run), the
//! two-thread table, the same ratios measured in alternating rounds (every
//! function of a statement timed in turn for a millisecond or a few, round
//! after round, so that a VM's slow and fast phases fall on all of them
//! alike; `alternating`), then the allocations per operation for S1–S5.
//!
//! `ALUDEL_BENCH_QUICK=1` shortens warm-up and measurement so the whole run
//! takes about two minutes; `ALUDEL_BENCH_RUNS=3` runs the whole
//! suite three times and prints each time as the median of the runs'
//! medians and each ratio as the median of the ratios taken within each
//! run; `ALUDEL_BENCH_ROUNDS_ONLY=1` skips criterion and prints only the
//! alternating rounds and the allocations (about ten seconds with
//! `ALUDEL_BENCH_QUICK=1`); `ALUDEL_BENCH_SHOW_SQL=1` prints every
//! generated statement; `ALUDEL_BENCH_PROFILE=<group>/<function>` (say
//! `S3-pg/aludel_build_compile`) calls that one function in a loop for
//! five seconds and nothing else, for a sampling profiler (`profile`).
//!
//! Allocations are counted by a counting `#[global_allocator]` (a thin
//! wrapper over the system allocator), the one place the workspace allows
//! `unsafe` code.

#![allow(unsafe_code)]

mod alloc_count;
mod alternating;
mod aludel_stmt;
mod fixture;
mod floor;
mod profile;
#[path = "../shared/profile_len.rs"]
mod profile_len;
mod report;
#[path = "../shared/rounds.rs"]
mod rounds;
mod sea_stmt;
mod threads;
mod verify;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use std::collections::HashMap;

use aludel::CompileOptions;
use aludel::cache::{CacheKey, CacheKeyHasher, Shape, Template, Values};
use aludel::prelude::*;
use criterion::Criterion;

use crate::alternating::print_round_table;
use crate::aludel_stmt::{aludel_build, aludel_compile};
use crate::fixture::{D, DIALECTS, Fix, St};
use crate::floor::floor;
use crate::report::{print_alloc_table, print_ratio_table, run_medians};
use crate::sea_stmt::sea_build;
use crate::threads::{bench_threads, print_thread_table, thread_medians};
use crate::verify::verify;

// ---------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------

const FUNCS: [&str; 7] = [
    "aludel_compile",
    "aludel_build_compile",
    "sea_build_render",
    "sea_render",
    "floor",
    "aludel_cached",
    "aludel_build_compile_counted",
];

/// The engine's statement-cache path: one template per structural key.
struct Cached {
    templates: HashMap<CacheKey, Template, CacheKeyHasher>,
}

impl Cached {
    fn new(stmt: &Statement, d: D) -> Cached {
        let shape = Shape::of(stmt);
        let template = Template::compile(stmt, &shape, d.aludel(), &CompileOptions::new())
            .expect("aludel compiles the statement")
            .expect("the benchmark statements are cacheable");
        let mut templates = HashMap::with_hasher(CacheKeyHasher);
        templates.insert(shape.key(), template);
        Cached { templates }
    }

    /// (d): the template's SQL (borrowed from the cache, as a statement
    /// cache hands it to the driver) and the parameters for a statement of a
    /// known shape.
    fn compile(&self, stmt: &Statement) -> (&str, Values) {
        let shape = Shape::of(stmt);
        let t = self
            .templates
            .get(&shape.key())
            .expect("the shape was compiled before");
        (t.sql(), t.take_params(shape))
    }
}

fn bench_group(c: &mut Criterion, fx: &Fix, counted: &Fix, st: St, d: D) {
    let mut g = c.benchmark_group(st.group(d));
    let stmt = aludel_build(fx, st);
    g.bench_function(FUNCS[0], |b| {
        b.iter(|| aludel_compile(black_box(&stmt), black_box(d)))
    });
    g.bench_function(FUNCS[1], |b| {
        b.iter(|| aludel_compile(&aludel_build(black_box(fx), black_box(st)), black_box(d)))
    });
    g.bench_function(FUNCS[6], |b| {
        b.iter(|| {
            aludel_compile(
                &aludel_build(black_box(counted), black_box(st)),
                black_box(d),
            )
        })
    });
    g.bench_function(FUNCS[2], |b| {
        b.iter(|| sea_build(black_box(fx), black_box(st)).render(black_box(d)))
    });
    let sea = sea_build(fx, st);
    g.bench_function(FUNCS[3], |b| {
        b.iter(|| black_box(&sea).render(black_box(d)))
    });
    g.bench_function(FUNCS[4], |b| {
        b.iter(|| floor(black_box(fx), black_box(st), black_box(d)))
    });
    let cached = Cached::new(&stmt, d);
    g.bench_function(FUNCS[5], |b| b.iter(|| cached.compile(black_box(&stmt))));
    g.finish();
}

fn output_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("criterion")
}

fn criterion_config(quick: bool, out: &Path) -> Criterion {
    let c = Criterion::default().output_directory(out).without_plots();
    let c = if quick {
        c.warm_up_time(Duration::from_millis(150))
            .measurement_time(Duration::from_millis(400))
            .sample_size(20)
            .nresamples(10_000)
    } else {
        c.warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .sample_size(50)
    };
    c.configure_from_args()
}

fn main() {
    let fx = Fix::new(true);
    let counted = Fix::new(false);
    verify(&fx);
    verify(&counted);
    let quick = std::env::var("ALUDEL_BENCH_QUICK").is_ok_and(|v| v == "1");
    if let Ok(spec) = std::env::var("ALUDEL_BENCH_PROFILE") {
        if let Err(e) = profile::profile_one(&fx, &counted, spec.trim()) {
            eprintln!("ALUDEL_BENCH_PROFILE={spec:?}: {e}");
            std::process::exit(2);
        }
        return;
    }
    let (rounds, slot_ms) = if quick { (15, 1.0) } else { (41, 3.0) };
    if std::env::var("ALUDEL_BENCH_ROUNDS_ONLY").is_ok_and(|v| v == "1") {
        print_round_table(&fx, &counted, rounds, slot_ms);
        print_alloc_table(&fx);
        return;
    }
    let out = output_dir();
    let runs = runs();
    let mut medians = Vec::with_capacity(runs);
    let mut thread_runs = Vec::with_capacity(runs);
    for run in 1..=runs {
        if runs > 1 {
            println!("\n== run {run} of {runs}");
        }
        // a new criterion per run: one would rename a benchmark it has
        // already run (`name #2`) and write its estimates elsewhere
        let mut c = criterion_config(quick, &out);
        let since = SystemTime::now();
        for st in St::all() {
            for d in DIALECTS {
                bench_group(&mut c, &fx, &counted, st, d);
            }
        }
        bench_threads(&mut c, &fx, &counted);
        c.final_summary();
        medians.push(run_medians(&out, since));
        thread_runs.push(thread_medians(&out, since));
    }
    print_ratio_table(&medians);
    print_thread_table(&thread_runs);
    print_round_table(&fx, &counted, rounds, slot_ms);
    print_alloc_table(&fx);
}

/// How many times the whole suite runs (`ALUDEL_BENCH_RUNS`, 1 when unset).
fn runs() -> usize {
    match std::env::var("ALUDEL_BENCH_RUNS") {
        Err(_) => 1,
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => {
                eprintln!(
                    "ALUDEL_BENCH_RUNS must be a whole number of runs, 1 or more (got {v:?})"
                );
                std::process::exit(2)
            }
        },
    }
}
