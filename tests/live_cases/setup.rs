//! Setting up a live database: per-database objects, dropping and creating
//! the fixture tables with aludel's DDL, and seeding them with a few rows.

use std::collections::BTreeSet;

use aludel::prelude::*;
use aludel::stmt::{CreateIndex, CreateTable, DropTable};
use aludel::{Backend, Connection};

use crate::common::Schema;
use crate::common::snapshot_cases;

// ---------------------------------------------------------------------------
// Setting up
// ---------------------------------------------------------------------------

/// `\:` for every colon, so SQL text runs through `text()` unchanged.
pub(crate) fn escape_colons(sql: &str) -> String {
    sql.replace(':', "\\:")
}

pub(crate) fn exec(conn: &mut Connection, stmt: impl Into<Statement>) -> Result<(), String> {
    let stmt = stmt.into();
    conn.execute(&stmt).map(drop).map_err(|e| {
        let sql = stmt
            .compile(conn.engine().dialect())
            .map(|c| c.sql)
            .unwrap_or_default();
        format!("{e}\n  {sql}")
    })
}

/// Per-database objects the cases need beyond the tables: SQLite's `hr`
/// schema; on PostgreSQL the collations the cases name (MySQL's `utf8_bin`,
/// SQLite's `nocase`). Returns whether a MySQL-family server is MariaDB.
pub(crate) fn prepare_database(conn: &mut Connection) -> Result<bool, String> {
    match conn.engine().backend() {
        Backend::Sqlite => {
            exec(
                conn,
                text(&escape_colons("ATTACH DATABASE ':memory:' AS hr")),
            )?;
        }
        Backend::Postgres => {
            exec(
                conn,
                text(r#"CREATE COLLATION IF NOT EXISTS utf8_bin FROM "C""#),
            )?;
            exec(
                conn,
                text(
                    "CREATE COLLATION IF NOT EXISTS nocase \
                     (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
                ),
            )?;
        }
        Backend::Mysql | Backend::Mariadb => {
            let version: Option<String> = conn
                .execute(text("SELECT VERSION()"))
                .and_then(|r| r.scalar())
                .map_err(|e| e.to_string())?;
            let version = version.unwrap_or_default();
            println!("{}: server {version}", conn.engine().dialect().name());
            return Ok(version.contains("MariaDB"));
        }
    }
    Ok(false)
}

/// MySQL and MariaDB: the FULLTEXT index `MATCH ... AGAINST` needs (aludel
/// declares no FULLTEXT indexes).
pub(crate) fn fulltext_index(conn: &mut Connection, users: &Table) -> Result<(), String> {
    if !matches!(conn.engine().backend(), Backend::Mysql | Backend::Mariadb) {
        return Ok(());
    }
    let name = users.fullname();
    exec(
        conn,
        text(&format!(
            "CREATE FULLTEXT INDEX ft_{name}_name ON {name} (name)"
        )),
    )
}

/// Drops every table of `metadatas` that exists, whatever references it:
/// `DROP TABLE IF EXISTS` in reverse dependency order, repeated while
/// tables of other metadata still reference some of them.
pub(crate) fn drop_all(conn: &mut Connection, metadatas: &[&MetaData]) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    let mut tables = Vec::new();
    for m in metadatas {
        for t in m.sorted_tables().into_iter().rev() {
            if seen.insert(t.fullname()) {
                tables.push(t);
            }
        }
    }
    let mut last_errors = Vec::new();
    for _ in 0..=tables.len() {
        last_errors.clear();
        for t in &tables {
            if let Err(e) = exec(conn, DropTable::new(t).if_exists()) {
                last_errors.push(e);
            }
        }
        if last_errors.is_empty() {
            return Ok(());
        }
    }
    Err(format!(
        "cannot drop the fixture tables:\n{}",
        last_errors.join("\n")
    ))
}

/// `CREATE TABLE` and `CREATE INDEX` for a table, with aludel's DDL.
pub(crate) fn create_table(
    conn: &mut Connection,
    metadata: &MetaData,
    table: &Table,
) -> Result<(), String> {
    exec(conn, CreateTable::new(table))
        .map_err(|e| format!("the fixture's CREATE TABLE fails: {e}"))?;
    for ix in metadata.indexes_for(table) {
        exec(conn, CreateIndex::new(&ix))
            .map_err(|e| format!("the fixture's CREATE INDEX fails: {e}"))?;
    }
    Ok(())
}

/// Drops every fixture table, then creates `metadata`.
pub(crate) fn recreate(
    conn: &mut Connection,
    metadata: &MetaData,
    all: &[&MetaData],
) -> Result<(), String> {
    drop_all(conn, all)?;
    for t in metadata.sorted_tables() {
        create_table(conn, metadata, &t)?;
    }
    Ok(())
}

