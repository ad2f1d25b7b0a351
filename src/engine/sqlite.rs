//! The SQLite driver (rusqlite, bundled SQLite).

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use aludel_compiler::Value;
use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};
use rusqlite::{Connection, ErrorCode, ToSql};

use super::decode::ValueRef as CellRef;
use super::driver::{
    Cells, Driver, DriverError, EachRow, Known, NextParams, Raw, first_word, run_each, same_names,
};
use super::result::RowQueue;
use super::url::Url;
use crate::errors::ErrorKind;

pub(crate) struct SqliteDriver {
    conn: Connection,
}

/// Statements SQLite keeps prepared per connection.
const PREPARED_CACHE: usize = 128;

pub(crate) fn connect(url: &Url, timeout: Duration) -> Result<SqliteDriver, DriverError> {
    let conn = if url.database == ":memory:" {
        Connection::open_in_memory()
    } else {
        Connection::open(&url.database)
    }
    .map_err(classify)?;
    conn.busy_timeout(timeout).map_err(classify)?;
    conn.set_prepared_statement_cache_capacity(PREPARED_CACHE);
    // Foreign keys are enforced, as on every other database.
    conn.execute_batch("PRAGMA foreign_keys = ON")
        .map_err(classify)?;
    register_regexp(&conn).map_err(classify)?;
    Ok(SqliteDriver { conn })
}

/// SQLite parses `x REGEXP y` as `regexp(y, x)` but defines no such
/// function; this one uses Rust's `regex` syntax (compiled once per statement).
fn register_regexp(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "regexp",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let re = ctx.get_or_create_aux(0, |pattern| -> Result<regex::Regex, BoxError> {
                Ok(regex::Regex::new(pattern.as_str()?)?)
            })?;
            Ok(match ctx.get_raw(1) {
                ValueRef::Null => None,
                ValueRef::Text(t) => Some(re.is_match(&String::from_utf8_lossy(t))),
                ValueRef::Integer(i) => Some(re.is_match(&i.to_string())),
                ValueRef::Real(f) => Some(re.is_match(&f.to_string())),
                ValueRef::Blob(b) => Some(re.is_match(&String::from_utf8_lossy(b))),
            })
        },
    )
}

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A value SQLite stores converted (as text), bound through rusqlite's
/// `ToSql` (see [`bind_all`] for the other kinds).
struct Converted<'a>(&'a Value);

impl ToSql for Converted<'_> {
    /// The value as text, or the error for one SQLite cannot hold; out of
    /// line, off the common kinds' way.
    #[inline(never)]
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let v = self.0;
        let text: Option<String> = match v {
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => Some(d.to_string()),
            #[cfg(feature = "chrono")]
            Value::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            #[cfg(feature = "chrono")]
            Value::Time(t) => Some(t.format("%H:%M:%S%.f").to_string()),
            #[cfg(feature = "chrono")]
            Value::DateTime(t) => Some(t.format("%Y-%m-%d %H:%M:%S%.f").to_string()),
            #[cfg(feature = "chrono")]
            Value::DateTimeTz(t) => Some(t.format("%Y-%m-%d %H:%M:%S%.f%:z").to_string()),
            #[cfg(feature = "json")]
            Value::Json(j) => Some(j.to_string()),
            #[cfg(feature = "uuid")]
            Value::Uuid(u) => Some(u.simple().to_string()),
            _ => None,
        };
        match text {
            Some(t) => Ok(ToSqlOutput::Owned(SqlValue::Text(t))),
            None => Err(rusqlite::Error::ToSqlConversionFailure(
                format!("cannot bind a {} value", v.kind()).into(),
            )),
        }
    }
}

fn value_of(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Float(f),
        // valid UTF-8 (as good as always) checked by the quick scan;
        // `from_utf8_lossy` walks it in chunks
        ValueRef::Text(t) => match std::str::from_utf8(t) {
            Ok(s) => Value::from(s),
            Err(_) => Value::from(String::from_utf8_lossy(t).as_ref()),
        },
        ValueRef::Blob(b) => Value::Bytes(Arc::from(b)),
    }
}

/// A row of a statement being stepped, and its column count.
struct Stepped<'a>(&'a rusqlite::Row<'a>, usize);

