//! `SELECT`.

mod clauses;
mod list;

use crate::shared::Shared;
use std::fmt;
use std::sync::Arc;

use crate::expr::{Expr, Node};
use crate::stmt::id::{self, Stamp};
use crate::stmt::{Alias, AliasKind, CompoundSelect, FromItem, SetOp};
use crate::value::Value;

pub use clauses::ForUpdate;
pub use list::{IntoSelectList, SelectItem, SelectParts};

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
pub struct Select(pub(crate) Shared<SelectInner>);

#[derive(Clone, Default)]
pub(crate) struct SelectInner {
    /// The statement's identity (see [`Stamp`]).
    pub(crate) stamp: Stamp,
    /// The SELECT list, then the WHERE criteria, then the GROUP BY keys, in
    /// one list: most SELECTs have the first two, and one allocation
    /// serves all three (see [`SelectInner::columns`],
    /// [`SelectInner::criteria`] and [`SelectInner::group_by`]).
    pub(crate) items: Vec<Expr>,
    /// How many of `items` are the SELECT list (the first ones).
    pub(crate) n_columns: usize,
    /// Where the criteria end and the GROUP BY keys begin in `items`.
    pub(crate) n_level: usize,
    pub(crate) from: FromSlots,
    pub(crate) having: Vec<Expr>,
    pub(crate) order_by: Vec<Expr>,
    pub(crate) limit: Option<Expr>,
    pub(crate) offset: Option<Expr>,
    /// DISTINCT, correlation, FETCH, FOR UPDATE and `.params()` values:
    /// clauses few SELECTs have, boxed so that a new SELECT, built on the
    /// stack and copied into its allocation, is 192 bytes instead of 328
    /// (see [`SelectInner::fetch`], [`SelectInner::rare_mut`]).
    pub(crate) rare: Option<Box<SelectRare>>,
}

/// The rarely used clauses of a SELECT (see [`SelectInner::rare`]).
#[derive(Clone, Default)]
pub(crate) struct SelectRare {
    pub(crate) distinct: Distinct,
    pub(crate) correlate: Correlate,
    pub(crate) fetch: Option<Fetch>,
    pub(crate) for_update: Option<ForUpdate>,
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
        // room for the criteria most statements add after the columns
        columns: Vec::with_capacity(columns.len_hint() + CRITERIA_ROOM),
        from: FromSlots::new(),
    };
    columns.add_all(&mut parts);
    // every field named (no `..Default::default()`, which makes a whole
    // default statement first). LLVM still builds the statement on the
    // stack and copies it into its allocation (one `memcpy` of its 240
    // bytes and the count): writing it in place would take `unsafe` code,
    // and the safe ways tried copy it twice or cost more (a constant empty
    // statement overwritten in its allocation: +64 instructions on S1;
    // docs/performance.md, docs/performance-history.md)
    Select(Shared::new(SelectInner {
        stamp: Stamp::new(),
        n_columns: parts.columns.len(),
        n_level: parts.columns.len(),
        items: parts.columns,
        from: parts.from,
        having: Vec::new(),
        order_by: Vec::new(),
        limit: None,
        offset: None,
        rare: None,
    }))
}

/// A SELECT's explicit FROM items: most have none or one (a table or a
/// join), held inline in the space a `Vec` would take.
pub(crate) type FromSlots = smallvec::SmallVec<[FromItem; 1]>;

/// How many WHERE criteria a new SELECT's list has room for after its
/// columns (a SELECT with more grows its list once).
const CRITERIA_ROOM: usize = 4;

impl SelectInner {
    /// DISTINCT or DISTINCT ON, or neither.
    #[inline]
    pub(crate) fn distinct(&self) -> &Distinct {
        self.rare
            .as_deref()
            .map_or(&Distinct::None, |r| &r.distinct)
    }

    /// Which enclosing FROM items a subquery refers to.
    #[inline]
    pub(crate) fn correlate(&self) -> &Correlate {
        self.rare
            .as_deref()
            .map_or(&Correlate::Auto, |r| &r.correlate)
    }

