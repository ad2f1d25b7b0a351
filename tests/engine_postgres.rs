//! The engine on a live PostgreSQL server: connecting, every type's round
//! trip, parameter encoding, transactions, errors and batching.
//!
//! Runs when `ALUDEL_TEST_POSTGRES_URL` is set (e.g.
//! `postgresql://postgres@127.0.0.1:5432/test`); every test is skipped with
//! a message otherwise. Tables are named `pg_test_*_<pid>` and dropped, so
//! that the tests can share the database with other test runs.

#![cfg(feature = "postgres")]

mod support;

use support::typed;

use aludel::prelude::*;
use aludel::{
    Connection, EngineBuilder, Error, ErrorKind, IsolationLevel, MetaDataExt, create_engine,
    params, text,
};
use chrono::{NaiveDate, NaiveTime, TimeZone};

/// The server's URL, or `None` (with a message) when the tests are skipped.
fn url() -> Option<String> {
    let url = support::url_of("postgresql");
    if url.is_none() {
        println!("skipped: set ALUDEL_TEST_POSTGRES_URL to run the PostgreSQL tests");
    }
    url
}

fn engine() -> Option<Engine> {
    Some(create_engine(&url()?).expect("engine"))
}

/// A table name unique to this test and process.
fn name(base: &str) -> String {
    format!("pg_test_{base}_{}", std::process::id())
}

/// Drops the tables when the test ends, even by panic.
struct Cleanup(Engine, Vec<String>);

impl Cleanup {
    fn new(engine: &Engine, tables: &[&str]) -> Cleanup {
        let c = Cleanup(
            engine.clone(),
            tables.iter().map(|t| t.to_string()).collect(),
        );
        c.drop_tables();
        c
    }

    fn drop_tables(&self) {
        if let Ok(mut conn) = self.0.connect() {
            for t in &self.1 {
                let _ = conn.execute(text(&format!("DROP TABLE IF EXISTS {t} CASCADE")));
            }
        }
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        self.drop_tables();
    }
}

fn db_error(r: aludel::Result<aludel::ResultSet>) -> aludel::DatabaseError {
    match r {
        Err(Error::Database(e)) => e,
        Err(other) => panic!("expected a database error, got {other}"),
        Ok(_) => panic!("expected a database error, got a result"),
    }
}

#[test]
fn connects_and_selects() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    assert_eq!(engine.dialect().name(), "postgresql");
    let mut conn = engine.connect()?;
    assert_eq!(conn.execute(text("SELECT 5"))?.scalar::<i64>()?, Some(5));
    assert_eq!(
        conn.execute_with(
            text("SELECT CAST(:a AS INTEGER) + :b"),
            params! {"a" => 1, "b" => 2}
        )?
        .scalar::<i64>()?,
        Some(3)
    );
    // A bare parameter is text to the server; the value reads back all the same.
    assert_eq!(conn.execute(select(literal(7)))?.scalar::<i64>()?, Some(7));
    assert_eq!(
        conn.execute(select(literal("x")))?.scalar::<String>()?,
        Some("x".into())
    );
    let rs = conn.execute(text("SELECT 1 AS a, 'b' AS b UNION ALL SELECT 2, 'c'"))?;
    assert_eq!(rs.keys(), ["a", "b"]);
    assert_eq!(rs.rows_affected(), 2);
    // Several statements without parameters run as a batch (outside a
    // transaction: inside one, the failed PREPARE has aborted it).
    conn.execute(text("SELECT 1; SELECT 2"))?;
    let mut tx = conn.begin()?;
    let e = db_error(tx.execute(text("SELECT 1; SELECT 2")));
    assert!(e.message.contains("multiple commands"), "{}", e.message);
    tx.rollback()?;
    Ok(())
}

