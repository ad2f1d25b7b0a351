//! Engine overhead on in-memory SQLite, aludel and rusqlite in the same run:
//!
//! - `S1`: select by primary key (`SELECT users.id, users.name,
//!   users.fullname FROM users WHERE users.id = ?`) with a new id each
//!   iteration, rows read into Rust values — through aludel, built each
//!   time (`aludel`) or built once with `bindparam("id")` and executed with
//!   `execute_with` (`aludel_bindparam`; both go through the statement
//!   cache, the driver's prepared-statement cache and a result set), or
//!   built once and read in place with `query_map` (`aludel_query_map`: no
//!   result set, text decoded straight from SQLite's buffer), the same with
//!   a connection checked out of the pool per execution
//!   (`aludel_checkout_query_map`), against
//!   rusqlite's `prepare_cached` + `query_map` directly;
//! - `bulk`: 100,000 rows inserted in one transaction — aludel's
//!   `execute_many(insert(&users), ...)` against a rusqlite prepared
//!   statement executed once per row.
//!
//! Run with `cargo bench --bench engine` (`ALUDEL_BENCH_QUICK=1` for a short
//! run); the ratios are printed at the end. Criterion measures one function
//! after the other, so a VM whose speed drifts moves their ratio; S1's
//! `query_map`, on one connection and with a checkout per execution, and
//! its `execute_with`, are therefore also timed against rusqlite in
//! alternating rounds (each round times all four, in turn), and the median
//! of the rounds' ratios is printed; the bulk inserts run in turn the same
//! way (which goes first alternates too). For the bulk insert, the time
//! to drop the 100,000 parameter sets is printed too: `execute_many` takes
//! them by value, so freeing them is part of its work (the rusqlite loop
//! frees its rows after the clock stops).
//!
//! `ALUDEL_BENCH_ROUNDS_ONLY=1` skips criterion and runs only the
//! alternating rounds and the bulk inserts (about 10 s after the build).
//!
//! `ALUDEL_BENCH_PROFILE=query_map` (or `checkout_query_map`, `bindparam`,
//! `execute`, `rusqlite`) runs only S1 read in place through aludel (with a
//! connection checked out per execution, or read through a result set with
//! `execute_with`, or built each time and run with `execute`, or through
//! rusqlite) in a loop, for a sampling profiler or
//! callgrind (`ALUDEL_BENCH_PROFILE_SECS` sets the seconds, 5 when unset, or
//! `ALUDEL_BENCH_PROFILE_CALLS` the calls).

#[path = "shared/profile_len.rs"]
mod profile_len;
#[path = "shared/rounds.rs"]
mod rounds;

use std::hint::black_box;
use std::time::{Duration, Instant};

use aludel::Connection;
use aludel::prelude::*;
use criterion::Criterion;

const ROWS: usize = 1000;
const BULK: usize = 100_000;

fn users(meta: &MetaData) -> Table {
    meta.table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::String(Some(50))))
        .column(Column::new("fullname", Type::String(Some(100))))
        .column(Column::new("nickname", Type::String(Some(50))))
        .build()
        .expect("valid table")
}

const DDL: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50), \
                   fullname VARCHAR(100), nickname VARCHAR(50))";

fn aludel_db(meta: &MetaData) -> (Engine, Connection) {
    let engine = create_engine("sqlite:///:memory:").expect("in-memory SQLite");
    let mut conn = engine.connect().expect("connect");
    meta.create_all(&mut conn).expect("create_all");
    (engine, conn)
}

/// An engine on its own in-memory database of `ROWS` users, its one
/// connection back in the pool (to be checked out per execution).
fn pooled_db(meta: &MetaData, users: &Table) -> Engine {
    let (engine, mut setup) = aludel_db(meta);
    setup
        .execute_many(insert(users), user_params(ROWS))
        .expect("fill");
    engine
}

fn rusqlite_db() -> rusqlite::Connection {
    let db = rusqlite::Connection::open_in_memory().expect("in-memory SQLite");
    db.execute_batch(DDL).expect("create table");
    db
}

