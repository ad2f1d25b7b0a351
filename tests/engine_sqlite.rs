//! The engine on embedded SQLite: URLs, types, transactions, errors,
//! parameters, batching, the statement cache, and threads.

mod support;

use support::typed;

use aludel::prelude::*;
use aludel::schema::ServerDefault;
use aludel::value::Text;
use aludel::{
    EngineBuilder, Error, ErrorKind, FromRow, IsolationLevel, MetaDataExt, Row, create_engine,
    params, text,
};

fn engine() -> Engine {
    create_engine("sqlite:///:memory:").expect("engine")
}

/// A fresh in-memory database holding `name (id INTEGER PRIMARY KEY, name TEXT)`.
fn id_name_db(name: &str) -> aludel::Result<(Table, Engine, aludel::Connection)> {
    let meta = MetaData::new();
    let t = meta
        .table(name)
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::Text))
        .build()?;
    let engine = engine();
    meta.create_all(&engine)?;
    let con = engine.connect()?;
    Ok((t, engine, con))
}

/// A fresh in-memory database on which `sql` has run, statement by
/// statement, and its connection.
fn raw_db(sql: &[&str]) -> aludel::Result<(Engine, aludel::Connection)> {
    let engine = engine();
    let mut con = engine.connect()?;
    for s in sql {
        con.execute(text(s))?;
    }
    Ok((engine, con))
}

#[test]
fn urls_and_laziness() {
    assert!(create_engine("sqlite://").is_ok());
    assert!(matches!(
        create_engine("mssql://x/y"),
        Err(Error::Url { .. })
    ));
    assert!(matches!(
        create_engine("postgresql://u@h:99999/db"),
        Err(Error::Url { .. })
    ));
    // Lazy: a file that cannot be opened only fails on connect.
    let e = create_engine("sqlite:////nonexistent-dir/x/y.db").expect("lazy engine");
    assert!(e.connect().is_err());
    #[cfg(not(feature = "postgres"))]
    assert!(matches!(
        create_engine("postgresql://u@localhost/db"),
        Err(Error::DriverNotEnabled {
            feature: "postgres",
            ..
        })
    ));
}

#[test]
fn raw_sql_tutorial() -> aludel::Result<()> {
    let engine = engine();
    let mut con = engine.connect()?;
    assert_eq!(con.execute(text("SELECT 5"))?.scalar::<i64>()?, Some(5));
    con.execute(text(
        "CREATE TABLE Cars(Id INTEGER PRIMARY KEY, Name TEXT, Price INTEGER)",
    ))?;
    for (id, name, price) in [(1, "Audi", 52642), (2, "Mercedes", 57127)] {
        con.execute_with(
            text("INSERT INTO Cars(Id, Name, Price) VALUES(:Id, :Name, :Price)"),
            params! {"Id" => id, "Name" => name, "Price" => price},
        )?;
    }
    let rows = con.execute(text("SELECT * FROM Cars ORDER BY Id"))?.all();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].get::<String>("Name")?, "Mercedes");
    // Missing and unknown parameters are errors, not silent NULLs.
    let missing = con.execute_with(text("SELECT :a, :b"), params! {"a" => 1});
    assert!(matches!(missing, Err(Error::Argument(m)) if m.contains("\"b\"")));
    let extra = con.execute_with(text("SELECT :a"), params! {"a" => 1, "c" => 2});
    assert!(matches!(extra, Err(Error::Argument(m)) if m.contains("\"c\"")));
    // Names given in the statement's order, in another order, or one name
    // for two placeholders bind the same way.
    let pair = |con: &mut aludel::Connection, p: aludel::Params| -> Result<(i64, i64), Error> {
        let r = con.execute_with(text("SELECT :a, :b"), p)?.one()?;
        Ok((r.get(0)?, r.get(1)?))
    };
    assert_eq!(pair(&mut con, params! {"a" => 1, "b" => 2})?, (1, 2));
    assert_eq!(pair(&mut con, params! {"b" => 4, "a" => 3})?, (3, 4));
    let swapped = pair(&mut con, params! {"a" => 1, "c" => 2});
    assert!(matches!(swapped, Err(Error::Argument(m)) if m.contains("\"c\"")));
    let twice = con
        .execute_with(text("SELECT :a, :a + 1"), params! {"a" => 7})?
        .one()?;
    assert_eq!((twice.get::<i64>(0)?, twice.get::<i64>(1)?), (7, 8));
    Ok(())
}

struct Car {
    name: String,
    price: i64,
}

impl FromRow for Car {
    fn from_row(row: &Row) -> aludel::Result<Self> {
        Ok(Car {
            name: row.get("Name")?,
            price: row.get("Price")?,
        })
    }
}

