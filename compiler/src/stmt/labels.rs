//! Result-column labels of a SELECT list, following SQLAlchemy's rules.
//!
//! - A plain column keeps its name; a repeated name gets `name_1`, `name_2`.
//! - An explicit label is used as is.
//! - `CAST(col AS ...)` is labeled with the column's name (repeats `name__1`).
//! - A function call is labeled `<name>_N`, anything else `anon_N`.
//! - Inside a subquery or CTE every column is labeled with its name so the
//!   enclosing query can refer to it.

use std::borrow::Cow;
use std::sync::Arc;

use crate::dialect::{next_number, numbered};
use crate::expr::{ColumnRef, Expr, Node, Source};
use crate::ident::{Ident, IdentRef, Name};

/// How one SELECT-list item is labeled. Names are borrowed from the
/// statement where they can be (only a top-level SELECT keeps them, as its
/// result columns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ColLabel<'e> {
    /// Rendered without `AS`; its result name is the given one (or none for text).
    Bare(Option<&'e Arc<str>>),
    /// Rendered `AS name`.
    As(Cow<'e, Ident>),
    /// Rendered `AS <base>_N` with `N` from the statement-wide counter.
    Anon(Cow<'e, Name>),
}

/// What kind of anonymous label an expression gets, if it is not a column.
pub(crate) fn anon_base(e: &Expr) -> Option<Cow<'_, Name>> {
    match &e.0 {
        Node::Column(_) | Node::Label(_) | Node::Literal(_) | Node::Star | Node::Text(_) => None,
        Node::Cast(c) => c.expr.key().map(|k| Cow::Owned(Name::Held(k))),
        Node::Func(f) if f.filter.is_none() => Some(Cow::Borrowed(&f.name)),
        Node::Custom(c) => Some(Cow::Owned(Name::Held(Arc::from(c.label_base())))),
        _ => Some(Cow::Borrowed(&ANON)),
    }
}

/// Labels a SELECT list item by item (the compiler labels while it renders,
/// without collecting the labels first).
pub(crate) struct Labeler<'e> {
    /// Names taken so far, borrowed from the SELECT list.
    used: Used<'e>,
    /// Names made up to tell repeated names apart (`name_1`).
    made: Vec<Arc<str>>,
    all: bool,
}

impl<'e> Labeler<'e> {
    /// A labeler for a list of `n` items; `all` asks for the subquery style
    /// (every item named; anonymous items keep `Anon` so the compiler numbers
    /// them).
    pub(crate) fn new(n: usize, all: bool) -> Labeler<'e> {
        Labeler {
            used: Used::new(n),
            made: Vec::new(),
            all,
        }
    }

    #[inline]
    fn taken(&self, name: &str) -> bool {
        self.used.contains(name) || self.made.iter().any(|m| &**m == name)
    }

    /// `None` when `name` is free (it is taken now), else a fresh
    /// `name<sep>1`, `name<sep>2`, ...
    #[inline]
    fn claim(&mut self, name: &'e Arc<str>, sep: &str) -> Option<Arc<str>> {
        if !self.taken(name) {
            self.used.insert(name);
            return None;
        }
        self.fresh(name, sep)
    }

    /// A made-up `name<sep>N` for a name already taken.
    #[inline(never)]
    fn fresh(&mut self, name: &'e Arc<str>, sep: &str) -> Option<Arc<str>> {
        let fresh = (1..)
            .map(|i| format!("{name}{sep}{i}"))
            .find(|cand| !self.taken(cand))
            .map_or_else(|| name.clone(), Arc::from);
        self.made.push(fresh.clone());
        Some(fresh)
    }

    /// The next item's label.
    pub(crate) fn label(&mut self, e: &'e Expr) -> ColLabel<'e> {
        match &e.0 {
            Node::Label(l) => {
                self.used.insert(l.name.as_arc());
                ColLabel::As(Cow::Borrowed(&l.name))
            }
            Node::Column(c) => {
                let name = c.name();
                match self.claim(name.as_arc(), "_") {
                    Some(fresh) => ColLabel::As(Cow::Owned(Ident::from_arc(fresh))),
                    None if self.all => ColLabel::As(Cow::Borrowed(name)),
                    None => ColLabel::Bare(Some(name.as_arc())),
                }
            }
            Node::Cast(c) if c.expr.as_column().is_some() => {
                match c.expr.as_column().map(|col| col.name()) {
                    Some(name) => ColLabel::As(
                        self.claim(name.as_arc(), "__")
                            .map_or(Cow::Borrowed(name), |fresh| {
                                Cow::Owned(Ident::from_arc(fresh))
                            }),
                    ),
                    None => ColLabel::Anon(Cow::Borrowed(&ANON)),
                }
            }
            Node::Literal(s) => {
                self.used.insert(s);
                ColLabel::Bare(Some(s))
            }
            Node::Star | Node::Text(_) => ColLabel::Bare(None),
            _ => ColLabel::Anon(anon_base(e).unwrap_or(Cow::Borrowed(&ANON))),
        }
    }
}

