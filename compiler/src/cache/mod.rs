//! Structural cache keys and compiled-statement templates.
//!
//! Compile once, run many: a statement's *shape* — everything that decides
//! its SQL, but not the values it binds — is hashed into a [`CacheKey`].
//! A statement of the same shape compiles to the same SQL, so a cache can
//! keep the first compilation as a [`Template`] and, for every later
//! statement of that shape, only collect its values in order.
//!
//! ```
//! use aludel_compiler::{prelude::*, dialect::Postgres, cache::{Shape, Template}, CompileOptions};
//! # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
//! let q = |n: i32| -> Statement { select(t.c("a")).filter(t.c("a").eq(n)).into() };
//! let first = Shape::of(&q(1));
//! let template = Template::compile(&q(1), &first, &Postgres, &CompileOptions::new()).unwrap().unwrap();
//! let second = Shape::of(&q(2));
//! assert_eq!(first.key(), second.key());
//! let c = template.instantiate(&second);
//! assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a = $1");
//! assert_eq!(c.params, vec![Value::from(2)]);
//! ```

mod hash;
mod walk;

use std::collections::HashMap;
use std::sync::Arc;

use hash::KeyHasher;
pub use hash::{CacheKeyHasher, FoldHasher};
pub(crate) use hash::{fnv1a, name_hash};
use walk::Walker;

use crate::compiled::{CompileOptions, Compiled, ResultColumn};
use crate::dialect::{Compiler, Dialect};
use crate::error::CompileError;
use crate::stmt::Statement;
use crate::value::Value;

/// A 128-bit structural hash of a statement (its shape, not its values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheKey(u64, u64);

impl std::hash::Hash for CacheKey {
    /// One half is enough to place a key in a map (both halves are
    /// finished hashes; equality still compares both).
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.0);
    }
}

/// A statement's values, or a template's parameters, in order: up to four
/// are held inline, so a statement of a known shape with a few values runs
/// without an allocation. It reads as a slice (`&values[..]`);
/// `into_vec()` gives a `Vec` (without a copy when they spilled to the heap).
///
/// ```
/// use aludel_compiler::{prelude::*, cache::{Shape, Values}};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let q: Statement = select(t.c("a")).filter(t.c("a").eq(7)).into();
/// let values: Values = Shape::of(&q).into_values();
/// assert_eq!(&values[..], [Value::from(7)]);
/// assert!(!values.spilled());
/// ```
pub type Values = smallvec::SmallVec<[Value; 4]>;

/// A statement's shape: its [`CacheKey`], and its bound values in a fixed
/// order.
#[derive(Clone, Debug)]
pub struct Shape {
    key: CacheKey,
    values: Values,
    cacheable: bool,
}

impl Shape {
    /// Walks a statement once: hashes its structure and collects its values.
    ///
    /// See the [module documentation](self).
    pub fn of(stmt: &Statement) -> Shape {
        Self::walk(stmt, None)
    }

    /// [`Shape::of`], also recording the address of each value in the tree
    /// (to map a compilation's parameters to the values they came from).
    fn walk(stmt: &Statement, addrs: Option<&mut Vec<usize>>) -> Shape {
        let mut w = Walker {
            k: KeyHasher::new(),
            // up to four held inline
            values: Values::new(),
            addrs,
            cacheable: true,
            aliases: smallvec::SmallVec::new(),
        };
        w.statement(stmt);
        let (a, b) = w.k.finish128();
        Shape {
            key: CacheKey(a, b),
            values: w.values,
            cacheable: w.cacheable,
        }
    }

    /// The statement's values, in shape order (consumes the shape).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, cache::Shape};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q: Statement = select(t.c("a")).filter(t.c("a").eq(7)).into();
    /// assert_eq!(&Shape::of(&q).into_values()[..], [Value::from(7)]);
    /// ```
    pub fn into_values(self) -> Values {
        self.values
    }

    /// The structural key (combine it with the dialect when caching).
    ///
    /// See the [module documentation](self).
    pub fn key(&self) -> CacheKey {
        self.key
    }

