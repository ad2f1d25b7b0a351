//! The FROM lists of the enclosing queries while a statement compiles
//! (innermost last), which subqueries correlate against.

use crate::stmt::froms::{FromList, Leaves};

/// The FROM lists of the enclosing query levels, each kept as the
/// addresses of the tables and aliases its items are made of (all
/// correlation asks is whether a subquery's table is one of them), in one
/// flat list: a few levels and tables need no allocation.
#[derive(Default)]
pub(crate) struct Scopes {
    /// Every level's addresses, outermost level first, each level's
    /// preceded by a 0 (no table or alias has that address), so that
    /// entering a level is one list's push and not two.
    addrs: Leaves,
}

/// What starts a level in [`Scopes::addrs`].
const LEVEL: usize = 0;

impl Scopes {
    /// Enters a query level whose FROM list is `froms`.
    pub(crate) fn push(&mut self, froms: &FromList<'_>) {
        self.addrs.push(LEVEL);
        let addrs = &mut self.addrs;
        let _ = froms.try_for_each(|_, f| {
            f.add_leaves(addrs);
            Ok::<(), std::convert::Infallible>(())
        });
    }

    /// Leaves the innermost query level.
    pub(crate) fn pop(&mut self) {
        if let Some(start) = self.addrs.iter().rposition(|a| *a == LEVEL) {
            self.addrs.truncate(start);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.addrs.is_empty()
    }

    /// Whether the table or alias at `addr` is in the FROM list of an
    /// enclosing level (or is one of the tables of a join there).
    pub(crate) fn encloses(&self, addr: usize) -> bool {
        addr != LEVEL && self.addrs.contains(&addr)
    }
}

#[cfg(test)]
mod tests {
    use super::Scopes;
    use crate::prelude::*;
    use crate::stmt::froms::{FromList, FromRef};

    /// Levels enter and leave in order, and each one's tables (a join's
    /// included) are enclosing only while the level is entered.
    #[test]
    fn levels_enter_and_leave_with_their_tables() {
        let meta = MetaData::new();
        let table = |name: &str| crate::schema::int_table(&meta, name, &["id"]);
        let (a, b, c) = (table("a"), table("b"), table("c"));
        let joined = b.join_on(&c, b.c("id").eq(c.c("id")));
        let joined = FromItem::from(joined);
        let mut s = Scopes::default();
        assert!(s.is_empty() && !s.encloses(a.addr()));
        s.push(&FromList::from_iter([FromRef::Table(&a)]));
        s.push(&FromList::from_iter([FromRef::Item(&joined)]));
        assert!(!s.is_empty());
        assert!(s.encloses(a.addr()) && s.encloses(b.addr()) && s.encloses(c.addr()));
        assert!(!s.encloses(joined.addr()), "a join is no table of its own");
        s.pop();
        assert!(s.encloses(a.addr()) && !s.encloses(b.addr()) && !s.encloses(c.addr()));
        s.pop();
        assert!(s.is_empty() && !s.encloses(a.addr()));
        s.pop();
        assert!(s.is_empty());
    }
}