/// Whether the labeler leaves an item bare in every list (a literal
/// column, `*`, text): every other item of a subquery's list is labeled.
pub(crate) fn always_bare(e: &Expr) -> bool {
    matches!(e.0, Node::Literal(_) | Node::Star | Node::Text(_))
}

/// Whether every item of a short list is a column (of a table or an
/// alias) and no two share a name: the labeler would then label each one
/// bare, by its own name, and the list needs no labeler at all.
pub(crate) fn plain_distinct_columns(columns: &[Expr]) -> bool {
    match positions_in_one_table(columns) {
        Some(distinct) => distinct,
        None => plain_distinct_names(columns),
    }
}

/// [`plain_distinct_columns`] told by the names alone, for a caller that
/// has looked at the positions already.
pub(crate) fn plain_distinct_names(columns: &[Expr]) -> bool {
    distinct_own_names(columns, |e| match &e.0 {
        Node::Column(c) => Some(c.name()),
        _ => None,
    })
}

/// For a list of columns of one table (S1's, S6's), whether no two share
/// a name, told by their positions: a table's column names are unique, so
/// two of its columns share a name only when they are the same column.
/// No name is read. `None` for any other list (the names decide).
#[inline(always)]
fn positions_in_one_table(columns: &[Expr]) -> Option<bool> {
    if columns.len() > INLINE {
        return long_positions_in_one_table(columns);
    }
    let (first, _) = table_position(columns.first()?)?;
    let mut positions = [0u32; INLINE];
    for (i, e) in columns.iter().enumerate() {
        let (addr, idx) = table_position(e)?;
        if addr != first {
            return None;
        }
        if positions[..i].contains(&idx) {
            return Some(false);
        }
        positions[i] = idx;
    }
    Some(true)
}

/// [`positions_in_one_table`] for a long list (S6's), a bit per position
/// instead of a list of them (without it, a long list went through the
/// labeler's set of names: a third of S6's compile). `None` too for a list
/// reaching past a table's first [`POSITIONS`] columns.
#[inline(never)]
fn long_positions_in_one_table(columns: &[Expr]) -> Option<bool> {
    let (first, _) = table_position(columns.first()?)?;
    let mut seen = [0u64; POSITIONS / 64];
    for e in columns {
        let (addr, idx) = table_position(e)?;
        if addr != first {
            return None;
        }
        let word = seen.get_mut(idx as usize / 64)?;
        let bit = 1u64 << (idx % 64);
        if *word & bit != 0 {
            return Some(false);
        }
        *word |= bit;
    }
    Some(true)
}

/// A table's column: the table's address and the column's position.
#[inline(always)]
fn table_position(e: &Expr) -> Option<(usize, u32)> {
    match &e.0 {
        Node::Column(c) => match c.source() {
            Source::Table(t) => Some((t.addr(), c.idx)),
            Source::Alias(_) => None,
        },
        _ => None,
    }
}

/// How many of a table's first columns [`long_positions_in_one_table`]
/// tells apart (a bit each, on the stack).
const POSITIONS: usize = 1024;

