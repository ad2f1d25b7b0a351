//! Conformance with SQLAlchemy 2.1 Core.
//!
//! `tests/data/cases.json` (a copy of `/work/shared/conformance/cases.json`)
//! lists constructs built with SQLAlchemy on the fixed schema of
//! `tests/common` and the SQL and parameters SQLAlchemy compiled for each
//! dialect. Every case is rebuilt here with aludel's API and compiled for
//! all nine dialects (SQLite, PostgreSQL, MySQL, MariaDB, SQL Server,
//! Oracle, Firebird, Sybase, Informix), then:
//!
//! - compared with SQLAlchemy's output (whitespace collapsed, placeholders
//!   as `?`); a difference listed under "Deliberate differences from
//!   SQLAlchemy" in `docs/dialects.md` counts as matched;
//! - for SQLite, run on a fresh in-memory database whose schema was created
//!   by aludel's own DDL;
//! - for the four executing dialects, parsed with sqlparser's dialect for
//!   the database (the live servers run them in the root crate's
//!   `tests/live_cases/`).
//!
//! Run with `cargo test -p aludel-compiler --test conformance -- --nocapture`.
//! Set `CONFORMANCE_REPORT=<path>` to also write the full report to a file.

mod common;
#[path = "common/sqlite.rs"]
mod sqlite_db;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

use aludel_compiler::dialect::{
    Firebird, Informix, Mariadb, Mssql, Mysql, Oracle, Postgres, Sqlite, Sybase,
};
use aludel_compiler::prelude::*;
use aludel_compiler::{CompileOptions, Compiled, Dialect};
use regex::Regex;
use serde_json::Value as Json;
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use common::Schema;
use common::cases::{build_case, case_setup};

/// The dialects compared, by their names in `cases.json`.
const DIALECTS: [&str; 9] = [
    "sqlite",
    "postgresql",
    "mysql",
    "mariadb",
    "mssql",
    "oracle",
    "firebird",
    "sybase",
    "informix",
];

/// The dialects whose SQL sqlparser also parses (the executing ones; it
/// has no grammar for the other five).
const PARSED: [&str; 4] = ["sqlite", "postgresql", "mysql", "mariadb"];

/// Compiled SQL that sqlparser rejects although the database accepts it:
/// (case, dialect, the sqlparser limitation).
const SQLPARSER_ALLOWLIST: &[(&str, &str, &str)] = &[
    (
        "select_fetch_first",
        "postgresql",
        "FETCH FIRST takes only a literal count, not PostgreSQL's `($1)`",
    ),
    (
        "update_from_other_table",
        "mysql",
        "no multi-table `UPDATE a, b SET ...`",
    ),
    (
        "update_from_other_table",
        "mariadb",
        "no multi-table `UPDATE a, b SET ...`",
    ),
    ("for_share", "mysql", "no `LOCK IN SHARE MODE`"),
    ("for_share", "mariadb", "no `LOCK IN SHARE MODE`"),
];

// ---------------------------------------------------------------------------
// SQLAlchemy's expectations
// ---------------------------------------------------------------------------

/// SQL with whitespace collapsed and placeholders as `?`, and its parameters.
#[derive(Clone, Debug, PartialEq)]
struct Rendered {
    sql: String,
    params: Vec<Json>,
}

/// What SQLAlchemy produced for one dialect.
#[derive(Debug)]
enum Expected {
    /// `normalized` + `params`, and `expanded_normalized` + `expanded_params` where present.
    Sql(Vec<Rendered>),
    /// SQLAlchemy refused the construct.
    Error(String),
}

/// One entry of `cases.json`.
struct Case {
    name: String,
    literal_binds: bool,
    expected: BTreeMap<String, Expected>,
}

fn load_cases() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let json: Json = serde_json::from_str(&text).expect("cases.json is valid JSON");
    json.as_array()
        .expect("cases.json is a list of cases")
        .iter()
        .map(parse_case)
        .collect()
}

