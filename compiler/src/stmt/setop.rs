//! Set operations: UNION, UNION ALL, INTERSECT, EXCEPT (and their ALL forms).

use crate::expr::IntoExprs;
use crate::shared::Shared;
use crate::stmt::id::{self, Stamp};
use std::fmt;

use crate::expr::{Expr, Node};
use crate::stmt::{Alias, AliasKind, Select};
use crate::value::Value;

/// A set operator.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::SetOp, dialect::{Postgres, Sqlite}};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
/// let (a, b) = (select(t.c("a")), select(t.c("b")));
/// let compounds = [
///     (SetOp::Union, union([a.clone(), b.clone()])),
///     (SetOp::IntersectAll, intersect_all([a.clone(), b.clone()])),
///     (SetOp::Except, except_([a.clone(), b.clone()])),
/// ];
/// for (op, q) in &compounds {
///     assert_eq!(q.compile(&Postgres).unwrap().sql,
///         format!("SELECT t.a FROM t {} SELECT t.b FROM t", op.as_sql()));
/// }
/// assert!(intersect_all([a, b]).compile(&Sqlite).is_err()); // SQLite has no INTERSECT ALL
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetOp {
    /// `UNION`
    Union,
    /// `UNION ALL`
    UnionAll,
    /// `INTERSECT`
    Intersect,
    /// `INTERSECT ALL`
    IntersectAll,
    /// `EXCEPT` (`MINUS` on Oracle)
    Except,
    /// `EXCEPT ALL`
    ExceptAll,
}

impl SetOp {
    /// The SQL keywords.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::stmt::SetOp::UnionAll.as_sql(), "UNION ALL");
    /// ```
    pub fn as_sql(self) -> &'static str {
        match self {
            SetOp::Union => "UNION",
            SetOp::UnionAll => "UNION ALL",
            SetOp::Intersect => "INTERSECT",
            SetOp::IntersectAll => "INTERSECT ALL",
            SetOp::Except => "EXCEPT",
            SetOp::ExceptAll => "EXCEPT ALL",
        }
    }
}

/// A compound SELECT: selects combined with one set operator, with its own
/// ORDER BY and LIMIT. An operand that has its own ORDER BY or LIMIT, or is
/// itself a compound of another operator, is parenthesized (or, on SQLite,
/// which has no parenthesized operands, wrapped as `SELECT * FROM (...)`).
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Postgres};
/// # let meta = MetaData::new();
/// # let users = meta.table("users").column(Column::new("name", Type::Text)).build().unwrap();
/// # let authors = meta.table("authors").column(Column::new("name", Type::Text)).build().unwrap();
/// let u = union([select(users.c("name")), select(authors.c("name"))])
///     .order_by([literal_column("name")])
///     .limit(10);
/// assert_eq!(u.compile(&Postgres).unwrap().sql,
///     "SELECT users.name FROM users UNION SELECT authors.name FROM authors ORDER BY name LIMIT $1");
/// ```
#[derive(Clone)]
pub struct CompoundSelect(pub(crate) Shared<CompoundInner>);

#[derive(Clone)]
pub(crate) struct CompoundInner {
    /// The statement's identity (see [`Stamp`]).
    pub(crate) stamp: Stamp,
    pub(crate) op: SetOp,
    pub(crate) parts: Vec<CompoundPart>,
    pub(crate) order_by: Vec<Expr>,
    pub(crate) limit: Option<Expr>,
    pub(crate) offset: Option<Expr>,
}

#[derive(Clone)]
pub(crate) enum CompoundPart {
    Select(Select),
    Compound(CompoundSelect),
}

impl From<Select> for CompoundSelect {
    fn from(s: Select) -> Self {
        CompoundSelect(Shared::new(CompoundInner {
            stamp: Stamp::new(),
            op: SetOp::Union,
            parts: vec![CompoundPart::Select(s)],
            order_by: Vec::new(),
            limit: None,
            offset: None,
        }))
    }
}