    /// Whether a compilation of this statement can be reused (not when it
    /// holds custom constructs or client-side default functions).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, cache::Shape};
    /// assert!(Shape::of(&text("SELECT 1").into()).is_cacheable());
    /// ```
    pub fn is_cacheable(&self) -> bool {
        self.cacheable
    }
}

/// Where a compiled parameter's value comes from.
#[derive(Clone, Debug)]
enum Slot {
    /// The statement's n-th value (in [`Shape`] order).
    Value(usize),
    /// A value the compiler made up (e.g. SQLite's `OFFSET 0`, a column default).
    Const(Value),
}

/// How a template's parameters are made from a shape's values.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Reuse {
    /// The parameters are the values, in order.
    Identity,
    /// The parameters are the values reordered (MySQL's `LIMIT offset,
    /// count`), each used once: reordered in place by these swaps, worked
    /// out when the template is made (see [`swaps`]).
    Permutation(Box<[(usize, usize)]>),
    /// Constants, or values used twice: copied.
    Copy,
}

impl Reuse {
    fn of(slots: &[Slot], values: usize) -> Reuse {
        let mut seen = vec![false; values];
        let mut in_order = slots.len() == values;
        for (n, slot) in slots.iter().enumerate() {
            match slot {
                Slot::Value(i) if seen.get(*i) == Some(&false) => {
                    seen[*i] = true;
                    in_order &= *i == n;
                }
                _ => return Reuse::Copy,
            }
        }
        if slots.len() != values {
            Reuse::Copy
        } else if in_order {
            Reuse::Identity
        } else {
            Reuse::Permutation(swaps(slots).into())
        }
    }
}

/// Swaps two values. Two integers (MySQL's `LIMIT offset, count`, the
/// usual pair) swap their payloads alone: the walk has just written each
/// value a word at a time, and a whole value's swap reads them back with
/// wider loads, which wait for those stores to land (a store-forwarding
/// stall).
#[inline]
fn swap_values(values: &mut [Value], a: usize, b: usize) {
    let (lo, hi) = (a.min(b), a.max(b));
    if lo < hi && hi < values.len() {
        let (left, right) = values.split_at_mut(hi);
        if let (Some(Value::Int(x)), Some(Value::Int(y))) = (left.get_mut(lo), right.first_mut()) {
            std::mem::swap(x, y);
            return;
        }
    }
    values.swap(a, b);
}

/// The swaps that reorder values so that `values[k]` becomes the old
/// `values[i]` of `slots[k] == Slot::Value(i)`, for `slots` that are a
/// permutation (see [`Reuse::of`]): each cycle is followed once, each
/// place taking the value from its source while the cycle's first value
/// travels on to its last place.
fn swaps(slots: &[Slot]) -> Vec<(usize, usize)> {
    let source = |k: usize| match slots.get(k) {
        Some(Slot::Value(i)) => *i,
        _ => k,
    };
    let mut done = vec![false; slots.len()];
    let mut swaps = Vec::new();
    for start in 0..slots.len() {
        let mut k = start;
        while !done[k] {
            done[k] = true;
            let from = source(k);
            if from == start || from >= slots.len() {
                break;
            }
            swaps.push((k, from));
            k = from;
        }
    }
    swaps
}

/// A compiled statement whose parameters are filled from a [`Shape`].
#[derive(Clone, Debug)]
pub struct Template {
    sql: Arc<str>,
    slots: Vec<Slot>,
    /// How the shape's values become the parameters without copying them.
    reuse: Reuse,
    named_params: Vec<(usize, Arc<str>)>,
    unbound: Vec<usize>,
    param_names: Option<Vec<Arc<str>>>,
    result_columns: Arc<[ResultColumn]>,
}

