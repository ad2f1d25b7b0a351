//! Dialects: one shared compiler (the visitor) plus, per database, a
//! [`Capabilities`] table and a few overridden hooks of the [`Dialect`] trait.
//!
//! # Adding a dialect
//!
//! 1. Write a struct and a `static` [`Capabilities`] (start from
//!    [`Capabilities::ANSI`] or another dialect's table and change fields).
//! 2. `impl Dialect` for it: `name` and `caps` are required; override hooks
//!    only where the database really differs (types, LIMIT, functions,
//!    locking, literals).
//! 3. Nothing else changes: statements compile for it with `compile(&YourDialect)`.
//!
//! A dialect can also wrap another and delegate (see the tests of this
//! crate for a DuckDB-flavoured PostgreSQL).

mod compiler;
mod ddl;
mod dml;
mod expr;
mod generic;
mod literal;
mod mysql;
mod postgres;
pub(crate) mod reserved;
mod select;
mod sqlite;

use std::fmt;

pub use compiler::Compiler;
pub use generic::Generic;
pub use mysql::{Mariadb, MariadbVersion, Mysql};
pub use postgres::Postgres;
pub use reserved::WordList;
pub use sqlite::Sqlite;

use crate::compiled::{CompileOptions, Compiled, ParamStyle};
use crate::error::CompileError;
use crate::expr::{Expr, Function};
use crate::stmt::{ForUpdate, Statement};
use crate::types::Type;
use crate::value::Value;

/// How string concatenation is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConcatStyle {
    /// `a || b`
    Pipes,
    /// `concat(a, b)`
    Function,
    /// `a + b`
    Plus,
}

/// How `/` between two integers keeps its fraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrueDivision {
    /// `/` already divides exactly (MySQL).
    Native,
    /// `a / (b + 0.0)` (SQLite, SQL Server).
    AddZero,
    /// `a / CAST(b AS NUMERIC)` (PostgreSQL).
    CastNumeric,
}

/// How an empty `IN ()` is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmptyIn {
    /// `x IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)` (SQLite).
    EmptySubquery,
    /// `x IN (NULL) AND (1 != 1)`.
    NullAndFalse,
}

/// How UPDATE refers to tables other than its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateFrom {
    /// `UPDATE t SET ... FROM other WHERE ...` (PostgreSQL, SQLite).
    FromClause,
    /// `UPDATE t, other SET t.c = ... WHERE ...` (MySQL).
    MultiTable,
    /// Not supported.
    Unsupported,
}

/// How DELETE refers to tables other than its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteUsing {
    /// `DELETE FROM t USING other WHERE ...` (PostgreSQL).
    Using,
    /// `DELETE FROM t USING t, other WHERE ...` (MySQL).
    MultiTable,
    /// `DELETE FROM t WHERE EXISTS (SELECT 1 FROM other WHERE ...)` (SQLite).
    Exists,
}

/// Which upsert syntax a dialect has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpsertStyle {
    /// `ON CONFLICT (...) DO NOTHING / DO UPDATE` (PostgreSQL, SQLite).
    OnConflict,
    /// `ON DUPLICATE KEY UPDATE` (MySQL, MariaDB).
    OnDuplicateKey,
    /// Neither.
    None,
}

/// Which reserved words a dialect quotes.
#[derive(Clone, Copy, Debug)]
pub enum ReservedWords {
    /// One of the built-in lists.
    Builtin(WordList),
    /// A custom predicate (given the lower-cased name).
    Custom(fn(&str) -> bool),
}

/// Where a dialect's RETURNING clause is supported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Returning {
    /// On INSERT.
    pub insert: bool,
    /// On UPDATE.
    pub update: bool,
    /// On DELETE.
    pub delete: bool,
    /// Columns qualified with the table name (`RETURNING t.id`) or not (`RETURNING id`).
    pub qualified: bool,
}

