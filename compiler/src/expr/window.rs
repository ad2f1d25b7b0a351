//! Window functions: `func OVER (PARTITION BY ... ORDER BY ... frame)`.

use crate::expr::IntoExprs;
use crate::shared::Shared;

use super::{Expr, Node, ShortList, extend_short};

/// Frame unit.
///
/// ```
/// use aludel_compiler::{prelude::*, expr::{FrameBound, FrameKind}, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("v", Type::Integer)).build().unwrap();
/// for (kind, unit) in [(FrameKind::Rows, "ROWS"), (FrameKind::Range, "RANGE"), (FrameKind::Groups, "GROUPS")] {
///     let w = Window::new().order_by([t.c("v")]).frame(kind, FrameBound::UnboundedPreceding, FrameBound::CurrentRow);
///     assert_eq!(select(func::sum(t.c("v")).over(w)).compile(&Sqlite).unwrap().sql, format!(
///         "SELECT sum(t.v) OVER (ORDER BY t.v {unit} BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS anon_1 FROM t"));
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FrameKind {
    /// `ROWS`
    Rows,
    /// `RANGE`
    Range,
    /// `GROUPS` (PostgreSQL, SQLite)
    Groups,
}

/// One end of a window frame.
///
/// ```
/// use aludel_compiler::{prelude::*, expr::FrameBound, dialect::Postgres};
/// # let t = MetaData::new().table("t").column(Column::new("v", Type::Integer)).build().unwrap();
/// let w = Window::new().order_by([t.c("v")]).rows(FrameBound::Preceding(2), FrameBound::Following(1));
/// let c = select(func::avg(t.c("v")).over(w)).compile(&Postgres).unwrap();
/// assert_eq!(c.sql, "SELECT avg(t.v) OVER (ORDER BY t.v ROWS BETWEEN $1 PRECEDING AND $2 FOLLOWING) AS anon_1 FROM t");
/// assert_eq!(c.params, vec![Value::from(2), Value::from(1)]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FrameBound {
    /// `UNBOUNDED PRECEDING`
    UnboundedPreceding,
    /// `n PRECEDING` (bound as a parameter)
    Preceding(u64),
    /// `CURRENT ROW`
    CurrentRow,
    /// `n FOLLOWING` (bound as a parameter)
    Following(u64),
    /// `UNBOUNDED FOLLOWING`
    UnboundedFollowing,
}

impl FrameBound {
    /// SQLAlchemy's integer spelling: `None` is unbounded, `0` the current
    /// row, negative preceding, positive following. `is_start` picks which
    /// unbounded end `None` means.
    ///
    /// ```
    /// use aludel_compiler::expr::FrameBound;
    /// assert_eq!(FrameBound::from_offset(Some(-2), true), FrameBound::Preceding(2));
    /// assert_eq!(FrameBound::from_offset(None, false), FrameBound::UnboundedFollowing);
    /// ```
    pub fn from_offset(offset: Option<i64>, is_start: bool) -> FrameBound {
        match offset {
            None if is_start => FrameBound::UnboundedPreceding,
            None => FrameBound::UnboundedFollowing,
            Some(0) => FrameBound::CurrentRow,
            Some(n) if n < 0 => FrameBound::Preceding(n.unsigned_abs()),
            Some(n) => FrameBound::Following(n.unsigned_abs()),
        }
    }
}

/// A window frame: `ROWS BETWEEN start AND end`.
///
/// ```
/// use aludel_compiler::{prelude::*, expr::{Frame, FrameBound, FrameKind}, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("v", Type::Integer)).build().unwrap();
/// // SQLAlchemy's `range_=(None, 0)`
/// let f = Frame {
///     kind: FrameKind::Range,
///     start: FrameBound::from_offset(None, true),
///     end: FrameBound::from_offset(Some(0), false),
/// };
/// assert_eq!((f.start, f.end), (FrameBound::UnboundedPreceding, FrameBound::CurrentRow));
/// let w = Window::new().order_by([t.c("v")]).frame(f.kind, f.start, f.end);
/// assert_eq!(select(func::sum(t.c("v")).over(w)).compile(&Sqlite).unwrap().sql,
///     "SELECT sum(t.v) OVER (ORDER BY t.v RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS anon_1 FROM t");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Frame {
    /// The unit.
    pub kind: FrameKind,
    /// The start bound.
    pub start: FrameBound,
    /// The end bound.
    pub end: FrameBound,
}

