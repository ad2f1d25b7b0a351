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
//! - `aludel_build_compile` — (b) build + compile each iteration;
//! - `sea_build_render` — sea-query build + `build(XxxQueryBuilder)` (SQL + values);
//! - `sea_render` — sea-query `build(XxxQueryBuilder)` of a statement built once;
//! - `floor` — (c) `push_str` of the literal pieces into a `String` sized in
//!   advance, values cloned into a `Vec<Value>`.
//!
//! - `aludel_cached` — (d) cached compile, the engine's path when the same
//!   statement shape comes again: `Shape::of` (structural key + the values in
//!   order), a `HashMap` lookup (keyed by the already-mixed `CacheKey`) of
//!   the template compiled once, and the template's parameters filled from
//!   the shape; the SQL is borrowed from the cached template.
//!
//! Before measuring, every statement is checked: its SQL, with identifier
//! quotes removed, placeholders written `?` and whitespace normalised, must
//! equal the spec's SQL after the deviations listed in `deviations` (each one
//! printed), and its values must be the expected ones. A mismatch prints both
//! and stops the run, so nothing different from the spec is benchmarked
//! silently.
//!
//! After criterion has run, a table of medians and ratios is printed
//! (read from criterion's `new/estimates.json` files of this run), then the
//! allocations per operation for S1–S5.
//!
//! `ALUDEL_BENCH_QUICK=1` shortens warm-up and measurement so the whole run
//! takes about a minute and a half; `ALUDEL_BENCH_SHOW_SQL=1` prints every
//! generated statement.
//!
//! Allocations are counted by a counting `#[global_allocator]` (a thin
//! wrapper over the system allocator), the one place the workspace allows
//! `unsafe` code.

#![allow(unsafe_code)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use std::collections::HashMap;

use aludel::cache::{CacheKey, CacheKeyHasher, Shape, Template};
use aludel::dialect::{Mysql, Postgres, Sqlite};
use aludel::prelude::*;
use aludel::{CompileOptions, Dialect, Value};
use criterion::Criterion;
use sea_query as sq;
use sea_query::ExprTrait as _;

// ---------------------------------------------------------------------------
// Allocation counting
// ---------------------------------------------------------------------------

/// Allocation counts of one operation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct AllocStat {
    allocs: u64,
    reallocs: u64,
    bytes: u64,
}

mod counting {
    //! A wrapper over the system allocator that counts, while enabled.
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

    static ENABLED: AtomicBool = AtomicBool::new(false);
    static ALLOCS: AtomicU64 = AtomicU64::new(0);
    static REALLOCS: AtomicU64 = AtomicU64::new(0);
    static BYTES: AtomicU64 = AtomicU64::new(0);

    struct Counting;

    // SAFETY: every method forwards to `System` with the caller's arguments.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if ENABLED.load(Relaxed) {
                ALLOCS.fetch_add(1, Relaxed);
                BYTES.fetch_add(layout.size() as u64, Relaxed);
            }
            // SAFETY: forwarded contract.
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if ENABLED.load(Relaxed) {
                ALLOCS.fetch_add(1, Relaxed);
                BYTES.fetch_add(layout.size() as u64, Relaxed);
            }
            // SAFETY: forwarded contract.
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if ENABLED.load(Relaxed) {
                REALLOCS.fetch_add(1, Relaxed);
                BYTES.fetch_add(new_size.saturating_sub(layout.size()) as u64, Relaxed);
            }
            // SAFETY: forwarded contract.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: forwarded contract.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    /// Counts the allocations of one call of `f` (after two warm-up calls).
    pub(crate) fn measure<R>(mut f: impl FnMut() -> R) -> Option<super::AllocStat> {
        drop(f());
        drop(f());
        ALLOCS.store(0, Relaxed);
        REALLOCS.store(0, Relaxed);
        BYTES.store(0, Relaxed);
        ENABLED.store(true, Relaxed);
        let r = f();
        ENABLED.store(false, Relaxed);
        drop(r);
        Some(super::AllocStat {
            allocs: ALLOCS.load(Relaxed),
            reallocs: REALLOCS.load(Relaxed),
            bytes: BYTES.load(Relaxed),
        })
    }
}

// ---------------------------------------------------------------------------
// Dialects and statements
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum D {
    Pg,
    My,
    Lite,
}

const DIALECTS: [D; 3] = [D::Pg, D::My, D::Lite];

