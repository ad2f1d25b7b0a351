//! `execute_many`'s checks on SQLite: every parameter set is checked
//! before any runs, whether the statement is compiled once or once per set.

use aludel::prelude::*;
use aludel::{Error, MetaDataExt, create_engine, params, text};

fn engine() -> Engine {
    create_engine("sqlite:///:memory:").expect("engine")
}

/// `execute_many` of any other statement binds and runs set by set, after
/// checking every set: a set without a needed value (or with an unknown
/// one) fails the call before any set has run.
#[test]
fn execute_many_runs_other_statements_per_set() -> aludel::Result<()> {
    let engine = engine();
    let mut con = engine.connect()?;
    con.execute(text("CREATE TABLE p (name TEXT, price INTEGER)"))?;
    let ins = text("INSERT INTO p VALUES (:name, :price)");
    let n = con.execute_many(
        ins.clone(),
        [("a", 1), ("b", 2), ("c", 3)].map(|(n, p)| params! {"name" => n, "price" => p}),
    )?;
    assert_eq!(n, 3);
    let missing = con.execute_many(
        ins.clone(),
        [
            params! {"name" => "d", "price" => 4},
            params! {"name" => "e"},
        ],
    );
    assert!(matches!(missing, Err(Error::Argument(_))), "{missing:?}");
    let unknown = con.execute_many(
        ins.clone(),
        [
            params! {"name" => "w", "price" => 0},
            params! {"name" => "x", "price" => 0, "zz" => 1},
        ],
    );
    assert!(matches!(unknown, Err(Error::Argument(_))), "{unknown:?}");
    // Neither failed call left its first set behind.
    con.execute_with(ins, params! {"name" => "d", "price" => 4})?;
    let mut tx = con.begin()?;
    let changed = tx.execute_many(
        text("UPDATE p SET price = price + :raise WHERE name = :name"),
        [
            params! {"name" => "a", "raise" => 10},
            params! {"name" => "nobody", "raise" => 5},
            params! {"name" => "d", "raise" => 10},
        ],
    )?;
    assert_eq!(changed, 2);
    tx.commit()?;
    let prices: Vec<i64> = con
        .execute(text("SELECT price FROM p ORDER BY name"))?
        .scalars()?;
    assert_eq!(prices, [11, 2, 3, 14]);
    Ok(())
}

/// A statement with a client-side default function is compiled once per
/// set, and its sets are still all checked first: a bad set leaves no row
/// of the sets before it, and the error names it.
#[test]
fn execute_many_checks_sets_compiled_one_by_one() -> aludel::Result<()> {
    let meta = MetaData::new();
    let t = meta
        .table("t")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::Text))
        .column(Column::new("stamp", Type::Integer).default_fn(|| Value::from(7)))
        .build()?;
    let engine = engine();
    meta.create_all(&engine)?;
    let mut con = engine.connect()?;
    let ins = insert(&t).values([("id", bindparam("id")), ("name", bindparam("name"))]);
    let bad = con.execute_many(
        ins.clone(),
        [params! {"id" => 10, "name" => "ten"}, params! {"id" => 11}],
    );
    match bad {
        Err(Error::Argument(m)) => assert!(m.starts_with("parameter set 1: "), "{m}"),
        other => panic!("expected an argument error, got {other:?}"),
    }
    let n = con.execute_many(
        ins,
        [
            params! {"id" => 1, "name" => "one"},
            params! {"id" => 2, "name" => "two"},
        ],
    )?;
    assert_eq!(n, 2);
    let rows: Vec<(i64, i64)> = con
        .execute(select((t.c("id"), t.c("stamp"))).order_by(t.c("id")))?
        .decode_all()?;
    assert_eq!(rows, [(1, 7), (2, 7)]);
    Ok(())
}
