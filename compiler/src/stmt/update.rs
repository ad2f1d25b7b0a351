//! `UPDATE` and `DELETE`.

use crate::expr::IntoExprs;
use crate::shared::Shared;
use crate::stmt::id::{self, Stamp};
use std::fmt;

use crate::error::CompileError;
use crate::expr::Expr;
use crate::schema::{Table, TableRef};
use crate::stmt::ctes::CteCollector;
use crate::stmt::froms::{FromList, FromRef, level_froms};
use crate::stmt::select::{CriteriaList, push_criterion};
use smallvec::SmallVec;

/// An `UPDATE` statement.
///
/// Tables other than the target that the WHERE clause mentions become
/// `UPDATE ... FROM other` (PostgreSQL, SQLite) or `UPDATE t, other`
/// (MySQL). Columns with an `onupdate` default that the statement does not
/// set are set to it.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Postgres};
/// # let users = MetaData::new().table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
/// let up = update(&users).set([("name", "ed")]).filter(users.c("id").eq(5));
/// let c = up.compile(&Postgres).unwrap();
/// assert_eq!(c.sql, "UPDATE users SET name=$1 WHERE users.id = $2");
/// ```
#[derive(Clone)]
pub struct Update(pub(crate) Shared<UpdateInner>);

/// The WHERE criteria of an UPDATE or DELETE, joined by AND: up to two are
/// held in place, so that a short statement makes no allocation for them.
/// (A SELECT keeps `Vec`s: there, holding its lists in place made the
/// statement larger, and building and compiling it cost more than the
/// allocations saved.)
pub(crate) type Criteria = SmallVec<[Expr; 2]>;

impl CriteriaList for Criteria {
    fn push_one(&mut self, e: Expr) {
        self.push(e)
    }
}

#[derive(Clone)]
pub(crate) struct UpdateInner {
    /// The statement's identity (see [`Stamp`]).
    pub(crate) stamp: Stamp,
    pub(crate) table: TableRef,
    /// The SET assignments (column index, value): up to two held in place.
    pub(crate) set: SmallVec<[(usize, Expr); 2]>,
    pub(crate) ordered: bool,
    pub(crate) criteria: Criteria,
    pub(crate) returning: Vec<Expr>,
    /// The first error a builder call met (boxed: a statement is copied
    /// into its allocation when made, and most have none).
    pub(crate) error: Option<Box<CompileError>>,
}

/// `UPDATE table`.
///
/// ```
/// # use aludel_compiler::prelude::*;
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let up = update(&t).set([("a", 1)]);
/// ```
pub fn update(table: &Table) -> Update {
    Update(Shared::new(UpdateInner {
        stamp: Stamp::new(),
        table: TableRef::of(table),
        set: SmallVec::new(),
        ordered: false,
        criteria: Criteria::new(),
        returning: Vec::new(),
        error: None,
    }))
}

impl Update {
    fn edit(&mut self) -> &mut UpdateInner {
        id::edit(&mut self.0, |i| &mut i.stamp)
    }

    /// Adds `SET` values by column name (kept in table order unless the
    /// statement is [`ordered_set`](Self::ordered_set)'s).
    fn add_set<I, K, V>(&mut self, values: I)
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<Expr>,
    {
        // one `make_mut` for all the values (the table is read through it)
        let inner = self.edit();
        for (k, v) in values {
            match inner.table.column_index(k.as_ref()) {
                Some(i) => {
                    let v = v.into();
                    match inner.set.iter_mut().find(|(c, _)| *c == i) {
                        Some(slot) => slot.1 = v,
                        None => inner.set.push((i, v)),
                    }
                }
                // the first unknown column is the one reported
                None if inner.error.is_none() => {
                    inner.error = Some(Box::new(inner.table.unknown_column(k.as_ref())));
                }
                None => {}
            }
        }
        // most lists come in table order already: checked before sorting
        if !inner.ordered && !inner.set.windows(2).all(|w| w[0].0 < w[1].0) {
            inner.set.sort_by_key(|(i, _)| *i);
        }
    }

    /// `SET col = value, ...` by column name, rendered in table order.
    /// Values may be expressions (`users.c("n") + 1`) or scalar subqueries.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
    /// let c = update(&t).set([("b", t.c("b") + 1), ("a", Expr::from(0))]).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "UPDATE t SET a=?, b=(t.b + ?)");
    /// // an unknown column fails the compilation: the first one named
    /// let err = update(&t).set([("x", 1), ("y", 2)]).compile(&Sqlite).unwrap_err();
    /// assert_eq!(err.to_string(), r#"table t has no column named "x"; its columns are: a, b"#);
    /// ```
    pub fn set<I, K, V>(mut self, values: I) -> Update
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<Expr>,
    {
        self.add_set(values);
        self
    }

    /// `SET` in exactly the given order (MySQL evaluates assignments left to right).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("users").column(Column::new("name", Type::Text)).column(Column::new("fullname", Type::Text)).build().unwrap();
    /// let c = update(&t).ordered_set([("name", Expr::from("z")), ("fullname", t.c("name"))]).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "UPDATE users SET name=?, fullname=users.name");
    /// ```
    pub fn ordered_set<I, K, V>(mut self, values: I) -> Update
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<Expr>,
    {
        self.edit().ordered = true;
        self.add_set(values);
        self
    }

