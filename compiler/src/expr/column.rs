//! Column references: a column of a table, alias, subquery or CTE.

use std::fmt;

use crate::ident::Ident;
use crate::schema::Table;
use crate::stmt::Alias;
use crate::types::Type;

/// Where a referenced column lives.
///
/// ```
/// use aludel_compiler::{prelude::*, expr::Source};
/// # let t = MetaData::new().table("users").column(Column::new("id", Type::Integer)).build().unwrap();
/// let describe = |e: &Expr| match e.as_column().map(|c| c.source()) {
///     Some(Source::Table(t)) => format!("table {}", t.name()),
///     Some(Source::Alias(a)) => format!("alias {}", a.name().map_or("(anonymous)", |n| n.as_str())),
///     None => "not a column".to_owned(),
/// };
/// assert_eq!(describe(&t.c("id")), "table users");
/// assert_eq!(describe(&t.alias("u").c("id")), "alias u");
/// assert_eq!(describe(&select(t.c("id")).subquery("sq").c("id")), "alias sq");
/// assert_eq!(describe(&Expr::from(1)), "not a column");
/// ```
#[derive(Clone)]
pub enum Source {
    /// A table.
    Table(Table),
    /// An alias: of a table, a subquery, a CTE, or a lateral subquery.
    Alias(Alias),
}

impl Source {
    /// Whether two sources are the same object.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, expr::Source};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert!(Source::Table(t.clone()).is(&Source::Table(t)));
    /// ```
    pub fn is(&self, other: &Source) -> bool {
        match (self, other) {
            (Source::Table(a), Source::Table(b)) => a.is(b),
            (Source::Alias(a), Source::Alias(b)) => a.is(b),
            _ => false,
        }
    }

    /// The address that tells this source apart (see [`is`](Self::is)).
    pub(crate) fn addr(&self) -> usize {
        match self {
            Source::Table(t) => t.addr(),
            Source::Alias(a) => a.addr(),
        }
    }

    /// A name for messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Source::Table(t) => format!("table {}", t.fullname()),
            Source::Alias(a) => a.describe(),
        }
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A reference to one column of a [`Source`].
///
/// ```
/// # use aludel_compiler::prelude::*;
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let col = t.c("a");
/// let r = col.as_column().unwrap();
/// assert_eq!(r.name().as_str(), "a");
/// assert_eq!(r.ty(), Some(&Type::Integer));
/// ```
#[derive(Clone)]
pub struct ColumnRef {
    source: ColumnSource,
    pub(crate) idx: u32,
}

/// A column's source, held (with a count) or, for a table pinned by
/// [`Table::leak`], referred to.
#[derive(Clone)]
enum ColumnSource {
    Held(Source),
    Pinned(&'static Source),
}

impl ColumnRef {
    pub(crate) fn new(source: Source, idx: usize) -> ColumnRef {
        ColumnRef::at(ColumnSource::Held(source), idx)
    }

    /// A column of a pinned table.
    pub(crate) fn pinned(source: &'static Source, idx: usize) -> ColumnRef {
        ColumnRef::at(ColumnSource::Pinned(source), idx)
    }

    fn at(source: ColumnSource, idx: usize) -> ColumnRef {
        ColumnRef {
            source,
            idx: u32::try_from(idx).unwrap_or(u32::MAX),
        }
    }

    /// The name of a pinned table's column, which lives as long as the
    /// program (`None` for any other column).
    pub(crate) fn pinned_name(&self) -> Option<&'static Ident> {
        match self.source {
            ColumnSource::Pinned(Source::Table(t)) => Some(&t.column_at(self.idx as usize).name),
            _ => None,
        }
    }

