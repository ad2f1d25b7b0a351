//! The FROM list of the commonest SELECT, found by one look at each item.
//!
//! Most SELECTs list table columns and filter on comparisons of columns
//! and values. Their FROM list is the tables of those columns (at most
//! two here), in the order met, and the explicit FROM items; no CTE can be
//! reached from such items. [`plain_froms`] finds it without the FROM
//! walk's state (the addresses met, the list of CTEs, the recursion), and
//! leaves every other SELECT to the walk.

use crate::expr::{Expr, Node, Source};
use crate::stmt::FromItem;
use crate::stmt::from::FromNode;
use crate::stmt::froms::{FromList, FromRef, push_unique};
use crate::stmt::select::SelectInner;

/// Fills the empty `froms` with the FROM list of a SELECT whose list and
/// criteria are plain (see [`PlainTables::item`]) and name at most two
/// tables: those tables that no listed join holds, in the order met, then
/// the explicit FROM items that are neither those tables nor part of a
/// listed join (as the walk lists them). False, with `froms` left empty,
/// for any other SELECT.
#[inline]
pub(crate) fn plain_froms<'s>(s: &'s SelectInner, froms: &mut FromList<'s>) -> bool {
    let mut tables = PlainTables::default();
    for e in s.level_items() {
        if !tables.item(e) {
            return false;
        }
    }
    if s.from.is_empty() {
        // the commonest: the columns' tables are the FROM list
        for src in tables.sources() {
            froms.push(FromRef::of_source(src));
        }
        return true;
    }
    // which of the tables the listed joins hold, in one walk of each join
    let mut held = [false; 2];
    for f in &s.from {
        if let FromNode::Join(_) = f.0 {
            mark_held(f, &tables.addrs, &mut held);
        }
    }
    for (src, held) in tables.sources.iter().zip(held) {
        if let (Some(src), false) = (src, held) {
            froms.push(FromRef::of_source(src));
        }
    }
    for f in &s.from {
        // a table or alias met in the items, or held by a listed join
        let hidden = match f.leaf_addr() {
            Some(a) => {
                tables.has(a)
                    || s.from
                        .iter()
                        .any(|j| matches!(j.0, FromNode::Join(_)) && j.has_leaf(f))
            }
            None => false,
        };
        if !hidden {
            push_unique(froms, FromRef::of_item(f));
        }
    }
    true
}

/// Marks in `held` which of `addrs` (the tables met) are among the tables
/// and aliases of the join `f`. A side that is a table or an alias is
/// looked at without a call.
fn mark_held(f: &FromItem, addrs: &[usize; 2], held: &mut [bool; 2]) {
    let FromNode::Join(j) = &f.0 else {
        return;
    };
    for side in [&j.0.left, &j.0.right] {
        match side.leaf_addr() {
            Some(a) => {
                held[0] |= a == addrs[0];
                held[1] |= a == addrs[1];
            }
            None => mark_held(side, addrs, held),
        }
    }
}

/// Up to two tables met in a SELECT's items: their addresses (0 for an
/// empty slot) and the sources they were met as.
#[derive(Default)]
struct PlainTables<'s> {
    addrs: [usize; 2],
    sources: [Option<&'s Source>; 2],
}

impl<'s> PlainTables<'s> {
    /// Adds the tables of a plain item: a column, a comparison or LIKE of
    /// columns and values, or an AND or OR of those. False for any other
    /// item, an alias's column or a third table.
    #[inline(always)]
    fn item(&mut self, e: &'s Expr) -> bool {
        match &e.0 {
            // columns first: most SELECT-list items are one
            Node::Column(c) => self.source(c.source()),
            Node::Bool(b) => b.items.iter().all(|e| self.comparison(e)),
            _ => self.comparison(e),
        }
    }

    /// A comparison or LIKE of columns and values.
    #[inline(always)]
    fn comparison(&mut self, e: &'s Expr) -> bool {
        match &e.0 {
            Node::Binary(b) => self.operand(&b.left) && self.operand(&b.right),
            Node::Like(l) => self.operand(&l.expr) && self.operand(&l.pattern),
            Node::Column(c) => self.source(c.source()),
            _ => false,
        }
    }