#[test]
fn results_and_rows() -> aludel::Result<()> {
    let meta = MetaData::new();
    let cars = meta
        .table("Cars")
        .column(Column::new("Id", Type::Integer).primary_key())
        .column(Column::new("Name", Type::String(Some(50))))
        .column(Column::new("Price", Type::Integer))
        .build()?;
    let engine = engine();
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    let n = con.execute_many(
        insert(&cars),
        [("Audi", 52642), ("Skoda", 9000), ("Volvo", 29000)]
            .iter()
            .enumerate()
            .map(|(i, (n, p))| params! {"Id" => i as i64 + 1, "Name" => *n, "Price" => *p}),
    )?;
    assert_eq!(n, 3);
    let q = select((cars.c("Name"), cars.c("Price"))).order_by(cars.c("Price").desc());
    let rs = con.execute(&q)?;
    assert_eq!(rs.keys(), ["Name", "Price"]);
    let rows = rs.all();
    assert_eq!(rows[0].get::<String>(cars.c("Name"))?, "Audi");
    assert_eq!(rows[0].get::<i64>(1)?, 52642);
    assert!(matches!(
        rows[0].get::<i64>("nope"),
        Err(Error::NoSuchColumn { .. })
    ));
    assert!(matches!(
        rows[0].get::<i64>("Name"),
        Err(Error::Type { .. })
    ));
    let all: Vec<Car> = con.execute(&q)?.decode_all()?;
    assert_eq!((all[2].name.as_str(), all[2].price), ("Skoda", 9000));
    let prices: Vec<i64> = con
        .execute(select(cars.c("Price")).order_by(cars.c("Price")))?
        .scalars()?;
    assert_eq!(prices, [9000, 29000, 52642]);
    assert!(matches!(
        con.execute(&q)?.one(),
        Err(Error::MultipleResultsFound)
    ));
    assert!(matches!(
        con.execute(q.clone().filter(cars.c("Price").lt(0)))?.one(),
        Err(Error::NoResultFound)
    ));
    assert!(
        con.execute(q.clone().filter(cars.c("Price").lt(0)))?
            .one_or_none()?
            .is_none()
    );
    assert_eq!(con.execute(&q)?.mappings()[0]["Name"], Value::from("Audi"));
    let mut rs = con.execute(q)?;
    assert!(rs.fetchone().is_some());
    assert_eq!(rs.fetchmany(5).len(), 2);
    assert!(rs.fetchone().is_none());
    Ok(())
}

#[test]
fn every_type_round_trips() -> aludel::Result<()> {
    let meta = MetaData::new();
    let t = typed::every_type_table(&meta, "typed")?;
    let engine = engine();
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    let tod = chrono::NaiveTime::from_hms_micro_opt(13, 45, 7, 250_000).expect("time");
    let doc = serde_json::json!({"a": [1, 2, {"b": null}], "s": "x'y\"z"});
    let row = typed::TypedRow::new("héllo '☃'", tod, doc, vec![0, 1, 2, 255]);
    con.execute(insert(&t).values(row.values(1)))?;
    con.execute(insert(&t).values([("id", 2)]))?;
    let rows = con.execute(select(&t).order_by(t.c("id")))?.all();
    row.assert_read(&rows[0])?;
    typed::assert_all_null(&rows[1], &t)?;
    typed::assert_read_in_place(&mut con, &t, &rows)?;
    // The enum's CHECK constraint holds.
    let bad = con.execute(insert(&t).values([("id", Expr::from(3)), ("mood", Expr::from("meh"))]));
    assert!(matches!(bad, Err(Error::Database(e)) if e.kind == ErrorKind::Integrity));
    Ok(())
}

#[test]
fn transactions_and_savepoints() -> aludel::Result<()> {
    let engine = engine();
    let mut con = engine.connect()?;
    con.execute(text("CREATE TABLE t (a INTEGER)"))?;
    let count = |con: &mut aludel::Connection| -> aludel::Result<i64> {
        con.execute(text("SELECT count(*) FROM t"))?.scalar_one()
    };
    let tx = support::savepoints(&mut con, "t")?;
    tx.rollback()?;
    assert_eq!(count(&mut con)?, 0);
    let mut tx = con.begin_with(IsolationLevel::Serializable)?;
    tx.execute(text("INSERT INTO t VALUES (5)"))?;
    tx.commit()?;
    assert_eq!(count(&mut con)?, 1);
    assert!(!con.in_transaction());
    // Outside a transaction each statement commits on its own.
    con.execute(text("INSERT INTO t VALUES (6)"))?;
    assert_eq!(count(&mut con)?, 2);
    Ok(())
}

