//! Walks over one query level: which FROM items a SELECT (or an UPDATE or
//! DELETE) needs, borrowed from the statement.

use crate::expr::{Expr, InItems, Node, Source};
use crate::schema::{Table, TableRef};
use crate::stmt::ctes::CteCollector;
use crate::stmt::from::FromNode;
use crate::stmt::plain_level::plain_froms;
use crate::stmt::{Alias, FromItem, Select, SelectInner};

/// One FROM item of a query level, borrowed from the statement being
/// compiled (no reference count taken).
#[derive(Clone)]
pub(crate) enum FromRef<'s> {
    Table(&'s Table),
    Alias(&'s Alias),
    /// A join (or an invalid item), as the statement holds it.
    Item(&'s FromItem),
    /// The table or alias of a column inside a custom expression (whose
    /// children are lent for a shorter time than the statement): owned.
    Owned(FromItem),
}

impl<'s> FromRef<'s> {
    /// The table or alias a column belongs to.
    pub(crate) fn of_source(s: &'s Source) -> Self {
        match s {
            Source::Table(t) => FromRef::Table(t),
            Source::Alias(a) => FromRef::Alias(a),
        }
    }

    /// An explicit FROM item.
    pub(crate) fn of_item(f: &'s FromItem) -> Self {
        match &f.0 {
            FromNode::Table(t) => FromRef::Table(t),
            FromNode::Alias(a) => FromRef::Alias(a),
            FromNode::Join(_) | FromNode::Invalid(_) => FromRef::Item(f),
        }
    }

    /// The address that tells this item apart ([`FromItem::addr`] of the same object).
    pub(crate) fn addr(&self) -> usize {
        match self {
            FromRef::Table(t) => t.addr(),
            FromRef::Alias(a) => a.addr(),
            FromRef::Item(f) => f.addr(),
            FromRef::Owned(f) => f.addr(),
        }
    }

    /// Whether this is a table or an alias (not a join).
    pub(crate) fn is_leaf(&self) -> bool {
        match self {
            FromRef::Table(_) | FromRef::Alias(_) => true,
            FromRef::Item(f) => f.leaf_addr().is_some(),
            FromRef::Owned(f) => f.leaf_addr().is_some(),
        }
    }

    /// The item, owned.
    pub(crate) fn into_item(self) -> FromItem {
        match self {
            FromRef::Table(t) => FromItem(FromNode::Table(TableRef::of(t))),
            FromRef::Alias(a) => FromItem(FromNode::Alias(a.clone())),
            FromRef::Item(f) => f.clone(),
            FromRef::Owned(f) => f,
        }
    }

    /// Adds the addresses of the tables and aliases this item is made of.
    pub(crate) fn add_leaves(&self, out: &mut Leaves) {
        match self {
            FromRef::Table(_) | FromRef::Alias(_) => out.push(self.addr()),
            FromRef::Item(f) => add_item_leaves(f, out),
            FromRef::Owned(f) => add_item_leaves(f, out),
        }
    }
}

/// Adds the addresses of the tables and aliases `f` is made of.
pub(crate) fn add_item_leaves(f: &FromItem, out: &mut Leaves) {
    match &f.0 {
        FromNode::Table(t) => out.push(t.addr()),
        FromNode::Alias(a) => out.push(a.addr()),
        FromNode::Join(j) => {
            add_item_leaves(&j.0.left, out);
            add_item_leaves(&j.0.right, out);
        }
        FromNode::Invalid(_) => {}
    }
}

pub(crate) use crate::stmt::from_list::FromList;

/// FROM items owned (for the DML compilers and the builder).
pub(crate) type FromItems = smallvec::SmallVec<[FromItem; 4]>;

/// Calls `f` on each direct sub-expression of `e` that belongs to the same
/// query level (not into subqueries). In line: its one caller, the CTE
/// walk, meets functions, labels and windows on every statement that has
/// them, and a call here costs more than the walk of their children.
#[inline]
pub(crate) fn for_each_child(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    match &e.0 {
        Node::Custom(c) => c.for_each_child(f),
        _ => for_each_plain_child(e, f),
    }
}

/// [`for_each_child`] for every node but a custom expression (whose
/// children are lent for the call only): the children are borrowed for as
/// long as `e` is.
#[inline]
fn for_each_plain_child<'e>(e: &'e Expr, mut f: impl FnMut(&'e Expr)) {
    match &e.0 {
        Node::Unary(u) => f(&u.operand),
        Node::Binary(b) => {
            f(&b.left);
            f(&b.right);
        }
        Node::Bool(b) => b.items.iter().for_each(&mut f),
        Node::Func(func) => {
            func.args.iter().for_each(&mut f);
            if let Some(flt) = &func.filter {
                f(flt);
            }
        }
        Node::Cast(c) => f(&c.expr),
        Node::Case(c) => {
            if let Some(v) = &c.value {
                f(v);
            }
            for (w, t) in &c.whens {
                f(w);
                f(t);
            }
            if let Some(e) = &c.else_ {
                f(e);
            }
        }
        Node::Label(l) => f(&l.expr),
        Node::Over(o) => {
            f(&o.func);
            o.window.partition_by.iter().for_each(&mut f);
            o.window.order_by.iter().for_each(&mut f);
        }
        Node::Like(l) => {
            f(&l.expr);
            f(&l.pattern);
        }
        Node::In(i) => {
            f(&i.expr);
            if let InItems::List(v) = &i.items {
                v.iter().for_each(&mut f);
            }
        }
        Node::Between(b) => {
            f(&b.expr);
            f(&b.low);
            f(&b.high);
        }
        Node::Tuple(t) => t.iter().for_each(&mut f),
        Node::Collate(c) => f(&c.expr),
        Node::Grouping(g) | Node::Distinct(g) => f(g),
        Node::Ordering(o) => f(&o.expr),
        Node::Column(_)
        | Node::Value(_)
        | Node::Bind(_)
        | Node::Null
        | Node::True
        | Node::False
        | Node::Literal(_)
        | Node::Star
        | Node::ScalarSelect(_)
        | Node::Exists(_)
        | Node::Text(_)
        | Node::Excluded(_)
        | Node::Invalid(_)
        | Node::Custom(_) => {}
    }
}

/// Adds an explicit FROM item unless the list has it already (in line:
/// the SELECT's walk took it out of line when a second caller came).
#[inline(always)]
pub(crate) fn push_unique<'s>(out: &mut FromList<'s>, item: FromRef<'s>) {
    if out.is_empty() || !out.has_addr(item.addr()) {
        out.push(item);
    }
}

/// The FROM items an expression's columns belong to (same query level),
/// added to `out` unless there already.
pub(crate) fn collect_expr_froms(e: &Expr, out: &mut FromItems) {
    let mut walk = LevelWalk::new(Leaves::new(), None);
    let mut found = FromList::new();
    walk.collect(e, &mut found);
    for f in found {
        let addr = f.addr();
        if !out.iter().any(|o| o.addr() == addr) {
            out.push(f.into_item());
        }
    }
}

/// Fills the empty `froms` with `first`, then the FROM items the columns
/// of `collected` and then of `rest` belong to (one query level: an
/// UPDATE's or a DELETE's target, the other tables its criteria refer to,
/// then those of its SET values, as SQLAlchemy lists them). The CTEs
/// `collected` reaches are added to `ctes` on the way, in the order met,
/// so that the criteria are walked once for both; `rest`'s are the
/// caller's to collect (an UPDATE's SET values come before its criteria in
/// the WITH clause).
pub(crate) fn level_froms<'e>(
    first: FromRef<'e>,
    collected: impl Iterator<Item = &'e Expr>,
    rest: impl Iterator<Item = &'e Expr>,
    ctes: &mut CteCollector,
    froms: &mut FromList<'e>,
) {
    let mut known = Leaves::new();
    let addr = first.addr();
    known.push(addr);
    froms.push(first);
    let mut walk = LevelWalk::new(known, Some(ctes));
    // the target's columns, the commonest, are passed over at once
    walk.last = addr;
    for e in collected {
        walk.operand(e, froms);
    }
    walk.ctes = None;
    for e in rest {
        walk.operand(e, froms);
    }
}

