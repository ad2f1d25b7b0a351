//! Shared helpers for the live-database tests.
//!
//! SQLite always runs; PostgreSQL and MariaDB/MySQL run when
//! `ALUDEL_TEST_POSTGRES_URL` / `ALUDEL_TEST_MYSQL_URL` are set (`.ci/run`
//! sets them), and are reported as skipped otherwise.

#![allow(dead_code)]

pub(crate) mod typed;

use aludel::{Engine, create_engine, params, text};

/// The URL of each live database to test, SQLite first.
pub(crate) fn urls() -> Vec<(&'static str, String)> {
    let mut out = vec![("sqlite", "sqlite:///:memory:".to_owned())];
    for (name, var, feature_on) in [
        (
            "postgresql",
            "ALUDEL_TEST_POSTGRES_URL",
            cfg!(feature = "postgres"),
        ),
        ("mysql", "ALUDEL_TEST_MYSQL_URL", cfg!(feature = "mysql")),
    ] {
        match std::env::var(var) {
            Ok(url) if feature_on => out.push((name, url)),
            Ok(_) => println!("{name}: skipped (aludel's feature for it is not enabled)"),
            Err(_) => println!("{name}: skipped ({var} is not set)"),
        }
    }
    out
}

/// The URL of one live database (`"postgresql"` or `"mysql"`), or `None`
/// when its tests are skipped ([`urls`] says why).
pub(crate) fn url_of(database: &str) -> Option<String> {
    urls()
        .into_iter()
        .find(|(name, _)| *name == database)
        .map(|(_, url)| url)
}

/// An engine per live database.
pub(crate) fn engines() -> Vec<(&'static str, Engine)> {
    urls()
        .into_iter()
        .map(|(name, url)| {
            let engine = create_engine(&url).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, engine)
        })
        .collect()
}

/// Creates `table (a INTEGER)`, inserts 25 rows from each of four threads
/// that share `engine`, and returns the number of rows the table then holds.
pub(crate) fn insert_from_four_threads(engine: &Engine, table: &str) -> aludel::Result<i64> {
    engine
        .connect()?
        .execute(text(&format!("CREATE TABLE {table} (a INTEGER)")))?;
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let e = engine.clone();
            let sql = format!("INSERT INTO {table} VALUES (:v)");
            std::thread::spawn(move || -> aludel::Result<()> {
                let mut con = e.connect()?;
                for j in 0..25 {
                    con.execute_with(text(&sql), params! {"v" => i * 100 + j})?;
                }
                Ok(())
            })
        })
        .collect();
    for h in handles {
        h.join().expect("thread")?;
    }
    engine
        .connect()?
        .execute(text(&format!("SELECT count(*) FROM {table}")))?
        .scalar_one()
}

/// The transaction sequence every live database runs on `table (a INTEGER)`,
/// empty: a transaction dropped without commit rolls back (and refuses a
/// second BEGIN); then a transaction holding 1 in which a savepoint with 2
/// and a nested, released savepoint with 3 is rolled back, and a savepoint
/// with 4 is released. Returns that transaction, open, holding 1 and 4.
pub(crate) fn savepoints<'c>(
    con: &'c mut aludel::Connection,
    table: &str,
) -> aludel::Result<aludel::Transaction<'c>> {
    let ins = |v: i64| text(&format!("INSERT INTO {table} VALUES ({v})"));
    {
        let mut tx = con.begin()?;
        tx.execute(ins(1))?;
        assert!(tx.in_transaction());
        assert!(tx.begin().is_err(), "a second BEGIN is refused");
    } // dropped: rolled back
    let n: i64 = con
        .execute(text(&format!("SELECT count(*) FROM {table}")))?
        .scalar_one()?;
    assert_eq!(n, 0);
    let mut tx = con.begin()?;
    tx.execute(ins(1))?;
    {
        let mut sp = tx.begin_nested()?;
        sp.execute(ins(2))?;
        {
            let mut inner = sp.begin_nested()?;
            inner.execute(ins(3))?;
            inner.commit()?;
        }
        sp.rollback()?; // takes 2 and 3 back
    }
    {
        let mut sp = tx.begin_nested()?;
        sp.execute(ins(4))?;
        sp.commit()?;
    }
    Ok(tx)
}

