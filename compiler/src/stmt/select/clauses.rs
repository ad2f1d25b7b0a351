//! The builder methods of [`Select`] for its clauses: joins, DISTINCT,
//! GROUP BY / HAVING, ORDER BY, LIMIT / OFFSET / FETCH, row locking
//! ([`ForUpdate`]), correlation and named parameter values.

use std::sync::Arc;

use super::{Correlate, Distinct, Fetch, Select, push_criterion};
use crate::expr::{Expr, IntoExprs, Node};
use crate::stmt::{FromItem, Join, JoinKind};
use crate::value::Value;

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

impl Select {
    fn join_impl(mut self, target: FromItem, on: Option<Expr>, kind: JoinKind) -> Select {
        let inner = self.edit();
        let left = match inner.from.pop() {
            Some(f) => f,
            None => match implicit_left(inner.columns(), inner.criteria(), &target, on.is_some()) {
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
        self.edit().rare_mut().distinct = Distinct::All;
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
        self.edit().rare_mut().distinct = Distinct::On(crate::expr::exprs(exprs));
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
        // the keys are the end of the SELECT's list (see `SelectInner::items`)
        exprs.into_exprs(&mut self.edit().items);
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
        exprs.into_exprs(&mut self.edit().order_by);
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
        self.edit().rare_mut().fetch = Some(Fetch {
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
        self.edit().rare_mut().fetch = Some(Fetch {
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
        self.edit().rare_mut().for_update = Some(f);
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
        self.edit().rare_mut().correlate =
            Correlate::Only(items.into_iter().map(Into::into).collect());
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
        self.edit().rare_mut().correlate = Correlate::None;
        self
    }

    /// Values for named bind parameters (from [`bindparam`](crate::expr::bindparam)
    /// or `:name` in [`text`](crate::expr::text())) anywhere in the statement.
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
        let given = &mut self.edit().rare_mut().params;
        for (k, v) in params {
            let v = v.into();
            match given.iter_mut().find(|(n, _)| &**n == k.as_ref()) {
                Some(slot) => slot.1 = v,
                None => given.push((Arc::from(k.as_ref()), v)),
            }
        }
        self
    }
}

fn count_expr(n: u64) -> Expr {
    Expr(Node::Value(Value::Int(
        i64::try_from(n).unwrap_or(i64::MAX),
    )))
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
    let mut froms = crate::stmt::froms::FromItems::new();
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