impl D {
    fn short(self) -> &'static str {
        match self {
            D::Pg => "pg",
            D::My => "mysql",
            D::Lite => "sqlite",
        }
    }
    fn aludel(self) -> &'static dyn Dialect {
        match self {
            D::Pg => &Postgres,
            D::My => &Mysql,
            D::Lite => &Sqlite,
        }
    }
}

/// A statement of the spec; S6 carries the index of its size in `Fix::s6`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    S1,
    S2,
    S3,
    S4,
    S5,
    S6(usize),
}

const S6_SIZES: [usize; 3] = [10, 100, 1000];

impl St {
    fn all() -> Vec<St> {
        let mut v = vec![St::S1, St::S2, St::S3, St::S4, St::S5];
        v.extend((0..S6_SIZES.len()).map(St::S6));
        v
    }
    fn label(self) -> String {
        match self {
            St::S6(i) => format!("S6 N={}", S6_SIZES[i]),
            s => format!("{s:?}"),
        }
    }
    fn group(self, d: D) -> String {
        match self {
            St::S6(i) => format!("S6-N{}-{}", S6_SIZES[i], d.short()),
            s => format!("{s:?}-{}", d.short()),
        }
    }
}

// Parameter values of the statements (the spec leaves them open).
const S1_ID: i64 = 5;
const S2_NAME: &str = "%ed";
const S2_EMAIL: &str = "ed@example.com";
const S2_ID: i64 = 10;
const S2_LIMIT: u64 = 10;
const S2_OFFSET: u64 = 20;
const S4_NAME: &str = "ed";
const S4_FULLNAME: &str = "Ed Jones";
const S4_ID: i64 = 5;
const S5_PATTERN: &str = "%@example.com";
const S3_ROWS: usize = 10;

/// Everything built once: tables, input values, and the values the floor
/// clones (the analogue of a statement already built).
struct Fix {
    users: Table,
    addresses: Table,
    s3_rows: Vec<(i64, String, String, String)>,
    s6: Vec<S6Fix>,
    /// Per statement (`St` order of `St::all`), the values the floor binds.
    floor_values: Vec<Vec<Value>>,
}

struct S6Fix {
    n: usize,
    t: Table,
    /// `c1` .. `cN`, leaked once so sea-query sees `&'static str` identifiers
    /// (no per-build allocation for them, like a derived `Iden`).
    names: Vec<&'static str>,
}

impl Fix {
    fn new() -> Fix {
        let meta = MetaData::new();
        let users = meta
            .table("users")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("name", Type::String(Some(50))))
            .column(Column::new("fullname", Type::String(Some(100))))
            .column(Column::new("nickname", Type::String(Some(50))))
            .build()
            .expect("users table");
        let addresses = meta
            .table("addresses")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("user_id", Type::Integer).foreign_key("users.id"))
            .column(Column::new("email_address", Type::String(Some(100))).not_null())
            .build()
            .expect("addresses table");
        let s3_rows: Vec<(i64, String, String, String)> = (1..=S3_ROWS as i64)
            .map(|i| {
                (
                    i,
                    format!("user{i}"),
                    format!("User Number {i}"),
                    format!("nick{i}"),
                )
            })
            .collect();
        let s6 = S6_SIZES
            .iter()
            .map(|&n| {
                let names: Vec<&'static str> = (1..=n)
                    .map(|k| &*Box::leak(format!("c{k}").into_boxed_str()))
                    .collect();
                let mut b = MetaData::new().table("t");
                for name in &names {
                    b = b.column(Column::new(name, Type::Integer));
                }
                S6Fix {
                    n,
                    t: b.build().expect("table t"),
                    names,
                }
            })
            .collect::<Vec<_>>();
        let mut fix = Fix {
            users,
            addresses,
            s3_rows,
            s6,
            floor_values: Vec::new(),
        };
        fix.floor_values = St::all()
            .into_iter()
            .map(|st| {
                spec_values(&fix, st)
                    .into_iter()
                    .map(|p| match p {
                        P::Int(i) => Value::from(i),
                        P::Text(s) => Value::from(s),
                        P::Other(o) => panic!("no such value {o}"),
                    })
                    .collect()
            })
            .collect();
        fix
    }

    fn floor_values(&self, st: St) -> &[Value] {
        let i = match st {
            St::S1 => 0,
            St::S2 => 1,
            St::S3 => 2,
            St::S4 => 3,
            St::S5 => 4,
            St::S6(i) => 5 + i,
        };
        &self.floor_values[i]
    }
}

