//! The engine on a live MySQL / MariaDB server (`ALUDEL_TEST_MYSQL_URL`,
//! e.g. `mariadb://root@127.0.0.1:3306/test`): types, transactions, errors,
//! batching and generated keys. Skipped, with a message, when the variable
//! is not set.
//!
//! Tables are named `my_test_<what>_<pid>` and dropped at the end, so runs
//! may share the database with other tests.

#![cfg(feature = "mysql")]

// support's helpers are `pub` for every test crate that shares them.
#[allow(unreachable_pub)]
mod support;

use support::typed;

use std::time::Duration;

use chrono::Timelike;

use aludel::prelude::*;
use aludel::{Backend, EngineBuilder, Error, ErrorKind, IsolationLevel, MetaDataExt, params, text};

/// The MySQL/MariaDB engine under test, or None (with a message) to skip.
fn engine() -> Option<Engine> {
    let url = support::url_of("mysql")?;
    Some(create_engine(&url).unwrap_or_else(|e| panic!("mysql: {e}")))
}

/// A table name unique to this test and process.
fn name(what: &str) -> String {
    format!("my_test_{what}_{}", std::process::id())
}

/// Drops the metadata's tables when the test ends, even by panicking.
struct Cleanup<'a> {
    meta: &'a MetaData,
    engine: &'a Engine,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        if let Err(e) = self.meta.drop_all(self.engine) {
            eprintln!("could not drop the test tables: {e}");
        }
    }
}

/// Drops tables made with raw SQL when the test ends.
struct DropTables<'a> {
    engine: &'a Engine,
    names: Vec<String>,
}

impl Drop for DropTables<'_> {
    fn drop(&mut self) {
        if let Ok(mut con) = self.engine.connect() {
            for n in &self.names {
                let _ = con.execute(text(&format!("DROP TABLE IF EXISTS {n}")));
            }
        }
    }
}

fn kind_of<T: std::fmt::Debug>(r: aludel::Result<T>) -> ErrorKind {
    match r {
        Err(Error::Database(e)) => e.kind,
        other => panic!("expected a database error, got {other:?}"),
    }
}

#[test]
fn select_literals() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let mut con = engine.connect()?;
    assert_eq!(con.execute(text("SELECT 5"))?.scalar::<i64>()?, Some(5));
    let row = con
        .execute(text(
            "SELECT 'é😀' AS s, CAST('ab' AS BINARY) AS b, 1.50 AS d, NULL AS n, \
             2.5e0 AS f, CAST('2024-02-29' AS DATE) AS day",
        ))?
        .one()?;
    assert_eq!(row.keys(), ["s", "b", "d", "n", "f", "day"]);
    assert_eq!(row.value("s")?, &Value::from("é😀"));
    assert_eq!(row.value("b")?, &Value::from(b"ab".to_vec()));
    assert_eq!(
        row.value("d")?,
        &Value::Decimal("1.50".parse().expect("decimal"))
    );
    assert!(row.value("n")?.is_null());
    assert_eq!(row.value("f")?, &Value::Float(2.5));
    assert_eq!(
        row.value("day")?,
        &Value::Date(chrono::NaiveDate::from_ymd_opt(2024, 2, 29).expect("date"))
    );
    // Named parameters become `?` placeholders bound through the binary protocol.
    let sum: Option<i64> = con
        .execute_with(text("SELECT :a + :b"), params! {"a" => 40, "b" => 2})?
        .scalar()?;
    assert_eq!(sum, Some(42));
    Ok(())
}

