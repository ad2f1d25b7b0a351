//! Reflection on live databases: a schema made with aludel's DDL is read
//! back into a fresh MetaData, compared, queried, and re-created.
//!
//! SQLite always runs; PostgreSQL and MariaDB/MySQL when
//! `ALUDEL_TEST_POSTGRES_URL` / `ALUDEL_TEST_MYSQL_URL` are set. Every
//! table here is named `rf_...`, distinct per test, and dropped before and
//! after the test.

mod all_backends;
mod backend_specific;
#[path = "../support/mod.rs"]
mod support;

use aludel::prelude::*;
use aludel::schema::{
    CheckConstraint, FkAction, ForeignKeyConstraint, Index, PrimaryKeyConstraint, ServerDefault,
    UniqueConstraint,
};
use aludel::stmt::CreateIndex;
use aludel::{Backend, text};

/// Drops the tables of a MetaData when dropped (also when a test fails).
struct Cleanup {
    meta: MetaData,
    engine: Engine,
}

impl Cleanup {
    /// Drops leftovers of an earlier run, and drops the tables again at the end.
    fn new(meta: &MetaData, engine: &Engine) -> Cleanup {
        meta.drop_all(engine).expect("drop leftovers");
        Cleanup {
            meta: meta.clone(),
            engine: engine.clone(),
        }
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Err(e) = self.meta.drop_all(&self.engine) {
            eprintln!("cleanup failed: {e}");
        }
    }
}

/// Runs SQL now (dropping leftovers) and again when dropped.
struct RawCleanup {
    engine: Engine,
    sql: Vec<&'static str>,
}

impl RawCleanup {
    fn new(engine: &Engine, sql: Vec<&'static str>) -> aludel::Result<RawCleanup> {
        let mut conn = engine.connect()?;
        for s in &sql {
            conn.execute(text(s))?;
        }
        Ok(RawCleanup {
            engine: engine.clone(),
            sql,
        })
    }
}

impl Drop for RawCleanup {
    fn drop(&mut self) {
        let Ok(mut conn) = self.engine.connect() else {
            return;
        };
        for s in &self.sql {
            if let Err(e) = conn.execute(text(s)) {
                eprintln!("cleanup failed: {e}");
            }
        }
    }
}

/// The tests share each database's default schema. `reflect_all` reads every
/// table in it, so it must not run while another test creates or drops one
/// (PostgreSQL: "could not open relation with OID ..."): it takes the lock
/// exclusively, the others shared.
static SCHEMA: std::sync::RwLock<()> = std::sync::RwLock::new(());

fn shared_schema() -> std::sync::RwLockReadGuard<'static, ()> {
    SCHEMA
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn whole_schema() -> std::sync::RwLockWriteGuard<'static, ()> {
    SCHEMA
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn run(engine: &Engine, statements: &[&str]) -> aludel::Result<()> {
    let mut conn = engine.connect()?;
    for s in statements {
        conn.execute(text(s))?;
    }
    Ok(())
}

fn is_mysql(engine: &Engine) -> bool {
    matches!(engine.backend(), Backend::Mysql | Backend::Mariadb)
}

