//! Reflection on live databases: a schema made with aludel's DDL is read
//! back into a fresh MetaData, compared, queried, and re-created.
//!
//! SQLite always runs; PostgreSQL and MariaDB/MySQL when
//! `ALUDEL_TEST_POSTGRES_URL` / `ALUDEL_TEST_MYSQL_URL` are set. Every
//! table here is named `rf_...`, distinct per test, and dropped before and
//! after the test.

mod support;

use aludel::prelude::*;
use aludel::reflect::{ReflectExt, has_table, reflect_all, reflect_table};
use aludel::schema::{
    CheckConstraint, Constraint, FkAction, ForeignKeyConstraint, Index, PrimaryKeyConstraint,
    ServerDefault, UniqueConstraint,
};
use aludel::stmt::CreateIndex;
use aludel::{Backend, Error, MetaDataExt, SchemaError, text};

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

#[test]
fn reflects_types_defaults_keys_constraints_and_indexes() -> aludel::Result<()> {
    let _schema = shared_schema();
    for (db, engine) in support::engines() {
        let source = source_schema("rf_full")?;
        let _cleanup = Cleanup::new(&source, &engine);
        source.create_all(&engine)?;

        let meta = MetaData::new();
        let mut conn = engine.connect()?;
        let types = reflect_table(&mut conn, &meta, "rf_full_types", None)?;
        let parent = reflect_table(&mut conn, &meta, "rf_full_parent", None)?;
        let child = reflect_table(&mut conn, &meta, "rf_full_child", None)?;

        // Columns, types, nullability.
        let expected: Vec<(String, Type, bool)> = expected_types(&engine)
            .into_iter()
            .map(|(n, t, null)| (n.to_owned(), t, null))
            .collect();
        assert_eq!(columns_of(&types), expected, "{db}");
        assert_eq!(
            columns_of(&parent),
            [
                ("a".to_owned(), Type::Integer, false),
                ("b".to_owned(), Type::String(Some(20)), false)
            ],
            "{db}"
        );

        // Server defaults: the database's text; none for the autoincrementing key.
        let qty = raw_default(&types, "qty").expect("qty default");
        assert!(qty.contains('5'), "{db}: {qty}");
        let label = raw_default(&types, "label").expect("label default");
        assert!(label.contains("'hi'"), "{db}: {label}");
        assert_eq!(raw_default(&types, "id"), None, "{db}");
        assert_eq!(raw_default(&types, "name"), None, "{db}");
        assert_eq!(
            types
                .autoincrement_column()
                .map(|c| c.name().to_string())
                .as_deref(),
            Some("id"),
            "{db}"
        );

        // Primary keys (MySQL calls every one PRIMARY: no name kept).
        assert_eq!(names(types.primary_key().columns()), ["id"], "{db}");
        assert_eq!(names(parent.primary_key().columns()), ["a", "b"], "{db}");
        let pk_name = parent
            .primary_key()
            .constraint_name()
            .map(|n| n.to_string());
        if is_mysql(&engine) {
            assert_eq!(pk_name, None, "{db}");
        } else {
            assert_eq!(pk_name.as_deref(), Some("pk_rf_full_parent"), "{db}");
        }
        assert!(parent.autoincrement_column().is_none(), "{db}");

        // The composite foreign key, with its name and actions.
        let fks: Vec<&ForeignKeyConstraint> = child.foreign_keys().collect();
        assert_eq!(fks.len(), 1, "{db}");
        let fk = fks[0];
        assert_eq!(
            fk.constraint_name().map(|n| n.as_str()),
            Some("fk_rf_full_child_parent"),
            "{db}"
        );
        assert_eq!(names(fk.columns()), ["pa", "pb"], "{db}");
        assert_eq!(fk.referred_schema(), None, "{db}");
        assert_eq!(fk.referred_table().as_str(), "rf_full_parent", "{db}");
        assert_eq!(names(fk.referred_columns()), ["a", "b"], "{db}");
        assert_eq!(fk.on_delete_action(), Some(FkAction::Cascade), "{db}");
        assert_eq!(fk.on_update_action(), Some(FkAction::SetNull), "{db}");

        // Unique constraints (a unique index on MySQL), checks, indexes.
        let uniques: Vec<(Option<String>, Vec<&str>)> = child
            .constraints()
            .iter()
            .filter_map(|c| match c {
                Constraint::Unique(u) => Some((
                    u.constraint_name().map(|n| n.to_string()),
                    names(u.columns()),
                )),
                _ => None,
            })
            .collect();
        let checks: Vec<(Option<String>, String)> = child
            .constraints()
            .iter()
            .filter_map(|c| match c {
                Constraint::Check(ck) => Some((
                    ck.constraint_name().map(|n| n.to_string()),
                    ck.sql().to_owned(),
                )),
                _ => None,
            })
            .collect();
        assert_eq!(checks.len(), 1, "{db}: {checks:?}");
        assert_eq!(checks[0].0.as_deref(), Some("ck_rf_full_child_qty"), "{db}");
        assert!(
            checks[0].1.contains("qty") && checks[0].1.contains(">= 0"),
            "{db}: {checks:?}"
        );
        let mut expected_indexes = vec![
            (
                "ix_rf_full_child_pa_pb".to_owned(),
                false,
                vec!["pa".to_owned(), "pb DESC".to_owned()],
            ),
            (
                "ux_rf_full_child_note".to_owned(),
                true,
                vec!["note".to_owned()],
            ),
        ];
        if is_mysql(&engine) {
            assert_eq!(uniques, [], "{db}");
            expected_indexes.push((
                "uq_rf_full_child_code".to_owned(),
                true,
                vec!["code".to_owned()],
            ));
            expected_indexes.sort();
        } else {
            assert_eq!(
                uniques,
                [(Some("uq_rf_full_child_code".to_owned()), vec!["code"])],
                "{db}"
            );
        }
        assert_eq!(indexes_of(&meta, &child), expected_indexes, "{db}");
        assert!(indexes_of(&meta, &parent).is_empty(), "{db}");

        // The enum's CHECK comes back as a check where the enum is not native.
        let type_checks = types
            .constraints()
            .iter()
            .filter(|c| matches!(c, Constraint::Check(_)))
            .count();
        assert_eq!(type_checks, usize::from(!is_mysql(&engine)), "{db}");

        // The reflected tables run statements.
        conn.execute(insert(&parent).values([("a", Value::from(1)), ("b", Value::from("x"))]))?;
        conn.execute(insert(&child).values([
            ("pa", Value::from(1)),
            ("pb", Value::from("x")),
            ("code", Value::from("c1")),
            ("qty", Value::from(3)),
        ]))?;
        conn.execute(insert(&types).values([("big", Value::from(7)), ("name", Value::from("n"))]))?;
        let joined = select((child.c("code"), parent.c("b")))
            .select_from(
                child.join_on(
                    &parent,
                    child
                        .c("pa")
                        .eq(parent.c("a"))
                        .and(child.c("pb").eq(parent.c("b"))),
                ),
            )
            .filter(child.c("qty").gt(0));
        let rows: Vec<(String, String)> = conn.execute(joined)?.decode_all()?;
        assert_eq!(rows, [("c1".to_owned(), "x".to_owned())], "{db}");
        let defaults: (i64, String) = conn
            .execute(select((types.c("qty"), types.c("label"))).filter(types.c("name").eq("n")))?
            .one()?
            .decode()?;
        assert_eq!(defaults, (5, "hi".to_owned()), "{db}");
        println!("{db}: reflected and queried");
    }
    Ok(())
}