impl CompoundSelect {
    fn part(c: CompoundSelect) -> CompoundPart {
        if c.0.parts.len() == 1 && c.is_bare() {
            if let CompoundPart::Select(s) = &c.0.parts[0] {
                return CompoundPart::Select(s.clone());
            }
        }
        CompoundPart::Compound(c)
    }

    fn is_bare(&self) -> bool {
        self.0.order_by.is_empty() && self.0.limit.is_none() && self.0.offset.is_none()
    }

    pub(crate) fn new(op: SetOp, first: Select, other: CompoundSelect) -> CompoundSelect {
        CompoundSelect::combine(op, first.into(), other)
    }

    /// `a op b`, appending to `a` when it already is a bare compound of `op`.
    pub(crate) fn combine(op: SetOp, a: CompoundSelect, b: CompoundSelect) -> CompoundSelect {
        let mut parts = Vec::new();
        if a.0.op == op && a.is_bare() && a.0.parts.len() > 1 {
            parts.extend(a.0.parts.iter().cloned());
        } else {
            parts.push(CompoundSelect::part(a));
        }
        parts.push(CompoundSelect::part(b));
        CompoundSelect(Shared::new(CompoundInner {
            stamp: Stamp::new(),
            op,
            parts,
            order_by: Vec::new(),
            limit: None,
            offset: None,
        }))
    }

    fn of(op: SetOp, items: Vec<CompoundSelect>) -> CompoundSelect {
        CompoundSelect(Shared::new(CompoundInner {
            stamp: Stamp::new(),
            op,
            parts: items.into_iter().map(CompoundSelect::part).collect(),
            order_by: Vec::new(),
            limit: None,
            offset: None,
        }))
    }

    fn edit(&mut self) -> &mut CompoundInner {
        id::edit(&mut self.0, |i| &mut i.stamp)
    }

    /// ORDER BY for the whole compound (refer to result columns by name
    /// with [`literal_column`](crate::expr::literal_column)).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = union([select(t.c("a")), select(t.c("a"))]).order_by([literal_column("a")]);
    /// ```
    pub fn order_by(mut self, exprs: impl IntoExprs) -> CompoundSelect {
        exprs.into_exprs(&mut self.edit().order_by);
        self
    }

    /// LIMIT for the whole compound.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = union([select(t.c("a")), select(t.c("a"))]).limit(5);
    /// ```
    pub fn limit(mut self, n: u64) -> CompoundSelect {
        self.edit().limit = Some(Expr(Node::Value(Value::Int(
            i64::try_from(n).unwrap_or(i64::MAX),
        ))));
        self
    }

    /// OFFSET for the whole compound.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = union([select(t.c("a")), select(t.c("a"))]).limit(5).offset(5);
    /// ```
    pub fn offset(mut self, n: u64) -> CompoundSelect {
        self.edit().offset = Some(Expr(Node::Value(Value::Int(
            i64::try_from(n).unwrap_or(i64::MAX),
        ))));
        self
    }

    /// `self UNION other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = union([select(t.c("a")), select(t.c("a"))]).union(select(t.c("a")));
    /// ```
    pub fn union(self, other: impl Into<CompoundSelect>) -> CompoundSelect {
        CompoundSelect::combine(SetOp::Union, self, other.into())
    }

    /// `self UNION ALL other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = union_all([select(t.c("a")), select(t.c("a"))]).union_all(select(t.c("a")));
    /// ```
    pub fn union_all(self, other: impl Into<CompoundSelect>) -> CompoundSelect {
        CompoundSelect::combine(SetOp::UnionAll, self, other.into())
    }

    /// As a named subquery for FROM.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = union([select(t.c("a")), select(t.c("a"))]).subquery("u");
    /// let c = select(func::count_star()).select_from(&u).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT count(*) AS count_1 FROM (SELECT t.a AS a FROM t UNION SELECT t.a AS a FROM t) AS u");
    /// ```
    pub fn subquery(self, name: &str) -> Alias {
        Alias::of_compound(self, Some(name), AliasKind::Subquery)
    }

