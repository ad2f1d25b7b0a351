//! MetaData: the registry of tables and indexes, and DDL ordering.

use std::fmt;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use indexmap::IndexMap;

use crate::error::SchemaError;
use crate::schema::{Index, Table, TableBuilder};
use crate::stmt::{CreateIndex, CreateTable, DropIndex, DropTable, Statement};

/// A collection of tables (in definition order) and their indexes.
///
/// `MetaData` is a shared handle: clones see the same registry.
///
/// ```
/// use aludel_compiler::prelude::*;
/// let meta = MetaData::new();
/// meta.table("users").column(Column::new("id", Type::Integer).primary_key()).build()?;
/// meta.table("addresses")
///     .column(Column::new("id", Type::Integer).primary_key())
///     .column(Column::new("user_id", Type::Integer).foreign_key("users.id"))
///     .build()?;
/// let names: Vec<String> = meta.sorted_tables().iter().map(|t| t.fullname()).collect();
/// assert_eq!(names, ["users", "addresses"]);
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone, Default)]
pub struct MetaData(Arc<RwLock<MetaInner>>);

#[derive(Default)]
struct MetaInner {
    tables: IndexMap<String, Table>,
    indexes: Vec<Index>,
}

impl MetaData {
    /// An empty registry.
    ///
    /// ```
    /// let meta = aludel_compiler::schema::MetaData::new();
    /// assert!(meta.tables().is_empty());
    /// ```
    pub fn new() -> MetaData {
        MetaData::default()
    }

    /// Starts a table definition registered here when built.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let meta = MetaData::new();
    /// let t = meta.table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert!(meta.get("t").is_some());
    /// ```
    pub fn table(&self, name: &str) -> TableBuilder {
        TableBuilder::new(Some(self.clone()), name)
    }

    fn read(&self) -> RwLockReadGuard<'_, MetaInner> {
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, MetaInner> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn register(&self, table: Table) -> Result<(), SchemaError> {
        let key = table.fullname();
        let mut inner = self.write();
        if inner.tables.contains_key(&key) {
            return Err(SchemaError::DuplicateTable(key));
        }
        inner.tables.insert(key, table);
        Ok(())
    }

    /// Adds a table built elsewhere (e.g. reflected), or fails if one of the same name exists.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let a = MetaData::new();
    /// let t = a.table("t").column(Column::new("x", Type::Integer)).build().unwrap();
    /// let b = MetaData::new();
    /// b.add_table(t).unwrap();
    /// assert!(b.get("t").is_some());
    /// ```
    pub fn add_table(&self, table: Table) -> Result<(), SchemaError> {
        self.register(table)
    }

    /// Removes a table (and its indexes) from the registry.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let meta = MetaData::new();
    /// meta.table("t").column(Column::new("x", Type::Integer)).build().unwrap();
    /// assert!(meta.remove("t").is_some());
    /// ```
    pub fn remove(&self, fullname: &str) -> Option<Table> {
        let mut inner = self.write();
        let t = inner.tables.shift_remove(fullname)?;
        inner.indexes.retain(|i| !i.table().is(&t));
        Some(t)
    }

    /// The table registered under `name` (or `schema.name`).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let meta = MetaData::new();
    /// assert!(meta.get("nope").is_none());
    /// ```
    pub fn get(&self, fullname: &str) -> Option<Table> {
        self.read().tables.get(fullname).cloned()
    }

    /// All tables, in definition order.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// assert_eq!(MetaData::new().tables().len(), 0);
    /// ```
    pub fn tables(&self) -> Vec<Table> {
        self.read().tables.values().cloned().collect()
    }

    /// Registers an index (its table must be registered here).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// use aludel_compiler::schema::Index;
    /// let meta = MetaData::new();
    /// let t = meta.table("t").column(Column::new("a", Type::Integer)).build()?;
    /// meta.add_index(Index::new("ix_t_a", &t, [t.c("a")]))?;
    /// assert_eq!(meta.indexes().len(), 1);
    /// # Ok::<(), aludel_compiler::SchemaError>(())
    /// ```
    pub fn add_index(&self, index: Index) -> Result<(), SchemaError> {
        let mut inner = self.write();
        let table = index.table();
        let registered = inner
            .tables
            .get(&table.fullname())
            .is_some_and(|t| t.is(table));
        if !registered {
            return Err(SchemaError::Invalid(format!(
                "index {} is on table {}, which is not in this MetaData",
                index.name(),
                table.fullname()
            )));
        }
        if inner
            .indexes
            .iter()
            .any(|i| i.name() == index.name() && i.table().is(table))
        {
            return Err(SchemaError::Invalid(format!(
                "an index named {} is already defined on table {}",
                index.name(),
                table.fullname()
            )));
        }
        inner.indexes.push(index);
        Ok(())
    }

