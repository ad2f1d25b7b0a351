//! Two threads building and compiling from the same tables at once. Every
//! column expression and statement clones its table's handle: on counted
//! tables the two cores take turns owning the count's cache line, on
//! pinned ones (`Table::leak`) nothing shared is written.

use std::hint::black_box;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Instant, SystemTime};

use criterion::Criterion;

use crate::aludel_stmt::{aludel_build, aludel_compile};
use crate::fixture::{D, Fix, St};
use crate::report::{fmt_ns, fmt_ratio, median, median_ns, ratio};

const FUNCS: [&str; 2] = ["pinned", "counted"];
const STMTS: [St; 4] = [St::S1, St::S2, St::S4, St::S5];

fn group(st: St) -> String {
    format!("{st:?}-pg-two-threads")
}

/// Per statement, the two functions' medians (ns per build + compile on
/// each thread) of one run.
pub(crate) type ThreadMedians = Vec<[Option<f64>; 2]>;

pub(crate) fn bench_threads(c: &mut Criterion, pinned: &Fix, counted: &Fix) {
    for st in STMTS {
        let mut g = c.benchmark_group(group(st));
        for (name, fx) in FUNCS.iter().zip([pinned, counted]) {
            // one helper thread for the whole benchmark, so that no sample
            // pays for starting a thread
            std::thread::scope(|s| {
                let (work, todo) = mpsc::channel::<u64>();
                let (finished, done) = mpsc::channel::<()>();
                s.spawn(move || {
                    for iters in todo {
                        build_compile(fx, st, iters);
                        let _ = finished.send(());
                    }
                });
                g.bench_function(*name, |b| {
                    b.iter_custom(|iters| {
                        let start = Instant::now();
                        work.send(iters).expect("the helper thread runs");
                        build_compile(fx, st, iters);
                        done.recv().expect("the helper thread finishes");
                        start.elapsed()
                    })
                });
                drop(work);
            });
        }
        g.finish();
    }
}

/// Builds and compiles `st` `iters` times.
fn build_compile(fx: &Fix, st: St, iters: u64) {
    for _ in 0..iters {
        black_box(aludel_compile(
            &aludel_build(black_box(fx), black_box(st)),
            D::Pg,
        ));
    }
}

pub(crate) fn thread_medians(out: &Path, since: SystemTime) -> ThreadMedians {
    STMTS
        .iter()
        .map(|&st| FUNCS.map(|f| median_ns(out, &group(st), f, since)))
        .collect()
}

pub(crate) fn print_thread_table(runs: &[ThreadMedians]) {
    println!(
        "\ntwo threads building + compiling at once from the same tables \
         (PostgreSQL), ns per statement on each thread"
    );
    println!(
        "{:<5} | {:>8} {:>8} | {:>16}",
        "stmt", "pinned", "counted", "counted/pinned"
    );
    for (i, st) in STMTS.iter().enumerate() {
        let time = |f: usize| median(runs.iter().filter_map(|r| r[i][f]).collect());
        let counted_per_pinned = median(
            runs.iter()
                .filter_map(|r| ratio(r[i][1], r[i][0]))
                .collect(),
        );
        println!(
            "{:<5} | {:>8} {:>8} | {:>16}",
            st.label(),
            fmt_ns(time(0)),
            fmt_ns(time(1)),
            fmt_ratio(counted_per_pinned)
        );
    }
}
