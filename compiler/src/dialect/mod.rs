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
//! A dialect can also wrap another and delegate: `examples/extend_dialect.rs`
//! in the aludel repository builds a DuckDB dialect on [`Postgres`] that way.

mod compiler;
mod ddl;
mod dml;
mod expr;
mod firebird;
mod generic;
mod informix;
mod literal;
mod mssql;
mod mysql;
mod oracle;
mod postgres;
pub(crate) mod reserved;
mod scopes;
mod select;
mod sqlite;
mod sybase;

use std::fmt;

pub use compiler::Compiler;
pub(crate) use compiler::{next_number, numbered};
pub use firebird::Firebird;
pub use generic::Generic;
pub use informix::Informix;
pub use mssql::Mssql;
pub use mysql::{Mariadb, MariadbVersion, Mysql};
pub use oracle::Oracle;
pub use postgres::Postgres;
pub use reserved::WordList;
pub use sqlite::Sqlite;
pub use sybase::Sybase;

use crate::compiled::{CompileOptions, Compiled, ParamStyle};
use crate::error::CompileError;
use crate::expr::{Expr, Function};
use crate::stmt::{ForUpdate, Statement, StatementRef};
use crate::types::Type;
use crate::value::Value;

/// How string concatenation is written.
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, dialect::{ConcatStyle, Postgres, Mysql}};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).column(Column::new("s", Type::Text)).build().unwrap();
/// assert_eq!(Postgres.caps().concat, ConcatStyle::Pipes);
/// assert_eq!(Mysql.caps().concat, ConcatStyle::Function);
/// let q = select(t.c("s").concat("!"));
/// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT t.s || $1 AS anon_1 FROM t");
/// assert_eq!(q.compile(&Mysql).unwrap().sql, "SELECT concat(t.s, ?) AS anon_1 FROM t");
/// ```
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
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, dialect::{TrueDivision, Postgres, Sqlite, Mysql}};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).column(Column::new("s", Type::Text)).build().unwrap();
/// assert_eq!(Sqlite.caps().true_division, TrueDivision::AddZero);
/// let q = select(t.c("a") / t.c("b"));
/// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT t.a / CAST(t.b AS NUMERIC) AS anon_1 FROM t");
/// assert_eq!(q.compile(&Sqlite).unwrap().sql, "SELECT t.a / (t.b + 0.0) AS anon_1 FROM t");
/// assert_eq!(q.compile(&Mysql).unwrap().sql, "SELECT t.a / t.b AS anon_1 FROM t");
/// ```
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
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, dialect::{EmptyIn, Postgres, Sqlite}};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).column(Column::new("s", Type::Text)).build().unwrap();
/// assert_eq!(Postgres.caps().empty_in, EmptyIn::NullAndFalse);
/// let q = select(t.c("a")).filter(t.c("a").in_(Vec::<i32>::new()));
/// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT t.a FROM t WHERE t.a IN (NULL) AND (1 != 1)");
/// assert_eq!(q.compile(&Sqlite).unwrap().sql,
///     "SELECT t.a FROM t WHERE t.a IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmptyIn {
    /// `x IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)` (SQLite).
    EmptySubquery,
    /// `x IN (NULL) AND (1 != 1)`.
    NullAndFalse,
}

