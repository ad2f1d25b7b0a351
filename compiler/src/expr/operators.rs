//! Comparison, boolean, pattern and ordering operators on [`Expr`].

use crate::shared::Shared;

use super::{
    Between, Binary, BinaryOp, BoolList, BoolOp, Collate, Direction, Expr, In, InItems, Label,
    Like, Node, Nulls, Ordering, Unary, UnaryOp,
};
use crate::ident::Ident;
use crate::stmt::Select;
use crate::types::Type;
use crate::value::Value;

/// Turns Rust booleans on the right of a comparison into the SQL constants
/// `true`/`false` (rendered inline, as SQLAlchemy does), everything else as is.
///
/// In line, as is [`binary`]: the operand was just made by the caller
/// (`other.into()`), and a call would read it back from the stack with
/// wider loads than the stores that wrote it, which stalls.
#[inline(always)]
fn comparand(e: Expr) -> Expr {
    match e.0 {
        Node::Value(Value::Bool(true)) => Expr(Node::True),
        Node::Value(Value::Bool(false)) => Expr(Node::False),
        _ => e,
    }
}

#[inline]
pub(crate) fn binary(left: Expr, op: BinaryOp, right: Expr) -> Expr {
    Expr(Node::Binary(Shared::new(Binary { left, op, right })))
}

impl Expr {
    /// `self = other`; comparing with `None`/`null()` gives `IS NULL`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = select(t.c("a")).filter(t.c("a").eq(None::<i32>)).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a IS NULL");
    /// ```
    pub fn eq(self, other: impl Into<Expr>) -> Expr {
        let other = comparand(other.into());
        match other.0 {
            Node::Null => binary(self, BinaryOp::Is, other),
            _ => binary(self, BinaryOp::Eq, other),
        }
    }

    /// `self != other`; with `None`/`null()` gives `IS NOT NULL`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = select(t.c("a")).filter(t.c("a").ne(3)).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a != ?");
    /// ```
    pub fn ne(self, other: impl Into<Expr>) -> Expr {
        let other = comparand(other.into());
        match other.0 {
            Node::Null => binary(self, BinaryOp::IsNot, other),
            _ => binary(self, BinaryOp::Ne, other),
        }
    }