/// What a dialect can express, as data. The shared compiler reads these;
/// hooks of [`Dialect`] cover what data cannot.
#[derive(Clone, Debug)]
pub struct Capabilities {
    /// The default placeholder style of the dialect's Rust driver.
    pub paramstyle: ParamStyle,
    /// Opening and closing identifier quote characters.
    pub quote: (char, char),
    /// Reserved words that must be quoted.
    pub reserved: ReservedWords,
    /// The longest identifier the database accepts.
    pub max_identifier_length: usize,
    /// RETURNING support.
    pub returning: Returning,
    /// Whether `true`/`false` literals exist (else `1`/`0`).
    pub native_boolean: bool,
    /// Whether a bare boolean column in WHERE must be written `col = 1`.
    pub bool_column_as_comparison: bool,
    /// Whether `ILIKE` exists (else `lower(x) LIKE lower(y)`).
    pub ilike: bool,
    /// String concatenation.
    pub concat: ConcatStyle,
    /// True division of integers.
    pub true_division: TrueDivision,
    /// Whether integer division needs `FLOOR(a / b)`.
    pub floor_division: bool,
    /// Whether `FLOOR()` exists (SQLite's default build has no math functions).
    pub floor_function: bool,
    /// Whether `||` binds tighter than arithmetic (SQLite), so arithmetic
    /// operands of a concatenation are parenthesized.
    pub concat_binds_tightest: bool,
    /// Whether multi-row `VALUES (...), (...)` is accepted.
    pub multirow_insert: bool,
    /// Whether `INSERT ... DEFAULT VALUES` exists (else `() VALUES ()`).
    pub default_values: bool,
    /// Whether `IS DISTINCT FROM` exists (else `<=>` or `IS NOT`).
    pub is_distinct_from: bool,
    /// Whether `NULLS FIRST`/`NULLS LAST` exist (else emulated with an `IS NULL` sort key).
    pub nulls_ordering: bool,
    /// Whether `DISTINCT ON` exists.
    pub distinct_on: bool,
    /// Whether `FETCH FIRST n ROWS` exists (else it becomes LIMIT).
    pub fetch: bool,
    /// Whether aggregate `FILTER (WHERE ...)` exists.
    pub filter_clause: bool,
    /// Whether `FULL OUTER JOIN` exists.
    pub full_outer_join: bool,
    /// Whether `LATERAL` exists.
    pub lateral: bool,
    /// Whether `INTERSECT ALL` / `EXCEPT ALL` exist.
    pub set_op_all: bool,
    /// Whether a set-operation operand may be parenthesized (else it is
    /// wrapped as `SELECT * FROM (...)`).
    pub parenthesized_set_operands: bool,
    /// Whether window functions exist.
    pub window_functions: bool,
    /// Whether `WITH` exists.
    pub ctes: bool,
    /// Whether a recursive CTE needs `WITH RECURSIVE` (not SQL Server or Oracle).
    pub recursive_keyword: bool,
    /// Whether the WITH clause of `INSERT ... SELECT` goes after the column
    /// list (`INSERT INTO t (a) WITH c AS (...) SELECT ...`, MySQL).
    pub cte_after_insert: bool,
    /// Keyword for an inner join.
    pub inner_join: &'static str,
    /// UPDATE with other tables.
    pub update_from: UpdateFrom,
    /// DELETE with other tables.
    pub delete_using: DeleteUsing,
    /// Whether row locking clauses exist.
    pub for_update: bool,
    /// Whether a foreign key's target table may be schema-qualified.
    pub schema_qualified_fk_target: bool,
    /// How an empty IN list is written.
    pub empty_in: EmptyIn,
    /// Whether `CREATE INDEX IF NOT EXISTS` exists.
    pub create_index_if_not_exists: bool,
    /// Whether regular-expression matching exists.
    pub regexp: bool,
    /// Upsert syntax.
    pub upsert: UpsertStyle,
    /// Whether a column DEFAULT comes after NOT NULL (MySQL) or before it.
    pub default_after_not_null: bool,
    /// The keyword that makes an integer primary key autoincrement (` AUTO_INCREMENT`).
    pub autoincrement_keyword: Option<&'static str>,
    /// Whether `GENERATED ... AS IDENTITY` exists.
    pub identity_columns: bool,
    /// Whether a subquery in FROM is aliased with `AS` (Oracle omits it).
    pub alias_as: bool,
}

