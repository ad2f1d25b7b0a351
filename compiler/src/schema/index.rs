//! Indexes.

use std::fmt;
use std::sync::Arc;

use crate::expr::Expr;
use crate::ident::Ident;
use crate::schema::Table;

/// An index on a table: columns (ascending or descending) and expressions.
///
/// Column references inside an index render unqualified
/// (`CREATE INDEX ix ON users (lower(name), id DESC)`).
///
/// ```
/// use aludel_compiler::{prelude::*, schema::Index, dialect::Sqlite};
/// let meta = MetaData::new();
/// let users = meta.table("users")
///     .column(Column::new("id", Type::Integer).primary_key())
///     .column(Column::new("name", Type::Text))
///     .build()?;
/// let ix = Index::new("ix_users_lower_name", &users, [func::lower(users.c("name")), users.c("id").desc()]);
/// let sql = aludel_compiler::stmt::CreateIndex::new(&ix).compile(&Sqlite).unwrap().sql;
/// assert_eq!(sql, "CREATE INDEX ix_users_lower_name ON users (lower(name), id DESC)");
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone)]
pub struct Index(pub(crate) Arc<IndexInner>);

pub(crate) struct IndexInner {
    pub(crate) name: Ident,
    pub(crate) table: Table,
    pub(crate) items: Vec<Expr>,
    pub(crate) unique: bool,
}

impl Index {
    /// An index named `name` on `table` over the given expressions.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, schema::Index};
    /// # let meta = MetaData::new();
    /// # let t = meta.table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let ix = Index::new("ix_t_a", &t, [t.c("a")]);
    /// ```
    pub fn new<I>(name: &str, table: &Table, items: I) -> Index
    where
        I: IntoIterator,
        I::Item: Into<Expr>,
    {
        Index(Arc::new(IndexInner {
            name: Ident::new(name),
            table: table.clone(),
            items: items.into_iter().map(Into::into).collect(),
            unique: false,
        }))
    }

    /// Makes the index `UNIQUE`.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, schema::Index};
    /// # let meta = MetaData::new();
    /// # let t = meta.table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let ix = Index::new("ux_t_a", &t, [t.c("a")]).unique();
    /// assert!(ix.is_unique());
    /// ```
    pub fn unique(self) -> Index {
        let inner = &self.0;
        Index(Arc::new(IndexInner {
            name: inner.name.clone(),
            table: inner.table.clone(),
            items: inner.items.clone(),
            unique: true,
        }))
    }

    /// The index name.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, schema::Index};
    /// # let meta = MetaData::new();
    /// # let t = meta.table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(Index::new("ix", &t, [t.c("a")]).name().as_str(), "ix");
    /// ```
    pub fn name(&self) -> &Ident {
        &self.0.name
    }

    /// The indexed table.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, schema::Index};
    /// # let meta = MetaData::new();
    /// # let t = meta.table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert!(Index::new("ix", &t, [t.c("a")]).table().is(&t));
    /// ```
    pub fn table(&self) -> &Table {
        &self.0.table
    }

    /// The indexed expressions.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, schema::Index};
    /// # let meta = MetaData::new();
    /// # let t = meta.table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(Index::new("ix", &t, [t.c("a")]).items().len(), 1);
    /// ```
    pub fn items(&self) -> &[Expr] {
        &self.0.items
    }

    /// Whether the index is unique.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, schema::Index};
    /// # let meta = MetaData::new();
    /// # let t = meta.table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert!(!Index::new("ix", &t, [t.c("a")]).is_unique());
    /// ```
    pub fn is_unique(&self) -> bool {
        self.0.unique
    }
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Index({} ON {})", self.0.name, self.0.table.fullname())
    }
}