    /// The FETCH clause, if any.
    #[inline]
    pub(crate) fn fetch(&self) -> Option<&Fetch> {
        self.rare.as_deref().and_then(|r| r.fetch.as_ref())
    }

    /// The row-locking clause, if any.
    #[inline]
    pub(crate) fn for_update(&self) -> Option<&ForUpdate> {
        self.rare.as_deref().and_then(|r| r.for_update.as_ref())
    }

    /// The values given with `.params()` for named binds.
    #[inline]
    pub(crate) fn params(&self) -> &[(Arc<str>, Value)] {
        self.rare.as_deref().map_or(&[], |r| &r.params)
    }

    /// Adds a WHERE criterion to a SELECT that has GROUP BY keys already:
    /// before them, where the criteria end.
    #[inline(never)]
    fn push_criterion_before_group_by(&mut self, criterion: Expr) {
        let keys = self.items.split_off(self.n_level);
        push_criterion(&mut self.items, criterion);
        self.n_level = self.items.len();
        self.items.extend(keys);
    }

    /// The rare clauses, made when first set.
    pub(crate) fn rare_mut(&mut self) -> &mut SelectRare {
        self.rare.get_or_insert_with(Box::default)
    }

    /// The SELECT list.
    #[inline]
    pub(crate) fn columns(&self) -> &[Expr] {
        &self.items[..self.n_columns]
    }

    /// The WHERE criteria, joined by AND.
    #[inline]
    pub(crate) fn criteria(&self) -> &[Expr] {
        &self.items[self.n_columns..self.n_level]
    }

    /// The SELECT list and the WHERE criteria: the expressions whose
    /// tables make the FROM list.
    #[inline]
    pub(crate) fn level_items(&self) -> &[Expr] {
        &self.items[..self.n_level]
    }

    /// The GROUP BY keys.
    #[inline]
    pub(crate) fn group_by(&self) -> &[Expr] {
        &self.items[self.n_level..]
    }
}

impl Select {
    fn edit(&mut self) -> &mut SelectInner {
        id::edit(&mut self.0, |i| &mut i.stamp)
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
        // the new columns go before the criteria and the GROUP BY keys
        let criteria = inner.items.split_off(inner.n_columns);
        let mut parts = SelectParts {
            columns: std::mem::take(&mut inner.items),
            from: std::mem::take(&mut inner.from),
        };
        columns.add_all(&mut parts);
        inner.n_level += parts.columns.len() - inner.n_columns;
        inner.n_columns = parts.columns.len();
        inner.items = parts.columns;
        inner.items.extend(criteria);
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
        let inner = self.edit();
        inner.items.drain(..inner.n_columns);
        inner.n_level -= inner.n_columns;
        inner.n_columns = 0;
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
        let inner = self.edit();
        if inner.n_level == inner.items.len() {
            // the criteria are the end of the list
            push_criterion(&mut inner.items, criterion.into());
            inner.n_level = inner.items.len();
        } else {
            inner.push_criterion_before_group_by(criterion.into());
        }
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
        self.0.columns()
    }

    pub(crate) fn has_limit_or_order(&self) -> bool {
        let s = &self.0;
        s.limit.is_some() || s.offset.is_some() || s.fetch().is_some() || !s.order_by.is_empty()
    }
}

/// Adds a criterion, dropping `true` (which adds nothing) and flattening ANDs.
pub(crate) fn push_criterion(list: &mut impl CriteriaList, e: Expr) {
    match e {
        Expr(Node::True) => {}
        // an AND's items, extended at once (`expr::operators`' per-item
        // callback costs S6 2% more)
        Expr(Node::Bool(b)) if b.op == crate::expr::BoolOp::And => {
            list.extend(crate::expr::BoolList::into_items(b))
        }
        e => list.push_one(e),
    }
}

/// A list of criteria joined by AND: a SELECT's WHERE or HAVING (a `Vec`),
/// or an UPDATE's or DELETE's WHERE (held in place, see `update::Criteria`).
pub(crate) trait CriteriaList: Extend<Expr> {
    /// Appends one criterion.
    fn push_one(&mut self, e: Expr);
}