    #[inline(always)]
    fn operand(&mut self, e: &'s Expr) -> bool {
        match &e.0 {
            Node::Column(c) => self.source(c.source()),
            Node::Value(_) | Node::Bind(_) => true,
            _ => false,
        }
    }

    #[inline(always)]
    fn source(&mut self, src: &'s Source) -> bool {
        let Source::Table(t) = src else {
            return false;
        };
        let addr = t.addr();
        let [a, b] = self.addrs;
        if addr == a || addr == b {
            true
        } else if a == 0 {
            (self.addrs[0], self.sources[0]) = (addr, Some(src));
            true
        } else if b == 0 {
            (self.addrs[1], self.sources[1]) = (addr, Some(src));
            true
        } else {
            false
        }
    }

    /// Whether the table of address `addr` was met.
    fn has(&self, addr: usize) -> bool {
        self.addrs.contains(&addr)
    }

    /// The tables met, in order.
    fn sources(&self) -> impl Iterator<Item = &'s Source> + '_ {
        self.sources.iter().flatten().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::plain_froms;
    use crate::prelude::*;
    use crate::stmt::froms::{FromList, FromRef};

    /// The FROM list `plain_froms` gives, by address, or `None` when it
    /// leaves the SELECT to the walk.
    fn plain(q: &Select) -> Option<Vec<usize>> {
        let mut froms = FromList::new();
        let done = plain_froms(&q.0, &mut froms);
        if !done {
            assert!(froms.is_empty(), "nothing listed when the walk is left to");
        }
        done.then(|| froms.iter().map(FromRef::addr).collect())
    }

    /// Which SELECTs are plain, and their lists (the same as the walk's:
    /// every compile in a debug build checks that).
    #[test]
    fn plain_selects_are_columns_comparisons_and_likes_of_two_tables() {
        let meta = MetaData::new();
        let t = |name| crate::schema::int_table(&meta, name, &["a", "b"]);
        let (x, y, z) = (t("x"), t("y"), t("z"));
        let of = |ts: &[&Table]| Some(ts.iter().map(|t| t.addr()).collect::<Vec<_>>());

        assert_eq!(plain(&select((x.c("a"), x.c("b")))), of(&[&x]));
        let q = select(x.c("a")).filter(y.c("a").eq(x.c("b")));
        assert_eq!(plain(&q), of(&[&x, &y]));
        let q = select(x.c("a")).filter(or_([x.c("b").eq(1), y.c("a").like("%z")]));
        assert_eq!(plain(&q), of(&[&x, &y]));
        // a join holding both tables is the whole list, once
        let j = select((x.c("a"), y.c("b")))
            .select_from(x.join_on(&y, x.c("a").eq(y.c("a"))))
            .select_from(&x);
        assert_eq!(plain(&j).map(|v| v.len()), Some(1));
        // a table the join does not hold comes first
        let j = select((z.c("a"), x.c("a"))).select_from(x.join_on(&y, x.c("a").eq(y.c("a"))));
        assert_eq!(plain(&j).map(|v| v[0]), Some(z.addr()));
        // anything else is the walk's: another kind of item, an alias's
        // column, a third table, an AND inside an OR
        assert_eq!(plain(&select(literal_column("1"))), None);
        assert_eq!(plain(&select(func::count_star())), None);
        assert_eq!(plain(&select(x.c("a")).filter(x.c("b").is_null())), None);
        assert_eq!(plain(&select(x.alias("xa").c("a"))), None);
        assert_eq!(plain(&select((x.c("a"), y.c("a"), z.c("a")))), None);
        let nested = select(x.c("a")).filter(or_([
            and_([x.c("b").eq(1), y.c("a").eq(2)]),
            y.c("b").eq(3),
        ]));
        assert_eq!(plain(&nested), None);
        assert_eq!(
            plain(&select(x.c("a")).filter(x.c("a").in_select(select(y.c("a"))))),
            None
        );
    }
}
