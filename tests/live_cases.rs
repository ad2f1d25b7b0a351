//! Every conformance case (`compiler/tests/data/cases.json`) and every
//! snapshot case (`snapshots/`), executed on live databases: no SQL aludel
//! emits for a database may be rejected by it.
//!
//! For each database (SQLite always; PostgreSQL and MySQL/MariaDB when
//! `ALUDEL_TEST_POSTGRES_URL` / `ALUDEL_TEST_MYSQL_URL` are set; a MariaDB
//! or MySQL server is run twice, through a `mariadb://` and a `mysql://`
//! URL, since the two dialects compile differently), the fixed schema is
//! dropped and created again with aludel's own DDL and seeded with a few
//! rows; then every case whose compilation for the engine's dialect
//! succeeds runs inside a transaction that is rolled back. DDL cases run
//! last, each on a database holding only the tables it needs.
//!
//! A constraint violation caused by the data is not a rejection of the
//! SQL; anything else the server reports is.
//!
//! Run with `cargo test --all-features --test live_cases -- --nocapture`.
//! Set `LIVE_CASES_REPORT=<path>` to also write the rejections to a file.

#[path = "../compiler/tests/common/mod.rs"]
mod common;
#[allow(unreachable_pub)]
mod support;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use aludel::prelude::*;
use aludel::stmt::{CreateIndex, CreateTable, DropTable};
use aludel::{Backend, CompileOptions, Connection, DatabaseError, Error, ErrorKind, Params, Value};
use serde_json::Value as Json;

use common::snapshot_cases::{self, SnapshotCase};
use common::{DdlTarget, Schema, cases};

/// Cases a database cannot run for reasons that are not aludel's SQL (the
/// fixture, the server's setup, or the statement the case builds):
/// (case, database label, reason).
const NOT_SUPPORTED: &[(&str, &str, &str)] = &[
    (
        "expr_match",
        "sqlite",
        "SQLite's MATCH needs an FTS5 virtual table",
    ),
    (
        "select_collate",
        "sqlite",
        "the case names MySQL's utf8_bin collation; SQLite has only BINARY, NOCASE and \
         RTRIM, and the engine offers no hook to register another",
    ),
    (
        "select_collate",
        "mariadb",
        "utf8_bin is a utf8mb3 collation, and the fixture's columns have the server's \
         default character set, utf8mb4",
    ),
    (
        "select_collate",
        "mysql",
        "utf8_bin is a utf8mb3 collation, and the fixture's columns have the server's \
         default character set, utf8mb4",
    ),
    (
        "expr_collate",
        "mariadb",
        "the case names SQLite's NOCASE collation, which MySQL and MariaDB do not have",
    ),
    (
        "expr_collate",
        "mysql",
        "the case names SQLite's NOCASE collation, which MySQL and MariaDB do not have",
    ),
    (
        "expr_functions",
        "postgresql",
        "the case selects aggregates (count) beside ungrouped columns (lower(users.name)) \
         without GROUP BY, which PostgreSQL refuses whatever the SQL's spelling",
    ),
];

/// MySQL 8 syntax the MySQL dialect emits, which a MariaDB server refuses
/// when the MySQL dialect is run on it (the MariaDB dialect emits other SQL
/// or refuses the construct): (case, the MySQL feature).
const MYSQL_ONLY: &[(&str, &str)] = &[
    (
        "subq_lateral",
        "LATERAL derived tables (MySQL 8.0.14, https://dev.mysql.com/doc/refman/8.0/en/lateral-derived-tables.html)",
    ),
    (
        "for_update_of",
        "FOR UPDATE OF (MySQL 8.0.1, https://dev.mysql.com/doc/refman/8.0/en/innodb-locking-reads.html)",
    ),
    (
        "select_for_update_nowait_of",
        "FOR UPDATE OF (MySQL 8.0.1, https://dev.mysql.com/doc/refman/8.0/en/innodb-locking-reads.html)",
    ),
    (
        "ddl_create_index_desc_expr",
        "functional key parts (MySQL 8.0.13, https://dev.mysql.com/doc/refman/8.0/en/create-index.html#create-index-functional-key-parts)",
    ),
    (
        "ddl_create_index_expressions",
        "functional key parts (MySQL 8.0.13, https://dev.mysql.com/doc/refman/8.0/en/create-index.html#create-index-functional-key-parts)",
    ),
    (
        "window_range_frame",
        "? markers as window frame offsets (https://dev.mysql.com/doc/refman/8.0/en/window-functions-frames.html)",
    ),
    (
        "window_range_frame_bound",
        "? markers as window frame offsets (https://dev.mysql.com/doc/refman/8.0/en/window-functions-frames.html)",
    ),
];