#[test]
fn errors_are_classified_and_carry_the_statement() -> aludel::Result<()> {
    let meta = MetaData::new();
    let (parent, child) = support::parent_child(&meta, "parent", "child")?;
    let engine = engine();
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    support::duplicate_code(&mut con, &parent)?;
    let orphan = con.execute(insert(&child).values([("id", 1), ("parent_id", 99)]));
    assert!(matches!(orphan, Err(Error::Database(e)) if e.kind == ErrorKind::Integrity));
    let syntax = con.execute(text("SELEKT 1"));
    assert!(matches!(syntax, Err(Error::Database(e)) if e.kind == ErrorKind::Programming));
    let no_table = con.execute(text("SELECT * FROM nowhere"));
    assert!(matches!(no_table, Err(Error::Database(e)) if e.kind == ErrorKind::Programming));
    // A construct SQLite cannot express never reaches the database.
    let locked =
        con.execute(select(parent.c("id")).with_for_update(aludel::stmt::ForUpdate::new()));
    assert!(matches!(locked, Err(Error::Compile(_))));
    Ok(())
}

#[test]
fn statement_cache_reuses_compiled_shapes() -> aludel::Result<()> {
    let meta = MetaData::new();
    let t = meta
        .table("t")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::Text).server_default(ServerDefault::Text("x".into())))
        .build()?;
    let engine = engine();
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    let before = engine.cache_stats();
    for i in 0..10 {
        con.execute(
            insert(&t).values([("id", Expr::from(i)), ("name", Expr::from(format!("n{i}")))]),
        )?;
    }
    for i in 0..10 {
        let name: Option<String> = con
            .execute(select(t.c("name")).filter(t.c("id").eq(i)))?
            .scalar()?;
        assert_eq!(
            name,
            Some(format!("n{i}")),
            "a cached statement binds its own values"
        );
    }
    let after = engine.cache_stats();
    assert_eq!(after.misses - before.misses, 2);
    assert_eq!(after.hits - before.hits, 18);
    let no_cache = EngineBuilder::new("sqlite:///:memory:")
        .statement_cache_size(0)
        .build()?;
    no_cache.connect()?.execute(text("SELECT 1"))?;
    assert_eq!(no_cache.cache_stats().hits, 0);
    // A connection's own recent statements never outnumber the cache size:
    // with room for one, two statements taking turns always miss.
    let one = EngineBuilder::new("sqlite:///:memory:")
        .statement_cache_size(1)
        .build()?;
    let mut con = one.connect()?;
    for _ in 0..3 {
        con.execute(text("SELECT 1"))?;
        con.execute(text("SELECT 2"))?;
    }
    let stats = one.cache_stats();
    assert_eq!((stats.hits, stats.misses, stats.size), (0, 6, 1));
    Ok(())
}

#[test]
fn rows_are_read_in_place() -> aludel::Result<()> {
    let meta = MetaData::new();
    let users = meta
        .table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::Text))
        .build()?;
    let pets = meta
        .table("pets")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("owner", Type::Integer).foreign_key("users.id"))
        .build()?;
    let engine = engine();
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    // A statement that returns no rows runs, and calls nothing.
    let mut calls = 0;
    con.for_each_row(
        insert(&users).values([("id", Expr::from(1)), ("name", Expr::from("ann"))]),
        (),
        |_| {
            calls += 1;
            Ok(())
        },
    )?;
    assert_eq!(calls, 0);
    con.execute_many(
        insert(&users),
        (2..=1000).map(|i| params! {"id" => i, "name" => format!("u{i}")}),
    )?;
    con.execute_many(
        insert(&pets),
        [
            params! {"id" => 10, "owner" => 1},
            params! {"id" => 20, "owner" => 2},
        ],
    )?;
    // Every row, in order, streamed.
    let mut sum = 0;
    con.for_each_row(select(users.c("id")).order_by(users.c("id")), (), |r| {
        sum += r.get::<i64>(0)?;
        Ok(())
    })?;
    assert_eq!(sum, 1000 * 1001 / 2);
    // A second `id` is relabeled; the column object still finds each.
    let q = select((users.c("id"), pets.c("id"), users.c("name")))
        .join_from(&users, &pets)
        .order_by(pets.c("id"));
    let got = con.query_map(&q, (), |r| {
        Ok((
            r.get::<i64>(pets.c("id"))?,
            r.get::<i64>(users.c("id"))?,
            r.get::<String>("name")?,
        ))
    })?;
    assert_eq!(got, [(10, 1, "ann".to_owned()), (20, 2, "u2".to_owned())]);
    let buffered = con.execute(&q)?.all();
    assert_eq!(con.query_map(q, (), |r| r.to_row())?, buffered);
    // The closure's first error stops the reading and is returned.
    let mut seen = 0;
    let stopped = con.for_each_row(select(users.c("id")), (), |r| {
        seen += 1;
        if r.get::<i64>(0)? == 3 {
            return Err(Error::Argument("stop at 3".into()));
        }
        Ok(())
    });
    assert!(matches!(stopped, Err(Error::Argument(m)) if m == "stop at 3"));
    assert_eq!(seen, 3);
    // Bad lookups are typed errors that say what there is.
    let one = select((users.c("id"), users.c("name"))).filter(users.c("id").eq(1));
    let missing = con.query_map(&one, (), |r| r.get::<i64>("nope"));
    assert!(matches!(missing, Err(Error::NoSuchColumn { known, .. }) if known == "id, name"));
    let past = con.query_map(&one, (), |r| r.get::<i64>(2usize));
    assert!(matches!(past, Err(Error::NoSuchColumn { .. })));
    let wrong = con.query_map(one, (), |r| r.get::<i64>("name"));
    assert!(
        matches!(&wrong, Err(Error::Type { column, wanted: "i64", found }) if column == "name" && found.contains("ann")),
        "{wrong:?}"
    );
    // Database errors and missing parameters are reported as by `execute`.
    let bad = con.query_map(text("SELECT * FROM nowhere"), (), |r| r.to_row());
    assert!(matches!(bad, Err(Error::Database(e)) if e.kind == ErrorKind::Programming));
    let unbound = con.query_map(text("SELECT :x"), (), |r| r.to_row());
    assert!(matches!(unbound, Err(Error::Argument(_))));
    // Text that is not UTF-8 reads as `execute` reads it.
    let odd = text("SELECT CAST(x'6aff6b' AS TEXT) AS t");
    let want: String = con.execute(&odd)?.one()?.get(0)?;
    assert_eq!(con.query_map(odd, (), |r| r.get::<String>("t"))?, [want]);
    // Text reads as `Text` too, short (held inline) and long, in place
    // and buffered.
    let words = text("SELECT 'ann' AS short, replace(hex(zeroblob(20)), '0', 'y') AS long");
    let want = (Text::new("ann"), Text::new("y".repeat(40)));
    let got = con.query_map(words.clone(), (), |r| {
        Ok((r.get::<Text>("short")?, r.get::<Text>("long")?))
    })?;
    assert_eq!(got, std::slice::from_ref(&want));
    let row = con.execute(&words)?.one()?;
    assert_eq!((row.get::<Text>(0)?, row.get::<Text>(1)?), want);
    assert!(!want.0.is_heap_allocated() && want.1.is_heap_allocated());
    Ok(())
}

