//! [`Prepared`]: a statement ready to run, its parameters bound by name.

use std::ops::Deref;
use std::sync::Arc;

use aludel_compiler::cache::Shape;
use aludel_compiler::{Compiled, ResultColumn, Value};

use super::cache::{Entry, names_by_position};
use super::driver::Known;
use super::params::{Name, Params};
use super::recent::{Kept, copy_small};
use super::result::Columns;
use crate::errors::{Error, Result};

/// A statement's parameters, in placeholder order (a few held inline): the
/// compiler's [`Values`](aludel_compiler::cache::Values), so a template's
/// parameters taken from a shape are used as they are.
pub(crate) type ParamVec = aludel_compiler::cache::Values;

/// A statement ready to run: its SQL (shared with the cache, not copied),
/// its parameters in placeholder order, and what names them.
pub(crate) struct Prepared<'r> {
    plan: Plan<'r>,
    /// One value per placeholder.
    pub(crate) params: Args<'r>,
}

/// A prepared statement's parameters: its own, or the buffer the
/// connection keeps for a statement it runs again (see [`Kept`]).
pub(crate) enum Args<'r> {
    Owned(ParamVec),
    Lent(&'r mut Kept),
}

impl Deref for Args<'_> {
    type Target = [Value];
    #[inline]
    fn deref(&self) -> &[Value] {
        match self {
            Args::Owned(p) => p,
            Args::Lent(k) => &k.lent,
        }
    }
}

enum Plan<'r> {
    /// From the cache (or a template made for this statement alone).
    Template(Source<'r>),
    /// Compiled for this execution only (its `params` moved out).
    Once(Box<Compiled>),
}

/// Where a prepared statement's template is: its own handle, or borrowed
/// from the connection's recent statements (no reference count touched).
enum Source<'r> {
    Owned(Arc<Entry>),
    Recent(&'r Arc<Entry>),
}

impl Deref for Source<'_> {
    type Target = Entry;
    fn deref(&self) -> &Entry {
        match self {
            Source::Owned(e) => e,
            Source::Recent(e) => e,
        }
    }
}