// ---------------------------------------------------------------------------
// The databases
// ---------------------------------------------------------------------------

/// The live databases: a label (the dialect's name) and a URL. A MySQL or
/// MariaDB URL is also run with the other scheme.
fn databases() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, url) in support::urls() {
        if name != "mysql" {
            out.push((name.to_owned(), url));
            continue;
        }
        let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
        let rest = rest.to_owned();
        out.push(("mariadb".to_owned(), format!("mariadb://{rest}")));
        out.push(("mysql".to_owned(), format!("mysql://{rest}")));
    }
    out
}

// ---------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------

/// A statement the server rejected.
struct Rejection {
    suite: &'static str,
    case: String,
    db: String,
    sql: String,
    params: Vec<Value>,
    error: String,
}

impl Rejection {
    fn describe(&self) -> String {
        let params: Vec<String> = self.params.iter().map(|p| format!("{p:?}")).collect();
        format!(
            "{} {} [{}]\n  SQL: {}\n  params: [{}]\n  error: {}",
            self.suite,
            self.case,
            self.db,
            self.sql.split_whitespace().collect::<Vec<_>>().join(" "),
            params.join(", "),
            self.error.replace('\n', "\n         ")
        )
    }
}

/// What happened to the cases on one database.
#[derive(Default)]
struct Tally {
    /// The database's label: the dialect's name.
    db: String,
    /// The MySQL dialect on a MariaDB server: [`MYSQL_ONLY`] applies.
    mysql_on_mariadb: bool,
    compiled: usize,
    executed: usize,
    rejections: Vec<Rejection>,
    /// Accepted statements that failed on the data (constraint violations).
    notes: Vec<String>,
    /// Cases not run, with the reason.
    not_run: Vec<String>,
    /// MySQL 8 syntax refused by a MariaDB server, as expected.
    mysql_only: Vec<String>,
    /// Failures of the test itself (setup, unported cases).
    harness: Vec<String>,
    /// Why the database was not run at all.
    skipped: Option<String>,
}

/// Whether a database error is the data's fault rather than the SQL's: a
/// constraint violation, or MySQL's "field doesn't have a default value"
/// (a NOT NULL column left out in strict mode).
fn is_data_fault(e: &DatabaseError) -> bool {
    e.kind == ErrorKind::Integrity || e.message.contains("ERROR 1364 ")
}

// ---------------------------------------------------------------------------
// Setting up
// ---------------------------------------------------------------------------

/// `\:` for every colon, so SQL text runs through `text()` unchanged.
fn escape_colons(sql: &str) -> String {
    sql.replace(':', "\\:")
}

fn exec(conn: &mut Connection, stmt: impl Into<Statement>) -> Result<(), String> {
    let stmt = stmt.into();
    conn.execute(stmt.clone()).map(drop).map_err(|e| {
        let sql = stmt
            .compile(conn.engine().dialect())
            .map(|c| c.sql)
            .unwrap_or_default();
        format!("{e}\n  {sql}")
    })
}

