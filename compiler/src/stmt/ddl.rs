//! DDL: `CREATE TABLE`, `DROP TABLE`, `CREATE INDEX`, `DROP INDEX`, and
//! comments set by a statement of their own.

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

/// Sets the comment declared on a table or one of its columns, as a
/// statement of its own: `COMMENT ON TABLE t IS '...'` (PostgreSQL,
/// Oracle, Firebird), `ALTER TABLE t COMMENT '...'` (MySQL, MariaDB). A
/// table or column declared without a comment removes the one the
/// database has. The text is rendered as an escaped literal: these
/// statements take no parameters.
///
/// Where comments are not written inside `CREATE TABLE` (everywhere but
/// MySQL and MariaDB), aludel's `create_all` runs these after each table it
/// creates; [`Table::comment_statements`] lists them for a table. SQLite,
/// SQL Server, Sybase and Informix have no such statement: compiling one is
/// a [`CompileError::Unsupported`](crate::CompileError::Unsupported) (SQL
/// Server keeps descriptions as extended properties: run
/// `sp_addextendedproperty` through `text()`).
///
/// On MySQL a column's comment can only be set by restating the whole
/// column (`ALTER TABLE t MODIFY <definition>`): the column is written as
/// the table declares it, so anything the database has that the
/// declaration does not (a collation or character set set by hand, a
/// changed default) is replaced by the declaration's.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::SetComment, dialect::{Postgres, Mysql, Sqlite}};
/// let notes = MetaData::new().table("notes").comment("what people wrote")
///     .column(Column::new("body", Type::Text).comment("it's markdown"))
///     .build().unwrap();
/// let on_table = SetComment::table(&notes);
/// assert_eq!(on_table.compile(&Postgres).unwrap().sql, "COMMENT ON TABLE notes IS 'what people wrote'");
/// assert_eq!(on_table.compile(&Mysql).unwrap().sql, "ALTER TABLE notes COMMENT 'what people wrote'");
/// let on_body = SetComment::column(&notes, "body").unwrap();
/// assert_eq!(on_body.compile(&Postgres).unwrap().sql, "COMMENT ON COLUMN notes.body IS 'it''s markdown'");
/// assert!(on_body.compile(&Sqlite).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct SetComment {
    pub(crate) table: Table,
    /// The column's position in the table; `None` for the table itself.
    pub(crate) column: Option<usize>,
}

impl SetComment {
    /// The table's comment ([`Table::comment`]).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, stmt::SetComment, dialect::Postgres};
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// // declared without a comment: removes the database's
    /// assert_eq!(SetComment::table(&t).compile(&Postgres).unwrap().sql, "COMMENT ON TABLE t IS NULL");
    /// ```
    pub fn table(table: &Table) -> Self {
        SetComment {
            table: table.clone(),
            column: None,
        }
    }

    /// The comment of the table's column `name`
    /// ([`Column::comment_text`](crate::schema::Column::comment_text));
    /// [`CompileError::UnknownColumn`](crate::CompileError::UnknownColumn)
    /// when the table has no such column.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, stmt::SetComment};
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer).comment("n")).build().unwrap();
    /// assert!(SetComment::column(&t, "a").is_ok());
    /// let err = SetComment::column(&t, "b").unwrap_err();
    /// assert_eq!(err.to_string(), "table t has no column named \"b\"; its columns are: a");
    /// ```
    pub fn column(table: &Table, name: &str) -> Result<Self, crate::CompileError> {
        match table.columns().position(|c| c.name().as_str() == name) {
            Some(i) => Ok(SetComment::of_column(table, i)),
            None => Err(table.unknown_column(name)),
        }
    }

    /// The comment of the table's column at position `i`.
    pub(crate) fn of_column(table: &Table, i: usize) -> Self {
        SetComment {
            table: table.clone(),
            column: Some(i),
        }
    }
}
