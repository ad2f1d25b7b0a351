//! Reading rows in place: [`Connection::query_map`],
//! [`Connection::for_each_row`] and [`RowRef`].
//!
//! [`Connection::execute`] reads every row into a [`ResultSet`](crate::ResultSet) of owned
//! [`Value`]s first. These hand each row over as it is fetched: no row list
//! is kept, the column names are looked up only when a value is asked for
//! by name, and on SQLite a `String` is copied once, straight from SQLite's
//! buffer.

use std::cell::OnceCell;
use std::ops::ControlFlow;
use std::sync::Arc;

use aludel_compiler::Value;
use aludel_compiler::stmt::IntoStatement;

use super::connection::{Connection, database_error, log};
use super::decode::FromValue;
use super::driver::{Cells, same_names};
use super::params::IntoParams;
use super::pool::Pooled;
use super::prepared::Prepared;
use super::result::{Columns, FromRow, Row, RowIndex};
use super::row_cell::RowCell;
use crate::errors::{Error, Result};

impl Connection {
    /// Runs a statement and calls `f` with each row as it is read, in place;
    /// the first error `f` returns stops the calls and is returned.
    ///
    /// Each row is handed over as the driver reads it (stepped on SQLite,
    /// received from the socket on PostgreSQL and MySQL), so a large result
    /// never sits in memory. When `f` fails, SQLite stops the statement;
    /// PostgreSQL and MySQL have sent the rest of the result, which is read
    /// (not decoded) so the connection stays in step, and a database error
    /// in it is returned instead of `f`'s: on PostgreSQL it has aborted the
    /// transaction, so it must not go unseen.
    ///
    /// ```
    /// use aludel::{create_engine, text, params};
    /// let engine = create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// let mut total = 0;
    /// conn.for_each_row(
    ///     text("SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT :three"),
    ///     params! {"three" => 3},
    ///     |row| {
    ///         total += row.get::<i64>("n")?;
    ///         Ok(())
    ///     },
    /// )?;
    /// assert_eq!(total, 6);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn for_each_row<'s, F>(
        &mut self,
        stmt: impl IntoStatement<'s>,
        params: impl IntoParams,
        mut f: F,
    ) -> Result<()>
    where
        F: FnMut(&RowRef<'_>) -> Result<()>,
    {
        // The template is borrowed from the connection's recent statements
        // (the driver is the other half of the same connection).
        let engine = &self.engine.0;
        let Pooled { driver, recent, .. } = &mut **self.conn;
        // Used where `prepare` wrote it: taken out of its `Result`, it
        // would be copied at once, with wider loads than the stores that
        // just wrote it (a stall of some 20 cycles).
        let mut prepared = engine
            .cache
            .prepare(&stmt.into_statement(), engine.dialect, recent);
        let prepared = match &mut prepared {
            Ok(p) => p,
            Err(_) => return prepared.map(drop),
        };
        // spelled out (here and in `execute_with`): a helper taking
        // `params` by value copied it into itself, even in line
        match params.as_params() {
            Some(p) => prepared.bind(p)?,
            None => prepared.bind(&params.into_params())?,
        }
        if engine.options.echo {
            log(prepared.sql(), &prepared.params);
        }
        let columns = OnceCell::new();
        let mut failed = None;
        let sql = prepared.sql();
        driver
            .run_rows(sql, &prepared.params, &mut |cells| {
                let row = RowRef {
                    cells,
                    len: cells.len(),
                    prepared,
                    columns: &columns,
                };
                match f(&row) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(e) => {
                        failed = Some(e);
                        ControlFlow::Break(())
                    }
                }
            })
            .map_err(|e| database_error(e, sql, &prepared.params))?;
        failed.map_or(Ok(()), Err)
    }

    /// Runs a statement and returns what `f` makes of each row, reading the
    /// rows in place as [`for_each_row`](Self::for_each_row) does: the
    /// quickest way from a query to Rust values.
    ///
    /// ```
    /// use aludel::prelude::*;
    /// use aludel::{create_engine, params, MetaDataExt};
    /// let meta = MetaData::new();
    /// let users = meta.table("users")
    ///     .column(Column::new("id", Type::Integer).primary_key())
    ///     .column(Column::new("name", Type::Text))
    ///     .build()?;
    /// let engine = create_engine("sqlite:///:memory:")?;
    /// meta.create_all(&engine)?;
    /// let mut conn = engine.connect()?;
    /// conn.execute_many(insert(&users), [params! {"id" => 1, "name" => "ann"}, params! {"id" => 2, "name" => "bo"}])?;
    ///
    /// // Built once, run with a new value each time.
    /// let by_id = Statement::from(select((users.c("id"), users.c("name"))).filter(users.c("id").eq(bindparam("id"))));
    /// let rows = conn.query_map(&by_id, params! {"id" => 2}, |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)))?;
    /// assert_eq!(rows, [(2, "bo".to_owned())]);
    /// let names = conn.query_map(select(users.c("name")).order_by(users.c("id")), (), |r| r.get::<String>(users.c("name")))?;
    /// assert_eq!(names, ["ann", "bo"]);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    #[inline]
    pub fn query_map<'s, T, F>(
        &mut self,
        stmt: impl IntoStatement<'s>,
        params: impl IntoParams,
        mut f: F,
    ) -> Result<Vec<T>>
    where
        F: FnMut(&RowRef<'_>) -> Result<T>,
    {
        let mut out = Vec::new();
        self.for_each_row(stmt, params, |row| {
            let item = f(row)?;
            if out.capacity() == 0 {
                // the first row allocates room for four at once, as
                // `push` would, without going through its growth path
                out = Vec::with_capacity(if size_of::<T>() <= 1024 { 4 } else { 1 });
            }
            out.push(item);
            Ok(())
        })?;
        Ok(out)
    }
}

