//! Reading schema back from a live database: SQLAlchemy's
//! `Table("cars", meta, autoload_with=engine)` ([`reflect_table`]) and
//! `meta.reflect(engine)` ([`reflect_all`]), also as methods of
//! [`MetaData`] through [`ReflectExt`].
//!
//! A reflected table has its columns in order (name, type, nullability,
//! server default as [`ServerDefault::Raw`] with the database's own text,
//! comment), its primary key, foreign keys (composite, with the referenced
//! schema, table and columns, `ON DELETE`/`ON UPDATE` and names), unique
//! constraints, check constraints, and its indexes (registered in the
//! [`MetaData`] with [`MetaData::add_index`]).
//!
//! Types come back as aludel's generic types where the database's type
//! round-trips (`INTEGER`/`INT4` → [`Type::Integer`], `VARCHAR(n)` →
//! [`Type::String`], `TIMESTAMP WITH TIME ZONE` → `DateTime { timezone: true }`,
//! MySQL's `TINYINT(1)` → [`Type::Boolean`], `ENUM(..)` → [`Type::Enum`], ...),
//! and as [`Type::Custom`] with the database's type text otherwise
//! (`int(10) unsigned`, `integer[]`, `MEDIUMTEXT`, ...). `CHAR(n)` becomes
//! `Type::String(Some(n))`: a `CHAR(32)` column may hold anything, so it is not
//! taken for a [`Type::Uuid`].
//!
//! What each database cannot say:
//! - SQLite keeps no time zone flag (`DateTime` columns come back without one),
//!   and names constraints only in the table's `CREATE TABLE` text, which is
//!   parsed for them and for `CHECK` constraints.
//! - PostgreSQL's `FLOAT` is `double precision`, so [`Type::Float`] comes back
//!   as [`Type::Double`]; a serial key's `nextval(..)` default is not kept
//!   (the column autoincrements); identity columns keep their [`Identity`].
//! - MySQL/MariaDB: a unique constraint is a unique index, and comes back as
//!   one (as in SQLAlchemy); `RESTRICT` and `NO ACTION` are InnoDB's default
//!   foreign key behaviour and come back as no action given; MySQL's
//!   `PRIMARY` key name and the indexes InnoDB creates for foreign keys are
//!   not reflected; MariaDB's `JSON` (a `LONGTEXT` with a `json_valid` check)
//!   comes back as [`Type::Json`].
//!
//! - SQLite: without a schema, tables are looked up in `main` (as
//!   [`has_table`] does), not in `temp` or attached databases.
//!
//! Expression indexes and partial indexes are skipped (their definitions
//! have no column list to rebuild them from), as are generated columns'
//! expressions. An index whose name an index of another table already has
//! in the [`MetaData`] is skipped with a warning (MySQL names indexes per
//! table). Tables referenced by foreign keys are not reflected along with
//! the table; reflect them too (or use [`reflect_all`]).
//!
//! ```
//! use aludel::prelude::*;
//! use aludel::{create_engine, text, reflect::reflect_table};
//! let engine = create_engine("sqlite:///:memory:")?;
//! let mut conn = engine.connect()?;
//! conn.execute(text("CREATE TABLE Cars (Id INTEGER PRIMARY KEY, Name VARCHAR(40) NOT NULL, Price INTEGER DEFAULT 0)"))?;
//! conn.execute(text("INSERT INTO Cars (Name, Price) VALUES ('Audi', 52642)"))?;
//! let meta = MetaData::new();
//! let cars = reflect_table(&mut conn, &meta, "Cars", None)?;
//! assert_eq!(cars.column("Name").unwrap().ty(), &Type::String(Some(40)));
//! assert!(!cars.column("Name").unwrap().is_nullable());
//! assert_eq!(cars.primary_key().columns()[0].as_str(), "Id");
//! let price: Option<i64> = conn.execute(select(cars.c("Price")).filter(cars.c("Name").eq("Audi")))?.scalar()?;
//! assert_eq!(price, Some(52642));
//! # Ok::<(), aludel::Error>(())
//! ```