impl Template {
    /// Compiles `stmt` (whose shape is `shape`) into a reusable template;
    /// `Ok(None)` when the statement cannot be cached (see
    /// [`Shape::is_cacheable`]) or is compiled with literal binds.
    ///
    /// See the [module documentation](self).
    pub fn compile(
        stmt: &Statement,
        shape: &Shape,
        dialect: &dyn Dialect,
        options: &CompileOptions,
    ) -> Result<Option<Template>, CompileError> {
        if !shape.cacheable || options.literal_binds {
            return Ok(None);
        }
        let mut c = Compiler::new(dialect, options);
        c.param_sources = Some(Vec::new());
        c.statement(stmt.into())?;
        if c.uncacheable {
            return Ok(None);
        }
        let sources = c.param_sources.take().unwrap_or_default();
        let compiled = c.finish();
        let mut addrs = Vec::with_capacity(shape.values.len());
        let again = Shape::walk(stmt, Some(&mut addrs));
        if again.key != shape.key {
            return Err(CompileError::Invalid(
                "Template::compile was given the shape of another statement".into(),
            ));
        }
        let index: HashMap<usize, usize> = addrs
            .iter()
            .enumerate()
            .rev()
            .map(|(i, a)| (*a, i))
            .collect();
        let slots = sources
            .iter()
            .zip(&compiled.params)
            .map(|(src, v)| match src.and_then(|a| index.get(&a)) {
                Some(&i) => Slot::Value(i),
                None => Slot::Const(v.clone()),
            })
            .collect::<Vec<_>>();
        let reuse = Reuse::of(&slots, shape.values.len());
        Ok(Some(Template {
            sql: Arc::from(compiled.sql),
            slots,
            reuse,
            named_params: compiled.named_params,
            unbound: compiled.unbound,
            param_names: compiled.param_names,
            result_columns: compiled.result_columns.to_shared(),
        }))
    }

    /// The SQL text.
    ///
    /// See the [module documentation](self).
    pub fn sql(&self) -> &Arc<str> {
        &self.sql
    }

    /// The compiled statement for a statement of the same shape.
    ///
    /// See the [module documentation](self).
    pub fn instantiate(&self, shape: &Shape) -> Compiled {
        Compiled {
            sql: self.sql.to_string(),
            params: self.params(shape).into_vec(),
            named_params: self.named_params.clone(),
            unbound: self.unbound.clone(),
            param_names: self.param_names.clone(),
            result_columns: self.result_columns.clone().into(),
        }
    }

    /// Only the parameters for a statement of the same shape, in placeholder order.
    ///
    /// See the [module documentation](self).
    pub fn params(&self, shape: &Shape) -> Values {
        self.slots
            .iter()
            .map(|s| match s {
                Slot::Value(i) => shape.values.get(*i).cloned().unwrap_or(Value::Null),
                Slot::Const(v) => v.clone(),
            })
            .collect()
    }

    /// [`params`](Self::params), consuming the shape: when the parameters
    /// are the shape's values in order (the common case) they are moved,
    /// not copied.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite, cache::{Shape, Template}, CompileOptions};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = |n: i32| -> Statement { select(t.c("a")).filter(t.c("a").eq(n)).limit(3).into() };
    /// let shape = Shape::of(&q(1));
    /// let template = Template::compile(&q(1), &shape, &Sqlite, &CompileOptions::new())?.unwrap();
    /// assert_eq!(template.sql().as_ref(), "SELECT t.a FROM t WHERE t.a = ? LIMIT ? OFFSET ?");
    /// // the values 2 and 3, then the OFFSET 0 the compiler added
    /// let params = template.take_params(Shape::of(&q(2)));
    /// assert_eq!(&params[..], [Value::from(2), Value::from(3), Value::from(0)]);
    /// # Ok::<(), aludel_compiler::CompileError>(())
    /// ```
    pub fn take_params(&self, shape: Shape) -> Values {
        if shape.values.len() != self.slots.len() {
            return self.params(&shape);
        }
        match &self.reuse {
            Reuse::Identity => shape.values,
            Reuse::Permutation(swaps) => {
                let mut values = shape.values;
                for &(a, b) in swaps.iter() {
                    swap_values(&mut values, a, b);
                }
                values
            }
            Reuse::Copy => self.params(&shape),
        }
    }

    /// Positions and names of the named parameters.
    ///
    /// See [`Compiled::named_params`].
    pub fn named_params(&self) -> &[(usize, Arc<str>)] {
        &self.named_params
    }

    /// Positions of named parameters that had no value.
    ///
    /// See [`Compiled::unbound`].
    pub fn unbound(&self) -> &[usize] {
        &self.unbound
    }

