//! SQL Server, Oracle, Firebird, Sybase and Informix: behaviour beyond the
//! conformance cases — errors instead of wrong SQL, the statement cache with
//! inlined counts, placeholders and RETURNING forms; and a dialect of the
//! user's own, which gets the forms its capabilities name.

use aludel_compiler::cache::{Shape, Template};
use aludel_compiler::dialect::{Capabilities, FullTextStyle, NullSafeEquality};
use aludel_compiler::dialect::{Firebird, Informix, Mssql, Oracle, Sybase};
use aludel_compiler::prelude::*;
use aludel_compiler::schema::FkAction;
use aludel_compiler::schema::Index;
use aludel_compiler::stmt::{CreateTable, DropIndex, ForUpdate, SetComment};
use aludel_compiler::{CompileError, CompileOptions, Dialect, ParamStyle};

fn users() -> (MetaData, Table) {
    let meta = MetaData::new();
    let t = meta
        .table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::String(Some(50))))
        .column(Column::new("active", Type::Boolean))
        .build()
        .expect("valid table");
    (meta, t)
}

fn sql(stmt: impl Into<Statement>, d: &dyn Dialect) -> String {
    stmt.into().compile(d).expect("compiles").sql
}

fn err(stmt: impl Into<Statement>, d: &dyn Dialect) -> String {
    match stmt.into().compile(d) {
        Ok(c) => panic!("{} compiled: {}", d.name(), c.sql),
        Err(e) => e.to_string(),
    }
}

#[test]
fn mssql_pages_only_ordered_results() {
    let (_m, t) = users();
    let msg = err(select(t.c("id")).limit(5).offset(10), &Mssql);
    assert!(
        msg.contains("OFFSET without ORDER BY") && msg.contains("mssql"),
        "{msg}"
    );
    let msg = err(select(t.c("id")).fetch(5), &Mssql);
    assert!(msg.contains("FETCH FIRST without ORDER BY"), "{msg}");
    assert_eq!(
        sql(select(t.c("id")).order_by([t.c("id")]).fetch(5), &Mssql),
        "SELECT users.id FROM users ORDER BY users.id OFFSET 0 ROWS FETCH FIRST @p1 ROWS ONLY"
    );
    assert_eq!(
        sql(select(t.c("id")).distinct().limit(3), &Mssql),
        "SELECT DISTINCT TOP 3 users.id FROM users"
    );
}

#[test]
fn mssql_output_clause_and_named_placeholders() {
    let (_m, t) = users();
    let up = update(&t)
        .set([("name", "x")])
        .filter(t.c("id").eq(1))
        .returning([t.c("id")]);
    assert_eq!(
        sql(up.clone(), &Mssql),
        "UPDATE users SET name=@p1 OUTPUT inserted.id WHERE users.id = @p2"
    );
    let named = Statement::from(up)
        .compile_with(
            &Mssql,
            &CompileOptions::new().paramstyle(ParamStyle::AtNamed),
        )
        .expect("compiles");
    assert_eq!(
        named.sql,
        "UPDATE users SET name=@name OUTPUT inserted.id WHERE users.id = @id_1"
    );
    let del = delete(&t).filter(t.c("id").eq(1)).returning([t.c("name")]);
    assert_eq!(
        sql(del, &Mssql),
        "DELETE FROM users OUTPUT deleted.name WHERE users.id = @p1"
    );
    // a bare boolean column becomes a comparison; booleans bind as values
    assert_eq!(
        sql(select(t.c("id")).filter(t.c("active")), &Mssql),
        "SELECT users.id FROM users WHERE users.active = 1"
    );
}

#[test]
fn oracle_returning_into_leaves_out_parameters_unbound() {
    let (_m, t) = users();
    let c = Statement::from(
        insert(&t)
            .values([("name", "ed")])
            .returning([t.c("id"), t.c("name")]),
    )
    .compile(&Oracle)
    .expect("compiles");
    assert_eq!(
        c.sql,
        "INSERT INTO users (name) VALUES (:name) RETURNING users.id, users.name INTO :ret_0, :ret_1"
    );
    assert_eq!(c.params.len(), 3);
    assert_eq!(c.unbound.len(), 2, "the INTO targets are out-parameters");
}