/// Whether the list is short, `own` names every item, and no two names
/// are the same.
#[inline(always)]
fn distinct_own_names<'e>(
    columns: &'e [Expr],
    own: impl Fn(&'e Expr) -> Option<&'e Ident>,
) -> bool {
    if columns.len() > INLINE {
        return false;
    }
    let mut names = [""; INLINE];
    for (i, e) in columns.iter().enumerate() {
        let Some(name) = own(e) else {
            return false;
        };
        let name = name.as_str();
        // compared by hand: through `contains`, LLVM kept this loop rolled
        // in some builds and wrote the whole array first (+67 instructions
        // for three columns); written so, it unrolls it (measured)
        for prev in &names[..i] {
            if prev.len() == name.len() && prev.as_bytes() == name.as_bytes() {
                return false;
            }
        }
        names[i] = name;
    }
    true
}

/// The base of anonymous labels and aliases (spelled here: copied, not
/// counted).
pub(crate) static ANON: Name = Name::Static("anon");

/// The names of a long SELECT list. foldhash, seeded at random per set, is
/// several times quicker than std's SipHash on short names (a fifth of
/// the compile time of a 100-column SELECT went to SipHash) and still keeps
/// names chosen to collide from making labeling quadratic.
type NameSet<'e> = std::collections::HashSet<&'e str, foldhash::fast::RandomState>;

/// How many names are kept inline (no allocation) before spilling to a set.
const INLINE: usize = 8;

/// The names used so far: a few kept inline and scanned linearly, then a
/// hash set for long SELECT lists (so labeling stays linear in the number
/// of columns).
///
/// A struct, not an enum of the array or the set: a labeler is made on
/// the stack and moved into place, and an enum's variant was built in a
/// temporary and copied whole with `memcpy`, whose wide loads waited on
/// the array's word-by-word stores.
struct Used<'e> {
    /// The first `len` names (all of them until `many` is made).
    few: [&'e str; INLINE],
    len: usize,
    /// Every name, once there are more than `INLINE`.
    many: Option<NameSet<'e>>,
    /// The list's length: the set's first capacity.
    n: usize,
}

impl<'e> Used<'e> {
    #[inline]
    fn new(n: usize) -> Used<'e> {
        Used {
            few: [""; INLINE],
            len: 0,
            many: None,
            n,
        }
    }

    /// The names kept inline.
    #[inline]
    fn few(&self) -> &[&'e str] {
        &self.few[..self.len.min(INLINE)]
    }

    #[inline]
    fn contains(&self, name: &str) -> bool {
        match &self.many {
            None => self.few().contains(&name),
            Some(s) => s.contains(name),
        }
    }

    #[inline]
    fn insert(&mut self, name: &'e str) {
        match self.few.get_mut(self.len) {
            Some(slot) if self.many.is_none() => {
                *slot = name;
                self.len += 1;
            }
            _ => self.insert_in_set(name),
        }
    }

    /// [`insert`](Self::insert) into the set, moving the inline names
    /// into one first.
    #[inline(never)]
    fn insert_in_set(&mut self, name: &'e str) {
        if self.many.is_none() {
            let mut set =
                NameSet::with_capacity_and_hasher(self.n.max(INLINE + 1), Default::default());
            set.extend(self.few().iter().copied());
            self.many = Some(set);
        }
        if let Some(set) = &mut self.many {
            set.insert(name);
        }
    }
}

/// The names a subquery exports when every item of a short list is a
/// column or a label and no two share a name (most subqueries and CTEs):
/// each item's own name, which is what [`exported_names`] gives such a
/// list, without a labeler. `None` for any other list.
pub(crate) fn plain_exported_names(
    columns: &[Expr],
) -> Option<impl Iterator<Item = IdentRef> + '_> {
    // every item has a name of its own (checked first)
    distinct_own_names(columns, own_ident).then(|| columns.iter().filter_map(plain_name))
}

/// The name a column or a label gives itself (`None` for any other item).
fn own_ident(e: &Expr) -> Option<&Ident> {
    match &e.0 {
        Node::Column(c) => Some(c.name()),
        Node::Label(l) => Some(&l.name),
        _ => None,
    }
}