// ---------------------------------------------------------------------------
// aludel
// ---------------------------------------------------------------------------

fn aludel_build(fx: &Fix, st: St) -> Statement {
    let (users, addresses) = (&fx.users, &fx.addresses);
    match st {
        St::S1 => select((users.c("id"), users.c("name"), users.c("fullname")))
            .filter(users.c("id").eq(S1_ID))
            .into(),
        St::S2 => select((users.c("name"), addresses.c("email_address")))
            .select_from(users.join(addresses))
            .filter(users.c("name").like(S2_NAME))
            .filter(addresses.c("email_address").ne(S2_EMAIL))
            .filter(users.c("id").gt(S2_ID))
            .order_by([users.c("name")])
            .limit(S2_LIMIT)
            .offset(S2_OFFSET)
            .into(),
        St::S3 => {
            let mut ins = insert(users).columns(["id", "name", "fullname", "nickname"]);
            for (id, name, fullname, nickname) in &fx.s3_rows {
                ins = ins.row([
                    Expr::from(*id),
                    Expr::from(name.as_str()),
                    Expr::from(fullname.as_str()),
                    Expr::from(nickname.as_str()),
                ]);
            }
            ins.into()
        }
        St::S4 => update(users)
            .set([("name", S4_NAME), ("fullname", S4_FULLNAME)])
            .filter(users.c("id").eq(S4_ID))
            .into(),
        St::S5 => {
            let cte = select((addresses.c("user_id"), func::count_star().label("n")))
                .group_by([addresses.c("user_id")])
                .cte("cte");
            let sub = select(addresses.c("user_id"))
                .filter(addresses.c("email_address").like(S5_PATTERN));
            let window = Window::new()
                .partition_by([users.c("nickname")])
                .order_by([cte.c("n").desc()]);
            select((users.c("name"), cte.c("n"), func::row_number().over(window)))
                .select_from(users.join_on(&cte, cte.c("user_id").eq(users.c("id"))))
                .filter(users.c("id").in_select(sub))
                .into()
        }
        St::S6(i) => {
            let f = &fx.s6[i];
            let cols: Vec<Expr> = f.names.iter().map(|n| f.t.c(n)).collect();
            let conds = f.names.iter().zip(1i64..).map(|(n, k)| f.t.c(n).eq(k));
            select(cols).filter(and_(conds)).into()
        }
    }
}

fn aludel_compile(stmt: &Statement, d: D) -> aludel::Compiled {
    stmt.compile(d.aludel())
        .expect("aludel compiles the statement")
}

// ---------------------------------------------------------------------------
// sea-query
// ---------------------------------------------------------------------------

enum SeaStmt {
    Select(sq::SelectStatement),
    Insert(sq::InsertStatement),
    Update(sq::UpdateStatement),
}

impl SeaStmt {
    fn build_with<B: sq::QueryBuilder>(&self, b: B) -> (String, sq::Values) {
        match self {
            SeaStmt::Select(q) => q.build(b),
            SeaStmt::Insert(q) => q.build(b),
            SeaStmt::Update(q) => q.build(b),
        }
    }

    fn render(&self, d: D) -> (String, sq::Values) {
        match d {
            D::Pg => self.build_with(sq::PostgresQueryBuilder),
            D::My => self.build_with(sq::MysqlQueryBuilder),
            D::Lite => self.build_with(sq::SqliteQueryBuilder),
        }
    }
}