mod mysql;
mod postgres;
mod sqlite;

use std::sync::Arc;

use aludel_compiler::SchemaError;
use aludel_compiler::dialect::quote_identifier;
use aludel_compiler::expr::text;
use aludel_compiler::schema::{
    Autoincrement, CheckConstraint, Column, FkAction, ForeignKeyConstraint, Identity, Index,
    MetaData, PrimaryKeyConstraint, ServerDefault, Table, UniqueConstraint,
};
use aludel_compiler::types::EnumType;
use aludel_compiler::{Type, Value};

use crate::engine::{Backend, Connection, FromValue, Row};
use crate::errors::{Error, Result};
use crate::params;
use crate::schema_ops::Bind;

/// Whether a table exists (in `schema`, or the connection's default schema).
///
/// ```
/// use aludel::{create_engine, text, reflect::has_table};
/// let engine = create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// assert!(!has_table(&mut conn, "t", None)?);
/// conn.execute(text("CREATE TABLE t (a INTEGER)"))?;
/// assert!(has_table(&mut conn, "t", None)?);
/// # Ok::<(), aludel::Error>(())
/// ```
pub fn has_table(conn: &mut Connection, name: &str, schema: Option<&str>) -> Result<bool> {
    let backend = conn.engine().backend();
    let found = match backend {
        Backend::Sqlite => {
            let master = match schema {
                Some(s) => format!(
                    "{}.sqlite_master",
                    quote_identifier(&aludel_compiler::dialect::Sqlite, s)
                ),
                None => "sqlite_master".to_owned(),
            };
            let sql = format!("SELECT 1 FROM {master} WHERE type = 'table' AND name = :name");
            conn.execute_with(text(&sql), params! {"name" => name})?
        }
        Backend::Postgres => conn.execute_with(
            text(
                "SELECT 1 FROM information_schema.tables \
                 WHERE table_schema = COALESCE(CAST(:schema AS TEXT), current_schema()) AND table_name = :name",
            ),
            params! {"schema" => schema, "name" => name},
        )?,
        Backend::Mysql | Backend::Mariadb => conn.execute_with(
            text(
                "SELECT 1 FROM information_schema.tables \
                 WHERE table_schema = COALESCE(:schema, DATABASE()) AND table_name = :name",
            ),
            params! {"schema" => schema, "name" => name},
        )?,
    };
    Ok(found.first().is_some())
}

/// The names of the tables (not views) in `schema`, or in the
/// connection's default schema, sorted by name.
///
/// ```
/// use aludel::{create_engine, text, reflect::table_names};
/// let engine = create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// conn.execute(text("CREATE TABLE b (x INTEGER)"))?;
/// conn.execute(text("CREATE TABLE a (x INTEGER)"))?;
/// assert_eq!(table_names(&mut conn, None)?, ["a", "b"]);
/// # Ok::<(), aludel::Error>(())
/// ```
pub fn table_names(conn: &mut Connection, schema: Option<&str>) -> Result<Vec<String>> {
    match conn.engine().backend() {
        Backend::Sqlite => sqlite::table_names(conn, schema),
        Backend::Postgres => postgres::table_names(conn, schema),
        Backend::Mysql | Backend::Mariadb => mysql::table_names(conn, schema),
    }
}