#[test]
fn reflect_all_orders_by_foreign_keys_and_keeps_known_tables() -> aludel::Result<()> {
    let _schema = whole_schema();
    for (db, engine) in support::engines() {
        let source = source_schema("rf_all")?;
        let _cleanup = Cleanup::new(&source, &engine);
        source.create_all(&engine)?;

        let meta = MetaData::new();
        let mut conn = engine.connect()?;
        let known = reflect_table(&mut conn, &meta, "rf_all_parent", None)?;
        let tables = reflect_all(&mut conn, &meta, None)?;
        drop(conn);
        let order: Vec<String> = tables.iter().map(|t| t.fullname()).collect();
        let pos = |n: &str| {
            order
                .iter()
                .position(|t| t == n)
                .unwrap_or_else(|| panic!("{db}: {n} not in {order:?}"))
        };
        assert!(
            pos("rf_all_parent") < pos("rf_all_child"),
            "{db}: {order:?}"
        );
        assert!(pos("rf_all_types") < order.len(), "{db}");
        // The table reflected before is the same one, not read again.
        let again = meta.get("rf_all_parent").expect("parent");
        assert!(again.is(&known), "{db}");
        assert!(tables.iter().any(|t| t.is(&known)), "{db}");
        // Indexes came along.
        let child = meta.get("rf_all_child").expect("child");
        assert!(
            meta.indexes_for(&child)
                .iter()
                .any(|i| i.name().as_str() == "ix_rf_all_child_pa_pb"),
            "{db}"
        );
        // Reflecting again into the same MetaData adds nothing and fails nothing.
        let n = meta.tables().len();
        meta.reflect(&engine)?;
        assert!(meta.tables().len() >= n, "{db}");
    }
    Ok(())
}

