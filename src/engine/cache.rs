//! The engine's LRU of compiled statements, keyed by statement shape.
//! A connection's own recent statements are in front of it
//! ([`recent`](super::recent)); what it hands out is a
//! [`Prepared`] statement.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use aludel_compiler::cache::{CacheKey, CacheKeyHasher, Shape, Template};
use aludel_compiler::stmt::Statement;
use aludel_compiler::{CompileOptions, Dialect, ResultColumn};
use lru::LruCache;

use super::prepared::Prepared;
use super::recent::Recent;
use super::result::Columns;
use super::stats::{CacheStats, Tally};
use crate::errors::Result;

/// A cached compilation: the template, and the result columns (names from
/// the database or, named by position, from the template; types and
/// origins from the template) of its first run, so later runs share them
/// instead of building them again.
pub(crate) struct Entry {
    pub(super) template: Template,
    pub(super) columns: OnceLock<Arc<Columns>>,
    /// The template's result columns are named by position (see
    /// [`names_by_position`]).
    pub(super) by_position: bool,
}

impl Entry {
    pub(super) fn new(template: Template) -> Arc<Entry> {
        let by_position = names_by_position(template.result_columns());
        Arc::new(Entry {
            template,
            columns: OnceLock::new(),
            by_position,
        })
    }
}

/// Whether a statement's result columns are named by position: every one
/// is a column (of a table or an alias, its `origin` known), which the SQL
/// writes bare, named by its own name, or with the label the compiler gave
/// it. The database then reports those names (up to the case its catalog
/// keeps), and the compiler's stand for the result's columns in order, as
/// SQLAlchemy's compiled result columns do; any other expression (a
/// function without a label, a literal column, `*`) is named by the
/// database.
pub(crate) fn names_by_position(columns: &[ResultColumn]) -> bool {
    !columns.is_empty() && columns.iter().all(|c| c.origin.is_some())
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
                return Ok(Prepared::recent(entry, params));
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

#[cfg(test)]
mod tests {
    use aludel_compiler::dialect::Sqlite;
    use aludel_compiler::expr::literal;
    use aludel_compiler::stmt::select;

    use super::*;
    use crate::engine::recent::Slot;

    /// A statement with `n` literal columns: one shape per `n`.
    fn of_width(n: i64) -> Statement {
        select((1..=n).map(literal).collect::<Vec<_>>()).into()
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