/// [`own_ident`] as a subquery keeps it: a pinned table's column's name
/// referred to, any other held (the labeler's path tells a pinned
/// column's own name from a name made up for it; here every name is the
/// item's own).
fn plain_name(e: &Expr) -> Option<IdentRef> {
    match &e.0 {
        Node::Column(c) => Some(match c.pinned_name() {
            Some(p) => IdentRef::Static(p),
            None => IdentRef::Held(c.name().clone()),
        }),
        Node::Label(l) => Some(IdentRef::Held(l.name.clone())),
        _ => None,
    }
}

/// The names a subquery exports: labels with anonymous items numbered
/// locally (`count_1`, `anon_1`, ...), as the subquery's body renders them.
pub(crate) fn exported_names(columns: &[Expr]) -> impl Iterator<Item = IdentRef> + '_ {
    let mut counters: Vec<(Name, u32)> = Vec::new();
    let mut labeler = Labeler::new(columns.len(), true);
    columns.iter().map(move |e| match labeler.label(e) {
        // a pinned table's column under its own name: referred to
        ColLabel::As(Cow::Borrowed(n)) => match e.as_column().and_then(ColumnRef::pinned_name) {
            Some(p) if std::ptr::eq(p, n) => IdentRef::Static(p),
            _ => IdentRef::Held(n.clone()),
        },
        ColLabel::As(n) => IdentRef::Held(n.into_owned()),
        ColLabel::Bare(Some(n)) => IdentRef::Held(Ident::from_arc(n.clone())),
        ColLabel::Bare(None) => IdentRef::Held(Ident::new("*")),
        ColLabel::Anon(base) => {
            let n = next_number(&mut counters, &base, Vec::push);
            IdentRef::Held(Ident::from_arc(numbered(&base, n)))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{ColLabel, INLINE, Labeler};
    use crate::prelude::*;

    /// The labels of a list, as text (`=name` bare, `name` with AS).
    fn labels(columns: &[Expr]) -> Vec<String> {
        let mut l = Labeler::new(columns.len(), false);
        columns
            .iter()
            .map(|e| match l.label(e) {
                ColLabel::Bare(n) => format!("={}", n.map_or("", |n| n)),
                ColLabel::As(n) => n.as_str().to_owned(),
                ColLabel::Anon(b) => format!("{b}_?"),
            })
            .collect()
    }

    /// The lists the compiler writes without a labeler are exactly those
    /// the labeler would label all bare.
    #[test]
    fn plain_lists_are_the_ones_labeled_bare() {
        let meta = MetaData::new();
        let t = crate::schema::int_table(&meta, "t", &["a", "b"]);
        let u = crate::schema::int_table(&meta, "u", &["a", "a_1"]);
        let s = select(t.c("a")).subquery("s");
        let many: Vec<Expr> = (0..=INLINE).map(|_| t.c("a")).collect();
        // a wide table: long lists of its columns are told by position,
        // past the first word of positions too
        let names: Vec<String> = (0..70).map(|i| format!("c{i}")).collect();
        let wide = crate::schema::int_table(
            &meta,
            "w",
            &names.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let all_wide: Vec<Expr> = names.iter().map(|n| wide.c(n)).collect();
        let mut repeated = all_wide.clone();
        repeated.push(wide.c("c65"));
        let lists: Vec<(Vec<Expr>, bool)> = vec![
            (all_wide, true),
            (repeated, false),
            (vec![t.c("a"), t.c("b")], true),
            (vec![t.c("b")], true),
            (vec![t.c("a"), t.c("b"), t.c("a")], false),
            (vec![t.c("b"), t.c("b"), u.c("a")], false),
            (vec![t.c("a"), t.c("b"), u.c("a_1")], true),
            (vec![t.c("a"), u.c("a_1"), s.c("a").label("x")], false),
            (vec![t.c("a"), s.c("a")], false),
            (vec![s.c("a"), t.c("b"), u.c("a_1")], true),
            (vec![t.c("a"), u.c("a")], false),
            (vec![t.c("a"), func::count_star()], false),
            (vec![t.c("a").label("b"), t.c("b")], false),
            (many, false),
        ];
        for (list, plain) in lists {
            assert_eq!(super::plain_distinct_columns(&list), plain, "{list:?}");
            let all_bare = labels(&list).iter().all(|l| l.starts_with('='));
            if plain {
                assert!(all_bare, "{list:?}");
            }
        }
    }

    /// The names exported without a labeler are exactly those the
    /// labeler gives, held or referred to alike; the other lists have
    /// none.
    #[test]
    fn plain_exported_names_are_the_labelers() {
        use crate::ident::IdentRef;
        let meta = MetaData::new();
        let t = crate::schema::int_table(&meta, "t", &["a", "b"]);
        let pinned = crate::schema::int_table(&meta, "p", &["a", "c"]).leak();
        let s = select(t.c("a")).subquery("s");
        let many: Vec<Expr> = (0..=INLINE)
            .map(|i| t.c("a").label(&format!("l{i}")))
            .collect();
        let lists: Vec<(Vec<Expr>, bool)> = vec![
            (vec![t.c("a"), t.c("b")], true),
            (vec![pinned.c("a"), t.c("b"), pinned.c("c")], true),
            (
                vec![t.c("a"), func::count_star().label("n"), s.c("a").label("x")],
                true,
            ),
            (vec![s.c("a"), pinned.c("c").label("a_1")], true),
            (vec![t.c("a"), pinned.c("a")], false),
            (vec![t.c("a").label("b"), t.c("b")], false),
            (vec![t.c("b"), t.c("a").label("b")], false),
            (vec![t.c("a"), func::count_star()], false),
            (vec![literal_column("x")], false),
            (many, false),
        ];
        let described = |names: Vec<IdentRef>| -> Vec<String> {
            names
                .iter()
                .map(|n| match n {
                    IdentRef::Static(i) => format!("static {i}"),
                    IdentRef::Held(i) => format!("held {i}"),
                })
                .collect()
        };
        for (list, plain) in lists {
            let labeled = described(super::exported_names(&list).collect());
            match super::plain_exported_names(&list) {
                Some(names) => {
                    assert!(plain, "{list:?}");
                    assert_eq!(described(names.collect()), labeled, "{list:?}");
                }
                None => assert!(!plain, "{list:?}"),
            }
        }
    }

    /// The items left bare in a subquery's list are exactly those
    /// `always_bare` names (an alias's body is written by it, with the
    /// names the labeler gave when the alias was made).
    #[test]
    fn always_bare_items_are_the_ones_a_subquery_leaves_bare() {
        let meta = MetaData::new();
        let t = crate::schema::int_table(&meta, "t", &["a", "b"]);
        let s = select(t.c("a")).subquery("s");
        let items: Vec<Expr> = vec![
            t.c("a"),
            t.c("a"),
            s.c("a"),
            t.c("b").label("x"),
            t.c("a").cast(Type::Text),
            func::count_star(),
            Expr::from(1) + t.c("b"),
            literal_column("x"),
            star(),
            Expr::from(text("1")),
        ];
        let mut l = Labeler::new(items.len(), true);
        for e in &items {
            let bare = matches!(l.label(e), ColLabel::Bare(_));
            assert_eq!(bare, super::always_bare(e), "{e:?}");
        }
    }

    /// A repeated name gets `name_1`, `name_2`, ... whether the list is
    /// short (names scanned inline) or long (names in a hash set), and a
    /// made-up name is never handed out twice.
    #[test]
    fn long_lists_label_repeats_as_short_ones_do() {
        let tables: Vec<Table> = (0..3)
            .map(|i| {
                MetaData::new()
                    .table(&format!("t{i}"))
                    .column(Column::new("a", Type::Integer))
                    .column(Column::new("a_1", Type::Integer))
                    .build()
                    .expect("table")
            })
            .collect();
        let short: Vec<Expr> = tables.iter().map(|t| t.c("a")).collect();
        assert_eq!(labels(&short), ["=a", "a_1", "a_2"]);
        let mut long = Vec::new();
        for i in 0..=INLINE {
            long.push(tables[i % 3].c("a"));
            long.push(tables[i % 3].c("a_1"));
        }
        let got = labels(&long);
        assert_eq!(got.len(), long.len());
        assert_eq!(&got[..4], ["=a", "=a_1", "a_2", "a_1_1"]);
        let mut seen = std::collections::HashSet::new();
        for l in &got {
            assert!(
                seen.insert(l.trim_start_matches('=')),
                "{l} given twice in {got:?}"
            );
        }
    }
}
