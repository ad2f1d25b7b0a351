//! Connections: executing statements, and opening transactions.

use aludel_compiler::expr::bindparam;
use aludel_compiler::stmt::{Insert, IntoStatement, Statement};
use aludel_compiler::{Expr, Value};

use super::Engine;
use super::driver::{Driver, DriverError};
use super::params::{IntoParams, Name, Params};
use super::pool::{Manager, Pooled};
use super::prepared::Prepared;
use super::result::ResultSet;
use super::transaction::{IsolationLevel, Transaction};
use super::url::Backend;
use crate::errors::{DatabaseError, Error, Result};

/// A connection checked out of the engine's pool (returned when dropped).
///
/// Outside a transaction every statement commits on its own; inside one
/// ([`Connection::begin`]) nothing is kept until [`Transaction::commit`].
/// Dropped, the connection goes back to the pool reset: a transaction
/// that raw SQL (`text("BEGIN")`) left open is rolled back (see "Reset on
/// return" in the engine guide).
///
/// ```
/// use aludel::{create_engine, text, params};
/// let engine = create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// conn.execute(text("CREATE TABLE Cars(Id INTEGER PRIMARY KEY, Name TEXT, Price INTEGER)"))?;
/// conn.execute_with(
///     text("INSERT INTO Cars(Id, Name, Price) VALUES(:Id, :Name, :Price)"),
///     params! {"Id" => 1, "Name" => "Audi", "Price" => 52642},
/// )?;
/// let name: Option<String> = conn.execute(text("SELECT Name FROM Cars"))?.scalar()?;
/// assert_eq!(name.as_deref(), Some("Audi"));
/// # Ok::<(), aludel::Error>(())
/// ```
pub struct Connection {
    pub(super) engine: Engine,
    pub(super) conn: r2d2::PooledConnection<Manager>,
    pub(crate) tx_depth: usize,
    pub(crate) savepoints: usize,
    /// Run after the top-level transaction ends (restores session settings).
    pub(crate) after_transaction: Option<&'static str>,
}

impl Connection {
    pub(crate) fn new(engine: Engine, conn: r2d2::PooledConnection<Manager>) -> Connection {
        Connection {
            engine,
            conn,
            tx_depth: 0,
            savepoints: 0,
            after_transaction: None,
        }
    }