#[test]
fn connection_failures_are_reported() {
    let Some(url) = url() else { return };
    let parsed = aludel::Url::parse(&url).expect("url");
    // A port nobody listens on.
    let refused = EngineBuilder::new(&format!(
        "postgresql://{}@127.0.0.1:1/{}",
        parsed.username.as_deref().unwrap_or("postgres"),
        parsed.database
    ))
    .checkout_timeout(std::time::Duration::from_secs(2))
    .build()
    .expect("lazy engine");
    let err = refused.connect().expect_err("nothing listens on port 1");
    assert!(err.to_string().contains("connect"), "{err}");
    if let Error::Database(e) = &err {
        assert_eq!(e.kind, ErrorKind::Operational);
    }
    // A database that does not exist.
    let mut missing = parsed.clone();
    missing.database = "aludel_no_such_database".into();
    let e = EngineBuilder::new(&missing.to_string())
        .checkout_timeout(std::time::Duration::from_secs(2))
        .build()
        .expect("lazy engine");
    let err = e.connect().expect_err("no such database");
    assert!(err.to_string().contains("aludel_no_such_database"), "{err}");
    if let Error::Database(e) = &err {
        assert_eq!(e.kind, ErrorKind::Operational);
    }
    // Without the postgres-tls feature, a mode that needs TLS says how to get it
    // (with it, tests/postgres_tls.rs connects in every mode).
    if !cfg!(feature = "postgres-tls") {
        let tls = EngineBuilder::new(&format!("{url}?sslmode=require"))
            .checkout_timeout(std::time::Duration::from_secs(2))
            .build()
            .expect("lazy engine");
        let err = tls.connect().expect_err("no TLS");
        assert!(err.to_string().contains("sslmode"), "{err}");
        assert!(err.to_string().contains("postgres-tls"), "{err}");
    }
    // An unknown mode is refused either way.
    let bad = EngineBuilder::new(&format!("{url}?sslmode=always"))
        .checkout_timeout(std::time::Duration::from_secs(2))
        .build()
        .expect("lazy engine");
    let err = bad.connect().expect_err("unknown sslmode");
    assert!(err.to_string().contains("verify-full"), "{err}");
}

#[test]
fn url_options() -> aludel::Result<()> {
    let Some(url) = url() else { return Ok(()) };
    let sep = if url.contains('?') { '&' } else { '?' };
    let named = create_engine(&format!(
        "{url}{sep}application_name=aludel_test&sslmode=disable"
    ))?;
    let app: String = named
        .connect()?
        .execute(text("SELECT current_setting('application_name')"))?
        .scalar_one()?;
    assert_eq!(app, "aludel_test");
    let typo = create_engine(&format!("{url}{sep}aplication_name=x"))?;
    let err = typo.connect().expect_err("unknown option");
    assert!(err.to_string().contains("aplication_name"), "{err}");
    // Through the Unix socket, when the server is local and has the usual one.
    let parsed = aludel::Url::parse(&url)?;
    let socket = "/var/run/postgresql";
    if ["127.0.0.1", "localhost"].contains(&parsed.host.as_str())
        && std::path::Path::new(&format!(
            "{socket}/.s.PGSQL.{}",
            parsed.port.unwrap_or(5432)
        ))
        .exists()
    {
        let local = create_engine(&format!("{url}{sep}host={socket}"))?;
        let via: Option<String> = local
            .connect()?
            .execute(text("SELECT CAST(inet_server_addr() AS TEXT)"))?
            .scalar_one()?;
        assert_eq!(via, None, "a Unix socket connection has no server address");
    }
    Ok(())
}

