//! `SELECT`.

use crate::expr::IntoExprs;
use std::fmt;
use std::sync::Arc;

use crate::expr::{Expr, Node};
use crate::schema::Table;
use crate::stmt::{Alias, AliasKind, CompoundSelect, FromItem, Join, JoinKind, SetOp};
use crate::value::Value;

/// A `SELECT` statement. Immutable: every builder call returns a new
/// statement (sharing everything it did not change), so a base query can be
/// refined in several directions.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Postgres};
/// let meta = MetaData::new();
/// let cars = meta.table("cars")
///     .column(Column::new("id", Type::Integer).primary_key())
///     .column(Column::new("name", Type::Text))
///     .column(Column::new("price", Type::Integer))
///     .build()?;
/// let q = select((cars.c("name"), cars.c("price")))
///     .filter(and_([cars.c("price").gt(10000), cars.c("name").like("%en")]))
///     .order_by([cars.c("name").asc()])
///     .limit(3);
/// let c = q.compile(&Postgres).unwrap();
/// assert_eq!(c.sql, "SELECT cars.name, cars.price FROM cars \
///     WHERE cars.price > $1 AND cars.name LIKE $2 ORDER BY cars.name ASC LIMIT $3");
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone)]
pub struct Select(pub(crate) Arc<SelectInner>);

#[derive(Clone, Default)]
pub(crate) struct SelectInner {
    pub(crate) columns: Vec<Expr>,
    pub(crate) distinct: Distinct,
    pub(crate) from: Vec<FromItem>,
    pub(crate) criteria: Vec<Expr>,
    pub(crate) group_by: Vec<Expr>,
    pub(crate) having: Vec<Expr>,
    pub(crate) order_by: Vec<Expr>,
    pub(crate) limit: Option<Expr>,
    pub(crate) offset: Option<Expr>,
    pub(crate) fetch: Option<Fetch>,
    pub(crate) for_update: Option<ForUpdate>,
    pub(crate) correlate: Correlate,
    pub(crate) params: Vec<(Arc<str>, Value)>,
}

#[derive(Clone, Default)]
pub(crate) enum Distinct {
    #[default]
    None,
    All,
    On(Vec<Expr>),
}

#[derive(Clone)]
pub(crate) struct Fetch {
    pub(crate) count: Expr,
    pub(crate) with_ties: bool,
    pub(crate) percent: bool,
}

/// Which enclosing FROM objects a subquery refers to instead of listing
/// them in its own FROM.
#[derive(Clone, Default)]
pub(crate) enum Correlate {
    /// Tables of enclosing queries are correlated automatically.
    #[default]
    Auto,
    /// Nothing is correlated.
    None,
    /// Only these are correlated.
    Only(Vec<FromItem>),
}

/// Row locking: `FOR UPDATE`, `FOR SHARE`, with `NOWAIT`, `SKIP LOCKED`, `OF`.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::ForUpdate, dialect::Postgres};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let q = select(t.c("a")).with_for_update(ForUpdate::new().skip_locked().of(&t));
/// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT t.a FROM t FOR UPDATE OF t SKIP LOCKED");
/// ```
#[derive(Clone, Default)]
pub struct ForUpdate {
    pub(crate) read: bool,
    pub(crate) nowait: bool,
    pub(crate) skip_locked: bool,
    pub(crate) key_share: bool,
    pub(crate) of: Vec<FromItem>,
}