    /// The engine this connection came from.
    ///
    /// ```
    /// let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// assert_eq!(engine.connect()?.engine().backend(), aludel::Backend::Sqlite);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Runs a statement (any aludel statement, or [`text`](crate::text)).
    ///
    /// See [`Connection`].
    pub fn execute<'s>(&mut self, stmt: impl IntoStatement<'s>) -> Result<ResultSet> {
        self.execute_with(stmt, ())
    }

    /// Runs a statement with values for its named parameters. A parameter
    /// the statement does not have, or one it has that is given no value
    /// (here or when it was built), is an [`Error::Argument`].
    ///
    /// ```
    /// use aludel::{create_engine, text, params};
    /// let engine = create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// assert_eq!(conn.execute_with(text("SELECT :a + :b"), params! {"a" => 1, "b" => 2})?.scalar::<i64>()?, Some(3));
    /// assert!(conn.execute_with(text("SELECT :a"), ()).is_err());
    /// assert!(conn.execute_with(text("SELECT :a"), params! {"a" => 1, "zz" => 2}).is_err());
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn execute_with<'s>(
        &mut self,
        stmt: impl IntoStatement<'s>,
        params: impl IntoParams,
    ) -> Result<ResultSet> {
        // The template is borrowed from the connection's recent statements
        // and run by the driver, the other half of the connection (as in
        // `for_each_row`): no handle on it taken, and a statement run again
        // binds into the buffer the connection keeps for it.
        let stmt = stmt.into_statement();
        let engine = &self.engine.0;
        let Pooled { driver, recent, .. } = &mut **self.conn;
        let mut prepared = engine.cache.prepare(&stmt, engine.dialect, recent)?;
        match params.as_params() {
            Some(p) => prepared.bind(p)?,
            None => prepared.bind(&params.into_params())?,
        }
        run_on(&mut **driver, engine.options.echo, &prepared)
    }

    /// The statement compiled (or taken from the cache), not yet bound.
    fn compile(&mut self, stmt: &Statement) -> Result<Prepared<'static>> {
        let engine = &self.engine.0;
        Ok(engine
            .cache
            .prepare(stmt, engine.dialect, &mut self.conn.recent)?
            .into_owned())
    }

    /// Runs one statement for many parameter sets, and returns the rows
    /// changed. An `insert(&table)` without values becomes multi-row
    /// INSERTs, split so no statement exceeds the database's parameter
    /// limit (on SQLite inside a transaction: one prepared single-row INSERT
    /// per set, in a savepoint, so a failure leaves none of the call's rows);
    /// anything else runs once per set. Every set is checked first: a set
    /// that misses a value or names an unknown one fails the call before
    /// any set has run. The call takes effect whole or not at all: when it
    /// runs more than one statement, it does so in a transaction of its own
    /// (in a savepoint inside one), so a database error undoes the sets
    /// before it.
    ///
    /// ```
    /// use aludel::prelude::*;
    /// use aludel::{create_engine, params, MetaDataExt};
    /// let meta = MetaData::new();
    /// let cars = meta.table("cars")
    ///     .column(Column::new("id", Type::Integer).primary_key())
    ///     .column(Column::new("name", Type::Text))
    ///     .build()?;
    /// let engine = create_engine("sqlite:///:memory:")?;
    /// meta.create_all(&engine)?;
    /// let mut conn = engine.connect()?;
    /// let n = conn.execute_many(insert(&cars), (1..=3).map(|i| params! {"id" => i, "name" => format!("car {i}")}))?;
    /// assert_eq!(n, 3);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn execute_many<'s, I>(&mut self, stmt: impl IntoStatement<'s>, sets: I) -> Result<u64>
    where
        I: IntoIterator,
        I::Item: IntoParams,
    {
        let stmt = stmt.into_statement();
        let stmt = &*stmt;
        let sets = I::Item::collect_sets(sets);
        if sets.is_empty() {
            return Ok(0);
        }
        if let Statement::Insert(ins) = stmt {
            if ins.is_without_values() {
                return self.insert_many(ins, sets);
            }
        }
        self.atomically(sets.len(), |conn| conn.run_sets(stmt, sets))
    }

    /// `execute_many` of a statement other than an `insert(&table)` without
    /// values: compiled once (or once per set, with client-side default
    /// functions) and run for each set, every set checked first.
    fn run_sets(&mut self, stmt: &Statement, sets: Vec<Params>) -> Result<u64> {
        let Some(prepared) = self
            .engine
            .0
            .cache
            .prepare_reusable(stmt, self.engine.0.dialect)?
        else {
            // Client-side default functions (or custom constructs): each set
            // is compiled on its own, so every row gets a fresh value. The
            // first compilation checks every set before any runs.
            let mut first = self.compile(stmt)?;
            check_sets(&first, &sets)?;
            let mut sets = sets.into_iter();
            let mut total = 0;
            if let Some(set) = sets.next() {
                first.bind(&set)?;
                total += self.run(&first)?.rows_affected();
            }
            for set in sets {
                total += self.execute_with(stmt, set)?.rows_affected();
            }
            return Ok(total);
        };
        // Every set is checked before any runs: a set missing a value (or
        // naming an unknown one) must not leave the sets before it applied.
        check_sets(&prepared, &sets)?;
        let echo = self.engine.0.options.echo;
        let mut sets = sets.into_iter();
        let mut failed = None;
        let mut next = |params: &mut Vec<Value>| {
            let Some(set) = sets.next() else {
                return false;
            };
            params.clear();
            params.extend_from_slice(&prepared.params);
            match prepared.bind_into(params, &set) {
                Ok(()) => {
                    if echo {
                        log(prepared.sql(), params);
                    }
                    true
                }
                Err(e) => {
                    failed = Some(e);
                    false
                }
            }
        };
        let mut buf = Vec::new();
        let total = self
            .driver()
            .run_many(prepared.sql(), &mut buf, &mut next)
            .map_err(|e| database_error(e, prepared.sql(), &buf))?;
        match failed {
            Some(e) => Err(e),
            None => Ok(total),
        }
    }

    /// `execute_many` of an `insert(&table)` without values: the columns
    /// are the first set's names, and every set must name the same ones.
    /// Inside a transaction, on a driver that prefers it, one single-row
    /// INSERT runs once per set; otherwise multi-row INSERTs are written.
    fn insert_many(&mut self, ins: &Insert, sets: Vec<Params>) -> Result<u64> {
        let columns: Vec<Name> = sets[0].0.iter().map(|(n, _)| n.clone()).collect();
        if columns.is_empty() {
            return Err(Error::Argument(
                "execute_many of an INSERT needs at least one named value per row".into(),
            ));
        }
        if self.tx_depth > 0 && self.driver().prefers_run_many() {
            let one_row: Statement = ins
                .clone()
                .columns(columns.iter())
                .row(
                    columns
                        .iter()
                        .map(|c| Expr::from(bindparam(c)))
                        .collect::<Vec<_>>(),
                )
                .into();
            let cache = &self.engine.0.cache;
            let prepared = cache.prepare_reusable(&one_row, self.engine.0.dialect)?;
            // Named parameters other than the columns (a `bindparam` in an
            // ON CONFLICT clause) cannot be given per set: the multi-row path
            // below reports them.
            if let Some(prepared) = prepared.filter(|p| p.binds_only(&columns)) {
                // Each set is checked as it runs: one that names other
                // columns rolls the savepoint back.
                return self.atomically(sets.len(), |conn| {
                    conn.insert_rows(&prepared, &columns, sets)
                });
            }
        }
        for (i, p) in sets.iter().enumerate() {
            let same = p.len() == columns.len()
                && (p.0.iter().zip(&columns).all(|((n, _), c)| n == c)
                    || columns.iter().all(|c| p.get(c).is_some()));
            if !same {
                return Err(other_columns(i, &columns));
            }
        }
        let batches = multirow_batches(ins, &columns, &sets, self.engine.backend());
        self.atomically(batches.len(), |conn| {
            let mut total = 0;
            for b in batches {
                total += conn.execute(b)?.rows_affected();
            }
            Ok(total)
        })
    }

    /// Runs `f`, which runs `statements` statements, so that they take
    /// effect together or not at all: inside a transaction in a savepoint
    /// (a failure then leaves the transaction as it was before the call,
    /// and usable, also on PostgreSQL where a failed statement aborts it);
    /// outside one in a transaction of its own, unless there is only one
    /// statement, atomic by itself. A transaction opened with raw SQL counts
    /// as one where the driver can tell (SQLite, PostgreSQL).
    fn atomically<T>(
        &mut self,
        statements: usize,
        f: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> Result<T> {
        if self.tx_depth == 0 && self.driver().in_transaction() != Some(true) {
            if statements <= 1 {
                return f(self);
            }
            // Dropped by an error, the transaction rolls back.
            let mut tx = self.begin()?;
            let out = f(&mut tx)?;
            tx.commit()?;
            return Ok(out);
        }
        const SAVEPOINT: &str = "aludel_execute_many";
        self.batch(&format!("SAVEPOINT {SAVEPOINT}"))?;
        match f(self) {
            Ok(out) => {
                self.batch(&format!("RELEASE SAVEPOINT {SAVEPOINT}"))?;
                Ok(out)
            }
            Err(e) => {
                // The statement's error is the one to report; the rollback
                // to a savepoint of a live transaction does not fail.
                let _ = self.batch(&format!("ROLLBACK TO SAVEPOINT {SAVEPOINT}"));
                let _ = self.batch(&format!("RELEASE SAVEPOINT {SAVEPOINT}"));
                Err(e)
            }
        }
    }

    /// Runs a single-row INSERT once per set, moving each set's values into
    /// place; a set that does not name exactly `columns` stops it with an
    /// error (the rows before it stay: the caller rolls them back).
    fn insert_rows(
        &mut self,
        prepared: &Prepared<'_>,
        columns: &[Name],
        sets: Vec<Params>,
    ) -> Result<u64> {
        // Where each column's value goes (a name may fill several placeholders).
        let places: Vec<Vec<usize>> = columns
            .iter()
            .map(|c| {
                let named = prepared.named_params().iter();
                named
                    .filter(|(_, n)| **n == **c)
                    .map(|(pos, _)| *pos)
                    .collect()
            })
            .collect();
        let echo = self.engine.0.options.echo;
        let sql = prepared.sql();
        // Each set's values are swapped into place (the set keeps the values
        // they replace), and the sets are all dropped after the loop: freeing
        // them between statements slows the database's own allocations.
        let mut sets = sets;
        let mut each = sets.iter_mut().enumerate();
        let mut failed = None;
        let mut next = |params: &mut Vec<Value>| {
            let Some((i, set)) = each.next() else {
                return false;
            };
            if set.len() != columns.len() {
                failed = Some(other_columns(i, columns));
                return false;
            }
            for (j, (name, value)) in set.0.iter_mut().enumerate() {
                // The same order as the first set, unless this set differs.
                let k = match columns.get(j) {
                    Some(c) if c == name => Some(j),
                    _ => columns.iter().position(|c| c == name),
                };
                // Names are unique in a set: as many as the columns, each
                // one of them, is exactly the columns.
                let Some(places) = k.and_then(|k| places.get(k)) else {
                    failed = Some(other_columns(i, columns));
                    return false;
                };
                let Some((&last, rest)) = places.split_last() else {
                    continue;
                };
                for &pos in rest {
                    if let Some(slot) = params.get_mut(pos) {
                        *slot = value.clone();
                    }
                }
                if let Some(slot) = params.get_mut(last) {
                    std::mem::swap(slot, value);
                }
            }
            if echo {
                log(sql, params);
            }
            true
        };
        let mut buf = prepared.params.to_vec();
        let total = self
            .driver()
            .run_many(sql, &mut buf, &mut next)
            .map_err(|e| database_error(e, sql, &buf));
        drop(sets);
        match failed {
            Some(e) => Err(e),
            None => total,
        }
    }

    /// Starts a transaction (with the engine's isolation level, if set).
    /// Refused with an [`Error::Transaction`] while one is open, also one
    /// opened with raw SQL (`text("BEGIN")`) where the connection can tell
    /// (SQLite, PostgreSQL).
    ///
    /// ```
    /// use aludel::{create_engine, text};
    /// let engine = create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.execute(text("CREATE TABLE t (a INTEGER)"))?;
    /// {
    ///     let mut tx = conn.begin()?;
    ///     tx.execute(text("INSERT INTO t VALUES (1)"))?;
    ///     // dropped without commit: rolled back
    /// }
    /// let mut tx = conn.begin()?;
    /// tx.execute(text("INSERT INTO t VALUES (2)"))?;
    /// tx.commit()?;
    /// assert_eq!(conn.execute(text("SELECT sum(a) FROM t"))?.scalar::<i64>()?, Some(2));
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn begin(&mut self) -> Result<Transaction<'_>> {
        let level = self.engine.0.options.isolation_level;
        self.begin_inner(level)
    }

    /// Starts a transaction with an isolation level.
    ///
    /// ```
    /// use aludel::{create_engine, IsolationLevel};
    /// let engine = create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.begin_with(IsolationLevel::Serializable)?.commit()?;
    /// assert!(conn.begin_with(IsolationLevel::RepeatableRead).is_err());
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn begin_with(&mut self, level: IsolationLevel) -> Result<Transaction<'_>> {
        self.begin_inner(Some(level))
    }

    fn begin_inner(&mut self, level: Option<IsolationLevel>) -> Result<Transaction<'_>> {
        if self.tx_depth > 0 {
            return Err(Error::Transaction(
                "a transaction is already open on this connection; use begin_nested() for a savepoint"
                    .into(),
            ));
        }
        if self.driver().in_transaction() == Some(true) {
            return Err(Error::Transaction(
                "a transaction opened with raw SQL (text(\"BEGIN\")) is open on this connection; \
                 end it with text(\"COMMIT\") or text(\"ROLLBACK\"), or open transactions with begin()"
                    .into(),
            ));
        }
        for sql in begin_sql(self.engine.backend(), level)? {
            self.batch(&sql)?;
        }
        if self.engine.backend() == Backend::Sqlite
            && level == Some(IsolationLevel::ReadUncommitted)
        {
            // Undone when the transaction ends, so the pooled connection is left as found.
            self.after_transaction = Some("PRAGMA read_uncommitted = 0");
        }
        self.tx_depth = 1;
        Ok(Transaction::new(self, None))
    }

    /// Whether a transaction is open.
    ///
    /// ```
    /// let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// assert!(!conn.in_transaction());
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn in_transaction(&self) -> bool {
        self.tx_depth > 0
    }

    pub(crate) fn driver(&mut self) -> &mut dyn Driver {
        &mut *self.conn.driver
    }

    /// Rolls back the top-level transaction and restores the session
    /// settings changed for it.
    pub(crate) fn rollback_transaction(&mut self) -> Result<()> {
        self.batch("ROLLBACK")?;
        self.restore_session()
    }

    /// Restores session settings changed for the transaction that ended.
    pub(crate) fn restore_session(&mut self) -> Result<()> {
        match self.after_transaction.take() {
            Some(sql) => self.batch(sql),
            None => Ok(()),
        }
    }

    /// The driver's reset of a transaction raw SQL left open (see
    /// [`Driver::reset`](super::driver::Driver::reset)), echoed as the
    /// statements aludel sends are.
    fn reset_session(&mut self) -> Result<()> {
        let rolled_back = self
            .driver()
            .reset()
            .map_err(|e| database_error(e, "ROLLBACK", &[]))?;
        if rolled_back && self.engine.0.options.echo {
            tracing::info!(target: "aludel::engine", "ROLLBACK (reset on return to the pool)");
        }
        Ok(())
    }

    /// Runs SQL without parameters (transaction control).
    pub(crate) fn batch(&mut self, sql: &str) -> Result<()> {
        if self.engine.0.options.echo {
            tracing::info!(target: "aludel::engine", "{sql}");
        }
        self.driver()
            .batch(sql)
            .map_err(|e| database_error(e, sql, &[]))
    }

    /// Runs a prepared statement.
    pub(crate) fn run(&mut self, p: &Prepared<'_>) -> Result<ResultSet> {
        let echo = self.engine.0.options.echo;
        run_on(self.driver(), echo, p)
    }
}

