//! Reflection tests run on every live database: types, defaults, keys,
//! constraints and indexes read back, `reflect_all`, round trips, errors,
//! schema-qualified tables, and comments.

use aludel::prelude::*;
use aludel::reflect::{ReflectExt, has_table, reflect_all, reflect_table};
use aludel::schema::{Constraint, FkAction, ForeignKeyConstraint, Index};
use aludel::stmt::{CreateIndex, SetComment};
use aludel::{Backend, Error, MetaDataExt, SchemaError, text};

use crate::support;
use crate::{
    Cleanup, columns_of, expected_types, indexes_of, is_mysql, names, raw_default, shared_schema,
    source_schema, whole_schema,
};

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
fn comments_declared_are_the_comments_reflected() -> aludel::Result<()> {
    let _schema = shared_schema();
    for (db, engine) in support::engines() {
        let source = MetaData::new();
        let hostile = "it's a 'note' -- with \\ and %s; DROP TABLE rf_cm";
        source
            .table("rf_cm")
            .comment("what people wrote")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("body", Type::Text).comment(hostile))
            .column(Column::new("day", Type::Date))
            .build()?;
        let _cleanup = Cleanup::new(&source, &engine);
        source.create_all(&engine)?;
        let t = MetaData::new().reflect_table(&engine, "rf_cm")?;
        let comments = |t: &Table| {
            (
                t.comment().map(str::to_owned),
                t.columns()
                    .map(|c| c.comment_text().map(str::to_owned))
                    .collect::<Vec<_>>(),
            )
        };
        if engine.backend() == Backend::Sqlite {
            // SQLite keeps no comments: create_all leaves them out.
            assert_eq!(comments(&t), (None, vec![None, None, None]), "{db}");
            continue;
        }
        assert_eq!(
            comments(&t),
            (
                Some("what people wrote".to_owned()),
                vec![None, Some(hostile.to_owned()), None]
            ),
            "{db}"
        );
        // Set on their own: a table declared without comments removes them.
        let bare = MetaData::new();
        let plain = bare
            .table("rf_cm")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("body", Type::Text))
            .column(Column::new("day", Type::Date))
            .build()?;
        let mut conn = engine.connect()?;
        conn.execute(SetComment::table(&plain))?;
        conn.execute(SetComment::column(&plain, "body")?)?;
        drop(conn);
        let t = MetaData::new().reflect_table(&engine, "rf_cm")?;
        assert_eq!(comments(&t), (None, vec![None, None, None]), "{db}");

        // The autoincrementing key keeps counting once commented (MySQL
        // restates the whole column to comment it).
        let keyed = MetaData::new();
        let keyed_t = keyed
            .table("rf_cm")
            .column(
                Column::new("id", Type::Integer)
                    .primary_key()
                    .comment("the key"),
            )
            .column(Column::new("body", Type::Text))
            .column(Column::new("day", Type::Date))
            .build()?;
        let mut conn = engine.connect()?;
        conn.execute(SetComment::column(&keyed_t, "id")?)?;
        conn.execute(insert(&keyed_t).values([("body", "a")]))?;
        conn.execute(insert(&keyed_t).values([("body", "b")]))?;
        let ids: Vec<i64> = conn
            .execute(select(keyed_t.c("id")).order_by(keyed_t.c("id")))?
            .scalars()?;
        assert_eq!(ids.len(), 2, "{db}");
        assert!(ids[0] < ids[1], "{db}: {ids:?}");
        drop(conn);
        let t = MetaData::new().reflect_table(&engine, "rf_cm")?;
        assert_eq!(
            comments(&t),
            (None, vec![Some("the key".to_owned()), None, None]),
            "{db}"
        );
        let id = t.column("id").expect("id");
        assert!(!id.is_nullable(), "{db}");
        assert!(
            t.autoincrement_column()
                .is_some_and(|c| c.name().as_str() == "id"),
            "{db}"
        );
    }
    Ok(())
}

/// A comment that would end its string early if backslashes escaped quotes
/// (PostgreSQL with `standard_conforming_strings` off, the old default)
/// stays one string: written as `E'...'`, it means the same either way.
#[test]
fn comments_stay_text_whatever_the_server_does_with_backslashes() -> aludel::Result<()> {
    let _schema = shared_schema();
    for (db, engine) in support::engines() {
        if engine.backend() != Backend::Postgres {
            continue;
        }
        let hostile = "x\\'; CREATE TABLE rf_cm_pwned (a int); --";
        let source = MetaData::new();
        source
            .table("rf_cm_bs")
            .comment(hostile)
            .column(Column::new("id", Type::Integer).primary_key())
            .build()?;
        let _cleanup = Cleanup::new(&source, &engine);
        let mut conn = engine.connect()?;
        conn.execute(text("DROP TABLE IF EXISTS rf_cm_pwned"))?;
        conn.execute(text("SET standard_conforming_strings = off"))?;
        let created = source.create_all(&mut conn);
        conn.execute(text("SET standard_conforming_strings = on"))?;
        created?;
        let comment = MetaData::new()
            .reflect_table(&mut conn, "rf_cm_bs")?
            .comment()
            .map(str::to_owned);
        assert_eq!(comment.as_deref(), Some(hostile), "{db}");
        assert!(!has_table(&mut conn, "rf_cm_pwned", None)?, "{db}");
    }
    Ok(())
}