#[test]
fn reading_in_place_stops_early() -> aludel::Result<()> {
    support::reads_rows_in_place(&mut engine().connect()?, "t")
}

#[test]
fn a_statement_run_again_keeps_its_own_values() -> aludel::Result<()> {
    let (t, engine, mut con) = id_name_db("t")?;
    con.execute_many(
        insert(&t),
        (1..=6).map(|i| params! {"id" => i, "name" => format!("n{i}")}),
    )?;
    // Two statements of one shape with their own values, each run several
    // times, in turns: every run answers with its own statement's values.
    let three = Statement::from(select(t.c("name")).filter(t.c("id").eq(3)));
    let five = Statement::from(select(t.c("name")).filter(t.c("id").eq(5)));
    let before = engine.cache_stats();
    for (stmt, want) in [
        (&three, "n3"),
        (&three, "n3"),
        (&three, "n3"),
        (&five, "n5"),
    ]
    .into_iter()
    .cycle()
    .take(12)
    {
        let got: Option<String> = con.execute(stmt)?.scalar()?;
        assert_eq!(got.as_deref(), Some(want));
    }
    // One built with a `bindparam`, run with a new value each time.
    let by_id = Statement::from(select(t.c("name")).filter(t.c("id").eq(bindparam("id"))));
    for i in [1, 2, 2, 6, 4] {
        let got: Option<String> = con.execute_with(&by_id, params! {"id" => i})?.scalar()?;
        assert_eq!(got, Some(format!("n{i}")));
    }
    assert!(
        con.execute_with(&by_id, ()).is_err(),
        "the value is still required"
    );
    // Two such statements in turn: each finds its own template and values.
    let by_name = Statement::from(select(t.c("id")).filter(t.c("name").eq(bindparam("name"))));
    for i in [3, 5, 3] {
        let name: Option<String> = con.execute_with(&by_id, params! {"id" => i})?.scalar()?;
        let id: Option<i64> = con
            .execute_with(&by_name, params! {"name" => name})?
            .scalar()?;
        assert_eq!(id, Some(i));
    }
    let after = engine.cache_stats();
    assert_eq!(after.misses - before.misses, 3);
    assert_eq!(after.hits - before.hits, 21);
    // The connection remembers statements without keeping their values:
    // once the caller drops a statement run several times, its large value
    // is freed.
    let big: std::sync::Arc<str> = "x".repeat(10_000).into();
    let long = Statement::from(select(t.c("id")).filter(t.c("name").eq(Value::from(big.clone()))));
    for _ in 0..3 {
        assert!(con.execute(&long)?.all().is_empty());
    }
    drop(long);
    assert_eq!(std::sync::Arc::strong_count(&big), 1);
    Ok(())
}