/// How UPDATE refers to tables other than its target.
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, dialect::{UpdateFrom, Postgres, Mysql}};
/// # let meta = MetaData::new();
/// # let t = meta.table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
/// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
/// assert_eq!(Mysql.caps().update_from, UpdateFrom::MultiTable);
/// let u = update(&t).set([("a", users.c("id"))]).filter(t.c("b").eq(users.c("id")));
/// assert_eq!(u.compile(&Postgres).unwrap().sql, "UPDATE t SET a=users.id FROM users WHERE t.b = users.id");
/// assert_eq!(u.compile(&Mysql).unwrap().sql, "UPDATE t, users SET t.a=users.id WHERE t.b = users.id");
/// ```
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
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, dialect::{DeleteUsing, Postgres, Mysql, Sqlite}};
/// # let meta = MetaData::new();
/// # let t = meta.table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
/// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
/// assert_eq!(Sqlite.caps().delete_using, DeleteUsing::Exists);
/// let d = delete(&t).filter(t.c("b").eq(users.c("id")));
/// assert_eq!(d.compile(&Postgres).unwrap().sql, "DELETE FROM t USING users WHERE t.b = users.id");
/// assert_eq!(d.compile(&Mysql).unwrap().sql, "DELETE FROM t USING t, users WHERE t.b = users.id");
/// assert_eq!(d.compile(&Sqlite).unwrap().sql,
///     "DELETE FROM t WHERE EXISTS (SELECT 1 FROM users WHERE t.b = users.id)");
/// ```
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
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, stmt::ConflictTarget, dialect::{UpsertStyle, Generic, Mysql, Sqlite}};
/// # let meta = MetaData::new();
/// # let t = meta.table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
/// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
/// assert_eq!(Sqlite.caps().upsert, UpsertStyle::OnConflict);
/// assert_eq!(Mysql.caps().upsert, UpsertStyle::OnDuplicateKey);
/// assert_eq!(Generic.caps().upsert, UpsertStyle::None);
/// let ins = insert(&users).values([("id", Expr::from(1)), ("name", Expr::from("x"))]);
/// let on_conflict = ins.clone()
///     .on_conflict_do_update(ConflictTarget::columns(["id"]), [("name", ins.excluded("name"))], None);
/// assert_eq!(on_conflict.compile(&Sqlite).unwrap().sql,
///     "INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name");
/// assert!(on_conflict.compile(&Mysql).is_err());
/// let on_duplicate = ins.clone().on_duplicate_key_update([("name", ins.excluded("name"))]);
/// assert_eq!(on_duplicate.compile(&Mysql).unwrap().sql,
///     "INSERT INTO users (id, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)");
/// ```
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
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, dialect::{Capabilities, ReservedWords, WordList}};
///
/// /// A dialect that also quotes `name` and `value`.
/// #[derive(Debug)]
/// struct Picky;
/// fn picky_words(word: &str) -> bool {
///     matches!(word, "name" | "value") || WordList::Default.contains(word)
/// }
/// static PICKY: Capabilities = Capabilities { reserved: ReservedWords::Custom(picky_words), ..Capabilities::ANSI };
/// impl Dialect for Picky {
///     fn name(&self) -> &str { "picky" }
///     fn caps(&self) -> &Capabilities { &PICKY }
/// }
/// # let t = MetaData::new().table("t").column(Column::new("name", Type::Text)).column(Column::new("order", Type::Integer)).build().unwrap();
/// let q = select((t.c("name"), t.c("order")));
/// assert_eq!(q.compile(&Picky).unwrap().sql, r#"SELECT t."name", t."order" FROM t"#);
/// assert_eq!(q.compile(&aludel_compiler::dialect::Generic).unwrap().sql, r#"SELECT t.name, t."order" FROM t"#);
/// ```
#[derive(Clone, Copy, Debug)]
pub enum ReservedWords {
    /// One of the built-in lists.
    Builtin(WordList),
    /// A custom predicate (given the lower-cased name).
    Custom(fn(&str) -> bool),
}