/// Builds with `&mut` chaining and `take()` (no clone of the statement).
fn sea_build(fx: &Fix, st: St) -> SeaStmt {
    match st {
        St::S1 => SeaStmt::Select(
            sq::Query::select()
                .columns([("users", "id"), ("users", "name"), ("users", "fullname")])
                .from("users")
                .and_where(sq::Expr::col(("users", "id")).eq(S1_ID))
                .take(),
        ),
        St::S2 => SeaStmt::Select(
            sq::Query::select()
                .columns([("users", "name"), ("addresses", "email_address")])
                .from("users")
                .join(
                    sq::JoinType::Join,
                    "addresses",
                    sq::Expr::col(("users", "id")).equals(("addresses", "user_id")),
                )
                .and_where(sq::Expr::col(("users", "name")).like(S2_NAME))
                .and_where(sq::Expr::col(("addresses", "email_address")).ne(S2_EMAIL))
                .and_where(sq::Expr::col(("users", "id")).gt(S2_ID))
                .order_by(("users", "name"), sq::Order::Asc)
                .limit(S2_LIMIT)
                .offset(S2_OFFSET)
                .take(),
        ),
        St::S3 => {
            let mut q = sq::Query::insert();
            q.into_table("users")
                .columns(["id", "name", "fullname", "nickname"]);
            for (id, name, fullname, nickname) in &fx.s3_rows {
                q.values_panic([
                    (*id).into(),
                    name.as_str().into(),
                    fullname.as_str().into(),
                    nickname.as_str().into(),
                ]);
            }
            SeaStmt::Insert(q)
        }
        St::S4 => SeaStmt::Update(
            sq::Query::update()
                .table("users")
                .values([("name", S4_NAME.into()), ("fullname", S4_FULLNAME.into())])
                .and_where(sq::Expr::col(("users", "id")).eq(S4_ID))
                .take(),
        ),
        St::S5 => {
            let cte_query = sq::Query::select()
                .column("user_id")
                .expr_as(sq::Expr::col(sq::Asterisk).count(), "n")
                .from("addresses")
                .group_by_col("user_id")
                .take();
            let mut cte = sq::CommonTableExpression::new();
            cte.query(cte_query).table_name("cte");
            let sub = sq::Query::select()
                .column("user_id")
                .from("addresses")
                .and_where(sq::Expr::col("email_address").like(S5_PATTERN))
                .take();
            let window = sq::WindowStatement::partition_by(("users", "nickname"))
                .order_by(("cte", "n"), sq::Order::Desc)
                .take();
            SeaStmt::Select(
                sq::Query::select()
                    .columns([("users", "name"), ("cte", "n")])
                    .expr_window(sq::Func::cust("row_number"), window)
                    .from("users")
                    .join(
                        sq::JoinType::Join,
                        "cte",
                        sq::Expr::col(("cte", "user_id")).equals(("users", "id")),
                    )
                    .and_where(sq::Expr::col(("users", "id")).in_subquery(sub))
                    .with_cte(cte)
                    .take(),
            )
        }
        St::S6(i) => {
            let f = &fx.s6[i];
            let mut q = sq::Query::select();
            q.columns(f.names.iter().map(|n| ("t", *n))).from("t");
            for (n, k) in f.names.iter().zip(1i64..) {
                q.and_where(sq::Expr::col(("t", *n)).eq(k));
            }
            SeaStmt::Select(q)
        }
    }
}

// ---------------------------------------------------------------------------
// The hand-written floor
// ---------------------------------------------------------------------------

/// SQL text and values written by hand: literal pieces pushed into a
/// `String` with capacity, values cloned into a `Vec` with capacity.
struct Floor<'v> {
    sql: String,
    params: Vec<Value>,
    values: &'v [Value],
    numbered: bool,
}

impl<'v> Floor<'v> {
    #[inline]
    fn new(d: D, capacity: usize, values: &'v [Value]) -> Self {
        Floor {
            sql: String::with_capacity(capacity),
            params: Vec::with_capacity(values.len()),
            values,
            numbered: d == D::Pg,
        }
    }
    #[inline]
    fn s(&mut self, piece: &str) {
        self.sql.push_str(piece);
    }
    /// The next value's placeholder.
    #[inline]
    fn p(&mut self) {
        let i = self.params.len();
        self.params.push(self.values[i].clone());
        if self.numbered {
            self.sql.push('$');
            push_number(&mut self.sql, i + 1);
        } else {
            self.sql.push('?');
        }
    }
    #[inline]
    fn done(self) -> (String, Vec<Value>) {
        (self.sql, self.params)
    }
}

#[inline]
fn push_number(s: &mut String, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        s.push(char::from(b));
    }
}