#[test]
fn oracle_refuses_what_it_cannot_do() {
    let meta = MetaData::new();
    meta.table("p")
        .column(Column::new("id", Type::Integer).primary_key())
        .build()
        .expect("valid");
    let c = meta
        .table("c")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(
            Column::new("p_id", Type::Integer)
                .foreign_key(ForeignKey::new("p.id").on_update(FkAction::Cascade)),
        )
        .build()
        .expect("valid");
    let msg = err(CreateTable::new(&c), &Oracle);
    assert!(
        msg.contains("ON UPDATE CASCADE") && msg.contains("oracle"),
        "{msg}"
    );
    let (_m, t) = users();
    let msg = err(
        select(t.c("id")).with_for_update(ForUpdate::new().of(&t)),
        &Oracle,
    );
    assert!(msg.contains("FOR UPDATE OF"), "{msg}");
    let two = insert(&t).values_many(["a", "b"].map(|n| [("name", Expr::from(n))]));
    let msg = err(two, &Oracle);
    assert!(msg.contains("multi-row INSERT"), "{msg}");
    assert_eq!(
        sql(select(t.c("id")).except(select(t.c("id"))), &Oracle),
        "SELECT users.id FROM users MINUS SELECT users.id FROM users"
    );
}

#[test]
fn informix_inline_counts_are_not_cached_as_templates() {
    let (_m, t) = users();
    let q = |n: u64| -> Statement { select(t.c("id")).limit(n).into() };
    let first = q(5);
    let shape = Shape::of(&first);
    let template =
        Template::compile(&first, &shape, &Informix, &CompileOptions::new()).expect("compiles");
    assert!(
        template.is_none(),
        "SELECT FIRST 5 must not be reused for FIRST 7"
    );
    assert_eq!(sql(q(7), &Informix), "SELECT FIRST 7 users.id FROM users");
    // the same for SQL Server's inline TOP
    let top = Template::compile(&first, &shape, &Mssql, &CompileOptions::new()).expect("compiles");
    assert!(top.is_none());
}

#[test]
fn firebird_offset_bound_twice_survives_the_cache() {
    let (_m, t) = users();
    let q = |o: u64| -> Statement {
        select(t.c("id"))
            .order_by([t.c("id")])
            .limit(10)
            .offset(o)
            .into()
    };
    let first = q(20);
    let template = Template::compile(
        &first,
        &Shape::of(&first),
        &Firebird,
        &CompileOptions::new(),
    )
    .expect("compiles")
    .expect("cacheable");
    let second = q(40);
    let c = template.instantiate(&Shape::of(&second));
    assert_eq!(
        c.sql,
        "SELECT users.id FROM users ORDER BY users.id \
         ROWS CAST(? AS INTEGER) + 1 TO CAST(? AS INTEGER) + CAST(? AS INTEGER)"
    );
    assert_eq!(
        c.params,
        vec![Value::from(40), Value::from(40), Value::from(10)]
    );
}

#[test]
fn firebird_has_no_schemas_or_intersect() {
    let meta = MetaData::new();
    let t = meta
        .table("employees")
        .schema("hr")
        .column(Column::new("id", Type::Integer).primary_key())
        .build()
        .expect("valid");
    let msg = err(select(t.c("id")), &Firebird);
    assert!(
        msg.contains("hr.employees") && msg.contains("firebird"),
        "{msg}"
    );
    let (_m, u) = users();
    let msg = err(select(u.c("id")).intersect(select(u.c("id"))), &Firebird);
    assert!(msg.contains("INTERSECT"), "{msg}");
    let msg = err(select(u.c("id")).except(select(u.c("id"))), &Sybase);
    assert!(msg.contains("EXCEPT") && msg.contains("sybase"), "{msg}");
}

#[test]
fn sybase_identity_takes_no_null_constraint() {
    let (_m, t) = users();
    let ddl = sql(CreateTable::new(&t), &Sybase);
    assert!(ddl.contains("id INTEGER IDENTITY,"), "{ddl}");
    assert!(ddl.contains("name VARCHAR(50) NULL"), "{ddl}");
}

#[test]
fn every_dialect_names_itself_in_errors() {
    let (_m, t) = users();
    let q = select(t.c("id")).filter(t.c("name").regexp_match("^a"));
    for d in [&Mssql as &dyn Dialect, &Firebird, &Sybase, &Informix] {
        let e: CompileError = Statement::from(q.clone())
            .compile(d)
            .expect_err("no regexp");
        assert!(e.to_string().contains(d.name()), "{e}");
    }
    assert_eq!(
        sql(q, &Oracle),
        "SELECT users.id FROM users WHERE REGEXP_LIKE(users.name, :name_1)"
    );
}