impl CriteriaList for Vec<Expr> {
    fn push_one(&mut self, e: Expr) {
        // the first criterion sizes the list for four at once
        crate::expr::make_room(self, 4);
        self.push(e)
    }
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

#[cfg(test)]
mod tests {
    use crate::dialect::Sqlite;
    use crate::prelude::*;

    fn table() -> Table {
        MetaData::new()
            .table("t")
            .column(Column::new("a", Type::Integer))
            .column(Column::new("b", Type::Integer))
            .build()
            .expect("table")
    }

    fn sql(q: &Select) -> String {
        q.compile(&Sqlite).expect("compiles").sql
    }

    // The SELECT list and the criteria share one list: columns added after
    // criteria go before them, and replacing the columns keeps them.
    #[test]
    fn columns_changed_after_criteria_keep_the_criteria() {
        let t = table();
        let q = select(t.c("a"))
            .filter(t.c("a").gt(1))
            .filter(t.c("b").lt(2));
        let added = q.clone().add_columns(t.c("b"));
        assert_eq!(
            sql(&added),
            "SELECT t.a, t.b FROM t WHERE t.a > ? AND t.b < ?"
        );
        assert_eq!(added.selected_columns().len(), 2);
        let only = q.clone().with_only_columns((t.c("b"), func::count_star()));
        assert_eq!(
            sql(&only),
            "SELECT t.b, count(*) AS count_1 FROM t WHERE t.a > ? AND t.b < ?"
        );
        let filtered = only.filter(t.c("b").ne(3));
        assert_eq!(
            sql(&filtered),
            "SELECT t.b, count(*) AS count_1 FROM t WHERE t.a > ? AND t.b < ? AND t.b != ?"
        );
        // the statement they were made from is unchanged
        assert_eq!(sql(&q), "SELECT t.a FROM t WHERE t.a > ? AND t.b < ?");
    }

    // The GROUP BY keys share the list too, after the criteria: criteria
    // and columns added after them go before them, a key's table is not
    // in the FROM list (as SQLAlchemy's), a key's CTE is written, and a
    // key is not taken for a criterion in the cache key.
    #[test]
    fn group_by_keys_after_the_criteria_keep_their_place() {
        let meta = MetaData::new();
        let t = table();
        let u = crate::schema::int_table(&meta, "u", &["x"]);
        let q = select(t.c("a")).group_by([t.c("a"), t.c("b")]);
        let q = q.filter(t.c("a").gt(1)).group_by(t.c("a") + 1);
        let q = q.filter(t.c("b").lt(2)).add_columns(t.c("b"));
        assert_eq!(
            sql(&q),
            "SELECT t.a, t.b FROM t WHERE t.a > ? AND t.b < ? GROUP BY t.a, t.b, t.a + ?"
        );
        let c = q.compile(&Sqlite).expect("compiles");
        assert_eq!(c.params.len(), 3);
        let only = q.with_only_columns(func::count_star());
        assert_eq!(
            sql(&only),
            "SELECT count(*) AS count_1 FROM t WHERE t.a > ? AND t.b < ? GROUP BY t.a, t.b, t.a + ?"
        );
        let other = select(t.c("a")).group_by(u.c("x"));
        assert_eq!(sql(&other), "SELECT t.a FROM t GROUP BY u.x");
        let cte = select(u.c("x")).cte("k");
        let keyed = select(t.c("a")).group_by(select(cte.c("x")).scalar_subquery());
        assert_eq!(
            sql(&keyed),
            "WITH k AS (SELECT u.x AS x FROM u) SELECT t.a FROM t GROUP BY (SELECT k.x FROM k)"
        );
        let key = |q: &Select| crate::cache::Shape::of(&q.clone().into()).key();
        let criterion = select(t.c("a")).filter(t.c("b").gt(1));
        let grouped = select(t.c("a")).group_by(t.c("b").gt(1));
        assert_ne!(key(&criterion), key(&grouped));
    }