/// Reads a table (or view) from the database and registers it, with its
/// indexes, in `meta`.
///
/// A table the database does not have is an [`Error::Schema`] naming it; a
/// table of that name already in `meta` is [`SchemaError::DuplicateTable`].
///
/// ```
/// use aludel::prelude::*;
/// use aludel::{create_engine, MetaDataExt, reflect::reflect_table};
/// use aludel::schema::{ForeignKeyConstraint, FkAction};
/// let meta = MetaData::new();
/// meta.table("users").column(Column::new("id", Type::Integer).primary_key()).build()?;
/// meta.table("addresses")
///     .column(Column::new("id", Type::Integer).primary_key())
///     .column(Column::new("user_id", Type::Integer).not_null())
///     .constraint(ForeignKeyConstraint::new(["user_id"], "users", ["id"]).on_delete(FkAction::Cascade))
///     .build()?;
/// let engine = create_engine("sqlite:///:memory:")?;
/// meta.create_all(&engine)?;
///
/// let mut conn = engine.connect()?;
/// let fresh = MetaData::new();
/// let addresses = reflect_table(&mut conn, &fresh, "addresses", None)?;
/// let fk = addresses.foreign_keys().next().unwrap();
/// assert_eq!(fk.referred_table().as_str(), "users");
/// assert_eq!(fk.on_delete_action(), Some(FkAction::Cascade));
/// assert!(fresh.get("addresses").is_some());
/// assert!(reflect_table(&mut conn, &fresh, "nope", None).unwrap_err().to_string().contains("nope"));
/// # Ok::<(), aludel::Error>(())
/// ```
pub fn reflect_table(
    conn: &mut Connection,
    meta: &MetaData,
    name: &str,
    schema: Option<&str>,
) -> Result<Table> {
    let info = read_table(conn, name, schema)?.ok_or_else(|| not_found(name, schema))?;
    register(meta, info)
}

/// Reflects every table of `schema` (or of the connection's default
/// schema) into `meta`, referenced tables before the tables referencing
/// them, and returns them all in that order. Tables already in `meta` are
/// kept as they are (SQLAlchemy's `MetaData.reflect`).
///
/// ```
/// use aludel::{create_engine, text, reflect::reflect_all};
/// use aludel::schema::MetaData;
/// let engine = create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// conn.execute(text("CREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent (id))"))?;
/// conn.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))?;
/// let meta = MetaData::new();
/// let tables = reflect_all(&mut conn, &meta, None)?;
/// let names: Vec<String> = tables.iter().map(|t| t.fullname()).collect();
/// assert_eq!(names, ["parent", "child"]);
/// # Ok::<(), aludel::Error>(())
/// ```
pub fn reflect_all(
    conn: &mut Connection,
    meta: &MetaData,
    schema: Option<&str>,
) -> Result<Vec<Table>> {
    let mut found: Vec<Found> = Vec::new();
    for name in table_names(conn, schema)? {
        match meta.get(&fullname(&name, schema)) {
            Some(t) => found.push(Found::Known(t)),
            // A table dropped since it was listed is left out.
            None => {
                found.extend(read_table(conn, &name, schema)?.map(|i| Found::Read(Box::new(i))))
            }
        }
    }
    let order = dependency_order(&found, schema);
    let mut slots: Vec<Option<Found>> = found.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(slots.len());
    for i in order {
        match slots[i].take() {
            Some(Found::Known(t)) => out.push(t),
            Some(Found::Read(info)) => out.push(register(meta, *info)?),
            None => {}
        }
    }
    Ok(out)
}

/// Reflection as methods of [`MetaData`], on an [`Engine`](crate::Engine) or a held [`Connection`]:
/// `Table("cars", meta, autoload_with=engine)` is
/// `meta.reflect_table(&engine, "cars")`, `meta.reflect(engine)` is
/// `meta.reflect(&engine)`.
///
/// ```
/// use aludel::prelude::*;
/// use aludel::reflect::ReflectExt;
/// use aludel::{create_engine, text};
/// let engine = create_engine("sqlite:///:memory:")?;
/// engine.connect()?.execute(text("CREATE TABLE cars (id INTEGER PRIMARY KEY, name TEXT)"))?;
/// let meta = MetaData::new();
/// let cars = meta.reflect_table(&engine, "cars")?;
/// assert_eq!(cars.columns().count(), 2);
/// let other = MetaData::new();
/// assert_eq!(other.reflect(&engine)?.len(), 1);
/// # Ok::<(), aludel::Error>(())
/// ```
pub trait ReflectExt {
    /// Reflects every table of the default schema (see [`reflect_all`]).
    fn reflect(&self, bind: impl Bind) -> Result<Vec<Table>>;

