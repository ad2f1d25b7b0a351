//! Snapshots of every construct on every executing dialect: one snapshot per
//! case, holding SQLite, PostgreSQL, MySQL and MariaDB SQL and parameters
//! side by side (in `snapshots/` at the workspace root). The cases are in
//! `common/snapshot_cases/`.

use aludel_compiler::dialect::{Dialect, Mariadb, Mysql, Postgres, Sqlite};
use aludel_compiler::prelude::*;
use aludel_compiler::stmt::{CreateIndex, DropIndex, DropTable};
use aludel_compiler::{CompileOptions, snapshot};

mod common;
#[path = "common/sqlite.rs"]
mod sqlite_db;

use common::snapshot_cases::{self, SnapshotCase, db};

/// Snapshots a group of cases, in order.
fn check_all(cases: Vec<SnapshotCase>) {
    for (name, stmt, options) in cases {
        check_with(name, stmt, &options);
    }
}

/// Cases whose SQLite SQL is valid but cannot run on a plain table.
const NOT_RUN_ON_SQLITE: &[(&str, &str)] = &[("expr_match", "MATCH needs an FTS5 virtual table")];

/// Runs the SQLite rendering on a fresh database with the fixture schema,
/// and parses every rendering with sqlparser.
fn execute_and_parse(name: &str, stmt: &Statement, options: &CompileOptions) {
    let parsers: [(&dyn Dialect, &dyn sqlparser::dialect::Dialect); 4] = [
        (&Sqlite, &sqlparser::dialect::SQLiteDialect {}),
        (&Postgres, &sqlparser::dialect::PostgreSqlDialect {}),
        (&Mysql, &sqlparser::dialect::MySqlDialect {}),
        (&Mariadb, &sqlparser::dialect::MySqlDialect {}),
    ];
    let shape = aludel_compiler::cache::Shape::of(stmt);
    for (dialect, parser) in parsers {
        let Ok(c) = stmt.compile_with(dialect, options) else {
            continue;
        };
        // A cached template instantiated for the same statement gives the same result.
        if let Some(t) = aludel_compiler::cache::Template::compile(stmt, &shape, dialect, options)
            .expect("compiles as a template")
        {
            let again = t.instantiate(&shape);
            assert_eq!(
                (&again.sql, &again.params),
                (&c.sql, &c.params),
                "{name} [{}]: cached template differs",
                dialect.name()
            );
        }
        if !SQLPARSER_LIMITS
            .iter()
            .any(|(n, d)| *n == name && *d == dialect.name())
        {
            if let Err(e) = sqlparser::parser::Parser::parse_sql(parser, &c.sql) {
                panic!(
                    "{name} [{}]: sqlparser rejects\n  {}\n  {e}",
                    dialect.name(),
                    c.sql
                );
            }
        }
        if dialect.name() != "sqlite" || NOT_RUN_ON_SQLITE.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let conn = sqlite_db::sqlite_connection().expect("sqlite");
        sqlite_db::create_schema(&conn, &db().meta, None).expect("schema");
        let params = sqlite_db::sqlite_params(&c.params);
        let mut st = conn
            .prepare(&c.sql)
            .unwrap_or_else(|e| panic!("{name}: SQLite rejects\n  {}\n  {e}", c.sql));
        let run = st
            .query(rusqlite::params_from_iter(params))
            .and_then(|mut rows| {
                while rows.next()?.is_some() {}
                Ok(())
            });
        match run {
            Ok(()) => {}
            // The fixture is empty: a NOT NULL or foreign key failure on
            // NULL parameters is the data's fault, not the SQL's.
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation => {}
            Err(e) => panic!("{name}: SQLite fails to run\n  {}\n  {e}", c.sql),
        }
    }
}

/// Valid SQL that sqlparser 0.64 does not parse (checked against its grammar).
const SQLPARSER_LIMITS: &[(&str, &str)] = &[
    // `FETCH FIRST ($1) ROWS`: sqlparser wants a literal, PostgreSQL needs the parentheses.
    ("select_fetch_first", "postgresql"),
    ("select_fetch_with_ties", "postgresql"),
    // MySQL's multi-table `UPDATE t, o SET ...` and `LOCK IN SHARE MODE`.
    ("update_from_other_table", "mysql"),
    ("update_from_other_table", "mariadb"),
    ("select_for_share", "mysql"),
    ("select_for_share", "mariadb"),
    // MySQL's `ALTER TABLE t COMMENT '...'` (run on MariaDB by the live cases).
    ("ddl_set_table_comment", "mysql"),
    ("ddl_set_table_comment", "mariadb"),
    ("ddl_remove_table_comment_schema", "mysql"),
    ("ddl_remove_table_comment_schema", "mariadb"),
];

fn check_with(name: &str, stmt: impl Into<Statement>, options: &CompileOptions) {
    let stmt = stmt.into();
    let ddl = matches!(
        stmt,
        Statement::CreateTable(_)
            | Statement::DropTable(_)
            | Statement::CreateIndex(_)
            | Statement::DropIndex(_)
    );
    // DDL runs on SQLite as a whole sequence at the end of `ddl()`.
    if !ddl {
        execute_and_parse(name, &stmt, options);
    }
    let text = snapshot::render_with(&stmt, &snapshot::EXECUTING, options);
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn expressions() {
    check_all(snapshot_cases::expressions());
}

#[test]
fn windows() {
    check_all(snapshot_cases::windows());
}

#[test]
fn selects() {
    check_all(snapshot_cases::selects());
}

#[test]
fn joins() {
    check_all(snapshot_cases::joins());
}

#[test]
fn subqueries() {
    check_all(snapshot_cases::subqueries());
}

#[test]
fn ctes_and_set_operations() {
    check_all(snapshot_cases::ctes_and_set_operations());
}

#[test]
fn inserts_updates_deletes() {
    check_all(snapshot_cases::inserts_updates_deletes());
}

#[test]
fn ddl() {
    let f = snapshot_cases::ddl_fixture();
    check_all(snapshot_cases::ddl(&f));
    let d = db();
    let order: Vec<String> = f
        .meta
        .create_statements(false)
        .iter()
        .map(|s| {
            s.compile(&aludel_compiler::dialect::Sqlite)
                .map(|c| c.sql)
                .unwrap_or_else(|e| e.to_string())
        })
        .collect();
    insta::with_settings!({snapshot_path => "../../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("ddl_metadata_create_order_sqlite", order.join(";\n"));
    });
    // Every DDL statement above runs on SQLite, in order, then the drops.
    let conn = sqlite_db::sqlite_connection().expect("sqlite");
    let run = |stmt: Statement| {
        let sql = stmt.compile(&Sqlite).expect("compiles for SQLite").sql;
        conn.execute_batch(&sql)
            .unwrap_or_else(|e| panic!("SQLite rejects\n  {sql}\n  {e}"));
    };
    for s in f.meta.create_statements(false) {
        run(s);
    }
    run(CreateIndex::new(&f.ix).into());
    run(CreateIndex::new(&f.ux).into());
    run(CreateIndex::new(&f.ix).if_not_exists().into());
    run(DropIndex::new(&f.ix).into());
    for s in f.meta.drop_statements(false) {
        run(s);
    }
    for s in d.meta.create_statements(true) {
        run(s);
    }
    run(DropTable::new(&d.emp).if_exists().into());
}