#[test]
fn session_settings() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let mut con = engine.connect()?;
    let row = con
        .execute(text(
            "SELECT @@SESSION.sql_mode, @@character_set_client, @@character_set_results, \
             @@SESSION.time_zone",
        ))?
        .one()?;
    let mode: String = row.get(0)?;
    assert!(!mode.contains("ANSI_QUOTES"), "{mode}");
    assert!(!mode.contains("NO_BACKSLASH_ESCAPES"), "{mode}");
    assert!(mode.contains("STRICT_TRANS_TABLES"), "{mode}");
    assert_eq!(row.get::<String>(1)?, "utf8mb4");
    assert_eq!(row.get::<String>(2)?, "utf8mb4");
    assert_eq!(row.get::<String>(3)?, "+00:00");
    // Backslash-escaped string literals, as the dialect renders them.
    let quoted: String = con.execute(text(r"SELECT 'it\'s `x`'"))?.scalar_one()?;
    assert_eq!(quoted, "it's `x`");
    // The URL's sql_mode replaces aludel's.
    let url = engine.url();
    if url.password.is_none() {
        let custom = create_engine(&format!(
            "mysql://{}@{}:{}/{}?sql_mode=STRICT_TRANS_TABLES",
            url.username.as_deref().unwrap_or("root"),
            url.host,
            url.port.unwrap_or(3306),
            url.database
        ))?;
        let mode: String = custom
            .connect()?
            .execute(text("SELECT @@SESSION.sql_mode"))?
            .scalar_one()?;
        assert_eq!(mode, "STRICT_TRANS_TABLES");
    }
    Ok(())
}

#[test]
fn every_type_round_trips() -> aludel::Result<()> {
    use chrono::NaiveTime;
    let Some(engine) = engine() else {
        return Ok(());
    };
    let meta = MetaData::new();
    let t = typed::every_type_table(&meta, &name("types"))?;
    let _cleanup = Cleanup {
        meta: &meta,
        engine: &engine,
    };
    meta.drop_all(&engine)?;
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    // DATETIME and TIME as aludel declares them keep whole seconds.
    let tod = NaiveTime::from_hms_opt(13, 45, 7).expect("time");
    let doc = serde_json::json!({"a": [1, 2, {"b": null}], "s": "x'y\"z\\"});
    let row = typed::TypedRow::new("héllo '☃' \\ 😀", tod, doc, vec![0u8, 1, 2, 39, 92, 255]);
    con.execute(insert(&t).values(row.values(1)))?;
    con.execute(insert(&t).values([("id", 2)]))?;
    con.execute(insert(&t).values([
        ("id", Expr::from(3)),
        ("flag", Expr::from(false)),
        ("big", Expr::from(i64::MIN)),
    ]))?;
    let rows = con.execute(select(&t).order_by(t.c("id")))?.all();
    assert_eq!(rows.len(), 3);
    let r = &rows[0];
    row.assert_read(r)?;
    assert_eq!(
        r.get::<chrono::NaiveDateTime>("at_tz")?,
        row.at_tz.naive_utc(),
        "stored as UTC"
    );
    // How the driver decoded each column.
    let kinds: Vec<(&str, &str)> = r
        .keys()
        .into_iter()
        .zip(r.values().iter().map(Value::kind))
        .collect();
    let kind = |c: &str| kinds.iter().find(|(k, _)| *k == c).map(|(_, v)| *v);
    for (col, want) in [
        ("i", "integer"),
        ("big", "integer"),
        ("small", "integer"),
        ("s", "text"),
        ("txt", "text"),
        ("uni", "text"),
        ("flag", "integer"),
        ("f", "float"),
        ("d", "float"),
        ("num", "decimal"),
        ("day", "date"),
        ("tod", "time"),
        ("at", "datetime"),
        ("at_tz", "datetime"),
        ("blob", "bytes"),
        ("uid", "text"),
        ("mood", "text"),
    ] {
        assert_eq!(kind(col), Some(want), "column {col}");
    }
    // MariaDB's JSON is LONGTEXT (read as text); MySQL's is its own type.
    assert!(matches!(kind("doc"), Some("json" | "text")));
    let nulls = &rows[1];
    typed::assert_all_null(nulls, &t)?;
    typed::assert_read_in_place(&mut con, &t, &rows)?;
    assert_eq!(nulls.get::<Option<uuid::Uuid>>("uid")?, None);
    assert!(!rows[2].get::<bool>("flag")?);
    assert_eq!(rows[2].get::<i64>("big")?, i64::MIN);
    // Filtering by typed parameters finds the row.
    let found: Option<i64> = con
        .execute(
            select(t.c("id"))
                .filter(t.c("at_tz").eq(Value::from(row.at_tz)))
                .filter(t.c("day").eq(row.day))
                .filter(t.c("tod").eq(row.tod))
                .filter(t.c("num").eq(row.num))
                .filter(t.c("uid").eq(row.uid))
                .filter(t.c("blob").eq(Value::from(row.blob.clone()))),
        )?
        .scalar()?;
    assert_eq!(found, Some(1));
    // Strict mode: a value outside the ENUM is an error, not an empty string.
    let bad = con.execute(insert(&t).values([("id", Expr::from(4)), ("mood", Expr::from("meh"))]));
    assert_eq!(kind_of(bad), ErrorKind::Data);
    Ok(())
}