/// Adds to a level's `froms` the FROM items the columns of `exprs` belong
/// to that it does not list yet, owned (`exprs` live for less time than
/// the statement: an UPDATE's ON UPDATE defaults).
pub(crate) fn add_owned_froms<'x>(exprs: impl Iterator<Item = &'x Expr>, froms: &mut FromList<'_>) {
    let mut found = FromItems::new();
    for e in exprs {
        collect_expr_froms(e, &mut found);
    }
    for f in found {
        // not `push_unique`: a second caller takes it out of line from
        // the SELECT's FROM walk
        if !froms.has_addr(f.addr()) {
            froms.push(FromRef::Owned(f));
        }
    }
}

/// Addresses of tables and aliases (the leaves of FROM items): most lists
/// have a few, held inline.
pub(crate) type Leaves = smallvec::SmallVec<[usize; 8]>;

/// A walk of one query level's expressions for the FROM items their
/// columns belong to (and, for the statement's own SELECT, the CTEs they
/// reach, in the order [`CteCollector::select`] meets them: one walk does
/// both).
struct LevelWalk<'c> {
    /// The addresses of the sources met: the leaves of the listed joins
    /// (left out), then those of the FROM items listed.
    known: Leaves,
    /// Where the CTEs reached through aliases' columns and subqueries go.
    ctes: Option<&'c mut CteCollector>,
    /// The address of the last column's source (0 before the first):
    /// columns come in runs of one table, and a source met just before is
    /// in the list or left out already, its CTEs collected.
    last: usize,
}