#[test]
fn long_names_are_refused_or_shortened_deterministically() {
    let long = "a_column_name_that_is_longer_than_thirty_bytes";
    let meta = MetaData::new();
    let t = meta
        .table("t")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new(long, Type::Integer))
        .build()
        .expect("valid");
    // the placeholder name is cut to Oracle's 30 bytes, the same every time
    let q = || -> Statement { select(t.c("id")).filter(t.c(long).eq(5)).into() };
    let a = q().compile(&Oracle).expect("compiles").sql;
    let b = q().compile(&Oracle).expect("compiles").sql;
    assert_eq!(a, b);
    let placeholder = a.rsplit(':').next().expect("a named placeholder");
    assert_eq!(placeholder.len(), 30, "{a}");
    assert!(placeholder.starts_with("a_column_name_that_is_"), "{a}");
    // a name the user chose that the database cannot hold is an error
    let huge = "x".repeat(129);
    let msg = err(select(t.c("id").label(huge.as_str())), &Oracle);
    assert!(
        msg.contains("at most 128 bytes") && msg.contains("oracle"),
        "{msg}"
    );
    // a generated label is shortened instead: `<function>_1` for a
    // function whose name is near Firebird's 63-byte limit
    let fname = "f".repeat(62);
    let c = Statement::from(select(func::call(&fname, [t.c("id")])))
        .compile(&Firebird)
        .expect("compiles");
    let label = c
        .sql
        .split(" AS ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .expect("a label");
    assert_eq!(label.len(), 63, "{}", c.sql);
    assert!(label.starts_with(&"f".repeat(54)), "{}", c.sql);
}

#[cfg(feature = "chrono")]
#[test]
fn oracle_writes_date_literals_with_to_date() {
    let meta = MetaData::new();
    let t = meta
        .table("events")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("day", Type::Date))
        .column(Column::new("at", Type::DateTime { timezone: false }))
        .build()
        .expect("valid");
    let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 31).expect("a date");
    let at = day.and_hms_opt(13, 5, 0).expect("a time");
    let q = Statement::from(
        select(t.c("id"))
            .filter(t.c("day").eq(day))
            .filter(t.c("at").lt(at)),
    );
    let c = q
        .compile_with(&Oracle, &CompileOptions::new().literal_binds(true))
        .expect("compiles");
    assert_eq!(
        c.sql,
        "SELECT events.id FROM events WHERE events.day = TO_DATE('2024-01-31', 'YYYY-MM-DD') \
         AND events.at < TO_TIMESTAMP('2024-01-31 13:05:00.000000', 'YYYY-MM-DD HH24:MI:SS.FF6')"
    );
    // bound by default
    let bound = q.compile(&Oracle).expect("compiles");
    assert_eq!(bound.params.len(), 2);
}

#[test]
fn bitwise_xor_where_the_database_has_it() {
    use aludel_compiler::dialect::{Mysql, Postgres, Sqlite};
    let (_m, t) = users();
    let q = || -> Statement { select(t.c("id").bitwise_xor(3)).into() };
    assert_eq!(
        q().compile(&Postgres).expect("xor").sql,
        "SELECT users.id # $1 AS anon_1 FROM users"
    );
    assert_eq!(
        q().compile(&Mysql).expect("xor").sql,
        "SELECT users.id ^ ? AS anon_1 FROM users"
    );
    for d in [&Sqlite as &dyn Dialect, &Oracle, &Firebird, &Informix] {
        let msg = q().compile(d).expect_err("no XOR operator").to_string();
        assert!(msg.contains("XOR") && msg.contains(d.name()), "{msg}");
    }
}