#[test]
fn reflected_metadata_recreates_the_same_schema() -> aludel::Result<()> {
    let _schema = shared_schema();
    for (db, engine) in support::engines() {
        let source = source_schema("rf_rt")?;
        let _cleanup = Cleanup::new(&source, &engine);
        source.create_all(&engine)?;

        let first = MetaData::new();
        let mut conn = engine.connect()?;
        for name in ["rf_rt_parent", "rf_rt_types", "rf_rt_child"] {
            reflect_table(&mut conn, &first, name, None)?;
        }
        drop(conn);
        // Drop the tables, create them again from what was reflected, and
        // reflect once more: the same columns, keys and indexes.
        source.drop_all(&engine)?;
        first.create_all(&engine)?;
        let second = MetaData::new();
        let mut conn = engine.connect()?;
        for name in ["rf_rt_parent", "rf_rt_types", "rf_rt_child"] {
            let a = first.get(name).expect("first");
            let b = reflect_table(&mut conn, &second, name, None)?;
            assert_eq!(columns_of(&a), columns_of(&b), "{db}: {name}");
            assert_eq!(a.primary_key(), b.primary_key(), "{db}: {name}");
            let fks_a: Vec<_> = a.foreign_keys().collect();
            let fks_b: Vec<_> = b.foreign_keys().collect();
            assert_eq!(fks_a, fks_b, "{db}: {name}");
            assert_eq!(
                indexes_of(&first, &a),
                indexes_of(&second, &b),
                "{db}: {name}"
            );
            let defaults = |t: &Table| {
                t.columns()
                    .map(|c| raw_default(t, c.name().as_str()))
                    .collect::<Vec<_>>()
            };
            if engine.backend() == Backend::Sqlite {
                // SQLite keeps the text as written: raw defaults gain parentheses.
                assert_eq!(
                    defaults(&a).iter().flatten().count(),
                    defaults(&b).iter().flatten().count(),
                    "{db}"
                );
            } else {
                assert_eq!(defaults(&a), defaults(&b), "{db}: {name}");
            }
        }
    }
    Ok(())
}

#[test]
fn unknown_and_duplicate_tables_are_errors() -> aludel::Result<()> {
    let _schema = shared_schema();
    for (db, engine) in support::engines() {
        let source = MetaData::new();
        source
            .table("rf_dup")
            .column(Column::new("id", Type::Integer).primary_key())
            .build()?;
        let _cleanup = Cleanup::new(&source, &engine);
        source.create_all(&engine)?;

        let meta = MetaData::new();
        let mut conn = engine.connect()?;
        let err =
            reflect_table(&mut conn, &meta, "rf_no_such_table", None).expect_err("unknown table");
        assert!(
            matches!(err, Error::Schema(SchemaError::Invalid(_))),
            "{db}: {err:?}"
        );
        assert!(err.to_string().contains("rf_no_such_table"), "{db}: {err}");
        assert!(meta.tables().is_empty(), "{db}");

        reflect_table(&mut conn, &meta, "rf_dup", None)?;
        let err = reflect_table(&mut conn, &meta, "rf_dup", None).expect_err("duplicate");
        assert!(
            matches!(err, Error::Schema(SchemaError::DuplicateTable(_))),
            "{db}: {err:?}"
        );
    }
    Ok(())
}