/// One row read in place, handed to the closure of
/// [`Connection::query_map`] or [`Connection::for_each_row`]. It reads
/// values as [`Row`] does (by position, name or column, with
/// [`FromValue`]), but only while the closure runs; [`to_row`](Self::to_row)
/// copies it out.
///
/// ```
/// # use aludel::{create_engine, text};
/// let engine = create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// let rows = conn.query_map(text("SELECT 5 AS n, 'x' AS s, NULL AS z"), (), |row| {
///     assert_eq!(row.len(), 3);
///     assert_eq!(row.get::<Option<i64>>("z")?, None);
///     assert!(row.get::<i64>("s").is_err());
///     assert!(row.get::<i64>(7).is_err());
///     Ok((row.get::<i64>(0)?, row.get::<String>("s")?))
/// })?;
/// assert_eq!(rows, [(5, "x".to_owned())]);
/// # Ok::<(), aludel::Error>(())
/// ```
pub struct RowRef<'a> {
    cells: &'a dyn Cells,
    /// `cells.len()`, asked once per row.
    len: usize,
    prepared: &'a Prepared<'a>,
    /// The result's columns, built on the first lookup that needs them.
    columns: &'a OnceCell<Arc<Columns>>,
}

impl RowRef<'_> {
    /// How many values the row has.
    ///
    /// See [`RowRef`].
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the row has no values.
    ///
    /// ```
    /// # let mut conn = aludel::create_engine("sqlite:///:memory:")?.connect()?;
    /// let empty = conn.query_map(aludel::text("SELECT 1"), (), |row| Ok(row.is_empty()))?;
    /// assert_eq!(empty, [false]);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value at `index` as a Rust type: a missing column is an
    /// [`Error::NoSuchColumn`], a value of another type an [`Error::Type`].
    ///
    /// See [`RowRef`].
    #[inline]
    pub fn get<T: FromValue>(&self, index: impl RowIndex) -> Result<T> {
        let i = self.position(&index)?;
        match T::from_cell(RowCell::new(self.cells, i)) {
            Ok(v) => Ok(v),
            Err(found) => Err(self.type_error(i, T::NAME, found)),
        }
    }

    /// The error for a value of another type than the one asked for.
    #[cold]
    #[inline(never)]
    fn type_error(&self, i: usize, wanted: &'static str, found: String) -> Error {
        Error::Type {
            column: self.name(i).to_owned(),
            wanted,
            found,
        }
    }

    /// The value at `index`, copied out.
    ///
    /// ```
    /// # let mut conn = aludel::create_engine("sqlite:///:memory:")?.connect()?;
    /// let v = conn.query_map(aludel::text("SELECT 'a' AS x"), (), |row| row.value("x"))?;
    /// assert_eq!(v, [aludel::Value::from("a")]);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn value(&self, index: impl RowIndex) -> Result<Value> {
        let i = self.position(&index)?;
        Ok(self.cells.cell(i).to_value())
    }

    /// The row copied out as a [`Row`] (to keep it, or to decode it with
    /// [`FromRow`]).
    ///
    /// ```
    /// # let mut conn = aludel::create_engine("sqlite:///:memory:")?.connect()?;
    /// let rows = conn.query_map(aludel::text("SELECT 1 AS a, 'b' AS b"), (), |row| row.to_row())?;
    /// assert_eq!(rows[0].get::<String>("b")?, "b");
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn to_row(&self) -> Result<Row> {
        let values = (0..self.len)
            .map(|i| self.cells.cell(i).to_value())
            .collect();
        Ok(Row {
            columns: self.columns().clone(),
            values,
        })
    }

    /// The row decoded as a [`FromRow`] type (a tuple, or your own struct).
    ///
    /// ```
    /// # let mut conn = aludel::create_engine("sqlite:///:memory:")?.connect()?;
    /// let pairs: Vec<(i64, String)> = conn.query_map(aludel::text("SELECT 1, 'one'"), (), |row| row.decode())?;
    /// assert_eq!(pairs, [(1, "one".to_owned())]);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn decode<T: FromRow>(&self) -> Result<T> {
        T::from_row(&self.to_row()?)
    }

    fn position(&self, index: &impl RowIndex) -> Result<usize> {
        match index.at() {
            Some(i) if i < self.len => Ok(i),
            _ => index.position(self.columns()),
        }
    }

    /// Column `i`'s name in the result (see [`Prepared::columns`]).
    fn name(&self, i: usize) -> &str {
        self.columns().names().get(i).map_or("", |n| n)
    }

    /// The result's columns: names from the driver (or the compiler's,
    /// by position), types and origins from the compiled statement.
    fn columns(&self) -> &Arc<Columns> {
        self.columns.get_or_init(|| {
            // an earlier run's columns when the driver's names are theirs
            // (not read when the compiler names the columns by position)
            let names = (0..self.len).map(|i| self.cells.name(i));
            if same_names(self.prepared.known_names(), names)
                && let Some(known) = self.prepared.known_columns()
            {
                return known.clone();
            }
            let names = (0..self.len)
                .map(|i| Arc::from(self.cells.name(i)))
                .collect();
            self.prepared.columns(Some(names))
        })
    }
}

impl std::fmt::Debug for RowRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut m = f.debug_map();
        for i in 0..self.len {
            m.entry(&self.name(i), &self.cells.cell(i));
        }
        m.finish()
    }
}
