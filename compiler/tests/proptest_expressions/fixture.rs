//! The one-row table `t(a, b, c)`: its aludel table and the in-memory
//! SQLite database holding its row.

use aludel_compiler::Compiled;
use aludel_compiler::prelude::*;
use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;

/// The integer columns of `t` and their values in its only row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Col {
    A,
    B,
    C,
}

impl Col {
    pub(crate) const ALL: [Col; 3] = [Col::A, Col::B, Col::C];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Col::A => "a",
            Col::B => "b",
            Col::C => "c",
        }
    }

    pub(crate) fn value(self) -> Option<i64> {
        match self {
            Col::A => Some(6),
            Col::B => Some(-4),
            Col::C => None,
        }
    }
}

/// The aludel table and an in-memory SQLite database holding its row.
pub(crate) struct Fixture {
    pub(crate) table: Table,
    conn: Connection,
}

impl Fixture {
    fn new() -> Fixture {
        let mut builder = MetaData::new().table("t");
        for col in Col::ALL {
            builder = builder.column(Column::new(col.name(), Type::Integer));
        }
        let table = builder.build().expect("table t builds");
        let conn = Connection::open_in_memory().expect("in-memory SQLite opens");
        let values: Vec<String> = Col::ALL
            .iter()
            .map(|c| {
                c.value()
                    .map_or_else(|| "NULL".to_owned(), |v| v.to_string())
            })
            .collect();
        conn.execute_batch(&format!(
            "CREATE TABLE t (a INTEGER, b INTEGER, c INTEGER); INSERT INTO t VALUES ({});",
            values.join(", ")
        ))
        .expect("table t is created");
        Fixture { table, conn }
    }

    /// Runs a compiled single-value query.
    pub(crate) fn query(&self, compiled: &Compiled) -> rusqlite::Result<SqlValue> {
        let params = crate::sqlite::sqlite_params(&compiled.params);
        self.conn.query_row(
            &compiled.sql,
            rusqlite::params_from_iter(params.iter()),
            |row| row.get(0),
        )
    }
}

thread_local! {
    pub(crate) static FIXTURE: Fixture = Fixture::new();
}
