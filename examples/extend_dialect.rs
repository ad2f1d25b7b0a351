//! Extending aludel without forking it: a dialect and a SQL construct
//! defined outside the crate, through its public API only.
//!
//! * [`DuckDb`] is a dialect built on PostgreSQL's: it delegates to
//!   [`Postgres`] and changes what DuckDB does differently (placeholders,
//!   row locks, a few type names, autoincrement, one function).
//! * [`JsonExtract`] is a construct with its own SQL per dialect: the text
//!   of a JSON document's field. Its key is always a bound parameter.
//!
//! ```sh
//! cargo run --example extend_dialect
//! ```
//!
//! `tests/extend_dialect.rs` includes this file and checks the SQL it
//! produces on every dialect.

use std::sync::LazyLock;

use aludel::dialect::{
    Capabilities, FullTextStyle, Mysql, Postgres, RegexpStyle, Sqlite, TypeContext,
};
use aludel::expr::Function;
use aludel::prelude::*;
use aludel::stmt::{CreateTable, ForUpdate};
use aludel::types::SerializedFormat;
use aludel::{CompileError, Compiler, CustomExpr, Dialect, ParamStyle};

// --- A dialect: DuckDB, built on PostgreSQL ---------------------------------

/// DuckDB: PostgreSQL's SQL (its parser comes from PostgreSQL) with `?`
/// placeholders, no row locks, no SERIAL, and DuckDB's own type names.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DuckDb;

/// PostgreSQL's capability table with DuckDB's differences. (PostgreSQL's
/// table is not a `const`, so it is copied once, at first use.)
static DUCKDB_CAPS: LazyLock<Capabilities> = LazyLock::new(|| Capabilities {
    // The `duckdb` crate's examples bind with `?` (DuckDB also takes `$1`).
    paramstyle: ParamStyle::Qmark,
    // DuckDB has no row locks: `FOR UPDATE` becomes a CompileError naming
    // the construct and "duckdb" instead of SQL the database rejects.
    for_update: false,
    // DuckDB matches regular expressions with a function, not PostgreSQL's
    // `~` operator: `regexp_matches(x, pattern)`.
    regexp: RegexpStyle::Function("regexp_matches"),
    // In DuckDB `^` is a power and there is no XOR operator (only the
    // `xor()` function): a XOR is a CompileError, not a silent power.
    bitwise_xor: None,
    // No `@@ plainto_tsquery` (DuckDB's full-text search is an extension
    // with functions of its own): `match_` becomes a CompileError.
    full_text: FullTextStyle::None,
    // DuckDB's ON CONFLICT names columns, not constraints.
    on_conflict_on_constraint: false,
    ..Postgres.caps().clone()
});

impl Dialect for DuckDb {
    fn name(&self) -> &str {
        "duckdb"
    }

    fn caps(&self) -> &Capabilities {
        &DUCKDB_CAPS
    }

    /// DuckDB's spelling of a few types; PostgreSQL's for the rest.
    fn render_type(
        &self,
        ty: &Type,
        ctx: TypeContext,
        out: &mut String,
    ) -> Result<(), CompileError> {
        match ty {
            Type::LargeBinary | Type::Serialized(SerializedFormat::Binary) => out.push_str("BLOB"),
            Type::Double => out.push_str("DOUBLE"),
            Type::DateTime { timezone: true } => out.push_str("TIMESTAMPTZ"),
            _ => return Postgres.render_type(ty, ctx, out),
        }
        Ok(())
    }

    /// `regexp_like(x, pattern)` (the MySQL/Oracle/PostgreSQL 15 name) is
    /// `regexp_matches(x, pattern)` in DuckDB. Any other function: `Ok(false)`
    /// lets the shared compiler write `name(args)` as usual.
    fn render_function(&self, c: &mut Compiler<'_>, f: &Function) -> Result<bool, CompileError> {
        if !f.name().eq_ignore_ascii_case("regexp_like") {
            return Postgres.render_function(c, f);
        }
        c.push_sql("regexp_matches(");
        for (i, arg) in f.args().iter().enumerate() {
            if i > 0 {
                c.push_sql(", ");
            }
            // Arguments go through the compiler: values stay bound.
            c.visit_expr(arg)?;
        }
        c.push_sql(")");
        Ok(true)
    }

    fn render_limit_offset(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
    ) -> Result<(), CompileError> {
        Postgres.render_limit_offset(c, limit, offset)
    }

    /// Never reached (`for_update` is false, so the compiler refuses first),
    /// but delegating keeps the wrapper honest if the capability changes.
    fn render_for_update(&self, c: &mut Compiler<'_>, f: &ForUpdate) -> Result<(), CompileError> {
        Postgres.render_for_update(c, f)
    }

    fn render_literal(&self, v: &Value, out: &mut String) -> Result<(), CompileError> {
        Postgres.render_literal(v, out)
    }

    /// DuckDB has no SERIAL (nor identity columns): an autoincrementing key
    /// needs a sequence, so say so instead of writing `SERIAL`.
    fn render_autoincrement_column(
        &self,
        _c: &mut Compiler<'_>,
        _ty: &Type,
    ) -> Result<bool, CompileError> {
        Err(CompileError::unsupported_with(
            "an autoincrementing primary key (SERIAL)",
            self.name(),
            "create a SEQUENCE and give the column Autoincrement::No and \
             ServerDefault::Raw(\"nextval('the_seq')\")",
        ))
    }
}

// --- A construct: the text of a JSON field -----------------------------------