#[test]
fn schema_qualified_tables() -> aludel::Result<()> {
    let _schema = shared_schema();
    for (db, engine) in support::engines() {
        if engine.backend() == Backend::Sqlite {
            // One connection to the in-memory database: attach "hr" to it.
            engine
                .connect()?
                .execute(text("ATTACH DATABASE ':memory:' AS hr"))?;
        }
        let source = MetaData::new();
        source
            .table("rf_hr_dept")
            .schema("hr")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("name", Type::String(Some(30))).not_null())
            .build()?;
        let emp = source
            .table("rf_hr_emp")
            .schema("hr")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("dept_id", Type::Integer).foreign_key("hr.rf_hr_dept.id"))
            .build()?;
        let _cleanup = Cleanup::new(&source, &engine);
        source.create_all(&engine)?;
        if engine.backend() == Backend::Sqlite {
            // aludel renders `ON hr.rf_hr_emp`, which SQLite does not take:
            // it wants the schema on the index name.
            engine.connect()?.execute(text(
                "CREATE INDEX hr.ix_rf_hr_emp_dept ON rf_hr_emp (dept_id)",
            ))?;
        } else {
            engine.connect()?.execute(CreateIndex::new(&Index::new(
                "ix_rf_hr_emp_dept",
                &emp,
                [emp.c("dept_id")],
            )))?;
        }

        let mut conn = engine.connect()?;
        assert!(has_table(&mut conn, "rf_hr_emp", Some("hr"))?, "{db}");
        assert!(!has_table(&mut conn, "rf_hr_emp", None)?, "{db}");
        assert!(
            reflect_table(&mut conn, &MetaData::new(), "rf_hr_emp", None).is_err(),
            "{db}"
        );

        let meta = MetaData::new();
        let emp = reflect_table(&mut conn, &meta, "rf_hr_emp", Some("hr"))?;
        assert_eq!(emp.fullname(), "hr.rf_hr_emp", "{db}");
        let fk = emp.foreign_keys().next().expect("fk");
        assert_eq!(fk.referred_schema().map(|s| s.as_str()), Some("hr"), "{db}");
        assert_eq!(fk.referred_table().as_str(), "rf_hr_dept", "{db}");
        assert_eq!(meta.indexes_for(&emp).len(), 1, "{db}");
        drop(conn);

        let all = meta.reflect_schema(&engine, "hr")?;
        let order: Vec<String> = all.iter().map(|t| t.fullname()).collect();
        let pos = |n: &str| {
            order
                .iter()
                .position(|t| t == n)
                .unwrap_or_else(|| panic!("{db}: {n} not in {order:?}"))
        };
        assert!(pos("hr.rf_hr_dept") < pos("hr.rf_hr_emp"), "{db}");
        let dept = meta.get("hr.rf_hr_dept").expect("dept");
        let mut conn = engine.connect()?;
        conn.execute(insert(&dept).values([("id", Value::from(1)), ("name", Value::from("ops"))]))?;
        conn.execute(insert(&emp).values([("id", Value::from(1)), ("dept_id", Value::from(1))]))?;
        let n: i64 = conn
            .execute(select(func::count(emp.c("id"))).select_from(emp.join(&dept)))?
            .scalar_one()?;
        assert_eq!(n, 1, "{db}");
    }
    Ok(())
}