impl<'c> LevelWalk<'c> {
    /// A walk that leaves out the sources of `known` (the leaves of the
    /// listed joins, and any item listed already).
    fn new(known: Leaves, ctes: Option<&'c mut CteCollector>) -> Self {
        LevelWalk {
            known,
            ctes,
            last: 0,
        }
    }

    /// The commonest nodes here (a small frame for the recursion), an
    /// operator's operands that are columns or values without recursing;
    /// the others in [`collect_other`](Self::collect_other).
    fn collect<'s>(&mut self, e: &'s Expr, out: &mut FromList<'s>) {
        match &e.0 {
            Node::Column(c) => self.source(c.source(), out),
            // the commonest nodes, without the closure of `for_each_child`
            Node::Value(_) | Node::Bind(_) => {}
            Node::Binary(b) => {
                self.operand(&b.left, out);
                self.operand(&b.right, out);
            }
            Node::Like(l) => {
                self.operand(&l.expr, out);
                self.operand(&l.pattern, out);
            }
            _ => self.collect_other(e, out),
        }
    }

    /// An operand of an operator, or an item of a level's lists: a column
    /// or a value handled in place.
    #[inline(always)]
    fn operand<'s>(&mut self, e: &'s Expr, out: &mut FromList<'s>) {
        match &e.0 {
            Node::Column(c) => self.source(c.source(), out),
            Node::Value(_) | Node::Bind(_) => {}
            _ => self.collect(e, out),
        }
    }

    /// An item of the level's lists (a SELECT-list item, a criterion): a
    /// comparison of columns and values (a criterion's usual form) is
    /// walked here, without the call to [`collect`](Self::collect). (A
    /// LIKE too made the loop larger: S1's compile +9 instructions for
    /// S2's −7.)
    #[inline(always)]
    fn item<'s>(&mut self, e: &'s Expr, out: &mut FromList<'s>) {
        match &e.0 {
            Node::Binary(b) => {
                self.operand(&b.left, out);
                self.operand(&b.right, out);
            }
            _ => self.operand(e, out),
        }
    }

    /// A column's source: listed unless met already or part of a listed
    /// join, its CTEs collected.
    #[inline(always)]
    fn source<'s>(&mut self, src: &'s Source, out: &mut FromList<'s>) {
        let addr = src.addr();
        if addr == self.last {
            return;
        }
        self.last = addr;
        if let (Source::Alias(a), Some(ctes)) = (src, self.ctes.as_deref_mut()) {
            ctes.alias(a);
        }
        if !self.known.contains(&addr) {
            self.known.push(addr);
            out.push_with(|| FromRef::of_source(src));
        }
    }

    #[inline(never)]
    fn collect_other<'s>(&mut self, e: &'s Expr, out: &mut FromList<'s>) {
        match &e.0 {
            // a subquery is a level of its own: only its CTEs matter here
            Node::ScalarSelect(s) => self.subquery(s),
            Node::Exists(x) => self.subquery(&x.select),
            Node::In(i) => {
                self.collect(&i.expr, out);
                match &i.items {
                    InItems::List(v) => v.iter().for_each(|e| self.collect(e, out)),
                    InItems::Select(s) => self.subquery(s),
                }
            }
            Node::Custom(c) => {
                if let Some(ctes) = self.ctes.as_deref_mut() {
                    // it may render a query of its own
                    ctes.nested = true;
                }
                // its children are lent for the call only: their tables are owned
                let mut found = FromItems::new();
                c.for_each_child(&mut |child| {
                    let mut walk = LevelWalk::new(self.known.clone(), self.ctes.as_deref_mut());
                    let mut inner = FromList::new();
                    walk.collect(child, &mut inner);
                    found.extend(inner.into_iter().map(FromRef::into_item));
                });
                for f in found {
                    let addr = f.addr();
                    if !self.known.contains(&addr) {
                        self.known.push(addr);
                        out.push(FromRef::Owned(f));
                    }
                }
            }
            _ => for_each_plain_child(e, &mut |child| self.collect(child, out)),
        }
    }

    fn subquery(&mut self, s: &Select) {
        if let Some(ctes) = self.ctes.as_deref_mut() {
            ctes.select(s);
        }
    }
}

