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

    static ENABLED: AtomicBool = AtomicBool::new(false);
    static ALLOCS: AtomicU64 = AtomicU64::new(0);
    static REALLOCS: AtomicU64 = AtomicU64::new(0);
    static BYTES: AtomicU64 = AtomicU64::new(0);

    struct Counting;

    // SAFETY: every method forwards to `System` with the caller's arguments.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if ENABLED.load(Relaxed) {
                ALLOCS.fetch_add(1, Relaxed);
                BYTES.fetch_add(layout.size() as u64, Relaxed);
            }
            // SAFETY: forwarded contract.
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if ENABLED.load(Relaxed) {
                ALLOCS.fetch_add(1, Relaxed);
                BYTES.fetch_add(layout.size() as u64, Relaxed);
            }
            // SAFETY: forwarded contract.
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if ENABLED.load(Relaxed) {
                REALLOCS.fetch_add(1, Relaxed);
                BYTES.fetch_add(new_size.saturating_sub(layout.size()) as u64, Relaxed);
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
        ALLOCS.store(0, Relaxed);
        REALLOCS.store(0, Relaxed);
        BYTES.store(0, Relaxed);
        ENABLED.store(true, Relaxed);
        let r = f();
        ENABLED.store(false, Relaxed);
        drop(r);
        Some(super::AllocStat {
            allocs: ALLOCS.load(Relaxed),
            reallocs: REALLOCS.load(Relaxed),
            bytes: BYTES.load(Relaxed),
        })
    }
}
