//! The engine's LRU of compiled statements, keyed by statement shape, and
//! [`Prepared`]: a statement ready to run.

use std::num::NonZeroUsize;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use aludel_compiler::cache::{CacheKey, CacheKeyHasher, Shape, Template};
use aludel_compiler::stmt::{Statement, StatementId};
use aludel_compiler::{CompileOptions, Compiled, Dialect, ResultColumn, Value};
use lru::LruCache;

use super::params::{Name, Params};
use super::result::Columns;
use super::stats::{CacheStats, ConnCounts, Tally};
use crate::errors::{Error, Result};

/// A cached compilation: the template, and the result columns (names from
/// the database, types and origins from the template) of its first run, so
/// later runs share them instead of building them again.
pub(crate) struct Entry {
    template: Template,
    columns: OnceLock<Arc<Columns>>,
}

impl Entry {
    fn new(template: Template) -> Arc<Entry> {
        Arc::new(Entry {
            template,
            columns: OnceLock::new(),
        })
    }
}

type Lru = LruCache<CacheKey, Arc<Entry>, CacheKeyHasher>;

pub(crate) struct StatementCache {
    map: Option<Mutex<Lru>>,
    /// How many statements each connection keeps in front of the LRU
    /// (never more than the LRU holds).
    recent_size: usize,
    /// Hits and misses counted by the connections (each its own).
    tally: Arc<Tally>,
    /// Hits and misses counted where no connection's counters are at hand
    /// (statements prepared to run many times: a few per call).
    hits: AtomicU64,
    misses: AtomicU64,
}

impl StatementCache {
    pub(crate) fn new(capacity: usize) -> Self {
        StatementCache {
            map: NonZeroUsize::new(capacity)
                .map(|n| Mutex::new(LruCache::with_hasher(n, CacheKeyHasher))),
            recent_size: capacity.min(Recent::SIZE),
            tally: Arc::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub(crate) fn stats(&self) -> CacheStats {
        let (hits, misses) = self.tally.totals((
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        ));
        CacheStats {
            hits,
            misses,
            size: self.map.as_ref().map(|m| lock(m).len()).unwrap_or(0),
        }
    }

    /// The statement, compiled or (when a statement of the same shape was
    /// compiled before for this dialect) taken from the cache, with its
    /// parameters. The connection remembers the statement: when the same
    /// statement (a clone of it) runs again, its shape is not walked again.
    pub(crate) fn prepare<'r>(
        &self,
        stmt: &Statement,
        dialect: &dyn Dialect,
        recent: &'r mut Recent,
    ) -> Result<Prepared<'r>> {
        if let Some(map) = &self.map {
            if let Some(i) = recent.position_of(stmt) {
                recent.counts.hit(&self.tally);
                let (entry, params, due) = recent.same_at(i, stmt);
                if let Some(key) = due {
                    refresh(map, key, entry);
                }
                return Ok(Prepared {
                    plan: Plan::Template(Source::Recent(entry)),
                    params,
                });
            }
            let shape = Shape::of(stmt);
            if shape.is_cacheable() {
                if let Some(i) = recent.position_of_key(shape.key()) {
                    recent.counts.hit(&self.tally);
                    let (entry, due) = recent.run_at(i, stmt);
                    if due {
                        refresh(map, shape.key(), &entry);
                    }
                    return Ok(Prepared::from_entry(entry, shape));
                }
                if let Some(p) = self.template(map, stmt, shape, dialect, Some(recent))? {
                    return Ok(p);
                }
                // A miss already counted: the compiler found it uncacheable.
                return Ok(Prepared::once(stmt.compile(dialect)?));
            }
        }
        recent.counts.miss(&self.tally);
        Ok(Prepared::once(stmt.compile(dialect)?))
    }