fn parse_case(case: &Json) -> Case {
    let name = case["case"].as_str().expect("a case has a name").to_owned();
    let dialects = case["dialects"]
        .as_object()
        .unwrap_or_else(|| panic!("case {name} has no dialects"));
    let expected = DIALECTS
        .iter()
        .map(|&d| {
            let out = dialects
                .get(d)
                .unwrap_or_else(|| panic!("case {name} has no output for {d}"));
            (d.to_owned(), parse_expected(out))
        })
        .collect();
    Case {
        literal_binds: case["literal_binds"].as_bool().unwrap_or(false),
        name,
        expected,
    }
}

fn parse_expected(out: &Json) -> Expected {
    if let Some(err) = out["error"].as_str() {
        return Expected::Error(err.to_owned());
    }
    let rendered = |sql: &str, params: &str| {
        Some(Rendered {
            sql: out[sql].as_str()?.to_owned(),
            params: out[params].as_array()?.clone(),
        })
    };
    let forms = [
        rendered("normalized", "params"),
        rendered("expanded_normalized", "expanded_params"),
    ];
    Expected::Sql(forms.into_iter().flatten().collect())
}

// ---------------------------------------------------------------------------
// aludel's output
// ---------------------------------------------------------------------------

fn dialect(name: &str) -> &'static dyn Dialect {
    match name {
        "sqlite" => &Sqlite,
        "postgresql" => &Postgres,
        "mysql" => &Mysql,
        "mariadb" => &Mariadb,
        "mssql" => &Mssql,
        "oracle" => &Oracle,
        "firebird" => &Firebird,
        "sybase" => &Sybase,
        "informix" => &Informix,
        other => panic!("unknown dialect {other}"),
    }
}

/// Whitespace collapsed to single spaces, placeholders (`$1`, `@p1`,
/// `:name`, `:1`) as `?`.
fn normalize(sql: &str) -> String {
    static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\$[0-9]+|@p[0-9]+|:[A-Za-z_][A-Za-z0-9_]*|:"[^"]+"|:[0-9]+"#)
            .expect("valid regex")
    });
    // Informix's one-row table has a `:` that is not a placeholder.
    const DUAL: &str = "sysmaster:\"informix\".sysdual";
    let collapsed = sql
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(DUAL, "\u{1}");
    PLACEHOLDER
        .replace_all(&collapsed, "?")
        .replace('\u{1}', DUAL)
}

/// A parameter as `cases.json` writes it.
fn param_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => Json::from(*f),
        Value::Text(s) => Json::String(s.to_string()),
        Value::Decimal(d) => Json::String(format!("{{'$decimal': '{d}'}}")),
        other => Json::String(format!("{{'${}': '{other}'}}", other.kind())),
    }
}