/// Statements that differ only in what an alias stands for — met only
/// through its columns, its FROM inferred — are different statements to the
/// cache: each runs its own SQL with its own values.
#[test]
fn an_alias_known_by_its_columns_runs_its_own_body() -> aludel::Result<()> {
    let meta = MetaData::new();
    let table = |name: &str| {
        meta.table(name)
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("name", Type::Text))
            .build()
    };
    let (users, orders) = (table("users")?, table("orders")?);
    let engine = engine();
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    con.execute_many(insert(&users), [params! {"id" => 1, "name" => "alice"}])?;
    con.execute_many(
        insert(&orders),
        [
            params! {"id" => 1, "name" => "order-1"},
            params! {"id" => 2, "name" => "order-2"},
        ],
    )?;
    for _ in 0..2 {
        let from_users: Option<String> =
            con.execute(select(users.alias("p").c("name")))?.scalar()?;
        assert_eq!(from_users.as_deref(), Some("alice"));
        let from_orders: Option<String> =
            con.execute(select(orders.alias("p").c("name")))?.scalar()?;
        assert_eq!(from_orders.as_deref(), Some("order-1"));
    }
    // a subquery's own value, run through a template of its shape
    let above = |n: i64| {
        select(
            select(orders.c("name"))
                .filter(orders.c("id").gt(n))
                .subquery("o")
                .c("name"),
        )
    };
    for (n, want) in [(0, Some("order-1")), (1, Some("order-2")), (2, None)] {
        let got: Option<String> = con.execute(above(n))?.scalar()?;
        assert_eq!(got.as_deref(), want, "id > {n}");
    }
    Ok(())
}

/// A fresh database file for one test (`aludel-<name>-<pid>.db` in the
/// temporary directory, removed if a run before left it) and its URL.
fn file_db(name: &str) -> (std::path::PathBuf, String) {
    let path = std::env::temp_dir().join(format!("aludel-{name}-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let url = format!("sqlite:///{}", path.display());
    (path, url)
}

#[test]
fn a_pooled_connection_keeps_its_recent_statements() -> aludel::Result<()> {
    // Two connections, a shared cache of two statements: the second
    // connection's statements push the first one's out of the shared cache,
    // but the first connection, checked out again, still has it.
    let (path, url) = file_db("recent");
    let engine = EngineBuilder::new(&url)
        .pool_size(2)
        .statement_cache_size(2)
        .build()?;
    let mut first = engine.connect()?;
    let mut second = engine.connect()?;
    first.execute(text("SELECT 1"))?;
    drop(first);
    second.execute(text("SELECT 2"))?;
    second.execute(text("SELECT 3"))?;
    let before = engine.cache_stats();
    let mut again = engine.connect()?; // the idle one: the first connection
    assert_eq!(again.execute(text("SELECT 1"))?.scalar_one::<i64>()?, 1);
    let after = engine.cache_stats();
    assert_eq!(
        (after.hits - before.hits, after.misses - before.misses),
        (1, 0)
    );
    drop((again, second, engine));
    let _ = std::fs::remove_file(&path);
    Ok(())
}

#[test]
fn engine_is_shared_by_threads() -> aludel::Result<()> {
    let (path, url) = file_db("threads");
    let engine = EngineBuilder::new(&url).pool_size(4).build()?;
    let n = support::insert_from_four_threads(&engine, "t")?;
    assert_eq!(n, 100);
    let _ = std::fs::remove_file(&path);
    Ok(())
}

/// Threads running statements on their own connections count their cache
/// hits and misses apart (no shared counter), and the engine's stats add
/// them all up.
#[test]
fn cache_stats_add_up_the_counts_of_connections_in_threads() -> aludel::Result<()> {
    let (path, url) = file_db("stats");
    let engine = EngineBuilder::new(&url).pool_size(3).build()?;
    const RUNS: i64 = 50;
    std::thread::scope(|s| -> aludel::Result<()> {
        let threads: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| -> aludel::Result<i64> {
                    let mut con = engine.connect()?;
                    let q = select(literal_column("1").label("one"));
                    let mut sum = 0;
                    for _ in 0..RUNS {
                        sum += con.execute(q.clone())?.scalar_one::<i64>()?;
                    }
                    Ok(sum)
                })
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().expect("thread")?, RUNS);
        }
        Ok(())
    })?;
    let stats = engine.cache_stats();
    // each thread's first run may compile (they can start together)
    assert!((1..=3).contains(&stats.misses), "{stats:?}");
    assert_eq!(stats.hits + stats.misses, 3 * RUNS as u64, "{stats:?}");
    drop(engine);
    let _ = std::fs::remove_file(&path);
    Ok(())
}