    /// [`prepare`](Self::prepare), but only a compilation that may run
    /// again with other values (not one holding client-side default
    /// functions or custom constructs): `None` otherwise. Compiled even
    /// when the cache is disabled.
    pub(crate) fn prepare_reusable(
        &self,
        stmt: &Statement,
        dialect: &dyn Dialect,
    ) -> Result<Option<Prepared<'static>>> {
        let shape = Shape::of(stmt);
        if !shape.is_cacheable() {
            return Ok(None);
        }
        match &self.map {
            Some(map) => self.template(map, stmt, shape, dialect, None),
            None => {
                self.miss();
                let Some(t) = Template::compile(stmt, &shape, dialect, &CompileOptions::new())?
                else {
                    return Ok(None);
                };
                Ok(Some(Prepared::from_entry(Entry::new(t), shape)))
            }
        }
    }

    /// The cached template for a cacheable shape (compiled and cached on a
    /// miss); `None` when the compiler finds the statement uncacheable.
    fn template(
        &self,
        map: &Mutex<Lru>,
        stmt: &Statement,
        shape: Shape,
        dialect: &dyn Dialect,
        mut recent: Option<&mut Recent>,
    ) -> Result<Option<Prepared<'static>>> {
        let key = shape.key();
        let found = lock(map).get(&key).cloned();
        let entry = match found {
            Some(entry) => {
                match recent.as_deref_mut() {
                    Some(r) => r.counts.hit(&self.tally),
                    None => {
                        self.hits.fetch_add(1, Ordering::Relaxed);
                    }
                }
                entry
            }
            None => {
                match recent.as_deref_mut() {
                    Some(r) => r.counts.miss(&self.tally),
                    None => self.miss(),
                }
                let Some(t) = Template::compile(stmt, &shape, dialect, &CompileOptions::new())?
                else {
                    return Ok(None);
                };
                let entry = Entry::new(t);
                lock(map).put(key, entry.clone());
                entry
            }
        };
        if let Some(recent) = recent {
            recent.put(key, entry.clone(), self.recent_size, stmt);
        }
        Ok(Some(Prepared::from_entry(entry, shape)))
    }

    fn miss(&self) {
        self.misses.fetch_add(1, Ordering::Relaxed);
    }
}

/// The statements a connection ran last, looked up before the engine's
/// shared cache: no lock, except that every 64th run of a slot's
/// template marks it used in the shared LRU (or puts it back there). An
/// entry the LRU has dropped may still be used from here: a template stays
/// valid.
///
/// Each entry also remembers (without keeping it alive) the last statement
/// of its shape: when that same statement (a clone of the handle) comes
/// again, as one built once with `bindparam`s and run many times does, its
/// parameters are reused instead of walked again (statements are
/// immutable). Only a few small parameters are kept, so a connection never
/// holds on to large values after their statement is gone.
#[derive(Default)]
pub(crate) struct Recent {
    entries: Vec<Slot>,
    next: usize,
    /// The slot found last: looked at first, as a statement run in a loop
    /// comes again and again.
    last_found: usize,
    /// This connection's cache hits and misses.
    counts: ConnCounts,
}

struct Slot {
    key: CacheKey,
    entry: Arc<Entry>,
    last: Option<Last>,
    /// Runs found here since the entry was last refreshed in the shared LRU.
    uses: u32,
}

impl Slot {
    /// How many runs found in a slot make one refresh of the shared LRU:
    /// a template in steady use on one connection is kept in the LRU, or
    /// put back into it, at least every 64 runs, and the lock taken for it
    /// is no cost.
    const REFRESH_EVERY: u32 = 64;

    /// Counts a run found here; true every
    /// [`REFRESH_EVERY`](Self::REFRESH_EVERY)th, when the entry is due a
    /// refresh in the shared LRU (runs found here do not touch it, so a
    /// template used only through this connection would otherwise age out
    /// of it and be compiled again by the next connection that needs it).
    #[inline]
    fn used(&mut self) -> bool {
        self.uses += 1;
        let due = self.uses >= Self::REFRESH_EVERY;
        if due {
            self.uses = 0;
        }
        due
    }
}

/// The last statement run with a slot's template, and (from its second
/// run on, when they are few and small) its parameters.
struct Last {
    id: StatementId,
    kept: Option<Kept>,
}

impl Last {
    fn new(stmt: &Statement) -> Option<Last> {
        Some(Last {
            id: stmt.id()?,
            kept: None,
        })
    }
}

/// A statement's parameters kept for its next run: its own values in
/// placeholder order, and the buffer each run binds its named values into
/// and hands to the driver, so a run copies no parameters (see
/// [`Prepared::bind`]).
pub(crate) struct Kept {
    own: ParamVec,
    lent: ParamVec,
    /// Whether a run bound values into `lent` (which then differs from
    /// `own` at some named parameters).
    dirty: bool,
}