/// Runs a prepared statement on `driver` (logged first when `echo`).
fn run_on(driver: &mut dyn Driver, echo: bool, p: &Prepared<'_>) -> Result<ResultSet> {
    let sql = p.sql();
    if echo {
        log(sql, &p.params);
    }
    let raw = driver
        .run(sql, &p.params, p.known_names())
        .map_err(|e| database_error(e, sql, &p.params))?;
    Ok(ResultSet::new(
        p.columns(raw.columns),
        raw.rows,
        raw.rows_affected,
        raw.last_insert_id,
    ))
}

impl Drop for Connection {
    /// Resets the connection as it goes back to the pool, as SQLAlchemy's
    /// pool does on return: a transaction left open (begun with raw SQL,
    /// `text("BEGIN")`, or by a transaction guard that was leaked) is
    /// rolled back, so the next checkout neither sees uncommitted work nor
    /// has its `begin` refused. A connection that cannot be reset is
    /// discarded by the pool.
    fn drop(&mut self) {
        let reset = if self.tx_depth > 0 {
            self.rollback_transaction()
        } else {
            self.reset_session()
        };
        if let Err(e) = reset {
            tracing::warn!(
                target: "aludel::engine",
                "a connection whose open transaction could not be rolled back was discarded: {e}"
            );
            self.conn.broken = true;
        }
    }
}