/// The schema every backend is tested with: every generic type, defaults,
/// a named composite primary key, a composite foreign key with actions, a
/// unique constraint, a check, and plain, multi-column and unique indexes.
fn source_schema(prefix: &str) -> aludel::Result<MetaData> {
    let meta = MetaData::new();
    let parent = format!("{prefix}_parent");
    meta.table(&parent)
        .column(Column::new("a", Type::Integer).not_null())
        .column(Column::new("b", Type::String(Some(20))).not_null())
        .primary_key_constraint(PrimaryKeyConstraint::new(["a", "b"]).name(&format!("pk_{parent}")))
        .build()?;
    meta.table(&format!("{prefix}_types"))
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("big", Type::BigInteger).not_null())
        .column(Column::new("small", Type::SmallInteger))
        .column(Column::new("name", Type::String(Some(40))).not_null())
        .column(Column::new("body", Type::Text))
        .column(Column::new("flag", Type::Boolean))
        .column(Column::new("ratio", Type::Float))
        .column(Column::new("precise", Type::Double))
        .column(Column::new("price", Type::numeric(10, 2)))
        .column(Column::new("day", Type::Date))
        .column(Column::new("at", Type::Time))
        .column(Column::new("stamp", Type::datetime()))
        .column(Column::new("stamp_tz", Type::DateTime { timezone: true }))
        .column(Column::new("data", Type::LargeBinary))
        .column(Column::new("doc", Type::Json))
        .column(Column::new("uid", Type::Uuid))
        .column(Column::new(
            "mood",
            Type::enumeration("mood", ["happy", "sad"]),
        ))
        .column(Column::new("qty", Type::Integer).server_default(ServerDefault::Value(5.into())))
        .column(
            Column::new("label", Type::String(Some(10)))
                .server_default(ServerDefault::Text("hi".into())),
        )
        .build()?;
    let child_name = format!("{prefix}_child");
    let child = meta
        .table(&child_name)
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("pa", Type::Integer))
        .column(Column::new("pb", Type::String(Some(20))))
        .column(Column::new("code", Type::String(Some(10))).not_null())
        .column(Column::new("note", Type::String(Some(30))))
        .column(Column::new("qty", Type::Integer).not_null())
        .constraint(
            ForeignKeyConstraint::new(["pa", "pb"], &parent, ["a", "b"])
                .name(&format!("fk_{child_name}_parent"))
                .on_delete(FkAction::Cascade)
                .on_update(FkAction::SetNull),
        )
        .constraint(UniqueConstraint::new(["code"]).name(&format!("uq_{child_name}_code")))
        .constraint(CheckConstraint::new("qty >= 0").name(&format!("ck_{child_name}_qty")))
        .build()?;
    meta.add_index(Index::new(
        &format!("ix_{child_name}_pa_pb"),
        &child,
        [child.c("pa"), child.c("pb").desc()],
    ))?;
    meta.add_index(
        Index::new(&format!("ux_{child_name}_note"), &child, [child.c("note")]).unique(),
    )?;
    Ok(meta)
}

/// The columns the `_types` table reads back as: (name, type, nullable).
fn expected_types(engine: &Engine) -> Vec<(&'static str, Type, bool)> {
    let backend = engine.backend();
    let pg = backend == Backend::Postgres;
    let my = is_mysql(engine);
    vec![
        ("id", Type::Integer, false),
        ("big", Type::BigInteger, false),
        ("small", Type::SmallInteger, true),
        ("name", Type::String(Some(40)), false),
        ("body", Type::Text, true),
        ("flag", Type::Boolean, true),
        // PostgreSQL's FLOAT is double precision.
        ("ratio", if pg { Type::Double } else { Type::Float }, true),
        ("precise", Type::Double, true),
        ("price", Type::numeric(10, 2), true),
        ("day", Type::Date, true),
        ("at", Type::Time, true),
        ("stamp", Type::datetime(), true),
        // Only PostgreSQL stores a time zone flag.
        ("stamp_tz", Type::DateTime { timezone: pg }, true),
        ("data", Type::LargeBinary, true),
        ("doc", Type::Json, true),
        // CHAR(32) elsewhere, taken for a string.
        (
            "uid",
            if pg {
                Type::Uuid
            } else {
                Type::String(Some(32))
            },
            true,
        ),
        // A native ENUM on MySQL, VARCHAR + CHECK elsewhere.
        (
            "mood",
            if my {
                Type::enumeration("mood", ["happy", "sad"])
            } else {
                Type::String(Some(5))
            },
            true,
        ),
        ("qty", Type::Integer, true),
        ("label", Type::String(Some(10)), true),
    ]
}

fn columns_of(t: &Table) -> Vec<(String, Type, bool)> {
    t.columns()
        .map(|c| (c.name().to_string(), c.ty().clone(), c.is_nullable()))
        .collect()
}

fn names(ids: &[aludel::Ident]) -> Vec<&str> {
    ids.iter().map(|i| i.as_str()).collect()
}

fn raw_default(t: &Table, column: &str) -> Option<String> {
    match t.column(column)?.server_default_spec()? {
        ServerDefault::Raw(s) => Some(s.to_string()),
        other => panic!("reflected defaults are raw SQL, got {other:?}"),
    }
}

/// (name, unique, columns with " DESC" for descending ones), sorted by name.
fn indexes_of(meta: &MetaData, t: &Table) -> Vec<(String, bool, Vec<String>)> {
    let mut out: Vec<_> = meta
        .indexes_for(t)
        .iter()
        .map(|ix| {
            let sql = CreateIndex::new(ix)
                .compile(&aludel::dialect::Sqlite)
                .expect("index")
                .sql;
            let list = sql
                .rsplit_once(" (")
                .map_or("", |(_, l)| l.trim_end_matches(')'));
            let cols = list.split(", ").map(str::to_owned).collect();
            (ix.name().to_string(), ix.is_unique(), cols)
        })
        .collect();
    out.sort();
    out
}