impl ForUpdate {
    /// `FOR UPDATE`.
    ///
    /// ```
    /// let f = aludel_compiler::stmt::ForUpdate::new();
    /// ```
    pub fn new() -> ForUpdate {
        ForUpdate::default()
    }
    /// `FOR SHARE` (`LOCK IN SHARE MODE` on MySQL).
    ///
    /// ```
    /// let f = aludel_compiler::stmt::ForUpdate::new().read();
    /// ```
    pub fn read(mut self) -> Self {
        self.read = true;
        self
    }
    /// `NOWAIT`.
    ///
    /// ```
    /// let f = aludel_compiler::stmt::ForUpdate::new().nowait();
    /// ```
    pub fn nowait(mut self) -> Self {
        self.nowait = true;
        self
    }
    /// `SKIP LOCKED`.
    ///
    /// ```
    /// let f = aludel_compiler::stmt::ForUpdate::new().skip_locked();
    /// ```
    pub fn skip_locked(mut self) -> Self {
        self.skip_locked = true;
        self
    }
    /// PostgreSQL's `FOR NO KEY UPDATE` / `FOR KEY SHARE`.
    ///
    /// ```
    /// let f = aludel_compiler::stmt::ForUpdate::new().key_share();
    /// ```
    pub fn key_share(mut self) -> Self {
        self.key_share = true;
        self
    }
    /// `OF table` (lock only these tables' rows).
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, stmt::ForUpdate};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let f = ForUpdate::new().of(&t);
    /// ```
    pub fn of(mut self, item: impl Into<FromItem>) -> Self {
        self.of.push(item.into());
        self
    }
}

/// Something that can appear in a SELECT list: an expression, a table or
/// alias (all its columns), or a join (all columns of both sides, selected
/// FROM the join).
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let meta = MetaData::new();
/// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
/// # let addresses = meta.table("addresses").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
/// let sql = |q: Select| q.compile(&Sqlite).unwrap().sql;
/// // an expression
/// assert_eq!(sql(select(users.c("name"))), "SELECT users.name FROM users");
/// // a table or an alias: all its columns
/// assert_eq!(sql(select(&users.alias("u"))), "SELECT u.id, u.name FROM users AS u");
/// // a join: the columns of both sides, FROM the join
/// assert_eq!(sql(select(users.join(&addresses))),
///     "SELECT users.id, users.name, addresses.id AS id_1, addresses.user_id \
///      FROM users JOIN addresses ON users.id = addresses.user_id");
/// ```
pub trait SelectItem {
    /// Adds the item to a select under construction.
    #[doc(hidden)]
    fn add_to(self, sel: &mut SelectParts);
}

/// The parts of a select that [`SelectItem`]s add to.
#[doc(hidden)]
pub struct SelectParts {
    pub(crate) columns: Vec<Expr>,
    pub(crate) from: Vec<FromItem>,
}

impl<T: Into<Expr>> SelectItem for T {
    fn add_to(self, sel: &mut SelectParts) {
        sel.columns.push(self.into());
    }
}
impl SelectItem for &Table {
    fn add_to(self, sel: &mut SelectParts) {
        sel.columns.extend(self.all_columns());
    }
}
impl SelectItem for Table {
    fn add_to(self, sel: &mut SelectParts) {
        (&self).add_to(sel)
    }
}
impl SelectItem for &Alias {
    fn add_to(self, sel: &mut SelectParts) {
        sel.columns.extend(self.all_columns());
    }
}
impl SelectItem for Alias {
    fn add_to(self, sel: &mut SelectParts) {
        (&self).add_to(sel)
    }
}
impl SelectItem for Join {
    fn add_to(self, sel: &mut SelectParts) {
        FromItem::Join(self.clone()).collect_columns(&mut sel.columns);
        sel.from.push(FromItem::Join(self));
    }
}
impl SelectItem for &Join {
    fn add_to(self, sel: &mut SelectParts) {
        self.clone().add_to(sel)
    }
}

/// A SELECT list: one item, a tuple of items, or a `Vec`/array of items.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::IntoSelectList, dialect::Sqlite};
/// # let t = MetaData::new().table("users").column(Column::new("id", Type::Integer)).column(Column::new("name", Type::Text)).build().unwrap();
/// fn first_ten(columns: impl IntoSelectList) -> Select {
///     select(columns).limit(10)
/// }
/// let sql = |q: Select| q.compile(&Sqlite).unwrap().sql;
/// // a tuple may mix kinds of items
/// assert_eq!(sql(first_ten((t.c("name"), func::count_star())).group_by([t.c("name")])),
///     "SELECT users.name, count(*) AS count_1 FROM users GROUP BY users.name LIMIT ? OFFSET ?");
/// // a Vec or an array holds items of one kind
/// assert_eq!(sql(first_ten(vec![t.c("id"), t.c("name")])), "SELECT users.id, users.name FROM users LIMIT ? OFFSET ?");
/// assert_eq!(sql(first_ten([t.c("name")])), "SELECT users.name FROM users LIMIT ? OFFSET ?");
/// ```
pub trait IntoSelectList {
    /// Adds every item.
    #[doc(hidden)]
    fn add_all(self, sel: &mut SelectParts);
}

