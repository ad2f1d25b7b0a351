//! Reflection tests for one backend's own features: SQLite tables written by
//! hand, PostgreSQL enums, identities, arrays and comments, MySQL unsigned
//! integers, enums, JSON and foreign key indexes.

use aludel::prelude::*;
use aludel::reflect::{ReflectExt, reflect_all, reflect_table};
use aludel::schema::{Constraint, FkAction};
use aludel::{Backend, text};

use crate::support;
use crate::{RawCleanup, columns_of, indexes_of, is_mysql, names, raw_default, run, shared_schema};

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
