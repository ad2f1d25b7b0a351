//! Statements: SELECT (with joins, subqueries, CTEs and set operations),
//! INSERT, UPDATE, DELETE, upserts and DDL.

pub(crate) mod ctes;
mod ddl;
pub(crate) mod from;
pub(crate) mod from_list;
pub(crate) mod froms;
pub(crate) mod id;
pub(crate) mod insert;
mod insert_rows;
mod into_statement;
pub(crate) mod join;
pub(crate) mod labels;
mod plain_level;
pub(crate) mod select;
mod setop;
mod statement_ref;
mod update;

use std::fmt;

pub use ddl::{CreateIndex, CreateTable, DropIndex, DropTable, SetComment};
pub use from::{Alias, FromItem};
pub use id::StatementId;
pub use insert::{ConflictTarget, Insert, insert};
pub use into_statement::IntoStatement;
pub use join::{Join, JoinKind};
pub use select::{ForUpdate, IntoSelectList, Select, SelectItem, SelectParts, select};
pub use setop::{
    CompoundSelect, SetOp, except_, except_all, intersect, intersect_all, union, union_all,
};
pub use update::{Delete, Update, delete, update};

pub(crate) use from::{AliasElement, AliasKind, FromNode};
pub(crate) use insert::{ConflictAction, InsertSource};
pub(crate) use insert_rows::Rows;
pub(crate) use select::{Correlate, Distinct, SelectInner};
pub(crate) use setop::CompoundPart;
pub(crate) use statement_ref::StatementRef;

use crate::compiled::{CompileOptions, Compiled};
use crate::dialect::Dialect;
use crate::error::CompileError;
use crate::expr::TextClause;

/// Any statement the compiler can render.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::Statement, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let stmts: Vec<Statement> = vec![select(&t).into(), delete(&t).into(), text("SELECT 1").into()];
/// for s in &stmts {
///     s.compile(&Sqlite).unwrap();
/// }
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub enum Statement {
    /// SELECT.
    Select(Select),
    /// UNION / INTERSECT / EXCEPT.
    Compound(CompoundSelect),
    /// INSERT.
    Insert(Insert),
    /// UPDATE.
    Update(Update),
    /// DELETE.
    Delete(Delete),
    /// CREATE TABLE.
    CreateTable(CreateTable),
    /// DROP TABLE.
    DropTable(DropTable),
    /// CREATE INDEX.
    CreateIndex(CreateIndex),
    /// DROP INDEX.
    DropIndex(DropIndex),
    /// A table's or column's comment (`COMMENT ON ...`).
    SetComment(SetComment),
    /// Raw SQL text.
    Text(TextClause),
}

impl Statement {
    /// Compiles for a dialect with its default options.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, stmt::Statement, dialect::Postgres};
    /// let s: Statement = text("SELECT :x").bind("x", 1).into();
    /// assert_eq!(s.compile(&Postgres).unwrap().sql, "SELECT $1");
    /// ```
    pub fn compile(&self, dialect: &dyn Dialect) -> Result<Compiled, CompileError> {
        self.compile_with(dialect, &CompileOptions::default())
    }

    /// Compiles with explicit options (parameter style, literal rendering).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, stmt::Statement, dialect::Postgres, CompileOptions};
    /// let s: Statement = text("SELECT :x").bind("x", "it's").into();
    /// let c = s.compile_with(&Postgres, &CompileOptions::new().literal_binds(true)).unwrap();
    /// assert_eq!(c.sql, "SELECT 'it''s'");
    /// ```
    pub fn compile_with(
        &self,
        dialect: &dyn Dialect,
        options: &CompileOptions,
    ) -> Result<Compiled, CompileError> {
        crate::dialect::compile_statement(self.into(), dialect, options)
    }
}

macro_rules! statement_impls {
    ($($ty:ident),*) => {$(
        impl From<$ty> for Statement {
            fn from(s: $ty) -> Statement { Statement::$ty(s) }
        }
        impl From<&$ty> for Statement {
            fn from(s: &$ty) -> Statement { Statement::$ty(s.clone()) }
        }
        impl<'s> From<&'s $ty> for StatementRef<'s> {
            fn from(s: &'s $ty) -> StatementRef<'s> { StatementRef::$ty(s) }
        }
        impl $ty {
            /// Compiles for a dialect: the SQL text and its parameters in one pass.
            ///
            /// See [`Statement::compile`].
            ///
            /// ```
            /// use aludel_compiler::{prelude::*, stmt::CreateTable, dialect::{Postgres, Sqlite}};
            /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
            /// let c = select(t.c("a")).filter(t.c("a").eq(5)).compile(&Postgres).unwrap();
            /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a = $1");
            /// assert_eq!(c.params, vec![Value::from(5)]);
            /// assert_eq!(insert(&t).values([("a", 1)]).compile(&Sqlite).unwrap().sql, "INSERT INTO t (a) VALUES (?)");
            /// assert_eq!(update(&t).set([("a", 2)]).compile(&Sqlite).unwrap().sql, "UPDATE t SET a=?");
            /// assert_eq!(delete(&t).compile(&Sqlite).unwrap().sql, "DELETE FROM t");
            /// assert_eq!(CreateTable::new(&t).compile(&Sqlite).unwrap().sql, "CREATE TABLE t (\n\ta INTEGER\n)");
            /// ```
            pub fn compile(&self, dialect: &dyn Dialect) -> Result<Compiled, CompileError> {
                crate::dialect::compile_statement(self.into(), dialect, &CompileOptions::default())
            }

            /// Compiles with explicit options.
            ///
            /// See [`Statement::compile_with`].
            ///
            /// ```
            /// use aludel_compiler::{prelude::*, dialect::Postgres, CompileOptions, ParamStyle};
            /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
            /// let q = select(t.c("a")).filter(t.c("a").eq("x"));
            /// let named = q.compile_with(&Postgres, &CompileOptions::new().paramstyle(ParamStyle::Named)).unwrap();
            /// assert_eq!(named.sql, "SELECT t.a FROM t WHERE t.a = :a_1");
            /// let inline = delete(&t).filter(t.c("a").eq("it's"))
            ///     .compile_with(&Postgres, &CompileOptions::new().literal_binds(true)).unwrap();
            /// assert_eq!(inline.sql, "DELETE FROM t WHERE t.a = 'it''s'");
            /// ```
            pub fn compile_with(&self, dialect: &dyn Dialect, options: &CompileOptions) -> Result<Compiled, CompileError> {
                crate::dialect::compile_statement(self.into(), dialect, options)
            }
        }
    )*};
}
statement_impls!(
    Select,
    Insert,
    Update,
    Delete,
    CreateTable,
    DropTable,
    CreateIndex,
    DropIndex,
    SetComment
);