fn rendered(compiled: &Compiled) -> Rendered {
    Rendered {
        sql: normalize(&compiled.sql),
        params: compiled.params.iter().map(param_json).collect(),
    }
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

/// The result of one case on one dialect.
struct Outcome {
    case: String,
    dialect: &'static str,
    expected: String,
    actual: String,
    matched: bool,
    /// Matched only because docs/dialects.md lists it.
    listed: bool,
}

fn describe_rendered(r: &Rendered) -> String {
    format!("{}\n      params {}", r.sql, Json::Array(r.params.clone()))
}

fn describe_expected(e: &Expected) -> String {
    match e {
        Expected::Error(err) => format!("error: {err}"),
        Expected::Sql(forms) => forms
            .iter()
            .map(describe_rendered)
            .collect::<Vec<_>>()
            .join("\n    or  "),
    }
}

fn describe_actual(a: &Result<Compiled, aludel_compiler::CompileError>) -> String {
    match a {
        Ok(c) => describe_rendered(&rendered(c)),
        Err(e) => format!("error: {e}"),
    }
}

fn matches(expected: &Expected, actual: &Result<Compiled, aludel_compiler::CompileError>) -> bool {
    match (expected, actual) {
        (Expected::Error(_), Err(_)) => true,
        (Expected::Sql(forms), Ok(c)) => forms.contains(&rendered(c)),
        _ => false,
    }
}

fn compile(
    stmt: &Statement,
    dialect_name: &str,
    literal_binds: bool,
) -> Result<Compiled, aludel_compiler::CompileError> {
    let options = CompileOptions::new().literal_binds(literal_binds);
    stmt.compile_with(dialect(dialect_name), &options)
}

// ---------------------------------------------------------------------------
// docs/dialects.md
// ---------------------------------------------------------------------------

const DIFFERENCES_HEADING: &str = "## Deliberate differences from SQLAlchemy";

/// The (case, dialect) pairs listed as deliberate differences in
/// `docs/dialects.md`, and complaints about malformed rows; an absent file
/// or section lists none.
fn deliberate_differences() -> (BTreeSet<(String, String)>, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/dialects.md");
    match std::fs::read_to_string(&path) {
        Ok(doc) => parse_differences(&doc),
        Err(_) => (BTreeSet::new(), Vec::new()),
    }
}

/// Reads the table under [`DIFFERENCES_HEADING`]: rows whose first cell is a
/// case name in backticks and whose second cell lists dialects, comma separated.
fn parse_differences(doc: &str) -> (BTreeSet<(String, String)>, Vec<String>) {
    let mut listed = BTreeSet::new();
    let mut errors = Vec::new();
    let section = doc
        .lines()
        .skip_while(|l| l.trim() != DIFFERENCES_HEADING)
        .skip(1)
        .take_while(|l| !l.starts_with("## "));
    for line in section.filter(|l| l.trim_start().starts_with('|')) {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        let Some(case) = cells
            .first()
            .and_then(|c| c.strip_prefix('`')?.strip_suffix('`'))
        else {
            continue; // the header and separator rows
        };
        let dialects = cells.get(1).copied().unwrap_or_default();
        for d in dialects.split(',').map(str::trim) {
            if DIALECTS.contains(&d) {
                listed.insert((case.to_owned(), d.to_owned()));
            } else {
                errors.push(format!(
                    "docs/dialects.md lists `{case}` for unknown dialect {d:?} (expected one of {DIALECTS:?})"
                ));
            }
        }
    }
    (listed, errors)
}

#[test]
fn deliberate_differences_table_is_parsed() {
    let doc = "# Dialects\n\n## Deliberate differences from SQLAlchemy\n\nText.\n\n\
        | case | dialects | SQLAlchemy | aludel | reason |\n\
        |---|---|---|---|---|\n\
        | `select_fetch_first` | sqlite, mysql | `FETCH FIRST ? ROWS ONLY` | `LIMIT ?` | x |\n\
        | `concat_in_where` | nosuch | `a || b` | `concat(a, b)` | y |\n\
        \n## Next section\n| `select_limit` | sqlite | a | b | c |\n";
    let (listed, errors) = parse_differences(doc);
    let pairs: Vec<(&str, &str)> = listed
        .iter()
        .map(|(c, d)| (c.as_str(), d.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("select_fetch_first", "mysql"),
            ("select_fetch_first", "sqlite")
        ]
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("nosuch"));
    assert_eq!(
        parse_differences("# no such section\n| `a` | sqlite |"),
        (BTreeSet::new(), Vec::new())
    );
}

// ---------------------------------------------------------------------------
// SQLite and sqlparser
// ---------------------------------------------------------------------------

/// Runs a statement compiled for SQLite on a fresh database with the fixed
/// schema. `Ok(Some(note))` when SQLite accepted the SQL but the empty data
/// violated a constraint (e.g. NULLs for named parameters left unbound).
fn run_on_sqlite(case: &str, compiled: &Compiled, s: &Schema) -> Result<Option<String>, String> {
    let conn = sqlite_db::sqlite_connection().map_err(|e| format!("cannot open SQLite: {e}"))?;
    let (metadata, recreated) = case_setup(case, s);
    sqlite_db::create_schema(&conn, metadata, recreated)?;
    let mut stmt = conn
        .prepare(&compiled.sql)
        .map_err(|e| format!("prepare failed: {e}"))?;
    let params = rusqlite::params_from_iter(sqlite_db::sqlite_params(&compiled.params));
    let result = stmt.query(params).and_then(|mut rows| {
        while rows.next()?.is_some() {}
        Ok(())
    });
    match result {
        Ok(()) => Ok(None),
        Err(rusqlite::Error::SqliteFailure(e, msg))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Ok(Some(format!(
                "constraint violation on empty data: {}",
                msg.unwrap_or_default()
            )))
        }
        Err(e) => Err(format!("execution failed: {e}")),
    }
}