#[test]
fn server_types_decode() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let tables = DropTables {
        engine: &engine,
        names: vec![name("server_types")],
    };
    let t = &tables.names[0];
    let mut con = engine.connect()?;
    con.execute(text(&format!(
        "CREATE TABLE {t} (id INTEGER PRIMARY KEY, b1 BIT(1), b9 BIT(9), u BIGINT UNSIGNED, \
         y YEAR, ts TIMESTAMP(6) NULL, dt DATETIME(3), tm TIME(6), vb VARBINARY(10), \
         st SET('a','b','c'), big DECIMAL(40, 10), fl FLOAT)"
    )))?;
    con.execute(text(&format!(
        "INSERT INTO {t} VALUES (1, b'1', b'100000001', 18446744073709551615, 2024, \
         '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.5', '-25:00:00.25', 'x\\0y', 'a,c', \
         '123456789012345678901234567890.0123456789', 0.1)"
    )))?;
    let row = con
        .execute(text(&format!(
            "SELECT b1, b9, y, ts, dt, tm, vb, st, big, fl FROM {t}"
        )))?
        .one()?;
    assert!(row.get::<bool>("b1")?);
    assert_eq!(row.get::<i64>("b9")?, 257);
    assert_eq!(row.get::<i64>("y")?, 2024);
    let ts = chrono::NaiveDate::from_ymd_opt(2024, 1, 2)
        .and_then(|d| d.and_hms_micro_opt(3, 4, 5, 123_456))
        .expect("ts");
    assert_eq!(row.get::<chrono::NaiveDateTime>("ts")?, ts);
    assert_eq!(
        row.get::<chrono::NaiveDateTime>("dt")?,
        ts.with_nanosecond(500_000_000).expect("dt")
    );
    // A TIME beyond a time of day is its text.
    assert_eq!(row.value("tm")?, &Value::from("-25:00:00.250000"));
    assert_eq!(row.get::<Vec<u8>>("vb")?, b"x\0y".to_vec());
    assert_eq!(row.get::<String>("st")?, "a,c");
    // Beyond rust_decimal's precision: the exact text.
    assert_eq!(
        row.get::<String>("big")?,
        "123456789012345678901234567890.0123456789"
    );
    assert_eq!(row.get::<f64>("fl")?, 0.1);
    // An unsigned BIGINT beyond i64 is a clear error, not a wrapped number.
    let err = con
        .execute(text(&format!("SELECT u FROM {t}")))
        .expect_err("out of range");
    match err {
        Error::Database(e) => {
            assert_eq!(e.kind, ErrorKind::Data);
            assert!(e.message.contains("unsigned"), "{}", e.message);
        }
        other => panic!("{other:?}"),
    }
    let small: i64 = con
        .execute(text(&format!("SELECT u - 18446744073709551000 FROM {t}")))?
        .scalar_one()?;
    assert_eq!(small, 615);
    Ok(())
}