/// Reading rows in place on `table (a INTEGER)`, made here with the numbers
/// 1 to 300: a closure's error stops the reading after the row that
/// failed, and the connection (here inside a transaction, which stays
/// usable) answers the next statements; a full read sees every row once.
pub(crate) fn reads_rows_in_place(con: &mut aludel::Connection, table: &str) -> aludel::Result<()> {
    con.execute(text(&format!("CREATE TABLE {table} (a INTEGER)")))?;
    let values: Vec<String> = (1..=300).map(|i| format!("({i})")).collect();
    con.execute(text(&format!(
        "INSERT INTO {table} VALUES {}",
        values.join(", ")
    )))?;
    let ordered = text(&format!("SELECT a FROM {table} ORDER BY a"));
    let mut tx = con.begin()?;
    let mut seen = Vec::new();
    let stopped = tx.for_each_row(&ordered, (), |row| {
        let a: i64 = row.get("a")?;
        seen.push(a);
        if a == 5 {
            return Err(aludel::Error::Argument("enough".into()));
        }
        Ok(())
    });
    assert!(matches!(stopped, Err(aludel::Error::Argument(m)) if m == "enough"));
    assert_eq!(seen, [1, 2, 3, 4, 5]);
    tx.execute(text(&format!("INSERT INTO {table} VALUES (301)")))?;
    let all = tx.query_map(ordered, (), |row| row.get::<i64>(0))?;
    assert_eq!(all, (1..=301).collect::<Vec<i64>>());
    tx.commit()?;
    let n = con.query_map(
        text(&format!(
            "SELECT count(*) AS n, sum(a) AS s FROM {table} WHERE a > :min"
        )),
        params! {"min" => 100},
        |row| Ok((row.get::<i64>("n")?, row.get::<i64>("s")?)),
    )?;
    assert_eq!(n, [(201, (101..=301).sum::<i64>())]);
    Ok(())
}

/// A closure stopping early does not hide a database error that comes later
/// in the result (`failing` errs on its rows after the first thousand): it
/// is returned, in place of the closure's error.
pub(crate) fn later_error_is_not_lost(
    con: &mut aludel::Connection,
    failing: &str,
) -> aludel::Result<()> {
    let mut calls = 0;
    let got = con.for_each_row(text(failing), (), |_| {
        calls += 1;
        if calls == 5 {
            return Err(aludel::Error::Argument("enough".into()));
        }
        Ok(())
    });
    assert!(
        matches!(&got, Err(aludel::Error::Database(_))),
        "the database's error is returned: {got:?}"
    );
    assert!(calls <= 5);
    Ok(())
}

/// `parent (id, code VARCHAR(5) UNIQUE NOT NULL)` and
/// `child (id, parent_id → parent.id, n SMALLINT)` under the names given:
/// the tables every database's error test works on.
pub(crate) fn parent_child(
    meta: &aludel::schema::MetaData,
    parent: &str,
    child: &str,
) -> Result<(aludel::schema::Table, aludel::schema::Table), aludel::SchemaError> {
    use aludel::schema::Column;
    use aludel::types::Type;
    let p = meta
        .table(parent)
        .column(Column::new("id", Type::Integer).primary_key())
        .column(
            Column::new("code", Type::String(Some(5)))
                .unique()
                .not_null(),
        )
        .build()?;
    let c = meta
        .table(child)
        .column(Column::new("id", Type::Integer).primary_key())
        .column(
            Column::new("parent_id", Type::Integer).foreign_key(format!("{parent}.id").as_str()),
        )
        .column(Column::new("n", Type::SmallInteger))
        .build()?;
    Ok((p, c))
}

/// Inserts parent 1 with code "a", then parent 2 with the same code, and
/// checks what every database reports of the duplicate: an integrity error
/// carrying the INSERT and its parameters, both also in its message. Returns
/// the error for the checks particular to the database.
pub(crate) fn duplicate_code(
    con: &mut aludel::Connection,
    parent: &aludel::schema::Table,
) -> aludel::Result<aludel::DatabaseError> {
    use aludel::prelude::{Expr, insert};
    con.execute(insert(parent).values([("id", Expr::from(1)), ("code", Expr::from("a"))]))?;
    let dup =
        con.execute(insert(parent).values([("id", Expr::from(2)), ("code", Expr::from("a"))]));
    let e = match dup {
        Err(aludel::Error::Database(e)) => e,
        other => panic!("expected an integrity error, got {other:?}"),
    };
    let head = format!("INSERT INTO {}", parent.name());
    assert_eq!(e.kind, aludel::ErrorKind::Integrity);
    assert!(e.sql.starts_with(&head), "{}", e.sql);
    assert_eq!(
        e.params,
        vec![aludel::Value::from(2), aludel::Value::from("a")]
    );
    assert!(e.to_string().contains(&format!("[SQL: {head}")), "{e}");
    Ok(e)
}