impl Kept {
    /// `lent` made the statement's own values again.
    fn restore(&mut self) {
        for (l, o) in self.lent.iter_mut().zip(&self.own) {
            l.clone_from(o);
        }
        self.dirty = false;
    }
}

/// Whether parameters are cheap to keep: a few numbers or short strings.
fn worth_keeping(params: &[Value]) -> bool {
    params.len() <= INLINE_PARAMS
        && params.iter().all(|v| match v {
            Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => true,
            Value::Text(s) => s.len() <= 64,
            Value::Bytes(b) => b.len() <= 64,
            _ => false,
        })
}

/// A copy of parameters [`worth_keeping`] (a [`Kept`] set's own, for a
/// run that does not borrow the connection's recent statements): pushed one by one into the
/// inline buffer (`SmallVec`'s `clone` goes through its general `extend`;
/// an array filled first and moved in was copied again at once, with
/// wider loads than the stores that wrote it).
fn copy_small(params: &[Value]) -> ParamVec {
    if params.len() > INLINE_PARAMS {
        return params.iter().cloned().collect();
    }
    let mut out = ParamVec::new();
    for v in params {
        out.push(v.clone());
    }
    out
}

impl Recent {
    const SIZE: usize = 8;

    /// The slot whose entry ran `stmt` last (the very statement, or a
    /// clone of its handle).
    fn position_of(&mut self, stmt: &Statement) -> Option<usize> {
        let ran = |s: &Slot| s.last.as_ref().is_some_and(|l| l.id.is(stmt));
        if self.entries.get(self.last_found).is_some_and(ran) {
            return Some(self.last_found);
        }
        let i = self.entries.iter().position(ran)?;
        self.last_found = i;
        Some(i)
    }

    /// The entry of slot `i` (found by [`position_of`](Self::position_of)
    /// for `stmt`) and `stmt`'s parameters. They are kept from the
    /// statement's second run on (a statement run only once is not worth
    /// copying its values for). The slot's key comes too when the shared
    /// LRU is due a refresh (see [`Slot::used`]).
    fn same_at(&mut self, i: usize, stmt: &Statement) -> (&Arc<Entry>, Args<'_>, Option<CacheKey>) {
        let slot = &mut self.entries[i];
        let due = slot.used().then_some(slot.key);
        let params = match slot.last.as_mut() {
            Some(Last {
                kept: Some(kept), ..
            }) => Args::Lent(kept),
            last => {
                let params = slot.entry.template.take_params(Shape::of(stmt));
                match last.filter(|_| worth_keeping(&params)) {
                    Some(last) => Args::Lent(last.kept.insert(Kept {
                        own: params.clone(),
                        lent: params,
                        dirty: false,
                    })),
                    None => Args::Owned(params),
                }
            }
        };
        (&slot.entry, params, due)
    }

    /// The slot holding the entry for `key`.
    fn position_of_key(&self, key: CacheKey) -> Option<usize> {
        self.entries.iter().position(|s| s.key == key)
    }

    /// The entry of slot `i`, remembering `stmt` as the last statement run
    /// with it, and whether the shared LRU is due a refresh.
    fn run_at(&mut self, i: usize, stmt: &Statement) -> (Arc<Entry>, bool) {
        let slot = &mut self.entries[i];
        slot.last = Last::new(stmt);
        (slot.entry.clone(), slot.used())
    }

    /// Remembers an entry and `stmt`, the statement run with it, keeping
    /// at most `limit` entries (the oldest goes first).
    fn put(&mut self, key: CacheKey, entry: Arc<Entry>, limit: usize, stmt: &Statement) {
        let slot = Slot {
            key,
            entry,
            last: Last::new(stmt),
            uses: 0,
        };
        if self.entries.len() < limit {
            self.entries.push(slot);
        } else if let Some(old) = self.entries.get_mut(self.next) {
            *old = slot;
            self.next = (self.next + 1) % limit.max(1);
        }
    }
}