#[test]
fn transactions_and_savepoints() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let tables = DropTables {
        engine: &engine,
        names: vec![name("tx")],
    };
    let t = tables.names[0].clone();
    let mut con = engine.connect()?;
    con.execute(text(&format!("CREATE TABLE {t} (a INTEGER) ENGINE=InnoDB")))?;
    let count_sql = format!("SELECT count(*) FROM {t}");
    let count = |con: &mut aludel::Connection| -> aludel::Result<i64> {
        con.execute(text(&count_sql))?.scalar_one()
    };
    let ins = |v: i64| text(&format!("INSERT INTO {t} VALUES ({v})"));
    {
        let mut tx = con.begin()?;
        tx.execute(ins(1))?;
        tx.rollback()?;
    }
    assert_eq!(count(&mut con)?, 0);
    let mut tx = support::savepoints(&mut con, &t)?;
    {
        let mut sp = tx.begin_nested()?;
        sp.execute(ins(5))?;
        // dropped: rolled back to the savepoint
    }
    let sum: i64 = tx
        .execute(text(&format!("SELECT CAST(sum(a) AS SIGNED) FROM {t}")))?
        .scalar_one()?;
    assert_eq!(sum, 5, "1 and 4 remain");
    tx.commit()?;
    assert_eq!(count(&mut con)?, 2);
    // Committed data is visible to another connection.
    let mut other = engine.connect()?;
    assert_eq!(count(&mut other)?, 2);
    // Uncommitted data is not.
    let mut tx = con.begin_with(IsolationLevel::Serializable)?;
    tx.execute(ins(6))?;
    let seen: i64 = other
        .execute(text(&format!("SELECT count(*) FROM {t}")))?
        .scalar_one()?;
    assert_eq!(seen, 2);
    tx.commit()?;
    assert_eq!(count(&mut other)?, 3);
    let mut tx = con.begin_with(IsolationLevel::ReadCommitted)?;
    tx.execute(ins(7))?;
    tx.commit()?;
    assert!(!con.in_transaction());
    // Outside a transaction each statement commits on its own.
    con.execute(ins(8))?;
    assert_eq!(count(&mut other)?, 5);
    Ok(())
}