#[test]
fn every_type_round_trips() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let table = name("types");
    let _cleanup = Cleanup::new(&engine, &[&table]);
    let meta = MetaData::new();
    let t = typed::every_type_table(&meta, &table)?;
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    let tod = NaiveTime::from_hms_micro_opt(13, 45, 7, 250_000).expect("time");
    let doc = serde_json::json!({"a": [1, 2, {"b": null}], "s": "x'y\"z"});
    let row = typed::TypedRow::new("héllo '☃'", tod, doc, vec![0, 1, 2, 255]);
    let n = con
        .execute(insert(&t).values(row.values(1)))?
        .rows_affected();
    assert_eq!(n, 1);
    con.execute(insert(&t).values([("id", 2)]))?;
    let rows = con.execute(select(&t).order_by(t.c("id")))?.all();
    assert_eq!(rows.len(), 2);
    let r = &rows[0];
    row.assert_read(r)?;
    assert_eq!(r.get::<chrono::DateTime<chrono::Utc>>("at_tz")?, row.at_tz);
    // The values come back as their own kinds, not as text.
    assert_eq!(r.value("i")?, &Value::Int(i64::from(i32::MIN)));
    assert_eq!(r.value("flag")?, &Value::Bool(true));
    assert_eq!(r.value("num")?, &Value::Decimal(row.num));
    assert_eq!(r.value("day")?, &Value::Date(row.day));
    assert_eq!(r.value("at")?, &Value::DateTime(row.at));
    assert!(matches!(r.value("at_tz")?, Value::DateTimeTz(_)));
    assert!(matches!(r.value("blob")?, Value::Bytes(_)));
    assert!(matches!(r.value("doc")?, Value::Json(_)));
    assert_eq!(r.value("uid")?, &Value::Uuid(row.uid));
    let nulls = &rows[1];
    typed::assert_all_null(nulls, &t)?;
    typed::assert_read_in_place(&mut con, &t, &rows)?;
    assert_eq!(nulls.get::<Option<uuid::Uuid>>("uid")?, None);
    // NULL binds to every type, explicitly too.
    let all_null: Vec<(&str, Expr)> = t
        .columns()
        .skip(1)
        .map(|c| (c.name().as_str(), Expr::from(Value::Null)))
        .chain([("id", Expr::from(3))])
        .collect();
    con.execute(insert(&t).values(all_null))?;
    let three = con.execute(select(&t).filter(t.c("id").eq(3)))?.one()?;
    assert!(three.value("num")?.is_null() && three.value("doc")?.is_null());
    // Filtering binds each value by its column's type.
    let found: i64 = con
        .execute(
            select(t.c("id"))
                .filter(t.c("uid").eq(row.uid))
                .filter(t.c("day").eq(row.day))
                .filter(t.c("at_tz").eq(Value::from(row.at_tz)))
                .filter(t.c("num").eq(row.num))
                .filter(t.c("small").eq(i64::from(i16::MIN))),
        )?
        .scalar_one()?;
    assert_eq!(found, 1);
    // The enum's CHECK constraint holds.
    let bad = con.execute(insert(&t).values([("id", Expr::from(4)), ("mood", Expr::from("meh"))]));
    assert_eq!(db_error(bad).kind, ErrorKind::Integrity);
    // An update reports the rows it changed.
    let n = con
        .execute(update(&t).set([("txt", "changed")]))?
        .rows_affected();
    assert_eq!(n, 3);
    Ok(())
}