    /// Reflects every table of `schema` (see [`reflect_all`]).
    fn reflect_schema(&self, bind: impl Bind, schema: &str) -> Result<Vec<Table>>;

    /// Reflects one table of the default schema (see [`reflect_table`]).
    fn reflect_table(&self, bind: impl Bind, name: &str) -> Result<Table>;

    /// Reflects one table of `schema` (see [`reflect_table`]).
    fn reflect_table_in(&self, bind: impl Bind, name: &str, schema: &str) -> Result<Table>;
}

impl ReflectExt for MetaData {
    fn reflect(&self, bind: impl Bind) -> Result<Vec<Table>> {
        bind.with_connection(|c| reflect_all(c, self, None))
    }

    fn reflect_schema(&self, bind: impl Bind, schema: &str) -> Result<Vec<Table>> {
        bind.with_connection(|c| reflect_all(c, self, Some(schema)))
    }

    fn reflect_table(&self, bind: impl Bind, name: &str) -> Result<Table> {
        bind.with_connection(|c| reflect_table(c, self, name, None))
    }

    fn reflect_table_in(&self, bind: impl Bind, name: &str, schema: &str) -> Result<Table> {
        bind.with_connection(|c| reflect_table(c, self, name, Some(schema)))
    }
}

// --- what the backends read -------------------------------------------------

/// Everything read about one table, before it becomes a [`Table`].
#[derive(Debug, Default)]
struct TableInfo {
    name: String,
    schema: Option<String>,
    columns: Vec<ColumnInfo>,
    primary_key: Option<PrimaryKeyConstraint>,
    foreign_keys: Vec<ForeignKeyConstraint>,
    uniques: Vec<UniqueConstraint>,
    checks: Vec<CheckConstraint>,
    indexes: Vec<IndexInfo>,
    comment: Option<String>,
}

/// One column as read.
#[derive(Debug)]
struct ColumnInfo {
    name: String,
    ty: Type,
    nullable: bool,
    default: Option<String>,
    autoincrement: Autoincrement,
    identity: Option<Identity>,
    comment: Option<String>,
}

impl ColumnInfo {
    fn new(name: String, ty: Type, nullable: bool, default: Option<String>) -> ColumnInfo {
        ColumnInfo {
            name,
            ty,
            nullable,
            default,
            autoincrement: Autoincrement::Auto,
            identity: None,
            comment: None,
        }
    }

    fn to_column(&self) -> Column {
        let mut c = Column::new(&self.name, self.ty.clone())
            .nullable(self.nullable)
            .autoincrement(self.autoincrement);
        if let Some(d) = &self.default {
            c = c.server_default(ServerDefault::Raw(Arc::from(d.as_str())));
        }
        if let Some(id) = self.identity {
            c = c.identity(id);
        }
        if let Some(text) = &self.comment {
            c = c.comment(text);
        }
        c
    }
}

/// One index as read: its columns, each descending or not.
#[derive(Debug)]
struct IndexInfo {
    name: String,
    unique: bool,
    columns: Vec<(String, bool)>,
}

fn read_table(
    conn: &mut Connection,
    name: &str,
    schema: Option<&str>,
) -> Result<Option<TableInfo>> {
    match conn.engine().backend() {
        Backend::Sqlite => sqlite::read_table(conn, name, schema),
        Backend::Postgres => postgres::read_table(conn, name, schema),
        Backend::Mysql | Backend::Mariadb => mysql::read_table(conn, name, schema),
    }
}

fn fullname(name: &str, schema: Option<&str>) -> String {
    match schema {
        Some(s) => format!("{s}.{name}"),
        None => name.to_owned(),
    }
}

