//! What every database driver provides to the engine.

use std::borrow::Cow;
use std::ops::ControlFlow;
use std::sync::Arc;

use aludel_compiler::Value;

use super::decode::ValueRef;

use super::result::RowQueue;
use crate::errors::ErrorKind;

/// The raw outcome of running one statement.
pub(crate) struct Raw {
    /// The result's column names; `None` when they are the names the
    /// caller said it already has (see [`Driver::run`]).
    pub(crate) columns: Option<Vec<Arc<str>>>,
    pub(crate) rows: RowQueue,
    pub(crate) rows_affected: u64,
    pub(crate) last_insert_id: Option<i64>,
}

/// A driver's error, classified.
#[derive(Debug)]
pub(crate) struct DriverError {
    pub(crate) kind: ErrorKind,
    pub(crate) message: String,
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

/// One row as the driver holds it, read in place (see [`Driver::run_rows`]).
pub(crate) trait Cells {
    /// How many values the row has.
    fn len(&self) -> usize;
    /// The value at `i` (below [`len`](Self::len)).
    fn cell(&self, i: usize) -> ValueRef<'_>;
    /// The value at `i` when it is an integer. It comes back in registers,
    /// where [`cell`](Self::cell)'s `ValueRef` comes back through memory
    /// and is read back at once.
    fn int(&self, i: usize) -> Option<i64>;
    /// The value at `i` when it is text, as [`int`](Self::int) for integers.
    fn text(&self, i: usize) -> Option<&str>;
    /// The name of column `i` (below [`len`](Self::len)).
    fn name(&self, i: usize) -> &str;
}

/// Called with each row of [`Driver::run_rows`]; `Break` stops reading.
pub(crate) type EachRow<'a> = &'a mut dyn FnMut(&dyn Cells) -> ControlFlow<()>;

/// Fills the parameter buffer with the next parameter set of
/// [`Driver::run_many`]; `false` when there are no more.
pub(crate) type NextParams<'a> = &'a mut dyn FnMut(&mut Vec<Value>) -> bool;

/// One open database connection.
///
/// To add a backend: implement `run` (prepare, or take from a per-connection
/// cache, the SQL; bind the positional parameters; read every row),
/// `run_rows` (the same, handing each row over as it is read), `batch` and
/// `ping`; override `run_many` when the database can run one prepared
/// statement for many parameter sets faster than `run` can, and
/// `is_broken` when a connection can fail underneath.
pub(crate) trait Driver: Send {
    /// Runs a statement with positional parameters in the dialect's
    /// placeholder style. `known` is the column names the caller already
    /// holds for this SQL: when the result's names are the same (or, for
    /// names the compiler took from the SQL itself, as many), the driver
    /// answers `columns: None` instead of building them again.
    fn run(
        &mut self,
        sql: &str,
        params: &[Value],
        known: Option<Known<'_>>,
    ) -> Result<Raw, DriverError>;

    /// Runs a statement once per parameter set and returns the rows changed
    /// in all. `next` writes each set into `params` (a buffer reused from
    /// set to set); after an error `params` holds the set that failed.
    fn run_many(
        &mut self,
        sql: &str,
        params: &mut Vec<Value>,
        next: NextParams<'_>,
    ) -> Result<u64, DriverError> {
        run_each(self, sql, params, next)
    }

    /// Whether `run_many` of a one-row INSERT beats multi-row INSERTs
    /// (true where statements cost no network round trip).
    fn prefers_run_many(&self) -> bool {
        false
    }

    /// Runs a statement and hands each row to `each` as it is read,
    /// stopping the calls when it answers `Break`. A driver that cannot stop
    /// the database midway reads the rest (without decoding it) and reports
    /// an error found there.
    fn run_rows(
        &mut self,
        sql: &str,
        params: &[Value],
        each: EachRow<'_>,
    ) -> Result<(), DriverError>;

    /// Runs SQL without parameters or results (transaction control, pragmas).
    fn batch(&mut self, sql: &str) -> Result<(), DriverError>;

    /// Whether the connection still works.
    fn ping(&mut self) -> bool;

    /// Whether the connection is known to be unusable (its socket failed), so
    /// the pool discards it instead of handing it out again.
    fn is_broken(&mut self) -> bool {
        false
    }

    /// Whether the session is inside a transaction, where the driver can
    /// tell without asking the server (`None` where it cannot), one opened
    /// with raw SQL (`text("BEGIN")`) included: SQLite says so, the
    /// PostgreSQL driver follows the session's transaction statements;
    /// MySQL's implicit commits leave its driver unable to tell.
    fn in_transaction(&mut self) -> Option<bool> {
        None
    }

    /// Ends a transaction raw SQL (`text("BEGIN")`) left open on the
    /// session, as the connection goes back to the pool (SQLAlchemy's
    /// pool resets a connection on return the same way): the next checkout
    /// must not find its predecessor's uncommitted work, or a transaction
    /// that refuses its `begin`. `Ok(true)` when it sent a `ROLLBACK`. By
    /// default it does unless [`in_transaction`](Self::in_transaction)
    /// knows no transaction is open (PostgreSQL after a script does not);
    /// a driver that cannot tell at all (MySQL) notes the raw SQL that may
    /// have opened one ([`may_open_transaction`]) and rolls back then.
    fn reset(&mut self) -> Result<bool, DriverError> {
        if self.in_transaction() == Some(false) {
            return Ok(false);
        }
        self.batch("ROLLBACK").map(|()| true)
    }
}

/// Whether raw SQL may leave a transaction open on a MySQL session (where
/// DDL and other statements commit implicitly, so the session's
/// transaction cannot be followed from its statements): its first word is
/// `BEGIN`, `START` (`START TRANSACTION`) or `SET` (`SET autocommit = 0`;
/// another `SET` only costs a `ROLLBACK` that finds nothing to undo when
/// the connection goes back to the pool), or it is a script (a `;` before
/// its end), which may hold one anywhere. The statements aludel compiles
/// never begin with them, nor hold a `;`.
#[cfg_attr(not(feature = "mysql"), allow(dead_code))]
pub(crate) fn may_open_transaction(sql: &str) -> bool {
    let word = first_word(sql);
    ["BEGIN", "START", "SET"]
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k))
        || is_script(sql)
}