impl<'r> Prepared<'r> {
    /// A statement found among the connection's recent ones, its template
    /// and parameters borrowed from there.
    pub(super) fn recent(entry: &'r Arc<Entry>, params: Args<'r>) -> Prepared<'r> {
        Prepared {
            plan: Plan::Template(Source::Recent(entry)),
            params,
        }
    }

    pub(super) fn from_entry(entry: Arc<Entry>, shape: Shape) -> Prepared<'r> {
        let params = entry.template.take_params(shape);
        Prepared {
            plan: Plan::Template(Source::Owned(entry)),
            params: Args::Owned(params),
        }
    }

    pub(super) fn once(mut c: Compiled) -> Prepared<'r> {
        let params = ParamVec::from_vec(std::mem::take(&mut c.params));
        Prepared {
            plan: Plan::Once(Box::new(c)),
            params: Args::Owned(params),
        }
    }

    /// The same statement, no longer borrowing the connection's recent
    /// statements.
    pub(crate) fn into_owned(self) -> Prepared<'static> {
        let plan = match self.plan {
            Plan::Template(Source::Recent(e)) => Plan::Template(Source::Owned(e.clone())),
            Plan::Template(Source::Owned(e)) => Plan::Template(Source::Owned(e)),
            Plan::Once(c) => Plan::Once(c),
        };
        // A lent buffer may hold an earlier run's values: the copy is of
        // the statement's own.
        let params = match self.params {
            Args::Owned(p) => p,
            Args::Lent(k) => copy_small(&k.own),
        };
        Prepared {
            plan,
            params: Args::Owned(params),
        }
    }

    /// The SQL text.
    pub(crate) fn sql(&self) -> &str {
        match &self.plan {
            Plan::Template(e) => e.template.sql(),
            Plan::Once(c) => &c.sql,
        }
    }

    /// Positions and names of the named parameters.
    pub(crate) fn named_params(&self) -> &[(usize, Arc<str>)] {
        self.plan.named_params()
    }

    /// The errors [`bind`](Self::bind) would report for `given`, without
    /// binding anything: every given name must be a parameter, and every
    /// parameter left without a value must be given one.
    pub(crate) fn check(&self, given: &Params) -> Result<()> {
        let named = self.named_params();
        check_names(named, given)?;
        let unbound = self.unbound();
        match named
            .iter()
            .find(|(pos, name)| unbound.contains(pos) && given.get(name).is_none())
        {
            Some((_, name)) => Err(no_value(name)),
            None => Ok(()),
        }
    }

    /// Whether every named parameter left without a value is one of `names`
    /// (so filling those names binds the whole statement).
    pub(crate) fn binds_only(&self, names: &[Name]) -> bool {
        let named = self.named_params();
        self.unbound().iter().all(|pos| {
            named
                .iter()
                .any(|(p, n)| p == pos && names.iter().any(|c| **c == **n))
        })
    }

    /// Positions of named parameters that were given no value.
    fn unbound(&self) -> &[usize] {
        self.plan.unbound()
    }

    fn result_columns(&self) -> &[ResultColumn] {
        match &self.plan {
            Plan::Template(e) => e.template.result_columns(),
            Plan::Once(c) => &c.result_columns,
        }
    }

    /// The result columns of an earlier run of the same statement.
    pub(crate) fn known_columns(&self) -> Option<&Arc<Columns>> {
        match &self.plan {
            Plan::Template(e) => e.columns.get(),
            Plan::Once(_) => None,
        }
    }

    /// The names of an earlier run, for the driver to compare with its own
    /// (or, named by position, to count).
    pub(crate) fn known_names(&self) -> Option<Known<'_>> {
        match &self.plan {
            Plan::Template(e) => e.columns.get().map(|c| Known {
                names: c.names(),
                by_position: e.by_position,
            }),
            Plan::Once(_) => None,
        }
    }

    /// Whether the compiler names the result's columns by position (see
    /// [`names_by_position`]; worked out once for a cached template).
    fn by_position(&self) -> bool {
        match &self.plan {
            Plan::Template(e) => e.by_position,
            Plan::Once(c) => names_by_position(&c.result_columns),
        }
    }

    /// The result columns of this run: the known ones when the driver
    /// found the same names (`names` is `None`), else built from `names`
    /// (the compiler's instead, as many, when it names the columns by
    /// position: see [`names_by_position`]) with the types and origins the
    /// compiler knows (and remembered for later runs).
    pub(crate) fn columns(&self, names: Option<Vec<Arc<str>>>) -> Arc<Columns> {
        let names = match (names, self.known_columns()) {
            (None, Some(known)) => return known.clone(),
            (Some(names), _) => names,
            (None, None) => Vec::new(),
        };
        let rc = self.result_columns();
        let names = if rc.len() == names.len() && self.by_position() {
            rc.iter().map(|r| r.name.clone()).collect()
        } else {
            names
        };
        let (types, origins) = if rc.len() == names.len() {
            (
                rc.iter().map(|r| r.ty.clone()).collect(),
                rc.iter().map(|r| r.origin.clone()).collect(),
            )
        } else {
            (vec![None; names.len()], vec![None; names.len()])
        };
        let columns = Arc::new(Columns::new(names, types, origins));
        if let Plan::Template(e) = &self.plan {
            // Only the first run's columns are kept; later differences
            // (a changed table under `SELECT *`) are built each time.
            let _ = e.columns.set(columns.clone());
        }
        columns
    }

    /// Puts named values into their places: every given name must be a
    /// parameter of the statement, and every parameter left without a value
    /// when the statement was built must be given one.
    ///
    /// A buffer lent by the connection is bound in place: when the names
    /// given are the statement's, in its order, every named parameter is
    /// written over whatever an earlier run left; otherwise the statement's
    /// own values are put back first.
    pub(crate) fn bind(&mut self, given: &Params) -> Result<()> {
        let nothing = given.is_empty() && self.plan.unbound().is_empty();
        match &mut self.params {
            Args::Owned(_) if nothing => Ok(()),
            Args::Owned(p) => self.plan.bind_into(p, given),
            Args::Lent(k) => {
                if !nothing && self.plan.bind_in_order(&mut k.lent, given) {
                    k.dirty = true;
                    return Ok(());
                }
                if k.dirty {
                    k.restore();
                }
                if nothing {
                    return Ok(());
                }
                k.dirty = true;
                self.plan.bind_by_name(&mut k.lent, given)
            }
        }
    }

    /// [`bind`](Self::bind) into another buffer of this statement's parameters.
    pub(crate) fn bind_into(&self, params: &mut [Value], given: &Params) -> Result<()> {
        self.plan.bind_into(params, given)
    }
}

