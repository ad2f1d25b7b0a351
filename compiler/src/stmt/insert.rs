//! `INSERT`, including multi-row VALUES, INSERT ... SELECT, DEFAULT VALUES,
//! RETURNING and upserts (ON CONFLICT / ON DUPLICATE KEY UPDATE).

use crate::expr::IntoExprs;
use crate::shared::Shared;
use crate::stmt::id::{self, Stamp};
use std::fmt;

use crate::error::CompileError;
use crate::expr::{Excluded, Expr, Node};
use crate::ident::Ident;
use crate::schema::{Table, TableRef};
use crate::stmt::ctes::CteCollector;
use crate::stmt::{CompoundSelect, Rows};

/// An `INSERT` statement.
///
/// Columns are rendered in table order whatever order values are given in;
/// client-side column defaults fill the columns a row does not give.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::{Postgres, Sqlite}};
/// # let users = MetaData::new().table("users")
/// #     .column(Column::new("id", Type::Integer).primary_key())
/// #     .column(Column::new("name", Type::Text)).column(Column::new("fullname", Type::Text)).build().unwrap();
/// let ins = insert(&users).values([("fullname", "Jack Jones"), ("name", "jack")]);
/// let c = ins.compile(&Postgres).unwrap();
/// assert_eq!(c.sql, "INSERT INTO users (name, fullname) VALUES ($1, $2)");
/// assert_eq!(c.params, vec![Value::from("jack"), Value::from("Jack Jones")]);
///
/// let many = insert(&users).columns(["id", "name"])
///     .row([Expr::from(1), Expr::from("a")])
///     .row([Expr::from(2), Expr::from("b")]);
/// assert_eq!(many.compile(&Sqlite).unwrap().sql, "INSERT INTO users (id, name) VALUES (?, ?), (?, ?)");
/// ```
#[derive(Clone)]
pub struct Insert(pub(crate) Shared<InsertInner>);

#[derive(Clone)]
pub(crate) struct InsertInner {
    /// The statement's identity (see [`Stamp`]).
    pub(crate) stamp: Stamp,
    pub(crate) table: TableRef,
    pub(crate) source: InsertSource,
    pub(crate) returning: Vec<Expr>,
    pub(crate) on_conflict: Option<OnConflict>,
    pub(crate) on_duplicate: Option<Vec<(usize, Expr)>>,
    pub(crate) error: Option<CompileError>,
}

#[derive(Clone)]
pub(crate) enum InsertSource {
    /// No values given: every column, as named parameters to be supplied at execution.
    AllColumns,
    /// `DEFAULT VALUES`.
    DefaultValues,
    /// One or more rows over the same columns (column indexes, table order).
    Rows { columns: Vec<usize>, rows: Rows },
    /// `INSERT INTO t (cols) SELECT ...`.
    Select {
        columns: Vec<usize>,
        select: CompoundSelect,
    },
}

/// What an `ON CONFLICT` clause targets.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::ConflictTarget, dialect::{Postgres, Sqlite}};
/// # let users = MetaData::new().table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
/// let ins = insert(&users).values([("id", Expr::from(1)), ("name", Expr::from("x"))]);
/// let sql = |target, dialect: &dyn aludel_compiler::Dialect| {
///     ins.clone().on_conflict_do_nothing(target).compile(dialect).map(|c| c.sql)
/// };
/// assert_eq!(sql(ConflictTarget::Any, &Sqlite).unwrap(),
///     "INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING");
/// assert_eq!(sql(ConflictTarget::columns(["id"]), &Sqlite).unwrap(),
///     "INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING");
/// assert_eq!(sql(ConflictTarget::constraint("users_pkey"), &Postgres).unwrap(),
///     "INSERT INTO users (id, name) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT users_pkey DO NOTHING");
/// assert!(sql(ConflictTarget::constraint("users_pkey"), &Sqlite).is_err()); // PostgreSQL only
/// ```
#[derive(Clone)]
pub enum ConflictTarget {
    /// No target (`ON CONFLICT DO NOTHING`).
    Any,
    /// The columns of a unique index: `ON CONFLICT (a, b)`.
    Columns(Vec<Ident>),
    /// A named constraint: `ON CONFLICT ON CONSTRAINT name` (PostgreSQL).
    Constraint(Ident),
}

impl ConflictTarget {
    /// A target of index columns.
    ///
    /// ```
    /// let t = aludel_compiler::stmt::ConflictTarget::columns(["id"]);
    /// ```
    pub fn columns<I: IntoIterator<Item = S>, S: AsRef<str>>(cols: I) -> Self {
        ConflictTarget::Columns(cols.into_iter().map(|c| Ident::new(c.as_ref())).collect())
    }