impl Cells for Stepped<'_> {
    fn len(&self) -> usize {
        self.1
    }

    fn cell(&self, i: usize) -> CellRef<'_> {
        match self.0.get_ref(i) {
            Ok(ValueRef::Text(t)) => match std::str::from_utf8(t) {
                Ok(s) => CellRef::Text(s),
                Err(_) => CellRef::Value(Cow::Owned(value_of(ValueRef::Text(t)))),
            },
            Ok(ValueRef::Blob(b)) => CellRef::Bytes(b),
            // numbers and NULL here, without a call
            Ok(ValueRef::Integer(i)) => CellRef::Value(Cow::Owned(Value::Int(i))),
            Ok(ValueRef::Real(f)) => CellRef::Value(Cow::Owned(Value::Float(f))),
            Ok(ValueRef::Null) | Err(_) => CellRef::Value(Cow::Owned(Value::Null)),
        }
    }

    fn int(&self, i: usize) -> Option<i64> {
        match self.0.get_ref(i) {
            Ok(ValueRef::Integer(n)) => Some(n),
            _ => None,
        }
    }

    fn text(&self, i: usize) -> Option<&str> {
        match self.0.get_ref(i) {
            Ok(ValueRef::Text(t)) => std::str::from_utf8(t).ok(),
            _ => None,
        }
    }

    fn name(&self, i: usize) -> &str {
        self.0.as_ref().column_name(i).unwrap_or("")
    }
}

pub(crate) fn classify(e: rusqlite::Error) -> DriverError {
    let kind = match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::ConstraintViolation => ErrorKind::Integrity,
            ErrorCode::TypeMismatch | ErrorCode::TooBig => ErrorKind::Data,
            ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::CannotOpen
            | ErrorCode::DiskFull
            | ErrorCode::ReadOnly
            | ErrorCode::SystemIoFailure
            | ErrorCode::OutOfMemory
            | ErrorCode::NotADatabase
            | ErrorCode::DatabaseCorrupt
            | ErrorCode::FileLockingProtocolFailed
            | ErrorCode::OperationInterrupted
            | ErrorCode::OperationAborted => ErrorKind::Operational,
            ErrorCode::ApiMisuse | ErrorCode::ParameterOutOfRange => ErrorKind::Interface,
            ErrorCode::InternalMalfunction => ErrorKind::Internal,
            _ => ErrorKind::Programming,
        },
        rusqlite::Error::SqlInputError { .. } => ErrorKind::Programming,
        rusqlite::Error::InvalidParameterCount(..) | rusqlite::Error::InvalidParameterName(_) => {
            ErrorKind::Programming
        }
        rusqlite::Error::ToSqlConversionFailure(_)
        | rusqlite::Error::FromSqlConversionFailure(..) => ErrorKind::Data,
        _ => ErrorKind::Interface,
    };
    DriverError {
        kind,
        message: e.to_string(),
        source: Box::new(e),
    }
}

/// Whether a statement is an INSERT (or REPLACE), whose rowid is the last insert id.
fn is_insert(sql: &str) -> bool {
    let word = first_word(sql);
    word.eq_ignore_ascii_case("insert") || word.eq_ignore_ascii_case("replace")
}

/// A stepped statement's column names, or `None` when they are `known`
/// (names known by position are not read: SQLite makes each one from the
/// statement's schema, with a length and a UTF-8 check, on every call).
fn names(stmt: &rusqlite::Statement<'_>, known: Option<Known<'_>>) -> Option<Vec<Arc<str>>> {
    if same_names(known, stmt.column_names()) {
        None
    } else {
        Some(stmt.column_names().map(Arc::from).collect())
    }
}

/// Binds every parameter (a count other than the statement's is an error,
/// as with rusqlite's own binding).
fn bind_all(stmt: &mut rusqlite::Statement<'_>, params: &[Value]) -> rusqlite::Result<()> {
    let expected = stmt.parameter_count();
    if params.len() != expected {
        return Err(rusqlite::Error::InvalidParameterCount(
            params.len(),
            expected,
        ));
    }
    for (i, v) in params.iter().enumerate() {
        // Each kind through a `ToSql` of its own, whose output rusqlite's
        // bind reads in registers: through one `ToSql` for every kind, the
        // outputs met at one place on the stack and were read back at once
        // with wider loads than the stores that made them.
        let i = i + 1;
        match v {
            Value::Null => stmt.raw_bind_parameter(i, rusqlite::types::Null)?,
            Value::Bool(b) => stmt.raw_bind_parameter(i, *b)?,
            Value::Int(n) => stmt.raw_bind_parameter(i, *n)?,
            Value::Float(f) => stmt.raw_bind_parameter(i, *f)?,
            Value::Text(t) => stmt.raw_bind_parameter(i, TextParam(t.as_bytes()))?,
            Value::Bytes(b) => stmt.raw_bind_parameter(i, &**b)?,
            other => stmt.raw_bind_parameter(i, Converted(other))?,
        }
    }
    Ok(())
}

