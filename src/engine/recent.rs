//! The statements a connection ran last, in front of the engine's shared
//! cache, and the parameters it keeps for a statement it runs again.

use std::sync::Arc;

use aludel_compiler::Value;
use aludel_compiler::cache::{CacheKey, Shape};
use aludel_compiler::stmt::{Statement, StatementId};

use super::cache::Entry;
use super::prepared::{Args, ParamVec};
use super::stats::ConnCounts;

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
    pub(super) counts: ConnCounts,
}

pub(super) struct Slot {
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
    pub(super) const REFRESH_EVERY: u32 = 64;

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
/// [`Prepared::bind`](super::prepared::Prepared::bind)).
pub(crate) struct Kept {
    pub(super) own: ParamVec,
    pub(super) lent: ParamVec,
    /// Whether a run bound values into `lent` (which then differs from
    /// `own` at some named parameters).
    pub(super) dirty: bool,
}

impl Kept {
    /// `lent` made the statement's own values again.
    pub(super) fn restore(&mut self) {
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
pub(super) fn copy_small(params: &[Value]) -> ParamVec {
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
    pub(super) const SIZE: usize = 8;

    /// The slot whose entry ran `stmt` last (the very statement, or a
    /// clone of its handle).
    pub(super) fn position_of(&mut self, stmt: &Statement) -> Option<usize> {
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
    pub(super) fn same_at(
        &mut self,
        i: usize,
        stmt: &Statement,
    ) -> (&Arc<Entry>, Args<'_>, Option<CacheKey>) {
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
    pub(super) fn position_of_key(&self, key: CacheKey) -> Option<usize> {
        self.entries.iter().position(|s| s.key == key)
    }

    /// The entry of slot `i`, remembering `stmt` as the last statement run
    /// with it, and whether the shared LRU is due a refresh.
    pub(super) fn run_at(&mut self, i: usize, stmt: &Statement) -> (Arc<Entry>, bool) {
        let slot = &mut self.entries[i];
        slot.last = Last::new(stmt);
        (slot.entry.clone(), slot.used())
    }

    /// Remembers an entry and `stmt`, the statement run with it, keeping
    /// at most `limit` entries (the oldest goes first).
    pub(super) fn put(&mut self, key: CacheKey, entry: Arc<Entry>, limit: usize, stmt: &Statement) {
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

/// How many parameters a prepared statement holds without allocating: the
/// inline size of [`ParamVec`] (`copy_small` copies only as many).
const INLINE_PARAMS: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

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
}
