//! Results: [`ResultSet`] and [`Row`].

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;

use aludel_compiler::{Expr, Type, Value};
use indexmap::IndexMap;

use super::decode::FromValue;
use crate::errors::{Error, Result};

/// The columns of a result: names and, where the statement knows them, SQL types.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub(crate) names: Vec<Arc<str>>,
    pub(crate) types: Vec<Option<Type>>,
    pub(crate) origins: Vec<Option<Arc<str>>>,
}

impl Columns {
    pub(crate) fn new(
        names: Vec<Arc<str>>,
        types: Vec<Option<Type>>,
        origins: Vec<Option<Arc<str>>>,
    ) -> Columns {
        Columns {
            names,
            types,
            origins,
        }
    }

    /// The column names, in order.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let rs = engine.connect()?.execute(aludel::text("SELECT 1 AS a, 2 AS b"))?;
    /// assert_eq!(rs.keys(), ["a", "b"]);
    /// assert_eq!(&*rs.columns().names()[0], "a");
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn names(&self) -> &[Arc<str>] {
        &self.names
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|n| &**n == name)
            .or_else(|| self.names.iter().position(|n| n.eq_ignore_ascii_case(name)))
    }

    fn known(&self) -> String {
        self.names
            .iter()
            .map(|n| &**n)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How a row's value is picked: by position, by name, or by column expression.
pub trait RowIndex {
    /// The position in `cols`, or an error naming the columns there are.
    fn position(&self, cols: &Columns) -> Result<usize>;

    /// The position, when the index is one already (then a row read in
    /// place need not look up its column names). `None` by default; an
    /// index that answers `Some(i)` must be one that
    /// [`position`](Self::position) resolves to `i`, or rows read in place
    /// and buffered rows would disagree.
    ///
    /// ```
    /// use aludel::RowIndex;
    /// assert_eq!(2usize.at(), Some(2));
    /// assert_eq!("name".at(), None);
    /// ```
    fn at(&self) -> Option<usize> {
        None
    }
}

impl RowIndex for usize {
    fn at(&self) -> Option<usize> {
        Some(*self)
    }

    fn position(&self, cols: &Columns) -> Result<usize> {
        if *self < cols.names.len() {
            Ok(*self)
        } else {
            Err(Error::NoSuchColumn {
                name: format!("at position {self}"),
                known: cols.known(),
            })
        }
    }
}

impl RowIndex for &str {
    fn position(&self, cols: &Columns) -> Result<usize> {
        cols.position(self).ok_or_else(|| Error::NoSuchColumn {
            name: format!("{self:?}"),
            known: cols.known(),
        })
    }
}

impl RowIndex for &String {
    fn position(&self, cols: &Columns) -> Result<usize> {
        self.as_str().position(cols)
    }
}

impl RowIndex for &Expr {
    /// A selected table column (even when relabeled, like a second `id`
    /// becoming `id_1`), or a labeled expression found by its name.
    fn position(&self, cols: &Columns) -> Result<usize> {
        if let Some(q) = self.as_column().and_then(|c| c.qualified_name()) {
            if let Some(i) = cols.origins.iter().position(|o| o.as_deref() == Some(&q)) {
                return Ok(i);
            }
        }
        match self.key() {
            Some(k) => (&*k).position(cols),
            None => Err(Error::NoSuchColumn {
                name: format!("{self}"),
                known: cols.known(),
            }),
        }
    }
}

impl RowIndex for Expr {
    fn position(&self, cols: &Columns) -> Result<usize> {
        (&self).position(cols)
    }
}

/// One result row.
///
/// ```
/// # use aludel::{create_engine, text};
/// let engine = create_engine("sqlite:///:memory:")?;
/// let row = engine.connect()?.execute(text("SELECT 5 AS n, 'x' AS s"))?.one()?;
/// assert_eq!(row.get::<i64>(0)?, 5);
/// assert_eq!(row.get::<String>("s")?, "x");
/// assert!(row.get::<i64>("missing").is_err());
/// assert!(row.get::<i64>("s").is_err());
/// # Ok::<(), aludel::Error>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct Row {
    pub(crate) columns: Arc<Columns>,
    pub(crate) values: Vec<Value>,
}