    /// The result columns.
    ///
    /// See [`Compiled::result_columns`].
    pub fn result_columns(&self) -> &Arc<[ResultColumn]> {
        &self.result_columns
    }
}

#[cfg(test)]
mod tests {
    use super::{Reuse, Shape, Slot, Template};
    use crate::dialect::{Mysql, Postgres};
    use crate::prelude::*;
    use crate::{CompileOptions, Dialect};

    /// An UPDATE of a table with ON UPDATE defaults (a value, an
    /// expression) takes its own SET values from each statement, not the
    /// ones of the statement its template was compiled from: the defaults
    /// added to the SET list must not turn the statement's values into
    /// copies the template takes for constants.
    #[test]
    fn updates_with_onupdate_defaults_take_each_statements_values() {
        let meta = MetaData::new();
        let u = meta
            .table("u")
            .column(Column::new("id", Type::Integer))
            .column(Column::new("n", Type::Integer))
            .column(
                Column::new("v", Type::Integer)
                    .onupdate(crate::schema::ColumnDefault::Value(Value::from(0))),
            )
            .column(
                Column::new("w", Type::Integer)
                    .onupdate(crate::schema::ColumnDefault::Expr(literal(7) + 1)),
            )
            .build()
            .expect("table u");
        let stmt = |n: i64, id: i64| -> Statement {
            update(&u).set([("n", n)]).filter(u.c("id").eq(id)).into()
        };
        for d in [&Postgres as &dyn Dialect, &Mysql] {
            let first = stmt(1, 10);
            let template = Template::compile(&first, &Shape::of(&first), d, &CompileOptions::new())
                .expect("compiles")
                .expect("cacheable");
            let second = stmt(2, 20);
            let direct = second.compile(d).expect("compiles");
            let cached = template.instantiate(&Shape::of(&second));
            assert_eq!(
                (cached.sql, cached.params),
                (direct.sql, direct.params.clone())
            );
            assert_eq!(direct.params[0], Value::from(2));
        }
    }

    /// The LIKE flags and escape character, and a value's kind, are part of
    /// the key: statements differing only in them never share a template.
    #[test]
    fn like_variants_and_value_kinds_have_their_own_keys() {
        let t = MetaData::new()
            .table("t")
            .column(Column::new("a", Type::Text))
            .build()
            .expect("table");
        let a = || t.c("a");
        let conditions = [
            a().like("x"),
            a().not_like("x"),
            a().ilike("x"),
            a().like_escape("x", '!'),
            a().like_escape("x", '#'),
            a().not_like_escape("x", '!'),
            a().ilike_escape("x", '!'),
            a().eq(1),
            a().eq("1"),
            a().eq(1.5),
            a().eq(Value::Bytes(std::sync::Arc::from(&b"1"[..]))),
            a().eq(Value::Null),
        ];
        let keys: std::collections::HashSet<_> = conditions
            .iter()
            .map(|c| Shape::of(&Statement::from(select(a()).filter(c.clone()))).key())
            .collect();
        assert_eq!(keys.len(), conditions.len());
    }