    /// As a CTE.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = union([select(t.c("a")), select(t.c("a"))]).cte("u");
    /// ```
    pub fn cte(self, name: &str) -> Alias {
        Alias::of_compound(self, Some(name), AliasKind::Cte { recursive: false })
    }

    pub(crate) fn first_select(&self) -> Option<&Select> {
        match self.0.parts.first()? {
            CompoundPart::Select(s) => Some(s),
            CompoundPart::Compound(c) => c.first_select(),
        }
    }

    pub(crate) fn for_each_select(&self, f: &mut dyn FnMut(&Select)) {
        for p in &self.0.parts {
            match p {
                CompoundPart::Select(s) => f(s),
                CompoundPart::Compound(c) => c.for_each_select(f),
            }
        }
    }
}

fn set_op<I>(op: SetOp, items: I) -> CompoundSelect
where
    I: IntoIterator,
    I::Item: Into<CompoundSelect>,
{
    CompoundSelect::of(op, items.into_iter().map(Into::into).collect())
}

/// `a UNION b UNION ...`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let u = union([select(t.c("a")).filter(t.c("a").eq(1)), select(t.c("a")).filter(t.c("a").eq(2))]);
/// assert_eq!(u.compile(&Sqlite).unwrap().sql,
///     "SELECT t.a FROM t WHERE t.a = ? UNION SELECT t.a FROM t WHERE t.a = ?");
/// ```
pub fn union<I>(selects: I) -> CompoundSelect
where
    I: IntoIterator,
    I::Item: Into<CompoundSelect>,
{
    set_op(SetOp::Union, selects)
}

/// `a UNION ALL b ...`.
///
/// ```
/// # use aludel_compiler::prelude::*;
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let u = union_all([select(t.c("a")), select(t.c("a"))]);
/// ```
pub fn union_all<I>(selects: I) -> CompoundSelect
where
    I: IntoIterator,
    I::Item: Into<CompoundSelect>,
{
    set_op(SetOp::UnionAll, selects)
}

/// `a INTERSECT b ...`.
///
/// ```
/// # use aludel_compiler::prelude::*;
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let u = intersect([select(t.c("a")), select(t.c("a"))]);
/// ```
pub fn intersect<I>(selects: I) -> CompoundSelect
where
    I: IntoIterator,
    I::Item: Into<CompoundSelect>,
{
    set_op(SetOp::Intersect, selects)
}

/// `a INTERSECT ALL b ...`.
///
/// ```
/// # use aludel_compiler::prelude::*;
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let u = intersect_all([select(t.c("a")), select(t.c("a"))]);
/// ```
pub fn intersect_all<I>(selects: I) -> CompoundSelect
where
    I: IntoIterator,
    I::Item: Into<CompoundSelect>,
{
    set_op(SetOp::IntersectAll, selects)
}

/// `a EXCEPT b ...`.
///
/// ```
/// # use aludel_compiler::prelude::*;
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let u = except_([select(t.c("a")), select(t.c("a"))]);
/// ```
pub fn except_<I>(selects: I) -> CompoundSelect
where
    I: IntoIterator,
    I::Item: Into<CompoundSelect>,
{
    set_op(SetOp::Except, selects)
}

/// `a EXCEPT ALL b ...`.
///
/// ```
/// # use aludel_compiler::prelude::*;
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let u = except_all([select(t.c("a")), select(t.c("a"))]);
/// ```
pub fn except_all<I>(selects: I) -> CompoundSelect
where
    I: IntoIterator,
    I::Item: Into<CompoundSelect>,
{
    set_op(SetOp::ExceptAll, selects)
}

impl fmt::Debug for CompoundSelect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::dialect::render_generic(&crate::stmt::Statement::Compound(self.clone())) {
            Ok(s) => write!(f, "CompoundSelect({s})"),
            Err(e) => write!(f, "CompoundSelect(<{e}>)"),
        }
    }
}
