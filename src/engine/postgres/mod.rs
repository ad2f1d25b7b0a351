//! The PostgreSQL driver (the `postgres` crate; TLS with the `postgres-tls`
//! feature, see `ssl`).
//!
//! Parameters are encoded by the type the server inferred for each
//! placeholder (an integer bound to an `int4` parameter is sent as a 4-byte
//! integer, to a `numeric` one as a decimal, to a `text` one as its digits).
//! Text bound to a parameter of another type is sent in text format and
//! parsed by the server, as if it were a quoted literal. Result columns are
//! decoded by their type; every format is read by hand, so the optional
//! value types (decimal, chrono, json, uuid) only decide which [`Value`]
//! variant a column becomes: without them, numerics, dates and times, JSON
//! and UUIDs are read as their text form.

use std::error::Error as StdError;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use aludel_compiler::Value;
use lru::LruCache;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, Config, Statement};

use super::driver::{Cells, Driver, DriverError, EachRow, Known, Owned, Raw, same_names};
use super::result::RowQueue;
use super::url::Url;
use crate::errors::ErrorKind;

mod block;
mod decode;
mod errors;
mod params;
mod ssl;

use decode::{Cell, decode};
pub(crate) use errors::classify;
use errors::{ends_session, is_stale_plan, sqlstate};
use params::{Class, Param, class};

/// Statements kept prepared per connection.
const PREPARED_CACHE: usize = 256;

/// 2000-01-01 (PostgreSQL's epoch) in days and microseconds since 1970-01-01.
const PG_EPOCH_DAYS: i64 = 10_957;
#[cfg(feature = "chrono")]
const PG_EPOCH_MICROS: i64 = PG_EPOCH_DAYS * 86_400 * 1_000_000;

/// 2^63: an integral float in [-2^63, 2^63) is an i64.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

type BoxError = Box<dyn StdError + Send + Sync>;

pub(crate) struct PgDriver {
    client: Client,
    statements: LruCache<String, Statement>,
    /// Set when an error ended the session (the pool then discards it).
    broken: bool,
    /// Whether the session is inside a transaction block, followed from
    /// the statements it ran (the client does not expose the status the
    /// server reports; see [`block`]); `None` after a script, until a
    /// statement that opens or closes one.
    in_block: Option<bool>,
}

/// Opens a connection: host, port (5432), user, password and database from
/// the URL; the URL's query may set `host` (a directory for a Unix socket),
/// `application_name`, `options`, `connect_timeout` (seconds), and `sslmode`
/// and `sslrootcert` (see `ssl`).
pub(crate) fn connect(url: &Url, timeout: Duration) -> Result<PgDriver, DriverError> {
    let mut config = Config::new();
    // `?host=/run/postgresql` connects through a Unix socket in that directory.
    config.host(url.option("host").unwrap_or(&url.host));
    config.port(url.port.unwrap_or(5432));
    let user = url
        .username
        .clone()
        .or_else(|| std::env::var("PGUSER").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "postgres".to_owned());
    config.user(&user);
    if let Some(password) = &url.password {
        config.password(password);
    }
    if !url.database.is_empty() {
        config.dbname(&url.database);
    }
    if !timeout.is_zero() {
        config.connect_timeout(timeout);
    }
    let ssl = ssl::Ssl::from_url(url)?;
    for (key, value) in &url.query {
        match key.as_str() {
            "host" => {}
            "application_name" => {
                config.application_name(value);
            }
            "options" => {
                config.options(value);
            }
            "connect_timeout" => {
                let secs: u64 = value.parse().map_err(|_| {
                    interface(format!(
                        "the URL option connect_timeout={value:?} is not a whole number of seconds"
                    ))
                })?;
                if secs > 0 {
                    config.connect_timeout(Duration::from_secs(secs));
                }
            }
            // read by `ssl::Ssl::from_url`
            "sslmode" | "sslrootcert" => {}
            other => {
                return Err(interface(format!(
                    "unknown PostgreSQL URL option {other:?}; the driver understands host, \
                     application_name, options, connect_timeout, sslmode and sslrootcert"
                )));
            }
        }
    }
    let client = ssl.connect(&mut config)?;
    Ok(PgDriver {
        client,
        broken: false,
        in_block: Some(false),
        statements: LruCache::new(NonZeroUsize::new(PREPARED_CACHE).unwrap_or(NonZeroUsize::MIN)),
    })
}