    /// The source of a pinned table's column, which lives as long as the
    /// program (`None` for any other column).
    pub(crate) fn pinned_source(&self) -> Option<&'static Source> {
        match self.source {
            ColumnSource::Pinned(source) => Some(source),
            ColumnSource::Held(_) => None,
        }
    }

    /// Whether this column refers to its table without a count.
    #[cfg(test)]
    pub(crate) fn is_pinned(&self) -> bool {
        self.pinned_source().is_some()
    }

    /// The column's name.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Text)).build().unwrap();
    /// assert_eq!(t.c("b").as_column().unwrap().name().as_str(), "b");
    /// let sq = select(t.c("a").label("total")).subquery("sq");
    /// assert_eq!(sq.c("total").as_column().unwrap().name().as_str(), "total");
    /// ```
    pub fn name(&self) -> &Ident {
        match self.source() {
            Source::Table(t) => &t.column_at(self.idx as usize).name,
            Source::Alias(a) => &a.exported()[self.idx as usize],
        }
    }

    /// The column's SQL type, where known.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Text)).build().unwrap();
    /// assert_eq!(t.c("b").as_column().unwrap().ty(), Some(&Type::Text));
    /// let sq = select(literal_column("1").label("one")).subquery("sq");
    /// assert_eq!(sq.c("one").as_column().unwrap().ty(), None);
    /// ```
    pub fn ty(&self) -> Option<&Type> {
        match self.source() {
            Source::Table(t) => Some(&t.column_at(self.idx as usize).ty),
            Source::Alias(a) => a.column_type(self.idx as usize),
        }
    }

    /// The source the column belongs to.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, expr::Source};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Text)).build().unwrap();
    /// let a = t.c("a");
    /// match a.as_column().unwrap().source() {
    ///     Source::Table(table) => assert!(table.is(&t)),
    ///     Source::Alias(_) => unreachable!(),
    /// }
    /// ```
    #[inline]
    pub fn source(&self) -> &Source {
        match &self.source {
            ColumnSource::Held(source) => source,
            ColumnSource::Pinned(source) => source,
        }
    }

    /// The column's position in its source.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Text)).build().unwrap();
    /// assert_eq!(t.c("a").as_column().unwrap().index(), 0);
    /// assert_eq!(t.c("b").as_column().unwrap().index(), 1);
    /// ```
    pub fn index(&self) -> usize {
        self.idx as usize
    }

    /// The schema definition, when the source is a table.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer).not_null()).build().unwrap();
    /// let col = t.c("a");
    /// assert!(!col.as_column().unwrap().table_column().unwrap().is_nullable());
    /// let aliased = t.alias("x").c("a");
    /// assert!(aliased.as_column().unwrap().table_column().is_none());
    /// ```
    pub fn table_column(&self) -> Option<&crate::schema::Column> {
        match self.source() {
            Source::Table(t) => Some(t.column_at(self.idx as usize)),
            Source::Alias(_) => None,
        }
    }

    /// `table.column` (`schema.table.column`, `alias.column`) for a column
    /// of a table or a named alias; `None` for an anonymous alias.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").schema("s").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.c("a").as_column().unwrap().qualified_name().as_deref(), Some("s.t.a"));
    /// assert_eq!(t.alias("x").c("a").as_column().unwrap().qualified_name().as_deref(), Some("x.a"));
    /// ```
    pub fn qualified_name(&self) -> Option<String> {
        let (schema, source) = self.source_names()?;
        let column = self.name().as_str();
        let mut s = String::with_capacity(
            schema.map_or(0, |s| s.len() + 1) + source.len() + 1 + column.len(),
        );
        if let Some(schema) = schema {
            s.push_str(schema);
            s.push('.');
        }
        s.push_str(source);
        s.push('.');
        s.push_str(column);
        Some(s)
    }

    /// [`qualified_name`](Self::qualified_name) as shared text: a table
    /// column's is built once with the table.
    pub(crate) fn origin(&self) -> Option<std::sync::Arc<str>> {
        match self.source() {
            Source::Table(t) => t.0.qualified.get(self.idx as usize).cloned(),
            Source::Alias(a) => a.qualified_column(self.idx as usize),
        }
    }

    /// The schema and the table (or alias) name this column is read from;
    /// `None` for an anonymous alias.
    fn source_names(&self) -> Option<(Option<&str>, &str)> {
        match self.source() {
            Source::Table(t) => Some((t.schema().map(|s| s.as_str()), t.name().as_str())),
            Source::Alias(a) => a.name().map(|n| (None, n.as_str())),
        }
    }

    /// Whether two references name the same column of the same source.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Text)).build().unwrap();
    /// let (a1, a2, b) = (t.c("a"), t.c("a"), t.c("b"));
    /// let x = t.alias("x").c("a");
    /// let r = |e: &Expr| e.as_column().unwrap().clone();
    /// assert!(r(&a1).is(&r(&a2)));
    /// assert!(!r(&a1).is(&r(&b)));
    /// assert!(!r(&a1).is(&r(&x))); // same table column, different source
    /// ```
    pub fn is(&self, other: &ColumnRef) -> bool {
        self.idx == other.idx && self.source().is(other.source())
    }
}

impl fmt::Debug for ColumnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}.{}", self.source(), self.name())
    }
}