/// Per-database objects the cases need beyond the tables: SQLite's `hr`
/// schema; on PostgreSQL the collations the cases name (MySQL's `utf8_bin`,
/// SQLite's `nocase`). Returns whether a MySQL-family server is MariaDB.
fn prepare_database(conn: &mut Connection) -> Result<bool, String> {
    match conn.engine().backend() {
        Backend::Sqlite => {
            exec(
                conn,
                text(&escape_colons("ATTACH DATABASE ':memory:' AS hr")),
            )?;
        }
        Backend::Postgres => {
            exec(
                conn,
                text(r#"CREATE COLLATION IF NOT EXISTS utf8_bin FROM "C""#),
            )?;
            exec(
                conn,
                text(
                    "CREATE COLLATION IF NOT EXISTS nocase \
                     (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
                ),
            )?;
        }
        Backend::Mysql | Backend::Mariadb => {
            let version: Option<String> = conn
                .execute(text("SELECT VERSION()"))
                .and_then(|r| r.scalar())
                .map_err(|e| e.to_string())?;
            let version = version.unwrap_or_default();
            println!("{}: server {version}", conn.engine().dialect().name());
            return Ok(version.contains("MariaDB"));
        }
    }
    Ok(false)
}

/// MySQL and MariaDB: the FULLTEXT index `MATCH ... AGAINST` needs (aludel
/// declares no FULLTEXT indexes).
fn fulltext_index(conn: &mut Connection, users: &Table) -> Result<(), String> {
    if !matches!(conn.engine().backend(), Backend::Mysql | Backend::Mariadb) {
        return Ok(());
    }
    let name = users.fullname();
    exec(
        conn,
        text(&format!(
            "CREATE FULLTEXT INDEX ft_{name}_name ON {name} (name)"
        )),
    )
}

/// Drops every table of `metadatas` that exists, whatever references it:
/// `DROP TABLE IF EXISTS` in reverse dependency order, repeated while
/// tables of other metadata still reference some of them.
fn drop_all(conn: &mut Connection, metadatas: &[&MetaData]) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    let mut tables = Vec::new();
    for m in metadatas {
        for t in m.sorted_tables().into_iter().rev() {
            if seen.insert(t.fullname()) {
                tables.push(t);
            }
        }
    }
    let mut last_errors = Vec::new();
    for _ in 0..=tables.len() {
        last_errors.clear();
        for t in &tables {
            if let Err(e) = exec(conn, DropTable::new(t).if_exists()) {
                last_errors.push(e);
            }
        }
        if last_errors.is_empty() {
            return Ok(());
        }
    }
    Err(format!(
        "cannot drop the fixture tables:\n{}",
        last_errors.join("\n")
    ))
}

/// `CREATE TABLE` and `CREATE INDEX` for a table, with aludel's DDL.
fn create_table(conn: &mut Connection, metadata: &MetaData, table: &Table) -> Result<(), String> {
    exec(conn, CreateTable::new(table))
        .map_err(|e| format!("the fixture's CREATE TABLE fails: {e}"))?;
    for ix in metadata.indexes_for(table) {
        exec(conn, CreateIndex::new(&ix))
            .map_err(|e| format!("the fixture's CREATE INDEX fails: {e}"))?;
    }
    Ok(())
}

/// Drops every fixture table, then creates `metadata`.
fn recreate(conn: &mut Connection, metadata: &MetaData, all: &[&MetaData]) -> Result<(), String> {
    drop_all(conn, all)?;
    for t in metadata.sorted_tables() {
        create_table(conn, metadata, &t)?;
    }
    Ok(())
}