#[test]
fn sqlite_tables_written_by_hand() -> aludel::Result<()> {
    let _schema = shared_schema();
    let engine = aludel::create_engine("sqlite:///:memory:")?;
    let mut conn = engine.connect()?;
    conn.execute(text(
        "CREATE TABLE rf_hand_p (x INT, y TEXT, PRIMARY KEY (x, y))",
    ))?;
    conn.execute(text(
        "CREATE TABLE \"rf hand c\" (\n\
           id BIGINT PRIMARY KEY,\n\
           p_x INT, p_y TEXT,\n\
           w WHATEVER(3),\n\
           n NUMERIC DEFAULT (1 + 1),\n\
           e,\n\
           CONSTRAINT \"fk p\" FOREIGN KEY (p_x, p_y) REFERENCES rf_hand_p ON DELETE SET DEFAULT,\n\
           UNIQUE (w, n),\n\
           CHECK (n > 0)\n\
         )",
    ))?;
    conn.execute(text(
        "CREATE INDEX rf_hand_expr ON \"rf hand c\" (lower(p_y))",
    ))?;
    conn.execute(text(
        "CREATE INDEX rf_hand_partial ON \"rf hand c\" (p_x) WHERE p_x > 0",
    ))?;
    let meta = MetaData::new();
    let c = reflect_table(&mut conn, &meta, "rf hand c", None)?;
    let cols = columns_of(&c);
    assert_eq!(cols[0].1, Type::BigInteger);
    assert_eq!(cols[3].1, Type::Custom("WHATEVER(3)".into()));
    assert_eq!(
        cols[4].1,
        Type::Numeric {
            precision: None,
            scale: None
        }
    );
    assert_eq!(cols[5].1, Type::Custom("".into()));
    // SQLite keeps an expression default without its parentheses.
    assert_eq!(raw_default(&c, "n").as_deref(), Some("1 + 1"));
    // A BIGINT key is no rowid alias: it does not autoincrement.
    assert!(c.autoincrement_column().is_none());
    let fk = c.foreign_keys().next().expect("fk");
    assert_eq!(fk.constraint_name().map(|n| n.as_str()), Some("fk p"));
    // `REFERENCES rf_hand_p` without columns: the primary key's.
    assert_eq!(names(fk.referred_columns()), ["x", "y"]);
    assert_eq!(fk.on_delete_action(), Some(FkAction::SetDefault));
    assert_eq!(fk.on_update_action(), None);
    let uniques: Vec<Vec<&str>> = c
        .constraints()
        .iter()
        .filter_map(|k| match k {
            Constraint::Unique(u) => Some(names(u.columns())),
            _ => None,
        })
        .collect();
    assert_eq!(uniques, [["w", "n"]]);
    // Expression and partial indexes are skipped.
    assert!(meta.indexes_for(&c).is_empty());
    let n: i64 = conn
        .execute(select(func::count(star())).select_from(&c))?
        .scalar_one()?;
    assert_eq!(n, 0);
    // Views reflect too (but are no tables of the schema).
    conn.execute(text(
        "CREATE VIEW rf_hand_v AS SELECT x, y AS why FROM rf_hand_p",
    ))?;
    let v = reflect_table(&mut conn, &meta, "rf_hand_v", None)?;
    assert_eq!(
        v.columns().map(|c| c.name().as_str()).collect::<Vec<_>>(),
        ["x", "why"]
    );
    assert!(!aludel::reflect::table_names(&mut conn, None)?.contains(&"rf_hand_v".to_owned()));
    // The foreign key's other side.
    let p = reflect_table(&mut conn, &meta, "rf_hand_p", None)?;
    assert_eq!(names(p.primary_key().columns()), ["x", "y"]);
    assert_eq!(p.primary_key().constraint_name(), None);
    Ok(())
}