fn not_found(name: &str, schema: Option<&str>) -> Error {
    let where_ = match schema {
        Some(s) => format!("in schema {s:?}"),
        None => "in the default schema".to_owned(),
    };
    Error::Schema(SchemaError::Invalid(format!(
        "cannot reflect table {name:?}: the database has no such table {where_}"
    )))
}

// --- building the Table ----------------------------------------------------

/// Builds the table, registers it in `meta`, then adds its indexes.
///
/// An index whose name another table's index already has in `meta` is
/// left out with a warning: MySQL names indexes per table, while a
/// [`MetaData`] holds each index name once.
fn register(meta: &MetaData, info: TableInfo) -> Result<Table> {
    let mut b = meta.table(&info.name);
    if let Some(s) = &info.schema {
        b = b.schema(s);
    }
    if let Some(text) = &info.comment {
        b = b.comment(text);
    }
    for c in &info.columns {
        b = b.column(c.to_column());
    }
    if let Some(pk) = info.primary_key {
        b = b.primary_key_constraint(pk);
    }
    for fk in info.foreign_keys {
        b = b.constraint(fk);
    }
    for u in info.uniques {
        b = b.constraint(u);
    }
    for ck in info.checks {
        b = b.constraint(ck);
    }
    let table = b.build()?;
    for ix in &info.indexes {
        if let Err(e) = meta.add_index(index_of(&table, ix)) {
            tracing::warn!(target: "aludel::reflect", "index {} of {} not reflected: {e}", ix.name, table.fullname());
        }
    }
    Ok(table)
}

fn index_of(table: &Table, ix: &IndexInfo) -> Index {
    let items = ix.columns.iter().map(|(c, desc)| {
        let col = table.c(c);
        if *desc { col.desc() } else { col }
    });
    let index = Index::new(&ix.name, table, items);
    if ix.unique { index.unique() } else { index }
}

/// A table for [`reflect_all`]: already in the MetaData, or just read.
enum Found {
    Known(Table),
    Read(Box<TableInfo>),
}

impl Found {
    fn name(&self) -> &str {
        match self {
            Found::Known(t) => t.name().as_str(),
            Found::Read(info) => &info.name,
        }
    }

    /// The tables of the same schema this one's foreign keys reference.
    fn references(&self, schema: Option<&str>) -> Vec<&str> {
        let fks: Vec<&ForeignKeyConstraint> = match self {
            Found::Known(t) => t.foreign_keys().collect(),
            Found::Read(info) => info.foreign_keys.iter().collect(),
        };
        fks.into_iter()
            .filter(|fk| {
                fk.referred_schema()
                    .is_none_or(|s| Some(s.as_str()) == schema)
            })
            .map(|fk| fk.referred_table().as_str())
            .collect()
    }
}

/// Positions in an order where referenced tables come first (listing
/// order otherwise; a cycle is broken at its first table).
fn dependency_order(found: &[Found], schema: Option<&str>) -> Vec<usize> {
    let deps: Vec<Vec<usize>> = found
        .iter()
        .enumerate()
        .map(|(i, f)| {
            f.references(schema)
                .into_iter()
                .filter_map(|r| found.iter().position(|o| o.name() == r))
                .filter(|&j| j != i)
                .collect()
        })
        .collect();
    let mut placed = vec![false; found.len()];
    let mut out = Vec::with_capacity(found.len());
    while out.len() < found.len() {
        let ready = (0..found.len()).find(|&i| !placed[i] && deps[i].iter().all(|&d| placed[d]));
        let Some(i) = ready.or_else(|| (0..found.len()).find(|&i| !placed[i])) else {
            break;
        };
        placed[i] = true;
        out.push(i);
    }
    out
}

// --- shared helpers for the backends -----------------------------------------

/// A value of a catalog row (integers may come as text or bytes from some drivers).
fn value_at(row: &Row, i: usize) -> Result<Value> {
    row.get::<Value>(i)
}

