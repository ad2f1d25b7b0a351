//! `assert_sql_snapshot!` as a user would call it, from a crate with `insta`
//! as a dev-dependency. The snapshots are in `tests/snapshots/`.
//!
//! The all-dialect snapshots follow `snapshot::ALL`: when a dialect is
//! added, re-accept them (`INSTA_UPDATE=always` or `cargo insta review`).

use aludel_compiler::assert_sql_snapshot;
use aludel_compiler::dialect::{Mysql, Postgres, Sqlite};
use aludel_compiler::prelude::*;
use aludel_compiler::snapshot;

fn users() -> Table {
    MetaData::new()
        .table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::String(Some(50))).not_null())
        .build()
        .expect("valid table")
}

/// Every dialect, snapshot named after the test.
#[test]
fn user_by_name() {
    let users = users();
    let q = select((users.c("id"), users.c("name")))
        .filter(users.c("name").eq("ed"))
        .order_by([users.c("id").asc()])
        .limit(10);
    assert_sql_snapshot!(q);
}

/// A chosen set of dialects, and named snapshots (several in one test),
/// including a dialect that cannot express the statement.
#[test]
fn chosen_dialects() {
    let users = users();
    let ins = insert(&users)
        .values([("name", "ed")])
        .returning(users.c("id"));
    assert_sql_snapshot!("insert_returning", ins, [&Sqlite, &Postgres, &Mysql]);
    assert_sql_snapshot!("insert_returning_executing", &ins, snapshot::EXECUTING);
    let stmt: Statement = delete(&users).filter(users.c("id").eq(7)).into();
    assert_sql_snapshot!("delete_all_dialects", stmt);
}

/// The unnamed form with a chosen set.
#[test]
fn update_on_postgres() {
    let users = users();
    assert_sql_snapshot!(
        update(&users)
            .set([("name", "jack")])
            .filter(users.c("id").eq(1)),
        [&Postgres]
    );
}
