//! `execute_many` takes effect whole or not at all, on every live database:
//! a database error at one parameter set undoes the sets before it, in a
//! transaction of the call's own outside one and in a savepoint inside one
//! (which leaves the transaction usable, also on PostgreSQL).

mod support;

use aludel::prelude::*;
use aludel::{Connection, Error, MetaDataExt, params, text};

/// `em_<base>_<pid>`, with its columns `id` (the key) and `code` (unique).
fn table(meta: &MetaData, base: &str) -> aludel::Result<Table> {
    Ok(meta
        .table(&format!("em_{base}_{}", std::process::id()))
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("code", Type::String(Some(20))).unique())
        .build()?)
}

fn count(conn: &mut Connection, t: &Table) -> aludel::Result<i64> {
    Ok(conn
        .execute(select(func::count_star()).select_from(t))?
        .scalar::<i64>()?
        .unwrap_or(-1))
}

fn is_database_error(r: &aludel::Result<u64>) -> bool {
    matches!(r, Err(Error::Database(_)))
}

#[test]
fn a_failing_set_undoes_the_sets_before_it_outside_a_transaction() -> aludel::Result<()> {
    for (db, engine) in support::engines() {
        let meta = MetaData::new();
        let t = table(&meta, "outside")?;
        meta.drop_all(&engine)?;
        meta.create_all(&engine)?;
        let mut conn = engine.connect()?;

        // Run set by set: the third set repeats the first's code.
        let per_set = insert(&t).values([
            ("id", Expr::from(bindparam("id"))),
            ("code", Expr::from(bindparam("code"))),
        ]);
        let r = conn.execute_many(
            &per_set,
            [(1, "a"), (2, "b"), (3, "a")].map(|(id, code)| params! {"id" => id, "code" => code}),
        );
        assert!(is_database_error(&r), "{db}: {r:?}");
        assert_eq!(count(&mut conn, &t)?, 0, "{db}: per set");

        // Several multi-row INSERTs (1,000 rows each): the third fails.
        let rows = (1..=2500).map(|i| {
            let code = if i == 2200 {
                "c1".to_owned()
            } else {
                format!("c{i}")
            };
            params! {"id" => i, "code" => code}
        });
        let r = conn.execute_many(insert(&t), rows.collect::<Vec<_>>());
        assert!(is_database_error(&r), "{db}: {r:?}");
        assert_eq!(count(&mut conn, &t)?, 0, "{db}: multi-row");
        assert!(!conn.in_transaction(), "{db}");

        // Without a failure, everything is there (and committed).
        let n = conn.execute_many(
            insert(&t),
            (1..=2500)
                .map(|i| params! {"id" => i, "code" => format!("c{i}")})
                .collect::<Vec<_>>(),
        )?;
        assert_eq!(n, 2500, "{db}");
        drop(conn);
        assert_eq!(count(&mut engine.connect()?, &t)?, 2500, "{db}");
        meta.drop_all(&engine)?;
    }
    Ok(())
}

#[test]
fn a_failing_set_leaves_the_transaction_as_it_was() -> aludel::Result<()> {
    for (db, engine) in support::engines() {
        let meta = MetaData::new();
        let t = table(&meta, "inside")?;
        meta.drop_all(&engine)?;
        meta.create_all(&engine)?;
        let mut conn = engine.connect()?;
        let mut tx = conn.begin()?;
        tx.execute_many(
            insert(&t),
            [(1, "a"), (2, "b"), (3, "c")].map(|(id, code)| params! {"id" => id, "code" => code}),
        )?;
        // The second set gives row 2 the code row 1 now has.
        let r = tx.execute_many(
            update(&t)
                .set([("code", bindparam("code"))])
                .filter(t.c("id").eq(bindparam("id"))),
            [
                params! {"id" => 1, "code" => "z"},
                params! {"id" => 2, "code" => "z"},
            ],
        );
        assert!(is_database_error(&r), "{db}: {r:?}");
        // One multi-row INSERT that fails (a single statement) too.
        let r = tx.execute_many(
            insert(&t),
            [(4, "x"), (5, "x")].map(|(id, code)| params! {"id" => id, "code" => code}),
        );
        assert!(is_database_error(&r), "{db}: {r:?}");
        // Still usable (PostgreSQL too), and row 1 keeps its code.
        let codes: Vec<String> = tx
            .execute(select(t.c("code")).order_by(t.c("id")))?
            .scalars()?;
        assert_eq!(codes, ["a", "b", "c"], "{db}");
        tx.execute(text(&format!(
            "UPDATE {} SET code = 'd' WHERE id = 3",
            t.name()
        )))?;
        tx.commit()?;
        let codes: Vec<String> = conn
            .execute(select(t.c("code")).order_by(t.c("id")))?
            .scalars()?;
        assert_eq!(codes, ["a", "b", "d"], "{db}");
        meta.drop_all(&mut conn)?;
    }
    Ok(())
}