fn insert_rows<const N: usize>(
    conn: &mut Connection,
    table: &Table,
    rows: impl IntoIterator<Item = [(&'static str, Expr); N]>,
) -> Result<(), String> {
    for row in rows {
        exec(conn, insert(table).values(row))
            .map_err(|e| format!("seeding {} fails: {e}", table.fullname()))?;
    }
    Ok(())
}

fn e(v: impl Into<Expr>) -> Expr {
    v.into()
}

fn dec(units: i64, scale: u32) -> Expr {
    Expr::from(rust_decimal::Decimal::new(units, scale))
}

/// `users` and `addresses` rows (ids 1.. assigned by the database).
fn seed_users(conn: &mut Connection, users: &Table, addresses: &Table) -> Result<(), String> {
    insert_rows(
        conn,
        users,
        [
            [
                ("name", e("jack")),
                ("fullname", e("Jack Jones")),
                ("nickname", e("jj")),
            ],
            [
                ("name", e("wendy")),
                ("fullname", e("Wendy Williams")),
                ("nickname", e(None::<&str>)),
            ],
            [
                ("name", e("ed")),
                ("fullname", e("Ed Jones")),
                ("nickname", e("x")),
            ],
        ],
    )?;
    insert_rows(
        conn,
        addresses,
        [
            [("user_id", e(1)), ("email_address", e("jack@x"))],
            [("user_id", e(1)), ("email_address", e("jack2@y"))],
            [("user_id", e(2)), ("email_address", e("wendy@x"))],
        ],
    )
}

/// A few rows in every table of the conformance schema.
fn seed_conformance(conn: &mut Connection, s: &Schema) -> Result<(), String> {
    seed_users(conn, &s.users, &s.addresses)?;
    insert_rows(
        conn,
        &s.cars,
        [
            [("Name", e("Audi")), ("Price", e(52642))],
            [("Name", e("Skoda")), ("Price", e(9000))],
        ],
    )?;
    insert_rows(
        conn,
        &s.authors,
        [
            [("name", e("Ann")), ("born", e(1950))],
            [("name", e("Bob")), ("born", e(1970))],
        ],
    )?;
    insert_rows(
        conn,
        &s.books,
        [
            [
                ("author_id", e(1)),
                ("title", e("T1")),
                ("year", e(1999)),
                ("price", dec(1050, 2)),
            ],
            [
                ("author_id", e(1)),
                ("title", e("T2")),
                ("year", e(2005)),
                ("price", dec(2500, 2)),
            ],
            [
                ("author_id", e(2)),
                ("title", e("T3")),
                ("year", e(2010)),
                ("price", dec(3000, 2)),
            ],
        ],
    )?;
    insert_rows(
        conn,
        &s.posts,
        [[("title", e("P1")), ("body", e("b")), ("published", e(true))]],
    )?;
    insert_rows(
        conn,
        &s.keywords,
        [[("keyword", e("sql"))], [("keyword", e("rust"))]],
    )?;
    insert_rows(
        conn,
        &s.post_keywords,
        [[("post_id", e(1)), ("keyword_id", e(1))]],
    )?;
    insert_rows(
        conn,
        &s.order_tbl,
        [[
            ("user", e("u")),
            ("select", e(1)),
            ("From", e("x")),
            ("quote\"d", e("q")),
            ("back`tick", e("b")),
            ("has space", e(1)),
            ("MixedCase", e(1)),
            ("table", e(2)),
        ]],
    )?;
    insert_rows(
        conn,
        &s.mixed_tbl,
        [[
            ("lowercase", e("a")),
            ("UPPERCASE", e("B")),
            ("camelCase", e("c")),
        ]],
    )?;
    insert_rows(
        conn,
        &s.employees,
        [
            [
                ("name", e("Boss")),
                ("manager_id", e(None::<i64>)),
                ("dept", e("eng")),
                ("salary", dec(100_000, 2)),
            ],
            [
                ("name", e("Dev")),
                ("manager_id", e(1)),
                ("dept", e("eng")),
                ("salary", dec(50_000, 2)),
            ],
        ],
    )?;
    insert_rows(
        conn,
        &s.products,
        [[("sku", e("S0")), ("name", e("Gadget"))]],
    )?;
    insert_rows(
        conn,
        &s.typed_things,
        // A BIGINT key is not SQLite's rowid: give it.
        [[
            ("id", e(1)),
            ("small", e(1)),
            ("uname", e("u")),
            ("flag", e(true)),
        ]],
    )
}

/// A few rows in every table of the snapshot fixture.
fn seed_snapshots(conn: &mut Connection, d: &snapshot_cases::Db) -> Result<(), String> {
    seed_users(conn, &d.users, &d.addresses)?;
    insert_rows(
        conn,
        &d.orders,
        [[("user", e("jack@x")), ("Total", dec(15_000, 2))]],
    )?;
    insert_rows(
        conn,
        &d.emp,
        [
            [
                ("boss", e(None::<i64>)),
                ("dept", e("eng")),
                ("salary", dec(200_000, 2)),
            ],
            [
                ("boss", e(1)),
                ("dept", e("eng")),
                ("salary", dec(100_000, 2)),
            ],
        ],
    )?;
    insert_rows(conn, &d.flags, [[("on", e(true))], [("on", e(false))]])
}

// ---------------------------------------------------------------------------
// Running the cases
// ---------------------------------------------------------------------------

/// A plausible value for a named parameter left without one.
fn plausible(name: &str) -> Value {
    match name {
        // An id no seeded row has.
        "id" => Value::from(1000),
        "uid" | "lo" | "user_id" => Value::from(1),
        "hi" => Value::from(9),
        "uname" => Value::from("jack"),
        "name" => Value::from("zed"),
        "fullname" => Value::from("Zed Z"),
        "nickname" => Value::from("z"),
        "email_address" => Value::from("zed@x"),
        n if n.ends_with("id") => Value::from(1),
        _ => Value::from("x"),
    }
}

fn is_ddl(stmt: &Statement) -> bool {
    matches!(
        stmt,
        Statement::CreateTable(_)
            | Statement::DropTable(_)
            | Statement::CreateIndex(_)
            | Statement::DropIndex(_)
    )
}

/// One case on one database.
struct Run<'a> {
    suite: &'static str,
    case: &'a str,
    stmt: &'a Statement,
    options: &'a CompileOptions,
    /// The seeded tables (not for DDL): a statement the server refuses is
    /// run again with them emptied, to tell the data's fault from the SQL's.
    data: Option<&'a MetaData>,
}

/// The SQL the engine compiles for the case and the values it binds: the
/// statement itself with values for its unbound parameters, or (when the
/// case's options change the SQL, e.g. literal binds) its SQL as text.
#[derive(Clone)]
enum Plan {
    Statement(Params),
    Text(String),
}

/// Compiles the case for the engine's dialect: `None` when it does not compile.
fn plan(conn: &Connection, run: &Run<'_>) -> Option<Result<(Plan, aludel::Compiled), String>> {
    let dialect = conn.engine().dialect();
    let compiled = run.stmt.compile_with(dialect, run.options).ok()?;
    let default = run.stmt.compile(dialect).ok();
    if default.as_ref().map(|c| &c.sql) == Some(&compiled.sql) {
        let mut params = Params::new();
        for pos in &compiled.unbound {
            if let Some((_, name)) = compiled.named_params.iter().find(|(p, _)| p == pos) {
                params = params.with(name, plausible(name));
            }
        }
        return Some(Ok((Plan::Statement(params), compiled)));
    }
    if !compiled.params.is_empty() {
        return Some(Err(format!(
            "{} {}: compiled with its options, it has parameters the engine cannot bind",
            run.suite, run.case
        )));
    }
    let sql = escape_colons(&compiled.sql);
    Some(Ok((Plan::Text(sql), compiled)))
}

/// Runs a planned case (inside a transaction unless it is DDL) and records
/// the outcome.
fn execute(conn: &mut Connection, run: &Run<'_>, tally: &mut Tally) {
    let Some(planned) = plan(conn, run) else {
        return;
    };
    let db = tally.db.clone();
    let db = db.as_str();
    tally.compiled += 1;
    if let Some((_, _, why)) = NOT_SUPPORTED
        .iter()
        .find(|(c, d, _)| *c == run.case && *d == db)
    {
        tally
            .not_run
            .push(format!("{} {} [{db}]: {why}", run.suite, run.case));
        return;
    }
    let (plan, compiled) = match planned {
        Ok(p) => p,
        Err(e) => {
            tally.harness.push(e);
            return;
        }
    };
    let mut result = match run.data {
        None => run_plan(conn, run.stmt, &plan),
        Some(_) => run_rolled_back(conn, run, &plan, None, tally),
    };
    tally.executed += 1;
    if let (Err(Error::Database(e)), Some(data)) = (&result, run.data) {
        if !is_data_fault(e) && run_rolled_back(conn, run, &plan, Some(data), tally).is_ok() {
            tally.notes.push(format!(
                "{} {} [{db}]: accepted; runs on empty tables, fails on the seeded rows: {}",
                run.suite,
                run.case,
                e.message.lines().next().unwrap_or_default()
            ));
            result = Ok(());
        }
    }
    let mysql_only = MYSQL_ONLY
        .iter()
        .find(|(c, _)| tally.mysql_on_mariadb && *c == run.case);
    if let Some((_, feature)) = mysql_only {
        match &result {
            Err(Error::Database(e)) if !is_data_fault(e) => {
                tally.mysql_only.push(format!(
                    "{} {} [{db}]: {feature}: {}",
                    run.suite,
                    run.case,
                    e.message.lines().next().unwrap_or_default()
                ));
                return;
            }
            _ => tally.harness.push(format!(
                "{} {} [{db}]: accepted by the MariaDB server: remove it from MYSQL_ONLY",
                run.suite, run.case
            )),
        }
    }
    match result {
        Ok(()) => {}
        Err(Error::Database(e)) if is_data_fault(&e) => tally.notes.push(format!(
            "{} {} [{db}]: accepted; the data fails: {}",
            run.suite,
            run.case,
            e.message.lines().next().unwrap_or_default()
        )),
        Err(Error::Database(e)) => tally.rejections.push(Rejection {
            suite: run.suite,
            case: run.case.to_owned(),
            db: db.to_owned(),
            sql: e.sql.clone(),
            params: e.params.clone(),
            error: format!("{:?}: {}", e.kind, e.message),
        }),
        Err(other) => tally.harness.push(format!(
            "{} {} [{db}]: not executed: {other}\n  {}",
            run.suite, run.case, compiled.sql
        )),
    }
}

fn run_plan(conn: &mut Connection, stmt: &Statement, plan: &Plan) -> aludel::Result<()> {
    match plan {
        Plan::Statement(params) => conn.execute_with(stmt.clone(), params).map(drop),
        Plan::Text(sql) => conn.execute(text(sql)).map(drop),
    }
}

/// Runs a case in a transaction that is rolled back; with `empty`, after
/// deleting every row of its tables.
fn run_rolled_back(
    conn: &mut Connection,
    run: &Run<'_>,
    plan: &Plan,
    empty: Option<&MetaData>,
    tally: &mut Tally,
) -> aludel::Result<()> {
    let mut tx = conn.begin()?;
    let mut result = Ok(());
    for t in empty
        .map(MetaData::sorted_tables)
        .unwrap_or_default()
        .iter()
        .rev()
    {
        result = tx.execute(delete(t)).map(drop);
        if result.is_err() {
            break;
        }
    }
    if result.is_ok() {
        result = run_plan(&mut tx, run.stmt, plan);
    }
    if let Err(e) = tx.rollback() {
        tally.harness.push(format!(
            "{} {} [{}]: ROLLBACK fails: {e}",
            run.suite, run.case, tally.db
        ));
    }
    result
}

/// Runs a DDL case on a database holding only the tables it needs (those
/// its table references, and the table itself unless the case creates
/// it), after the statements it needs first.
fn execute_ddl(
    conn: &mut Connection,
    run: &Run<'_>,
    target: &DdlTarget<'_>,
    all: &[&MetaData],
    tally: &mut Tally,
) {
    let db = tally.db.clone();
    if let Err(e) = drop_all(conn, all) {
        tally
            .harness
            .push(format!("{} {} [{db}]: {e}", run.suite, run.case));
        return;
    }
    let creates = matches!(run.stmt, Statement::CreateTable(_));
    let name = target.table.fullname();
    for t in target.metadata.sorted_tables() {
        let is_target = t.fullname() == name;
        if is_target && creates {
            break;
        }
        if let Err(e) = create_table(conn, target.metadata, &t) {
            tally
                .harness
                .push(format!("{} {} [{db}]: {e}", run.suite, run.case));
            return;
        }
        if is_target {
            break;
        }
    }
    for s in &target.before {
        if let Err(e) = exec(conn, s.clone()) {
            // The statement is a case of its own, reported there.
            if run.stmt.compile(conn.engine().dialect()).is_ok() {
                tally.compiled += 1;
            }
            tally.not_run.push(format!(
                "{} {} [{db}]: the statement it needs first is rejected: {}",
                run.suite,
                run.case,
                e.lines().next().unwrap_or_default()
            ));
            return;
        }
    }
    execute(conn, run, tally);
}

/// The conformance cases: (name, compiled with literal binds).
fn conformance_cases() -> Vec<(String, bool)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/compiler/tests/data/cases.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let json: Json = serde_json::from_str(&text).expect("cases.json is valid JSON");
    json.as_array()
        .expect("cases.json is a list of cases")
        .iter()
        .map(|c| {
            let name = c["case"].as_str().expect("a case has a name").to_owned();
            (name, c["literal_binds"].as_bool().unwrap_or(false))
        })
        .collect()
}