fn text_at(row: &Row, i: usize) -> Result<String> {
    row.get::<String>(i)
}

fn opt_text_at(row: &Row, i: usize) -> Result<Option<String>> {
    row.get::<Option<String>>(i)
}

fn int_at(row: &Row, i: usize) -> Result<i64> {
    match value_at(row, i)? {
        Value::Bytes(_) => Ok(text_at(row, i)?.trim().parse().map_err(|_| Error::Type {
            column: format!("#{i}"),
            wanted: "i64",
            found: "bytes".into(),
        })?),
        v => i64::from_value(&v).map_err(|found| Error::Type {
            column: format!("#{i}"),
            wanted: "i64",
            found,
        }),
    }
}

fn flag_at(row: &Row, i: usize) -> Result<bool> {
    match value_at(row, i)? {
        Value::Bool(b) => Ok(b),
        Value::Null => Ok(false),
        _ => Ok(int_at(row, i)? != 0),
    }
}

/// A nonempty string, or `None`.
fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// A foreign key action as the database spells it; the default
/// (`NO ACTION`) is no action given.
fn fk_action(s: &str) -> Option<FkAction> {
    FkAction::parse(s).filter(|a| *a != FkAction::NoAction)
}

/// A type's text split into its words (upper case, single spaces; the
/// words after the parentheses included) and its parenthesized arguments:
/// `timestamp(3) with time zone` is `TIMESTAMP WITH TIME ZONE` and `["3"]`.
#[derive(Debug, PartialEq)]
struct TypeName {
    words: String,
    args: Vec<String>,
}