    /// A column's table and position, and an alias's name, are part of the
    /// key (each written as one word).
    #[test]
    fn columns_tables_and_alias_names_have_their_own_keys() {
        let (t, u) = two_tables(&["a", "b"]);
        let sq = |name: &str| select(t.c("a")).subquery(name);
        let (x, xy, y) = (sq("x"), sq("xy"), sq("y"));
        let statements: Vec<Statement> = vec![
            select(t.c("a")).into(),
            select(t.c("b")).into(),
            select(u.c("a")).into(),
            select(u.c("b")).into(),
            select((t.c("a"), t.c("b"))).into(),
            select((t.c("b"), t.c("a"))).into(),
            select(x.c("a")).into(),
            select(xy.c("a")).into(),
            select(y.c("a")).into(),
            select(t.c("a").label("x")).into(),
            // texts of one word whose bytes differ only by NUL padding
            select(t.c("a").label("a\0\0\0\0\0\0\x01")).into(),
            select(t.c("a").label("a\0")).into(),
            select(t.c("a").label("a")).into(),
            select(literal_column("x")).select_from(&t).into(),
            select(literal_column("x\0\0\0\0\0\0\x01"))
                .select_from(&t)
                .into(),
            select(func::count(t.c("a"))).into(),
            select(func::call("COUNT", [t.c("a")])).into(),
            select(func::call("Count", [t.c("a")])).into(),
            select(func::max(t.c("a"))).into(),
            select(func::call("my_fn", [t.c("a")])).into(),
            select(func::call("my_fn", [t.c("a"), t.c("b")])).into(),
            select(func::count(t.c("a")).filter(t.c("b").gt(1))).into(),
            select(func::count(t.c("a")).returns(Type::Text)).into(),
            select(func::count(t.c("a")).returns(Type::Float)).into(),
            select(t.c("a")).order_by([t.c("a")]).into(),
            select(t.c("a")).order_by([t.c("a").asc()]).into(),
            select(t.c("a")).order_by([t.c("a").desc()]).into(),
            select(t.c("a")).order_by([t.c("a").nulls_first()]).into(),
            select(t.c("a")).order_by([t.c("a").nulls_last()]).into(),
            select(t.c("a"))
                .order_by([t.c("a").desc().nulls_first()])
                .into(),
            select(t.c("a"))
                .order_by([t.c("a").desc().nulls_last()])
                .into(),
            select(t.c("a")).filter(t.c("a").in_([1])).into(),
            select(t.c("a")).filter(t.c("a").in_([1, 2])).into(),
            select(t.c("a")).filter(t.c("a").not_in([1, 2])).into(),
            select(t.c("a"))
                .filter(t.c("a").in_select(select(u.c("a"))))
                .into(),
            select(t.c("a"))
                .filter(t.c("a").not_in_select(select(u.c("a"))))
                .into(),
            select(x.c("a")).select_from(&x).into(),
            select(t.c("a"))
                .select_from(select(t.c("a")).lateral("x"))
                .into(),
            {
                let c = select(t.c("a")).cte("x");
                select(c.c("a")).select_from(&c).into()
            },
            // windows: the partition and order lengths and the frame are
            // packed in one word
            select(func::rank().over(Window::new())).into(),
            select(func::rank().over(Window::new().partition_by([t.c("a")]))).into(),
            select(func::rank().over(Window::new().order_by([t.c("a")]))).into(),
            select(func::rank().over(Window::new().partition_by([t.c("a"), t.c("b")]))).into(),
            select(func::rank().over(Window::new().partition_by([t.c("a")]).order_by([t.c("b")])))
                .into(),
            select(func::rank().over(Window::new().rows(
                crate::expr::FrameBound::UnboundedPreceding,
                crate::expr::FrameBound::CurrentRow,
            )))
            .into(),
            select(func::rank().over(Window::new().range(
                crate::expr::FrameBound::UnboundedPreceding,
                crate::expr::FrameBound::CurrentRow,
            )))
            .into(),
            select(func::row_number().over(Window::new())).into(),
        ];
        let keys: std::collections::HashSet<_> =
            statements.iter().map(|s| Shape::of(s).key()).collect();
        assert_eq!(keys.len(), statements.len());
        assert_eq!(
            Shape::of(&select(sq("x").c("a")).into()).key(),
            Shape::of(&select(x.c("a")).into()).key(),
            "an alias of the same name and body has the same key"
        );
    }