fn interface(message: String) -> DriverError {
    DriverError {
        kind: ErrorKind::Interface,
        source: message.clone().into(),
        message,
    }
}

// --- the driver ---------------------------------------------------------

impl PgDriver {
    fn prepare(&mut self, sql: &str) -> Result<Statement, DriverError> {
        if let Some(stmt) = self.statements.get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(sql).map_err(classify)?;
        self.statements.put(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    /// Runs a statement once. Its rows are read as they arrive: into the
    /// result, or (with `each`) handed to `each` until it answers `Break`.
    fn run_once(
        &mut self,
        sql: &str,
        params: &[Value],
        known: Option<Known<'_>>,
        mut each: Option<EachRow<'_>>,
    ) -> Result<Raw, DriverError> {
        let stmt = match self.prepare(sql) {
            Ok(stmt) => stmt,
            // Several statements in one string cannot be prepared; without
            // parameters they can run as a batch (returning nothing). Inside
            // a transaction the failed PREPARE has aborted it: report that.
            Err(e)
                if params.is_empty()
                    && sqlstate(&e) == Some(&SqlState::SYNTAX_ERROR)
                    && e.message.starts_with("cannot insert multiple commands") =>
            {
                self.client
                    .batch_execute(sql)
                    .map_err(|again| first_if_aborted(e, classify(again)))?;
                return Ok(Raw {
                    columns: Some(Vec::new()),
                    rows: RowQueue::default(),
                    rows_affected: 0,
                    last_insert_id: None,
                });
            }
            Err(e) => return Err(e),
        };
        if stmt.params().len() != params.len() {
            return Err(DriverError {
                kind: ErrorKind::Programming,
                message: format!(
                    "the statement has {} parameters, but {} values were given",
                    stmt.params().len(),
                    params.len()
                ),
                source: "parameter count mismatch".into(),
            });
        }
        let classes: Vec<Class> = stmt.columns().iter().map(|c| class(c.type_())).collect();
        if let Some(i) = classes.iter().position(|c| *c == Class::Other) {
            let col = &stmt.columns()[i];
            let message = format!(
                "result column {:?} has type {}, which the PostgreSQL driver cannot read; \
                 CAST it to TEXT (or another supported type) in the query",
                col.name(),
                col.type_().name()
            );
            return Err(DriverError {
                kind: ErrorKind::NotSupported,
                source: message.clone().into(),
                message,
            });
        }
        let bound: Vec<Param<'_>> = params
            .iter()
            .enumerate()
            .map(|(i, value)| Param { n: i + 1, value })
            .collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            bound.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let columns: Option<Vec<Arc<str>>> =
            if each.is_none() && same_names(known, stmt.columns().iter().map(|c| c.name())) {
                None
            } else {
                Some(stmt.columns().iter().map(|c| Arc::from(c.name())).collect())
            };
        if stmt.columns().is_empty() {
            let n = self.client.execute(&stmt, &refs).map_err(classify)?;
            return Ok(Raw {
                columns,
                rows: RowQueue::default(),
                rows_affected: n,
                last_insert_id: None,
            });
        }
        let mut rows = self
            .client
            .query_raw(&stmt, refs.iter().copied())
            .map_err(classify)?;
        let mut out = RowQueue::default();
        let mut count = 0;
        while let Some(row) = rows.next().map_err(classify)? {
            count += 1;
            let mut values = Vec::with_capacity(classes.len());
            for (i, c) in classes.iter().enumerate() {
                let cell: Cell<'_> = row.try_get(i).map_err(classify)?;
                values.push(match cell.0 {
                    None => Value::Null,
                    Some(raw) => decode(*c, stmt.columns()[i].type_(), raw).map_err(|e| {
                        let message = format!("column {:?}: {e}", stmt.columns()[i].name());
                        DriverError {
                            kind: ErrorKind::Data,
                            message,
                            source: Box::new(e),
                        }
                    })?,
                });
            }
            match each.as_mut() {
                Some(each) => {
                    let names = columns.as_deref().unwrap_or_default();
                    if each(&Owned(names, &values)).is_break() {
                        // The rest is read, not decoded: an error the server
                        // sends in it (which aborts a transaction) is reported.
                        while rows.next().map_err(classify)?.is_some() {}
                        break;
                    }
                }
                None => out.push(values),
            }
        }
        Ok(Raw {
            columns,
            rows_affected: count,
            rows: out,
            last_insert_id: None,
        })
    }
}

impl Driver for PgDriver {
    fn run(
        &mut self,
        sql: &str,
        params: &[Value],
        known: Option<Known<'_>>,
    ) -> Result<Raw, DriverError> {
        let result = self.run_retrying(sql, params, known, None);
        self.note(sql, result)
    }

    /// Each row decoded as it arrives from the server.
    fn run_rows(
        &mut self,
        sql: &str,
        params: &[Value],
        each: EachRow<'_>,
    ) -> Result<(), DriverError> {
        let result = self.run_retrying(sql, params, None, Some(each)).map(drop);
        self.note(sql, result)
    }

    fn batch(&mut self, sql: &str) -> Result<(), DriverError> {
        let result = self.client.batch_execute(sql).map_err(classify);
        self.note(sql, result)
    }

    fn ping(&mut self) -> bool {
        !self.broken && !self.client.is_closed() && self.client.batch_execute("SELECT 1").is_ok()
    }

    fn is_broken(&mut self) -> bool {
        // The connection task ends when the socket fails or the server
        // closes the session; a FATAL error may be seen before that.
        self.broken || self.client.is_closed()
    }

    fn in_transaction(&mut self) -> Option<bool> {
        self.in_block
    }
}

/// The error of a second attempt, or the first one when the first failure
/// aborted the transaction (the second then only reports that).
fn first_if_aborted(first: DriverError, again: DriverError) -> DriverError {
    if sqlstate(&again) == Some(&SqlState::IN_FAILED_SQL_TRANSACTION) {
        first
    } else {
        again
    }
}

impl PgDriver {
    /// Follows the transaction block through `sql`, which gave `result`,
    /// and marks the connection broken when an error ended its session.
    fn note<T>(&mut self, sql: &str, result: Result<T, DriverError>) -> Result<T, DriverError> {
        match (block::effect(sql), result.is_ok()) {
            (block::Effect::Opens, true) => self.in_block = Some(true),
            (block::Effect::Closes, true) => self.in_block = Some(false),
            (block::Effect::Closes, false) | (block::Effect::Unknown, _) => self.in_block = None,
            (block::Effect::Opens, false) | (block::Effect::Keeps, _) => {}
        }
        if let Err(e) = &result {
            self.broken |= ends_session(e);
        }
        result
    }

    fn run_retrying(
        &mut self,
        sql: &str,
        params: &[Value],
        known: Option<Known<'_>>,
        mut each: Option<EachRow<'_>>,
    ) -> Result<Raw, DriverError> {
        // A statement is only run again when none of its rows were handed on.
        let handed = &std::cell::Cell::new(false);
        let mut counted = each.as_mut().map(|each| {
            move |cells: &dyn Cells| {
                handed.set(true);
                each(cells)
            }
        });
        let first = counted.as_mut().map(|f| f as EachRow<'_>);
        match self.run_once(sql, params, known, first) {
            Err(e) if is_stale_plan(&e) && !handed.get() => {
                // The table changed shape since the statement was prepared:
                // prepare it again. (Inside a transaction the failure has
                // aborted it, and the first error is the one to report.)
                self.statements.pop(sql);
                let second = counted.as_mut().map(|f| f as EachRow<'_>);
                self.run_once(sql, params, known, second)
                    .map_err(|again| first_if_aborted(e, again))
            }
            other => other,
        }
    }
}