impl Plan<'_> {
    fn named_params(&self) -> &[(usize, Arc<str>)] {
        match self {
            Plan::Template(e) => e.template.named_params(),
            Plan::Once(c) => &c.named_params,
        }
    }

    fn unbound(&self) -> &[usize] {
        match self {
            Plan::Template(e) => e.template.unbound(),
            Plan::Once(c) => &c.unbound,
        }
    }

    /// The usual case of [`bind_into`](Self::bind_into): the names given
    /// are the statement's, in its order. Every given name is then a
    /// parameter and every named parameter gets a value (names in `Params`
    /// are unique), so there is nothing to check. False when the names are
    /// others; the values of the names that matched before the first that
    /// did not are written by then, and written again by
    /// [`bind_by_name`](Self::bind_by_name).
    #[inline]
    fn bind_in_order(&self, params: &mut [Value], given: &Params) -> bool {
        let named = self.named_params();
        if given.len() != named.len() {
            return false;
        }
        for ((g, v), (pos, n)) in given.0.iter().zip(named) {
            if **g != **n {
                return false;
            }
            if let Some(slot) = params.get_mut(*pos) {
                *slot = v.clone();
            }
        }
        true
    }

    /// See [`Prepared::bind`].
    fn bind_into(&self, params: &mut [Value], given: &Params) -> Result<()> {
        if self.bind_in_order(params, given) {
            return Ok(());
        }
        self.bind_by_name(params, given)
    }

    /// [`bind_into`](Self::bind_into) for names given in another order, or
    /// not all of them: each checked and looked up.
    fn bind_by_name(&self, params: &mut [Value], given: &Params) -> Result<()> {
        let named = self.named_params();
        check_names(named, given)?;
        let unbound = self.unbound();
        for (pos, name) in named {
            match given.get(name) {
                Some(v) => {
                    if let Some(slot) = params.get_mut(*pos) {
                        *slot = v.clone();
                    }
                }
                None if unbound.contains(pos) => return Err(no_value(name)),
                None => {}
            }
        }
        Ok(())
    }
}

/// The error for a parameter given no value.
fn no_value(name: &str) -> Error {
    Error::Argument(format!(
        "no value for parameter {name:?}: pass it in the parameters"
    ))
}

/// Every given name must be one of the statement's named parameters.
fn check_names(named: &[(usize, Arc<str>)], given: &Params) -> Result<()> {
    for name in given.names() {
        if !named.iter().any(|(_, n)| &**n == name) {
            let known: Vec<&str> = named.iter().map(|(_, n)| &**n).collect();
            return Err(Error::Argument(if known.is_empty() {
                format!("parameter {name:?} was given, but the statement has no named parameters")
            } else {
                format!(
                    "parameter {name:?} was given, but the statement's parameters are: {}",
                    known.join(", ")
                )
            }));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use aludel_compiler::dialect::Sqlite;
    use aludel_compiler::stmt::{Statement, select};

    use super::*;
    use crate::engine::cache::StatementCache;
    use crate::engine::recent::Recent;

    /// A statement run again binds into the buffer its connection keeps:
    /// each run sees its own values, and a name not given this time has
    /// the statement's own value again, not the one an earlier run gave.
    #[test]
    fn kept_parameters_are_bound_in_place_run_after_run() -> Result<()> {
        use aludel_compiler::expr::{Expr, bindparam};
        let stmt: Statement = select((
            Expr::from(bindparam("a").value(1)),
            Expr::from(bindparam("b")),
        ))
        .into();
        let cache = StatementCache::new(4);
        let mut recent = Recent::default();
        fn bound(
            cache: &StatementCache,
            recent: &mut Recent,
            stmt: &Statement,
            given: Params,
        ) -> Result<Vec<Value>> {
            let mut p = cache.prepare(stmt, &Sqlite, recent)?;
            p.bind(&given)?;
            Ok(p.params.to_vec())
        }
        let mut run = |given: Params| bound(&cache, &mut recent, &stmt, given);
        let v = |a: Value, b: i64| vec![a, Value::from(b)];
        let p = |pairs: &[(&str, i64)]| pairs.iter().map(|(n, v)| (*n, *v)).collect::<Params>();
        // the first run, the second (kept from now on), then lent ones
        assert_eq!(run(p(&[("a", 10), ("b", 20)]))?, v(10.into(), 20));
        assert_eq!(run(p(&[("a", 11), ("b", 21)]))?, v(11.into(), 21));
        assert_eq!(run(p(&[("a", 12), ("b", 22)]))?, v(12.into(), 22));
        assert_eq!(run(p(&[("b", 23)]))?, v(1.into(), 23), "`a` is 1 again");
        assert_eq!(run(p(&[("b", 24), ("a", 13)]))?, v(13.into(), 24));
        assert_eq!(run(p(&[("a", 14), ("b", 25)]))?, v(14.into(), 25));
        assert!(run(Params::new()).is_err(), "`b` has no value of its own");
        assert!(run(p(&[("a", 15)])).is_err());
        assert_eq!(run(p(&[("b", 26)]))?, v(1.into(), 26));
        // A run that takes its own copy (as `execute_with` does) copies the
        // statement's values, not the last run's.
        run(p(&[("a", 16), ("b", 27)]))?;
        let own = cache.prepare(&stmt, &Sqlite, &mut recent)?.into_owned();
        assert_eq!(own.params.to_vec(), vec![Value::from(1), Value::Null]);
        drop(own);
        let again = bound(&cache, &mut recent, &stmt, p(&[("a", 17), ("b", 28)]))?;
        assert_eq!(again, v(17.into(), 28));
        Ok(())
    }
}
