//! DDL: `CREATE TABLE`, `DROP TABLE`, `CREATE INDEX`, `DROP INDEX`.

use crate::schema::{Index, Table};

/// `CREATE TABLE` with every column, default and constraint of a table.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::CreateTable, dialect::Postgres};
/// # let users = MetaData::new().table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::String(Some(50))).not_null()).build().unwrap();
/// let c = CreateTable::new(&users).compile(&Postgres).unwrap();
/// assert_eq!(c.sql, "CREATE TABLE users (\n\tid SERIAL NOT NULL, \n\tname VARCHAR(50) NOT NULL, \n\tPRIMARY KEY (id)\n)");
/// ```
#[derive(Clone, Debug)]
pub struct CreateTable {
    pub(crate) table: Table,
    pub(crate) if_not_exists: bool,
}

impl CreateTable {
    /// `CREATE TABLE table (...)`.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, stmt::CreateTable};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = CreateTable::new(&t);
    /// ```
    pub fn new(table: &Table) -> Self {
        CreateTable {
            table: table.clone(),
            if_not_exists: false,
        }
    }
    /// `CREATE TABLE IF NOT EXISTS`.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, stmt::CreateTable};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = CreateTable::new(&t).if_not_exists();
    /// ```
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }
}

/// `DROP TABLE`.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::DropTable, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// assert_eq!(DropTable::new(&t).if_exists().compile(&Sqlite).unwrap().sql, "DROP TABLE IF EXISTS t");
/// ```
#[derive(Clone, Debug)]
pub struct DropTable {
    pub(crate) table: Table,
    pub(crate) if_exists: bool,
}

impl DropTable {
    /// `DROP TABLE table`.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, stmt::DropTable};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let d = DropTable::new(&t);
    /// ```
    pub fn new(table: &Table) -> Self {
        DropTable {
            table: table.clone(),
            if_exists: false,
        }
    }
    /// `DROP TABLE IF EXISTS`.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, stmt::DropTable};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let d = DropTable::new(&t).if_exists();
    /// ```
    pub fn if_exists(mut self) -> Self {
        self.if_exists = true;
        self
    }
}

/// `CREATE [UNIQUE] INDEX`.
///
/// See [`Index`].
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::CreateIndex, schema::Index, dialect::{Sqlite, Postgres, Mysql}};
/// # let users = MetaData::new().table("users").column(Column::new("name", Type::Text)).build().unwrap();
/// let ix = Index::new("ix_users_name", &users, [users.c("name")]);
/// assert_eq!(CreateIndex::new(&ix).compile(&Sqlite).unwrap().sql, "CREATE INDEX ix_users_name ON users (name)");
/// let unique = CreateIndex::new(&ix.unique()).if_not_exists();
/// assert_eq!(unique.compile(&Postgres).unwrap().sql,
///     "CREATE UNIQUE INDEX IF NOT EXISTS ix_users_name ON users (name)");
/// assert!(unique.compile(&Mysql).is_err()); // MySQL has no CREATE INDEX IF NOT EXISTS
/// ```
#[derive(Clone, Debug)]
pub struct CreateIndex {
    pub(crate) index: Index,
    pub(crate) if_not_exists: bool,
}

impl CreateIndex {
    /// `CREATE INDEX name ON table (...)`.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, stmt::CreateIndex, schema::Index};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = CreateIndex::new(&Index::new("ix", &t, [t.c("a")]));
    /// ```
    pub fn new(index: &Index) -> Self {
        CreateIndex {
            index: index.clone(),
            if_not_exists: false,
        }
    }
    /// `CREATE INDEX IF NOT EXISTS` (not MySQL).
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, stmt::CreateIndex, schema::Index};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = CreateIndex::new(&Index::new("ix", &t, [t.c("a")])).if_not_exists();
    /// ```
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }
}

/// `DROP INDEX` (`DROP INDEX name ON table` on MySQL).
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::DropIndex, schema::Index, dialect::{Sqlite, Mysql}};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let ix = Index::new("ix_a", &t, [t.c("a")]);
/// assert_eq!(DropIndex::new(&ix).compile(&Sqlite).unwrap().sql, "DROP INDEX ix_a");
/// assert_eq!(DropIndex::new(&ix).compile(&Mysql).unwrap().sql, "DROP INDEX ix_a ON t");
/// ```
#[derive(Clone, Debug)]
pub struct DropIndex {
    pub(crate) index: Index,
    pub(crate) if_exists: bool,
}

impl DropIndex {
    /// `DROP INDEX name`.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, stmt::DropIndex, schema::Index};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let d = DropIndex::new(&Index::new("ix", &t, [t.c("a")]));
    /// ```
    pub fn new(index: &Index) -> Self {
        DropIndex {
            index: index.clone(),
            if_exists: false,
        }
    }
    /// `DROP INDEX IF EXISTS`.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, stmt::DropIndex, schema::Index};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let d = DropIndex::new(&Index::new("ix", &t, [t.c("a")])).if_exists();
    /// ```
    pub fn if_exists(mut self) -> Self {
        self.if_exists = true;
        self
    }
}