/// Every metadata whose tables a run creates (dropped before and after).
struct Fixtures {
    schema: Schema,
    snapshot_db: snapshot_cases::Db,
    snapshot_ddl: snapshot_cases::DdlFixture,
}

impl Fixtures {
    fn new() -> Fixtures {
        Fixtures {
            schema: Schema::new().expect("the fixed schema is valid"),
            snapshot_db: snapshot_cases::db(),
            snapshot_ddl: snapshot_cases::ddl_fixture(),
        }
    }

    fn all(&self) -> [&MetaData; 4] {
        [
            &self.schema.metadata,
            &self.schema.ddl_metadata,
            &self.snapshot_db.meta,
            &self.snapshot_ddl.meta,
        ]
    }
}

fn run_conformance(conn: &mut Connection, f: &Fixtures, tally: &mut Tally) {
    let db = tally.db.clone();
    let all = f.all();
    let s = &f.schema;
    if let Err(e) = recreate(conn, &s.metadata, &all).and_then(|()| seed_conformance(conn, s)) {
        tally.harness.push(format!("conformance setup [{db}]: {e}"));
        return;
    }
    let mut ddl = Vec::new();
    for (name, literal_binds) in conformance_cases() {
        let Some(stmt) = cases::build_case(&name, s) else {
            tally
                .harness
                .push(format!("conformance {name}: not ported"));
            continue;
        };
        let options = CompileOptions::new().literal_binds(literal_binds);
        if is_ddl(&stmt) {
            ddl.push((name, stmt, options));
            continue;
        }
        let run = Run {
            suite: "conformance",
            case: &name,
            stmt: &stmt,
            options: &options,
            data: Some(&s.metadata),
        };
        execute(conn, &run, tally);
    }
    for (name, stmt, options) in &ddl {
        let Some(target) = cases::ddl_target(name, s) else {
            tally
                .harness
                .push(format!("conformance {name}: no DDL target"));
            continue;
        };
        let run = Run {
            suite: "conformance",
            case: name,
            stmt,
            options,
            data: None,
        };
        execute_ddl(conn, &run, &target, &all, tally);
    }
}