/// Parses SQL with sqlparser's dialect for the database: exactly one statement.
fn parse_with_sqlparser(dialect_name: &str, sql: &str) -> Result<(), String> {
    let statements = match dialect_name {
        "sqlite" => Parser::parse_sql(&SQLiteDialect {}, sql),
        "postgresql" => Parser::parse_sql(&PostgreSqlDialect {}, sql),
        _ => Parser::parse_sql(&MySqlDialect {}, sql),
    }
    .map_err(|e| e.to_string())?;
    match statements.len() {
        1 => Ok(()),
        n => Err(format!("parsed as {n} statements")),
    }
}

fn sqlparser_allowlisted(case: &str, dialect_name: &str) -> bool {
    SQLPARSER_ALLOWLIST
        .iter()
        .any(|(c, d, _)| *c == case && *d == dialect_name)
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

/// Everything the test found, by kind.
#[derive(Default)]
struct Findings {
    outcomes: Vec<Outcome>,
    unported: Vec<String>,
    stale_listings: Vec<String>,
    doc_errors: Vec<String>,
    sqlite_runs: usize,
    sqlite_failures: Vec<String>,
    sqlite_notes: Vec<String>,
    sqlparser_runs: usize,
    sqlparser_failures: Vec<String>,
    stale_allowlist: Vec<String>,
}

impl Findings {
    fn mismatches(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(|o| !o.matched)
    }

    fn matched(&self, dialect: &str) -> (usize, usize) {
        let of_dialect = self.outcomes.iter().filter(|o| o.dialect == dialect);
        let total = of_dialect.clone().count();
        (of_dialect.filter(|o| o.matched).count(), total)
    }

    fn is_clean(&self) -> bool {
        self.mismatches().next().is_none()
            && self.unported.is_empty()
            && self.stale_listings.is_empty()
            && self.doc_errors.is_empty()
            && self.sqlite_failures.is_empty()
            && self.sqlparser_failures.is_empty()
            && self.stale_allowlist.is_empty()
    }

    fn summary_lines(&self) -> Vec<String> {
        DIALECTS
            .iter()
            .map(|d| {
                let (matched, total) = self.matched(d);
                format!("conformance {d} {matched}/{total}")
            })
            .collect()
    }

    /// Every finding, section by section.
    fn report(&self) -> String {
        let mut out = format!(
            "ran {} statements on SQLite, parsed {} with sqlparser\n",
            self.sqlite_runs, self.sqlparser_runs
        );
        let section = |out: &mut String, title: &str, items: &[String]| {
            let _ = writeln!(out, "\n== {title} ({}) ==", items.len());
            for i in items {
                let _ = writeln!(out, "{i}");
            }
        };
        let mismatches: Vec<String> = self
            .mismatches()
            .map(|o| {
                format!(
                    "{} [{}]\n  SQLAlchemy: {}\n  aludel:     {}",
                    o.case, o.dialect, o.expected, o.actual
                )
            })
            .collect();
        section(&mut out, "mismatches with SQLAlchemy", &mismatches);
        let listed: Vec<String> = self
            .outcomes
            .iter()
            .filter(|o| o.listed)
            .map(|o| {
                format!(
                    "{} [{}]\n  SQLAlchemy: {}\n  aludel:     {}",
                    o.case, o.dialect, o.expected, o.actual
                )
            })
            .collect();
        section(&mut out, "documented differences", &listed);
        section(&mut out, "cases not ported", &self.unported);
        section(
            &mut out,
            "stale deliberate differences",
            &self.stale_listings,
        );
        section(&mut out, "docs/dialects.md errors", &self.doc_errors);
        section(&mut out, "SQLite execution failures", &self.sqlite_failures);
        section(&mut out, "SQLite notes", &self.sqlite_notes);
        section(&mut out, "sqlparser failures", &self.sqlparser_failures);
        section(
            &mut out,
            "stale sqlparser allowlist entries",
            &self.stale_allowlist,
        );
        out
    }
}

fn check_case(case: &Case, s: &Schema, listed: &BTreeSet<(String, String)>, f: &mut Findings) {
    let Some(stmt) = build_case(&case.name, s) else {
        f.unported.push(case.name.clone());
        return;
    };
    for d in DIALECTS {
        let expected = &case.expected[d];
        let actual = compile(&stmt, d, case.literal_binds);
        let exact = matches(expected, &actual);
        let is_listed = listed.contains(&(case.name.clone(), d.to_owned()));
        if exact && is_listed {
            f.stale_listings.push(format!(
                "{} [{d}] matches SQLAlchemy exactly: remove it from the deliberate differences in docs/dialects.md",
                case.name
            ));
        }
        f.outcomes.push(Outcome {
            case: case.name.clone(),
            dialect: d,
            expected: describe_expected(expected),
            actual: describe_actual(&actual),
            matched: exact || is_listed,
            listed: is_listed && !exact,
        });
        if let (Ok(compiled), true) = (&actual, PARSED.contains(&d)) {
            check_sqlparser(&case.name, d, &compiled.sql, f);
            if d == "sqlite" {
                check_sqlite(&case.name, compiled, s, f);
            }
        }
    }
}

fn check_sqlparser(case: &str, d: &str, sql: &str, f: &mut Findings) {
    f.sqlparser_runs += 1;
    let parsed = parse_with_sqlparser(d, sql);
    match (parsed, sqlparser_allowlisted(case, d)) {
        (Err(e), false) => f
            .sqlparser_failures
            .push(format!("{case} [{d}]: {e}\n  {sql}")),
        (Ok(()), true) => f.stale_allowlist.push(format!(
            "{case} [{d}] now parses: remove it from SQLPARSER_ALLOWLIST"
        )),
        _ => {}
    }
}

fn check_sqlite(case: &str, compiled: &Compiled, s: &Schema, f: &mut Findings) {
    f.sqlite_runs += 1;
    match run_on_sqlite(case, compiled, s) {
        Ok(None) => {}
        Ok(Some(note)) => f.sqlite_notes.push(format!("{case}: {note}")),
        Err(e) => f.sqlite_failures.push(format!(
            "{case}: {e}\n  {}\n  params {:?}",
            compiled.sql, compiled.params
        )),
    }
}

#[test]
fn conformance_with_sqlalchemy() {
    let schema = Schema::new().expect("the fixed schema is valid");
    let cases = load_cases();
    let mut findings = Findings::default();
    let (listed, doc_errors) = deliberate_differences();
    findings.doc_errors = doc_errors;
    let known: BTreeSet<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    for (case, d) in &listed {
        if !known.contains(case.as_str()) {
            findings.doc_errors.push(format!(
                "docs/dialects.md lists `{case}` [{d}], which is not a case of cases.json"
            ));
        }
    }
    for case in &cases {
        check_case(case, &schema, &listed, &mut findings);
    }

    for line in findings.summary_lines() {
        println!("{line}");
    }
    let report = findings.report();
    if let Ok(path) = std::env::var("CONFORMANCE_REPORT") {
        let full = format!("{}\n{report}", findings.summary_lines().join("\n"));
        std::fs::write(&path, full).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
    assert!(findings.is_clean(), "conformance failures:\n{report}");
}

/// The statement cache keys templates by a structural hash: statements that
/// compile to different SQL must never share a key (a shared key would hand
/// one statement the other's SQL).
#[test]
fn structural_keys_separate_every_case() {
    use aludel_compiler::cache::Shape;
    let schema = Schema::new().expect("the fixed schema is valid");
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut checked = 0;
    for case in load_cases() {
        let Some(stmt) = build_case(&case.name, &schema) else {
            continue;
        };
        let shape = Shape::of(&stmt);
        if !shape.is_cacheable() {
            continue;
        }
        let Ok(c) = stmt.compile(&Postgres) else {
            continue;
        };
        let key = format!("{:?}", shape.key());
        if let Some((other, sql)) = seen.get(&key) {
            assert_eq!(
                sql, &c.sql,
                "{} and {other} share a cache key but compile differently",
                case.name
            );
        }
        seen.insert(key, (case.name.clone(), c.sql));
        checked += 1;
    }
    assert!(checked > 100, "only {checked} cases checked");
}