#[test]
fn rows_find_relabeled_columns_by_column_object() -> aludel::Result<()> {
    let meta = MetaData::new();
    let users = meta
        .table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .build()?;
    let addresses = meta
        .table("addresses")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("user_id", Type::Integer).foreign_key("users.id"))
        .build()?;
    let engine = engine();
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    con.execute(insert(&users).values([("id", 1)]))?;
    con.execute(insert(&addresses).values([("id", 7), ("user_id", 1)]))?;
    let row = con
        .execute(select((users.c("id"), addresses.c("id"))).join(&addresses))?
        .one()?;
    assert_eq!(row.keys(), ["id", "id_1"]);
    assert_eq!(row.get::<i64>(users.c("id"))?, 1);
    assert_eq!(row.get::<i64>(addresses.c("id"))?, 7);
    Ok(())
}

/// `execute_many(insert(&table), ..)` runs one prepared single-row INSERT
/// per set inside a transaction and multi-row INSERTs outside one; both
/// give the same rows, errors and defaults, with or without the statement
/// cache.
#[test]
fn execute_many_inserts_in_and_out_of_transactions() -> aludel::Result<()> {
    use std::sync::atomic::{AtomicI64, Ordering};
    static NEXT: AtomicI64 = AtomicI64::new(100);
    let meta = MetaData::new();
    let t = meta
        .table("t")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::Text).not_null())
        .column(Column::new("qty", Type::Integer).default(7))
        .build()?;
    let seq = meta
        .table("seq")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(
            Column::new("n", Type::Integer)
                .default_fn(|| Value::from(NEXT.fetch_add(1, Ordering::Relaxed))),
        )
        .build()?;
    let count = |con: &mut aludel::Connection, table: &Table| -> aludel::Result<i64> {
        con.execute(select(func::count_star()).select_from(table))?
            .scalar_one()
    };
    for cache_size in [500, 0] {
        let engine = EngineBuilder::new("sqlite:///:memory:")
            .statement_cache_size(cache_size)
            .build()?;
        meta.create_all(&engine)?;
        let mut con = engine.connect()?;
        // Sets may name their columns in any order; names need not be literals.
        let name = String::from("name");
        let mut tx = con.begin()?;
        let n = tx.execute_many(
            insert(&t),
            [
                params! {"id" => 1, "name" => "a"},
                params! {"name" => "b", "id" => 2},
                aludel::Params::new().with(&name, "c").with("id", 3),
            ],
        )?;
        assert_eq!(n, 3);
        tx.commit()?;
        let n = con.execute_many(
            insert(&t),
            [
                params! {"id" => 4, "name" => "d"},
                params! {"name" => "e", "id" => 5},
            ],
        )?;
        assert_eq!(n, 2);
        let rows: Vec<(i64, String, i64)> = con
            .execute(select((t.c("id"), t.c("name"), t.c("qty"))).order_by(t.c("id")))?
            .decode_all()?;
        let want: Vec<(i64, String, i64)> = ["a", "b", "c", "d", "e"]
            .iter()
            .zip(1..)
            .map(|(s, i)| (i, s.to_string(), 7))
            .collect();
        assert_eq!(rows, want);

        // A failure midway names the set that failed; after a rollback
        // nothing of the batch is left.
        let mut tx = con.begin()?;
        let dup = tx.execute_many(
            insert(&t),
            [
                params! {"id" => 6, "name" => "f"},
                params! {"id" => 1, "name" => "dup"},
                params! {"id" => 7, "name" => "g"},
            ],
        );
        match dup {
            Err(Error::Database(e)) => {
                assert_eq!(e.kind, ErrorKind::Integrity);
                assert!(e.sql.starts_with("INSERT INTO t"), "{}", e.sql);
                assert!(e.params.contains(&Value::from("dup")), "{:?}", e.params);
            }
            other => panic!("expected an integrity error, got {other:?}"),
        }
        tx.rollback()?;
        assert_eq!(count(&mut con, &t)?, 5);

        // Sets naming other columns, or a column the table lacks: nothing runs.
        let mut tx = con.begin()?;
        refuses_bad_sets(&mut tx, &t);
        tx.commit()?;
        refuses_bad_sets(&mut con, &t);
        assert_eq!(count(&mut con, &t)?, 5);

        // A client-side default function runs once per row, in or out of a transaction.
        let mut tx = con.begin()?;
        tx.execute_many(insert(&seq), (1..=3).map(|i| params! {"id" => i}))?;
        tx.commit()?;
        con.execute_many(insert(&seq), (4..=5).map(|i| params! {"id" => i}))?;
        let ns: Vec<i64> = con
            .execute(select(seq.c("n")).order_by(seq.c("id")))?
            .scalars()?;
        assert!(ns.windows(2).all(|w| w[0] < w[1]), "{ns:?}");

        // With RETURNING, each set's statement returns its row.
        let mut tx = con.begin()?;
        let n = tx.execute_many(
            insert(&t).returning(t.c("id")),
            (10..12).map(|i| params! {"id" => i, "name" => "r"}),
        )?;
        assert_eq!(n, 2);
        tx.commit()?;
        assert_eq!(count(&mut con, &t)?, 7);
    }
    Ok(())
}

