//! The `sea-query` feature: compiled parameters as `sea_query::Values`.
#![cfg(feature = "sea-query")]

use aludel_compiler::dialect::{Postgres, Sqlite};
use aludel_compiler::interop::sea_query::to_sea_query_values;
use aludel_compiler::prelude::*;
use sea_query::Value as Sq;

fn users() -> Table {
    MetaData::new()
        .table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::String(Some(50))))
        .column(Column::new("active", Type::Boolean))
        .column(Column::new("score", Type::Double))
        .column(Column::new("avatar", Type::LargeBinary))
        .build()
        .expect("table")
}

#[test]
fn postgres_select_values() {
    let t = users();
    let stmt = select((t.c("id"), t.c("name")))
        .filter(t.c("name").like("j%") & t.c("score").gt(1.5))
        .order_by([t.c("id").asc()])
        .limit(10)
        .offset(20);
    let c = stmt.compile(&Postgres).expect("compile");
    assert_eq!(
        c.sql,
        "SELECT users.id, users.name FROM users WHERE users.name LIKE $1 AND users.score > $2 \
         ORDER BY users.id ASC LIMIT $3 OFFSET $4"
    );
    let values = c.sea_query_values().expect("all bound");
    assert_eq!(
        values.0,
        vec![
            Sq::String(Some("j%".into())),
            Sq::Double(Some(1.5)),
            Sq::BigInt(Some(10)),
            Sq::BigInt(Some(20)),
        ]
    );
    // One value per placeholder, in order.
    assert_eq!(values.0.len(), c.params.len());
    assert_eq!(values, to_sea_query_values(&c.params));
}

#[test]
fn postgres_insert_values() {
    let t = users();
    let stmt = insert(&t)
        .values([
            ("id", Expr::from(1)),
            ("name", Expr::from("jack")),
            ("active", Expr::from(false)),
            ("score", Expr::from(None::<f64>)),
            ("avatar", Expr::from(Value::from(vec![0u8, 255]))),
        ])
        .returning([t.c("id")]);
    let c = stmt.compile(&Postgres).expect("compile");
    assert!(
        c.sql
            .starts_with("INSERT INTO users (id, name, active, score, avatar) VALUES (")
    );
    assert!(c.sql.ends_with(" RETURNING users.id"));
    assert_eq!(
        c.sea_query_values().expect("all bound").0,
        vec![
            Sq::BigInt(Some(1)),
            Sq::String(Some("jack".into())),
            Sq::Bool(Some(false)),
            Sq::String(None),
            Sq::Bytes(Some(vec![0, 255])),
        ]
    );
}

#[test]
fn named_parameters_bound_before_converting() {
    let t = users();
    let stmt = select(t.c("name")).filter(t.c("id").eq(bindparam("uid")));
    let mut c = stmt.compile(&Postgres).expect("compile");
    let err = c.sea_query_values().expect_err("uid has no value yet");
    assert!(err.to_string().contains("uid"), "{err}");
    c.bind_named(|name| (name == "uid").then(|| Value::from(42)));
    assert_eq!(
        c.sea_query_values().expect("all bound").0,
        vec![Sq::BigInt(Some(42))]
    );
}

#[test]
fn owned_and_borrowed_conversions_agree() {
    for v in [
        Value::Null,
        Value::from(true),
        Value::from(-3),
        Value::from(0.25),
        Value::from("x"),
        Value::from(vec![1u8, 2]),
    ] {
        assert_eq!(Sq::from(&v), Sq::from(v.clone()));
    }
}

#[cfg(feature = "decimal")]
#[test]
fn decimal_values() {
    let d = rust_decimal::Decimal::new(12345, 2);
    assert_eq!(Sq::from(&Value::from(d)), Sq::Decimal(Some(d)));
}