/// Marks `key` as just used in the shared LRU, putting `entry` back when
/// the LRU has dropped it.
fn refresh(map: &Mutex<Lru>, key: CacheKey, entry: &Arc<Entry>) {
    let mut lru = lock(map);
    if lru.get(&key).is_some() {
        return;
    }
    let evicted = lru.push(key, entry.clone());
    // The evicted template (maybe its last handle) is freed after the lock.
    drop(lru);
    drop(evicted);
}

fn lock(m: &Mutex<Lru>) -> std::sync::MutexGuard<'_, Lru> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// How many parameters a prepared statement holds without allocating: the
/// inline size of [`ParamVec`] (`copy_small` copies only as many).
const INLINE_PARAMS: usize = 4;

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
    fn from_entry(entry: Arc<Entry>, shape: Shape) -> Prepared<'r> {
        let params = entry.template.take_params(shape);
        Prepared {
            plan: Plan::Template(Source::Owned(entry)),
            params: Args::Owned(params),
        }
    }

    fn once(mut c: Compiled) -> Prepared<'r> {
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

    /// The result columns of this run: the known ones when the driver
    /// found the same names (`names` is `None`), else built from `names`
    /// with the types and origins the compiler knows (and remembered for
    /// later runs).
    pub(crate) fn columns(&self, names: Option<Vec<Arc<str>>>) -> Arc<Columns> {
        let names = match (names, self.known_columns()) {
            (None, Some(known)) => return known.clone(),
            (Some(names), _) => names,
            (None, None) => Vec::new(),
        };
        let rc = self.result_columns();
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
        if given.is_empty() && self.plan.unbound().is_empty() {
            if let Args::Lent(k) = &mut self.params {
                if k.dirty {
                    k.restore();
                }
            }
            return Ok(());
        }
        match &mut self.params {
            Args::Owned(p) => self.plan.bind_into(p, given),
            Args::Lent(k) => {
                if self.plan.bind_in_order(&mut k.lent, given) {
                    k.dirty = true;
                    return Ok(());
                }
                if k.dirty {
                    k.restore();
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
    use aludel_compiler::expr::literal;
    use aludel_compiler::stmt::select;

    use super::*;

    /// A statement with `n` literal columns: one shape per `n`.
    fn of_width(n: i64) -> Statement {
        select((1..=n).map(literal).collect::<Vec<_>>()).into()
    }

    /// Parameters worth keeping fit in a `ParamVec` without an allocation,
    /// and are copied as they are.
    #[test]
    fn kept_parameters_are_held_inline() {
        assert_eq!(ParamVec::new().inline_size(), INLINE_PARAMS);
        let values: Vec<Value> = (0..INLINE_PARAMS as i64).map(Value::from).collect();
        assert!(worth_keeping(&values));
        let copy = copy_small(&values);
        assert!(!copy.spilled());
        assert_eq!(&copy[..], &values[..]);
        let more: Vec<Value> = (0..=INLINE_PARAMS as i64).map(Value::from).collect();
        assert!(!worth_keeping(&more));
        assert_eq!(&copy_small(&more)[..], &more[..]);
    }

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

    /// A template one connection keeps running from its recent statements
    /// is refreshed in the shared LRU, so another connection still finds
    /// it there after other statements filled the LRU.
    #[test]
    fn templates_in_use_stay_in_the_shared_lru() -> Result<()> {
        let cache = StatementCache::new(2);
        let (mut a, mut b) = (Recent::default(), Recent::default());
        let x = of_width(1);
        cache.prepare(&x, &Sqlite, &mut a)?;
        // `b` fills the shared LRU with two other shapes: `x` drops out.
        cache.prepare(&of_width(2), &Sqlite, &mut b)?;
        cache.prepare(&of_width(3), &Sqlite, &mut b)?;
        let misses = cache.stats().misses;
        for _ in 0..Slot::REFRESH_EVERY {
            cache.prepare(&x, &Sqlite, &mut a)?;
        }
        assert_eq!(
            cache.stats().misses,
            misses,
            "`a` ran `x` from its own recent statements"
        );
        // A new statement of `x`'s shape, on `b`: found in the shared LRU.
        cache.prepare(&of_width(1), &Sqlite, &mut b)?;
        assert_eq!(cache.stats().misses, misses);
        Ok(())
    }
}
