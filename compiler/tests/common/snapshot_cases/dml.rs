//! The snapshot cases of `INSERT`, `UPDATE` and `DELETE`.

use aludel_compiler::prelude::*;
use aludel_compiler::stmt::ConflictTarget;

use super::{Cases, SnapshotCase, db};

pub(crate) fn inserts_updates_deletes() -> Vec<SnapshotCase> {
    let mut c = Cases::default();
    let d = db();
    let (u, a) = (&d.users, &d.addresses);
    c.check(
        "insert_single",
        insert(u).values([("name", "jack"), ("fullname", "Jack Jones")]),
    );
    c.check("insert_all_columns_named", insert(u));
    c.check(
        "insert_multi_row",
        insert(u)
            .columns(["id", "name"])
            .row((1, "a"))
            .row((2, "b"))
            .row((3, "c")),
    );
    c.check(
        "insert_values_many",
        insert(u).values_many([
            [("id", Expr::from(1)), ("name", Expr::from("a"))],
            [("id", Expr::from(2)), ("name", Expr::from("b"))],
        ]),
    );
    c.check(
        "insert_from_select",
        insert(u).from_select(
            ["id", "name"],
            select((a.c("id"), a.c("email_address"))).filter(a.c("id").gt(10)),
        ),
    );
    c.check("insert_default_values", insert(u).default_values());
    c.check(
        "insert_returning",
        insert(u)
            .values([("name", "jack")])
            .returning((u.c("id"), u.c("name"))),
    );
    c.check(
        "insert_reserved_and_spaces",
        insert(&d.orders).values([
            ("user", Expr::from("u")),
            ("placed at", literal_column("CURRENT_TIMESTAMP")),
        ]),
    );
    let ins = insert(u).values([("id", Expr::from(1)), ("name", Expr::from("x"))]);
    c.check(
        "upsert_do_nothing",
        ins.clone()
            .on_conflict_do_nothing(ConflictTarget::columns(["id"])),
    );
    c.check(
        "upsert_do_update_excluded",
        ins.clone().on_conflict_do_update(
            ConflictTarget::columns(["id"]),
            [("name", ins.excluded("name"))],
            Some(u.c("name").ne("keep")),
        ),
    );
    c.check(
        "upsert_on_constraint",
        ins.clone().on_conflict_do_update(
            ConflictTarget::constraint("users_pkey"),
            [("name", "y")],
            None,
        ),
    );
    c.check(
        "upsert_on_duplicate_key",
        ins.clone()
            .on_duplicate_key_update([("name", ins.excluded("name"))]),
    );
    c.check(
        "update_where",
        update(u).set([("name", "ed")]).filter(u.c("id").eq(5)),
    );
    c.check(
        "update_expression_values",
        update(u).set([
            ("nickname", u.c("name") + "!"),
            ("fullname", Expr::from(None::<String>)),
        ]),
    );
    c.check(
        "update_correlated_subquery",
        update(u).set([(
            "nickname",
            select(a.c("email_address"))
                .filter(a.c("user_id").eq(u.c("id")))
                .order_by(a.c("id"))
                .limit(1)
                .scalar_subquery(),
        )]),
    );
    c.check(
        "update_from_other_table",
        update(u)
            .set([("name", "has_x")])
            .filter(u.c("id").eq(a.c("user_id")))
            .filter(a.c("email_address").eq("x@y")),
    );
    c.check(
        "update_ordered",
        update(u).ordered_set([("name", Expr::from("z")), ("fullname", u.c("name"))]),
    );
    c.check(
        "update_returning",
        update(u)
            .set([("nickname", "j")])
            .filter(u.c("name").eq("jack"))
            .returning((u.c("id"), u.c("nickname"))),
    );
    c.check(
        "update_schema_expression",
        update(&d.emp)
            .set([("salary", d.emp.c("salary") * 2)])
            .filter(d.emp.c("dept").eq("eng")),
    );
    c.check("delete_all", delete(a));
    c.check(
        "delete_where_in_subquery",
        delete(a).filter(
            a.c("user_id")
                .in_select(select(u.c("id")).filter(u.c("name").eq("gone"))),
        ),
    );
    c.check(
        "delete_using_other_table",
        delete(a)
            .filter(a.c("user_id").eq(u.c("id")))
            .filter(u.c("name").eq("gone")),
    );
    c.check(
        "delete_returning",
        delete(u).filter(u.c("name").eq("x")).returning(u.c("id")),
    );
    c.0
}