fn run_snapshots(conn: &mut Connection, f: &Fixtures, tally: &mut Tally) {
    let db = tally.db.clone();
    let all = f.all();
    let d = &f.snapshot_db;
    let setup = recreate(conn, &d.meta, &all)
        .and_then(|()| seed_snapshots(conn, d))
        .and_then(|()| fulltext_index(conn, &d.users));
    if let Err(e) = setup {
        tally.harness.push(format!("snapshot setup [{db}]: {e}"));
        return;
    }
    let (ddl, dml): (Vec<SnapshotCase>, Vec<SnapshotCase>) = snapshot_cases::all()
        .into_iter()
        .partition(|(_, stmt, _)| is_ddl(stmt));
    for (name, stmt, options) in &dml {
        let run = Run {
            suite: "snapshot",
            case: name,
            stmt,
            options,
            data: Some(&d.meta),
        };
        execute(conn, &run, tally);
    }
    for (name, stmt, options) in &ddl {
        let Some(target) = snapshot_cases::ddl_target(name, d, &f.snapshot_ddl) else {
            tally
                .harness
                .push(format!("snapshot {name}: no DDL target"));
            continue;
        };
        let run = Run {
            suite: "snapshot",
            case: name,
            stmt,
            options,
            data: None,
        };
        execute_ddl(conn, &run, &target, &all, tally);
    }
}

