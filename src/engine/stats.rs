//! The statement cache's hit and miss counters, kept per connection so
//! that threads running statements on their own connections never write
//! to a shared counter.
//!
//! A shared atomic counter costs a locked read-modify-write on every
//! execution, and under several threads its cache line moves from core to
//! core on each one. Here each connection counts into its own
//! [`ConnCounts`] (a cache line of its own, written only by the thread that
//! holds the connection, with a plain load and store), registered with
//! the engine's [`Tally`] on first use; [`Tally::totals`] adds them up, and
//! a connection that closes hands its counts over to the tally.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex, MutexGuard};

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

/// One connection's counters, alone on their cache line (128 bytes: the
/// line and the one the CPU fetches with it), so two connections' counters
/// never share one.
#[repr(align(128))]
#[derive(Debug, Default)]
struct Counts {
    hits: AtomicU64,
    misses: AtomicU64,
}

/// Adds one to a counter that only one thread writes at a time: a load and
/// a store, without the locked instruction `fetch_add` costs, and no count
/// is lost. A reader on another thread may see the latest counts late while
/// the connection is in use; once it changes hands (the pool's lock orders
/// that), every count is seen.
fn bump(c: &AtomicU64) {
    c.store(c.load(Relaxed) + 1, Relaxed);
}

/// The engine's view of its connections' counters: those of the
/// connections open now, and the sums of those closed.
#[derive(Debug, Default)]
pub(crate) struct Tally(Mutex<TallyInner>);

#[derive(Debug, Default)]
struct TallyInner {
    live: Vec<Arc<Counts>>,
    closed_hits: u64,
    closed_misses: u64,
}

impl Tally {
    fn lock(&self) -> MutexGuard<'_, TallyInner> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The hits and misses counted by every connection, open or closed,
    /// plus `shared` (those counted where no connection's counters were at
    /// hand).
    pub(crate) fn totals(&self, shared: (u64, u64)) -> (u64, u64) {
        let t = self.lock();
        t.live.iter().fold(
            (shared.0 + t.closed_hits, shared.1 + t.closed_misses),
            |(h, m), c| (h + c.hits.load(Relaxed), m + c.misses.load(Relaxed)),
        )
    }
}

/// A connection's counters, registered with the engine's [`Tally`] the
/// first time the connection runs a statement (a connection that never
/// does costs nothing). Written through `&mut`, so by one thread at a time.
#[derive(Debug, Default)]
pub(crate) struct ConnCounts(Option<Registered>);

#[derive(Debug)]
struct Registered {
    counts: Arc<Counts>,
    tally: Arc<Tally>,
}

impl ConnCounts {
    /// The counters, registered with `tally` if they were not yet.
    fn get(&mut self, tally: &Arc<Tally>) -> &Counts {
        let r = self.0.get_or_insert_with(|| {
            let counts = Arc::new(Counts::default());
            tally.lock().live.push(counts.clone());
            Registered {
                counts,
                tally: tally.clone(),
            }
        });
        &r.counts
    }

    /// Counts a hit.
    pub(crate) fn hit(&mut self, tally: &Arc<Tally>) {
        bump(&self.get(tally).hits);
    }

    /// Counts a miss.
    pub(crate) fn miss(&mut self, tally: &Arc<Tally>) {
        bump(&self.get(tally).misses);
    }
}

impl Drop for Registered {
    /// Hands the counts over to the tally (under its lock, so a
    /// [`Tally::totals`] running meanwhile counts them exactly once).
    fn drop(&mut self) {
        let mut t = self.tally.lock();
        t.closed_hits += self.counts.hits.load(Relaxed);
        t.closed_misses += self.counts.misses.load(Relaxed);
        t.live.retain(|c| !Arc::ptr_eq(c, &self.counts));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{ConnCounts, Tally};

    /// Counts from several threads, each with its own connection's
    /// counters, add up exactly, before and after the connections close.
    #[test]
    fn counts_of_connections_in_threads_add_up() {
        let tally = Arc::new(Tally::default());
        let mut kept = ConnCounts::default();
        kept.hit(&tally);
        std::thread::scope(|s| {
            for t in 0..4u64 {
                let tally = &tally;
                s.spawn(move || {
                    let mut c = ConnCounts::default();
                    for _ in 0..1000 + t {
                        c.hit(tally);
                    }
                    c.miss(tally);
                });
            }
        });
        // the four threads' connections are closed, `kept` is open
        assert_eq!(tally.totals((0, 0)), (1 + 4000 + 6, 4));
        assert_eq!(tally.lock().live.len(), 1);
        kept.miss(&tally);
        assert_eq!(tally.totals((10, 20)), (10 + 4007, 20 + 5));
        drop(kept);
        assert_eq!(tally.totals((0, 0)), (4007, 5));
        assert!(tally.lock().live.is_empty());
    }

    /// A connection that never counts is never registered.
    #[test]
    fn unused_connections_are_not_registered() {
        let tally = Arc::new(Tally::default());
        let unused = ConnCounts::default();
        assert!(tally.lock().live.is_empty());
        drop(unused);
        assert_eq!(tally.totals((0, 0)), (0, 0));
    }
}