    /// `self < other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").lt(5);
    /// ```
    pub fn lt(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::Lt, other.into())
    }

    /// `self <= other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").le(5);
    /// ```
    pub fn le(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::Le, other.into())
    }

    /// `self > other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").gt(5);
    /// ```
    pub fn gt(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::Gt, other.into())
    }

    /// `self >= other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").ge(5);
    /// ```
    pub fn ge(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::Ge, other.into())
    }

    /// `self IS other` (`IS NULL`, `IS true`, ...).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Postgres, Sqlite}};
    /// # let t = MetaData::new().table("t").column(Column::new("b", Type::Boolean)).build().unwrap();
    /// let q = select(t.c("b")).filter(t.c("b").is(false));
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT t.b FROM t WHERE t.b IS false");
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql, "SELECT t.b FROM t WHERE t.b IS 0");
    /// ```
    pub fn is(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::Is, comparand(other.into()))
    }

    /// `self IS NOT other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").is_not(null());
    /// ```
    pub fn is_not(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::IsNot, comparand(other.into()))
    }

    /// `self IS NULL`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").is_null();
    /// ```
    pub fn is_null(self) -> Expr {
        binary(self, BinaryOp::Is, Expr(Node::Null))
    }

    /// `self IS NOT NULL`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").is_not_null();
    /// ```
    pub fn is_not_null(self) -> Expr {
        binary(self, BinaryOp::IsNot, Expr(Node::Null))
    }

    /// `self IS DISTINCT FROM other` (`NOT (a <=> b)` on MySQL).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Postgres, Mysql}};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).filter(t.c("a").is_distinct_from(1));
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT t.a FROM t WHERE t.a IS DISTINCT FROM $1");
    /// assert_eq!(q.compile(&Mysql).unwrap().sql, "SELECT t.a FROM t WHERE NOT (t.a <=> ?)");
    /// ```
    pub fn is_distinct_from(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::IsDistinctFrom, comparand(other.into()))
    }

    /// `self IS NOT DISTINCT FROM other` (`a <=> b` on MySQL).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").is_not_distinct_from(1);
    /// ```
    pub fn is_not_distinct_from(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::IsNotDistinctFrom, comparand(other.into()))
    }

    fn like_impl(self, pattern: Expr, escape: Option<char>, negated: bool, ci: bool) -> Expr {
        Expr(Node::Like(Shared::new(Like {
            expr: self,
            pattern,
            escape,
            negated,
            case_insensitive: ci,
        })))
    }

    /// `self LIKE pattern`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let e = t.c("a").like("j%");
    /// ```
    pub fn like(self, pattern: impl Into<Expr>) -> Expr {
        self.like_impl(pattern.into(), None, false, false)
    }

    /// `self LIKE pattern ESCAPE 'c'`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let c = select(t.c("a")).filter(t.c("a").like_escape("10/%%", '/')).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a LIKE ? ESCAPE '/'");
    /// ```
    pub fn like_escape(self, pattern: impl Into<Expr>, escape: char) -> Expr {
        self.like_impl(pattern.into(), Some(escape), false, false)
    }

    /// `self NOT LIKE pattern`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let e = t.c("a").not_like("j%");
    /// ```
    pub fn not_like(self, pattern: impl Into<Expr>) -> Expr {
        self.like_impl(pattern.into(), None, true, false)
    }

    /// `self NOT LIKE pattern ESCAPE 'c'`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let e = t.c("a").not_like_escape("a/%", '/');
    /// ```
    pub fn not_like_escape(self, pattern: impl Into<Expr>, escape: char) -> Expr {
        self.like_impl(pattern.into(), Some(escape), true, false)
    }

    /// Case-insensitive LIKE: `ILIKE` on PostgreSQL, `lower(x) LIKE lower(y)` elsewhere.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Postgres, Sqlite}};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let q = select(t.c("a")).filter(t.c("a").ilike("J%"));
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT t.a FROM t WHERE t.a ILIKE $1");
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql, "SELECT t.a FROM t WHERE lower(t.a) LIKE lower(?)");
    /// ```
    pub fn ilike(self, pattern: impl Into<Expr>) -> Expr {
        self.like_impl(pattern.into(), None, false, true)
    }

    /// Case-insensitive LIKE with an escape character.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let e = t.c("a").ilike_escape("a/%", '/');
    /// ```
    pub fn ilike_escape(self, pattern: impl Into<Expr>, escape: char) -> Expr {
        self.like_impl(pattern.into(), Some(escape), false, true)
    }

    /// Case-insensitive NOT LIKE.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let e = t.c("a").not_ilike("a%");
    /// ```
    pub fn not_ilike(self, pattern: impl Into<Expr>) -> Expr {
        self.like_impl(pattern.into(), None, true, true)
    }

    /// Case-insensitive NOT LIKE with an escape character.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let e = t.c("a").not_ilike_escape("a/%", '/');
    /// ```
    pub fn not_ilike_escape(self, pattern: impl Into<Expr>, escape: char) -> Expr {
        self.like_impl(pattern.into(), Some(escape), true, true)
    }

    /// `self LIKE 'prefix%' ESCAPE '/'` with `%`, `_` and `/` in `prefix`
    /// escaped, so the prefix matches literally (SQLAlchemy's autoescape).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let c = select(t.c("a")).filter(t.c("a").startswith("50%")).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a LIKE ? ESCAPE '/'");
    /// assert_eq!(c.params, vec![Value::from("50/%%")]);
    /// ```
    pub fn startswith(self, prefix: &str) -> Expr {
        let p = format!("{}%", autoescape(prefix));
        self.like_escape(p, '/')
    }

    /// `self LIKE '%suffix' ESCAPE '/'`, the suffix matched literally.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let e = t.c("a").endswith("_x");
    /// ```
    pub fn endswith(self, suffix: &str) -> Expr {
        let p = format!("%{}", autoescape(suffix));
        self.like_escape(p, '/')
    }

    /// `self LIKE '%part%' ESCAPE '/'`, the part matched literally.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let e = t.c("a").contains("100%");
    /// ```
    pub fn contains(self, part: &str) -> Expr {
        let p = format!("%{}%", autoescape(part));
        self.like_escape(p, '/')
    }

    fn in_impl(self, items: InItems, negated: bool) -> Expr {
        Expr(Node::In(Shared::new(In {
            expr: self,
            items,
            negated,
        })))
    }

    /// `self IN (a, b, ...)`, one placeholder per item. An empty list gives
    /// an expression that is never true (SQLAlchemy's empty-set form).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = select(t.c("a")).filter(t.c("a").in_([1, 2, 3])).compile(&Postgres).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a IN ($1, $2, $3)");
    /// let empty: [i32; 0] = [];
    /// let c = select(t.c("a")).filter(t.c("a").in_(empty)).compile(&Postgres).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a IN (NULL) AND (1 != 1)");
    /// ```
    pub fn in_<I>(self, items: I) -> Expr
    where
        I: IntoIterator,
        I::Item: Into<Expr>,
    {
        let v = items.into_iter().map(Into::into).collect();
        self.in_impl(InItems::List(v), false)
    }

    /// `self NOT IN (a, b, ...)`; an empty list is always true.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").not_in(["x", "y"]);
    /// ```
    pub fn not_in<I>(self, items: I) -> Expr
    where
        I: IntoIterator,
        I::Item: Into<Expr>,
    {
        let v = items.into_iter().map(Into::into).collect();
        self.in_impl(InItems::List(v), true)
    }

    /// `self IN (SELECT ...)`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let sub = select(t.c("a")).filter(t.c("a").gt(1));
    /// let c = select(t.c("a")).filter(t.c("a").in_select(sub)).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a IN (SELECT t.a FROM t WHERE t.a > ?)");
    /// ```
    pub fn in_select(self, select: Select) -> Expr {
        self.in_impl(InItems::Select(select), false)
    }

    /// `self NOT IN (SELECT ...)`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").not_in_select(select(t.c("a")));
    /// ```
    pub fn not_in_select(self, select: Select) -> Expr {
        self.in_impl(InItems::Select(select), true)
    }

    /// `self BETWEEN low AND high`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").between(5, 10);
    /// ```
    pub fn between(self, low: impl Into<Expr>, high: impl Into<Expr>) -> Expr {
        Expr(Node::Between(Shared::new(Between {
            expr: self,
            low: low.into(),
            high: high.into(),
            negated: false,
            symmetric: false,
        })))
    }

    /// `self NOT BETWEEN low AND high`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").not_between(5, 10);
    /// ```
    pub fn not_between(self, low: impl Into<Expr>, high: impl Into<Expr>) -> Expr {
        negate(self.between(low, high))
    }

    /// Regular-expression match: `~` on PostgreSQL, `REGEXP` on MySQL and
    /// SQLite (which needs a `regexp()` function registered by the driver).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let c = select(t.c("a")).filter(t.c("a").regexp_match("^j.*k$")).compile(&Postgres).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a ~ $1");
    /// ```
    pub fn regexp_match(self, pattern: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::RegexpMatch, pattern.into())
    }

    /// Negated regular-expression match.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let e = t.c("a").not_regexp_match("^x");
    /// ```
    pub fn not_regexp_match(self, pattern: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::NotRegexpMatch, pattern.into())
    }

    /// Full-text match: `MATCH (col) AGAINST (x IN BOOLEAN MODE)` on MySQL,
    /// `col @@ plainto_tsquery(x)` on PostgreSQL, `col MATCH x` on SQLite (FTS).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let c = select(t.c("a")).filter(t.c("a").match_("cats")).compile(&Postgres).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a @@ plainto_tsquery($1)");
    /// ```
    pub fn match_(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::Match, other.into())
    }

    /// String concatenation: `||`, or `concat()` on MySQL, `+` on SQL Server.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Sqlite, Mysql}};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let q = select(t.c("a").concat("x"));
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql, "SELECT t.a || ? AS anon_1 FROM t");
    /// assert_eq!(q.compile(&Mysql).unwrap().sql, "SELECT concat(t.a, ?) AS anon_1 FROM t");
    /// ```
    pub fn concat(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::Concat, other.into())
    }

    /// Integer (floor) division: `FLOOR(a / b)` on MySQL, `a / b` on integer operands elsewhere.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").floordiv(2);
    /// ```
    pub fn floordiv(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::FloorDiv, other.into())
    }

    /// Bitwise AND (`&`).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").bitwise_and(4);
    /// ```
    pub fn bitwise_and(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::BitAnd, other.into())
    }

    /// Bitwise OR (`|`).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").bitwise_or(4);
    /// ```
    pub fn bitwise_or(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::BitOr, other.into())
    }

    /// Bitwise XOR (`#` on PostgreSQL, `^` elsewhere).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").bitwise_xor(4);
    /// ```
    pub fn bitwise_xor(self, other: impl Into<Expr>) -> Expr {
        binary(self, BinaryOp::BitXor, other.into())
    }

    /// Bitwise NOT (`~`).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").bitwise_not();
    /// ```
    pub fn bitwise_not(self) -> Expr {
        Expr(Node::Unary(Shared::new(Unary {
            op: UnaryOp::BitNot,
            operand: self,
        })))
    }

    /// `self AND other`, flattening nested ANDs.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").gt(1).and(t.c("a").lt(5));
    /// ```
    pub fn and(self, other: impl Into<Expr>) -> Expr {
        and_([self, other.into()])
    }

    /// `self OR other`, flattening nested ORs.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").lt(1).or(t.c("a").gt(5));
    /// ```
    pub fn or(self, other: impl Into<Expr>) -> Expr {
        or_([self, other.into()])
    }

    /// `CAST(self AS ty)`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Mysql};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = select(t.c("a").cast(Type::String(None))).compile(&Mysql).unwrap();
    /// assert_eq!(c.sql, "SELECT CAST(t.a AS CHAR) AS a FROM t");
    /// ```
    pub fn cast(self, ty: Type) -> Expr {
        super::cast(self, ty)
    }

    /// `self AS name` in a SELECT list (and a name to refer to it by).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = select(t.c("a").gt(5).label("big")).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a > ? AS big FROM t");
    /// ```
    #[inline]
    pub fn label(self, name: &str) -> Expr {
        Expr(Node::Label(label_node(self, name)))
    }

    /// `self COLLATE collation`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let c = select(t.c("a")).order_by(t.c("a").collate("nocase")).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t ORDER BY t.a COLLATE nocase");
    /// ```
    pub fn collate(self, collation: &str) -> Expr {
        Expr(Node::Collate(Shared::new(Collate {
            expr: self,
            collation: Ident::new(collation),
        })))
    }

    #[inline]
    fn ordering(self, direction: Option<Direction>, nulls: Option<Nulls>) -> Expr {
        Expr(Node::Ordering(ordering_node(self, direction, nulls)))
    }

    /// Ascending order (`ORDER BY x ASC`).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").asc();
    /// ```
    #[inline]
    pub fn asc(self) -> Expr {
        self.ordering(Some(Direction::Asc), None)
    }

    /// Descending order (`ORDER BY x DESC`).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").desc();
    /// ```
    #[inline]
    pub fn desc(self) -> Expr {
        self.ordering(Some(Direction::Desc), None)
    }

    /// `NULLS FIRST` (emulated on MySQL with an `IS NULL` sort key).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = t.c("a").desc().nulls_first();
    /// ```
    pub fn nulls_first(self) -> Expr {
        self.ordering(None, Some(Nulls::First))
    }

    /// `NULLS LAST` (emulated on MySQL with an `IS NULL` sort key).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Sqlite, Mysql}};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).order_by(t.c("a").desc().nulls_last());
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql, "SELECT t.a FROM t ORDER BY t.a DESC NULLS LAST");
    /// assert_eq!(q.compile(&Mysql).unwrap().sql, "SELECT t.a FROM t ORDER BY t.a IS NULL, t.a DESC");
    /// ```
    pub fn nulls_last(self) -> Expr {
        self.ordering(None, Some(Nulls::Last))
    }
}

