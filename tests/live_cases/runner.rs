//! Running the cases on one database: planning each case for the engine's
//! dialect, executing it (rolled back, or on its own tables for DDL), and
//! recording the outcome in a [`Tally`].

use aludel::prelude::*;
use aludel::{CompileOptions, Connection, Error, Params, Value};
use serde_json::Value as Json;

use crate::common::snapshot_cases::{self, SnapshotCase};
use crate::common::{DdlTarget, Schema, cases};
use crate::setup::{
    create_table, drop_all, escape_colons, exec, fulltext_index, prepare_database, recreate,
    seed_conformance, seed_snapshots,
};
use crate::{MYSQL_ONLY, NOT_SUPPORTED, Rejection, Tally, is_data_fault};

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
            | Statement::SetComment(_)
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
        Plan::Statement(params) => conn.execute_with(stmt, params).map(drop),
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
pub(crate) fn run_database(db: &str, url: &str) -> Tally {
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
