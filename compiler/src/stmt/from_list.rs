//! A query level's FROM list while a statement compiles, filled where it
//! is kept.
//!
//! Rust moves a value by copying it, and a list that has just been
//! written item by item and is then copied with wider loads makes those
//! loads wait for the stores to land (a store-forwarding stall). A
//! `SmallVec` returned from the walk that fills it, wrapped in `Some` and
//! handed down to the renderer, was copied three times that way, and each
//! `push` built its item on the stack before copying it in. This list is
//! made once by the caller and filled in place: its first items go
//! straight into a slot that is known before the item is made, the rest
//! into a `Vec`.

use std::iter::{Chain, Flatten};
use std::slice;

use super::froms::FromRef;

/// How many items are held in place (most query levels have one or two).
const INLINE: usize = 4;

/// A query level's FROM items, in order: the first four in place, the
/// rest in a `Vec`.
pub(crate) struct FromList<'s> {
    first: [Option<FromRef<'s>>; INLINE],
    /// How many items `first` holds.
    held: usize,
    /// Items past the first four, in order.
    rest: Vec<FromRef<'s>>,
}

impl Default for FromList<'_> {
    fn default() -> Self {
        FromList::new()
    }
}

impl<'s> FromList<'s> {
    pub(crate) fn new() -> Self {
        FromList {
            first: [None, None, None, None],
            held: 0,
            rest: Vec::new(),
        }
    }

    /// Appends the item `make` returns, made after its place is known so
    /// that it is written there directly.
    #[inline(always)]
    pub(crate) fn push_with(&mut self, make: impl FnOnce() -> FromRef<'s>) {
        match self.first.get_mut(self.held) {
            Some(slot) => {
                *slot = Some(make());
                self.held += 1;
            }
            None => self.rest.push(make()),
        }
    }

    /// Appends `item` (in line, so that the item is made where it goes).
    #[inline(always)]
    pub(crate) fn push(&mut self, item: FromRef<'s>) {
        self.push_with(|| item);
    }

    pub(crate) fn len(&self) -> usize {
        self.held + self.rest.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.held == 0
    }

    /// The items, in order (only the slots that hold one are looked at).
    pub(crate) fn iter(&self) -> Iter<'_, 's> {
        self.first[..self.held].iter().flatten().chain(&self.rest)
    }

    /// Calls `f` with each item and its position, in order, until it
    /// fails: a plain loop over the slots and then the rest, which costs
    /// less than [`iter`](Self::iter)'s chained adapters on the paths
    /// every statement takes.
    #[inline]
    pub(crate) fn try_for_each<E>(
        &self,
        mut f: impl FnMut(usize, &FromRef<'s>) -> Result<(), E>,
    ) -> Result<(), E> {
        for (i, slot) in self.first[..self.held].iter().enumerate() {
            if let Some(item) = slot {
                f(i, item)?;
            }
        }
        for (i, item) in self.rest.iter().enumerate() {
            f(INLINE + i, item)?;
        }
        Ok(())
    }

    /// Whether an item of address `addr` ([`FromRef::addr`]) is listed: a
    /// plain loop (see [`try_for_each`](Self::try_for_each)).
    #[inline]
    pub(crate) fn has_addr(&self, addr: usize) -> bool {
        self.try_for_each(|_, f| if f.addr() == addr { Err(()) } else { Ok(()) })
            .is_err()
    }

    /// Keeps the items `keep` accepts, in order (a correlated subquery's
    /// list: rebuilt, as it is short).
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&FromRef<'s>) -> bool) {
        let all = std::mem::take(self);
        for item in all {
            if keep(&item) {
                self.push(item);
            }
        }
    }
}

/// The items of a [`FromList`], borrowed.
pub(crate) type Iter<'a, 's> =
    Chain<Flatten<slice::Iter<'a, Option<FromRef<'s>>>>, slice::Iter<'a, FromRef<'s>>>;

impl<'a, 's> IntoIterator for &'a FromList<'s> {
    type Item = &'a FromRef<'s>;
    type IntoIter = Iter<'a, 's>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'s> IntoIterator for FromList<'s> {
    type Item = FromRef<'s>;
    type IntoIter = Chain<
        Flatten<std::array::IntoIter<Option<FromRef<'s>>, INLINE>>,
        std::vec::IntoIter<FromRef<'s>>,
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.first.into_iter().flatten().chain(self.rest)
    }
}

impl<'s> FromIterator<FromRef<'s>> for FromList<'s> {
    fn from_iter<I: IntoIterator<Item = FromRef<'s>>>(items: I) -> Self {
        let mut list = FromList::new();
        items.into_iter().for_each(|f| list.push(f));
        list
    }
}

#[cfg(test)]
mod tests {
    use super::FromList;
    use crate::prelude::*;
    use crate::stmt::froms::FromRef;

    #[test]
    fn an_item_in_place_is_two_words() {
        assert_eq!(
            std::mem::size_of::<Option<FromRef<'_>>>(),
            2 * std::mem::size_of::<usize>()
        );
    }

    /// Every length, in place and beyond, keeps its order through push,
    /// iteration (borrowed and owned) and retain.
    #[test]
    fn items_keep_their_order_in_place_and_beyond() {
        let meta = MetaData::new();
        let tables: Vec<Table> = (0..9)
            .map(|i| crate::schema::int_table(&meta, &format!("t{i}"), &["id"]))
            .collect();
        for n in 0..=tables.len() {
            let mut list = FromList::new();
            assert!(list.is_empty());
            tables[..n]
                .iter()
                .for_each(|t| list.push(FromRef::Table(t)));
            let addrs = |l: &FromList<'_>| l.iter().map(FromRef::addr).collect::<Vec<_>>();
            let want: Vec<usize> = tables[..n].iter().map(Table::addr).collect();
            assert_eq!(addrs(&list), want, "{n} items");
            assert_eq!((list.len(), list.is_empty()), (n, n == 0));
            // every other item dropped, from the first or the second
            for parity in [0, 1] {
                let mut kept = FromList::from_iter(list.iter().cloned());
                let mut i = 0;
                kept.retain(|_| {
                    i += 1;
                    i % 2 == parity
                });
                let want: Vec<usize> = want
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (i + 1) % 2 == parity)
                    .map(|(_, a)| *a)
                    .collect();
                assert_eq!(addrs(&kept), want, "{n} items, parity {parity}");
                assert_eq!(kept.len(), want.len());
            }
            let owned: Vec<usize> = list.into_iter().map(|f| f.addr()).collect();
            assert_eq!(
                owned,
                tables[..n].iter().map(Table::addr).collect::<Vec<_>>()
            );
        }
    }
}