impl Row {
    /// The value at `index` (a position, a name, or a column expression) as `T`.
    ///
    /// See [`Row`].
    pub fn get<T: FromValue>(&self, index: impl RowIndex) -> Result<T> {
        let i = index.position(&self.columns)?;
        T::from_value(&self.values[i]).map_err(|found| Error::Type {
            column: self.columns.names[i].to_string(),
            wanted: T::NAME,
            found,
        })
    }

    /// The raw value at `index`.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let row = engine.connect()?.execute(aludel::text("SELECT NULL AS x"))?.one()?;
    /// assert!(row.value("x")?.is_null());
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn value(&self, index: impl RowIndex) -> Result<&Value> {
        let i = index.position(&self.columns)?;
        Ok(&self.values[i])
    }

    /// All values, in column order.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let row = engine.connect()?.execute(aludel::text("SELECT 1, 2"))?.one()?;
    /// assert_eq!(row.values().len(), 2);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// The column names.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let row = engine.connect()?.execute(aludel::text("SELECT 1 AS a"))?.one()?;
    /// assert_eq!(row.keys(), ["a"]);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn keys(&self) -> Vec<&str> {
        self.columns.names.iter().map(|n| &**n).collect()
    }

    /// The number of values.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let row = engine.connect()?.execute(aludel::text("SELECT 1, 2, 3"))?.one()?;
    /// assert_eq!(row.len(), 3);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the row has no values.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// assert!(!engine.connect()?.execute(aludel::text("SELECT 1"))?.one()?.is_empty());
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The row as a name → value map, in column order.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let m = engine.connect()?.execute(aludel::text("SELECT 1 AS a"))?.one()?.to_map();
    /// assert_eq!(m["a"], aludel::Value::Int(1));
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn to_map(&self) -> IndexMap<Arc<str>, Value> {
        self.columns
            .names
            .iter()
            .cloned()
            .zip(self.values.iter().cloned())
            .collect()
    }

    /// Decodes the row into a type implementing [`FromRow`].
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let row = engine.connect()?.execute(aludel::text("SELECT 1, 'a'"))?.one()?;
    /// let (n, s): (i64, String) = row.decode()?;
    /// assert_eq!((n, s.as_str()), (1, "a"));
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn decode<T: FromRow>(&self) -> Result<T> {
        T::from_row(self)
    }
}

impl fmt::Debug for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        RowValues {
            columns: &self.columns,
            values: &self.values,
        }
        .fmt(f)
    }
}

/// A type built from a whole row: tuples of [`FromValue`] types by
/// position, or your own structs.
///
/// ```
/// use aludel::{FromRow, Row};
/// struct Car { name: String, price: i64 }
/// impl FromRow for Car {
///     fn from_row(row: &Row) -> aludel::Result<Self> {
///         Ok(Car { name: row.get("name")?, price: row.get("price")? })
///     }
/// }
/// # let engine = aludel::create_engine("sqlite:///:memory:")?;
/// let car: Car = engine.connect()?.execute(aludel::text("SELECT 'Audi' AS name, 52642 AS price"))?.one()?.decode()?;
/// assert_eq!(car.price, 52642);
/// # Ok::<(), aludel::Error>(())
/// ```
pub trait FromRow: Sized {
    /// Builds the value from a row.
    fn from_row(row: &Row) -> Result<Self>;
}

macro_rules! tuple_from_row {
    ($($n:ident $i:tt),+) => {
        impl<$($n: FromValue),+> FromRow for ($($n,)+) {
            fn from_row(row: &Row) -> Result<Self> {
                Ok(($(row.get::<$n>($i)?,)+))
            }
        }
    };
}
tuple_from_row!(A 0);
tuple_from_row!(A 0, B 1);
tuple_from_row!(A 0, B 1, C 2);
tuple_from_row!(A 0, B 1, C 2, D 3);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

