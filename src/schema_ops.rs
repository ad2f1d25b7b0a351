//! Creating and dropping a MetaData's tables on a live database.

use aludel_compiler::schema::MetaData;
use aludel_compiler::stmt::{CreateIndex, CreateTable, DropTable};

use crate::engine::{Connection, Engine};
use crate::errors::Result;
use crate::reflect::has_table;

/// Where schema operations run: an [`Engine`] (a connection of its own) or
/// a [`Connection`] you hold (also inside a transaction: `&mut *tx`).
pub trait Bind {
    /// Runs `f` on a connection.
    fn with_connection<R>(self, f: impl FnOnce(&mut Connection) -> Result<R>) -> Result<R>;
}

impl Bind for &Engine {
    fn with_connection<R>(self, f: impl FnOnce(&mut Connection) -> Result<R>) -> Result<R> {
        f(&mut self.connect()?)
    }
}

impl Bind for &mut Connection {
    fn with_connection<R>(self, f: impl FnOnce(&mut Connection) -> Result<R>) -> Result<R> {
        f(self)
    }
}

/// `create_all` / `drop_all` for a [`MetaData`], run on an [`Engine`] or a [`Connection`].
///
/// ```
/// use aludel::prelude::*;
/// use aludel::{create_engine, MetaDataExt};
/// let meta = MetaData::new();
/// meta.table("parents").column(Column::new("id", Type::Integer).primary_key()).build()?;
/// meta.table("children")
///     .column(Column::new("id", Type::Integer).primary_key())
///     .column(Column::new("parent_id", Type::Integer).foreign_key("parents.id"))
///     .build()?;
/// let engine = create_engine("sqlite:///:memory:")?;
/// meta.create_all(&engine)?;   // parents first, then children
/// meta.create_all(&engine)?;   // existing tables are skipped
/// meta.drop_all(&engine)?;     // children first
/// let mut conn = engine.connect()?;
/// meta.create_all(&mut conn)?; // on a connection you hold
/// # Ok::<(), aludel::Error>(())
/// ```
pub trait MetaDataExt {
    /// Creates every table that does not exist yet (and its indexes), in
    /// foreign-key order. Where comments are not part of `CREATE TABLE`
    /// (PostgreSQL), each table's [`comment_statements`](crate::schema::Table::comment_statements)
    /// follow it.
    fn create_all(&self, bind: impl Bind) -> Result<()> {
        self.create_all_with(bind, true)
    }

    /// Creates every table; with `checkfirst` false, existing tables make it fail.
    fn create_all_with(&self, bind: impl Bind, checkfirst: bool) -> Result<()>;

    /// Drops every table that exists, in reverse foreign-key order.
    fn drop_all(&self, bind: impl Bind) -> Result<()> {
        self.drop_all_with(bind, true)
    }

    /// Drops every table; with `checkfirst` false, missing tables make it fail.
    fn drop_all_with(&self, bind: impl Bind, checkfirst: bool) -> Result<()>;
}

impl MetaDataExt for MetaData {
    fn create_all_with(&self, bind: impl Bind, checkfirst: bool) -> Result<()> {
        bind.with_connection(|conn| self.create_on(conn, checkfirst))
    }

    fn drop_all_with(&self, bind: impl Bind, checkfirst: bool) -> Result<()> {
        bind.with_connection(|conn| self.drop_on(conn, checkfirst))
    }
}

trait SchemaOps {
    fn create_on(&self, conn: &mut Connection, checkfirst: bool) -> Result<()>;
    fn drop_on(&self, conn: &mut Connection, checkfirst: bool) -> Result<()>;
}

impl SchemaOps for MetaData {
    fn create_on(&self, conn: &mut Connection, checkfirst: bool) -> Result<()> {
        for table in self.sorted_tables() {
            if checkfirst
                && has_table(
                    conn,
                    table.name().as_str(),
                    table.schema().map(|s| s.as_str()),
                )?
            {
                continue;
            }
            conn.execute(CreateTable::new(&table))?;
            // Where comments are not part of CREATE TABLE, they follow it.
            if conn.engine().dialect().caps().comments_follow_create() {
                for comment in table.comment_statements() {
                    conn.execute(comment)?;
                }
            }
            for ix in self.indexes_for(&table) {
                conn.execute(CreateIndex::new(&ix))?;
            }
        }
        Ok(())
    }

    fn drop_on(&self, conn: &mut Connection, checkfirst: bool) -> Result<()> {
        for table in self.sorted_tables().iter().rev() {
            if checkfirst
                && !has_table(
                    conn,
                    table.name().as_str(),
                    table.schema().map(|s| s.as_str()),
                )?
            {
                continue;
            }
            conn.execute(DropTable::new(table))?;
        }
        Ok(())
    }
}
