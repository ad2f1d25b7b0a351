//! [`StatementId`]: a statement's identity, held without keeping it alive,
//! and the [`Stamp`] each statement carries for it.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Statement;

/// Names one statement (and its clones, which share it) without keeping the
/// statement or its values alive: a cache can remember which statement it
/// saw last and recognise it when it comes again, without holding on to
/// its values after the caller drops it. Statements never change once
/// built, so whatever was derived from one holds for every clone of it;
/// a statement made from another (by a builder method) is another
/// statement.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::Statement};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let a: Statement = text("SELECT 1").into();
/// let id = a.id().unwrap();
/// assert!(id.is(&a.clone()));
/// assert!(!id.is(&text("SELECT 1").into())); // equal, but another statement
///
/// let q = select(t.c("a"));
/// let id = Statement::from(q.clone()).id().unwrap();
/// assert!(id.is(&q.clone().into()));
/// assert!(!id.is(&q.filter(t.c("a").gt(1)).into())); // made from it: another
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatementId(Kind, Stamp);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Select,
    Compound,
    Insert,
    Update,
    Delete,
    Text,
}

/// A statement's identity: unique among the statements made by the process.
/// A statement gets a new stamp when it is made and each time a builder
/// method changes it, so that no two different statements share one.
///
/// Stamps are handed out from blocks each thread takes from one counter,
/// so making one costs no atomic operation (a statement once held a weak
/// handle for this, whose upkeep cost an atomic compare-and-swap at each
/// builder call and another atomic operation when the statement was
/// dropped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp(u64);

/// The next block of stamps to hand to a thread.
static NEXT_BLOCK: AtomicU64 = AtomicU64::new(0);
/// How many stamps a thread takes at once.
const BLOCK: u64 = 1 << 16;

thread_local! {
    /// This thread's next stamp and the end of its block.
    static NEXT: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

impl Stamp {
    /// A stamp no statement has had.
    #[inline]
    pub(crate) fn new() -> Stamp {
        NEXT.with(|next| {
            let (mut at, mut end) = next.get();
            if at == end {
                at = NEXT_BLOCK.fetch_add(BLOCK, Ordering::Relaxed);
                end = at + BLOCK;
            }
            next.set((at + 1, end));
            Stamp(at)
        })
    }
}

/// A statement's inner state made mutable for a builder call (copied
/// first when it is shared), with a new stamp: the statement it becomes is
/// another statement.
#[inline]
pub(crate) fn edit<T: Clone>(
    shared: &mut crate::shared::Shared<T>,
    stamp: fn(&mut T) -> &mut Stamp,
) -> &mut T {
    let inner = crate::shared::Shared::make_mut(shared);
    *stamp(inner) = Stamp::new();
    inner
}

impl Default for Stamp {
    fn default() -> Stamp {
        Stamp::new()
    }
}

impl Statement {
    /// This statement's identity; `None` for DDL statements, which are
    /// built fresh each time.
    ///
    /// See [`StatementId`].
    pub fn id(&self) -> Option<StatementId> {
        Some(match self {
            Statement::Select(s) => StatementId(Kind::Select, s.0.stamp),
            Statement::Compound(c) => StatementId(Kind::Compound, c.0.stamp),
            Statement::Insert(i) => StatementId(Kind::Insert, i.0.stamp),
            Statement::Update(u) => StatementId(Kind::Update, u.0.stamp),
            Statement::Delete(d) => StatementId(Kind::Delete, d.0.stamp),
            Statement::Text(t) => StatementId(Kind::Text, t.0.stamp),
            Statement::CreateTable(_)
            | Statement::DropTable(_)
            | Statement::CreateIndex(_)
            | Statement::DropIndex(_)
            | Statement::SetComment(_) => return None,
        })
    }
}

impl StatementId {
    /// Whether `stmt` is the statement this names (or a clone of it).
    ///
    /// See [`StatementId`].
    #[inline]
    pub fn is(&self, stmt: &Statement) -> bool {
        stmt.id() == Some(*self)
    }
}

#[cfg(test)]
mod tests {
    use super::Stamp;
    use crate::prelude::*;

    /// A statement changed by a builder method is another statement, also
    /// when it was held once and so changed in place.
    #[test]
    fn a_statement_changed_in_place_is_another_statement() {
        let t = crate::schema::int_table(&MetaData::new(), "t", &["a"]);
        type Change = fn(Statement, &Table) -> Statement;
        let cases: Vec<(Statement, Change)> = vec![
            (select(t.c("a")).into(), |s, t| match s {
                Statement::Select(s) => s.filter(t.c("a").gt(1)).into(),
                _ => unreachable!("a select"),
            }),
            (
                union([select(t.c("a")), select(t.c("a"))]).into(),
                |s, _| match s {
                    Statement::Compound(c) => c.limit(1).into(),
                    _ => unreachable!("a compound"),
                },
            ),
            (insert(&t).values([("a", 1)]).into(), |s, t| match s {
                Statement::Insert(i) => i.returning([t.c("a")]).into(),
                _ => unreachable!("an insert"),
            }),
            (update(&t).set([("a", 1)]).into(), |s, t| match s {
                Statement::Update(u) => u.filter(t.c("a").eq(2)).into(),
                _ => unreachable!("an update"),
            }),
            (delete(&t).into(), |s, t| match s {
                Statement::Delete(d) => d.filter(t.c("a").eq(2)).into(),
                _ => unreachable!("a delete"),
            }),
            (text("SELECT :x").into(), |s, _| match s {
                Statement::Text(x) => x.bind("x", 1).into(),
                _ => unreachable!("a text"),
            }),
        ];
        for (stmt, change) in cases {
            let id = stmt.id().expect("an id");
            assert!(id.is(&stmt.clone()));
            let changed = change(stmt, &t);
            assert!(!id.is(&changed));
            assert!(changed.id().expect("an id").is(&changed));
        }
    }

    #[test]
    fn stamps_are_unique_across_threads_and_blocks() {
        let mut seen: Vec<u64> = (0..3)
            .map(|_| {
                std::thread::spawn(|| {
                    (0..super::BLOCK + 10)
                        .map(|_| Stamp::new().0)
                        .collect::<Vec<_>>()
                })
            })
            .flat_map(|h| h.join().expect("a thread making stamps"))
            .collect();
        let n = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), n);
    }
}
