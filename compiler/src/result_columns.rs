//! The columns a compiled query returns, worked out from the statement the
//! first time they are asked for.
//!
//! A caller that only wants the SQL text never pays for them: compiling a
//! SELECT keeps a handle to it (one reference count) and the names the
//! compiler gave its anonymous items, and the names, types and origins are
//! computed on first use. The engine asks once per cached template.
//!
//! The handle keeps the statement (shared, not copied) alive as long as the
//! compiled statement is, as SQLAlchemy's `Compiled.statement` does; a
//! caller that keeps compiled SELECTs for long and wants only their columns
//! can keep [`ResultColumns::to_shared`] instead. A SELECT of a few columns
//! of pinned tables ([`Table::leak`](crate::schema::Table::leak)), each
//! named by its own name, keeps no handle: the columns are kept by their
//! table and position, which live as long as the program.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use smallvec::SmallVec;

use crate::compiled::ResultColumn;
use crate::expr::{ColumnRef, Expr, Node};
use crate::ident::Name;
use crate::stmt::Select;
use crate::stmt::labels::{ColLabel, Labeler};

/// The columns a compiled query returns: a slice of [`ResultColumn`]s
/// (empty for statements without rows), computed when first read.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite, ResultColumn, ResultColumns};
/// # let t = MetaData::new().table("users").column(Column::new("id", Type::Integer)).build().unwrap();
/// let c = select((t.c("id"), func::count_star())).group_by([t.c("id")]).compile(&Sqlite).unwrap();
/// let names: Vec<&str> = c.result_columns.iter().map(|r| r.name.as_ref()).collect();
/// assert_eq!(names, ["id", "count_1"]);
/// assert_eq!(c.result_columns[0].origin.as_deref(), Some("users.id"));
/// let listed = ResultColumns::from(vec![c.result_columns[1].clone()]);
/// assert_eq!(listed.len(), 1);
/// for column in &c.result_columns {
///     assert!(column.ty.is_some());
/// }
/// let owned: Vec<ResultColumn> = c.result_columns.into();
/// assert_eq!(owned[1], listed[0]);
/// ```
#[derive(Clone, Default)]
pub struct ResultColumns {
    source: Source,
    resolved: OnceLock<Arc<[ResultColumn]>>,
}

/// Where the columns come from when they are first asked for.
#[derive(Clone, Default)]
enum Source {
    /// No rows, or the columns are already resolved.
    #[default]
    Listed,
    /// A top-level SELECT, and the names the compiler gave its anonymous
    /// items (`count_1`), in order: they depend on the statement-wide
    /// counters and the dialect's identifier length, so they are kept
    /// (`None` when there are none: nothing to drop).
    Select(Select, Option<AnonNames>),
    /// A compound SELECT, named by its first member's columns (and the
    /// names the compiler gave their anonymous items).
    Compound(Select, Option<AnonNames>),
    /// A top-level SELECT whose list is columns of pinned tables with
    /// distinct names (each named by its own name): no handle on the
    /// statement, whose count an atomic operation would take and give
    /// back.
    Pinned(PinnedColumns),
}

