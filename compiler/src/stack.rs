//! A stack whose first few levels live inline, for the short-lived stacks
//! a compilation keeps (enclosing FROM lists, CTEs being visited): most
//! statements never allocate for them.

/// A stack of `T` holding its first `N` items inline and the rest in a `Vec`.
pub(crate) struct InlineStack<T, const N: usize> {
    inline: [Option<T>; N],
    len: usize,
    deeper: Vec<T>,
}

impl<T, const N: usize> Default for InlineStack<T, N> {
    fn default() -> Self {
        InlineStack {
            inline: std::array::from_fn(|_| None),
            len: 0,
            deeper: Vec::new(),
        }
    }
}

impl<T, const N: usize> InlineStack<T, N> {
    pub(crate) fn push(&mut self, item: T) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = Some(item),
            None => self.deeper.push(item),
        }
        self.len += 1;
    }

    pub(crate) fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        match self.inline.get_mut(self.len) {
            Some(slot) => slot.take(),
            None => self.deeper.pop(),
        }
    }

    /// Ends a stack that is empty (its pushes and pops balanced): an empty
    /// stack owns nothing, so it is let go without running the drop code
    /// of its slots, which a statement compiled would otherwise pay for
    /// every time. A stack that still holds items is dropped as usual.
    pub(crate) fn finish(self) {
        if self.len == 0 && self.deeper.capacity() == 0 {
            std::mem::forget(self);
        }
    }

    /// The items, bottom first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.inline
            .iter()
            .map_while(Option::as_ref)
            .chain(&self.deeper)
    }
}

#[cfg(test)]
mod tests {
    use super::InlineStack;

    #[test]
    fn items_beyond_the_inline_ones_push_and_pop_in_order() {
        let mut s: InlineStack<usize, 2> = InlineStack::default();
        assert!(s.iter().next().is_none() && s.pop().is_none());
        for n in 1..=5 {
            s.push(n * 10);
            assert_eq!(s.iter().last(), Some(&(n * 10)));
            assert_eq!(s.pop(), Some(n * 10));
            s.push(n);
            assert_eq!(
                s.iter().copied().collect::<Vec<_>>(),
                (1..=n).collect::<Vec<_>>()
            );
        }
        for n in (1..=5).rev() {
            assert_eq!(s.pop(), Some(n));
        }
        assert!(s.iter().next().is_none() && s.pop().is_none());
    }
}
