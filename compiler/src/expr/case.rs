//! `CASE` and `CAST`.

use crate::shared::Shared;

use super::{Expr, Node};
use crate::types::Type;

/// A `CASE` expression under construction; finish with [`Case::else_`] or
/// [`Case::end`].
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let searched = case().when(t.c("a").lt(0), "neg").when(t.c("a").eq(0), "zero").else_("pos");
/// let c = select(searched.label("sign")).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT CASE WHEN (t.a < ?) THEN ? WHEN (t.a = ?) THEN ? ELSE ? END AS sign FROM t");
///
/// let by_value = Case::value(t.c("a")).when(1, "one").when(2, "two").end();
/// let c = select(by_value).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT CASE t.a WHEN ? THEN ? WHEN ? THEN ? END AS anon_1 FROM t");
/// ```
#[derive(Clone)]
pub struct Case {
    pub(crate) value: Option<Expr>,
    pub(crate) whens: Vec<(Expr, Expr)>,
    pub(crate) else_: Option<Expr>,
}

/// Starts a searched `CASE WHEN condition THEN result ... END`.
///
/// ```
/// # use aludel_compiler::prelude::*;
/// let e = case().when(true_(), 1).end();
/// ```
pub fn case() -> Case {
    Case {
        value: None,
        whens: Vec::new(),
        else_: None,
    }
}

impl Case {
    /// Starts a `CASE value WHEN x THEN result ... END`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let e = Case::value(Expr::from(1)).when(1, "one").end();
    /// ```
    pub fn value(value: impl Into<Expr>) -> Case {
        Case {
            value: Some(value.into()),
            whens: Vec::new(),
            else_: None,
        }
    }

    /// Adds a `WHEN condition THEN result` branch.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let c = case().when(true_(), "yes");
    /// ```
    pub fn when(mut self, condition: impl Into<Expr>, result: impl Into<Expr>) -> Case {
        self.whens.push((condition.into(), result.into()));
        self
    }

    /// Finishes with `ELSE result END`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let e = case().when(true_(), "yes").else_("no");
    /// ```
    pub fn else_(mut self, result: impl Into<Expr>) -> Expr {
        self.else_ = Some(result.into());
        self.end()
    }

    /// Finishes without an `ELSE` (unmatched rows give NULL).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let e = case().when(true_(), "yes").end();
    /// ```
    pub fn end(self) -> Expr {
        Expr(Node::Case(Shared::new(self)))
    }
}

impl From<Case> for Expr {
    fn from(c: Case) -> Expr {
        c.end()
    }
}

pub(crate) struct Cast {
    pub(crate) expr: Expr,
    pub(crate) ty: Type,
}

/// `CAST(expr AS type)`, the type spelled per dialect.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Postgres};
/// # let t = MetaData::new().table("t").column(Column::new("id", Type::Integer)).build().unwrap();
/// let c = select(cast(t.c("id"), Type::String(Some(20)))).compile(&Postgres).unwrap();
/// assert_eq!(c.sql, "SELECT CAST(t.id AS VARCHAR(20)) AS id FROM t");
/// ```
pub fn cast(expr: impl Into<Expr>, ty: Type) -> Expr {
    Expr(Node::Cast(Shared::new(Cast {
        expr: expr.into(),
        ty,
    })))
}