#[test]
fn postgres_enums_identities_arrays_and_comments() -> aludel::Result<()> {
    let _schema = shared_schema();
    for (_, engine) in support::engines() {
        if engine.backend() != Backend::Postgres {
            continue;
        }
        let _cleanup = RawCleanup::new(
            &engine,
            vec![
                "DROP TABLE IF EXISTS rf_pg_things",
                "DROP TYPE IF EXISTS rf_pg_mood",
            ],
        )?;
        run(
            &engine,
            &[
                "CREATE TYPE rf_pg_mood AS ENUM ('happy', 'sad')",
                "CREATE TABLE rf_pg_things (\
                   id BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10) PRIMARY KEY, \
                   mood rf_pg_mood NOT NULL DEFAULT 'happy', \
                   tags TEXT[], \
                   seq SERIAL, \
                   at TIME WITH TIME ZONE, \
                   ts TIMESTAMP(3) WITHOUT TIME ZONE, \
                   code CHAR(4), \
                   doc JSONB, \
                   UNIQUE (code))",
                "CREATE INDEX rf_pg_things_expr ON rf_pg_things (lower(code))",
                "CREATE INDEX rf_pg_things_part ON rf_pg_things (seq) WHERE seq > 0",
                "CREATE INDEX rf_pg_things_incl ON rf_pg_things (seq DESC) INCLUDE (code)",
                "COMMENT ON TABLE rf_pg_things IS 'things'",
                "COMMENT ON COLUMN rf_pg_things.mood IS 'how it feels'",
            ],
        )?;
        let meta = MetaData::new();
        let t = meta.reflect_table(&engine, "rf_pg_things")?;
        let types: Vec<(String, Type)> = columns_of(&t)
            .into_iter()
            .map(|(n, ty, _)| (n, ty))
            .collect();
        let custom = |s: &str| Type::Custom(s.into());
        assert_eq!(
            types,
            [
                ("id".to_owned(), Type::BigInteger),
                (
                    "mood".to_owned(),
                    Type::enumeration("rf_pg_mood", ["happy", "sad"])
                ),
                ("tags".to_owned(), custom("text[]")),
                ("seq".to_owned(), Type::Integer),
                ("at".to_owned(), custom("time with time zone")),
                ("ts".to_owned(), custom("timestamp(3) without time zone")),
                ("code".to_owned(), Type::String(Some(4))),
                ("doc".to_owned(), Type::Json),
            ]
        );
        let id = t.column("id").expect("id");
        let identity = id.identity_spec().expect("identity");
        assert_eq!(
            (identity.always, identity.start, identity.increment),
            (true, Some(100), Some(10))
        );
        assert!(
            t.autoincrement_column()
                .is_some_and(|c| c.name().as_str() == "id")
        );
        assert_eq!(
            raw_default(&t, "mood").as_deref(),
            Some("'happy'::rf_pg_mood")
        );
        // A serial column that is not the key keeps its sequence default.
        assert!(raw_default(&t, "seq").is_some_and(|d| d.starts_with("nextval(")));
        assert_eq!(t.comment(), Some("things"));
        assert_eq!(
            t.column("mood").and_then(|c| c.comment_text()),
            Some("how it feels")
        );
        // The generated names are kept for unique constraints, dropped for `_pkey`.
        assert_eq!(t.primary_key().constraint_name(), None);
        let unique = t.constraints().iter().find_map(|c| match c {
            Constraint::Unique(u) => u.constraint_name().map(|n| n.to_string()),
            _ => None,
        });
        assert_eq!(unique.as_deref(), Some("rf_pg_things_code_key"));
        // Expression and partial indexes are skipped; INCLUDE columns are not keys.
        assert_eq!(
            indexes_of(&meta, &t),
            [(
                "rf_pg_things_incl".to_owned(),
                false,
                vec!["seq DESC".to_owned()]
            )]
        );
        let mut conn = engine.connect()?;
        conn.execute(text(
            "INSERT INTO rf_pg_things (mood, code) VALUES ('sad', 'abcd')",
        ))?;
        let row: (i64, String) = conn
            .execute(select((t.c("id"), t.c("code"))).filter(t.c("seq").eq(1)))?
            .one()?
            .decode()?;
        assert_eq!(row, (100, "abcd".to_owned()));
    }
    Ok(())
}