impl Capabilities {
    /// The SQL standard, as the generic dialect renders it.
    pub const ANSI: Capabilities = Capabilities {
        paramstyle: ParamStyle::Named,
        quote: ('"', '"'),
        reserved: ReservedWords::Builtin(WordList::Default),
        max_identifier_length: 9999,
        returning: Returning {
            insert: true,
            update: true,
            delete: true,
            qualified: true,
        },
        native_boolean: true,
        bool_column_as_comparison: false,
        ilike: false,
        concat: ConcatStyle::Pipes,
        true_division: TrueDivision::CastNumeric,
        floor_division: false,
        floor_function: true,
        concat_binds_tightest: false,
        multirow_insert: true,
        default_values: true,
        is_distinct_from: true,
        nulls_ordering: true,
        distinct_on: false,
        fetch: true,
        filter_clause: true,
        full_outer_join: true,
        lateral: true,
        set_op_all: true,
        parenthesized_set_operands: true,
        window_functions: true,
        ctes: true,
        recursive_keyword: true,
        cte_after_insert: false,
        inner_join: "JOIN",
        update_from: UpdateFrom::FromClause,
        delete_using: DeleteUsing::Using,
        for_update: true,
        schema_qualified_fk_target: true,
        empty_in: EmptyIn::NullAndFalse,
        create_index_if_not_exists: true,
        regexp: false,
        upsert: UpsertStyle::None,
        default_after_not_null: false,
        autoincrement_keyword: None,
        identity_columns: true,
        alias_as: true,
    };
}

/// Where a type is being rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeContext {
    /// A column definition in CREATE TABLE.
    Ddl,
    /// The target of a CAST.
    Cast,
}

/// A SQL dialect: capability data plus hooks where rendering really differs.
///
/// Every hook has a default that renders standard SQL through the shared
/// [`Compiler`]; a dialect overrides only what it must. See the
/// [module documentation](self) for how to add one.
pub trait Dialect: Send + Sync + fmt::Debug {
    /// The dialect's name, used in error messages (`"sqlite"`, `"postgresql"`).
    fn name(&self) -> &str;

    /// The capability table.
    fn caps(&self) -> &Capabilities;

    /// Renders a type for DDL or CAST.
    fn render_type(
        &self,
        ty: &Type,
        ctx: TypeContext,
        out: &mut String,
    ) -> Result<(), CompileError> {
        generic::render_type(self.name(), ty, ctx, out)
    }

    /// Renders LIMIT/OFFSET (after ORDER BY). `limit` and `offset` are bound values.
    fn render_limit_offset(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
    ) -> Result<(), CompileError> {
        generic::limit_offset(c, limit, offset)
    }

    /// Renders a function call whose spelling is dialect-specific; return
    /// `Ok(false)` to let the shared compiler render `name(args)`.
    fn render_function(&self, c: &mut Compiler<'_>, f: &Function) -> Result<bool, CompileError> {
        let _ = (c, f);
        Ok(false)
    }

    /// Renders the row-locking clause.
    fn render_for_update(&self, c: &mut Compiler<'_>, f: &ForUpdate) -> Result<(), CompileError> {
        generic::for_update(c, f)
    }

    /// Renders a value as an inline literal (literal binds, DDL defaults).
    fn render_literal(&self, v: &Value, out: &mut String) -> Result<(), CompileError> {
        literal::render(self.name(), self.caps().native_boolean, false, v, out)
    }

    /// Whether an autoincrementing integer primary key column needs the
    /// dialect's autoincrement spelling in DDL; renders it (type and
    /// keyword) when it does and returns `true`.
    fn render_autoincrement_column(
        &self,
        c: &mut Compiler<'_>,
        ty: &Type,
    ) -> Result<bool, CompileError> {
        let _ = (c, ty);
        Ok(false)
    }
}

/// Compiles any statement (the entry point behind every `compile` method).
pub(crate) fn compile_statement(
    stmt: &Statement,
    dialect: &dyn Dialect,
    options: &CompileOptions,
) -> Result<Compiled, CompileError> {
    let mut c = Compiler::new(dialect, options);
    c.statement(stmt)?;
    Ok(c.finish())
}

/// Renders a statement in the generic dialect with named placeholders (for Display).
pub(crate) fn render_generic(stmt: &Statement) -> Result<String, CompileError> {
    compile_statement(stmt, &Generic, &CompileOptions::default()).map(|c| c.sql)
}

/// Renders an expression in the generic dialect (for Display/Debug).
pub(crate) fn render_generic_expr(e: &Expr) -> Result<String, CompileError> {
    let opts = CompileOptions::default();
    let mut c = Compiler::new(&Generic, &opts);
    c.visit_expr(e)?;
    Ok(c.finish().sql)
}