impl From<CompoundSelect> for Statement {
    fn from(s: CompoundSelect) -> Statement {
        Statement::Compound(s)
    }
}
impl From<&CompoundSelect> for Statement {
    fn from(s: &CompoundSelect) -> Statement {
        Statement::Compound(s.clone())
    }
}
impl From<TextClause> for Statement {
    fn from(s: TextClause) -> Statement {
        Statement::Text(s)
    }
}
impl From<&TextClause> for Statement {
    fn from(s: &TextClause) -> Statement {
        Statement::Text(s.clone())
    }
}

impl CompoundSelect {
    /// Compiles for a dialect. See [`Statement::compile`].
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = union_all([select(t.c("a")).filter(t.c("a").lt(0)), select(t.c("a")).filter(t.c("a").gt(9))]);
    /// let c = u.compile(&Postgres).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a < $1 UNION ALL SELECT t.a FROM t WHERE t.a > $2");
    /// assert_eq!(c.params, vec![Value::from(0), Value::from(9)]);
    /// ```
    pub fn compile(&self, dialect: &dyn Dialect) -> Result<Compiled, CompileError> {
        crate::dialect::compile_statement(self.into(), dialect, &CompileOptions::default())
    }
    /// Compiles with explicit options. See [`Statement::compile_with`].
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite, CompileOptions};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let u = union([select(t.c("a")).filter(t.c("a").eq(1)), select(t.c("a")).filter(t.c("a").eq(2))]);
    /// let c = u.compile_with(&Sqlite, &CompileOptions::new().literal_binds(true)).unwrap();
    /// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a = 1 UNION SELECT t.a FROM t WHERE t.a = 2");
    /// ```
    pub fn compile_with(
        &self,
        dialect: &dyn Dialect,
        options: &CompileOptions,
    ) -> Result<Compiled, CompileError> {
        crate::dialect::compile_statement(self.into(), dialect, options)
    }
}

impl TextClause {
    /// Compiles the text as a whole statement. See [`Statement::compile`].
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Postgres, Sqlite}};
    /// let q = text("SELECT * FROM users WHERE id = :id OR boss = :id").bind("id", 7);
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT * FROM users WHERE id = $1 OR boss = $1");
    /// let c = q.compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT * FROM users WHERE id = ? OR boss = ?");
    /// assert_eq!(c.params, vec![Value::from(7), Value::from(7)]);
    /// ```
    pub fn compile(&self, dialect: &dyn Dialect) -> Result<Compiled, CompileError> {
        crate::dialect::compile_statement(self.into(), dialect, &CompileOptions::default())
    }
    /// Compiles with explicit options. See [`Statement::compile_with`].
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres, CompileOptions, ParamStyle};
    /// let q = text("SELECT * FROM users WHERE name = :name").bind("name", "ed");
    /// let opts = CompileOptions::new().paramstyle(ParamStyle::PyFormat);
    /// assert_eq!(q.compile_with(&Postgres, &opts).unwrap().sql, "SELECT * FROM users WHERE name = %(name)s");
    /// ```
    pub fn compile_with(
        &self,
        dialect: &dyn Dialect,
        options: &CompileOptions,
    ) -> Result<Compiled, CompileError> {
        crate::dialect::compile_statement(self.into(), dialect, options)
    }
}

impl fmt::Display for Statement {
    /// The statement in the generic dialect, with `:name` placeholders.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::dialect::render_generic(self) {
            Ok(s) => f.write_str(&s),
            Err(e) => write!(f, "<{e}>"),
        }
    }
}

impl fmt::Debug for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Statement({self})")
    }
}

macro_rules! display_via_statement {
    ($($ty:ident),*) => {$(
        impl fmt::Display for $ty {
            /// The statement in the generic dialect, with `:name` placeholders.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&Statement::from(self), f)
            }
        }
    )*};
}
display_via_statement!(
    Insert,
    Update,
    Delete,
    CompoundSelect,
    CreateTable,
    DropTable,
    CreateIndex,
    DropIndex,
    SetComment
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Expr;
    use crate::schema::{MetaData, Table};

    fn is_value<T: Send + Sync + Clone + fmt::Debug + 'static>() {}

    #[test]
    fn statements_and_expressions_are_shareable_values() {
        is_value::<Statement>();
        is_value::<Select>();
        is_value::<CompoundSelect>();
        is_value::<Insert>();
        is_value::<Update>();
        is_value::<Delete>();
        is_value::<Expr>();
        is_value::<Table>();
        is_value::<MetaData>();
        is_value::<Alias>();
        is_value::<Join>();
    }
}
