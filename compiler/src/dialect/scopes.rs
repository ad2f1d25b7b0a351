//! The FROM lists of the enclosing queries while a statement compiles
//! (innermost last), which subqueries correlate against.

use crate::stmt::FromItem;

/// How many levels are kept without allocating (a statement rarely nests deeper).
const INLINE: usize = 4;

/// A stack of FROM lists: the first levels live inline, deeper ones in a `Vec`.
#[derive(Default)]
pub(crate) struct Scopes {
    inline: [Vec<FromItem>; INLINE],
    len: usize,
    deeper: Vec<Vec<FromItem>>,
}

impl Scopes {
    pub(crate) fn push(&mut self, froms: Vec<FromItem>) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = froms,
            None => self.deeper.push(froms),
        }
        self.len += 1;
    }

    pub(crate) fn pop(&mut self) {
        if self.len == 0 {
            return;
        }
        self.len -= 1;
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = Vec::new(),
            None => {
                self.deeper.pop();
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The innermost FROM list.
    pub(crate) fn last(&self) -> Option<&Vec<FromItem>> {
        match self.len {
            0 => None,
            n if n <= INLINE => self.inline.get(n - 1),
            _ => self.deeper.last(),
        }
    }

    /// Every FROM item of every level.
    pub(crate) fn items(&self) -> impl Iterator<Item = &FromItem> {
        self.inline[..self.len.min(INLINE)]
            .iter()
            .chain(&self.deeper)
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::Scopes;
    use crate::prelude::*;
    use crate::stmt::FromItem;

    #[test]
    fn levels_beyond_the_inline_ones_push_and_pop_in_order() {
        let t = MetaData::new()
            .table("t")
            .column(Column::new("a", Type::Integer))
            .build()
            .expect("table");
        let mut s = Scopes::default();
        assert!(s.is_empty() && s.last().is_none());
        for n in 1..=6 {
            s.push(vec![FromItem::from(&t); n]);
            assert_eq!(s.last().map(Vec::len), Some(n));
            assert_eq!(s.items().count(), n * (n + 1) / 2);
        }
        for n in (1..=6).rev() {
            assert_eq!(s.last().map(Vec::len), Some(n));
            s.pop();
        }
        assert!(s.is_empty() && s.items().next().is_none());
        s.pop();
        assert!(s.is_empty());
    }
}