fn insert_rows<const N: usize>(
    conn: &mut Connection,
    table: &Table,
    rows: impl IntoIterator<Item = [(&'static str, Expr); N]>,
) -> Result<(), String> {
    for row in rows {
        exec(conn, insert(table).values(row))
            .map_err(|e| format!("seeding {} fails: {e}", table.fullname()))?;
    }
    Ok(())
}

fn e(v: impl Into<Expr>) -> Expr {
    v.into()
}

fn dec(units: i64, scale: u32) -> Expr {
    Expr::from(rust_decimal::Decimal::new(units, scale))
}

/// `users` and `addresses` rows (ids 1.. assigned by the database).
fn seed_users(conn: &mut Connection, users: &Table, addresses: &Table) -> Result<(), String> {
    insert_rows(
        conn,
        users,
        [
            [
                ("name", e("jack")),
                ("fullname", e("Jack Jones")),
                ("nickname", e("jj")),
            ],
            [
                ("name", e("wendy")),
                ("fullname", e("Wendy Williams")),
                ("nickname", e(None::<&str>)),
            ],
            [
                ("name", e("ed")),
                ("fullname", e("Ed Jones")),
                ("nickname", e("x")),
            ],
        ],
    )?;
    insert_rows(
        conn,
        addresses,
        [
            [("user_id", e(1)), ("email_address", e("jack@x"))],
            [("user_id", e(1)), ("email_address", e("jack2@y"))],
            [("user_id", e(2)), ("email_address", e("wendy@x"))],
        ],
    )
}

/// A few rows in every table of the conformance schema.
pub(crate) fn seed_conformance(conn: &mut Connection, s: &Schema) -> Result<(), String> {
    seed_users(conn, &s.users, &s.addresses)?;
    insert_rows(
        conn,
        &s.cars,
        [
            [("Name", e("Audi")), ("Price", e(52642))],
            [("Name", e("Skoda")), ("Price", e(9000))],
        ],
    )?;
    insert_rows(
        conn,
        &s.authors,
        [
            [("name", e("Ann")), ("born", e(1950))],
            [("name", e("Bob")), ("born", e(1970))],
        ],
    )?;
    insert_rows(
        conn,
        &s.books,
        [
            [
                ("author_id", e(1)),
                ("title", e("T1")),
                ("year", e(1999)),
                ("price", dec(1050, 2)),
            ],
            [
                ("author_id", e(1)),
                ("title", e("T2")),
                ("year", e(2005)),
                ("price", dec(2500, 2)),
            ],
            [
                ("author_id", e(2)),
                ("title", e("T3")),
                ("year", e(2010)),
                ("price", dec(3000, 2)),
            ],
        ],
    )?;
    insert_rows(
        conn,
        &s.posts,
        [[("title", e("P1")), ("body", e("b")), ("published", e(true))]],
    )?;
    insert_rows(
        conn,
        &s.keywords,
        [[("keyword", e("sql"))], [("keyword", e("rust"))]],
    )?;
    insert_rows(
        conn,
        &s.post_keywords,
        [[("post_id", e(1)), ("keyword_id", e(1))]],
    )?;
    insert_rows(
        conn,
        &s.order_tbl,
        [[
            ("user", e("u")),
            ("select", e(1)),
            ("From", e("x")),
            ("quote\"d", e("q")),
            ("back`tick", e("b")),
            ("has space", e(1)),
            ("MixedCase", e(1)),
            ("table", e(2)),
        ]],
    )?;
    insert_rows(
        conn,
        &s.mixed_tbl,
        [[
            ("lowercase", e("a")),
            ("UPPERCASE", e("B")),
            ("camelCase", e("c")),
        ]],
    )?;
    insert_rows(
        conn,
        &s.employees,
        [
            [
                ("name", e("Boss")),
                ("manager_id", e(None::<i64>)),
                ("dept", e("eng")),
                ("salary", dec(100_000, 2)),
            ],
            [
                ("name", e("Dev")),
                ("manager_id", e(1)),
                ("dept", e("eng")),
                ("salary", dec(50_000, 2)),
            ],
        ],
    )?;
    insert_rows(
        conn,
        &s.products,
        [[("sku", e("S0")), ("name", e("Gadget"))]],
    )?;
    insert_rows(
        conn,
        &s.typed_things,
        // A BIGINT key is not SQLite's rowid: give it.
        [[
            ("id", e(1)),
            ("small", e(1)),
            ("uname", e("u")),
            ("flag", e(true)),
        ]],
    )
}

/// A few rows in every table of the snapshot fixture.
pub(crate) fn seed_snapshots(conn: &mut Connection, d: &snapshot_cases::Db) -> Result<(), String> {
    seed_users(conn, &d.users, &d.addresses)?;
    insert_rows(
        conn,
        &d.orders,
        [[("user", e("jack@x")), ("Total", dec(15_000, 2))]],
    )?;
    insert_rows(
        conn,
        &d.emp,
        [
            [
                ("boss", e(None::<i64>)),
                ("dept", e("eng")),
                ("salary", dec(200_000, 2)),
            ],
            [
                ("boss", e(1)),
                ("dept", e("eng")),
                ("salary", dec(100_000, 2)),
            ],
        ],
    )?;
    insert_rows(conn, &d.flags, [[("on", e(true))], [("on", e(false))]])
}
