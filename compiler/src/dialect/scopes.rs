//! The FROM lists of the enclosing queries while a statement compiles
//! (innermost last), which subqueries correlate against.

use crate::stack::InlineStack;
use crate::stmt::FromItem;
use crate::stmt::froms::FromList;

/// A stack of FROM lists; the first four levels need no allocation (a
/// statement rarely nests deeper).
#[derive(Default)]
pub(crate) struct Scopes(InlineStack<FromList, 4>);

impl Scopes {
    pub(crate) fn push(&mut self, froms: FromList) {
        self.0.push(froms);
    }

    pub(crate) fn pop(&mut self) {
        self.0.pop();
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The innermost FROM list.
    pub(crate) fn last(&self) -> Option<&FromList> {
        self.0.last()
    }

    /// The innermost FROM list, to take it out for a moment.
    pub(crate) fn last_mut(&mut self) -> Option<&mut FromList> {
        self.0.last_mut()
    }

    /// Every FROM item of every level.
    pub(crate) fn items(&self) -> impl Iterator<Item = &FromItem> {
        self.0.iter().flatten()
    }
}
