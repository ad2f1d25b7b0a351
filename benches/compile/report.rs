//! The report printed after criterion has run: the table of medians and
//! ratios (read from criterion's estimates) and the allocation table.

use std::fmt::Write as _;
use std::path::Path;
use std::time::SystemTime;

use crate::alloc_count::{AllocStat, counting};
use crate::aludel_stmt::{aludel_build, aludel_compile};
use crate::fixture::{D, DIALECTS, Fix, St};
use crate::floor::floor;
use crate::sea_stmt::sea_build;
use crate::{Cached, FUNCS};

/// The median (ns) of a benchmark of this run, from criterion's estimates.
pub(crate) fn median_ns(out: &Path, group: &str, func: &str, since: SystemTime) -> Option<f64> {
    let path = out
        .join(group)
        .join(func)
        .join("new")
        .join("estimates.json");
    let fresh = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t >= since);
    if !fresh {
        return None;
    }
    let json = std::fs::read_to_string(&path).ok()?;
    let rest = &json[json.find("\"median\"")?..];
    let rest = &rest[rest.find("\"point_estimate\"")? + "\"point_estimate\"".len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

pub(crate) fn fmt_ns(v: Option<f64>) -> String {
    match v {
        Some(ns) if ns >= 100.0 => format!("{ns:.0}"),
        Some(ns) => format!("{ns:.1}"),
        None => "-".into(),
    }
}

pub(crate) fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".into(), |r| format!("{r:.2}"))
}

pub(crate) fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

/// The median of the values present (`None` when there are none).
pub(crate) fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => None,
        n if n % 2 == 1 => Some(v[n / 2]),
        n => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// One run's medians (ns) of every function, per statement and dialect, in
/// `FUNCS` order, read from criterion's estimates written since `since`.
pub(crate) type RunMedians = Vec<(St, D, Vec<Option<f64>>)>;

pub(crate) fn run_medians(out: &Path, since: SystemTime) -> RunMedians {
    let mut rows = Vec::new();
    for st in St::all() {
        for d in DIALECTS {
            let g = st.group(d);
            let m: Vec<Option<f64>> = FUNCS.iter().map(|f| median_ns(out, &g, f, since)).collect();
            if m.iter().any(Option::is_some) {
                rows.push((st, d, m));
            }
        }
    }
    rows
}

/// The ratios of one row: (b)/sea b+r, (b')/sea b+r, (a)/(c), (d)/(c), (a)/sea r.
fn ratios(m: &[Option<f64>]) -> [Option<f64>; 5] {
    [
        ratio(m[1], m[2]),
        ratio(m[6], m[2]),
        ratio(m[0], m[4]),
        ratio(m[5], m[4]),
        ratio(m[0], m[3]),
    ]
}

/// Prints the table of medians and ratios. With several runs, each time is
/// the median of the runs' medians and each ratio the median of the ratios
/// taken within each run (a run's ratio compares functions measured
/// minutes apart at most; a VM that drifts between runs moves it less).
/// The columns of the ratio tables (criterion's and the alternating
/// rounds') after the statement and dialect.
pub(crate) const COLUMNS: Columns<'static> = Columns {
    cols: &[
        ("(a)", 9),
        ("(b)", 9),
        ("(b')", 9),
        ("sea b+r", 10),
        ("sea r", 9),
        ("(c)", 8),
        ("(d)", 8),
        ("(b)/sea b+r", 12),
        ("(b')/sea", 8),
        ("(a)/(c)", 8),
        ("(d)/(c)", 8),
        ("(a)/sea r", 10),
    ],
    ratios_from: 7,
};

/// A table's columns after the statement and the dialect: each one's
/// heading and width, the ratios from `ratios_from` on (a `|` before the
/// first time and the first ratio).
pub(crate) struct Columns<'a> {
    cols: &'a [(&'a str, usize)],
    ratios_from: usize,
}