impl<T: SelectItem> IntoSelectList for T {
    fn add_all(self, sel: &mut SelectParts) {
        self.add_to(sel)
    }
}
impl<T: SelectItem> IntoSelectList for Vec<T> {
    fn add_all(self, sel: &mut SelectParts) {
        for i in self {
            i.add_to(sel)
        }
    }
}
impl<T: SelectItem, const N: usize> IntoSelectList for [T; N] {
    fn add_all(self, sel: &mut SelectParts) {
        for i in self {
            i.add_to(sel)
        }
    }
}
macro_rules! tuple_list {
    ($($n:ident),+) => {
        impl<$($n: SelectItem),+> IntoSelectList for ($($n,)+) {
            #[allow(non_snake_case)]
            fn add_all(self, sel: &mut SelectParts) {
                let ($($n,)+) = self;
                $($n.add_to(sel);)+
            }
        }
    };
}
tuple_list!(A, B);
tuple_list!(A, B, C);
tuple_list!(A, B, C, D);
tuple_list!(A, B, C, D, E);
tuple_list!(A, B, C, D, E, F);
tuple_list!(A, B, C, D, E, F, G);
tuple_list!(A, B, C, D, E, F, G, H);
tuple_list!(A, B, C, D, E, F, G, H, I);
tuple_list!(A, B, C, D, E, F, G, H, I, J);
tuple_list!(A, B, C, D, E, F, G, H, I, J, K);
tuple_list!(A, B, C, D, E, F, G, H, I, J, K, L);

/// `SELECT columns`: FROM is inferred from the columns' tables unless given
/// with [`Select::select_from`] or a join.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
/// assert_eq!(select(&t).compile(&Sqlite).unwrap().sql, "SELECT t.a, t.b FROM t");
/// assert_eq!(select((t.c("b"), t.c("a"))).compile(&Sqlite).unwrap().sql, "SELECT t.b, t.a FROM t");
/// ```
pub fn select(columns: impl IntoSelectList) -> Select {
    let mut parts = SelectParts {
        columns: Vec::new(),
        from: Vec::new(),
    };
    columns.add_all(&mut parts);
    Select(Arc::new(SelectInner {
        columns: parts.columns,
        from: parts.from,
        ..SelectInner::default()
    }))
}

impl Select {
    fn edit(&mut self) -> &mut SelectInner {
        Arc::make_mut(&mut self.0)
    }

    /// Adds columns to the SELECT list.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).add_columns(t.c("b"));
    /// ```
    pub fn add_columns(mut self, columns: impl IntoSelectList) -> Select {
        let inner = self.edit();
        let mut parts = SelectParts {
            columns: std::mem::take(&mut inner.columns),
            from: std::mem::take(&mut inner.from),
        };
        columns.add_all(&mut parts);
        inner.columns = parts.columns;
        inner.from = parts.from;
        self
    }

    /// Replaces the SELECT list.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(&t).with_only_columns(func::count_star());
    /// ```
    pub fn with_only_columns(mut self, columns: impl IntoSelectList) -> Select {
        self.edit().columns.clear();
        self.add_columns(columns)
    }