#[test]
fn values_bind_by_the_parameter_type() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let mut con = engine.connect()?;
    let one = |con: &mut Connection, sql: &str, v: Value| -> aludel::Result<Value> {
        con.execute_with(text(sql), params! {"v" => v})?
            .scalar_one()
    };
    // Integers to every numeric type, and to text.
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS SMALLINT)", Value::Int(-7))?,
        Value::Int(-7)
    );
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS REAL)", Value::Int(3))?,
        Value::Float(3.0)
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS NUMERIC)",
            Value::Int(-1_000_000_000_000)
        )?,
        Value::Decimal(rust_decimal::Decimal::from(-1_000_000_000_000i64))
    );
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS TEXT)", Value::Int(42))?,
        Value::from("42")
    );
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS OID)", Value::Int(42))?,
        Value::Int(42)
    );
    // Floats and decimals.
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS NUMERIC)", Value::Float(0.1))?,
        Value::Decimal("0.1".parse().expect("decimal"))
    );
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS INTEGER)", Value::Float(4.0))?,
        Value::Int(4)
    );
    let tiny: rust_decimal::Decimal = "-0.000000000000000000000000001".parse().expect("decimal");
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS NUMERIC)", Value::Decimal(tiny))?,
        Value::Decimal(tiny)
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS DOUBLE PRECISION)",
            Value::Decimal("2.5".parse().expect("d"))
        )?,
        Value::Float(2.5)
    );
    // NUMERIC beyond rust_decimal, and NaN, read as text.
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS NUMERIC) * 1000000000000",
            Value::from("123456789012345678.5")
        )?,
        Value::from("123456789012345678500000000000.0")
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS NUMERIC)",
            Value::Float(f64::NAN)
        )?,
        Value::from("NaN")
    );
    // Text is parsed by the server for other types.
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS INTEGER) + 1",
            Value::from("41")
        )?,
        Value::Int(42)
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS DATE)",
            Value::from("2024-02-29")
        )?,
        Value::Date(NaiveDate::from_ymd_opt(2024, 2, 29).expect("date"))
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(CAST(:v AS INTERVAL) AS TEXT)",
            Value::from("1 day 2 hours")
        )?,
        Value::from("1 day 02:00:00")
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS JSONB)",
            Value::from(r#"{"b": 1, "a": [true]}"#)
        )?,
        Value::from(serde_json::json!({"a": [true], "b": 1}))
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS UUID)",
            Value::from("12345678-9abc-def0-1234-56789abcdef0")
        )?,
        Value::Uuid(uuid::Uuid::from_u128(
            0x1234_5678_9abc_def0_1234_5678_9abc_def0
        ))
    );
    // Booleans, times and time zones.
    assert_eq!(
        one(
            &mut con,
            "SELECT NOT CAST(:v AS BOOLEAN)",
            Value::Bool(false)
        )?,
        Value::Bool(true)
    );
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS BOOLEAN)", Value::Int(1))?,
        Value::Bool(true)
    );
    let utc = chrono::Utc
        .with_ymd_and_hms(2024, 1, 2, 3, 4, 5)
        .single()
        .expect("utc");
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS TIMESTAMP)", Value::from(utc))?,
        Value::DateTime(utc.naive_utc())
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS TIMESTAMPTZ)",
            Value::DateTime(utc.naive_utc())
        )?,
        Value::DateTimeTz(utc.fixed_offset())
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(CAST(:v AS TIMETZ) AS TEXT)",
            Value::from("10:00:00+02")
        )?,
        Value::from("10:00:00+02")
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS TIMETZ)",
            Value::from("10:00:00.5-05:30")
        )?,
        Value::from("10:00:00.5-05:30")
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS TIMESTAMP)",
            Value::from("infinity")
        )?,
        Value::from("infinity")
    );
    assert_eq!(
        one(
            &mut con,
            "SELECT CAST(:v AS BYTEA)",
            Value::Bytes(vec![0u8, 159, 146, 150].into())
        )?,
        Value::Bytes(vec![0u8, 159, 146, 150].into())
    );
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS \"char\")", Value::from("x"))?,
        Value::from("x")
    );
    assert_eq!(
        one(&mut con, "SELECT CAST(:v AS NAME)", Value::from("nm"))?,
        Value::from("nm")
    );
    // Out of range, impossible, and unparsable values are data errors.
    let big = con.execute_with(
        text("SELECT CAST(:v AS INTEGER)"),
        params! {"v" => i64::MAX},
    );
    let e = db_error(big);
    assert_eq!(e.kind, ErrorKind::Data);
    assert!(
        e.message.contains("out of range for type int4"),
        "{}",
        e.message
    );
    let bytes = con.execute_with(
        text("SELECT CAST(:v AS INTEGER)"),
        params! {"v" => vec![1u8]},
    );
    let e = db_error(bytes);
    assert_eq!(e.kind, ErrorKind::Data);
    assert!(
        e.message.contains("cannot bind a bytes value"),
        "{}",
        e.message
    );
    let junk = con.execute_with(text("SELECT CAST(:v AS INTEGER)"), params! {"v" => "abc"});
    let e = db_error(junk);
    assert_eq!(e.kind, ErrorKind::Data);
    assert!(
        e.message.contains("invalid input syntax for type integer"),
        "{}",
        e.message
    );
    // A type the driver cannot read is refused before the statement runs.
    let e = db_error(con.execute(text("SELECT ARRAY[1, 2]")));
    assert_eq!(e.kind, ErrorKind::NotSupported);
    assert!(e.message.contains("CAST it to TEXT"), "{}", e.message);
    assert_eq!(
        con.execute(text("SELECT CAST(ARRAY[1, 2] AS TEXT)"))?
            .scalar::<String>()?,
        Some("{1,2}".into())
    );
    // An enum type is text.
    let kind = name("kind");
    con.execute(text(&format!("DROP TYPE IF EXISTS {kind}")))?;
    con.execute(text(&format!("CREATE TYPE {kind} AS ENUM ('a', 'b')")))?;
    let v = one(
        &mut con,
        &format!("SELECT CAST(:v AS {kind})"),
        Value::from("b"),
    );
    con.execute(text(&format!("DROP TYPE {kind}")))?;
    assert_eq!(v?, Value::from("b"));
    Ok(())
}