/// Logical negation (`!expr`, [`not_`]): comparisons flip (`NOT (a = b)`
/// is `a != b`), `LIKE`, `IN` and `BETWEEN` take `NOT`, anything else
/// becomes `NOT (...)`.
pub(crate) fn negate(this: Expr) -> Expr {
    match &this.0 {
        Node::Binary(b) => {
            if let Some(op) = b.op.negate() {
                return binary(b.left.clone(), op, b.right.clone());
            }
        }
        Node::Like(l) => {
            return Expr(Node::Like(Shared::new(Like {
                expr: l.expr.clone(),
                pattern: l.pattern.clone(),
                escape: l.escape,
                negated: !l.negated,
                case_insensitive: l.case_insensitive,
            })));
        }
        Node::In(i) => {
            let items = match &i.items {
                InItems::List(v) => InItems::List(v.clone()),
                InItems::Select(s) => InItems::Select(s.clone()),
            };
            return Expr(Node::In(Shared::new(In {
                expr: i.expr.clone(),
                items,
                negated: !i.negated,
            })));
        }
        Node::Between(b) => {
            return Expr(Node::Between(Shared::new(Between {
                expr: b.expr.clone(),
                low: b.low.clone(),
                high: b.high.clone(),
                negated: !b.negated,
                symmetric: b.symmetric,
            })));
        }
        Node::Unary(u) if u.op == UnaryOp::Not => return u.operand.clone(),
        Node::True => return Expr(Node::False),
        Node::False => return Expr(Node::True),
        _ => {}
    }
    Expr(Node::Unary(Shared::new(Unary {
        op: UnaryOp::Not,
        operand: this,
    })))
}