    /// Adds a WHERE criterion; several calls are joined with AND.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).filter(t.c("a").gt(1)).filter(t.c("a").lt(9));
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql, "SELECT t.a FROM t WHERE t.a > ? AND t.a < ?");
    /// ```
    pub fn filter(mut self, criterion: impl Into<Expr>) -> Select {
        push_criterion(&mut self.edit().criteria, criterion.into());
        self
    }

    /// Adds FROM items explicitly (tables, aliases, joins).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(func::count_star()).select_from(&t);
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql, "SELECT count(*) AS count_1 FROM t");
    /// ```
    pub fn select_from(mut self, from: impl Into<FromItem>) -> Select {
        self.edit().from.push(from.into());
        self
    }

    fn join_impl(mut self, target: FromItem, on: Option<Expr>, kind: JoinKind) -> Select {
        let inner = self.edit();
        let left = match inner.from.pop() {
            Some(f) => f,
            None => match implicit_left(&inner.columns, &inner.criteria, &target, on.is_some()) {
                Some(f) => f,
                None => {
                    inner.from.push(FromItem::invalid_join(&target));
                    return self;
                }
            },
        };
        let join = match on {
            Some(on) => Join::new(left, target, on, kind),
            None => Join::inferred(left, target, kind),
        };
        inner.from.push(FromItem::Join(join));
        self
    }

    /// `JOIN target ON ...`, the ON condition inferred from the one foreign
    /// key between the left side and `target`. The left side is the last
    /// FROM item (or join), or else the first table of the SELECT list that
    /// can join to `target`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// let meta = MetaData::new();
    /// let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
    /// let addresses = meta.table("addresses")
    ///     .column(Column::new("id", Type::Integer).primary_key())
    ///     .column(Column::new("user_id", Type::Integer).foreign_key("users.id"))
    ///     .build().unwrap();
    /// let q = select((users.c("id"), addresses.c("id"))).join(&addresses);
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql,
    ///     "SELECT users.id, addresses.id AS id_1 FROM users JOIN addresses ON users.id = addresses.user_id");
    /// ```
    pub fn join(self, target: impl Into<FromItem>) -> Select {
        self.join_impl(target.into(), None, JoinKind::Inner)
    }

    /// `JOIN target ON on`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let a2 = t.alias("t2");
    /// let q = select(t.c("a")).join_on(&a2, t.c("a").eq(a2.c("a")));
    /// ```
    pub fn join_on(self, target: impl Into<FromItem>, on: impl Into<Expr>) -> Select {
        self.join_impl(target.into(), Some(on.into()), JoinKind::Inner)
    }

    /// `LEFT OUTER JOIN target`, ON inferred from foreign keys.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let meta = MetaData::new();
    /// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
    /// # let addresses = meta.table("addresses").column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
    /// let q = select(users.c("id")).outerjoin(&addresses);
    /// ```
    pub fn outerjoin(self, target: impl Into<FromItem>) -> Select {
        self.join_impl(target.into(), None, JoinKind::Left)
    }

    /// `LEFT OUTER JOIN target ON on`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let a2 = t.alias("t2");
    /// let q = select(t.c("a")).outerjoin_on(&a2, t.c("a").eq(a2.c("a")));
    /// ```
    pub fn outerjoin_on(self, target: impl Into<FromItem>, on: impl Into<Expr>) -> Select {
        self.join_impl(target.into(), Some(on.into()), JoinKind::Left)
    }

    /// `FULL OUTER JOIN target ON on`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let a2 = t.alias("t2");
    /// let q = select(t.c("a")).full_join_on(&a2, t.c("a").eq(a2.c("a")));
    /// ```
    pub fn full_join_on(self, target: impl Into<FromItem>, on: impl Into<Expr>) -> Select {
        self.join_impl(target.into(), Some(on.into()), JoinKind::Full)
    }

    /// `FROM left JOIN right`, ON inferred from foreign keys.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    /// # let meta = MetaData::new();
    /// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
    /// # let addresses = meta.table("addresses").column(Column::new("user_id", Type::Integer).foreign_key("users.id")).column(Column::new("email", Type::Text)).build().unwrap();
    /// let q = select((users.c("name"), addresses.c("email"))).outerjoin_from(&users, &addresses);
    /// assert_eq!(q.compile(&Postgres).unwrap().sql,
    ///     "SELECT users.name, addresses.email FROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id");
    /// ```
    pub fn join_from(mut self, left: impl Into<FromItem>, right: impl Into<FromItem>) -> Select {
        let j = Join::inferred(left.into(), right.into(), JoinKind::Inner);
        self.edit().from.push(FromItem::Join(j));
        self
    }

    /// `FROM left LEFT OUTER JOIN right`, ON inferred from foreign keys.
    ///
    /// See [`Select::join_from`].
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let meta = MetaData::new();
    /// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
    /// # let addresses = meta.table("addresses").column(Column::new("user_id", Type::Integer).foreign_key("users.id")).column(Column::new("email", Type::Text)).build().unwrap();
    /// let q = select((users.c("name"), addresses.c("email"))).outerjoin_from(&users, &addresses);
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql,
    ///     "SELECT users.name, addresses.email FROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id");
    /// ```
    pub fn outerjoin_from(
        mut self,
        left: impl Into<FromItem>,
        right: impl Into<FromItem>,
    ) -> Select {
        let j = Join::inferred(left.into(), right.into(), JoinKind::Left);
        self.edit().from.push(FromItem::Join(j));
        self
    }

    /// `SELECT DISTINCT`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(select(t.c("a")).distinct().compile(&Sqlite).unwrap().sql, "SELECT DISTINCT t.a FROM t");
    /// ```
    pub fn distinct(mut self) -> Select {
        self.edit().distinct = Distinct::All;
        self
    }

    /// PostgreSQL's `SELECT DISTINCT ON (exprs)`; a compile error elsewhere.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Postgres, Sqlite}};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
    /// let q = select((t.c("a"), t.c("b"))).distinct_on([t.c("a")]).order_by([t.c("a"), t.c("b")]);
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT DISTINCT ON (t.a) t.a, t.b FROM t ORDER BY t.a, t.b");
    /// assert!(q.compile(&Sqlite).is_err());
    /// ```
    pub fn distinct_on(mut self, exprs: impl IntoExprs) -> Select {
        self.edit().distinct = Distinct::On(crate::expr::exprs(exprs));
        self
    }

    /// `GROUP BY exprs`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select((t.c("a"), func::count_star())).group_by([t.c("a")]);
    /// ```
    pub fn group_by(mut self, exprs: impl IntoExprs) -> Select {
        self.edit().group_by.extend(crate::expr::exprs(exprs));
        self
    }

    /// Adds a HAVING criterion; several calls are joined with AND.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select((t.c("a"), func::count_star())).group_by([t.c("a")]).having(func::count_star().gt(1));
    /// ```
    pub fn having(mut self, criterion: impl Into<Expr>) -> Select {
        push_criterion(&mut self.edit().having, criterion.into());
        self
    }

    /// `ORDER BY exprs` (use [`Expr::asc`], [`Expr::desc`], [`Expr::nulls_last`] ...).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).order_by([t.c("a").desc()]);
    /// ```
    pub fn order_by(mut self, exprs: impl IntoExprs) -> Select {
        self.edit().order_by.extend(crate::expr::exprs(exprs));
        self
    }

    /// `LIMIT n` (bound as a parameter where the dialect allows).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).limit(10);
    /// ```
    pub fn limit(mut self, n: u64) -> Select {
        self.edit().limit = Some(count_expr(n));
        self
    }

    /// `OFFSET n`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).limit(10).offset(20);
    /// ```
    pub fn offset(mut self, n: u64) -> Select {
        self.edit().offset = Some(count_expr(n));
        self
    }

    /// `FETCH FIRST n ROWS ONLY`.
    ///
    /// SQLite and MySQL have no FETCH clause; there it is rendered as the
    /// equivalent LIMIT.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Postgres, Sqlite}};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).order_by([t.c("a")]).fetch(5);
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT t.a FROM t ORDER BY t.a FETCH FIRST ($1) ROWS ONLY");
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql, "SELECT t.a FROM t ORDER BY t.a LIMIT ? OFFSET ?");
    /// ```
    pub fn fetch(mut self, n: u64) -> Select {
        self.edit().fetch = Some(Fetch {
            count: count_expr(n),
            with_ties: false,
            percent: false,
        });
        self
    }

    /// `FETCH FIRST n ROWS WITH TIES`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).order_by([t.c("a")]).fetch_with_ties(5);
    /// ```
    pub fn fetch_with_ties(mut self, n: u64) -> Select {
        self.edit().fetch = Some(Fetch {
            count: count_expr(n),
            with_ties: true,
            percent: false,
        });
        self
    }

    /// Row locking: `FOR UPDATE` and its variants.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, stmt::ForUpdate};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).with_for_update(ForUpdate::new().nowait());
    /// ```
    pub fn with_for_update(mut self, f: ForUpdate) -> Select {
        self.edit().for_update = Some(f);
        self
    }

    /// Correlate only these FROM items with enclosing queries (instead of automatically).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).correlate([&t]);
    /// ```
    pub fn correlate<I>(mut self, items: I) -> Select
    where
        I: IntoIterator,
        I::Item: Into<FromItem>,
    {
        self.edit().correlate = Correlate::Only(items.into_iter().map(Into::into).collect());
        self
    }

    /// Never correlate: every table this select mentions is in its own FROM.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(t.c("a")).no_correlate();
    /// ```
    pub fn no_correlate(mut self) -> Select {
        self.edit().correlate = Correlate::None;
        self
    }

    /// Values for named bind parameters (from [`bindparam`](crate::expr::bindparam)
    /// or `:name` in [`text`](crate::expr::text)) anywhere in the statement.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("users").column(Column::new("name", Type::Text)).build().unwrap();
    /// let q = select(&t).filter(text("users.name = :name")).params([("name", "jack")]);
    /// let c = q.compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT users.name FROM users WHERE users.name = ?");
    /// assert_eq!(c.params, vec![Value::from("jack")]);
    /// ```
    pub fn params<I, K, V>(mut self, params: I) -> Select
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<Value>,
    {
        let inner = self.edit();
        for (k, v) in params {
            let v = v.into();
            match inner.params.iter_mut().find(|(n, _)| &**n == k.as_ref()) {
                Some(slot) => slot.1 = v,
                None => inner.params.push((Arc::from(k.as_ref()), v)),
            }
        }
        self
    }

    /// This select as a named subquery for FROM (`(SELECT ...) AS name`).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let sq = select(t.c("a")).filter(t.c("a").gt(5)).subquery("sq");
    /// let c = select(sq.c("a")).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT sq.a FROM (SELECT t.a AS a FROM t WHERE t.a > ?) AS sq");
    /// ```
    pub fn subquery(self, name: &str) -> Alias {
        Alias::of_select(self, Some(name), AliasKind::Subquery)
    }

    /// This select as an anonymous subquery (named `anon_1`, ... when compiled).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let sq = select(t.c("a")).anon_subquery();
    /// let c = select(sq.c("a")).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT anon_1.a FROM (SELECT t.a AS a FROM t) AS anon_1");
    /// ```
    pub fn anon_subquery(self) -> Alias {
        Alias::of_select(self, None, AliasKind::Subquery)
    }

    /// This select as a `LATERAL` subquery.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let l = select(t.c("a")).lateral("l");
    /// ```
    pub fn lateral(self, name: &str) -> Alias {
        Alias::of_select(self, Some(name), AliasKind::Lateral)
    }

    /// This select as a common table expression (`WITH name AS (...)`),
    /// rendered at the top of whatever statement refers to it.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = select(t.c("a")).cte("c");
    /// assert_eq!(select(c.c("a")).compile(&Sqlite).unwrap().sql,
    ///     "WITH c AS (SELECT t.a AS a FROM t) SELECT c.a FROM c");
    /// ```
    pub fn cte(self, name: &str) -> Alias {
        Alias::of_select(self, Some(name), AliasKind::Cte { recursive: false })
    }

    /// A recursive CTE; complete it with [`Alias::union_all`] of a select
    /// that refers to the CTE.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    /// let meta = MetaData::new();
    /// let emp = meta.table("emp")
    ///     .column(Column::new("id", Type::Integer).primary_key())
    ///     .column(Column::new("boss", Type::Integer))
    ///     .build().unwrap();
    /// let base = select((emp.c("id"), emp.c("boss"))).filter(emp.c("boss").is_null()).cte_recursive("chain");
    /// let step = select((emp.c("id"), emp.c("boss"))).join_on(&base, emp.c("boss").eq(base.c("id")));
    /// let chain = base.union_all(step);
    /// let sql = select(chain.c("id")).compile(&Postgres).unwrap().sql;
    /// assert_eq!(sql, "WITH RECURSIVE chain(id, boss) AS (SELECT emp.id AS id, emp.boss AS boss FROM emp \
    ///     WHERE emp.boss IS NULL UNION ALL SELECT emp.id AS id, emp.boss AS boss FROM emp \
    ///     JOIN chain ON emp.boss = chain.id) SELECT chain.id FROM chain");
    /// ```
    pub fn cte_recursive(self, name: &str) -> Alias {
        Alias::of_select(self, Some(name), AliasKind::Cte { recursive: true })
    }

    /// This select as a scalar subquery expression: `(SELECT ...)`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let m = select(func::max(t.c("a"))).scalar_subquery();
    /// let c = select(t.c("a")).filter(t.c("a").eq(m)).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a = (SELECT max(t.a) AS max_1 FROM t)");
    /// ```
    pub fn scalar_subquery(self) -> Expr {
        Expr(Node::ScalarSelect(self))
    }

    /// `EXISTS (this select)`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = select(t.c("a")).exists();
    /// ```
    pub fn exists(self) -> Expr {
        crate::expr::exists(self)
    }

    /// `this UNION other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = select(t.c("a")).union(select(t.c("a")));
    /// ```
    pub fn union(self, other: impl Into<CompoundSelect>) -> CompoundSelect {
        CompoundSelect::new(SetOp::Union, self, other.into())
    }
    /// `this UNION ALL other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = select(t.c("a")).union_all(select(t.c("a")));
    /// ```
    pub fn union_all(self, other: impl Into<CompoundSelect>) -> CompoundSelect {
        CompoundSelect::new(SetOp::UnionAll, self, other.into())
    }
    /// `this INTERSECT other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = select(t.c("a")).intersect(select(t.c("a")));
    /// ```
    pub fn intersect(self, other: impl Into<CompoundSelect>) -> CompoundSelect {
        CompoundSelect::new(SetOp::Intersect, self, other.into())
    }
    /// `this EXCEPT other`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = select(t.c("a")).except(select(t.c("a")));
    /// ```
    pub fn except(self, other: impl Into<CompoundSelect>) -> CompoundSelect {
        CompoundSelect::new(SetOp::Except, self, other.into())
    }

    /// The SELECT list.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(select(&t).selected_columns().len(), 1);
    /// ```
    pub fn selected_columns(&self) -> &[Expr] {
        &self.0.columns
    }

    pub(crate) fn has_limit_or_order(&self) -> bool {
        let s = &self.0;
        s.limit.is_some() || s.offset.is_some() || s.fetch.is_some() || !s.order_by.is_empty()
    }
}