#[test]
fn transactions_and_savepoints() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let table = name("tx");
    let _cleanup = Cleanup::new(&engine, &[&table]);
    let mut con = engine.connect()?;
    con.execute(text(&format!("CREATE TABLE {table} (a INTEGER)")))?;
    let count_sql = format!("SELECT count(*) FROM {table}");
    let insert_sql = |v: i64| text(&format!("INSERT INTO {table} VALUES ({v})"));
    let count = |con: &mut Connection| -> aludel::Result<i64> {
        con.execute(text(&count_sql))?.scalar_one()
    };
    let mut tx = support::savepoints(&mut con, &table)?;
    assert_eq!(count(&mut tx)?, 2);
    tx.commit()?;
    assert_eq!(count(&mut con)?, 2);
    // Another connection sees committed rows only.
    {
        let mut tx = con.begin()?;
        tx.execute(insert_sql(5))?;
        let mut other = engine.connect()?;
        assert_eq!(count(&mut other)?, 2);
        tx.rollback()?;
    }
    // A savepoint recovers a transaction from an error.
    {
        let mut tx = con.begin()?;
        {
            let mut sp = tx.begin_nested()?;
            assert!(sp.execute(text("SELEKT 1")).is_err());
            sp.rollback()?;
        }
        tx.execute(insert_sql(6))?;
        tx.commit()?;
    }
    assert_eq!(count(&mut con)?, 3);
    // Isolation levels.
    let level = |con: &mut Connection| -> aludel::Result<String> {
        con.execute(text("SHOW transaction_isolation"))?
            .scalar_one()
    };
    {
        let mut tx = con.begin_with(IsolationLevel::Serializable)?;
        assert_eq!(level(&mut tx)?, "serializable");
        tx.execute(insert_sql(7))?;
        tx.commit()?;
    }
    {
        let mut tx = con.begin_with(IsolationLevel::RepeatableRead)?;
        assert_eq!(level(&mut tx)?, "repeatable read");
        tx.rollback()?;
    }
    assert_eq!(level(&mut con)?, "read committed");
    assert!(!con.in_transaction());
    let strict = EngineBuilder::new(&url().expect("url"))
        .isolation_level(IsolationLevel::Serializable)
        .build()?;
    let mut sc = strict.connect()?;
    let mut tx = sc.begin()?;
    assert_eq!(level(&mut tx)?, "serializable");
    tx.commit()?;
    // Outside a transaction each statement commits on its own.
    con.execute(insert_sql(8))?;
    assert_eq!(count(&mut engine.connect()?)?, 5);
    Ok(())
}