    /// A named-constraint target.
    ///
    /// ```
    /// let t = aludel_compiler::stmt::ConflictTarget::constraint("keywords_keyword_key");
    /// ```
    pub fn constraint(name: &str) -> Self {
        ConflictTarget::Constraint(Ident::new(name))
    }
}

#[derive(Clone)]
pub(crate) struct OnConflict {
    pub(crate) target: ConflictTarget,
    pub(crate) target_where: Option<Expr>,
    pub(crate) action: ConflictAction,
}

#[derive(Clone)]
pub(crate) enum ConflictAction {
    Nothing,
    Update {
        set: Vec<(usize, Expr)>,
        filter: Option<Expr>,
    },
}

/// `INSERT INTO table`.
///
/// ```
/// # use aludel_compiler::prelude::*;
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let ins = insert(&t).values([("a", 1)]);
/// ```
pub fn insert(table: &Table) -> Insert {
    Insert(Shared::new(InsertInner {
        stamp: Stamp::new(),
        table: TableRef::of(table),
        source: InsertSource::AllColumns,
        returning: Vec::new(),
        on_conflict: None,
        on_duplicate: None,
        error: None,
    }))
}

impl Insert {
    fn edit(&mut self) -> &mut InsertInner {
        id::edit(&mut self.0, |i| &mut i.stamp)
    }

    fn col_index(&mut self, name: &str) -> Option<usize> {
        let idx = self.0.table.column_index(name);
        if idx.is_none() && self.0.error.is_none() {
            let err = self.0.table.unknown_column(name);
            self.edit().error = Some(err);
        }
        idx
    }

    /// One row of values, by column name (rendered in table order).
    /// Calling it again adds or replaces columns of that row.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Text)).build().unwrap();
    /// let c = insert(&t).values([("b", Expr::from("x")), ("a", Expr::from(1))]).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "INSERT INTO t (a, b) VALUES (?, ?)");
    /// ```
    pub fn values<I, K, V>(mut self, values: I) -> Insert
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<Expr>,
    {
        let mut pairs: Vec<(usize, Expr)> = match &self.0.source {
            InsertSource::Rows { columns, rows } if rows.len() == 1 => columns
                .iter()
                .copied()
                .zip(rows.row(0).iter().cloned())
                .collect(),
            _ => Vec::new(),
        };
        for (k, v) in values {
            if let Some(i) = self.col_index(k.as_ref()) {
                let v = v.into();
                match pairs.iter_mut().find(|(c, _)| *c == i) {
                    Some(slot) => slot.1 = v,
                    None => pairs.push((i, v)),
                }
            }
        }
        pairs.sort_by_key(|(i, _)| *i);
        let (columns, row): (Vec<usize>, Vec<Expr>) = pairs.into_iter().unzip();
        self.edit().source = if columns.is_empty() {
            InsertSource::DefaultValues
        } else {
            InsertSource::Rows {
                columns,
                rows: Rows::one(row),
            }
        };
        self
    }