impl TypeName {
    fn parse(text: &str) -> TypeName {
        let (head, args, tail) = match text.find('(') {
            Some(open) => {
                let close = matching_paren(text, open).unwrap_or(text.len());
                let inner = text.get(open + 1..close).unwrap_or("");
                let tail = text.get(close + 1..).unwrap_or("");
                (&text[..open], split_args(inner), tail)
            }
            None => (text, Vec::new(), ""),
        };
        let words = head
            .split_whitespace()
            .chain(tail.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_uppercase();
        TypeName { words, args }
    }

    fn arg(&self, i: usize) -> Option<u32> {
        self.args.get(i).and_then(|a| a.trim().parse().ok())
    }

    /// The generic type for this name, if there is one that round-trips.
    fn generic(&self) -> Option<Type> {
        let no_args = self.args.is_empty();
        let ty = match self.words.as_str() {
            // Integer display widths (MySQL's `int(11)`) mean nothing.
            "INTEGER" | "INT" | "INT4" => Type::Integer,
            "BIGINT" | "INT8" => Type::BigInteger,
            "SMALLINT" | "INT2" => Type::SmallInteger,
            "VARCHAR" | "CHARACTER VARYING" | "NVARCHAR" | "CHAR" | "CHARACTER" | "NCHAR"
                if self.args.len() <= 1 =>
            {
                Type::String(self.arg(0))
            }
            "TEXT" if no_args => Type::Text,
            "BOOLEAN" | "BOOL" => Type::Boolean,
            "FLOAT" | "REAL" | "FLOAT4" if no_args => Type::Float,
            "DOUBLE" | "DOUBLE PRECISION" | "FLOAT8" if no_args => Type::Double,
            "NUMERIC" | "DECIMAL" if self.args.len() <= 2 => Type::Numeric {
                precision: self.arg(0),
                scale: self.arg(1),
            },
            "DATE" => Type::Date,
            "TIME" | "TIME WITHOUT TIME ZONE" if no_args => Type::Time,
            "DATETIME" | "TIMESTAMP" | "TIMESTAMP WITHOUT TIME ZONE" if no_args => {
                Type::DateTime { timezone: false }
            }
            "TIMESTAMP WITH TIME ZONE" | "TIMESTAMPTZ" if no_args => {
                Type::DateTime { timezone: true }
            }
            "BLOB" | "BYTEA" if no_args => Type::LargeBinary,
            "JSON" | "JSONB" => Type::Json,
            "UUID" => Type::Uuid,
            _ => return None,
        };
        Some(ty)
    }
}

/// The generic type for a type's text, or [`Type::Custom`] with the text.
fn map_type(text: &str) -> Type {
    TypeName::parse(text)
        .generic()
        .unwrap_or_else(|| Type::Custom(Arc::from(text.trim())))
}

/// An enumerated type with the given variants.
fn enum_type(name: &str, variants: Vec<String>) -> Type {
    Type::Enum(Arc::new(EnumType {
        name: Arc::from(name),
        variants: variants.into_iter().map(Arc::from).collect(),
    }))
}

/// The position of the parenthesis closing the one at `open` (quotes respected).
fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, ch) in s.char_indices().skip_while(|(i, _)| *i < open) {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None => match ch {
                '\'' | '"' | '`' => quote = Some(ch),
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

/// Splits `a, 'b,c', d` at the commas outside quotes (a doubled quote
/// inside a quoted part is part of it).
fn split_args(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for ch in s.chars() {
        match quote {
            Some(q) if ch == q => {
                quote = None;
                cur.push(ch);
            }
            Some(_) => cur.push(ch),
            None => match ch {
                '\'' | '"' => {
                    quote = Some(ch);
                    cur.push(ch);
                }
                ',' => out.push(std::mem::take(&mut cur).trim().to_owned()),
                _ => cur.push(ch),
            },
        }
    }
    if !cur.trim().is_empty() || !out.is_empty() {
        out.push(cur.trim().to_owned());
    }
    out
}

/// The text of a single-quoted SQL string literal (`'it''s'` is `it's`).
fn unquote_literal(s: &str) -> String {
    let s = s.trim();
    let inner = s
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(s);
    inner.replace("''", "'").replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_split_into_words_and_arguments() {
        assert_eq!(
            TypeName::parse("timestamp(3) with  time zone"),
            TypeName {
                words: "TIMESTAMP WITH TIME ZONE".into(),
                args: vec!["3".into()]
            }
        );
        assert_eq!(
            TypeName::parse("enum('a','it''s, ok')").args,
            ["'a'", "'it''s, ok'"]
        );
        assert_eq!(TypeName::parse("int(10) unsigned").words, "INT UNSIGNED");
    }

    #[test]
    fn generic_types_and_the_rest() {
        assert_eq!(map_type("int4"), Type::Integer);
        assert_eq!(map_type("int(11)"), Type::Integer);
        assert_eq!(map_type("character varying(20)"), Type::String(Some(20)));
        assert_eq!(map_type("CHAR(32)"), Type::String(Some(32)));
        assert_eq!(map_type("NUMERIC(10, 2)"), Type::numeric(10, 2));
        assert_eq!(
            map_type("decimal"),
            Type::Numeric {
                precision: None,
                scale: None
            }
        );
        assert_eq!(
            map_type("timestamp with time zone"),
            Type::DateTime { timezone: true }
        );
        assert_eq!(map_type("DATETIME"), Type::datetime());
        assert_eq!(map_type("double precision"), Type::Double);
        assert_eq!(map_type("jsonb"), Type::Json);
        assert_eq!(map_type("bytea"), Type::LargeBinary);
        assert_eq!(
            map_type("int(10) unsigned"),
            Type::Custom("int(10) unsigned".into())
        );
        assert_eq!(map_type("integer[]"), Type::Custom("integer[]".into()));
        assert_eq!(
            map_type("timestamp(3) without time zone"),
            Type::Custom("timestamp(3) without time zone".into())
        );
    }

    #[test]
    fn literals_unquote() {
        assert_eq!(unquote_literal("'it''s'"), "it's");
        assert_eq!(split_args(""), Vec::<String>::new());
    }
}