/// The result of a statement: its rows (fetched), the number of rows
/// changed, and the last inserted id where the database reports one.
///
/// ```
/// use aludel::{create_engine, text};
/// let engine = create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// let mut rs = conn.execute(text("SELECT 1 AS n UNION ALL SELECT 2"))?;
/// assert_eq!(rs.keys(), ["n"]);
/// assert_eq!(rs.fetchone().unwrap().get::<i64>("n")?, 1);
/// assert_eq!(rs.all().len(), 1);
/// assert_eq!(conn.execute(text("SELECT 7"))?.scalar::<i64>()?, Some(7));
/// assert!(conn.execute(text("SELECT 1 WHERE 0"))?.one().is_err());
/// # Ok::<(), aludel::Error>(())
/// ```
#[derive(Clone)]
pub struct ResultSet {
    pub(crate) columns: Arc<Columns>,
    /// The rows' values; a [`Row`] is made as each one is taken.
    pub(crate) rows: RowQueue,
    pub(crate) rows_affected: u64,
    pub(crate) last_insert_id: Option<i64>,
}

impl ResultSet {
    pub(crate) fn new(
        columns: Arc<Columns>,
        rows: RowQueue,
        rows_affected: u64,
        last_insert_id: Option<i64>,
    ) -> ResultSet {
        ResultSet {
            columns,
            rows,
            rows_affected,
            last_insert_id,
        }
    }

    fn row(&self, values: Vec<Value>) -> Row {
        Row {
            columns: self.columns.clone(),
            values,
        }
    }

    /// Every remaining row.
    fn into_rows(self) -> impl Iterator<Item = Row> {
        let columns = self.columns;
        self.rows.into_iter().map(move |values| Row {
            columns: columns.clone(),
            values,
        })
    }

    /// The column names.
    ///
    /// See [`ResultSet`].
    pub fn keys(&self) -> Vec<&str> {
        self.columns.names.iter().map(|n| &**n).collect()
    }

    /// The result's columns (names and types).
    ///
    /// See [`Columns::names`].
    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    /// The next row, if any.
    ///
    /// See [`ResultSet`].
    pub fn fetchone(&mut self) -> Option<Row> {
        let values = self.rows.pop_front()?;
        Some(self.row(values))
    }

    /// Up to `n` of the remaining rows.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let mut rs = engine.connect()?.execute(aludel::text("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3"))?;
    /// assert_eq!(rs.fetchmany(2).len(), 2);
    /// assert_eq!(rs.fetchmany(2).len(), 1);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn fetchmany(&mut self, n: usize) -> Vec<Row> {
        let n = n.min(self.rows.len());
        (0..n).map_while(|_| self.fetchone()).collect()
    }

    /// All remaining rows.
    ///
    /// See [`ResultSet`].
    pub fn all(self) -> Vec<Row> {
        self.into_rows().collect()
    }

    /// The first row, if any (the rest are discarded).
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let first = engine.connect()?.execute(aludel::text("SELECT 1 UNION ALL SELECT 2"))?.first();
    /// assert_eq!(first.unwrap().get::<i64>(0)?, 1);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn first(mut self) -> Option<Row> {
        self.fetchone()
    }

    /// Exactly one row: [`Error::NoResultFound`] or [`Error::MultipleResultsFound`] otherwise.
    ///
    /// See [`ResultSet`].
    pub fn one(self) -> Result<Row> {
        self.one_or_none()?.ok_or(Error::NoResultFound)
    }

    /// At most one row: [`Error::MultipleResultsFound`] if there are more.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// assert!(conn.execute(aludel::text("SELECT 1 WHERE 0"))?.one_or_none()?.is_none());
    /// assert!(conn.execute(aludel::text("SELECT 1 UNION ALL SELECT 2"))?.one_or_none().is_err());
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn one_or_none(mut self) -> Result<Option<Row>> {
        match self.rows.len() {
            0 => Ok(None),
            1 => Ok(self.fetchone()),
            _ => Err(Error::MultipleResultsFound),
        }
    }

    /// The first column of the first row (`None` when there are no rows).
    ///
    /// See [`ResultSet`].
    pub fn scalar<T: FromValue>(self) -> Result<Option<T>> {
        match self.first() {
            None => Ok(None),
            Some(row) => row.get(0).map(Some),
        }
    }

    /// The first column of exactly one row.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// assert_eq!(engine.connect()?.execute(aludel::text("SELECT 3"))?.scalar_one::<i32>()?, 3);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn scalar_one<T: FromValue>(self) -> Result<T> {
        self.one()?.get(0)
    }

    /// The first column of every remaining row.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let v: Vec<i64> = engine.connect()?.execute(aludel::text("SELECT 1 UNION ALL SELECT 2"))?.scalars()?;
    /// assert_eq!(v, [1, 2]);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn scalars<T: FromValue>(self) -> Result<Vec<T>> {
        self.into_rows().map(|r| r.get(0)).collect()
    }

    /// Every remaining row as a name → value map.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let maps = engine.connect()?.execute(aludel::text("SELECT 1 AS a"))?.mappings();
    /// assert_eq!(maps[0]["a"], aludel::Value::Int(1));
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn mappings(self) -> Vec<IndexMap<Arc<str>, Value>> {
        self.into_rows().map(|r| r.to_map()).collect()
    }

    /// Every remaining row decoded into `T`.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let v: Vec<(i64, String)> = engine.connect()?.execute(aludel::text("SELECT 1, 'a'"))?.decode_all()?;
    /// assert_eq!(v, [(1, "a".to_string())]);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn decode_all<T: FromRow>(self) -> Result<Vec<T>> {
        self.into_rows().map(|r| T::from_row(&r)).collect()
    }

    /// How many rows an INSERT, UPDATE or DELETE changed.
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// conn.execute(aludel::text("CREATE TABLE t (a INTEGER)"))?;
    /// assert_eq!(conn.execute(aludel::text("INSERT INTO t VALUES (1), (2)"))?.rows_affected(), 2);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }

    /// The id of the last inserted row, where the database reports one
    /// (SQLite's rowid, MySQL's `LAST_INSERT_ID()`; on PostgreSQL use RETURNING).
    ///
    /// ```
    /// # let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// conn.execute(aludel::text("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER)"))?;
    /// assert_eq!(conn.execute(aludel::text("INSERT INTO t (a) VALUES (9)"))?.last_insert_id(), Some(1));
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn last_insert_id(&self) -> Option<i64> {
        self.last_insert_id
    }
}