/// The columns of pinned tables a SELECT list names, by source and
/// position: up to [`PinnedColumns::ROOM`], which fit in the room of the
/// other sources (a longer list keeps the statement). A plain array and
/// its length, filled without the capacity checks of a growing list.
#[derive(Clone)]
pub(crate) struct PinnedColumns {
    columns: [(&'static crate::expr::Source, u32); PinnedColumns::ROOM],
    len: usize,
}

impl PinnedColumns {
    /// How many columns are kept.
    pub(crate) const ROOM: usize = 3;

    /// The columns of a SELECT list when every item is a column of a
    /// pinned table and there is room for them (`None` otherwise); the
    /// caller knows that no two share a name. A plain loop over the list,
    /// filling an array.
    #[inline]
    pub(crate) fn of(items: &[Expr]) -> Option<PinnedColumns> {
        let column = |e: &Expr| match &e.0 {
            Node::Column(c) => Some((c.pinned_source()?, c.idx)),
            _ => None,
        };
        let len = items.len();
        if len > Self::ROOM {
            return None;
        }
        let mut columns = [column(items.first()?)?; Self::ROOM];
        let mut i = 1;
        while i < len {
            columns[i] = column(&items[i])?;
            i += 1;
        }
        Some(PinnedColumns { columns, len })
    }

    fn as_slice(&self) -> &[(&'static crate::expr::Source, u32)] {
        &self.columns[..self.len]
    }

    /// Whether the columns are of one table, each at its own position: no
    /// two then share a name (a table's column names are unique), told
    /// without reading one. A pinned table has one source, so one address.
    /// Written out for the three places (a loop over the slice took twice
    /// the instructions): the places past `len` hold the first column.
    pub(crate) fn distinct_in_one_table(&self) -> bool {
        let [(s0, i0), (s1, i1), (s2, i2)] = self.columns;
        let same = |s| std::ptr::eq(s, s0);
        match self.len {
            1 => true,
            2 => same(s1) && i0 != i1,
            3 => same(s1) && same(s2) && i0 != i1 && i0 != i2 && i1 != i2,
            _ => false,
        }
    }
}

/// The names given to a SELECT list's anonymous items, in order (most
/// lists have one at most).
pub(crate) type AnonNames = SmallVec<[AnonLabel; 1]>;

impl ResultColumns {
    /// The columns of a top-level SELECT.
    pub(crate) fn of_select(select: Select, anon_names: Option<AnonNames>) -> Self {
        Self::from_source(Source::Select(select, anon_names))
    }

    /// The columns of a top-level SELECT that lists `columns` of pinned
    /// tables, of distinct names.
    pub(crate) fn of_pinned(columns: PinnedColumns) -> Self {
        Self::from_source(Source::Pinned(columns))
    }

    /// The columns of a compound SELECT whose first member is `first`.
    pub(crate) fn of_compound(first: Select, anon_names: Option<AnonNames>) -> Self {
        Self::from_source(Source::Compound(first, anon_names))
    }

    fn from_source(source: Source) -> Self {
        ResultColumns {
            source,
            resolved: OnceLock::new(),
        }
    }

    /// The columns as a shared slice (computed now if they were not yet).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = select(t.c("a")).compile(&Sqlite).unwrap();
    /// let shared = c.result_columns.to_shared();
    /// assert_eq!(shared[0].name.as_ref(), "a");
    /// ```
    pub fn to_shared(&self) -> Arc<[ResultColumn]> {
        self.resolve().clone()
    }

    fn resolve(&self) -> &Arc<[ResultColumn]> {
        self.resolved.get_or_init(|| match &self.source {
            Source::Listed => Arc::from([]),
            Source::Select(s, anon) => {
                columns_of(s.0.columns(), anon.as_deref().unwrap_or(&[]), true)
            }
            Source::Compound(first, anon) => {
                columns_of(first.0.columns(), anon.as_deref().unwrap_or(&[]), false)
            }
            Source::Pinned(columns) => {
                // the list as the statement held it (columns of pinned
                // tables, taken without a count), labeled the same way
                let exprs: SmallVec<[Expr; PinnedColumns::ROOM]> = columns
                    .as_slice()
                    .iter()
                    .map(|&(source, idx)| Expr::column(ColumnRef::pinned(source, idx as usize)))
                    .collect();
                columns_of(&exprs, &[], true)
            }
        })
    }
}

/// A SELECT list's columns, labeled as the compiler labeled them (its
/// anonymous items with the names it gave them); `origins` for a top-level
/// SELECT, not for a compound's first member.
fn columns_of(columns: &[Expr], anon_names: &[AnonLabel], origins: bool) -> Arc<[ResultColumn]> {
    let mut labeler = Labeler::new(columns.len(), false);
    let mut anon = anon_names.iter();
    columns
        .iter()
        .map(|e| {
            let name = match labeler.label(e) {
                ColLabel::Bare(n) => n.cloned(),
                ColLabel::As(n) => Some(n.as_arc().clone()),
                ColLabel::Anon(_) => anon.next().map(AnonLabel::name),
            };
            ResultColumn {
                name: name.unwrap_or_else(unnamed),
                ty: e.sql_type(),
                origin: if origins {
                    e.as_column().and_then(|c| c.origin())
                } else {
                    None
                },
            }
        })
        .collect()
}

/// The name the compiler gave an anonymous SELECT-list item.
#[derive(Clone, Debug)]
pub(crate) enum AnonLabel {
    /// `<base>_<n>`, written out when asked for.
    Numbered(Name, u32),
    /// A name shortened for the dialect.
    Named(Arc<str>),
}

impl AnonLabel {
    fn name(&self) -> Arc<str> {
        match self {
            AnonLabel::Numbered(base, n) => crate::dialect::numbered(base, *n),
            AnonLabel::Named(name) => name.clone(),
        }
    }
}

/// The name of a result column that has none (`*`, raw text).
fn unnamed() -> Arc<str> {
    Arc::from("?column?")
}

impl Deref for ResultColumns {
    type Target = [ResultColumn];

    fn deref(&self) -> &[ResultColumn] {
        self.resolve()
    }
}

impl From<Vec<ResultColumn>> for ResultColumns {
    fn from(columns: Vec<ResultColumn>) -> Self {
        Self::from(Arc::<[ResultColumn]>::from(columns))
    }
}

impl From<Arc<[ResultColumn]>> for ResultColumns {
    fn from(columns: Arc<[ResultColumn]>) -> Self {
        ResultColumns {
            source: Source::Listed,
            resolved: OnceLock::from(columns),
        }
    }
}

impl PartialEq for ResultColumns {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl PartialEq<[ResultColumn]> for ResultColumns {
    fn eq(&self, other: &[ResultColumn]) -> bool {
        **self == *other
    }
}

impl PartialEq<Vec<ResultColumn>> for ResultColumns {
    fn eq(&self, other: &Vec<ResultColumn>) -> bool {
        **self == **other
    }
}

impl From<ResultColumns> for Vec<ResultColumn> {
    fn from(columns: ResultColumns) -> Self {
        columns.to_vec()
    }
}

impl<'a> IntoIterator for &'a ResultColumns {
    type Item = &'a ResultColumn;
    type IntoIter = std::slice::Iter<'a, ResultColumn>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl IntoIterator for ResultColumns {
    type Item = ResultColumn;
    type IntoIter = std::vec::IntoIter<ResultColumn>;

    /// The columns, owned (each one's shared names cloned).
    fn into_iter(self) -> Self::IntoIter {
        Vec::from(self).into_iter()
    }
}

impl fmt::Debug for ResultColumns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{ResultColumns, Source};
    use crate::dialect::Sqlite;
    use crate::prelude::*;

    /// Whether the columns hold a handle on the statement they came from.
    fn holds_statement(c: &ResultColumns) -> bool {
        matches!(c.source, Source::Select(..) | Source::Compound(..))
    }

    /// A SELECT of a few columns of pinned tables, each named by its own
    /// name, keeps no handle on the statement and reads its columns as
    /// the same SELECT of counted tables does; any other list keeps the
    /// statement.
    #[test]
    fn a_select_of_pinned_columns_keeps_no_handle_on_the_statement() {
        // the same tables twice: pinning pins a table and all its clones
        let tables = |meta: &MetaData| {
            (
                crate::schema::int_table(meta, "users", &["id", "name", "age", "x"]),
                crate::schema::int_table(meta, "addresses", &["id", "user_id"]),
            )
        };
        let (users, addresses) = tables(&MetaData::new());
        let (pinned_users, pinned_addresses) = tables(&MetaData::new());
        let (pinned_users, pinned_addresses) = (pinned_users.leak(), pinned_addresses.leak());
        let of = |u: &Table, a: &Table| {
            select((u.c("name"), a.c("user_id"), u.c("age")))
                .filter(u.c("id").eq(a.c("user_id")))
                .compile(&Sqlite)
                .expect("compiles")
                .result_columns
        };
        let pinned = of(&pinned_users, &pinned_addresses);
        let counted = of(&users, &addresses);
        assert!(!holds_statement(&pinned));
        assert!(holds_statement(&counted));
        assert_eq!(pinned, counted);
        let names: Vec<&str> = pinned.iter().map(|c| c.name.as_ref()).collect();
        assert_eq!(names, ["name", "user_id", "age"]);
        assert_eq!(pinned[1].origin.as_deref(), Some("addresses.user_id"));
        assert_eq!(pinned[2].ty, Some(Type::Integer));
        // a name twice (labeled `id_1`), a fourth column, a label: the
        // statement is kept, and the columns read as before
        let compiled = |q: Select| q.compile(&Sqlite).expect("compiles").result_columns;
        let u = &pinned_users;
        for q in [
            select((u.c("id"), pinned_addresses.c("id"))),
            select((u.c("id"), u.c("name"), u.c("age"), u.c("x"))),
            select((u.c("id"), u.c("name").label("n"))),
        ] {
            let c = compiled(q);
            assert!(
                holds_statement(&c),
                "{:?}",
                c.iter().map(|r| &r.name).collect::<Vec<_>>()
            );
        }
        let twice = compiled(select((u.c("id"), pinned_addresses.c("id"))));
        assert_eq!(twice[1].name.as_ref(), "id_1");
        // one table's columns, told apart by position: a column repeated
        // is labeled (and keeps the statement), distinct ones are not
        let repeated = select((u.c("id"), u.c("name"), u.c("id")));
        assert_eq!(
            repeated.compile(&Sqlite).expect("compiles").sql,
            "SELECT users.id, users.name, users.id AS id_1 FROM users"
        );
        let c = compiled(repeated);
        assert!(holds_statement(&c));
        let names: Vec<&str> = c.iter().map(|c| c.name.as_ref()).collect();
        assert_eq!(names, ["id", "name", "id_1"]);
        let c = compiled(select((u.c("age"), u.c("id"))));
        assert!(!holds_statement(&c));
        let names: Vec<&str> = c.iter().map(|c| c.name.as_ref()).collect();
        assert_eq!(names, ["age", "id"]);
    }
}