/// The text of one top-level field of a JSON document, e.g.
/// `json_extract(users.profile, "city")`:
///
/// | dialect    | SQL                                  | bound key   |
/// |------------|--------------------------------------|-------------|
/// | postgresql | `(users.profile ->> $1)`             | `city`      |
/// | duckdb     | `json_extract_string(users.profile, ?)` | `$.city` |
/// | sqlite     | `json_extract(users.profile, ?)`     | `$.city`    |
/// | mysql      | `json_unquote(json_extract(users.profile, ?))` | `$.city` |
///
/// Any other dialect gets a CompileError naming the construct.
#[derive(Debug)]
pub(crate) struct JsonExtract {
    doc: Expr,
    key: String,
}

/// Builds a [`JsonExtract`] expression, usable anywhere an `Expr` is.
pub(crate) fn json_extract(doc: impl Into<Expr>, key: &str) -> Expr {
    Expr::custom(JsonExtract {
        doc: doc.into(),
        key: key.to_owned(),
    })
}

/// A JSON path selecting the top-level `key`: `$.key`, or `$."k.e y"` when
/// the key is not a plain identifier.
fn json_path(key: &str) -> String {
    if is_plain(key) {
        format!("$.{key}")
    } else {
        format!("$.\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Whether `key` is a plain identifier (`city`, `zip_code`).
fn is_plain(key: &str) -> bool {
    key.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl CustomExpr for JsonExtract {
    fn compile(&self, c: &mut Compiler<'_>) -> Result<(), CompileError> {
        // `c.dialect().name()` picks the spelling; every value is pushed
        // with `push_value`, so it becomes a placeholder in the dialect's
        // style (or a literal only when literal binds are asked for).
        let (open, close, key) = match c.dialect().name() {
            // An operator: parenthesized, so it keeps its meaning next to
            // `||` or other operators of the same precedence.
            "postgresql" => ("(", " ->> ", self.key.clone()),
            "duckdb" => ("json_extract_string(", ", ", json_path(&self.key)),
            "sqlite" => ("json_extract(", ", ", json_path(&self.key)),
            "mysql" | "mariadb" => ("json_unquote(json_extract(", ", ", json_path(&self.key)),
            other => {
                return Err(CompileError::unsupported_with(
                    "JsonExtract",
                    other,
                    "this example only knows PostgreSQL, DuckDB, SQLite and MySQL",
                ));
            }
        };
        c.push_sql(open);
        c.visit_expr(&self.doc)?;
        c.push_sql(close);
        c.push_value(Value::from(key))?;
        c.push_sql(match c.dialect().name() {
            "mysql" | "mariadb" => "))",
            _ => ")",
        });
        Ok(())
    }

    /// `AS city_1` rather than `AS anon_1` in a SELECT list (when the key
    /// is a plain identifier).
    fn label_base(&self) -> &str {
        if is_plain(&self.key) {
            &self.key
        } else {
            "anon"
        }
    }

    /// Lets `select(json_extract(users.c("profile"), ..))` find `users`
    /// without an explicit `select_from`.
    fn for_each_child(&self, f: &mut dyn FnMut(&Expr)) {
        f(&self.doc);
    }
}

// --- Using both ----------------------------------------------------------------

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let meta = MetaData::new();
    let users = meta
        .table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::Text).not_null())
        .column(Column::new("profile", Type::Json))
        .column(Column::new("avatar", Type::LargeBinary))
        .build()?;

    let query = select((users.c("name"), json_extract(users.c("profile"), "city")))
        .filter(json_extract(users.c("profile"), "country").eq("NL"))
        .order_by([users.c("name")])
        .limit(10);
    let dialects: [&dyn Dialect; 4] = [&DuckDb, &Postgres, &Sqlite, &Mysql];
    for dialect in dialects {
        let compiled = query.compile(dialect)?;
        println!("{:>10}: {}", dialect.name(), compiled.sql);
        println!("{:>10}  params {:?}", "", compiled.params);
    }

    // The function override: DuckDB's name for regexp_like.
    let matching = select(users.c("id")).filter(func::call(
        "regexp_like",
        [users.c("name"), Expr::from("^A")],
    ));
    println!("\n{}", matching.compile(&Postgres)?.sql);
    println!("{}", matching.compile(&DuckDb)?.sql);
    // The REGEXP operator DuckDB does not have is refused.
    if let Err(e) = select(users.c("id"))
        .filter(users.c("name").regexp_match("^A"))
        .compile(&DuckDb)
    {
        println!("duckdb: {e}");
    }

    // Locking has no meaning in DuckDB: a CompileError, never dropped silently.
    let locked = select(users.c("id")).with_for_update(ForUpdate::new());
    println!("\n{}", locked.compile(&Postgres)?.sql);
    if let Err(e) = locked.compile(&DuckDb) {
        println!("duckdb: {e}");
    }

    // DDL: DuckDB's type names; an integer key autoincrements through a
    // sequence, not SERIAL.
    if let Err(e) = CreateTable::new(&users).compile(&DuckDb) {
        println!("\nduckdb: {e}");
    }
    let files = meta
        .table("files")
        .column(
            Column::new("id", Type::Integer)
                .primary_key()
                .autoincrement(aludel::schema::Autoincrement::No)
                .server_default(aludel::schema::ServerDefault::Raw(
                    "nextval('files_id_seq')".into(),
                )),
        )
        .column(Column::new("data", Type::LargeBinary))
        .column(Column::new("size", Type::Double))
        .column(Column::new("created", Type::DateTime { timezone: true }))
        .build()?;
    println!("{}", CreateTable::new(&files).compile(&DuckDb)?.sql);
    Ok(())
}