/// The spec's SQL written by hand (LIMIT/OFFSET bound, as both libraries bind them).
fn floor(fx: &Fix, st: St, d: D) -> (String, Vec<Value>) {
    let values = fx.floor_values(st);
    match st {
        St::S1 => {
            let mut f = Floor::new(d, 96, values);
            f.s("SELECT users.id, users.name, users.fullname FROM users WHERE users.id = ");
            f.p();
            f.done()
        }
        St::S2 => {
            let mut f = Floor::new(d, 256, values);
            f.s("SELECT users.name, addresses.email_address FROM users \
                 JOIN addresses ON users.id = addresses.user_id WHERE users.name LIKE ");
            f.p();
            f.s(" AND addresses.email_address <> ");
            f.p();
            f.s(" AND users.id > ");
            f.p();
            f.s(" ORDER BY users.name LIMIT ");
            f.p();
            f.s(" OFFSET ");
            f.p();
            f.done()
        }
        St::S3 => {
            let mut f = Floor::new(d, 64 + S3_ROWS * 24, values);
            f.s("INSERT INTO users (id, name, fullname, nickname) VALUES ");
            for r in 0..S3_ROWS {
                f.s(if r == 0 { "(" } else { ", (" });
                f.p();
                f.s(", ");
                f.p();
                f.s(", ");
                f.p();
                f.s(", ");
                f.p();
                f.s(")");
            }
            f.done()
        }
        St::S4 => {
            let mut f = Floor::new(d, 96, values);
            f.s("UPDATE users SET name = ");
            f.p();
            f.s(", fullname = ");
            f.p();
            f.s(" WHERE users.id = ");
            f.p();
            f.done()
        }
        St::S5 => {
            let mut f = Floor::new(d, 320, values);
            f.s(
                "WITH cte AS (SELECT user_id, count(*) AS n FROM addresses GROUP BY user_id) \
                 SELECT users.name, cte.n, row_number() OVER (PARTITION BY users.nickname \
                 ORDER BY cte.n DESC) FROM users JOIN cte ON cte.user_id = users.id \
                 WHERE users.id IN (SELECT user_id FROM addresses WHERE email_address LIKE ",
            );
            f.p();
            f.s(")");
            f.done()
        }
        St::S6(i) => {
            let s6 = &fx.s6[i];
            let mut f = Floor::new(d, 32 + s6.n * 28, values);
            f.s("SELECT ");
            for (k, name) in s6.names.iter().enumerate() {
                if k > 0 {
                    f.s(", ");
                }
                f.s("t.");
                f.s(name);
            }
            f.s(" FROM t WHERE ");
            for (k, name) in s6.names.iter().enumerate() {
                if k > 0 {
                    f.s(" AND ");
                }
                f.s("t.");
                f.s(name);
                f.s(" = ");
                f.p();
            }
            f.done()
        }
    }
}

// ---------------------------------------------------------------------------
// Verification against the spec
// ---------------------------------------------------------------------------

/// A parameter value in a form both libraries' values convert to.
#[derive(Clone, Debug, PartialEq)]
enum P {
    Int(i64),
    Text(String),
    Other(String),
}

fn p_aludel(v: &Value) -> P {
    match v {
        Value::Int(i) => P::Int(*i),
        Value::Text(s) => P::Text(s.to_string()),
        other => P::Other(format!("{other:?}")),
    }
}

fn p_sea(v: &sq::Value) -> P {
    match v {
        sq::Value::BigInt(Some(i)) => P::Int(*i),
        sq::Value::Int(Some(i)) => P::Int(i64::from(*i)),
        sq::Value::BigUnsigned(Some(u)) => match i64::try_from(*u) {
            Ok(i) => P::Int(i),
            Err(_) => P::Other(format!("{v:?}")),
        },
        sq::Value::Unsigned(Some(u)) => P::Int(i64::from(*u)),
        sq::Value::String(Some(s)) => P::Text(s.clone()),
        other => P::Other(format!("{other:?}")),
    }
}