    /// An alias met only through its columns (its FROM inferred) is part
    /// of the key with all it stands for, and its values are collected:
    /// statements that differ only in an alias's body never share a
    /// template, and a template fills in the new body's values.
    #[test]
    fn an_alias_seen_through_its_columns_keys_and_binds_its_body() {
        let (t, u) = two_tables(&["a"]);
        let by = |s: Select| -> Statement { select(s.subquery("x").c("a")).into() };
        let pairs: Vec<(&str, Statement, Statement)> = vec![
            (
                "bodies",
                by(select(t.c("a"))),
                by(select(t.c("a")).filter(t.c("a").gt(1))),
            ),
            (
                "tables",
                select(t.alias("x").c("a")).into(),
                select(u.alias("x").c("a")).into(),
            ),
            (
                "kinds",
                by(select(t.c("a"))),
                select(select(t.c("a")).lateral("x").c("a")).into(),
            ),
            (
                "anonymous bodies",
                select(select(t.c("a")).anon_subquery().c("a")).into(),
                select(select(u.c("a")).anon_subquery().c("a")).into(),
            ),
            (
                "CTE bodies",
                select(select(t.c("a")).cte("x").c("a")).into(),
                select(select(u.c("a")).cte("x").c("a")).into(),
            ),
            (
                "CTE or subquery",
                select(select(t.c("a")).cte("x").c("a")).into(),
                by(select(t.c("a"))),
            ),
            (
                "only in WHERE",
                select(t.c("a"))
                    .filter(select(t.c("a")).subquery("x").c("a").gt(1))
                    .into(),
                select(t.c("a"))
                    .filter(select(u.c("a")).subquery("x").c("a").gt(1))
                    .into(),
            ),
        ];
        for (what, a, b) in &pairs {
            let (sa, sb) = (
                a.compile(&Postgres).expect("a").sql,
                b.compile(&Postgres).expect("b").sql,
            );
            assert_ne!(sa, sb, "{what}");
            assert_ne!(
                Shape::of(a).key(),
                Shape::of(b).key(),
                "{what}: {sa} / {sb}"
            );
        }
        // the body's value is the new statement's, not the template's
        template_serves(|n| by(select(t.c("a")).filter(t.c("a").gt(n))));
        // a recursive CTE's body refers to the CTE: walked once, and a
        // template of it fills in the new values
        template_serves(|n| {
            let base = select(t.c("a"))
                .filter(t.c("a").eq(n))
                .cte_recursive("chain");
            let step = select(t.c("a")).join_on(&base, t.c("a").eq(base.c("a") + 1));
            select(base.union_all(step).c("a")).into()
        });
    }

    /// Tables `t` and `u` of the same integer columns.
    fn two_tables(columns: &[&str]) -> (Table, Table) {
        let meta = MetaData::new();
        let table = |name| crate::schema::int_table(&meta, name, columns);
        (table("t"), table("u"))
    }

    /// The template compiled from `q(1)`, given the shape of `q(7)`, makes
    /// what compiling `q(7)` makes.
    fn template_serves(q: impl Fn(i32) -> Statement) {
        let first = q(1);
        let shape = Shape::of(&first);
        let template = Template::compile(&first, &shape, &Postgres, &CompileOptions::new())
            .expect("compiles")
            .expect("cacheable");
        let again = q(7);
        assert_eq!(Shape::of(&again).key(), shape.key());
        assert_eq!(
            template.instantiate(&Shape::of(&again)),
            again.compile(&Postgres).expect("compiles")
        );
    }

    /// FETCH, FOR UPDATE and `.params()` values (a SELECT's rare clauses,
    /// kept apart from the rest) are part of the key, and a template
    /// takes a later statement's `.params()` values.
    #[test]
    fn rare_select_clauses_have_their_own_keys() {
        use crate::stmt::ForUpdate;
        let (t, _) = two_tables(&["a", "b"]);
        let base = || select(t.c("a")).order_by([t.c("a")]);
        let named = |v: i64| -> Statement {
            base()
                .filter(t.c("b").eq(bindparam("x")))
                .params([("x", v)])
                .into()
        };
        let statements: Vec<Statement> = vec![
            base().into(),
            base().fetch(5).into(),
            base().fetch_with_ties(5).into(),
            base().with_for_update(ForUpdate::new()).into(),
            base().with_for_update(ForUpdate::new().nowait()).into(),
            base().filter(t.c("b").eq(bindparam("x"))).into(),
            named(1),
            base().group_by([t.c("a")]).into(),
            base().group_by([t.c("a")]).having(t.c("b").gt(1)).into(),
            base().group_by([t.c("a")]).having(t.c("b").lt(1)).into(),
            base().correlate([&t]).into(),
            base().no_correlate().into(),
            base().params([("y", 1)]).into(),
        ];
        let keys: std::collections::HashSet<_> =
            statements.iter().map(|s| Shape::of(s).key()).collect();
        assert_eq!(keys.len(), statements.len());
        template_serves(|v| named(i64::from(v)));
        // a HAVING value is taken from the later statement too
        template_serves(|v| {
            base()
                .group_by([t.c("a")])
                .having(t.c("b").gt(v))
                .limit(2)
                .into()
        });
        let c = named(7).compile(&Postgres).expect("compiles");
        assert_eq!(c.params, vec![Value::from(7)]);
    }