/// [`Prepared::check`] of every set, an error naming the set that failed.
fn check_sets(prepared: &Prepared<'_>, sets: &[Params]) -> Result<()> {
    for (i, set) in sets.iter().enumerate() {
        prepared.check(set).map_err(|e| match e {
            Error::Argument(m) => Error::Argument(format!("parameter set {i}: {m}")),
            other => other,
        })?;
    }
    Ok(())
}

/// The error for parameter set `i` of an `execute_many` INSERT naming
/// other columns than the first set.
fn other_columns(i: usize, columns: &[Name]) -> Error {
    let columns: Vec<&str> = columns.iter().map(|c| &**c).collect();
    Error::Argument(format!(
        "parameter set {i} names other columns than the first set ({})",
        columns.join(", ")
    ))
}

/// Logs a statement and its parameters (the engine's `echo`).
pub(crate) fn log(sql: &str, params: &[Value]) {
    if params.is_empty() {
        tracing::info!(target: "aludel::engine", "{sql}");
    } else {
        let params: Vec<String> = params.iter().map(ToString::to_string).collect();
        tracing::info!(target: "aludel::engine", "{sql}\n[parameters: ({})]", params.join(", "));
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Connection({})", self.engine.url())
    }
}

pub(crate) fn database_error(e: DriverError, sql: &str, params: &[Value]) -> Error {
    Error::Database(DatabaseError {
        kind: e.kind,
        message: e.message,
        sql: sql.to_owned(),
        params: params.to_vec(),
        source: e.source,
    })
}