    /// All indexes: those added with [`MetaData::add_index`] and those
    /// asked for with [`Column::index`](crate::schema::Column::index)
    /// (named `ix_<table>_<column>`), table by table in definition order.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let meta = MetaData::new();
    /// meta.table("t").column(Column::new("a", Type::Integer).index()).build().unwrap();
    /// assert_eq!(meta.indexes()[0].name().as_str(), "ix_t_a");
    /// ```
    pub fn indexes(&self) -> Vec<Index> {
        let tables = self.tables();
        let mut out = Vec::new();
        for t in &tables {
            out.extend(self.indexes_for(t));
        }
        out
    }

    /// The indexes of one table.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let meta = MetaData::new();
    /// let t = meta.table("t").column(Column::new("a", Type::Integer).index()).build().unwrap();
    /// assert_eq!(meta.indexes_for(&t).len(), 1);
    /// ```
    pub fn indexes_for(&self, table: &Table) -> Vec<Index> {
        let mut out: Vec<Index> = table
            .columns()
            .enumerate()
            .filter(|(_, c)| c.is_indexed())
            .map(|(i, c)| {
                let name = format!("ix_{}_{}", table.name(), c.name());
                Index::new(&name, table, [table.all_columns().swap_remove(i)])
            })
            .collect();
        out.extend(
            self.read()
                .indexes
                .iter()
                .filter(|i| i.table().is(table))
                .cloned(),
        );
        out
    }

    /// Tables ordered so that every table comes after the tables its foreign
    /// keys reference (definition order otherwise). Self references are
    /// ignored; tables in a reference cycle keep definition order.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let meta = MetaData::new();
    /// meta.table("child").column(Column::new("p", Type::Integer).foreign_key("parent.id")).build().unwrap();
    /// meta.table("parent").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
    /// let order: Vec<String> = meta.sorted_tables().iter().map(|t| t.fullname()).collect();
    /// assert_eq!(order, ["parent", "child"]);
    /// ```
    pub fn sorted_tables(&self) -> Vec<Table> {
        sort_by_dependency(&self.tables())
    }

    /// `CREATE TABLE` for every table in dependency order, then `CREATE INDEX` for every index.
    /// Comments are part of `CREATE TABLE` only on MySQL and MariaDB; on
    /// databases that set them with a statement of their own, follow each
    /// table with its [`Table::comment_statements`].
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let meta = MetaData::new();
    /// meta.table("t").column(Column::new("a", Type::Integer).index()).build().unwrap();
    /// assert_eq!(meta.create_statements(false).len(), 2);
    /// ```
    pub fn create_statements(&self, if_not_exists: bool) -> Vec<Statement> {
        let tables = self.sorted_tables();
        let mut out: Vec<Statement> = tables
            .iter()
            .map(|t| {
                let mut c = CreateTable::new(t);
                if if_not_exists {
                    c = c.if_not_exists();
                }
                c.into()
            })
            .collect();
        for t in &tables {
            for i in self.indexes_for(t) {
                let mut c = CreateIndex::new(&i);
                if if_not_exists {
                    c = c.if_not_exists();
                }
                out.push(c.into());
            }
        }
        out
    }

    /// `DROP INDEX` and `DROP TABLE` statements in reverse dependency order.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let meta = MetaData::new();
    /// meta.table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(meta.drop_statements(true).len(), 1);
    /// ```
    pub fn drop_statements(&self, if_exists: bool) -> Vec<Statement> {
        let tables = self.sorted_tables();
        let mut out = Vec::new();
        for t in tables.iter().rev() {
            let mut d = DropTable::new(t);
            if if_exists {
                d = d.if_exists();
            }
            out.push(d.into());
        }
        out
    }

    /// `DROP INDEX` statements for every index (tables dropped with
    /// [`MetaData::drop_statements`] drop their indexes with them).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let meta = MetaData::new();
    /// meta.table("t").column(Column::new("a", Type::Integer).index()).build().unwrap();
    /// assert_eq!(meta.drop_index_statements(false).len(), 1);
    /// ```
    pub fn drop_index_statements(&self, if_exists: bool) -> Vec<Statement> {
        self.indexes()
            .iter()
            .map(|i| {
                let mut d = DropIndex::new(i);
                if if_exists {
                    d = d.if_exists();
                }
                d.into()
            })
            .collect()
    }
}

impl fmt::Debug for MetaData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.read().tables.keys()).finish()
    }
}

/// Stable topological sort: repeatedly take the first table (in definition
/// order) whose referenced tables are all placed.
pub(crate) fn sort_by_dependency(tables: &[Table]) -> Vec<Table> {
    let n = tables.len();
    let deps: Vec<Vec<usize>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut d: Vec<usize> = t
                .foreign_keys()
                .filter_map(|fk| {
                    tables
                        .iter()
                        .position(|o| o.matches_target(fk.referred_schema(), fk.referred_table()))
                })
                .filter(|&j| j != i)
                .collect();
            d.sort_unstable();
            d.dedup();
            d
        })
        .collect();
    let mut placed = vec![false; n];
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let next = (0..n).find(|&i| !placed[i] && deps[i].iter().all(|&d| placed[d]));
        // A cycle: place the first unplaced table in definition order.
        let i = next.unwrap_or_else(|| (0..n).find(|&i| !placed[i]).unwrap_or(0));
        placed[i] = true;
        out.push(tables[i].clone());
    }
    out
}