/// The spec's SQL, `?` placeholders, no identifier quotes.
fn spec_sql(fx: &Fix, st: St) -> String {
    match st {
        St::S1 => {
            "SELECT users.id, users.name, users.fullname FROM users WHERE users.id = ?".into()
        }
        St::S2 => "SELECT users.name, addresses.email_address FROM users JOIN addresses \
                   ON users.id = addresses.user_id WHERE users.name LIKE ? AND \
                   addresses.email_address <> ? AND users.id > ? ORDER BY users.name \
                   LIMIT 10 OFFSET 20"
            .into(),
        St::S3 => {
            let rows = ["(?, ?, ?, ?)"; S3_ROWS].join(", ");
            format!("INSERT INTO users (id, name, fullname, nickname) VALUES {rows}")
        }
        St::S4 => "UPDATE users SET name = ?, fullname = ? WHERE users.id = ?".into(),
        St::S5 => "WITH cte AS (SELECT user_id, count(*) AS n FROM addresses GROUP BY user_id) \
                   SELECT users.name, cte.n, row_number() OVER (PARTITION BY users.nickname \
                   ORDER BY cte.n DESC) FROM users JOIN cte ON cte.user_id = users.id \
                   WHERE users.id IN (SELECT user_id FROM addresses WHERE email_address LIKE ?)"
            .into(),
        // The spec's "SELECT c1..cN FROM t WHERE c1 = ? AND ..." with columns
        // qualified as in S1-S4 (all three implementations write t.cK).
        St::S6(i) => {
            let names = &fx.s6[i].names;
            let cols: Vec<String> = names.iter().map(|n| format!("t.{n}")).collect();
            let conds: Vec<String> = names.iter().map(|n| format!("t.{n} = ?")).collect();
            format!(
                "SELECT {} FROM t WHERE {}",
                cols.join(", "),
                conds.join(" AND ")
            )
        }
    }
}