/// Where a dialect's RETURNING clause is supported.
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, dialect::{Returning, Mariadb, Postgres, Sqlite}};
/// # let t = MetaData::new().table("t").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("a", Type::Integer)).build().unwrap();
/// assert_eq!(Mariadb.caps().returning, Returning { insert: true, update: false, delete: true, qualified: true });
/// let u = update(&t).set([("a", 1)]).returning([t.c("id")]);
/// assert_eq!(u.compile(&Postgres).unwrap().sql, "UPDATE t SET a=$1 RETURNING t.id");
/// assert_eq!(u.compile(&Sqlite).unwrap().sql, "UPDATE t SET a=? RETURNING id"); // not qualified
/// assert!(u.compile(&Mariadb).is_err());
/// ```
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
///
/// ```
/// use aludel_compiler::{Dialect, ParamStyle, dialect::{Mysql, Postgres, Sqlite}};
/// let pg = Postgres.caps();
/// assert_eq!(pg.paramstyle, ParamStyle::Numeric);
/// assert!(pg.distinct_on && pg.ilike);
/// assert_eq!(Mysql.caps().quote, ('`', '`'));
/// assert_eq!(Mysql.caps().max_identifier_length, 64);
/// assert!(!Sqlite.caps().for_update);
/// ```
#[derive(Clone, Debug)]
pub struct Capabilities {
    /// The default placeholder style of the dialect's Rust driver.
    pub paramstyle: ParamStyle,
    /// Opening and closing identifier quote characters.
    pub quote: (char, char),
    /// Reserved words that must be quoted.
    pub reserved: ReservedWords,
    /// The longest identifier (in bytes) the database accepts: longer
    /// names given by the user are a [`CompileError`]; generated labels are
    /// shortened deterministically.
    pub max_identifier_length: usize,
    /// The longest placeholder name (`:name`) the driver accepts; longer
    /// generated names are shortened deterministically (Oracle: 30).
    pub max_bind_name_length: usize,
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
    /// Whether a value bound where nothing gives it a type is cast to its
    /// type (PostgreSQL infers parameter types on the server: an untyped
    /// `$1` is text, `$1 + $2` is refused).
    pub typed_binds: bool,
    /// Whether `FLOOR()` exists (SQLite's default build has no math functions).
    pub floor_function: bool,
    /// Whether `||` binds tighter than arithmetic (SQLite), so arithmetic
    /// operands of a concatenation are parenthesized.
    pub concat_binds_tightest: bool,
    /// Whether multi-row `VALUES (...), (...)` is accepted.
    pub multirow_insert: bool,
    /// Whether `INSERT ... DEFAULT VALUES` exists (else `() VALUES ()`).
    pub default_values: bool,
    /// Where there is no DEFAULT VALUES: whether `() VALUES ()` is
    /// accepted (MySQL), else `(first_column) VALUES (DEFAULT)` is written.
    pub empty_values_list: bool,
    /// How `IS [NOT] DISTINCT FROM` (equality that treats NULLs as equal) is written.
    pub null_safe_equality: NullSafeEquality,
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
    /// Whether `GROUPS` window frames exist (PostgreSQL, SQLite).
    pub groups_frame: bool,
    /// Whether window frame offsets may be bound parameters (MariaDB needs
    /// literal numbers: `RANGE BETWEEN 2 PRECEDING ...`).
    pub bound_frame_offsets: bool,
    /// Whether an index may be on an expression (`CREATE INDEX ... (lower(x))`).
    pub expression_indexes: bool,
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
    /// How regular-expression matching is written, if at all.
    pub regexp: RegexpStyle,
    /// The bitwise XOR operator (`#` on PostgreSQL, `^` elsewhere); `None`
    /// where there is none (a [`CompileError`]).
    pub bitwise_xor: Option<&'static str>,
    /// Upsert syntax.
    pub upsert: UpsertStyle,
    /// Whether a column DEFAULT comes after NOT NULL (MySQL) or before it.
    pub default_after_not_null: bool,
    /// The keyword that makes an integer primary key autoincrement (` AUTO_INCREMENT`).
    pub autoincrement_keyword: Option<&'static str>,
    /// The whole column type of an autoincrementing integer key, for
    /// `Integer`, `BigInteger` and `SmallInteger` (`SERIAL`, `INTEGER
    /// GENERATED BY DEFAULT AS IDENTITY`, `INTEGER IDENTITY`), used by the
    /// default [`Dialect::render_autoincrement_column`].
    pub autoincrement_types: Option<(&'static str, &'static str, &'static str)>,
    /// Whether `GENERATED ... AS IDENTITY` exists.
    pub identity_columns: bool,
    /// Whether table and column comments are written inline in CREATE TABLE
    /// (`COMMENT '...'`, MySQL); elsewhere they are not part of it, and
    /// [`SetComment`](crate::stmt::SetComment) sets them.
    pub inline_comments: bool,
    /// Whether `COMMENT ON TABLE|COLUMN ... IS '...'` exists, and the text
    /// that removes a comment (`NULL`; `''` on Oracle). `None` where the
    /// database keeps no comments (SQLite) or keeps them otherwise (SQL
    /// Server's extended properties).
    pub comment_on: Option<&'static str>,
    /// Whether a subquery in FROM is aliased with `AS` (Oracle omits it).
    pub alias_as: bool,
    /// The one-row table a SELECT without FROM reads (`DUAL` on Oracle);
    /// `None` where FROM may be left out.
    pub dual_table: Option<&'static str>,
    /// The keyword of EXCEPT (`MINUS` on Oracle).
    pub except_keyword: &'static str,
    /// The spelling of the boolean constants `true()`/`false()` where
    /// [`native_boolean`](Self::native_boolean) is set (`'t'`/`'f'` on Informix).
    pub boolean_words: (&'static str, &'static str),
    /// Where a row limit written at the start of the SELECT (`TOP n`,
    /// `FIRST n`) goes; see [`Dialect::render_select_prefix`].
    pub limit_prefix: LimitPrefix,
    /// Whether a nullable column says `NULL` in CREATE TABLE (SQL Server
    /// and Sybase, where a column's default nullability is a session setting).
    pub explicit_null: bool,
    /// Whether INTERSECT and EXCEPT exist (Firebird and Sybase ASE have
    /// only UNION).
    pub intersect_except: bool,
    /// Whether tables may be schema-qualified (Firebird before 6 has no
    /// schemas: a table with one is a [`CompileError`]).
    pub schemas: bool,
    /// Whether `FETCH FIRST` needs ORDER BY and an OFFSET (SQL Server:
    /// `ORDER BY x OFFSET 0 ROWS FETCH FIRST 5 ROWS ONLY`).
    pub fetch_needs_order: bool,
    /// Whether a table constraint's name follows it
    /// (`PRIMARY KEY (a) CONSTRAINT pk_t`, Informix).
    pub constraint_name_after: bool,
    /// Which foreign key actions exist.
    pub fk_actions: FkActions,
    /// How RETURNING is written where [`returning`](Self::returning) allows it.
    pub returning_style: ReturningStyle,
    /// The function that computes a remainder where there is no `%`
    /// operator (`mod(a, b)` on Oracle, `MOD(a, b)` on Firebird).
    pub mod_function: Option<&'static str>,
    /// Whether a column rendered by
    /// [`Dialect::render_autoincrement_column`] also says NOT NULL (Sybase's
    /// `IDENTITY` excludes it).
    pub identity_not_null: bool,
    /// Whether every bound value is cast to its type (`CAST(? AS INTEGER)`):
    /// Firebird cannot infer parameter types in most positions.
    pub cast_binds: bool,
    /// Whether an enum column gets a `CHECK (col IN (...))` constraint in
    /// CREATE TABLE (not on MySQL, whose `ENUM` type holds the variants).
    pub enum_check: bool,
    /// Whether raw and expression server defaults are parenthesized
    /// (`DEFAULT (lower('x'))`: SQLite, MySQL).
    pub parenthesized_defaults: bool,
    /// Whether SQL keyword defaults (`CURRENT_DATE`) are written bare;
    /// MySQL takes only `CURRENT_TIMESTAMP` bare, the rest in parentheses.
    pub bare_keyword_defaults: bool,
    /// Whether the schema of an index goes on its name, the table named
    /// bare (`CREATE INDEX hr.ix ON employees`: SQLite).
    pub index_schema_on_name: bool,
    /// Whether an expression in an index is parenthesized once more
    /// (`((lower(name)))`: MySQL).
    pub parenthesized_index_expressions: bool,
    /// Whether DROP INDEX names the table (`DROP INDEX ix ON t`: MySQL).
    pub drop_index_on_table: bool,
    /// Whether `DROP INDEX IF EXISTS` exists (not on MySQL; MariaDB has it).
    pub drop_index_if_exists: bool,
    /// Whether `ON CONFLICT ON CONSTRAINT name` exists (PostgreSQL).
    pub on_conflict_on_constraint: bool,
    /// Whether `ON CONFLICT DO UPDATE` needs a conflict target
    /// (PostgreSQL; SQLite allows it without one).
    pub on_conflict_update_needs_target: bool,
    /// Whether the count of `FETCH FIRST` is parenthesized (PostgreSQL
    /// takes a placeholder there only in parentheses).
    pub fetch_count_parenthesized: bool,
    /// How `Expr::match_` (full-text search) is written.
    pub full_text: FullTextStyle,
    /// Whether UUID literals are written with hyphens (PostgreSQL's `uuid`
    /// type); elsewhere as 32 hex digits, as UUIDs are stored there.
    pub hyphenated_uuid_literals: bool,
    /// Whether byte-string literals are written in `bytea`'s hex format,
    /// `'\x0102'` (`E'\\x0102'` with [`StringEscapes::EscapeString`]:
    /// PostgreSQL); elsewhere `X'0102'`.
    pub bytea_hex_literals: bool,
    /// How string literals escape quotes and backslashes.
    pub string_escapes: StringEscapes,
}

/// How a dialect's string literals are escaped (with
/// [`CompileOptions::literal_binds`](crate::CompileOptions::literal_binds),
/// and in DDL: defaults, comments).
///
/// ```
/// use aludel_compiler::{prelude::*, CompileOptions, dialect::{Mysql, Postgres, Sqlite}};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
/// let q = select(t.c("a")).filter(t.c("a").eq(r"it's a\b"));
/// let inline = CompileOptions::new().literal_binds(true);
/// let sql = |d: &dyn aludel_compiler::Dialect| q.compile_with(d, &inline).unwrap().sql;
/// assert_eq!(sql(&Sqlite), r"SELECT t.a FROM t WHERE t.a = 'it''s a\b'");
/// assert_eq!(sql(&Mysql), r"SELECT t.a FROM t WHERE t.a = 'it''s a\\b'");
/// assert_eq!(sql(&Postgres), r"SELECT t.a FROM t WHERE t.a = E'it''s a\\b'");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StringEscapes {
    /// Quotes doubled; a backslash is an ordinary character (SQL standard).
    Standard,
    /// Quotes and backslashes doubled, NUL written `\0` (MySQL, MariaDB).
    Backslash,
    /// As `Standard`, except that a string holding a backslash is written
    /// as an escape string, `E'a\\b'`, backslashes doubled: its meaning
    /// then does not depend on the server's `standard_conforming_strings`
    /// (PostgreSQL).
    EscapeString,
}