#[test]
fn mysql_unsigned_enums_json_and_foreign_key_indexes() -> aludel::Result<()> {
    let _schema = shared_schema();
    for (_, engine) in support::engines() {
        if !is_mysql(&engine) {
            continue;
        }
        let _cleanup = RawCleanup::new(&engine, vec!["DROP TABLE IF EXISTS rf_my_c, rf_my_p"])?;
        run(
            &engine,
            &[
                "CREATE TABLE rf_my_p (\
                   id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, \
                   name VARCHAR(20) NOT NULL DEFAULT 'it''s', \
                   flag TINYINT(1) NOT NULL DEFAULT 1, \
                   big BIGINT, \
                   mood ENUM('a', 'it''s') DEFAULT 'a', \
                   doc JSON, \
                   lt LONGTEXT, \
                   ts TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP, \
                   dt DATETIME(6)) COMMENT 'people'",
                "CREATE TABLE rf_my_c (\
                   id INT PRIMARY KEY, \
                   p_id INT UNSIGNED, \
                   q INT, \
                   FOREIGN KEY (p_id) REFERENCES rf_my_p (id) ON DELETE SET NULL, \
                   KEY ix_q (q), \
                   UNIQUE KEY uq_qp (q, p_id))",
            ],
        )?;
        let meta = MetaData::new();
        let mut conn = engine.connect()?;
        let all = reflect_all(&mut conn, &meta, None)?;
        let p = meta.get("rf_my_p").expect("parent");
        let c = meta.get("rf_my_c").expect("child");
        let pos = |t: &Table| all.iter().position(|x| x.is(t)).expect("reflected");
        assert!(pos(&p) < pos(&c));
        let types: Vec<(String, Type)> = columns_of(&p)
            .into_iter()
            .map(|(n, ty, _)| (n, ty))
            .collect();
        let custom = |s: &str| Type::Custom(s.into());
        assert_eq!(
            types[0],
            (
                "id".to_owned(),
                custom(if is_mariadb(&mut conn)? {
                    "int(10) unsigned"
                } else {
                    "int unsigned"
                })
            )
        );
        assert_eq!(
            types[1..],
            [
                ("name".to_owned(), Type::String(Some(20))),
                ("flag".to_owned(), Type::Boolean),
                ("big".to_owned(), Type::BigInteger),
                ("mood".to_owned(), Type::enumeration("mood", ["a", "it's"])),
                ("doc".to_owned(), Type::Json),
                ("lt".to_owned(), custom("longtext")),
                ("ts".to_owned(), Type::datetime()),
                ("dt".to_owned(), custom("datetime(6)")),
            ]
        );
        // An AUTO_INCREMENT key autoincrements whatever its type.
        assert!(
            p.autoincrement_column()
                .is_some_and(|c| c.name().as_str() == "id")
        );
        assert_eq!(raw_default(&p, "name").as_deref(), Some("'it''s'"));
        assert_eq!(raw_default(&p, "flag").as_deref(), Some("1"));
        assert_eq!(raw_default(&p, "mood").as_deref(), Some("'a'"));
        assert!(
            raw_default(&p, "ts")
                .is_some_and(|d| d.to_lowercase().starts_with("current_timestamp"))
        );
        assert_eq!(raw_default(&p, "big"), None);
        assert_eq!(p.comment(), Some("people"));
        // MariaDB's JSON check is part of the type, not a constraint.
        assert!(
            !p.constraints()
                .iter()
                .any(|k| matches!(k, Constraint::Check(_)))
        );
        // The foreign key: unnamed in the DDL, InnoDB's name; RESTRICT is no action.
        let fk = c.foreign_keys().next().expect("fk");
        assert_eq!(
            fk.constraint_name().map(|n| n.as_str()),
            Some("rf_my_c_ibfk_1")
        );
        assert_eq!(fk.on_delete_action(), Some(FkAction::SetNull));
        assert_eq!(fk.on_update_action(), None);
        // InnoDB's index for the foreign key (`p_id`) is not reflected.
        assert_eq!(
            indexes_of(&meta, &c),
            [
                ("ix_q".to_owned(), false, vec!["q".to_owned()]),
                (
                    "uq_qp".to_owned(),
                    true,
                    vec!["q".to_owned(), "p_id".to_owned()]
                ),
            ]
        );
        conn.execute(insert(&p).values([("name", "x")]))?;
        let row: (String, bool, String) = conn
            .execute(select((p.c("name"), p.c("flag"), p.c("mood"))))?
            .one()?
            .decode()?;
        assert_eq!(row, ("x".to_owned(), true, "a".to_owned()));
    }
    Ok(())
}

fn is_mariadb(conn: &mut aludel::Connection) -> aludel::Result<bool> {
    let v: String = conn.execute(text("SELECT VERSION()"))?.scalar_one()?;
    Ok(v.contains("MariaDB"))
}