fn refuses_bad_sets(con: &mut aludel::Connection, t: &Table) {
    let mismatched = con.execute_many(
        insert(t),
        [params! {"id" => 8, "name" => "h"}, params! {"id" => 9}],
    );
    assert!(
        matches!(mismatched, Err(Error::Argument(_))),
        "{mismatched:?}"
    );
    let renamed = con.execute_many(
        insert(t),
        [
            params! {"id" => 8, "name" => "h"},
            params! {"id" => 9, "nick" => "i"},
        ],
    );
    assert!(
        matches!(&renamed, Err(Error::Argument(m)) if m.starts_with("parameter set 1 names other columns")),
        "{renamed:?}"
    );
    let unknown = con.execute_many(insert(t), [params! {"id" => 8, "nope" => "h"}]);
    assert!(matches!(unknown, Err(Error::Compile(_))), "{unknown:?}");
    let empty = con.execute_many(insert(t), [aludel::Params::new()]);
    assert!(matches!(empty, Err(Error::Argument(_))), "{empty:?}");
}

/// Inside a transaction, a failed `execute_many` of an INSERT leaves none
/// of its rows behind (as one multi-row INSERT would), and a named parameter
/// the sets cannot fill is an error on both paths, never a NULL.
#[test]
fn execute_many_insert_is_all_or_nothing_in_a_transaction() -> aludel::Result<()> {
    use aludel::stmt::ConflictTarget;
    let (t, _engine, mut con) = id_name_db("kept")?;
    con.execute(insert(&t).values([("id", Expr::from(1)), ("name", Expr::from("one"))]))?;
    let mut tx = con.begin()?;
    let failed = tx.execute_many(
        insert(&t),
        [
            params! {"id" => 10, "name" => "ten"},
            params! {"id" => 1, "name" => "duplicate"},
        ],
    );
    assert!(
        matches!(failed, Err(Error::Database(ref e)) if e.kind == ErrorKind::Integrity),
        "{failed:?}"
    );
    // the caller may go on with the transaction: the failed call left nothing
    tx.execute_many(insert(&t), [params! {"id" => 11, "name" => "eleven"}])?;
    tx.commit()?;
    let ids: Vec<i64> = con
        .execute(select(t.c("id")).order_by(t.c("id")))?
        .scalars()?;
    assert_eq!(ids, [1, 11]);

    let upsert = insert(&t).on_conflict_do_update(
        ConflictTarget::columns(["id"]),
        [("name", Expr::from(bindparam("newname")))],
        None,
    );
    for in_tx in [true, false] {
        let set = [params! {"id" => 1, "name" => "x"}];
        let r = if in_tx {
            let mut tx = con.begin()?;
            let r = tx.execute_many(&upsert, set);
            tx.rollback()?;
            r
        } else {
            con.execute_many(&upsert, set)
        };
        assert!(
            matches!(&r, Err(Error::Argument(m)) if m.contains("newname")),
            "in a transaction: {in_tx}: {r:?}"
        );
    }
    let name: Option<String> = con
        .execute(select(t.c("name")).filter(t.c("id").eq(1)))?
        .scalar()?;
    assert_eq!(name.as_deref(), Some("one"));
    Ok(())
}

/// A table `name` of `id`, `name` and `stamp` (whose `onupdate` default is
/// `stamp`), created on a new connection with three rows (`stamp` 0).
fn stamped_rows(
    name: &str,
    stamp: aludel::schema::ColumnDefault,
) -> aludel::Result<(Table, aludel::Connection)> {
    let meta = MetaData::new();
    let t = meta
        .table(name)
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::Text))
        .column(Column::new("stamp", Type::Integer).onupdate(stamp))
        .build()?;
    let engine = engine();
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    con.execute_many(
        insert(&t),
        (1..=3).map(|i| params! {"id" => i, "name" => "x", "stamp" => 0}),
    )?;
    Ok((t, con))
}