    #[test]
    fn permutation_swaps_follow_every_cycle() {
        let mut values: Vec<Value> = (0..6i64).map(Value::from).collect();
        // two cycles (0 2 4) and (1 5), 3 stays: 2 + 1 swaps
        let order: [usize; 6] = [2, 5, 4, 3, 0, 1];
        let slots: Vec<Slot> = order.iter().map(|i| Slot::Value(*i)).collect();
        let Reuse::Permutation(swaps) = Reuse::of(&slots, 6) else {
            panic!("a permutation")
        };
        assert_eq!(swaps.len(), 3);
        for &(a, b) in &swaps {
            values.swap(a, b);
        }
        let expected: Vec<Value> = order.iter().map(|i| Value::from(*i as i64)).collect();
        assert_eq!(values, expected);
        // a long permutation (100 values reversed: 50 two-cycles)
        let reversed: Vec<Slot> = (0..100).rev().map(Slot::Value).collect();
        let Reuse::Permutation(swaps) = Reuse::of(&reversed, 100) else {
            panic!("a permutation")
        };
        assert_eq!(swaps.len(), 50);
        let mut values: Vec<usize> = (0..100).collect();
        for &(a, b) in &swaps {
            values.swap(a, b);
        }
        assert_eq!(values, (0..100).rev().collect::<Vec<_>>());
        let twice = [Slot::Value(0), Slot::Value(0)];
        assert_eq!(Reuse::of(&twice, 2), Reuse::Copy);
        let constant = [Slot::Value(0), Slot::Const(Value::Null)];
        assert_eq!(Reuse::of(&constant, 1), Reuse::Copy);
        assert_eq!(
            Reuse::of(&[Slot::Value(0), Slot::Value(1)], 2),
            Reuse::Identity
        );
    }

    /// Two integers swap their payloads, any other pair whole values:
    /// both give the values in the other order.
    #[test]
    fn values_are_swapped_whatever_their_kinds() {
        let (one, x, three) = (Value::from(1), Value::from("x"), Value::from(3));
        let mut v = [one.clone(), x.clone(), three.clone(), Value::Null];
        // (a, b, the values after swapping them): two integers, a text
        // and a NULL, an integer and a NULL, a value with itself
        let steps = [
            (2, 0, [three.clone(), x.clone(), one.clone(), Value::Null]),
            (1, 3, [three.clone(), Value::Null, one.clone(), x.clone()]),
            (0, 1, [Value::Null, three.clone(), one.clone(), x.clone()]),
            (2, 2, [Value::Null, three, one, x]),
        ];
        for (a, b, after) in steps {
            super::swap_values(&mut v, a, b);
            assert_eq!(v, after, "swap {a} and {b}");
        }
    }

    #[test]
    fn taken_parameters_equal_a_fresh_compilation() {
        let t = MetaData::new()
            .table("t")
            .column(Column::new("a", Type::Integer))
            .build()
            .expect("table");
        let q = |n: u64| -> Statement {
            select(t.c("a"))
                .filter(t.c("a").gt(n as i64))
                .limit(n + 10)
                .offset(n + 20)
                .into()
        };
        let dialects: [&dyn Dialect; 2] = [&Mysql, &Postgres];
        for d in dialects {
            let first = Shape::of(&q(1));
            let template = Template::compile(&q(1), &first, d, &CompileOptions::new())
                .expect("compiles")
                .expect("cacheable");
            // MySQL writes LIMIT offset, count: the values are reordered in place
            let expected = if d.name() == "mysql" {
                Reuse::Permutation(Box::new([(1, 2)]))
            } else {
                Reuse::Identity
            };
            assert_eq!(template.reuse, expected, "{}", d.name());
            let again = q(5);
            let fresh = again.compile(d).expect("compiles");
            assert_eq!(
                template.take_params(Shape::of(&again)).into_vec(),
                fresh.params,
                "{}",
                d.name()
            );
        }
    }
}