fn fill_rusqlite(db: &rusqlite::Connection, n: usize) {
    let tx = db.unchecked_transaction().expect("begin");
    {
        let mut st = tx
            .prepare("INSERT INTO users (id, name, fullname, nickname) VALUES (?, ?, ?, ?)")
            .expect("prepare");
        for i in 0..n {
            let i = i64::try_from(i).unwrap_or(i64::MAX);
            st.execute(rusqlite::params![i, format!("n{i}"), format!("F {i}"), "k"])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
}

fn s1_aludel(conn: &mut Connection, users: &Table, id: i64) -> Vec<(i64, String, String)> {
    let q =
        select((users.c("id"), users.c("name"), users.c("fullname"))).filter(users.c("id").eq(id));
    s1_rows(conn.execute(q).expect("select"))
}

/// S1 built once with a named parameter, executed with a new id each time
/// (the counterpart of a prepared statement).
fn s1_aludel_bound(conn: &mut Connection, q: &Statement, id: i64) -> Vec<(i64, String, String)> {
    s1_rows(conn.execute_with(q, params! {"id" => id}).expect("select"))
}

/// S1 built once with a named parameter, its rows read in place.
fn s1_aludel_in_place(conn: &mut Connection, q: &Statement, id: i64) -> Vec<(i64, String, String)> {
    conn.query_map(q, params! {"id" => id}, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .expect("select")
}

/// [`s1_aludel_in_place`] on a connection checked out of `pooled` for this
/// execution (as a program serving one request per checkout does).
fn s1_checkout_in_place(pooled: &Engine, q: &Statement, id: i64) -> Vec<(i64, String, String)> {
    let mut c = pooled.connect().expect("checkout");
    s1_aludel_in_place(&mut c, q, id)
}

/// S1's rows as Rust values.
fn s1_rows(rows: aludel::ResultSet) -> Vec<(i64, String, String)> {
    rows.map(|r| {
        (
            r.get::<i64>(0).expect("id"),
            r.get::<String>(1).expect("name"),
            r.get::<String>(2).expect("fullname"),
        )
    })
    .collect()
}

fn s1_rusqlite(db: &rusqlite::Connection, id: i64) -> Vec<(i64, String, String)> {
    let mut st = db
        .prepare_cached("SELECT users.id, users.name, users.fullname FROM users WHERE users.id = ?")
        .expect("prepare");
    st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

/// `n` users as named parameter sets for `execute_many(insert(&users), ..)`.
fn user_params(n: usize) -> Vec<aludel::Params> {
    (0..n)
        .map(|i| {
            let i = i64::try_from(i).unwrap_or(i64::MAX);
            params! {"id" => i, "name" => format!("n{i}"), "fullname" => format!("F {i}"), "nickname" => "k"}
        })
        .collect()
}

/// One bulk insert of `BULK` rows through aludel, timed.
fn bulk_aludel(meta: &MetaData, users: &Table) -> Duration {
    let (_engine, mut conn) = aludel_db(meta);
    let rows = user_params(BULK);
    let start = Instant::now();
    let mut tx = conn.begin().expect("begin");
    let n = tx.execute_many(insert(users), rows).expect("insert");
    tx.commit().expect("commit");
    let took = start.elapsed();
    assert_eq!(n, BULK as u64);
    took
}

/// The same rows through one rusqlite prepared statement, timed.
fn bulk_rusqlite() -> Duration {
    let db = rusqlite_db();
    let rows: Vec<(i64, String, String)> = (0..BULK)
        .map(|i| {
            let i = i64::try_from(i).unwrap_or(i64::MAX);
            (i, format!("n{i}"), format!("F {i}"))
        })
        .collect();
    let start = Instant::now();
    let tx = db.unchecked_transaction().expect("begin");
    {
        let mut st = tx
            .prepare("INSERT INTO users (id, name, fullname, nickname) VALUES (?, ?, ?, ?)")
            .expect("prepare");
        for (i, name, full) in &rows {
            st.execute(rusqlite::params![i, name, full, "k"])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    start.elapsed()
}

/// Dropping `BULK` parameter sets, timed (part of `execute_many`'s work).
fn bulk_drop() -> Duration {
    let rows = user_params(BULK);
    let start = Instant::now();
    drop(black_box(rows));
    start.elapsed()
}

/// Criterion's median estimate for a benchmark of `engine-S1-sqlite`, in ns
/// (read from its report; `None` if it cannot be found).
fn s1_median(name: &str) -> Option<f64> {
    let dir = std::env::var_os("CRITERION_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR").map(|d| std::path::Path::new(&d).join("criterion"))
        })
        .unwrap_or_else(|| "target/criterion".into());
    let path = dir
        .join("engine-S1-sqlite")
        .join(name)
        .join("new/estimates.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}

/// `ALUDEL_BENCH_PROFILE=query_map` (or `checkout_query_map`, `bindparam`,
/// `execute`, `rusqlite`): S1 read in place through aludel (with a
/// connection checked out of the pool per execution, or through a result
/// set with `execute_with`, or built each time and run with `execute`, or
/// through rusqlite) in a loop of nothing else for
/// `ALUDEL_BENCH_PROFILE_SECS` seconds (5 when unset) or
/// `ALUDEL_BENCH_PROFILE_CALLS` calls, for a sampling profiler or
/// callgrind; prints the calls made and the time of each.
fn profile_s1(
    name: &str,
    (meta, users): (&MetaData, &Table),
    conn: &mut Connection,
    bound: &Statement,
    db: &rusqlite::Connection,
) -> Result<(), String> {
    let length = profile_len::Length::from_env()?;
    let mut run: Box<dyn FnMut(i64)> = match name {
        "query_map" => Box::new(|id| {
            black_box(s1_aludel_in_place(conn, bound, black_box(id)));
        }),
        "execute" => Box::new(|id| {
            black_box(s1_aludel(conn, users, black_box(id)));
        }),
        "bindparam" => Box::new(|id| {
            black_box(s1_aludel_bound(conn, bound, black_box(id)));
        }),
        "checkout_query_map" => {
            let pooled = pooled_db(meta, users);
            Box::new(move |id| {
                black_box(s1_checkout_in_place(&pooled, bound, black_box(id)));
            })
        }
        "rusqlite" => Box::new(|id| {
            black_box(s1_rusqlite(db, black_box(id)));
        }),
        other => {
            return Err(format!(
                "expected query_map, bindparam, execute, checkout_query_map or rusqlite, \
                 got {other:?}"
            ));
        }
    };
    let mut id = 0i64;
    let (calls, took) = length.run(|| {
        id = (id + 1) % 1000;
        run(id);
    });
    println!(
        "S1 {name}: {calls} calls in {:.1} s, {:.1} ns each",
        took.as_secs_f64(),
        took.as_nanos() as f64 / calls as f64
    );
    Ok(())
}

/// S1's five ways, measured by criterion one after the other, and their
/// medians against rusqlite's.
fn criterion_s1(
    quick: bool,
    meta: &MetaData,
    users: &Table,
    conn: &mut Connection,
    bound: &Statement,
    db: &rusqlite::Connection,
) {
    let mut c = Criterion::default()
        .without_plots()
        .warm_up_time(Duration::from_millis(if quick { 300 } else { 2000 }))
        .measurement_time(Duration::from_millis(if quick { 1000 } else { 5000 }))
        .sample_size(if quick { 20 } else { 100 });
    let mut g = c.benchmark_group("engine-S1-sqlite");
    let mut id = 0i64;
    g.bench_function("aludel", |b| {
        b.iter(|| {
            id = (id + 1) % 1000;
            black_box(s1_aludel(conn, users, black_box(id)))
        })
    });
    assert_eq!(s1_aludel_bound(conn, bound, 7), s1_rusqlite(db, 7));
    g.bench_function("aludel_bindparam", |b| {
        b.iter(|| {
            id = (id + 1) % 1000;
            black_box(s1_aludel_bound(conn, bound, black_box(id)))
        })
    });
    assert_eq!(s1_aludel_in_place(conn, bound, 7), s1_rusqlite(db, 7));
    g.bench_function("aludel_query_map", |b| {
        b.iter(|| {
            id = (id + 1) % 1000;
            black_box(s1_aludel_in_place(conn, bound, black_box(id)))
        })
    });
    // The same, with the connection checked out of the engine's pool for
    // each execution.
    let pooled = pooled_db(meta, users);
    g.bench_function("aludel_checkout_query_map", |b| {
        b.iter(|| {
            id = (id + 1) % 1000;
            black_box(s1_checkout_in_place(&pooled, bound, black_box(id)))
        })
    });
    g.bench_function("rusqlite", |b| {
        b.iter(|| {
            id = (id + 1) % 1000;
            black_box(s1_rusqlite(db, black_box(id)))
        })
    });
    g.finish();
    c.final_summary();
    if let (Some(a), Some(b), Some(m), Some(k), Some(r)) = (
        s1_median("aludel"),
        s1_median("aludel_bindparam"),
        s1_median("aludel_query_map"),
        s1_median("aludel_checkout_query_map"),
        s1_median("rusqlite"),
    ) {
        println!(
            "\nS1 on in-memory SQLite, criterion medians: aludel {a:.0} ns ({:.2}x), \
             aludel_bindparam {b:.0} ns ({:.2}x), aludel_query_map {m:.0} ns ({:.2}x), \
             aludel_checkout_query_map {k:.0} ns ({:.2}x), rusqlite prepare_cached {r:.0} ns",
            a / r,
            b / r,
            m / r,
            k / r
        );
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let quick = std::env::var("ALUDEL_BENCH_QUICK").is_ok_and(|v| v == "1");
    let meta = MetaData::new();
    let users = users(&meta);

    // Same answers first: nothing different is benchmarked.
    let (_engine, mut conn) = aludel_db(&meta);
    let db = rusqlite_db();
    fill_rusqlite(&db, ROWS);
    let rows = user_params(ROWS);
    conn.execute_many(insert(&users), rows).expect("fill");
    assert_eq!(s1_aludel(&mut conn, &users, 7), s1_rusqlite(&db, 7));

    let bound: Statement = select((users.c("id"), users.c("name"), users.c("fullname")))
        .filter(users.c("id").eq(bindparam("id")))
        .into();
    if let Ok(name) = std::env::var("ALUDEL_BENCH_PROFILE") {
        if let Err(e) = profile_s1(&name, (&meta, &users), &mut conn, &bound, &db) {
            eprintln!("ALUDEL_BENCH_PROFILE: {e}");
            std::process::exit(2);
        }
        return;
    }

    if !std::env::var("ALUDEL_BENCH_ROUNDS_ONLY").is_ok_and(|v| v == "1") {
        criterion_s1(quick, &meta, &users, &mut conn, &bound, &db);
    }

    let rounds = if quick { 11 } else { 41 };
    let pooled = pooled_db(&meta, &users);
    // a database of its own for the result-set path (the two closures
    // cannot share one connection)
    let through_results = pooled_db(&meta, &users);
    let mut results_conn = through_results.connect().expect("connect");
    let (mut ida, mut idb, mut idc, mut idr) = (0i64, 0i64, 0i64, 0i64);
    let timed = rounds::interleaved(
        rounds,
        &[20_000, 20_000, 20_000, 20_000],
        &mut [
            &mut || {
                ida = (ida + 1) % 1000;
                black_box(s1_aludel_in_place(&mut conn, &bound, black_box(ida)));
            },
            &mut || {
                idb = (idb + 1) % 1000;
                black_box(s1_aludel_bound(&mut results_conn, &bound, black_box(idb)));
            },
            &mut || {
                idc = (idc + 1) % 1000;
                black_box(s1_checkout_in_place(&pooled, &bound, black_box(idc)));
            },
            &mut || {
                idr = (idr + 1) % 1000;
                black_box(s1_rusqlite(&db, black_box(idr)));
            },
        ],
    );
    let (m, r, ratio) = (timed.median(0), timed.median(3), timed.ratio(0, 3));
    println!(
        "\nS1 query_map against rusqlite in {rounds} alternating rounds of 20,000 calls: \
         medians aludel {m:.0} ns, rusqlite {r:.0} ns, median ratio {ratio:.2}x"
    );
    let (b, ratio) = (timed.median(1), timed.ratio(1, 3));
    println!(
        "S1 execute_with (rows read through a result set) against rusqlite in the same \
         rounds: median aludel {b:.0} ns, median ratio {ratio:.2}x"
    );
    let (c, ratio) = (timed.median(2), timed.ratio(2, 3));
    println!(
        "S1 checkout_query_map (a connection checked out of the pool per execution) \
         against rusqlite in the same rounds: median aludel {c:.0} ns, median ratio {ratio:.2}x"
    );

    // Bulk: whole runs, timed by hand (one run is ~0.1-1 s), aludel and
    // rusqlite in turn so both see the same drift; the ratio is the median
    // of the runs' ratios.
    let runs = if quick { 5 } else { 11 };
    let (mut a, mut r, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        // Which goes first alternates: each run leaves freed memory behind.
        let (x, y) = if run % 2 == 0 {
            let x = bulk_aludel(&meta, &users);
            (x, bulk_rusqlite())
        } else {
            let y = bulk_rusqlite();
            (bulk_aludel(&meta, &users), y)
        };
        ratios.push(x.as_secs_f64() / y.as_secs_f64());
        a.push(x);
        r.push(y);
    }
    ratios.sort_by(f64::total_cmp);
    let (a, r) = (median(a), median(r));
    let d = median((0..runs).map(|_| bulk_drop()).collect());
    println!(
        "\nbulk insert of {BULK} rows in one transaction, {runs} runs: medians \
         aludel execute_many {:.1} ms, rusqlite prepared loop {:.1} ms, median ratio {:.2}x \
         (of aludel's time, dropping the parameter sets it was given: {:.1} ms)",
        a.as_secs_f64() * 1e3,
        r.as_secs_f64() * 1e3,
        ratios[runs / 2],
        d.as_secs_f64() * 1e3
    );
}
