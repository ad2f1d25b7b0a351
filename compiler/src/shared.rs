//! [`Shared`]: the counted pointer of the expression tree's nodes, and
//! [`Held`]: a value held with its count or, when it lives as long as the
//! program, referred to without one.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// The counted pointer that holds expression nodes, joins and aliases:
/// `triomphe::Arc`, an `Arc` without a weak count. Dropping the last handle
/// of a node then costs one atomic operation instead of two, and making a
/// uniquely held node mutable costs none instead of a compare-and-swap
/// (on the Intel VM the benchmarks ran on, an uncontended atomic operation
/// took about 10 ns in a loop of nothing else and about 3 ns inside a
/// compile).
pub(crate) type Shared<T> = triomphe::Arc<T>;

/// A value a statement or a compilation keeps: held (a handle that takes
/// a count, or owned text) or, when it lives as long as the program (a
/// pinned table and its names, a name spelled in the program), referred
/// to. A reference is copied and dropped without a write; a count that
/// threads building statements at once all update is one cache line that
/// they take turns owning.
///
/// It reads as the `T` it holds or refers to.
pub(crate) enum Held<H, T: ?Sized + 'static = H> {
    /// Held: its clone and drop update a count (or copy the text).
    Held(H),
    /// Referred to: it lives as long as the program.
    Static(&'static T),
}

impl<H: Clone, T: ?Sized> Clone for Held<H, T> {
    fn clone(&self) -> Self {
        match self {
            Held::Held(h) => Held::Held(h.clone()),
            Held::Static(t) => Held::Static(t),
        }
    }
}

impl<H: Borrow<T>, T: ?Sized> Deref for Held<H, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        match self {
            Held::Held(h) => h.borrow(),
            Held::Static(t) => t,
        }
    }
}

impl<H: Borrow<T>, T: ?Sized + fmt::Debug> fmt::Debug for Held<H, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