    /// Adds a WHERE criterion; several calls are joined with AND.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let up = update(&t).set([("a", 1)]).filter(t.c("a").eq(0));
    /// ```
    pub fn filter(mut self, criterion: impl Into<Expr>) -> Update {
        push_criterion(&mut self.edit().criteria, criterion.into());
        self
    }

    /// `RETURNING columns` (PostgreSQL, SQLite; not MySQL or MariaDB).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let up = update(&t).set([("a", 1)]).returning([t.c("a")]);
    /// ```
    pub fn returning(mut self, cols: impl IntoExprs) -> Update {
        cols.into_exprs(&mut self.edit().returning);
        self
    }

    /// The target table.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert!(update(&t).table().is(&t));
    /// ```
    pub fn table(&self) -> &Table {
        &self.0.table
    }

    /// Fills the empty `scope` with the target, then the other tables the
    /// WHERE criteria and the SET values refer to, and adds to `ctes` the
    /// CTEs the clauses reach, in the order they are written (SET values,
    /// WHERE, RETURNING): the criteria are walked once for both.
    pub(crate) fn scope_and_ctes<'s>(&'s self, ctes: &mut CteCollector, scope: &mut FromList<'s>) {
        let u = &self.0;
        for (_, e) in &u.set {
            ctes.expr(e);
        }
        let set = u.set.iter().map(|(_, e)| e);
        level_froms(
            FromRef::Table(&u.table),
            u.criteria.iter(),
            set,
            ctes,
            scope,
        );
        for e in &u.returning {
            ctes.expr(e);
        }
    }
}

/// A `DELETE` statement.
///
/// Tables other than the target that the WHERE clause mentions become
/// `DELETE ... USING other` (PostgreSQL, MySQL); SQLite, which has no
/// multi-table DELETE, gets the equivalent `WHERE EXISTS (SELECT 1 FROM other WHERE ...)`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let c = delete(&t).filter(t.c("a").lt(0)).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "DELETE FROM t WHERE t.a < ?");
/// ```
#[derive(Clone)]
pub struct Delete(pub(crate) Shared<DeleteInner>);

#[derive(Clone)]
pub(crate) struct DeleteInner {
    /// The statement's identity (see [`Stamp`]).
    pub(crate) stamp: Stamp,
    pub(crate) table: TableRef,
    pub(crate) criteria: Criteria,
    pub(crate) returning: Vec<Expr>,
}

/// `DELETE FROM table`.
///
/// ```
/// # use aludel_compiler::prelude::*;
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let d = delete(&t);
/// ```
pub fn delete(table: &Table) -> Delete {
    Delete(Shared::new(DeleteInner {
        stamp: Stamp::new(),
        table: TableRef::of(table),
        criteria: Criteria::new(),
        returning: Vec::new(),
    }))
}

impl Delete {
    fn edit(&mut self) -> &mut DeleteInner {
        id::edit(&mut self.0, |i| &mut i.stamp)
    }

    /// Adds a WHERE criterion; several calls are joined with AND.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let d = delete(&t).filter(t.c("a").eq(1));
    /// ```
    pub fn filter(mut self, criterion: impl Into<Expr>) -> Delete {
        push_criterion(&mut self.edit().criteria, criterion.into());
        self
    }

    /// `RETURNING columns` (PostgreSQL, SQLite, MariaDB; not MySQL).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let d = delete(&t).returning([t.c("a")]);
    /// ```
    pub fn returning(mut self, cols: impl IntoExprs) -> Delete {
        cols.into_exprs(&mut self.edit().returning);
        self
    }

    /// The target table.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert!(delete(&t).table().is(&t));
    /// ```
    pub fn table(&self) -> &Table {
        &self.0.table
    }

    /// Fills the empty `scope` with the target, then the other tables the
    /// WHERE criteria refer to, and adds to `ctes` the CTEs the clauses
    /// reach, in the order they are written (WHERE, RETURNING): the
    /// criteria are walked once for both.
    pub(crate) fn scope_and_ctes<'s>(&'s self, ctes: &mut CteCollector, scope: &mut FromList<'s>) {
        let d = &self.0;
        let none = std::iter::empty();
        level_froms(
            FromRef::Table(&d.table),
            d.criteria.iter(),
            none,
            ctes,
            scope,
        );
        for e in &d.returning {
            ctes.expr(e);
        }
    }
}

impl fmt::Debug for Update {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::dialect::render_generic(&crate::stmt::Statement::Update(self.clone())) {
            Ok(s) => write!(f, "Update({s})"),
            Err(e) => write!(f, "Update(<{e}>)"),
        }
    }
}

impl fmt::Debug for Delete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::dialect::render_generic(&crate::stmt::Statement::Delete(self.clone())) {
            Ok(s) => write!(f, "Delete({s})"),
            Err(e) => write!(f, "Delete(<{e}>)"),
        }
    }
}
