//! The counting allocator: allocation counts of one operation, and the
//! `#[global_allocator]` that counts them while enabled.

// ---------------------------------------------------------------------------
// Allocation counting
// ---------------------------------------------------------------------------

/// Allocation counts of one operation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct AllocStat {
    pub(crate) allocs: u64,
    pub(crate) reallocs: u64,
    pub(crate) bytes: u64,
}

pub(crate) mod counting {
    //! A wrapper over the system allocator that counts, while enabled.
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

    /// A value on cache lines of its own: the flag is read by every
    /// allocation on every thread, and a write to anything sharing its line
    /// (the counters, or whatever the linker puts next to them) would make
    /// threads that allocate at once wait for each other.
    #[repr(align(128))]
    struct Own<T>(T);

    static ENABLED: Own<AtomicBool> = Own(AtomicBool::new(false));
    static ALLOCS: Own<AtomicU64> = Own(AtomicU64::new(0));
    static REALLOCS: Own<AtomicU64> = Own(AtomicU64::new(0));
    static BYTES: Own<AtomicU64> = Own(AtomicU64::new(0));

    struct Counting;

    // SAFETY: every method forwards to `System` with the caller's arguments.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if ENABLED.0.load(Relaxed) {
                ALLOCS.0.fetch_add(1, Relaxed);
                BYTES.0.fetch_add(layout.size() as u64, Relaxed);
            }
            // SAFETY: forwarded contract.
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if ENABLED.0.load(Relaxed) {
                ALLOCS.0.fetch_add(1, Relaxed);
                BYTES.0.fetch_add(layout.size() as u64, Relaxed);
            }
            // SAFETY: forwarded contract.
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if ENABLED.0.load(Relaxed) {
                REALLOCS.0.fetch_add(1, Relaxed);
                BYTES
                    .0
                    .fetch_add(new_size.saturating_sub(layout.size()) as u64, Relaxed);
            }
            // SAFETY: forwarded contract.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: forwarded contract.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    /// Counts the allocations of one call of `f` (after two warm-up calls).
    pub(crate) fn measure<R>(mut f: impl FnMut() -> R) -> Option<super::AllocStat> {
        drop(f());
        drop(f());
        ALLOCS.0.store(0, Relaxed);
        REALLOCS.0.store(0, Relaxed);
        BYTES.0.store(0, Relaxed);
        ENABLED.0.store(true, Relaxed);
        let r = f();
        ENABLED.0.store(false, Relaxed);
        drop(r);
        Some(super::AllocStat {
            allocs: ALLOCS.0.load(Relaxed),
            reallocs: REALLOCS.0.load(Relaxed),
            bytes: BYTES.0.load(Relaxed),
        })
    }
}