/// A text parameter's bytes (UTF-8: the text's own), bound as text.
struct TextParam<'a>(&'a [u8]);

impl ToSql for TextParam<'_> {
    #[inline]
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(self.0)))
    }
}

impl Driver for SqliteDriver {
    fn run(
        &mut self,
        sql: &str,
        params: &[Value],
        known: Option<Known<'_>>,
    ) -> Result<Raw, DriverError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(classify)?;
        bind_all(&mut stmt, params).map_err(classify)?;
        if stmt.column_count() == 0 {
            let n = stmt.raw_execute().map_err(classify)?;
            return Ok(Raw {
                columns: names(&stmt, known),
                rows: RowQueue::default(),
                rows_affected: n as u64,
                last_insert_id: is_insert(sql).then(|| self.conn.last_insert_rowid()),
            });
        }
        let mut rows = stmt.raw_query();
        let mut out = RowQueue::default();
        while let Some(row) = rows.next().map_err(classify)? {
            // Counted once stepped: a changed schema re-prepares the statement then.
            let ncols = row.as_ref().column_count();
            let mut values = Vec::with_capacity(ncols);
            for i in 0..ncols {
                values.push(value_of(row.get_ref(i).map_err(classify)?));
            }
            out.push(values);
        }
        drop(rows);
        let affected = if stmt.readonly() {
            0
        } else {
            self.conn.changes()
        };
        Ok(Raw {
            columns: names(&stmt, known),
            rows: out,
            rows_affected: affected,
            last_insert_id: None,
        })
    }

    /// Each row read from the statement as it is stepped.
    fn run_rows(
        &mut self,
        sql: &str,
        params: &[Value],
        each: EachRow<'_>,
    ) -> Result<(), DriverError> {
        // Used inside its `Result`, where `prepare_cached` wrote it (moved
        // out, it would be copied with wider loads than the stores that
        // wrote it, which wait for them).
        let mut prepared = self.conn.prepare_cached(sql);
        let stmt = match &mut prepared {
            Ok(stmt) => stmt,
            Err(_) => return prepared.map(drop).map_err(classify),
        };
        bind_all(stmt, params).map_err(classify)?;
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next().map_err(classify)? {
            // Counted once stepped: a changed schema re-prepares the statement then.
            let ncols = row.as_ref().column_count();
            if each(&Stepped(row, ncols)).is_break() {
                break;
            }
        }
        Ok(())
    }

    /// One prepared statement, bound and stepped once per set (a statement
    /// that returns rows runs through [`Driver::run`] instead).
    fn run_many(
        &mut self,
        sql: &str,
        params: &mut Vec<Value>,
        next: NextParams<'_>,
    ) -> Result<u64, DriverError> {
        if !next(params) {
            return Ok(0);
        }
        let mut stmt = self.conn.prepare_cached(sql).map_err(classify)?;
        if stmt.column_count() > 0 {
            drop(stmt);
            let mut first = Some(std::mem::take(params));
            let mut again = |p: &mut Vec<Value>| match first.take() {
                Some(f) => {
                    *p = f;
                    true
                }
                None => next(p),
            };
            return run_each(self, sql, params, &mut again);
        }
        let mut total = 0;
        loop {
            bind_all(&mut stmt, params).map_err(classify)?;
            total += stmt.raw_execute().map_err(classify)? as u64;
            if !next(params) {
                return Ok(total);
            }
        }
    }

    fn prefers_run_many(&self) -> bool {
        true
    }

    fn in_transaction(&mut self) -> Option<bool> {
        Some(!self.conn.is_autocommit())
    }

    fn batch(&mut self, sql: &str) -> Result<(), DriverError> {
        self.conn.execute_batch(sql).map_err(classify)
    }

    fn ping(&mut self) -> bool {
        self.conn.execute_batch("SELECT 1").is_ok()
    }
}