    /// Declares the columns for positional [`Insert::row`] calls.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let ins = insert(&t).columns(["a"]).row([Expr::from(1)]).row([Expr::from(2)]);
    /// ```
    #[inline]
    pub fn columns<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, names: I) -> Insert {
        let names = names.into_iter();
        let mut columns = Vec::with_capacity(names.size_hint().0);
        for n in names {
            if let Some(i) = self.col_index(n.as_ref()) {
                columns.push(i);
            }
        }
        self.edit().source = InsertSource::Rows {
            rows: Rows::new(columns.len()),
            columns,
        };
        self
    }

    /// Adds a row of values in the order of [`Insert::columns`]. A row of
    /// the wrong length makes compilation fail.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let ins = insert(&t).columns(["a"]).row([Expr::from(1)]);
    /// ```
    #[inline]
    pub fn row(mut self, values: impl IntoExprs) -> Insert {
        let inner = self.edit();
        match &mut inner.source {
            InsertSource::Rows { columns, rows } => {
                if let Err(given) = rows.push(values) {
                    wrong_row_length(&mut inner.error, given, columns.len());
                }
            }
            _ => row_before_columns(&mut inner.error),
        }
        self
    }

    /// Several rows given by column name; every row must name the same
    /// columns (a multi-row `VALUES` list).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = insert(&t).values_many([[("a", 1)], [("a", 2)]]).compile(&Postgres).unwrap();
    /// assert_eq!(c.sql, "INSERT INTO t (a) VALUES ($1), ($2)");
    /// ```
    pub fn values_many<I, R, K, V>(mut self, rows: I) -> Insert
    where
        I: IntoIterator<Item = R>,
        R: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<Expr>,
    {
        let mut columns: Option<Vec<usize>> = None;
        let mut out_rows = Rows::default();
        for r in rows {
            let mut pairs: Vec<(usize, Expr)> = Vec::new();
            for (k, v) in r {
                if let Some(i) = self.col_index(k.as_ref()) {
                    // a column named twice takes its last value, as in `values`
                    let v = v.into();
                    match pairs.iter_mut().find(|(c, _)| *c == i) {
                        Some(slot) => slot.1 = v,
                        None => pairs.push((i, v)),
                    }
                }
            }
            pairs.sort_by_key(|(i, _)| *i);
            let (cols, row): (Vec<usize>, Vec<Expr>) = pairs.into_iter().unzip();
            let same = match &columns {
                None => {
                    out_rows = Rows::new(cols.len());
                    columns = Some(cols);
                    true
                }
                Some(c) => *c == cols,
            };
            if !same || out_rows.push(row).is_err() {
                self.edit().error.get_or_insert(CompileError::Invalid(
                    "every row of a multi-row INSERT must give the same columns".into(),
                ));
            }
        }
        self.edit().source = InsertSource::Rows {
            columns: columns.unwrap_or_default(),
            rows: out_rows,
        };
        self
    }

    /// `INSERT INTO table DEFAULT VALUES` (`() VALUES ()` on MySQL).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Sqlite, Mysql}};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(insert(&t).default_values().compile(&Sqlite).unwrap().sql, "INSERT INTO t DEFAULT VALUES");
    /// assert_eq!(insert(&t).default_values().compile(&Mysql).unwrap().sql, "INSERT INTO t () VALUES ()");
    /// ```
    pub fn default_values(mut self) -> Insert {
        self.edit().source = InsertSource::DefaultValues;
        self
    }

    /// `INSERT INTO table (columns) SELECT ...`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = insert(&t).from_select(["a"], select(t.c("a")).filter(t.c("a").gt(1))).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "INSERT INTO t (a) SELECT t.a FROM t WHERE t.a > ?");
    /// ```
    pub fn from_select<I, S>(mut self, columns: I, select: impl Into<CompoundSelect>) -> Insert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut cols = Vec::new();
        for n in columns {
            if let Some(i) = self.col_index(n.as_ref()) {
                cols.push(i);
            }
        }
        self.edit().source = InsertSource::Select {
            columns: cols,
            select: select.into(),
        };
        self
    }

    /// `RETURNING columns` (`OUTPUT inserted.*` on SQL Server; a compile
    /// error on MySQL and on MariaDB before 10.5).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Postgres, Mysql}};
    /// # let t = MetaData::new().table("t").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("a", Type::Text)).build().unwrap();
    /// let ins = insert(&t).values([("a", "x")]).returning([t.c("id")]);
    /// assert_eq!(ins.compile(&Postgres).unwrap().sql, "INSERT INTO t (a) VALUES ($1) RETURNING t.id");
    /// assert!(ins.compile(&Mysql).is_err());
    /// ```
    pub fn returning(mut self, cols: impl IntoExprs) -> Insert {
        cols.into_exprs(&mut self.edit().returning);
        self
    }

    /// `ON CONFLICT (target) DO NOTHING` (PostgreSQL, SQLite).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, stmt::ConflictTarget, dialect::Sqlite};
    /// # let t = MetaData::new().table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
    /// let ins = insert(&t).values([("id", Expr::from(1)), ("name", Expr::from("x"))])
    ///     .on_conflict_do_nothing(ConflictTarget::columns(["id"]));
    /// assert_eq!(ins.compile(&Sqlite).unwrap().sql,
    ///     "INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING");
    /// ```
    pub fn on_conflict_do_nothing(mut self, target: ConflictTarget) -> Insert {
        self.edit().on_conflict = Some(OnConflict {
            target,
            target_where: None,
            action: ConflictAction::Nothing,
        });
        self
    }

    /// `ON CONFLICT (target) DO UPDATE SET ... [WHERE filter]` (PostgreSQL,
    /// SQLite). Use [`Insert::excluded`] for the proposed row's values.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, stmt::ConflictTarget, dialect::Postgres};
    /// # let t = MetaData::new().table("keywords").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("keyword", Type::Text)).build().unwrap();
    /// let ins = insert(&t).values([("id", Expr::from(1)), ("keyword", Expr::from("sql"))]);
    /// let up = ins.clone().on_conflict_do_update(
    ///     ConflictTarget::constraint("keywords_keyword_key"),
    ///     [("keyword", ins.excluded("keyword"))],
    ///     Some(t.c("id").gt(0)),
    /// );
    /// assert_eq!(up.compile(&Postgres).unwrap().sql,
    ///     "INSERT INTO keywords (id, keyword) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT keywords_keyword_key \
    ///      DO UPDATE SET keyword = excluded.keyword WHERE keywords.id > $3");
    /// ```
    pub fn on_conflict_do_update<I, K, V>(
        mut self,
        target: ConflictTarget,
        set: I,
        filter: Option<Expr>,
    ) -> Insert
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<Expr>,
    {
        let mut pairs = Vec::new();
        for (k, v) in set {
            if let Some(i) = self.col_index(k.as_ref()) {
                pairs.push((i, v.into()));
            }
        }
        self.edit().on_conflict = Some(OnConflict {
            target,
            target_where: None,
            action: ConflictAction::Update { set: pairs, filter },
        });
        self
    }

    /// MySQL/MariaDB `ON DUPLICATE KEY UPDATE col = value, ...`. Use
    /// [`Insert::excluded`] for the proposed row's values (`VALUES(col)`).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Mysql};
    /// # let t = MetaData::new().table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
    /// let ins = insert(&t).values([("id", Expr::from(1)), ("name", Expr::from("x"))]);
    /// let up = ins.clone().on_duplicate_key_update([("name", ins.excluded("name"))]);
    /// assert_eq!(up.compile(&Mysql).unwrap().sql,
    ///     "INSERT INTO users (id, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)");
    /// ```
    pub fn on_duplicate_key_update<I, K, V>(mut self, set: I) -> Insert
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<Expr>,
    {
        let mut pairs = Vec::new();
        for (k, v) in set {
            if let Some(i) = self.col_index(k.as_ref()) {
                pairs.push((i, v.into()));
            }
        }
        self.edit().on_duplicate = Some(pairs);
        self
    }

    /// The value the conflicting row would have had: `excluded.col` on
    /// PostgreSQL and SQLite, `VALUES(col)` on MySQL/MariaDB.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = insert(&t).excluded("a");
    /// ```
    pub fn excluded(&self, column: &str) -> Expr {
        match self.0.table.column(column) {
            Some(c) => Expr(Node::Excluded(Shared::new(Excluded {
                column: c.name().clone(),
                ty: Some(c.ty().clone()),
            }))),
            None => Expr::invalid(self.0.table.unknown_column(column)),
        }
    }

    /// Whether no values were given (every column is a named parameter
    /// supplied at execution time).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert!(insert(&t).is_without_values());
    /// assert!(!insert(&t).values([("a", 1)]).is_without_values());
    /// ```
    pub fn is_without_values(&self) -> bool {
        matches!(self.0.source, InsertSource::AllColumns)
    }

    /// The target table.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert!(insert(&t).table().is(&t));
    /// ```
    pub fn table(&self) -> &Table {
        &self.0.table
    }

    /// The CTEs the statement's clauses reach, in the order they are
    /// written (rows or SELECT, ON CONFLICT or ON DUPLICATE KEY, RETURNING).
    pub(crate) fn walk_ctes(&self, c: &mut CteCollector) {
        let i = &self.0;
        match &i.source {
            InsertSource::Rows { rows, .. } => rows.values().iter().for_each(|e| c.expr(e)),
            InsertSource::Select { select, .. } => c.compound(select),
            _ => {}
        }
        // the clauses after the rows, in the order they are written
        if let Some(oc) = &i.on_conflict {
            if let Some(w) = &oc.target_where {
                c.expr(w);
            }
            if let ConflictAction::Update { set, filter } = &oc.action {
                set.iter().for_each(|(_, e)| c.expr(e));
                if let Some(f) = filter {
                    c.expr(f);
                }
            }
        }
        if let Some(set) = &i.on_duplicate {
            set.iter().for_each(|(_, e)| c.expr(e));
        }
        i.returning.iter().for_each(|e| c.expr(e));
    }
}

impl fmt::Debug for Insert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::dialect::render_generic(&crate::stmt::Statement::Insert(self.clone())) {
            Ok(s) => write!(f, "Insert({s})"),
            Err(e) => write!(f, "Insert(<{e}>)"),
        }
    }
}

/// Notes a row of the wrong length, unless an error is noted already (out
/// of line, so that [`Insert::row`], called once per row, stays small
/// enough to be inlined where the rows are given).
#[cold]
#[inline(never)]
fn wrong_row_length(error: &mut Option<CompileError>, given: usize, n: usize) {
    error.get_or_insert_with(|| {
        CompileError::Invalid(format!("an INSERT row has {given} values for {n} columns"))
    });
}

/// Notes a row given before its columns (see [`wrong_row_length`]).
#[cold]
#[inline(never)]
fn row_before_columns(error: &mut Option<CompileError>) {
    error.get_or_insert_with(|| {
        CompileError::Invalid("call Insert::columns before Insert::row".into())
    });
}
