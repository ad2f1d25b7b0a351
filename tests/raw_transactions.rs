//! Transactions opened with raw SQL (`text("BEGIN")`), on every live
//! database: a connection goes back to the pool reset (such a transaction
//! left open is rolled back, so the next checkout neither sees the
//! uncommitted rows nor has its `begin` refused), and `begin` inside one is
//! refused where the connection can tell (SQLite, PostgreSQL).

mod support;

use aludel::{Engine, EngineBuilder, text};

/// An engine per live database with one pooled connection, so that each
/// checkout gets the connection the last one gave back.
fn engines() -> Vec<(&'static str, Engine)> {
    support::urls()
        .into_iter()
        .map(|(db, url)| {
            let engine = EngineBuilder::new(&url).pool_size(1).build();
            (db, engine.unwrap_or_else(|e| panic!("{db}: {e}")))
        })
        .collect()
}

/// A table name unique to this test, database and process.
fn table(test: &str, db: &str) -> String {
    format!("reset_{test}_{db}_{}", std::process::id())
}

/// A connection and an empty table `t (a INTEGER)` made on it.
fn fresh_table(
    engine: &Engine,
    test: &str,
    db: &str,
) -> aludel::Result<(aludel::Connection, String)> {
    let t = table(test, db);
    let mut conn = engine.connect()?;
    conn.execute(text(&format!("DROP TABLE IF EXISTS {t}")))?;
    conn.execute(text(&format!("CREATE TABLE {t} (a INTEGER)")))?;
    Ok((conn, t))
}

/// The engines of `engines` whose database `keep` accepts.
fn engines_where(keep: impl Fn(&str) -> bool) -> Vec<(&'static str, Engine)> {
    engines().into_iter().filter(|(db, _)| keep(db)).collect()
}

fn insert(conn: &mut aludel::Connection, t: &str, v: i64) -> aludel::Result<()> {
    conn.execute(text(&format!("INSERT INTO {t} VALUES ({v})")))?;
    Ok(())
}

fn count(conn: &mut aludel::Connection, t: &str) -> aludel::Result<i64> {
    conn.execute(text(&format!("SELECT count(*) FROM {t}")))?
        .scalar_one()
}

/// Gives `conn` back to the pool (its reset runs) and checks out the
/// connection again (the pool holds one).
fn returned(engine: &Engine, conn: aludel::Connection) -> aludel::Result<aludel::Connection> {
    drop(conn);
    engine.connect()
}

fn drop_table(conn: &mut aludel::Connection, t: &str) -> aludel::Result<()> {
    conn.execute(text(&format!("DROP TABLE {t}")))?;
    Ok(())
}

#[test]
fn a_raw_transaction_left_open_is_rolled_back_on_return() -> aludel::Result<()> {
    for (db, engine) in engines() {
        let (mut conn, t) = fresh_table(&engine, "raw", db)?;
        let begin = if db == "mysql" {
            "START TRANSACTION"
        } else {
            "BEGIN"
        };
        conn.execute(text(begin))?;
        insert(&mut conn, &t, 1)?;

        let mut conn = returned(&engine, conn)?;
        assert_eq!(count(&mut conn, &t)?, 0, "{db}: the row was rolled back");
        let mut tx = conn.begin()?;
        insert(&mut tx, &t, 2)?;
        tx.commit()?;

        let mut conn = returned(&engine, conn)?;
        assert_eq!(count(&mut conn, &t)?, 1, "{db}: the committed row stays");
        drop_table(&mut conn, &t)?;
    }
    Ok(())
}

/// A transaction guard that is leaked (not dropped) leaves its transaction
/// open: the connection's return rolls it back too.
#[test]
fn a_leaked_transaction_is_rolled_back_on_return() -> aludel::Result<()> {
    for (db, engine) in engines() {
        let (mut conn, t) = fresh_table(&engine, "leak", db)?;
        let mut tx = conn.begin()?;
        insert(&mut tx, &t, 1)?;
        std::mem::forget(tx);

        let mut conn = returned(&engine, conn)?;
        assert_eq!(count(&mut conn, &t)?, 0, "{db}: the row was rolled back");
        conn.begin()?.commit()?;
        drop_table(&mut conn, &t)?;
    }
    Ok(())
}

