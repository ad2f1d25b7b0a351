//! The report printed after criterion has run: the table of medians and
//! ratios (read from criterion's estimates) and the allocation table.

use std::fmt::Write as _;
use std::path::Path;
use std::time::SystemTime;

use crate::alloc_count::{AllocStat, counting};
use crate::aludel_stmt::{aludel_build, aludel_compile};
use crate::fixture::{DIALECTS, Fix, St};
use crate::floor::floor;
use crate::sea_stmt::sea_build;
use crate::{Cached, FUNCS};

/// The median (ns) of a benchmark of this run, from criterion's estimates.
fn median_ns(out: &Path, group: &str, func: &str, since: SystemTime) -> Option<f64> {
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

fn fmt_ns(v: Option<f64>) -> String {
    match v {
        Some(ns) if ns >= 100.0 => format!("{ns:.0}"),
        Some(ns) => format!("{ns:.1}"),
        None => "-".into(),
    }
}

fn fmt_ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "-".into(),
    }
}

pub(crate) fn print_ratio_table(out: &Path, since: SystemTime) {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "\nmedians in ns/op; (a) aludel compile only, (b) aludel build+compile, \
         (c) hand-written floor, (d) cached compile"
    );
    let _ = writeln!(
        t,
        "{:<9} {:<6} | {:>9} {:>9} {:>10} {:>9} {:>8} {:>8} | {:>12} {:>8} {:>8} {:>10}",
        "stmt",
        "dial",
        "(a)",
        "(b)",
        "sea b+r",
        "sea r",
        "(c)",
        "(d)",
        "(b)/sea b+r",
        "(a)/(c)",
        "(d)/(c)",
        "(a)/sea r"
    );
    for st in St::all() {
        for d in DIALECTS {
            let g = st.group(d);
            let m: Vec<Option<f64>> = FUNCS.iter().map(|f| median_ns(out, &g, f, since)).collect();
            if m.iter().all(Option::is_none) {
                continue;
            }
            let _ = writeln!(
                t,
                "{:<9} {:<6} | {:>9} {:>9} {:>10} {:>9} {:>8} {:>8} | {:>12} {:>8} {:>8} {:>10}",
                st.label(),
                d.short(),
                fmt_ns(m[0]),
                fmt_ns(m[1]),
                fmt_ns(m[2]),
                fmt_ns(m[3]),
                fmt_ns(m[4]),
                fmt_ns(m[5]),
                fmt_ratio(m[1], m[2]),
                fmt_ratio(m[0], m[4]),
                fmt_ratio(m[5], m[4]),
                fmt_ratio(m[0], m[3]),
            );
        }
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