/// Whether a text may hold several statements: a `;` before its end (or
/// in a literal or a function's body: which, a text does not tell).
#[cfg_attr(not(any(feature = "postgres", feature = "mysql")), allow(dead_code))]
pub(crate) fn is_script(sql: &str) -> bool {
    sql.trim_end().trim_end_matches(';').contains(';')
}

/// The first word of a statement: its ASCII letters after white space and
/// comments (see [`after_comments`]).
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]
pub(crate) fn first_word(sql: &str) -> &str {
    let rest = after_comments(sql);
    let end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// A statement from its first word on: what follows its white space and
/// comments (`-- ...`, `# ...`, `/* ... */`); empty when a comment never
/// ends.
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]
pub(crate) fn after_comments(sql: &str) -> &str {
    let mut rest = sql.trim_start();
    loop {
        let after = if let Some(line) = rest.strip_prefix("--").or_else(|| rest.strip_prefix('#')) {
            line.find('\n')
                .map_or(&line[line.len()..], |at| &line[at..])
        } else if let Some(block) = rest.strip_prefix("/*") {
            block
                .find("*/")
                .map_or(&block[block.len()..], |at| &block[at + 2..])
        } else {
            return rest;
        };
        rest = after.trim_start();
    }
}

/// A row already read into values, with its result's names.
#[cfg_attr(not(any(feature = "postgres", feature = "mysql")), allow(dead_code))]
pub(crate) struct Owned<'a>(pub(crate) &'a [Arc<str>], pub(crate) &'a [Value]);

impl Cells for Owned<'_> {
    fn len(&self) -> usize {
        self.1.len()
    }

    fn cell(&self, i: usize) -> ValueRef<'_> {
        match self.1.get(i) {
            Some(Value::Text(s)) => ValueRef::Text(s),
            Some(Value::Bytes(b)) => ValueRef::Bytes(b),
            Some(v) => ValueRef::Value(Cow::Borrowed(v)),
            None => ValueRef::Value(Cow::Owned(Value::Null)),
        }
    }

    fn int(&self, i: usize) -> Option<i64> {
        match self.1.get(i) {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        }
    }

    fn text(&self, i: usize) -> Option<&str> {
        match self.1.get(i) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    fn name(&self, i: usize) -> &str {
        self.0.get(i).map_or("", |n| n)
    }
}

/// [`Driver::run_many`] as one [`Driver::run`] per parameter set.
pub(crate) fn run_each<D: Driver + ?Sized>(
    driver: &mut D,
    sql: &str,
    params: &mut Vec<Value>,
    next: NextParams<'_>,
) -> Result<u64, DriverError> {
    let mut total = 0;
    while next(params) {
        total += driver.run(sql, params, None)?.rows_affected;
    }
    Ok(total)
}

/// The result column names a caller holds for a statement's SQL (see
/// [`Driver::run`]).
#[derive(Clone, Copy)]
pub(crate) struct Known<'a> {
    pub(crate) names: &'a [Arc<str>],
    /// The names are the compiler's, each fixed by the SQL itself (every
    /// result column is a column, written bare or with its label): they
    /// stand for the result's columns by position, as SQLAlchemy's compiled
    /// result columns do, and only the count is compared.
    pub(crate) by_position: bool,
}

/// Whether a result's column names are `known` (no allocation; for names
/// known by position, only their count is read).
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code)
)]
pub(crate) fn same_names<'a>(
    known: Option<Known<'_>>,
    names: impl ExactSizeIterator<Item = &'a str>,
) -> bool {
    match known {
        Some(Known {
            names: known,
            by_position,
        }) => {
            known.len() == names.len()
                && (by_position || known.iter().zip(names).all(|(k, n)| **k == *n))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{first_word, may_open_transaction};

    /// The first word is found after white space and comments of every
    /// kind, and a comment that never ends leaves no word.
    #[test]
    fn first_words_skip_space_and_comments() {
        assert_eq!(first_word("  insert INTO t"), "insert");
        assert_eq!(
            first_word("-- note\n  /* a */ # b\nREPLACE INTO t"),
            "REPLACE"
        );
        assert_eq!(first_word("BEGIN;"), "BEGIN");
        assert_eq!(first_word("/* never closed BEGIN"), "");
        assert_eq!(first_word("-- BEGIN"), "");
        assert_eq!(first_word("(SELECT 1)"), "");
    }

    /// Raw SQL that may open a transaction is told from what aludel
    /// compiles, whatever its case and comments.
    #[test]
    fn transaction_openers_are_noticed() {
        for sql in [
            "BEGIN",
            "begin transaction",
            " START TRANSACTION READ ONLY",
            "/* x */ set autocommit = 0",
            "INSERT INTO t VALUES (1); START TRANSACTION",
            // a ';' inside a body: a text does not tell, so it counts
            "DO $$ BEGIN NULL; END $$",
        ] {
            assert!(may_open_transaction(sql), "{sql}");
        }
        for sql in [
            "SELECT 1",
            "SETTINGS",
            "INSERT INTO t VALUES (1)",
            "WITH a AS (SELECT 1) SELECT * FROM a",
            "INSERT INTO t VALUES (1);",
            "",
        ] {
            assert!(!may_open_transaction(sql), "{sql}");
        }
    }
}
