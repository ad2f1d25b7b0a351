//! Running compiled statements on an in-memory SQLite database created by
//! aludel's own DDL (rusqlite with its `functions` and `collation` features,
//! and `regex`: the compiler crate's dev-dependencies, so the root crate's
//! tests include only `common/mod.rs`).

// Shared by integration tests: not every test crate uses every helper.
#![allow(dead_code)]

use aludel_compiler::Value;
use aludel_compiler::dialect::Sqlite;
use aludel_compiler::prelude::*;
use aludel_compiler::stmt::DropTable;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value as SqlValue;

/// A fresh in-memory SQLite database with the `hr` schema attached and the
/// `regexp()` function and `utf8_bin` collation the cases use.
pub(crate) fn sqlite_connection() -> rusqlite::Result<Connection> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch("ATTACH DATABASE ':memory:' AS hr")?;
    conn.create_scalar_function(
        "regexp",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let pattern: String = ctx.get(0)?;
            let Some(text) = ctx.get::<Option<String>>(1)? else {
                return Ok(None);
            };
            let re = regex::Regex::new(&pattern)
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
            Ok(Some(re.is_match(&text)))
        },
    )?;
    // MySQL's binary collation, named by `select_collate`: byte order.
    conn.create_collation("utf8_bin", Ord::cmp)?;
    Ok(conn)
}

/// Runs every `CREATE TABLE` / `CREATE INDEX` of `metadata` compiled for
/// SQLite, then drops `without` (with aludel's `DROP TABLE`) so a case can
/// create it again.
pub(crate) fn create_schema(
    conn: &Connection,
    metadata: &MetaData,
    without: Option<&Table>,
) -> Result<(), String> {
    let drop = without.map(|t| Statement::from(DropTable::new(t)));
    for stmt in metadata.create_statements(false).iter().chain(&drop) {
        let compiled = stmt
            .compile(&Sqlite)
            .map_err(|e| format!("schema DDL does not compile for SQLite: {e}"))?;
        conn.execute_batch(&compiled.sql)
            .map_err(|e| format!("schema DDL failed on SQLite: {e}\n  {}", compiled.sql))?;
    }
    Ok(())
}

/// An aludel value as a SQLite value.
pub(crate) fn sqlite_value(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Int(i) => SqlValue::Integer(*i),
        Value::Float(f) => SqlValue::Real(*f),
        Value::Text(s) => SqlValue::Text(s.to_string()),
        Value::Bytes(b) => SqlValue::Blob(b.to_vec()),
        // Decimals, dates, JSON, UUIDs: their text form, as SQLite stores them.
        other => SqlValue::Text(other.to_string()),
    }
}

/// The parameters of a compiled statement, for `rusqlite::params_from_iter`.
pub(crate) fn sqlite_params(values: &[Value]) -> Vec<SqlValue> {
    values.iter().map(sqlite_value).collect()
}