/// The call's own transaction can be refused at COMMIT (a deferred
/// foreign key on SQLite): nothing stays, and the connection is out of the
/// transaction, as `in_transaction` says, ready for the next one.
#[test]
fn a_refused_commit_leaves_nothing_and_no_open_transaction() -> aludel::Result<()> {
    let engine = aludel::create_engine("sqlite:///:memory:")?;
    let mut conn = engine.connect()?;
    conn.execute(text("CREATE TABLE p (id INTEGER PRIMARY KEY)"))?;
    conn.execute(text(
        "CREATE TABLE c (id INTEGER PRIMARY KEY, \
         p INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)",
    ))?;
    let r = conn.execute_many(
        text("INSERT INTO c VALUES (:id, :p)"),
        [params! {"id" => 1, "p" => 7}, params! {"id" => 2, "p" => 8}],
    );
    assert!(is_database_error(&r), "{r:?}");
    assert!(!conn.in_transaction());
    let left: Option<i64> = conn.execute(text("SELECT count(*) FROM c"))?.scalar()?;
    assert_eq!(left, Some(0));
    // A transaction of the user's own starts and commits as usual.
    let mut tx = conn.begin()?;
    tx.execute(text("INSERT INTO p VALUES (7)"))?;
    tx.execute(text("INSERT INTO c VALUES (1, 7)"))?;
    tx.commit()?;
    let kept: Option<i64> = conn.execute(text("SELECT count(*) FROM c"))?.scalar()?;
    assert_eq!(kept, Some(1));
    Ok(())
}

/// A transaction opened with raw SQL is seen on SQLite, which says so, and
/// on PostgreSQL, whose driver follows the session's transaction
/// statements: the call runs in a savepoint inside it instead of opening
/// (SQLite) or committing (PostgreSQL) a transaction of its own. MySQL
/// commits implicitly (DDL) and cannot be followed so: there, open
/// transactions with `begin`.
#[test]
fn a_raw_sql_transaction_is_seen_on_sqlite_and_postgresql() -> aludel::Result<()> {
    for (db, engine) in support::engines()
        .into_iter()
        .filter(|(db, _)| *db != "mysql")
    {
        let t = format!("em_raw_{db}_{}", std::process::id());
        let mut conn = engine.connect()?;
        conn.execute(text(&format!("DROP TABLE IF EXISTS {t}")))?;
        conn.execute(text(&format!("CREATE TABLE {t} (a INTEGER UNIQUE)")))?;
        conn.execute(text("BEGIN"))?;
        conn.execute(text(&format!("INSERT INTO {t} VALUES (0)")))?;
        let insert = format!("INSERT INTO {t} VALUES (:a)");
        let sets = |v: [i64; 2]| v.map(|a| params! {"a" => a});
        conn.execute_many(text(&insert), sets([1, 2]))?;
        let r = conn.execute_many(text(&insert), sets([3, 1]));
        assert!(is_database_error(&r), "{db}: {r:?}");
        conn.execute(text("ROLLBACK"))?;
        let left: Option<i64> = conn
            .execute(text(&format!("SELECT count(*) FROM {t}")))?
            .scalar()?;
        assert_eq!(left, Some(0), "{db}: the user's rollback undid everything");
        conn.execute(text(&format!("DROP TABLE {t}")))?;
    }
    Ok(())
}