#[test]
fn comments_are_statements_where_the_database_has_them() {
    let meta = MetaData::new();
    let t = meta
        .table("Order")
        .comment("orders' book")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("note", Type::Text))
        .build()
        .expect("valid table");
    let on_table = SetComment::table(&t);
    // the note column has no comment: the statement removes the database's
    let on_note = SetComment::column(&t, "note").expect("note");
    assert_eq!(
        sql(&on_table, &Oracle),
        "COMMENT ON TABLE \"Order\" IS 'orders'' book'"
    );
    assert_eq!(
        sql(&on_note, &Oracle),
        "COMMENT ON COLUMN \"Order\".note IS ''"
    );
    assert_eq!(
        sql(&on_note, &Firebird),
        "COMMENT ON COLUMN \"Order\".note IS NULL"
    );
    for d in [&Mssql as &dyn Dialect, &Sybase, &Informix] {
        let msg = err(&on_table, d);
        assert!(
            msg.contains("COMMENT ON") && msg.contains(d.name()),
            "{}: {msg}",
            d.name()
        );
    }
    assert!(matches!(
        SetComment::column(&t, "missing"),
        Err(CompileError::UnknownColumn { .. })
    ));
}

#[test]
fn null_safe_equality_is_written_in_each_database_own_form() {
    let (_m, t) = users();
    let q = select(t.c("id"))
        .filter(t.c("name").is_distinct_from("x"))
        .filter(t.c("active").is_not_distinct_from(t.c("active")));
    // Not MySQL's `<=>`, which none of these has.
    assert_eq!(
        sql(&q, &Mssql),
        "SELECT users.id FROM users WHERE NOT EXISTS (SELECT users.name INTERSECT SELECT @p1) \
         AND EXISTS (SELECT users.active INTERSECT SELECT users.active)"
    );
    assert_eq!(
        sql(&q, &Oracle),
        "SELECT users.id FROM users WHERE DECODE(users.name, :name_1, 0, 1) = 1 \
         AND DECODE(users.active, users.active, 0, 1) = 0"
    );
    assert!(sql(&q, &Firebird).contains("users.name IS DISTINCT FROM "));
    // A condition is no value in a SELECT list or a DECODE argument there.
    let on_conditions =
        select(t.c("id")).filter(t.c("id").gt(1).is_distinct_from(t.c("active").eq(true)));
    for d in [&Mssql as &dyn Dialect, &Oracle] {
        let msg = err(&on_conditions, d);
        assert!(msg.contains("between conditions"), "{}: {msg}", d.name());
    }
    for d in [&Sybase as &dyn Dialect, &Informix] {
        let msg = err(&q, d);
        assert!(
            msg.contains("DISTINCT FROM") && msg.contains(d.name()),
            "{}: {msg}",
            d.name()
        );
    }
}

/// A dialect of the user's own, with MySQL's forms under another name.
#[derive(Debug)]
struct Warehouse;

static WAREHOUSE: Capabilities = Capabilities {
    null_safe_equality: NullSafeEquality::Spaceship,
    full_text: FullTextStyle::MatchAgainst,
    drop_index_on_table: true,
    drop_index_if_exists: false,
    parenthesized_defaults: true,
    bare_keyword_defaults: false,
    enum_check: false,
    ..Capabilities::ANSI
};

impl Dialect for Warehouse {
    fn name(&self) -> &str {
        "warehouse"
    }
    fn caps(&self) -> &Capabilities {
        &WAREHOUSE
    }
}

#[test]
fn a_dialect_of_ones_own_gets_the_forms_its_capabilities_name() {
    let meta = MetaData::new();
    let t = meta
        .table("docs")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("body", Type::Text))
        .column(Column::new("kind", Type::enumeration("kind", ["a", "b"])))
        .column(Column::new("day", Type::Date).server_default(
            aludel_compiler::schema::ServerDefault::Expr(
                aludel_compiler::expr::func::current_date(),
            ),
        ))
        .build()
        .expect("valid table");
    let q = select(t.c("id"))
        .filter(t.c("body").is_distinct_from("x"))
        .filter(t.c("body").match_("word"));
    assert_eq!(
        sql(&q, &Warehouse),
        "SELECT docs.id FROM docs WHERE NOT (docs.body <=> :body_1) \
         AND MATCH (docs.body) AGAINST (:body_2 IN BOOLEAN MODE)"
    );
    let ix = Index::new("ix_body", &t, [t.c("body")]);
    assert_eq!(
        sql(DropIndex::new(&ix), &Warehouse),
        "DROP INDEX ix_body ON docs"
    );
    assert!(err(DropIndex::new(&ix).if_exists(), &Warehouse).contains("warehouse"));
    let ddl = sql(CreateTable::new(&t), &Warehouse);
    assert!(ddl.contains("day DATE DEFAULT (CURRENT_DATE)"), "{ddl}");
    assert!(!ddl.contains("CHECK"), "{ddl}");
}