/// A SELECT's FROM list before correlation, as SQLAlchemy computes it: the
/// tables of the columns, then of the WHERE criteria, then the explicit
/// FROM items; duplicates dropped, and tables that are part of a listed
/// join hidden.
///
/// `froms` is empty when given, and filled in place (see [`FromList`]).
pub(crate) fn select_froms<'s>(s: &'s SelectInner, froms: &mut FromList<'s>) {
    select_froms_collecting(s, None, froms)
}

/// [`select_froms`], adding to `ctes` the CTEs the columns and criteria
/// reach (the rest of the SELECT is [`CteCollector::select_after_froms`]'s).
pub(crate) fn select_froms_collecting<'s>(
    s: &'s SelectInner,
    ctes: Option<&mut CteCollector>,
    froms: &mut FromList<'s>,
) {
    // the commonest SELECT: its tables found by one look at each item
    if plain_froms(s, froms) {
        #[cfg(debug_assertions)]
        check_plain_froms(s, froms);
        return;
    }
    walked_froms(s, ctes, froms);
}

/// [`select_froms_collecting`] by walking the SELECT list and criteria.
#[inline]
fn walked_froms<'s>(s: &'s SelectInner, ctes: Option<&mut CteCollector>, froms: &mut FromList<'s>) {
    // Tables that are part of a listed join are not listed again: they are
    // left out as they are met (not added, then removed). The walk's list
    // is filled and read in place, not moved (see `FromList`).
    let mut walk = LevelWalk::new(Leaves::new(), ctes);
    for f in &s.from {
        if let FromNode::Join(_) = f.0 {
            add_item_leaves(f, &mut walk.known);
        }
    }
    for e in s.level_items() {
        // a column (most SELECT-list items) or a comparison (most
        // criteria) without a call
        walk.item(e, froms);
    }
    // a table or alias listed already, or part of a listed join, is not
    // listed again
    let known = &walk.known;
    for f in &s.from {
        let hidden = f.leaf_addr().is_some_and(|a| known.contains(&a));
        if !hidden {
            push_unique(froms, FromRef::of_item(f));
        }
    }
}

/// In debug builds, every FROM list [`plain_froms`] makes is checked
/// against the walk's (which must also find no CTE).
#[cfg(debug_assertions)]
fn check_plain_froms(s: &SelectInner, listed: &FromList<'_>) {
    let mut ctes = CteCollector::new();
    let mut walked = FromList::new();
    walked_froms(s, Some(&mut ctes), &mut walked);
    let addrs = |l: &FromList<'_>| l.iter().map(FromRef::addr).collect::<Vec<_>>();
    assert_eq!(addrs(listed), addrs(&walked), "a plain SELECT's FROM list");
    assert!(
        ctes.ctes.is_empty() && !ctes.nested,
        "a plain SELECT's CTEs"
    );
}

#[cfg(test)]
mod tests {
    use super::{
        CteCollector, FromItems, FromList, collect_expr_froms, select_froms,
        select_froms_collecting,
    };
    use crate::prelude::*;
    use crate::stmt::from::FromNode;

    /// The FROM list as first written: every table collected, then the
    /// ones a listed join stands for removed.
    fn collect_then_hide(s: &Select) -> FromItems {
        let s = &s.0;
        let mut froms = FromItems::new();
        for e in s.level_items() {
            collect_expr_froms(e, &mut froms);
        }
        for f in &s.from {
            if !froms.iter().any(|x| x.is(f)) {
                froms.push(f.clone());
            }
        }
        let is_join = |f: &FromItem| matches!(f.0, FromNode::Join(_));
        let mut i = froms.len();
        while i > 0 {
            i -= 1;
            if !is_join(&froms[i]) && froms.iter().any(|j| is_join(j) && j.has_leaf(&froms[i])) {
                froms.remove(i);
            }
        }
        froms
    }