#[cfg(feature = "chrono")]
#[test]
fn chrono_values() {
    use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone};
    let date = NaiveDate::from_ymd_opt(2024, 2, 29).expect("date");
    let time = NaiveTime::from_hms_opt(13, 45, 6).expect("time");
    let dt = date.and_time(time);
    let tz = FixedOffset::east_opt(2 * 3600)
        .expect("offset")
        .from_local_datetime(&dt)
        .single()
        .expect("datetime");
    let t = MetaData::new()
        .table("events")
        .column(Column::new("d", Type::Date))
        .column(Column::new("t", Type::Time))
        .column(Column::new("dt", Type::DateTime { timezone: false }))
        .column(Column::new("dtz", Type::DateTime { timezone: true }))
        .build()
        .expect("table");
    let c = insert(&t)
        .values([
            ("d", Expr::from(Value::from(date))),
            ("t", Expr::from(Value::from(time))),
            ("dt", Expr::from(Value::from(dt))),
            ("dtz", Expr::from(Value::from(tz))),
        ])
        .compile(&Postgres)
        .expect("compile");
    assert_eq!(
        c.sea_query_values().expect("all bound").0,
        vec![
            Sq::ChronoDate(Some(date)),
            Sq::ChronoTime(Some(time)),
            Sq::ChronoDateTime(Some(dt)),
            Sq::ChronoDateTimeWithTimeZone(Some(tz)),
        ]
    );
}

#[cfg(feature = "json")]
#[test]
fn json_values() {
    let j = serde_json::json!({"a": [1, 2, null]});
    assert_eq!(
        Sq::from(&Value::from(j.clone())),
        Sq::Json(Some(Box::new(j)))
    );
}

#[cfg(feature = "uuid")]
#[test]
fn uuid_values() {
    let u = uuid::Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0);
    assert_eq!(Sq::from(&Value::from(u)), Sq::Uuid(Some(u)));
}

/// Binds a `sea_query::Value` to rusqlite the way sea-query's SQLite binder
/// (`sea-query-rusqlite`) does, for the types this test uses.
struct Bind<'a>(&'a Sq);

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value as Rv};
        Ok(ToSqlOutput::Owned(match self.0 {
            Sq::Bool(Some(b)) => Rv::Integer(i64::from(*b)),
            Sq::BigInt(Some(i)) => Rv::Integer(*i),
            Sq::Double(Some(x)) => Rv::Real(*x),
            Sq::String(Some(s)) => Rv::Text(s.clone()),
            Sq::Bytes(Some(b)) => Rv::Blob(b.clone()),
            v if !v.is_some() => Rv::Null,
            v => panic!("unexpected value in test: {v:?}"),
        }))
    }
}

fn run(conn: &rusqlite::Connection, c: &aludel_compiler::Compiled) -> usize {
    let values = c.sea_query_values().expect("all bound");
    let params: Vec<Bind<'_>> = values.iter().map(Bind).collect();
    conn.execute(&c.sql, rusqlite::params_from_iter(params))
        .expect("execute")
}

/// aludel SQL and its converted values, executed on SQLite.
#[test]
fn sqlite_round_trip() {
    let t = users();
    let conn = rusqlite::Connection::open_in_memory().expect("sqlite");
    conn.execute_batch(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50), active BOOLEAN, \
         score DOUBLE, avatar BLOB)",
    )
    .expect("create");
    let ins = insert(&t)
        .values([
            ("id", Expr::from(1)),
            ("name", Expr::from("jack")),
            ("active", Expr::from(true)),
            ("score", Expr::from(2.5)),
            ("avatar", Expr::from(None::<i64>)),
        ])
        .compile(&Sqlite)
        .expect("compile");
    assert_eq!(run(&conn, &ins), 1);
    let upd = update(&t)
        .filter(t.c("id").eq(1))
        .set([("avatar", Expr::from(Value::from(vec![7u8, 8])))])
        .compile(&Sqlite)
        .expect("compile");
    assert_eq!(run(&conn, &upd), 1);

    let sel = select((t.c("name"), t.c("score"), t.c("avatar")))
        .filter(t.c("active").eq(true) & t.c("name").like("ja%") & t.c("score").gt(1.0))
        .limit(5)
        .compile(&Sqlite)
        .expect("compile");
    let values = sel.sea_query_values().expect("all bound");
    let params: Vec<Bind<'_>> = values.iter().map(Bind).collect();
    let mut q = conn.prepare(&sel.sql).expect("prepare");
    let rows: Vec<(String, f64, Vec<u8>)> = q
        .query_map(rusqlite::params_from_iter(params), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(rows, vec![("jack".to_owned(), 2.5, vec![7, 8])]);
}
