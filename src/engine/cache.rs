//! The engine's LRU of compiled statements, keyed by statement shape.

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use aludel_compiler::cache::{CacheKey, Shape, Template};
use aludel_compiler::stmt::Statement;
use aludel_compiler::{CompileOptions, Compiled, Dialect};
use lru::LruCache;

use crate::errors::Result;

/// Statement-cache counters.
///
/// See [`Engine::cache_stats`](crate::Engine::cache_stats).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheStats {
    /// Statements whose compiled form was found.
    pub hits: u64,
    /// Statements that were compiled.
    pub misses: u64,
    /// Templates held now.
    pub size: usize,
}

pub(crate) struct StatementCache {
    map: Option<Mutex<LruCache<CacheKey, Arc<Template>>>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl StatementCache {
    pub(crate) fn new(capacity: usize) -> Self {
        StatementCache {
            map: NonZeroUsize::new(capacity).map(|n| Mutex::new(LruCache::new(n))),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub(crate) fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            size: self
                .map
                .as_ref()
                .map(|m| m.lock().unwrap_or_else(|e| e.into_inner()).len())
                .unwrap_or(0),
        }
    }

    /// The compiled statement, from the cache when a statement of the same
    /// shape was compiled before for this dialect.
    pub(crate) fn compile(&self, stmt: &Statement, dialect: &dyn Dialect) -> Result<Compiled> {
        let Some(map) = &self.map else {
            self.misses.fetch_add(1, Ordering::Relaxed);
            return Ok(stmt.compile(dialect)?);
        };
        let shape = Shape::of(stmt);
        if !shape.is_cacheable() {
            self.misses.fetch_add(1, Ordering::Relaxed);
            return Ok(stmt.compile(dialect)?);
        }
        let key = shape.key();
        let found = map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        if let Some(t) = found {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(t.instantiate(&shape));
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        match Template::compile(stmt, &shape, dialect, &CompileOptions::new())? {
            Some(t) => {
                let compiled = t.instantiate(&shape);
                map.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .put(key, Arc::new(t));
                Ok(compiled)
            }
            None => Ok(stmt.compile(dialect)?),
        }
    }
}