impl Columns<'_> {
    /// Writes the heading row.
    pub(crate) fn header(&self, t: &mut String) {
        self.row(
            t,
            "stmt",
            "dial",
            self.cols.iter().map(|(n, _)| (*n).to_owned()),
        );
    }

    /// Writes one row: the statement and dialect, then `cells` in the
    /// columns' order.
    pub(crate) fn row(
        &self,
        t: &mut String,
        stmt: &str,
        dial: &str,
        cells: impl IntoIterator<Item = String>,
    ) {
        let _ = write!(t, "{stmt:<9} {dial:<6}");
        for (i, (cell, (_, w))) in cells.into_iter().zip(self.cols).enumerate() {
            let sep = if i == 0 || i == self.ratios_from {
                " |"
            } else {
                ""
            };
            let _ = write!(t, "{sep} {cell:>w$}");
        }
        t.push('\n');
    }
}

pub(crate) fn print_ratio_table(runs: &[RunMedians]) {
    let mut t = String::new();
    let of = if runs.len() > 1 {
        format!(", each the median of {} runs", runs.len())
    } else {
        String::new()
    };
    let _ = writeln!(
        t,
        "\nmedians in ns/op{of}; (a) aludel compile only, (b) aludel build+compile, \
         on pinned tables (b') on counted ones, (c) hand-written floor, (d) cached compile"
    );
    COLUMNS.header(&mut t);
    let Some(first) = runs.first() else {
        print!("{t}");
        return;
    };
    for (st, d, _) in first {
        let rows: Vec<&Vec<Option<f64>>> = runs
            .iter()
            .filter_map(|run| run.iter().find(|(s, dd, _)| s == st && dd == d))
            .map(|(_, _, m)| m)
            .collect();
        let time = |i: usize| median(rows.iter().filter_map(|m| m[i]).collect());
        let rat = |i: usize| median(rows.iter().filter_map(|m| ratios(m)[i]).collect());
        COLUMNS.row(
            &mut t,
            &st.label(),
            d.short(),
            [0, 1, 6, 2, 3, 4, 5]
                .map(|i| fmt_ns(time(i)))
                .into_iter()
                .chain((0..5).map(|i| fmt_ratio(rat(i)))),
        );
    }
    print!("{t}");
}

pub(crate) fn print_alloc_table(fx: &Fix) {
    let fmt = |s: Option<AllocStat>| match s {
        Some(s) if s.reallocs > 0 => format!("{}+{}r/{}B", s.allocs, s.reallocs, s.bytes),
        Some(s) => format!("{}/{}B", s.allocs, s.bytes),
        None => "-".into(),
    };
    println!(
        "\nallocations per operation: allocs[+reallocs r]/bytes requested \
         (including the result's String and Vec)"
    );
    println!(
        "{:<5} {:<6} | {:>16} {:>16} {:>14} | {:>16} {:>16} | {:>12}",
        "stmt",
        "dial",
        "(a) compile",
        "(b) build+comp",
        "(d) cached",
        "sea b+r",
        "sea render",
        "(c) floor"
    );
    for st in [St::S1, St::S2, St::S3, St::S4, St::S5] {
        for d in DIALECTS {
            let stmt = aludel_build(fx, st);
            let sea = sea_build(fx, st);
            let a = counting::measure(|| aludel_compile(&stmt, d));
            let b = counting::measure(|| aludel_compile(&aludel_build(fx, st), d));
            let sbr = counting::measure(|| sea_build(fx, st).render(d));
            let sr = counting::measure(|| sea.render(d));
            let c = counting::measure(|| floor(fx, st, d));
            let cached = Cached::new(&stmt, d);
            let dd = counting::measure(|| cached.compile(&stmt));
            println!(
                "{:<5} {:<6} | {:>16} {:>16} {:>14} | {:>16} {:>16} | {:>12}",
                st.label(),
                d.short(),
                fmt(a),
                fmt(b),
                fmt(dd),
                fmt(sbr),
                fmt(sr),
                fmt(c)
            );
        }
    }
}