#[test]
fn errors_are_classified_and_carry_the_statement() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let meta = MetaData::new();
    let parent_name = name("parent");
    let (parent, child) = support::parent_child(&meta, &parent_name, &name("child"))?;
    let _cleanup = Cleanup {
        meta: &meta,
        engine: &engine,
    };
    meta.drop_all(&engine)?;
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    let e = support::duplicate_code(&mut con, &parent)?;
    assert!(e.message.contains("1062"), "{}", e.message);
    let orphan = con.execute(insert(&child).values([("id", 1), ("parent_id", 99)]));
    assert_eq!(kind_of(orphan), ErrorKind::Integrity);
    let null = con.execute(
        insert(&parent).values([("id", Expr::from(3)), ("code", Expr::from(Value::Null))]),
    );
    assert_eq!(kind_of(null), ErrorKind::Integrity);
    con.execute(insert(&child).values([("id", 1), ("parent_id", 1)]))?;
    let referenced = con.execute(delete(&parent));
    assert_eq!(kind_of(referenced), ErrorKind::Integrity);
    let too_long = con
        .execute(insert(&parent).values([("id", Expr::from(4)), ("code", Expr::from("toolong"))]));
    assert_eq!(kind_of(too_long), ErrorKind::Data);
    let out_of_range = con.execute(insert(&child).values([("id", 2), ("n", 70000)]));
    assert_eq!(kind_of(out_of_range), ErrorKind::Data);
    match con.execute(text("SELEKT 1")) {
        Err(Error::Database(e)) => {
            assert_eq!(e.kind, ErrorKind::Programming);
            assert_eq!(e.sql, "SELEKT 1");
            assert!(e.to_string().contains("[SQL: SELEKT 1]"), "{e}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let no_table = con.execute(text("SELECT * FROM my_test_nowhere_at_all"));
    assert_eq!(kind_of(no_table), ErrorKind::Programming);
    let no_column = con.execute(text(&format!("SELECT nope FROM {parent_name}")));
    assert_eq!(kind_of(no_column), ErrorKind::Programming);
    // CHECK constraints (MariaDB 4025, MySQL 3819).
    let checked = DropTables {
        engine: &engine,
        names: vec![name("checked")],
    };
    let c = &checked.names[0];
    con.execute(text(&format!("CREATE TABLE {c} (a INTEGER CHECK (a > 0))")))?;
    let negative = con.execute(text(&format!("INSERT INTO {c} VALUES (-1)")));
    assert_eq!(kind_of(negative), ErrorKind::Integrity);
    // The connection is still usable after errors.
    assert_eq!(con.execute(text("SELECT 1"))?.scalar::<i64>()?, Some(1));
    // No server there: an operational error naming the address.
    let nowhere = EngineBuilder::new("mysql://root@127.0.0.1:1/test")
        .connect_timeout(Duration::from_secs(2))
        .checkout_timeout(Duration::from_secs(3))
        .build()?;
    match nowhere.connect() {
        Err(Error::Database(e)) => {
            assert_eq!(e.kind, ErrorKind::Operational);
            assert!(e.message.contains("127.0.0.1:1"), "{}", e.message);
        }
        Err(Error::Pool(_)) => {}
        other => panic!("expected a connection error, got {other:?}"),
    }
    // So is a database that does not exist.
    let u = engine.url();
    if u.password.is_none() {
        let no_db = EngineBuilder::new(&format!(
            "mysql://{}@{}:{}/my_test_no_such_database",
            u.username.as_deref().unwrap_or("root"),
            u.host,
            u.port.unwrap_or(3306)
        ))
        .checkout_timeout(Duration::from_secs(3))
        .build()?;
        match no_db.connect() {
            Err(Error::Database(e)) => {
                assert_eq!(e.kind, ErrorKind::Programming);
                assert!(e.message.contains("1049"), "{}", e.message);
            }
            other => panic!("expected an unknown-database error, got {other:?}"),
        }
    }
    Ok(())
}

#[test]
fn execute_many_and_generated_keys() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let meta = MetaData::new();
    let t = meta
        .table(&name("many"))
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::String(Some(30))))
        .column(Column::new("price", Type::Integer))
        .build()?;
    let _cleanup = Cleanup {
        meta: &meta,
        engine: &engine,
    };
    meta.drop_all(&engine)?;
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    let first =
        con.execute(insert(&t).values([("name", Expr::from("first")), ("price", Expr::from(1))]))?;
    assert_eq!(first.rows_affected(), 1);
    assert_eq!(first.last_insert_id(), Some(1));
    let second =
        con.execute(insert(&t).values([("name", Expr::from("second")), ("price", Expr::from(2))]))?;
    assert_eq!(second.last_insert_id(), Some(2));
    let n = con.execute_many(
        insert(&t),
        (0..2500).map(|i| params! {"name" => format!("car {i}"), "price" => i}),
    )?;
    assert_eq!(n, 2500);
    let total: i64 = con.execute(select(func::count(t.c("id"))))?.scalar_one()?;
    assert_eq!(total, 2502);
    let last: String = con
        .execute(select(t.c("name")).order_by(t.c("id").desc()).limit(1))?
        .scalar_one()?;
    assert_eq!(last, "car 2499");
    // Anything else runs once per set; UPDATE counts the rows it matched.
    let n = con.execute_many(
        update(&t)
            .filter(t.c("id").eq(bindparam("target")))
            .set([("price", bindparam("p"))]),
        [
            params! {"target" => 1, "p" => 1},
            params! {"target" => 2, "p" => 20},
        ],
    )?;
    assert_eq!(n, 2);
    let none = con.execute(select(t.c("id")).filter(t.c("id").lt(0)))?;
    assert_eq!(none.rows_affected(), 0);
    assert_eq!(none.last_insert_id(), None);
    let deleted = con.execute(delete(&t).filter(t.c("price").ge(100)))?;
    assert_eq!(deleted.rows_affected(), 2400);
    assert_eq!(deleted.last_insert_id(), None);
    if engine.backend() == Backend::Mariadb {
        // MariaDB 10.5+: INSERT ... RETURNING.
        let back = con.execute(
            insert(&t)
                .values([("name", Expr::from("returned")), ("price", Expr::from(7))])
                .returning([t.c("id"), t.c("name")]),
        )?;
        let rows = back.all();
        assert_eq!(rows.len(), 1);
        assert!(rows[0].get::<i64>("id")? > 2502);
        assert_eq!(rows[0].get::<String>("name")?, "returned");
    }
    Ok(())
}