/// An UPDATE run for many parameter sets calls a column's client-side
/// `onupdate` function once per set, not once for the whole batch.
#[test]
fn execute_many_calls_onupdate_functions_per_set() -> aludel::Result<()> {
    use aludel::schema::ColumnDefault;
    use std::sync::atomic::{AtomicI64, Ordering};
    static STAMP: AtomicI64 = AtomicI64::new(1);
    let (t, mut con) = stamped_rows(
        "stamped",
        ColumnDefault::Fn(std::sync::Arc::new(|| {
            Value::from(STAMP.fetch_add(1, Ordering::Relaxed))
        })),
    )?;
    let n = con.execute_many(
        update(&t)
            .set([("name", bindparam("name"))])
            .filter(t.c("id").eq(bindparam("id"))),
        (1..=3).map(|i| params! {"id" => i, "name" => format!("n{i}")}),
    )?;
    assert_eq!(n, 3);
    let stamps: Vec<i64> = con
        .execute(select(t.c("stamp")).order_by(t.c("id")))?
        .scalars()?;
    assert_eq!(stamps.len(), 3);
    assert!(
        stamps.windows(2).all(|w| w[0] < w[1]),
        "one fresh value per set: {stamps:?}"
    );
    Ok(())
}

/// UPDATEs of one shape on a table with a value `onupdate` default run with
/// their own SET values: the engine's statement cache does not reuse the
/// first statement's (it once did, the defaults having turned the
/// statement's values into constants of the cached template).
#[test]
fn updates_with_onupdate_values_run_with_their_own_values() -> aludel::Result<()> {
    use aludel::schema::ColumnDefault;
    let (t, mut con) = stamped_rows("versioned", ColumnDefault::Value(Value::from(1)))?;
    for i in 1..=3i64 {
        con.execute(
            update(&t)
                .set([("name", format!("n{i}"))])
                .filter(t.c("id").eq(i)),
        )?;
    }
    let rows: Vec<(i64, String, i64)> = con
        .execute(select((t.c("id"), t.c("name"), t.c("stamp"))).order_by(t.c("id")))?
        .map(|r| {
            (
                r.get(0).expect("id"),
                r.get(1).expect("name"),
                r.get(2).expect("stamp"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (1, "n1".to_owned(), 1),
            (2, "n2".to_owned(), 1),
            (3, "n3".to_owned(), 1)
        ]
    );
    Ok(())
}

/// A compiled SELECT of columns is named by the compiler, by position (as
/// SQLAlchemy names its compiled result columns), whatever case the
/// database's catalog keeps; an expression the compiler does not name from
/// the SQL keeps the database's name.
#[test]
fn compiled_columns_are_named_by_the_compiler() -> aludel::Result<()> {
    let (_engine, mut con) = raw_db(&[
        "CREATE TABLE w (ID INTEGER, Name TEXT)",
        "INSERT INTO w VALUES (1, 'a')",
    ])?;
    // SQLite names a bare column after its catalog: `ID`, `Name`.
    assert_eq!(
        con.execute(text("SELECT w.id, w.name FROM w"))?.keys(),
        ["ID", "Name"]
    );
    let meta = MetaData::new();
    let w = meta
        .table("w")
        .column(Column::new("id", Type::Integer))
        .column(Column::new("name", Type::Text))
        .build()?;
    let q = select((w.c("id"), w.c("name"), w.c("id")));
    for _ in 0..3 {
        // the first run, then from the statement cache
        let rs = con.execute(&q)?;
        assert_eq!(rs.keys(), ["id", "name", "id_1"]);
        let row = rs.one()?;
        assert_eq!(row.get::<String>("name")?, "a");
        let in_place = con.query_map(&q, (), |r| r.get::<i64>("id_1"))?;
        assert_eq!(in_place, [1]);
        // read in place, a row is named as the result is
        let wrong = con.query_map(&q, (), |r| r.get::<i64>(1));
        assert!(
            matches!(&wrong, Err(Error::Type { column, .. }) if column == "name"),
            "{wrong:?}"
        );
        let shown = con.query_map(&q, (), |r| Ok(format!("{r:?}")))?;
        assert!(shown[0].starts_with("{\"id\": "), "{shown:?}");
    }
    // A literal column among them: every name is the database's.
    let with_literal = select((w.c("id"), literal_column("w.name")));
    assert_eq!(con.execute(&with_literal)?.keys(), ["ID", "Name"]);
    Ok(())
}

/// A cached statement reuses its result columns while the database reports
/// the same names, and notices when they change.
#[test]
fn result_columns_follow_the_database() -> aludel::Result<()> {
    let (_engine, mut con) = raw_db(&["CREATE TABLE w (a INTEGER)", "INSERT INTO w VALUES (1)"])?;
    let all = text("SELECT * FROM w");
    assert_eq!(con.execute(&all)?.keys(), ["a"]);
    assert_eq!(con.execute(&all)?.keys(), ["a"]);
    con.execute(text("ALTER TABLE w ADD COLUMN b INTEGER DEFAULT 2"))?;
    let row = con.execute(&all)?.one()?;
    assert_eq!(row.keys(), ["a", "b"]);
    assert_eq!(row.get::<i64>("b")?, 2);
    con.execute(text("ALTER TABLE w RENAME COLUMN a TO c"))?;
    assert_eq!(con.execute(all)?.keys(), ["c", "b"]);
    Ok(())
}