#[test]
fn errors_are_classified_and_carry_the_statement() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let (parent_name, child_name) = (name("parent"), name("child"));
    let _cleanup = Cleanup::new(&engine, &[&child_name, &parent_name]);
    let meta = MetaData::new();
    let (parent, child) = support::parent_child(&meta, &parent_name, &child_name)?;
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    let e = support::duplicate_code(&mut con, &parent)?;
    assert!(
        e.message
            .contains("duplicate key value violates unique constraint"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("DETAIL: Key (code)=(a) already exists."),
        "{}",
        e.message
    );
    let orphan = con.execute(insert(&child).values([("id", 1), ("parent_id", 99)]));
    assert_eq!(db_error(orphan).kind, ErrorKind::Integrity);
    let no_code = con.execute(insert(&parent).values([("id", 3)]));
    assert_eq!(db_error(no_code).kind, ErrorKind::Integrity);
    let too_long = con
        .execute(insert(&parent).values([("id", Expr::from(3)), ("code", Expr::from("toolong"))]));
    assert_eq!(db_error(too_long).kind, ErrorKind::Data);
    let e = db_error(con.execute(text("SELEKT 1")));
    assert_eq!(e.kind, ErrorKind::Programming);
    assert_eq!(e.sql, "SELEKT 1");
    assert!(e.message.contains("syntax error"), "{}", e.message);
    let no_table = con.execute(text("SELECT * FROM pg_test_nowhere"));
    assert_eq!(db_error(no_table).kind, ErrorKind::Programming);
    let zero = con.execute(text("SELECT 1 / 0"));
    assert_eq!(db_error(zero).kind, ErrorKind::Data);
    // The connection still works after errors.
    assert_eq!(con.execute(text("SELECT 1"))?.scalar::<i64>()?, Some(1));
    // FOR UPDATE reaches PostgreSQL.
    let mut tx = con.begin()?;
    let locked =
        tx.execute(select(parent.c("id")).with_for_update(aludel::stmt::ForUpdate::new()))?;
    assert_eq!(locked.all().len(), 1);
    tx.commit()?;
    Ok(())
}

#[test]
fn execute_many_and_returning() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let table = name("many");
    let _cleanup = Cleanup::new(&engine, &[&table]);
    let meta = MetaData::new();
    let cars = meta
        .table(&table)
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::String(Some(50))))
        .column(Column::new("price", Type::Integer))
        .build()?;
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    let n = con.execute_many(
        insert(&cars),
        (1..=2500).map(|i| params! {"name" => format!("car {i}"), "price" => i * 10}),
    )?;
    assert_eq!(n, 2500);
    let total: i64 = con
        .execute(text(&format!(
            "SELECT CAST(sum(price) AS BIGINT) FROM {table}"
        )))?
        .scalar_one()?;
    assert_eq!(total, (1..=2500).map(|i| i * 10).sum::<i64>());
    // The SERIAL key counted up; RETURNING hands back the new row.
    let rs = con.execute(
        insert(&cars)
            .values([("name", Expr::from("last")), ("price", Expr::from(1))])
            .returning(cars.c("id")),
    )?;
    assert_eq!(rs.rows_affected(), 1);
    assert_eq!(rs.last_insert_id(), None);
    assert_eq!(rs.scalar_one::<i64>()?, 2501);
    // execute_many of another statement runs it per set.
    let n = con.execute_many(
        update(&cars)
            .set([("price", bindparam("p"))])
            .filter(cars.c("id").eq(bindparam("k"))),
        (1..=5).map(|k| params! {"k" => k, "p" => 0}),
    )?;
    assert_eq!(n, 5);
    let zero: i64 = con
        .execute(select(func::count(cars.c("id"))).filter(cars.c("price").eq(0)))?
        .scalar_one()?;
    assert_eq!(zero, 5);
    let deleted = con.execute(delete(&cars).filter(cars.c("price").eq(0)))?;
    assert_eq!(deleted.rows_affected(), 5);
    Ok(())
}