/// Escapes `/`, `%` and `_` with `/` for literal LIKE matching.
fn autoescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for ch in s.chars() {
        if matches!(ch, '/' | '%' | '_') {
            out.push('/');
        }
        out.push(ch);
    }
    out
}

fn bool_list(op: BoolOp, items: impl IntoIterator<Item = Expr>) -> Expr {
    let (absorbing, identity) = match op {
        BoolOp::And => (false, true),
        BoolOp::Or => (true, false),
    };
    // a single item is returned as is, without allocating a list
    let mut first: Option<Expr> = None;
    let mut out: Vec<Expr> = Vec::new();
    let mut push = |e: Expr, first: &mut Option<Expr>| {
        if first.is_none() && out.is_empty() {
            *first = Some(e);
        } else {
            out.extend(first.take());
            out.push(e);
        }
    };
    for e in items {
        if matches!(&e.0, Node::Bool(b) if b.op == op) {
            // a nested list of the same operator: its items, in its place
            each_nested_item(e, &mut |item| push(item, &mut first));
            continue;
        }
        match e.is_bool_constant() {
            Some(v) if v == identity => {}
            Some(v) if v == absorbing => return e,
            _ => push(e, &mut first),
        }
    }
    match first {
        Some(e) => e,
        None if out.is_empty() => Expr(if identity { Node::True } else { Node::False }),
        None => Expr(Node::Bool(Shared::new(BoolList { op, items: out }))),
    }
}

