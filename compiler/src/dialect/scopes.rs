//! The FROM lists of the enclosing queries while a statement compiles
//! (innermost last), which subqueries correlate against.

use crate::stack::InlineStack;
use crate::stmt::froms::{FromList, Leaves};

/// A stack of FROM lists, each kept as the addresses of the tables and
/// aliases its items are made of (all correlation asks is whether a
/// subquery's table is one of them); the first four levels need no
/// allocation (a statement rarely nests deeper).
#[derive(Default)]
pub(crate) struct Scopes(InlineStack<Leaves, 4>);

impl Scopes {
    /// Enters a query level whose FROM list is `froms`.
    pub(crate) fn push(&mut self, froms: &FromList<'_>) {
        let mut leaves = Leaves::new();
        for f in froms {
            f.add_leaves(&mut leaves);
        }
        self.0.push(leaves);
    }

    pub(crate) fn pop(&mut self) {
        self.0.pop();
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the table or alias at `addr` is in the FROM list of an
    /// enclosing level (or is one of the tables of a join there).
    pub(crate) fn encloses(&self, addr: usize) -> bool {
        self.0.iter().any(|level| level.contains(&addr))
    }
}