    // The explicit FROM items hold one inline; more are all kept, in order.
    #[test]
    fn explicit_from_items_past_the_first_are_kept_in_order() {
        let meta = MetaData::new();
        let make = |name: &str| crate::schema::int_table(&meta, name, &["x"]);
        let (a, b, c) = (make("a"), make("b"), make("c"));
        let one = select(func::count_star()).select_from(&a);
        assert_eq!(sql(&one), "SELECT count(*) AS count_1 FROM a");
        let three = one.clone().select_from(&b).select_from(&c);
        assert_eq!(sql(&three), "SELECT count(*) AS count_1 FROM a, b, c");
        let d = a.alias("d");
        let joined = three.join_on(&d, c.c("x").eq(d.c("x")));
        assert_eq!(
            sql(&joined),
            "SELECT count(*) AS count_1 FROM a, b, c JOIN a AS d ON c.x = d.x"
        );
        // the statement they were made from is unchanged
        assert_eq!(sql(&one), "SELECT count(*) AS count_1 FROM a");
    }

    // An AND given to `filter` is flattened into the criteria: moved when
    // nothing else holds it, copied when it is shared, the same either way.
    #[test]
    fn an_and_criterion_is_flattened_whether_shared_or_not() {
        let t = table();
        let expected = "SELECT t.a FROM t WHERE t.a > ? AND t.b < ? AND t.a != ?";
        let made = select(t.c("a"))
            .filter(t.c("a").gt(1) & t.c("b").lt(2))
            .filter(t.c("a").ne(3));
        assert_eq!(sql(&made), expected);
        let shared = and_([t.c("a").gt(1), t.c("b").lt(2)]);
        let first = select(t.c("a"))
            .filter(shared.clone())
            .filter(t.c("a").ne(3));
        let second = select(t.c("a"))
            .filter(shared.clone())
            .filter(t.c("a").ne(3));
        assert_eq!(sql(&first), expected);
        assert_eq!(sql(&second), expected);
        // the shared AND is intact
        let alone = select(t.c("a"))
            .filter(shared)
            .compile(&Sqlite)
            .expect("compiles");
        assert_eq!(alone.params.len(), 2);
    }

    // Nested ANDs and ORs are flattened into one list, whether the inner one
    // is held elsewhere too or not; the shared one stays as it was.
    #[test]
    fn nested_ands_and_ors_flatten_and_leave_a_shared_one_intact() {
        let t = table();
        let or_sql = |e: Expr| sql(&select(t.c("a")).filter(e));
        let chain = t.c("a").eq(1) | t.c("a").eq(2) | t.c("a").eq(3);
        assert_eq!(
            or_sql(chain),
            "SELECT t.a FROM t WHERE t.a = ? OR t.a = ? OR t.a = ?"
        );
        let inner = t.c("b").lt(1) | t.c("b").gt(9);
        let wider = inner.clone() | t.c("b").eq(5);
        assert_eq!(
            or_sql(wider),
            "SELECT t.a FROM t WHERE t.b < ? OR t.b > ? OR t.b = ?"
        );
        assert_eq!(or_sql(inner), "SELECT t.a FROM t WHERE t.b < ? OR t.b > ?");
        let both = (t.c("a").gt(1) & t.c("b").gt(2)) & (t.c("a").lt(8) & t.c("b").lt(9));
        let c = select(t.c("a"))
            .filter(both)
            .compile(&Sqlite)
            .expect("compiles");
        assert_eq!(c.sql.matches(" AND ").count(), 3);
        assert_eq!(c.params.len(), 4);
    }

    #[test]
    fn more_criteria_than_the_list_has_room_for_are_all_kept() {
        let t = table();
        let q = (1..=9).fold(select(t.c("a")), |q, i| q.filter(t.c("b").ne(i)));
        let c = q.compile(&Sqlite).expect("compiles");
        assert_eq!(c.params.len(), 9);
        assert_eq!(c.sql.matches(" AND ").count(), 8);
        assert_eq!(q.selected_columns().len(), 1);
    }
}