/// The SQL that opens a transaction.
fn begin_sql(backend: Backend, level: Option<IsolationLevel>) -> Result<Vec<String>> {
    Ok(match (backend, level) {
        (Backend::Sqlite, None | Some(IsolationLevel::Serializable)) => vec!["BEGIN".into()],
        (Backend::Sqlite, Some(IsolationLevel::ReadUncommitted)) => {
            vec!["PRAGMA read_uncommitted = 1".into(), "BEGIN".into()]
        }
        (Backend::Sqlite, Some(l)) => {
            return Err(Error::Argument(format!(
                "SQLite offers SERIALIZABLE and READ UNCOMMITTED isolation, not {}",
                l.as_sql()
            )));
        }
        (Backend::Postgres, None) => vec!["BEGIN".into()],
        (Backend::Postgres, Some(l)) => vec![format!("BEGIN ISOLATION LEVEL {}", l.as_sql())],
        (Backend::Mysql | Backend::Mariadb, None) => vec!["START TRANSACTION".into()],
        (Backend::Mysql | Backend::Mariadb, Some(l)) => vec![
            format!("SET TRANSACTION ISOLATION LEVEL {}", l.as_sql()),
            "START TRANSACTION".into(),
        ],
    })
}

/// The most parameters one statement may have.
fn param_limit(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 32_766,
        Backend::Postgres | Backend::Mysql | Backend::Mariadb => 65_535,
    }
}

/// Multi-row INSERTs of every parameter set, in the order of `columns`
/// (the sets are checked to name exactly those).
fn multirow_batches(
    ins: &Insert,
    columns: &[Name],
    sets: &[Params],
    backend: Backend,
) -> Vec<Insert> {
    let per_stmt = (param_limit(backend) / columns.len()).clamp(1, 1000);
    sets.chunks(per_stmt)
        .map(|chunk| {
            chunk
                .iter()
                .fold(ins.clone().columns(columns.iter()), |b, p| {
                    b.row(
                        columns
                            .iter()
                            .map(|c| Expr::from(p.get(c).cloned().unwrap_or(Value::Null)))
                            .collect::<Vec<_>>(),
                    )
                })
        })
        .collect()
}
