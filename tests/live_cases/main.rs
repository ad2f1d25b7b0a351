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

#[path = "../../compiler/tests/common/mod.rs"]
mod common;
mod runner;
mod setup;
#[path = "../support/mod.rs"]
#[allow(unreachable_pub)]
mod support;

use std::fmt::Write as _;

use aludel::{DatabaseError, ErrorKind, Value};

use runner::run_database;

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