fn count_expr(n: u64) -> Expr {
    Expr(Node::Value(Value::Int(
        i64::try_from(n).unwrap_or(i64::MAX),
    )))
}

/// Adds a criterion, dropping `true` (which adds nothing) and flattening ANDs.
pub(crate) fn push_criterion(list: &mut Vec<Expr>, e: Expr) {
    match &e.0 {
        Node::True => {}
        Node::Bool(b) if b.op == crate::expr::BoolOp::And => list.extend(b.items.iter().cloned()),
        _ => list.push(e),
    }
}

/// The left side for `select(...).join(target)` when no FROM was given: the
/// first table of the columns (and criteria) that the target can join to
/// (with an explicit ON, simply the first).
fn implicit_left(
    columns: &[Expr],
    criteria: &[Expr],
    target: &FromItem,
    explicit_on: bool,
) -> Option<FromItem> {
    let mut froms: Vec<FromItem> = Vec::new();
    for e in columns.iter().chain(criteria) {
        crate::stmt::froms::collect_expr_froms(e, &mut froms);
    }
    froms.retain(|f| !f.overlaps(target));
    if explicit_on {
        return froms.into_iter().next();
    }
    froms
        .iter()
        .find(|f| crate::stmt::join::infer_condition(f, target).is_ok())
        .cloned()
        .or_else(|| froms.into_iter().next())
}

impl fmt::Debug for Select {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::dialect::render_generic(&crate::stmt::Statement::Select(self.clone())) {
            Ok(s) => write!(f, "Select({s})"),
            Err(e) => write!(f, "Select(<{e}>)"),
        }
    }
}

impl fmt::Display for Select {
    /// The statement in the generic dialect, with `:name` placeholders.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::dialect::render_generic(&crate::stmt::Statement::Select(self.clone())) {
            Ok(s) => f.write_str(&s),
            Err(e) => write!(f, "<{e}>"),
        }
    }
}