/// How a dialect writes full-text search (`Expr::match_`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FullTextStyle {
    /// None: a [`CompileError`].
    None,
    /// `col @@ plainto_tsquery(q)` (PostgreSQL).
    TsQuery,
    /// `MATCH (col) AGAINST (q IN BOOLEAN MODE)` (MySQL, MariaDB).
    MatchAgainst,
    /// `col MATCH q` (SQLite's FTS tables).
    MatchOperator,
}

/// Which ON DELETE / ON UPDATE actions of a foreign key a dialect has.
///
/// ```
/// use aludel_compiler::{prelude::*, schema::FkAction, stmt::CreateTable, dialect::{Mssql, Oracle}};
/// let meta = MetaData::new();
/// meta.table("p").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
/// let c = meta.table("c")
///     .column(Column::new("id", Type::Integer).primary_key())
///     .column(Column::new("p_id", Type::Integer).foreign_key(ForeignKey::new("p.id").on_delete(FkAction::Restrict)))
///     .build().unwrap();
/// assert!(CreateTable::new(&c).compile(&Mssql).unwrap().sql.contains("ON DELETE NO ACTION"));
/// assert!(!CreateTable::new(&c).compile(&Oracle).unwrap().sql.contains("ON DELETE")); // the default
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FkActions {
    /// CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION.
    Standard,
    /// No RESTRICT: it is written NO ACTION, which means the same where
    /// constraints are never deferred (SQL Server).
    NoRestrict,
    /// Only ON DELETE CASCADE / SET NULL (Oracle): RESTRICT and NO ACTION
    /// are the default and left out; anything else is a [`CompileError`].
    DeleteOnly,
}