/// On MySQL, `SET autocommit = 0` makes every statement open a
/// transaction: the return rolls back what is pending and turns
/// autocommit on again, so the next checkout's statements are committed.
#[test]
fn mysql_autocommit_turned_off_is_turned_on_again() -> aludel::Result<()> {
    for (db, engine) in engines_where(|db| db == "mysql") {
        let (mut conn, t) = fresh_table(&engine, "autocommit", db)?;
        conn.execute(text("SET autocommit = 0"))?;
        insert(&mut conn, &t, 1)?;

        let mut conn = returned(&engine, conn)?;
        insert(&mut conn, &t, 2)?;
        drop(conn);
        // another session sees only the row inserted with autocommit on
        let other = EngineBuilder::new(&support::url_of("mysql").expect("url")).build()?;
        let mut seen = other.connect()?;
        let rows: Vec<i64> = seen
            .execute(text(&format!("SELECT a FROM {t}")))?
            .scalars()?;
        assert_eq!(rows, [2], "{db}");
        drop_table(&mut seen, &t)?;
    }
    Ok(())
}

/// Inside a transaction opened with raw SQL, `begin` is refused (it would
/// nest on PostgreSQL, with only a warning, and its commit would end the
/// raw transaction too) where the connection can tell; once the raw
/// transaction ends, `begin` works again.
#[test]
fn begin_inside_a_raw_transaction_is_refused() -> aludel::Result<()> {
    for (db, engine) in engines_where(|db| db != "mysql") {
        let (mut conn, t) = fresh_table(&engine, "nested", db)?;
        conn.execute(text("BEGIN"))?;
        insert(&mut conn, &t, 1)?;
        match conn.begin() {
            Err(aludel::Error::Transaction(m)) => assert!(m.contains("raw SQL"), "{db}: {m}"),
            other => panic!("{db}: expected a refusal, got {:?}", other.map(|_| ())),
        }
        conn.execute(text("COMMIT"))?;
        conn.begin()?.commit()?;
        assert_eq!(
            count(&mut conn, &t)?,
            1,
            "{db}: the raw transaction committed"
        );
        drop_table(&mut conn, &t)?;
    }
    Ok(())
}

/// A PostgreSQL script (several statements in one text) may open or close
/// a transaction anywhere in it: after one the connection does not guess,
/// so `begin` is not refused, and the reset on return rolls back what the
/// script may have left open.
#[test]
fn a_postgresql_script_leaves_the_transaction_unknown() -> aludel::Result<()> {
    for (db, engine) in engines_where(|db| db == "postgresql") {
        let (mut conn, t) = fresh_table(&engine, "script", db)?;
        // a script that opens and commits its own transaction
        conn.execute(text(&format!("BEGIN; INSERT INTO {t} VALUES (1); COMMIT")))?;
        conn.begin()?.commit()?;
        // one that leaves a transaction open
        conn.execute(text(&format!(
            "INSERT INTO {t} VALUES (2); BEGIN; INSERT INTO {t} VALUES (3)"
        )))?;
        let mut conn = returned(&engine, conn)?;
        // the script's BEGIN made its first statement part of the block
        // (PostgreSQL's rule for several statements in one query): 2 and 3
        // were rolled back
        assert_eq!(count(&mut conn, &t)?, 1, "{db}");
        drop_table(&mut conn, &t)?;
    }
    Ok(())
}

/// A closing statement that fails may leave the block open: a `COMMIT`
/// the server cannot parse aborts the block instead of ending it. The
/// connection then does not guess either, and the reset on return rolls
/// the block back, so the next checkout does not find it aborted.
#[test]
fn a_failed_commit_leaves_the_transaction_unknown() -> aludel::Result<()> {
    for (db, engine) in engines_where(|db| db == "postgresql") {
        let (mut conn, t) = fresh_table(&engine, "failed_commit", db)?;
        conn.execute(text("BEGIN"))?;
        insert(&mut conn, &t, 1)?;
        assert!(conn.execute(text("COMMIT no_such_option")).is_err(), "{db}");
        let mut conn = returned(&engine, conn)?;
        assert_eq!(
            count(&mut conn, &t)?,
            0,
            "{db}: the aborted block was rolled back"
        );
        conn.begin()?.commit()?;
        drop_table(&mut conn, &t)?;
    }
    Ok(())
}