impl Iterator for ResultSet {
    type Item = Row;
    fn next(&mut self) -> Option<Row> {
        self.fetchone()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.rows.len(), Some(self.rows.len()))
    }
}

impl fmt::Debug for ResultSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Rows<'a>(&'a ResultSet);
        impl fmt::Debug for Rows<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list()
                    .entries(self.0.rows.iter().map(|values| RowValues {
                        columns: &self.0.columns,
                        values,
                    }))
                    .finish()
            }
        }
        f.debug_struct("ResultSet")
            .field("columns", &self.columns)
            .field("rows", &Rows(self))
            .field("rows_affected", &self.rows_affected)
            .field("last_insert_id", &self.last_insert_id)
            .finish()
    }
}

/// The rows of a result, first to last. The first is held apart, so a
/// result of one row (the most common kind) needs no list.
#[derive(Clone, Default)]
pub(crate) struct RowQueue {
    first: Option<Vec<Value>>,
    rest: VecDeque<Vec<Value>>,
}

impl RowQueue {
    /// Adds a row at the end.
    #[cfg_attr(
        not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
        allow(dead_code)
    )]
    pub(crate) fn push(&mut self, row: Vec<Value>) {
        if self.first.is_none() && self.rest.is_empty() {
            self.first = Some(row);
        } else {
            self.rest.push_back(row);
        }
    }

    fn pop_front(&mut self) -> Option<Vec<Value>> {
        self.first.take().or_else(|| self.rest.pop_front())
    }

    /// How many rows there are.
    pub(crate) fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.rest.len()
    }

    fn iter(&self) -> impl Iterator<Item = &Vec<Value>> {
        self.first.iter().chain(&self.rest)
    }
}

impl IntoIterator for RowQueue {
    type Item = Vec<Value>;
    type IntoIter = std::iter::Chain<
        std::option::IntoIter<Vec<Value>>,
        std::collections::vec_deque::IntoIter<Vec<Value>>,
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.first.into_iter().chain(self.rest)
    }
}

/// A row's values shown as [`Row`]'s `Debug` shows them.
struct RowValues<'a> {
    columns: &'a Columns,
    values: &'a [Value],
}

impl fmt::Debug for RowValues<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (k, v) in self.columns.names.iter().zip(self.values) {
            m.entry(&&**k, v);
        }
        m.finish()
    }
}