/// A window specification, applied with [`Expr::over`].
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("g", Type::Integer)).column(Column::new("v", Type::Integer)).build().unwrap();
/// let w = Window::new().partition_by([t.c("g")]).order_by([t.c("v").desc()]);
/// let c = select(func::rank().over(w)).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT rank() OVER (PARTITION BY t.g ORDER BY t.v DESC) AS anon_1 FROM t");
/// ```
#[derive(Clone, Default)]
pub struct Window {
    pub(crate) partition_by: ShortList,
    pub(crate) order_by: ShortList,
    /// Boxed: few windows have one, and a window is moved from builder to
    /// builder and then into its `OVER` node (88 bytes instead of 120).
    /// The builders and [`Expr::over`] are in line, so that the window is
    /// made where its node is rather than copied through each call.
    pub(crate) frame: Option<Box<Frame>>,
}

impl Window {
    /// An empty window: `OVER ()`.
    ///
    /// ```
    /// let w = aludel_compiler::expr::Window::new();
    /// ```
    pub fn new() -> Window {
        Window::default()
    }

    /// `PARTITION BY ...`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let w = Window::new().partition_by([Expr::from(1)]);
    /// ```
    #[inline]
    pub fn partition_by(mut self, exprs: impl IntoExprs) -> Window {
        extend_short(&mut self.partition_by, exprs);
        self
    }

    /// `ORDER BY ...`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let w = Window::new().order_by([Expr::from(1)]);
    /// ```
    #[inline]
    pub fn order_by(mut self, exprs: impl IntoExprs) -> Window {
        extend_short(&mut self.order_by, exprs);
        self
    }

    /// `ROWS BETWEEN start AND end`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, expr::FrameBound, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("v", Type::Integer)).build().unwrap();
    /// let w = Window::new().order_by([t.c("v")]).rows(FrameBound::UnboundedPreceding, FrameBound::CurrentRow);
    /// let c = select(func::sum(t.c("v")).over(w)).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT sum(t.v) OVER (ORDER BY t.v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS anon_1 FROM t");
    /// ```
    pub fn rows(self, start: FrameBound, end: FrameBound) -> Window {
        self.frame(FrameKind::Rows, start, end)
    }

    /// `RANGE BETWEEN start AND end`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, expr::FrameBound};
    /// let w = Window::new().range(FrameBound::Preceding(2), FrameBound::Following(2));
    /// ```
    pub fn range(self, start: FrameBound, end: FrameBound) -> Window {
        self.frame(FrameKind::Range, start, end)
    }

    /// Any frame.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, expr::{FrameBound, FrameKind}};
    /// let w = Window::new().frame(FrameKind::Groups, FrameBound::CurrentRow, FrameBound::UnboundedFollowing);
    /// ```
    pub fn frame(mut self, kind: FrameKind, start: FrameBound, end: FrameBound) -> Window {
        self.frame = Some(Box::new(Frame { kind, start, end }));
        self
    }
}

pub(crate) struct Over {
    pub(crate) func: Expr,
    pub(crate) window: Window,
}

impl Expr {
    /// `self OVER (window)`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = select((t.c("a"), func::count_star().over(Window::new()))).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a, count(*) OVER () AS anon_1 FROM t");
    /// ```
    #[inline]
    pub fn over(self, window: Window) -> Expr {
        Expr(Node::Over(Shared::new(Over { func: self, window })))
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Postgres;
    use crate::expr::{Expr, IntoExprs};
    use crate::prelude::*;

    /// A list type of the caller's own, which only says how to append to a
    /// `Vec` (the trait's one required method).
    struct Pair(Expr, Expr);
    impl IntoExprs for Pair {
        fn into_exprs(self, out: &mut Vec<Expr>) {
            out.push(self.0);
            out.push(self.1);
        }
    }

    // A window's lists hold one item inline and grow past it, whatever
    // form the items come in, in order.
    #[test]
    fn window_lists_keep_every_item_in_order() {
        let t = MetaData::new()
            .table("t")
            .column(Column::new("a", Type::Integer))
            .column(Column::new("b", Type::Integer))
            .column(Column::new("c", Type::Integer))
            .build()
            .expect("t");
        let over = |w: Window| {
            let sql = select(func::rank().over(w))
                .compile(&Postgres)
                .expect("compiles")
                .sql;
            sql.split_once("OVER (")
                .and_then(|(_, rest)| rest.split_once(')'))
                .map(|(inside, _)| inside.to_owned())
                .expect("an OVER clause")
        };
        assert_eq!(
            over(Window::new().partition_by(t.c("a"))),
            "PARTITION BY t.a"
        );
        assert_eq!(
            over(
                Window::new()
                    .partition_by([t.c("a")])
                    .partition_by((t.c("b"), t.c("c")))
                    .order_by(vec![t.c("c").desc(), t.c("a")])
            ),
            "PARTITION BY t.a, t.b, t.c ORDER BY t.c DESC, t.a"
        );
        assert_eq!(
            over(Window::new().order_by(Pair(t.c("b"), t.c("a").asc()))),
            "ORDER BY t.b, t.a ASC"
        );
    }
}
