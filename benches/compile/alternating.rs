//! The ratios of the targets measured in alternating rounds: for each
//! statement and dialect, (a), (b), (b'), sea-query's build + render and
//! render, the floor (c) and (d) are timed in turn, a few milliseconds each, round
//! after round (see `rounds`), and each ratio is the median of the rounds'
//! ratios. Criterion times these functions seconds to a minute apart; on a
//! VM that runs in slow and fast phases its ratios can be twice these.

use std::fmt::Write as _;
use std::hint::black_box;

use crate::Cached;
use crate::aludel_stmt::{aludel_build, aludel_compile};
use crate::fixture::{DIALECTS, Fix, St};
use crate::floor::floor;
use crate::report::{COLUMNS, fmt_ns, fmt_ratio};
use crate::rounds::interleaved;
use crate::sea_stmt::sea_build;

/// The functions of a row, in this order.
const A: usize = 0;
const B: usize = 1;
const B_COUNTED: usize = 2;
const SEA: usize = 3;
const SEA_RENDER: usize = 4;
const FLOOR: usize = 5;
const D: usize = 6;

/// Times every statement in `rounds` rounds of about `slot_ms` ms per
/// function and prints the table.
pub(crate) fn print_round_table(fx: &Fix, counted: &Fix, rounds: usize, slot_ms: f64) {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "\nalternating rounds: {rounds} rounds, each function timed for about {slot_ms} ms \
         per round, in turn (the first rotating); medians in ns/op, ratios the median of \
         the rounds' ratios"
    );
    COLUMNS.header(&mut t);
    // the first row a process times is sometimes slow throughout (the heap
    // and the clock still settling): S1's first row is timed twice and the
    // first timing dropped
    let rows = St::all()
        .into_iter()
        .flat_map(|st| DIALECTS.map(|d| (st, d)));
    for (i, (st, d)) in std::iter::once((St::S1, DIALECTS[0]))
        .chain(rows)
        .enumerate()
    {
        let stmt = aludel_build(fx, st);
        let cached = Cached::new(&stmt, d);
        let mut fa = || {
            black_box(aludel_compile(black_box(&stmt), d));
        };
        let mut fb = || {
            black_box(aludel_compile(&aludel_build(black_box(fx), st), d));
        };
        let mut fb_counted = || {
            black_box(aludel_compile(&aludel_build(black_box(counted), st), d));
        };
        let mut fsea = || {
            black_box(sea_build(black_box(fx), st).render(d));
        };
        let sea = sea_build(fx, st);
        let mut fsea_render = || {
            black_box(black_box(&sea).render(d));
        };
        let mut ffloor = || {
            black_box(floor(black_box(fx), st, d));
        };
        let mut fd = || {
            black_box(cached.compile(black_box(&stmt)));
        };
        let mut fs: [&mut dyn FnMut(); 7] = [
            &mut fa,
            &mut fb,
            &mut fb_counted,
            &mut fsea,
            &mut fsea_render,
            &mut ffloor,
            &mut fd,
        ];
        let iters: Vec<u32> = fs.iter_mut().map(|f| calls_for(slot_ms, *f)).collect();
        let r = interleaved(rounds, &iters, &mut fs);
        if i == 0 {
            continue;
        }
        let ns = |f| fmt_ns(Some(r.median(f)));
        let ratio = |(f, g)| fmt_ratio(Some(r.ratio(f, g)));
        COLUMNS.row(
            &mut t,
            &st.label(),
            d.short(),
            [A, B, B_COUNTED, SEA, SEA_RENDER, FLOOR, D]
                .map(ns)
                .into_iter()
                .chain(
                    [
                        (B, SEA),
                        (B_COUNTED, SEA),
                        (A, FLOOR),
                        (D, FLOOR),
                        (A, SEA_RENDER),
                    ]
                    .map(ratio),
                ),
        );
    }
    print!("{t}");
}

/// How many calls of `f` take about `slot_ms` milliseconds (at least 10).
fn calls_for(slot_ms: f64, f: &mut dyn FnMut()) -> u32 {
    // the median of three rounds: the first warms up
    let r = interleaved(3, &[100], &mut [f]);
    let ns = r.median(0).max(1.0);
    ((slot_ms * 1e6 / ns) as u32).max(10)
}
