//! A dialect and a construct defined outside aludel (in
//! `examples/extend_dialect.rs`, included here so the example itself is
//! what is tested): the SQL they produce on DuckDB, PostgreSQL, SQLite and
//! MySQL/MariaDB, and the errors where a database cannot express something.
//!
//! The DuckDB statements asserted here were also run on DuckDB 2.0 (through
//! its Python package) when this test was written.

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/extend_dialect.rs"]
mod example;

use aludel::dialect::{
    Capabilities, Generic, Mariadb, Mysql, Postgres, RegexpStyle, Sqlite, TypeContext,
};
use aludel::prelude::*;
use aludel::schema::{Autoincrement, ServerDefault};
use aludel::stmt::{ConflictTarget, CreateTable, ForUpdate};
use aludel::{CompileError, CompileOptions, Dialect, ParamStyle};
use example::{DuckDb, json_extract};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn users() -> Table {
    MetaData::new()
        .table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::Text).not_null())
        .column(Column::new("profile", Type::Json))
        .build()
        .expect("users table")
}

/// Asserts `err` is `Unsupported` for `construct` on `dialect`.
fn assert_unsupported(err: CompileError, construct: &str, dialect: &str) {
    match err {
        CompileError::Unsupported {
            construct: c,
            dialect: d,
            ..
        } => {
            assert!(c.contains(construct), "construct {c:?}");
            assert_eq!(d, dialect);
        }
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

// --- The dialect --------------------------------------------------------------

#[test]
fn duckdb_keeps_postgres_capabilities_and_changes_its_own() {
    let duck: &Capabilities = DuckDb.caps();
    let pg = Postgres.caps();
    assert_eq!(DuckDb.name(), "duckdb");
    // Changed for DuckDB.
    assert_eq!(duck.paramstyle, ParamStyle::Qmark);
    assert_eq!(pg.paramstyle, ParamStyle::Numeric);
    assert!(!duck.for_update && pg.for_update);
    assert_eq!(duck.regexp, RegexpStyle::Function("regexp_matches"));
    assert_eq!(pg.regexp, RegexpStyle::Operator("~", "!~"));
    assert_eq!((duck.bitwise_xor, pg.bitwise_xor), (None, Some("#")));
    // Inherited from PostgreSQL.
    assert!(duck.ilike && duck.distinct_on && duck.typed_binds);
    assert_eq!(duck.upsert, pg.upsert);
    assert_eq!(duck.returning, pg.returning);
    assert_eq!(duck.quote, pg.quote);
    assert_eq!(duck.max_identifier_length, pg.max_identifier_length);
}

#[test]
fn duckdb_writes_postgres_sql_with_qmark_placeholders() -> TestResult {
    let users = users();
    let q = select((users.c("id"), users.c("name")))
        .distinct_on([users.c("name")])
        .filter(users.c("name").ilike("ed%"))
        .order_by([users.c("name")])
        .limit(5)
        .offset(10);
    let duck = q.compile(&DuckDb)?;
    assert_eq!(
        duck.sql,
        "SELECT DISTINCT ON (users.name) users.id, users.name FROM users \
         WHERE users.name ILIKE ? ORDER BY users.name LIMIT ? OFFSET ?"
    );
    assert_eq!(
        duck.params,
        vec![Value::from("ed%"), Value::from(5), Value::from(10)]
    );
    assert_eq!(
        q.compile(&Postgres)?.sql,
        "SELECT DISTINCT ON (users.name) users.id, users.name FROM users \
         WHERE users.name ILIKE $1 ORDER BY users.name LIMIT $2 OFFSET $3"
    );
    // The dialects without DISTINCT ON refuse it rather than drop it.
    assert!(q.compile(&Sqlite).is_err());
    assert!(q.compile(&Mysql).is_err());
    Ok(())
}

#[test]
fn duckdb_upsert_and_returning_come_from_postgres() -> TestResult {
    let users = users();
    let ins = insert(&users).values([("id", Expr::from(1)), ("name", Expr::from("ed"))]);
    let upsert = ins
        .clone()
        .on_conflict_do_update(
            ConflictTarget::columns(["id"]),
            [("name", ins.excluded("name"))],
            None,
        )
        .returning([users.c("id")]);
    assert_eq!(
        upsert.compile(&DuckDb)?.sql,
        "INSERT INTO users (id, name) VALUES (?, ?) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name RETURNING users.id"
    );
    assert_eq!(
        upsert.compile(&Postgres)?.sql,
        "INSERT INTO users (id, name) VALUES ($1, $2) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name RETURNING users.id"
    );
    Ok(())
}

#[test]
fn duckdb_refuses_row_locks() -> TestResult {
    let users = users();
    let q = select(users.c("id")).with_for_update(ForUpdate::new());
    assert_eq!(
        q.compile(&Postgres)?.sql,
        "SELECT users.id FROM users FOR UPDATE"
    );
    assert_eq!(
        q.compile(&Mysql)?.sql,
        "SELECT users.id FROM users FOR UPDATE"
    );
    let err = q.compile(&DuckDb).expect_err("DuckDB has no FOR UPDATE");
    assert!(err.to_string().contains("duckdb"), "{err}");
    assert_unsupported(err, "FOR UPDATE", "duckdb");
    assert_unsupported(
        q.compile(&Sqlite).expect_err("SQLite has no FOR UPDATE"),
        "FOR UPDATE",
        "sqlite",
    );
    Ok(())
}

#[test]
fn duckdb_spells_regexp_like_as_regexp_matches() -> TestResult {
    let users = users();
    let q = select(users.c("id")).filter(func::call(
        "regexp_like",
        [users.c("name"), Expr::from("^A")],
    ));
    let duck = q.compile(&DuckDb)?;
    assert_eq!(
        duck.sql,
        "SELECT users.id FROM users WHERE regexp_matches(users.name, CAST(? AS VARCHAR))"
    );
    assert_eq!(duck.params, vec![Value::from("^A")]);
    // Every other dialect keeps the name it was given.
    assert_eq!(
        q.compile(&Postgres)?.sql,
        "SELECT users.id FROM users WHERE regexp_like(users.name, $1)"
    );
    assert_eq!(
        q.compile(&Mysql)?.sql,
        "SELECT users.id FROM users WHERE regexp_like(users.name, ?)"
    );
    // Other functions are untouched on DuckDB.
    assert_eq!(
        select(func::lower(users.c("name"))).compile(&DuckDb)?.sql,
        "SELECT lower(users.name) AS lower_1 FROM users"
    );
    Ok(())
}

#[test]
fn duckdb_matches_regexps_with_a_function_and_refuses_xor() -> TestResult {
    let users = users();
    let q = select(users.c("id")).filter(users.c("name").regexp_match("^A"));
    assert_eq!(
        q.compile(&Postgres)?.sql,
        "SELECT users.id FROM users WHERE users.name ~ $1"
    );
    assert_eq!(
        q.compile(&Sqlite)?.sql,
        "SELECT users.id FROM users WHERE users.name REGEXP ?"
    );
    assert_eq!(
        q.compile(&DuckDb)?.sql,
        "SELECT users.id FROM users WHERE regexp_matches(users.name, ?)"
    );
    let x = select(users.c("id").bitwise_xor(3));
    assert_eq!(
        x.compile(&Postgres)?.sql,
        "SELECT users.id # $1 AS anon_1 FROM users"
    );
    assert_unsupported(
        x.compile(&DuckDb).expect_err("no XOR operator in DuckDB"),
        "XOR",
        "duckdb",
    );
    // Capabilities it does not change come from PostgreSQL's table; those
    // it changes do not: no `@@ plainto_tsquery`, no ON CONSTRAINT.
    let search = select(users.c("id")).filter(users.c("name").match_("ed"));
    assert!(
        search
            .compile(&Postgres)?
            .sql
            .contains("@@ plainto_tsquery(")
    );
    assert_unsupported(
        search.compile(&DuckDb).expect_err("no tsquery in DuckDB"),
        "MATCH",
        "duckdb",
    );
    let ins = insert(&users).values([("id", 1)]);
    let on_constraint = ins.on_conflict_do_nothing(ConflictTarget::constraint("users_pkey"));
    assert!(on_constraint.compile(&Postgres).is_ok());
    assert_unsupported(
        on_constraint
            .compile(&DuckDb)
            .expect_err("no ON CONSTRAINT in DuckDB"),
        "ON CONFLICT ON CONSTRAINT",
        "duckdb",
    );
    Ok(())
}

#[test]
fn duckdb_type_names() -> TestResult {
    let render = |d: &dyn Dialect, ty: &Type| -> Result<String, CompileError> {
        let mut out = String::new();
        d.render_type(ty, TypeContext::Ddl, &mut out)?;
        Ok(out)
    };
    let cases = [
        (Type::LargeBinary, "BLOB", "BYTEA"),
        (Type::Double, "DOUBLE", "DOUBLE PRECISION"),
        (
            Type::DateTime { timezone: true },
            "TIMESTAMPTZ",
            "TIMESTAMP WITH TIME ZONE",
        ),
        // Delegated to PostgreSQL.
        (Type::Uuid, "UUID", "UUID"),
        (Type::Json, "JSON", "JSON"),
        (
            Type::DateTime { timezone: false },
            "TIMESTAMP WITHOUT TIME ZONE",
            "TIMESTAMP WITHOUT TIME ZONE",
        ),
        (Type::String(Some(20)), "VARCHAR(20)", "VARCHAR(20)"),
    ];
    for (ty, duck, pg) in cases {
        assert_eq!(render(&DuckDb, &ty)?, duck, "{ty:?}");
        assert_eq!(render(&Postgres, &ty)?, pg, "{ty:?}");
    }
    // The override reaches CAST too.
    let users = users();
    assert_eq!(
        select(users.c("name").cast(Type::LargeBinary))
            .compile(&DuckDb)?
            .sql,
        "SELECT CAST(users.name AS BLOB) AS name FROM users"
    );
    Ok(())
}

#[test]
fn duckdb_ddl_needs_a_sequence_for_an_autoincrementing_key() -> TestResult {
    let meta = MetaData::new();
    let auto = meta
        .table("auto")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("data", Type::LargeBinary))
        .build()?;
    assert_eq!(
        CreateTable::new(&auto).compile(&Postgres)?.sql,
        "CREATE TABLE auto (\n\tid SERIAL NOT NULL, \n\tdata BYTEA, \n\tPRIMARY KEY (id)\n)"
    );
    assert_unsupported(
        CreateTable::new(&auto)
            .compile(&DuckDb)
            .expect_err("DuckDB has no SERIAL"),
        "SERIAL",
        "duckdb",
    );
    let files = meta
        .table("files")
        .column(
            Column::new("id", Type::Integer)
                .primary_key()
                .autoincrement(Autoincrement::No)
                .server_default(ServerDefault::Raw("nextval('files_id_seq')".into())),
        )
        .column(Column::new("data", Type::LargeBinary))
        .column(Column::new("size", Type::Double))
        .column(Column::new("created", Type::DateTime { timezone: true }))
        .build()?;
    assert_eq!(
        CreateTable::new(&files).compile(&DuckDb)?.sql,
        "CREATE TABLE files (\n\tid INTEGER DEFAULT nextval('files_id_seq') NOT NULL, \
         \n\tdata BLOB, \n\tsize DOUBLE, \n\tcreated TIMESTAMPTZ, \n\tPRIMARY KEY (id)\n)"
    );
    Ok(())
}

#[test]
fn duckdb_literals_are_postgres_literals() -> TestResult {
    let users = users();
    let q = select(users.c("id")).filter(users.c("name").eq("it's"));
    let inline = CompileOptions::new().literal_binds(true);
    assert_eq!(
        q.compile_with(&DuckDb, &inline)?.sql,
        "SELECT users.id FROM users WHERE users.name = 'it''s'"
    );
    Ok(())
}

// --- The construct ----------------------------------------------------------------

#[test]
fn json_extract_per_dialect() -> TestResult {
    let users = users();
    let q = select((users.c("name"), json_extract(users.c("profile"), "city")))
        .filter(json_extract(users.c("profile"), "country").eq("NL"));
    let cases: [(&dyn Dialect, &str, &str, &str); 5] = [
        (
            &DuckDb,
            "SELECT users.name, json_extract_string(users.profile, ?) AS city_1 FROM users \
             WHERE json_extract_string(users.profile, ?) = CAST(? AS VARCHAR)",
            "$.city",
            "$.country",
        ),
        (
            &Postgres,
            "SELECT users.name, (users.profile ->> $1) AS city_1 FROM users \
             WHERE (users.profile ->> $2) = CAST($3 AS VARCHAR)",
            "city",
            "country",
        ),
        (
            &Sqlite,
            "SELECT users.name, json_extract(users.profile, ?) AS city_1 FROM users \
             WHERE json_extract(users.profile, ?) = ?",
            "$.city",
            "$.country",
        ),
        (
            &Mysql,
            "SELECT users.name, json_unquote(json_extract(users.profile, ?)) AS city_1 FROM users \
             WHERE json_unquote(json_extract(users.profile, ?)) = ?",
            "$.city",
            "$.country",
        ),
        (
            &Mariadb,
            "SELECT users.name, json_unquote(json_extract(users.profile, ?)) AS city_1 FROM users \
             WHERE json_unquote(json_extract(users.profile, ?)) = ?",
            "$.city",
            "$.country",
        ),
    ];
    for (dialect, sql, city, country) in cases {
        let c = q.compile(dialect)?;
        assert_eq!(c.sql, sql, "{}", dialect.name());
        // The keys are bound, in order, never written into the SQL.
        assert_eq!(
            c.params,
            vec![Value::from(city), Value::from(country), Value::from("NL")],
            "{}",
            dialect.name()
        );
    }
    Ok(())
}

#[test]
fn json_extract_keys_stay_bound() -> TestResult {
    let users = users();
    let key = "x'); DROP TABLE users; --";
    let q = select(users.c("id")).filter(json_extract(users.c("profile"), key).is_not(null()));
    for dialect in [&DuckDb as &dyn Dialect, &Postgres, &Sqlite, &Mysql] {
        let c = q.compile(dialect)?;
        assert!(!c.sql.contains("DROP"), "{}: {}", dialect.name(), c.sql);
        assert_eq!(c.params.len(), 1, "{}", dialect.name());
    }
    // A key that is not a plain identifier is quoted inside the bound path.
    assert_eq!(
        q.compile(&Sqlite)?.params,
        vec![Value::from(r#"$."x'); DROP TABLE users; --""#)]
    );
    assert_eq!(
        select(json_extract(users.c("profile"), "a.b"))
            .compile(&DuckDb)?
            .params,
        vec![Value::from(r#"$."a.b""#)]
    );
    assert_eq!(q.compile(&Postgres)?.params, vec![Value::from(key)]);
    // Inlined only on request, and then escaped by the dialect.
    let inline = CompileOptions::new().literal_binds(true);
    assert_eq!(
        select(json_extract(users.c("profile"), "it's"))
            .compile_with(&Postgres, &inline)?
            .sql,
        "SELECT (users.profile ->> 'it''s') AS anon_1 FROM users"
    );
    Ok(())
}

#[test]
fn json_extract_keeps_its_meaning_next_to_other_operators() -> TestResult {
    let users = users();
    // PostgreSQL's `->>` has the precedence of `||`: the construct
    // parenthesizes itself.
    let e = users
        .c("name")
        .concat(json_extract(users.c("profile"), "city"));
    assert_eq!(
        select(e.clone()).compile(&Postgres)?.sql,
        "SELECT users.name || (users.profile ->> $1) AS anon_1 FROM users"
    );
    assert_eq!(
        select(e).compile(&DuckDb)?.sql,
        "SELECT users.name || json_extract_string(users.profile, ?) AS anon_1 FROM users"
    );
    Ok(())
}

#[test]
fn json_extract_is_refused_where_it_is_unknown() {
    let users = users();
    let err = select(json_extract(users.c("profile"), "city"))
        .compile(&Generic)
        .expect_err("the generic dialect has no JSON functions");
    assert_unsupported(err, "JsonExtract", "default");
}