/// How a dialect writes regular-expression matching.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::{Oracle, Postgres, Mysql}};
/// # let t = MetaData::new().table("t").column(Column::new("s", Type::Text)).build().unwrap();
/// let q = select(t.c("s")).filter(t.c("s").regexp_match("^a"));
/// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT t.s FROM t WHERE t.s ~ $1");
/// assert_eq!(q.compile(&Mysql).unwrap().sql, "SELECT t.s FROM t WHERE t.s REGEXP ?");
/// assert_eq!(q.compile(&Oracle).unwrap().sql, "SELECT t.s FROM t WHERE REGEXP_LIKE(t.s, :s_1)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegexpStyle {
    /// No regular expressions: a [`CompileError`].
    None,
    /// Infix operators for a match and a non-match (`~` / `!~`, `REGEXP` / `NOT REGEXP`).
    Operator(&'static str, &'static str),
    /// A function `f(string, pattern)`, negated with `NOT` (`REGEXP_LIKE`).
    Function(&'static str),
}

/// How a dialect writes `IS [NOT] DISTINCT FROM`, equality under which two
/// NULLs are equal (SQLAlchemy's forms on each database).
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::{Mssql, Mysql, Oracle, Postgres, Sqlite, Sybase}};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
/// let q = select(t.c("a")).filter(t.c("a").is_distinct_from(t.c("b")));
/// let sql = |d: &dyn aludel_compiler::Dialect| q.compile(d).map(|c| c.sql);
/// assert_eq!(sql(&Postgres).unwrap(), "SELECT t.a FROM t WHERE t.a IS DISTINCT FROM t.b");
/// assert_eq!(sql(&Sqlite).unwrap(), "SELECT t.a FROM t WHERE t.a IS NOT t.b");
/// assert_eq!(sql(&Mysql).unwrap(), "SELECT t.a FROM t WHERE NOT (t.a <=> t.b)");
/// assert_eq!(sql(&Mssql).unwrap(), "SELECT t.a FROM t WHERE NOT EXISTS (SELECT t.a INTERSECT SELECT t.b)");
/// assert_eq!(sql(&Oracle).unwrap(), "SELECT t.a FROM t WHERE DECODE(t.a, t.b, 0, 1) = 1");
/// assert!(sql(&Sybase).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NullSafeEquality {
    /// `a IS [NOT] DISTINCT FROM b` (SQL standard; PostgreSQL, Firebird).
    IsDistinctFrom,
    /// `a IS [NOT] b` (SQLite).
    Is,
    /// `a <=> b`, `NOT (a <=> b)` (MySQL, MariaDB).
    Spaceship,
    /// `[NOT] EXISTS (SELECT a INTERSECT SELECT b)` (SQL Server).
    Intersect,
    /// `DECODE(a, b, 0, 1) = 0` (not distinct) or `= 1` (Oracle).
    Decode,
    /// None: a [`CompileError`].
    None,
}