    /// `users(id, name)` in `meta`.
    fn users(meta: &MetaData) -> Table {
        meta.table("users")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("name", Type::Text))
            .build()
            .expect("users")
    }

    /// Tables a listed join stands for are left out as they are met, which
    /// gives the list (and its order) that collecting them and removing
    /// them afterwards gave.
    #[test]
    fn tables_of_a_listed_join_are_left_out_as_before() {
        let meta = MetaData::new();
        let users = users(&meta);
        let addresses = meta
            .table("addresses")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("user_id", Type::Integer).foreign_key("users.id"))
            .build()
            .expect("addresses");
        let other = crate::schema::int_table(&meta, "other", &["x"]);
        let a = addresses.alias("a");
        let selects = [
            select((users.c("name"), addresses.c("id"))).select_from(users.join(&addresses)),
            select((other.c("x"), users.c("name"))).select_from(users.join(&addresses)),
            select(users.c("name"))
                .select_from(&users)
                .select_from(users.join(&addresses)),
            select(users.c("name"))
                .filter(other.c("x").eq(1))
                .select_from(users.outerjoin(&a)),
            select((a.c("id"), other.c("x"))).select_from(users.join(&a)),
            select((users.c("name"), other.c("x"))).select_from(&other),
            select(users.c("name")),
            // runs of columns of one table, hidden by a join or not
            select((
                users.c("name"),
                users.c("id"),
                addresses.c("id"),
                addresses.c("user_id"),
                other.c("x"),
                other.c("x"),
                users.c("id"),
            ))
            .filter(other.c("x").eq(users.c("id")))
            .select_from(users.join(&addresses)),
            select((a.c("id"), a.c("user_id"), other.c("x"), a.c("id")))
                .filter(a.c("id").eq(other.c("x"))),
        ];
        for s in &selects {
            let mut new = FromList::new();
            select_froms(&s.0, &mut new);
            let old = collect_then_hide(s);
            assert_eq!(new.len(), old.len(), "{s:?}");
            assert!(
                new.iter().zip(&old).all(|(n, o)| n.addr() == o.addr()),
                "{s:?}"
            );
        }
    }

    /// The CTEs the FROM walk of a SELECT's columns and criteria finds,
    /// followed by those of the rest of it, are the CTEs (in the order)
    /// the whole CTE walk finds.
    #[test]
    fn the_from_walk_finds_the_ctes_in_the_order_of_the_cte_walk() {
        let meta = MetaData::new();
        let users = users(&meta);
        let counts = select((users.c("id"), func::count_star().label("n")))
            .group_by([users.c("id")])
            .cte("counts");
        let names = select(users.c("name")).cte("names");
        let in_counts = select(counts.c("id"));
        let cases = [
            (select(users.c("name")).filter(users.c("id").eq(1)), false),
            // reached through ORDER BY, which the FROM walk does not visit
            (select(users.c("name")).order_by([counts.c("n")]), true),
            (
                select(users.c("name"))
                    .select_from(users.join_on(&counts, counts.c("id").eq(users.c("id")))),
                true,
            ),
            (select((counts.c("n"), names.c("name"))), true),
            (
                select(users.c("name")).filter(users.c("id").in_select(in_counts.clone())),
                true,
            ),
            (
                select(users.c("name")).filter(exists(in_counts.clone())),
                true,
            ),
            (
                select((users.c("name"), in_counts.clone().scalar_subquery())),
                true,
            ),
            (
                select(users.c("name")).filter(
                    users
                        .c("id")
                        .eq(1)
                        .and(users.c("id").in_select(in_counts.clone())),
                ),
                true,
            ),
            // runs of columns of one CTE, and of a subquery that reaches one
            (
                select((
                    counts.c("n"),
                    counts.c("id"),
                    names.c("name"),
                    names.c("name"),
                ))
                .filter(counts.c("id").eq(counts.c("n"))),
                true,
            ),
            (
                {
                    let sub = select((counts.c("n"), counts.c("id"))).subquery("sub");
                    select((sub.c("n"), sub.c("id"), users.c("name"), sub.c("n")))
                },
                true,
            ),
            (
                select((
                    names.c("name"),
                    func::coalesce([in_counts.scalar_subquery()]),
                ))
                .filter(names.c("name").like("a%"))
                .order_by([counts.c("n")]),
                true,
            ),
        ];
        for (s, has_ctes) in &cases {
            let mut whole = CteCollector::new();
            whole.select(s);
            let mut walked = CteCollector::new();
            select_froms_collecting(&s.0, Some(&mut walked), &mut FromList::new());
            walked.select_after_froms(s);
            let names =
                |c: &CteCollector| c.ctes.iter().map(|a| a.name().cloned()).collect::<Vec<_>>();
            assert_eq!(names(&walked), names(&whole), "{s:?}");
            assert_eq!(!whole.ctes.is_empty(), *has_ctes, "{s:?}");
        }
    }
}