/// Calls `f` with each item of a nested AND or OR list, in order (see
/// [`BoolList::into_items`]); anything else is passed on as it is.
#[inline(never)]
fn each_nested_item(e: Expr, f: &mut dyn FnMut(Expr)) {
    match e.0 {
        Node::Bool(b) => BoolList::into_items(b).into_iter().for_each(f),
        node => f(Expr(node)),
    }
}

/// `a AND b AND ...`. `true_()` items are dropped, a `false_()` item makes
/// the whole `false`; an empty list is `true`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let e = and_([true_(), t.c("a").gt(1)]);
/// let c = select(t.c("a")).filter(e).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a > ?");
/// ```
pub fn and_<I>(items: I) -> Expr
where
    I: IntoIterator,
    I::Item: Into<Expr>,
{
    bool_list(BoolOp::And, items.into_iter().map(Into::into))
}

/// `a OR b OR ...`. `false_()` items are dropped, a `true_()` item makes
/// the whole `true`; an empty list is `false`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let e = and_([or_([t.c("a").eq(1), t.c("a").eq(2)]), t.c("a").gt(0)]);
/// let c = select(t.c("a")).filter(e).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT t.a FROM t WHERE (t.a = ? OR t.a = ?) AND t.a > ?");
/// ```
pub fn or_<I>(items: I) -> Expr
where
    I: IntoIterator,
    I::Item: Into<Expr>,
{
    bool_list(BoolOp::Or, items.into_iter().map(Into::into))
}

/// `NOT expr`, the same as `!expr`: comparisons flip, `LIKE`, `IN` and
/// `BETWEEN` take `NOT`, anything else becomes `NOT (...)`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let c = select(t.c("a")).filter(not_(t.c("a").eq(1))).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a != ?");
/// ```
pub fn not_(e: impl Into<Expr>) -> Expr {
    negate(e.into())
}

/// A label's node. Out of line, and returning the node's handle in a
/// register: [`Expr::label`], in line in the caller, makes the expression
/// there (returned through memory, it was copied at once, with wider loads
/// than the stores that had just written it, which wait for them).
#[inline(never)]
fn label_node(expr: Expr, name: &str) -> Shared<Label> {
    let name_hash = crate::cache::name_hash(name);
    Shared::new(Label {
        expr,
        // shared with the last label of that name (one per statement built)
        name: crate::ident::recent::ident(name, name_hash),
        name_hash,
    })
}

/// An ordering's node (see [`label_node`]); an ordering of an ordering
/// takes the inner expression and keeps what the new one does not say.
#[inline(never)]
fn ordering_node(
    expr: Expr,
    direction: Option<Direction>,
    nulls: Option<Nulls>,
) -> Shared<Ordering> {
    if let Node::Ordering(o) = &expr.0 {
        return Shared::new(Ordering {
            expr: o.expr.clone(),
            direction: direction.or(o.direction),
            nulls: nulls.or(o.nulls),
        });
    }
    Shared::new(Ordering {
        expr,
        direction,
        nulls,
    })
}