/// How a dialect writes the rows a DML statement returns.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::{Mssql, Oracle}};
/// # let t = MetaData::new().table("t").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("a", Type::Integer)).build().unwrap();
/// let ins = insert(&t).values([("a", 1)]).returning([t.c("id")]);
/// assert_eq!(ins.compile(&Mssql).unwrap().sql, "INSERT INTO t (a) OUTPUT inserted.id VALUES (@p1)");
/// assert_eq!(ins.compile(&Oracle).unwrap().sql, "INSERT INTO t (a) VALUES (:a) RETURNING t.id INTO :ret_0");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturningStyle {
    /// `... RETURNING a, b` at the end.
    Returning,
    /// SQL Server's `OUTPUT inserted.a` / `OUTPUT deleted.a`, before
    /// VALUES, WHERE or FROM.
    Output,
    /// Oracle's `RETURNING a INTO :ret_0`: one unbound out-parameter per
    /// column, named `ret_0`, `ret_1`, ... for the driver to bind as output.
    ReturningInto,
}

/// Where [`Dialect::render_select_prefix`] is called, relative to DISTINCT.
///
/// ```
/// use aludel_compiler::{Dialect, dialect::{LimitPrefix, Mssql, Postgres}};
/// assert_eq!(Mssql.caps().limit_prefix, LimitPrefix::AfterDistinct); // SELECT DISTINCT TOP 5 ...
/// assert_eq!(Postgres.caps().limit_prefix, LimitPrefix::None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitPrefix {
    /// Limits go at the end only.
    None,
    /// `SELECT FIRST 5 DISTINCT ...` (Firebird, Informix).
    BeforeDistinct,
    /// `SELECT DISTINCT TOP 5 ...` (SQL Server, Sybase).
    AfterDistinct,
}