#[test]
fn engine_is_shared_by_threads() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let tables = DropTables {
        engine: &engine,
        names: vec![name("threads")],
    };
    let t = tables.names[0].clone();
    let n = support::insert_from_four_threads(&engine, &t)?;
    assert_eq!(n, 100);
    Ok(())
}

#[test]
fn rows_are_read_in_place() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let tables = DropTables {
        engine: &engine,
        names: vec![name("in_place")],
    };
    let mut con = engine.connect()?;
    support::reads_rows_in_place(&mut con, &tables.names[0])?;
    support::later_error_is_not_lost(
        &mut con,
        "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2000) \
         SELECT n, (SELECT 1 UNION SELECT 2 FROM dual WHERE n > 1000) AS x FROM g",
    )?;
    assert_eq!(con.execute(text("SELECT 1"))?.scalar_one::<i64>()?, 1);
    Ok(())
}

#[test]
fn unpreparable_statements_and_procedures() -> aludel::Result<()> {
    let Some(engine) = engine() else {
        return Ok(());
    };
    let mut con = engine.connect()?;
    // PREPARE / EXECUTE cannot be prepared themselves: they run through the
    // text protocol, and their values are still typed by column.
    let stmt = name("stmt");
    con.execute(text(&format!(
        "PREPARE {stmt} FROM 'SELECT 7 AS n, CAST(''2024-01-02'' AS DATE) AS day, \
         TIMESTAMP(''2024-01-02'') AS at, 2.50 AS d, 0.5e0 AS f, ''x'' AS s, NULL AS z, \
         CAST(''b'' AS BINARY) AS b'"
    )))?;
    let row = con.execute(text(&format!("EXECUTE {stmt}")))?.one()?;
    let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).expect("date");
    assert_eq!(row.value("n")?, &Value::Int(7));
    assert_eq!(row.value("day")?, &Value::Date(day));
    assert_eq!(
        row.value("at")?,
        &Value::DateTime(day.and_hms_opt(0, 0, 0).expect("midnight"))
    );
    assert_eq!(
        row.value("d")?,
        &Value::Decimal("2.50".parse().expect("decimal"))
    );
    assert_eq!(row.value("f")?, &Value::Float(0.5));
    assert_eq!(row.value("s")?, &Value::from("x"));
    assert!(row.value("z")?.is_null());
    assert_eq!(row.value("b")?, &Value::from(b"b".to_vec()));
    con.execute(text(&format!("DEALLOCATE PREPARE {stmt}")))?;
    // A procedure's first result set is the result.
    let proc_name = name("proc");
    con.execute(text(&format!("DROP PROCEDURE IF EXISTS {proc_name}")))?;
    con.execute(text(&format!(
        "CREATE PROCEDURE {proc_name}(IN k INTEGER) BEGIN SELECT k * 2 AS twice; SELECT 1; END"
    )))?;
    let twice = con.execute_with(text(&format!("CALL {proc_name}(:k)")), params! {"k" => 21});
    con.execute(text(&format!("DROP PROCEDURE {proc_name}")))?;
    assert_eq!(twice?.scalar::<i64>()?, Some(42));
    // The connection is in a clean state afterwards.
    assert_eq!(con.execute(text("SELECT 3"))?.scalar::<i64>()?, Some(3));
    Ok(())
}