#[test]
fn prepared_statements_survive_schema_changes() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let table = name("shape");
    let _cleanup = Cleanup::new(&engine, &[&table]);
    let mut con = engine.connect()?;
    con.execute(text(&format!("CREATE TABLE {table} (a INTEGER)")))?;
    con.execute(text(&format!("INSERT INTO {table} VALUES (1)")))?;
    let star = format!("SELECT * FROM {table}");
    assert_eq!(con.execute(text(&star))?.keys(), ["a"]);
    con.execute(text(&format!(
        "ALTER TABLE {table} ADD COLUMN b TEXT DEFAULT 'x'"
    )))?;
    let rs = con.execute(text(&star))?;
    assert_eq!(rs.keys(), ["a", "b"]);
    assert_eq!(rs.all()[0].get::<String>("b")?, "x");
    // Read in place too, after another change of shape.
    con.execute(text(&format!(
        "ALTER TABLE {table} ADD COLUMN c INTEGER DEFAULT 7"
    )))?;
    let row = con.query_map(text(&star), (), |r| Ok((r.len(), r.get::<i64>("c")?)))?;
    assert_eq!(row, [(3, 7)]);
    // More distinct statements than the per-connection cache holds.
    for i in 0..300 {
        let v: i64 = con
            .execute(text(&format!("SELECT {i} + 1")))?
            .scalar_one()?;
        assert_eq!(v, i + 1);
    }
    assert_eq!(con.execute(text(&star))?.all().len(), 1);
    Ok(())
}

#[test]
fn engine_is_shared_by_threads() -> aludel::Result<()> {
    let Some(url) = url() else { return Ok(()) };
    let engine = EngineBuilder::new(&url).pool_size(4).build()?;
    let table = name("threads");
    let _cleanup = Cleanup::new(&engine, &[&table]);
    let n = support::insert_from_four_threads(&engine, &table)?;
    assert_eq!(n, 100);
    Ok(())
}

#[test]
fn rows_are_read_in_place() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let table = name("in_place");
    let _cleanup = Cleanup::new(&engine, &[&table]);
    let mut con = engine.connect()?;
    support::reads_rows_in_place(&mut con, &table)?;
    // An error after the closure stopped has aborted the transaction: it is
    // reported, and the transaction refuses further work.
    let mut tx = con.begin()?;
    support::later_error_is_not_lost(
        &mut tx,
        "SELECT CASE WHEN g < 1000 THEN g ELSE 1 / (g - g) END FROM generate_series(1, 2000) g",
    )?;
    assert!(tx.execute(text("SELECT 1")).is_err());
    tx.rollback()?;
    assert_eq!(con.execute(text("SELECT 1"))?.scalar_one::<i64>()?, 1);
    Ok(())
}

#[test]
fn a_terminated_connection_is_replaced() -> aludel::Result<()> {
    let Some(url) = url() else { return Ok(()) };
    let engine = EngineBuilder::new(&url).pool_size(1).build()?;
    let pid = |con: &mut Connection| -> aludel::Result<i64> {
        con.execute(text("SELECT pg_backend_pid()"))?.scalar_one()
    };
    let first = pid(&mut engine.connect()?)?;
    create_engine(&url)?.connect()?.execute_with(
        text("SELECT pg_terminate_backend(:pid, 5000)"),
        params! {"pid" => first},
    )?;
    {
        // The pool hands out the same connection, whose session is gone.
        let mut con = engine.connect()?;
        let e = db_error(con.execute(text("SELECT 1")));
        assert_eq!(e.kind, ErrorKind::Operational, "{e}");
    }
    // It was discarded, not returned to the pool.
    let second = pid(&mut engine.connect()?)?;
    assert_ne!(first, second);
    Ok(())
}