impl Capabilities {
    /// The SQL standard, as the generic dialect renders it.
    ///
    /// ```
    /// use aludel_compiler::{Dialect, ParamStyle, dialect::{Capabilities, Generic}};
    /// assert_eq!(Generic.caps().paramstyle, Capabilities::ANSI.paramstyle);
    /// // a custom dialect's table: ANSI with a few fields changed
    /// let caps = Capabilities { paramstyle: ParamStyle::Qmark, ilike: true, ..Capabilities::ANSI };
    /// assert!(caps.ilike && !Capabilities::ANSI.ilike);
    /// assert_eq!(caps.quote, ('"', '"'));
    /// ```
    pub const ANSI: Capabilities = Capabilities {
        paramstyle: ParamStyle::Named,
        quote: ('"', '"'),
        reserved: ReservedWords::Builtin(WordList::Default),
        max_identifier_length: 9999,
        max_bind_name_length: 9999,
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
        typed_binds: false,
        floor_function: true,
        concat_binds_tightest: false,
        multirow_insert: true,
        default_values: true,
        empty_values_list: false,
        null_safe_equality: NullSafeEquality::IsDistinctFrom,
        nulls_ordering: true,
        distinct_on: false,
        fetch: true,
        filter_clause: true,
        full_outer_join: true,
        lateral: true,
        set_op_all: true,
        parenthesized_set_operands: true,
        window_functions: true,
        groups_frame: true,
        bound_frame_offsets: true,
        expression_indexes: true,
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
        regexp: RegexpStyle::None,
        bitwise_xor: Some("^"),
        upsert: UpsertStyle::None,
        default_after_not_null: false,
        autoincrement_keyword: None,
        autoincrement_types: None,
        identity_columns: true,
        inline_comments: false,
        comment_on: Some("NULL"),
        alias_as: true,
        dual_table: None,
        except_keyword: "EXCEPT",
        boolean_words: ("true", "false"),
        limit_prefix: LimitPrefix::None,
        explicit_null: false,
        intersect_except: true,
        schemas: true,
        fetch_needs_order: false,
        constraint_name_after: false,
        fk_actions: FkActions::Standard,
        returning_style: ReturningStyle::Returning,
        mod_function: None,
        identity_not_null: true,
        cast_binds: false,
        enum_check: true,
        parenthesized_defaults: false,
        bare_keyword_defaults: true,
        index_schema_on_name: false,
        parenthesized_index_expressions: false,
        drop_index_on_table: false,
        drop_index_if_exists: true,
        on_conflict_on_constraint: false,
        on_conflict_update_needs_target: false,
        fetch_count_parenthesized: false,
        full_text: FullTextStyle::None,
        hyphenated_uuid_literals: false,
        bytea_hex_literals: false,
        string_escapes: StringEscapes::Standard,
    };

    /// Whether table and column comments are set by statements of their
    /// own after `CREATE TABLE` ([`SetComment`](crate::stmt::SetComment)),
    /// not inside it: the database has `COMMENT ON` and no inline comments.
    ///
    /// ```
    /// use aludel_compiler::{Dialect, dialect::{Mysql, Postgres, Sqlite}};
    /// assert!(Postgres.caps().comments_follow_create());
    /// assert!(!Mysql.caps().comments_follow_create()); // inline
    /// assert!(!Sqlite.caps().comments_follow_create()); // none
    /// ```
    pub fn comments_follow_create(&self) -> bool {
        !self.inline_comments && self.comment_on.is_some()
    }
}