/// The values in placeholder order, LIMIT and OFFSET bound last for S2.
fn spec_values(fx: &Fix, st: St) -> Vec<P> {
    let t = |s: &str| P::Text(s.to_owned());
    match st {
        St::S1 => vec![P::Int(S1_ID)],
        St::S2 => vec![
            t(S2_NAME),
            t(S2_EMAIL),
            P::Int(S2_ID),
            P::Int(S2_LIMIT as i64),
            P::Int(S2_OFFSET as i64),
        ],
        St::S3 => fx
            .s3_rows
            .iter()
            .flat_map(|(id, a, b, c)| [P::Int(*id), t(a), t(b), t(c)])
            .collect(),
        St::S4 => vec![t(S4_NAME), t(S4_FULLNAME), P::Int(S4_ID)],
        St::S5 => vec![t(S5_PATTERN)],
        St::S6(i) => (1..=fx.s6[i].n as i64).map(P::Int).collect(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lib {
    Aludel,
    Sea,
    Floor,
}

impl Lib {
    fn name(self) -> &'static str {
        match self {
            Lib::Aludel => "aludel",
            Lib::Sea => "sea-query",
            Lib::Floor => "floor",
        }
    }
}

/// A semantically equivalent spelling that differs from the spec's text.
struct Deviation {
    from: &'static str,
    to: &'static str,
    why: &'static str,
}

const fn dev(from: &'static str, to: &'static str, why: &'static str) -> Deviation {
    Deviation { from, to, why }
}

/// Where an implementation's SQL is allowed to differ from the spec's text.
fn deviations(lib: Lib, st: St, d: D) -> Vec<Deviation> {
    const BOUND: &str = "LIMIT and OFFSET are bound parameters (values 10, 20)";
    let mut v = Vec::new();
    match (lib, st) {
        (Lib::Floor, St::S2) => v.push(dev("LIMIT 10 OFFSET 20", "LIMIT ? OFFSET ?", BOUND)),
        (Lib::Sea, St::S2) => {
            v.push(dev("LIMIT 10 OFFSET 20", "LIMIT ? OFFSET ?", BOUND));
            v.push(dev(
                "ORDER BY users.name",
                "ORDER BY users.name ASC",
                "sea-query always writes the sort direction",
            ));
        }
        (Lib::Aludel, St::S2) => {
            v.push(dev("<>", "!=", "aludel writes not-equal as !="));
            if d == D::My {
                v.push(dev(
                    "LIMIT 10 OFFSET 20",
                    "LIMIT ?, ?",
                    "LIMIT/OFFSET bound, in MySQL's LIMIT offset, count form (values 20, 10)",
                ));
                v.push(dev(
                    "FROM users JOIN",
                    "FROM users INNER JOIN",
                    "aludel's MySQL writes INNER JOIN",
                ));
            } else {
                v.push(dev("LIMIT 10 OFFSET 20", "LIMIT ? OFFSET ?", BOUND));
            }
        }
        (Lib::Aludel, St::S5) => {
            v.push(dev(
                "SELECT user_id, count(*) AS n FROM addresses GROUP BY user_id",
                "SELECT addresses.user_id AS user_id, count(*) AS n FROM addresses \
                 GROUP BY addresses.user_id",
                "aludel qualifies columns and labels every column of a CTE body",
            ));
            v.push(dev(
                "ORDER BY cte.n DESC)",
                "ORDER BY cte.n DESC) AS anon_1",
                "aludel labels an unnamed SELECT-list expression anon_N (as SQLAlchemy does)",
            ));
            v.push(dev(
                "SELECT user_id FROM addresses WHERE email_address LIKE ?",
                "SELECT addresses.user_id FROM addresses WHERE addresses.email_address LIKE ?",
                "aludel qualifies columns",
            ));
            if d == D::My {
                v.push(dev(
                    "FROM users JOIN",
                    "FROM users INNER JOIN",
                    "aludel's MySQL writes INNER JOIN",
                ));
            }
        }
        _ => {}
    }
    v
}

fn expected_values(fx: &Fix, lib: Lib, st: St, d: D) -> Vec<P> {
    let mut v = spec_values(fx, st);
    if (lib, st, d) == (Lib::Aludel, St::S2, D::My) {
        let n = v.len();
        v.swap(n - 2, n - 1);
    }
    v
}

/// Identifier quotes removed, `$n` written `?`, keywords lower-cased, one
/// space between tokens.
fn normalize(sql: &str) -> String {
    let s: Vec<char> = sql.chars().filter(|c| *c != '"' && *c != '`').collect();
    let mut toks: Vec<String> = Vec::new();
    let mut i = 0;
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    while i < s.len() {
        let c = s[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '$' && s.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
            while i < s.len() && s[i].is_ascii_digit() {
                i += 1;
            }
            toks.push("?".into());
        } else if word(c) {
            let start = i;
            while i < s.len() && word(s[i]) {
                i += 1;
            }
            toks.push(s[start..i].iter().collect::<String>().to_ascii_lowercase());
        } else if "<>!=".contains(c) {
            let start = i;
            while i < s.len() && "<>!=".contains(s[i]) {
                i += 1;
            }
            toks.push(s[start..i].iter().collect());
        } else {
            toks.push(c.to_string());
            i += 1;
        }
    }
    toks.join(" ")
}

/// Checks the placeholders are the dialect's: `$1..$n` in order for
/// PostgreSQL, `?` elsewhere; returns a complaint if not.
fn check_placeholders(sql: &str, d: D, n_values: usize) -> Option<String> {
    let (dollars, qmarks) = placeholders(sql);
    let (wrong_quote, right) = match d {
        D::My => ('"', '`'),
        D::Pg | D::Lite => ('`', '"'),
    };
    if sql.contains(wrong_quote) {
        return Some(format!(
            "quotes identifiers with {wrong_quote} instead of {right}"
        ));
    }
    match d {
        D::Pg => {
            if qmarks > 0 {
                return Some("has ? placeholders".into());
            }
            let want: Vec<usize> = (1..=n_values).collect();
            (dollars != want).then(|| format!("$n placeholders {dollars:?}, want 1..={n_values}"))
        }
        D::My | D::Lite => {
            if !dollars.is_empty() {
                return Some("has $n placeholders".into());
            }
            (qmarks != n_values).then(|| format!("{qmarks} ? placeholders for {n_values} values"))
        }
    }
}

fn placeholders(sql: &str) -> (Vec<usize>, usize) {
    let b = sql.as_bytes();
    let (mut dollars, mut qmarks) = (Vec::new(), 0);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'?' {
            qmarks += 1;
        } else if b[i] == b'$' {
            let mut n = 0usize;
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                n = n * 10 + usize::from(b[j] - b'0');
                j += 1;
            }
            if j > i + 1 {
                dollars.push(n);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    (dollars, qmarks)
}

fn render(fx: &Fix, lib: Lib, st: St, d: D) -> (String, Vec<P>) {
    match lib {
        Lib::Aludel => {
            let c = aludel_compile(&aludel_build(fx, st), d);
            (c.sql, c.params.iter().map(p_aludel).collect())
        }
        Lib::Sea => {
            let (sql, values) = sea_build(fx, st).render(d);
            (sql, values.iter().map(p_sea).collect())
        }
        Lib::Floor => {
            let (sql, params) = floor(fx, st, d);
            (sql, params.iter().map(p_aludel).collect())
        }
    }
}

/// Checks every statement of every implementation; prints the deviations
/// from the spec's text and, on a mismatch, both sides, then stops.
fn verify(fx: &Fix) {
    let show = std::env::var("ALUDEL_BENCH_SHOW_SQL").is_ok_and(|v| v == "1");
    let mut failures = 0;
    // (implementation, statement, from, to, why) -> dialects
    let mut notes: Vec<(String, Vec<&str>)> = Vec::new();
    let mut checked = 0;
    for st in St::all() {
        let spec = normalize(&spec_sql(fx, st));
        for d in DIALECTS {
            for lib in [Lib::Aludel, Lib::Sea, Lib::Floor] {
                checked += 1;
                let mut expected = spec.clone();
                for dv in deviations(lib, st, d) {
                    let (from, to) = (normalize(dv.from), normalize(dv.to));
                    assert!(
                        expected.contains(&from),
                        "deviation {:?} of {} {} does not occur in the spec",
                        dv.from,
                        lib.name(),
                        st.label()
                    );
                    expected = expected.replacen(&from, &to, 1);
                    let note = format!(
                        "{:<9} {:<3} `{}` -> `{}`: {}",
                        lib.name(),
                        st.label(),
                        dv.from,
                        dv.to,
                        dv.why
                    );
                    match notes.iter_mut().find(|(n, _)| *n == note) {
                        Some((_, ds)) => ds.push(d.short()),
                        None => notes.push((note, vec![d.short()])),
                    }
                }
                let (sql, values) = render(fx, lib, st, d);
                let want_values = expected_values(fx, lib, st, d);
                let mut problems = Vec::new();
                if normalize(&sql) != expected {
                    problems.push(format!(
                        "SQL differs\n    got (normalized):  {}\n    want (normalized): {}",
                        normalize(&sql),
                        expected
                    ));
                }
                if let Some(p) = check_placeholders(&sql, d, values.len()) {
                    problems.push(p);
                }
                if values != want_values {
                    problems.push(format!("values {values:?}\n    want {want_values:?}"));
                }
                if show {
                    println!("{:<9} {:<8} {:<6} {sql}", lib.name(), st.label(), d.short());
                }
                if !problems.is_empty() {
                    failures += 1;
                    println!(
                        "MISMATCH {} {} {}:\n  raw SQL: {sql}\n  {}",
                        lib.name(),
                        st.label(),
                        d.short(),
                        problems.join("\n  ")
                    );
                }
            }
        }
    }
    println!(
        "verified {checked} statements (S1-S6 x 3 dialects x aludel/sea-query/floor) \
         against the spec, modulo quoting, placeholder style and whitespace."
    );
    if !notes.is_empty() {
        println!("spelling differences from the spec's text (equivalent SQL):");
        for (note, ds) in &notes {
            println!("  {note} [{}]", ds.join(", "));
        }
    }
    assert!(
        failures == 0,
        "{failures} statements differ from the spec; see above"
    );
}

// ---------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------

const FUNCS: [&str; 6] = [
    "aludel_compile",
    "aludel_build_compile",
    "sea_build_render",
    "sea_render",
    "floor",
    "aludel_cached",
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
    fn compile(&self, stmt: &Statement) -> (&str, Vec<Value>) {
        let shape = Shape::of(stmt);
        let t = self
            .templates
            .get(&shape.key())
            .expect("the shape was compiled before");
        (t.sql(), t.take_params(shape))
    }
}

fn bench_group(c: &mut Criterion, fx: &Fix, st: St, d: D) {
    let mut g = c.benchmark_group(st.group(d));
    let stmt = aludel_build(fx, st);
    g.bench_function(FUNCS[0], |b| {
        b.iter(|| aludel_compile(black_box(&stmt), black_box(d)))
    });
    g.bench_function(FUNCS[1], |b| {
        b.iter(|| aludel_compile(&aludel_build(black_box(fx), black_box(st)), black_box(d)))
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

fn print_ratio_table(out: &Path, since: SystemTime) {
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

fn print_alloc_table(fx: &Fix) {
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

fn main() {
    let fx = Fix::new();
    verify(&fx);
    let quick = std::env::var("ALUDEL_BENCH_QUICK").is_ok_and(|v| v == "1");
    let out = output_dir();
    let since = SystemTime::now();
    let mut c = criterion_config(quick, &out);
    for st in St::all() {
        for d in DIALECTS {
            bench_group(&mut c, &fx, st, d);
        }
    }
    c.final_summary();
    print_ratio_table(&out, since);
    print_alloc_table(&fx);
}