/// Every case on one database.
fn run_database(db: &str, url: &str) -> Tally {
    let mut tally = Tally {
        db: db.to_owned(),
        ..Tally::default()
    };
    let engine = match create_engine(url) {
        Ok(e) => e,
        Err(e) => {
            tally.harness.push(format!("{db}: {e}"));
            return tally;
        }
    };
    let mut conn = match engine.connect() {
        Ok(c) => c,
        Err(e) => {
            tally.harness.push(format!("{db}: cannot connect: {e}"));
            return tally;
        }
    };
    match prepare_database(&mut conn) {
        Ok(false) if db == "mariadb" => {
            tally.skipped = Some("the server is MySQL, not MariaDB".to_owned());
            return tally;
        }
        Ok(mariadb) => tally.mysql_on_mariadb = mariadb && db == "mysql",
        Err(e) => {
            tally.harness.push(format!("{db}: {e}"));
            return tally;
        }
    }
    let fixtures = Fixtures::new();
    run_conformance(&mut conn, &fixtures, &mut tally);
    run_snapshots(&mut conn, &fixtures, &mut tally);
    if let Err(e) = drop_all(&mut conn, &fixtures.all()) {
        tally.harness.push(format!("{db}: cleanup: {e}"));
    }
    tally
}

#[test]
fn every_case_runs_on_every_live_database() {
    let mut report = String::new();
    let mut failed = false;
    let mut lines = Vec::new();
    for (db, url) in databases() {
        let tally = run_database(&db, &url);
        if let Some(why) = &tally.skipped {
            println!("{db}: skipped ({why})");
            continue;
        }
        let mut line = format!(
            "live {db} {}/{} ({} rejected)",
            tally.executed,
            tally.compiled,
            tally.rejections.len()
        );
        if tally.mysql_on_mariadb {
            let _ = write!(
                line,
                " [on a MariaDB server: {} statements of MySQL 8 syntax refused, as expected]",
                tally.mysql_only.len()
            );
        }
        println!("{line}");
        lines.push(line);
        for n in tally
            .not_run
            .iter()
            .chain(&tally.mysql_only)
            .chain(&tally.notes)
        {
            println!("  {n}");
        }
        failed |= !tally.rejections.is_empty() || !tally.harness.is_empty();
        for r in &tally.rejections {
            let _ = writeln!(report, "{}\n", r.describe());
        }
        for h in &tally.harness {
            let _ = writeln!(report, "test failure: {h}\n");
        }
    }
    if let Ok(path) = std::env::var("LIVE_CASES_REPORT") {
        let full = format!("{}\n\n{report}", lines.join("\n"));
        std::fs::write(&path, full).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
    assert!(
        !failed,
        "statements rejected by a live database:\n\n{report}"
    );
}