/// Where a type is being rendered.
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, dialect::{Mysql, TypeContext}};
/// let ty = Type::String(Some(20));
/// let (mut ddl, mut cast) = (String::new(), String::new());
/// Mysql.render_type(&ty, TypeContext::Ddl, &mut ddl)?;
/// Mysql.render_type(&ty, TypeContext::Cast, &mut cast)?;
/// assert_eq!((ddl.as_str(), cast.as_str()), ("VARCHAR(20)", "CHAR(20)"));
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// assert_eq!(select(t.c("a").cast(ty)).compile(&Mysql)?.sql, "SELECT CAST(t.a AS CHAR(20)) AS a FROM t");
/// # Ok::<(), aludel_compiler::CompileError>(())
/// ```
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
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, ParamStyle, dialect::{Capabilities, Generic, UpsertStyle}};
///
/// /// A DuckDB-flavoured dialect: `$1` placeholders, ILIKE, DISTINCT ON, ON CONFLICT.
/// #[derive(Debug)]
/// struct Duck;
///
/// static DUCK: Capabilities = Capabilities {
///     paramstyle: ParamStyle::Numeric,
///     ilike: true,
///     distinct_on: true,
///     upsert: UpsertStyle::OnConflict,
///     ..Capabilities::ANSI
/// };
///
/// impl Dialect for Duck {
///     fn name(&self) -> &str {
///         "duckdb"
///     }
///     fn caps(&self) -> &Capabilities {
///         &DUCK
///     }
/// }
///
/// # let users = MetaData::new().table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
/// let q = select((users.c("id"), users.c("name")))
///     .distinct_on([users.c("name")])
///     .filter(users.c("name").ilike("ed%"))
///     .order_by([users.c("name")])
///     .limit(5);
/// let c = q.compile(&Duck).unwrap();
/// assert_eq!(c.sql, "SELECT DISTINCT ON (users.name) users.id, users.name FROM users \
///     WHERE users.name ILIKE $1 ORDER BY users.name LIMIT $2");
/// assert_eq!(c.params, vec![Value::from("ed%"), Value::from(5)]);
/// // Without the capability, the same statement is a compile error, not wrong SQL.
/// assert!(q.compile(&Generic).is_err());
/// ```
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

    /// Renders a row limit at the start of the SELECT (`TOP 5 `, `FIRST 5 `,
    /// `SKIP 10 FIRST 5 `), where [`Capabilities::limit_prefix`] says, with
    /// a trailing space. Returns `true` when it rendered the limit and
    /// offset, so [`render_limit_offset`](Self::render_limit_offset) is not
    /// called; `ordered` says whether the SELECT has an ORDER BY.
    fn render_select_prefix(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
        ordered: bool,
    ) -> Result<bool, CompileError> {
        let _ = (c, limit, offset, ordered);
        Ok(false)
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
        literal::render(self.name(), self.caps(), v, out)
    }

    /// Whether an autoincrementing integer primary key column needs the
    /// dialect's autoincrement spelling in DDL; renders it (type and
    /// keyword) when it does and returns `true`. By default it writes the
    /// type from [`Capabilities::autoincrement_types`].
    fn render_autoincrement_column(
        &self,
        c: &mut Compiler<'_>,
        ty: &Type,
    ) -> Result<bool, CompileError> {
        let Some((int, big, small)) = self.caps().autoincrement_types else {
            return Ok(false);
        };
        c.push_sql(match ty {
            Type::Integer => int,
            Type::BigInteger => big,
            Type::SmallInteger => small,
            _ => return Ok(false),
        });
        Ok(true)
    }
}

/// An identifier as the dialect writes it: quoted when it must be.
///
/// ```
/// use aludel_compiler::dialect::{quote_identifier, Mysql, Postgres};
/// assert_eq!(quote_identifier(&Postgres, "users"), "users");
/// assert_eq!(quote_identifier(&Postgres, "Order Lines"), "\"Order Lines\"");
/// assert_eq!(quote_identifier(&Mysql, "select"), "`select`");
/// ```
pub fn quote_identifier(dialect: &dyn Dialect, name: &str) -> String {
    let opts = CompileOptions::default();
    let mut c = Compiler::new(dialect, &opts);
    c.push_identifier(&crate::ident::Ident::new(name));
    c.finish().sql
}

/// Compiles any statement (the entry point behind every `compile` method).
pub(crate) fn compile_statement(
    stmt: StatementRef<'_>,
    dialect: &dyn Dialect,
    options: &CompileOptions,
) -> Result<Compiled, CompileError> {
    let mut c = Compiler::new(dialect, options);
    c.statement(stmt)?;
    Ok(c.finish())
}

/// Renders a statement in the generic dialect with named placeholders (for Display).
pub(crate) fn render_generic(stmt: &Statement) -> Result<String, CompileError> {
    compile_statement(stmt.into(), &Generic, &CompileOptions::default()).map(|c| c.sql)
}

/// Renders an expression in the generic dialect (for Display/Debug).
pub(crate) fn render_generic_expr(e: &Expr) -> Result<String, CompileError> {
    let opts = CompileOptions::default();
    let mut c = Compiler::new(&Generic, &opts);
    c.visit_expr(e)?;
    Ok(c.finish().sql)
}
