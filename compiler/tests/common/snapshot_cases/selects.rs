//! The snapshot cases of `SELECT`s: clauses, joins, subqueries, CTEs and
//! set operations.

use aludel_compiler::CompileOptions;
use aludel_compiler::expr::func;
use aludel_compiler::prelude::*;
use aludel_compiler::stmt::ForUpdate;

use super::{Cases, SnapshotCase, db};

pub(crate) fn selects() -> Vec<SnapshotCase> {
    let mut c = Cases::default();
    let d = db();
    let (u, a) = (&d.users, &d.addresses);
    c.check("select_table", select(u));
    c.check(
        "select_columns_where",
        select((u.c("id"), u.c("name"))).filter(u.c("name").eq("jack")),
    );
    c.check(
        "select_chained_where",
        select(u.c("id"))
            .filter(u.c("id").gt(1))
            .filter(u.c("name").eq("x")),
    );
    c.check("select_distinct", select(u.c("name")).distinct());
    c.check(
        "select_distinct_on",
        select((u.c("name"), u.c("id")))
            .distinct_on(u.c("name"))
            .order_by((u.c("name"), u.c("id"))),
    );
    c.check(
        "select_group_having_order",
        select((a.c("user_id"), func::count(a.c("id")).label("n")))
            .group_by(a.c("user_id"))
            .having(func::count(a.c("id")).gt(1))
            .order_by(func::count(a.c("id")).label("n").desc()),
    );
    c.check(
        "select_order_nulls",
        select(u.c("id")).order_by((
            u.c("nickname").desc().nulls_last(),
            u.c("name").asc().nulls_first(),
        )),
    );
    c.check(
        "select_limit",
        select(u.c("id")).order_by(u.c("id")).limit(10),
    );
    c.check(
        "select_limit_offset",
        select(u.c("id")).order_by(u.c("id")).limit(10).offset(20),
    );
    c.check(
        "select_offset_only",
        select(u.c("id")).order_by(u.c("id")).offset(20),
    );
    c.check(
        "select_fetch_first",
        select(u.c("id")).order_by(u.c("id")).fetch(5),
    );
    c.check(
        "select_fetch_with_ties",
        select(u.c("id")).order_by(u.c("id")).fetch_with_ties(5),
    );
    c.check("select_no_from", select(literal(1).label("one")));
    c.check("select_cartesian", select((u.c("id"), d.orders.c("id"))));
    c.check(
        "select_from_explicit",
        select(func::count_star()).select_from(u),
    );
    c.check(
        "select_for_update",
        select(u.c("id")).with_for_update(ForUpdate::new()),
    );
    c.check(
        "select_for_update_nowait_of",
        select(u.c("id")).with_for_update(ForUpdate::new().nowait().of(u)),
    );
    c.check(
        "select_for_update_skip_locked",
        select(u.c("id")).with_for_update(ForUpdate::new().skip_locked()),
    );
    c.check(
        "select_for_share",
        select(u.c("id")).with_for_update(ForUpdate::new().read()),
    );
    c.check(
        "select_params_for_text",
        select(u)
            .filter(text("users.name = :name"))
            .params([("name", "jack")]),
    );
    c.check(
        "select_quoting_rules",
        select((
            d.orders.c("user"),
            d.orders.c("Total"),
            d.orders.c("placed at"),
        ))
        .filter(d.orders.c("Total").gt(100)),
    );
    c.check(
        "select_schema_qualified",
        select(d.emp.c("dept")).filter(d.emp.c("salary").gt(1000)),
    );
    c.check_with(
        "select_literal_binds",
        select(u.c("id"))
            .filter(u.c("name").eq("it's \\ here") & u.c("id").in_([1, 2]))
            .limit(5)
            .offset(10),
        &CompileOptions::new().literal_binds(true),
    );
    c.0
}

pub(crate) fn joins() -> Vec<SnapshotCase> {
    let mut c = Cases::default();
    let d = db();
    let (u, a) = (&d.users, &d.addresses);
    c.check(
        "join_inferred",
        select((u.c("name"), a.c("email_address"))).select_from(u.join(a)),
    );
    c.check(
        "join_explicit_on",
        select(u.c("name")).join_on(
            a,
            u.c("id").eq(a.c("user_id")) & a.c("email_address").like("%@x"),
        ),
    );
    c.check(
        "join_left_outer",
        select((u.c("name"), a.c("email_address"))).outerjoin_from(u, a),
    );
    c.check(
        "join_full_outer",
        select(u.c("name")).select_from(u.full_outerjoin(a)),
    );
    c.check(
        "join_select_join_method",
        select((u.c("id"), a.c("id"))).join(a),
    );
    let (a1, a2) = (a.anon_alias(), a.anon_alias());
    c.check(
        "join_two_aliases",
        select(u.c("name"))
            .join_on(&a1, u.c("id").eq(a1.c("user_id")))
            .join_on(&a2, u.c("id").eq(a2.c("user_id")))
            .filter(a1.c("email_address").eq("a@x") & a2.c("email_address").eq("b@x")),
    );
    let boss = d.emp.alias("boss");
    c.check(
        "join_self_alias",
        select((d.emp.c("id"), boss.c("id")))
            .select_from(d.emp.join_on(&boss, d.emp.c("boss").eq(boss.c("id")))),
    );
    c.check(
        "join_nested",
        select(u.c("id")).select_from(
            u.outerjoin(a.join_on(&d.orders, d.orders.c("user").eq(a.c("email_address")))),
        ),
    );
    c.check("join_select_whole_join", select(u.join(a)));
    c.check(
        "join_no_foreign_key_error",
        select(u.c("id")).select_from(u.join(&d.orders)),
    );
    c.0
}

pub(crate) fn subqueries() -> Vec<SnapshotCase> {
    let mut c = Cases::default();
    let d = db();
    let (u, a) = (&d.users, &d.addresses);
    let sq = select((u.c("id"), u.c("name")))
        .filter(u.c("id").gt(5))
        .anon_subquery();
    c.check(
        "subq_anonymous_from",
        select(sq.c("name")).filter(sq.c("id").lt(10)),
    );
    let named = select((a.c("user_id"), func::count_star().label("n")))
        .group_by(a.c("user_id"))
        .subquery("counts");
    c.check(
        "subq_named_join",
        select((u.c("name"), named.c("n"))).join_on(&named, named.c("user_id").eq(u.c("id"))),
    );
    c.check(
        "subq_scalar_correlated",
        select(u.c("name")).filter(
            select(func::count(a.c("id")))
                .filter(a.c("user_id").eq(u.c("id")))
                .scalar_subquery()
                .gt(1),
        ),
    );
    c.check(
        "subq_scalar_in_columns",
        select((
            u.c("name"),
            select(func::count(a.c("id")))
                .filter(a.c("user_id").eq(u.c("id")))
                .scalar_subquery()
                .label("n"),
        )),
    );
    c.check(
        "subq_exists",
        select(u.c("name")).filter(exists(
            select(a.c("id")).filter(a.c("user_id").eq(u.c("id"))),
        )),
    );
    c.check(
        "subq_not_exists",
        select(u.c("name")).filter(!exists(
            select(a.c("id")).filter(a.c("user_id").eq(u.c("id"))),
        )),
    );
    c.check(
        "subq_exists_label",
        select(exists(select(u.c("id")).filter(u.c("name").eq("jack"))).label("has_jack")),
    );
    let latest = select(a.c("email_address"))
        .filter(a.c("user_id").eq(u.c("id")))
        .order_by(a.c("id").desc())
        .limit(1)
        .lateral("latest");
    c.check(
        "subq_lateral",
        select((u.c("name"), latest.c("email_address"))).join_on(&latest, true_()),
    );
    let t = text("SELECT id, name FROM users")
        .columns([u.c("id"), u.c("name")])
        .subquery("t");
    c.check(
        "subq_text_columns",
        select(t.c("name")).filter(t.c("id").gt(3)),
    );
    c.check(
        "subq_no_correlate",
        select(u.c("name")).filter(
            u.c("id")
                .in_select(select(u.c("id")).filter(u.c("name").eq("x")).no_correlate()),
        ),
    );
    c.0
}

pub(crate) fn ctes_and_set_operations() -> Vec<SnapshotCase> {
    let mut c = Cases::default();
    let d = db();
    let (u, a) = (&d.users, &d.addresses);
    let c1 = select(u.c("id")).filter(u.c("name").like("j%")).cte("js");
    let c2 = select(a.c("user_id"))
        .filter(a.c("email_address").like("%@x"))
        .cte("xs");
    c.check(
        "cte_several",
        select(c1.c("id")).filter(c1.c("id").in_select(select(c2.c("user_id")))),
    );
    let bp = select((a.c("user_id"), a.c("id"))).cte("bp");
    let bp2 = bp.alias("bp2");
    c.check(
        "cte_referenced_twice",
        select(bp.c("user_id"))
            .join_on(&bp2, bp.c("user_id").eq(bp2.c("user_id")))
            .filter(bp.c("id").gt(bp2.c("id"))),
    );
    let base = select((d.emp.c("id"), d.emp.c("boss")))
        .filter(d.emp.c("boss").is_null())
        .cte_recursive("chain");
    let chain = base.union_all(
        select((d.emp.c("id"), d.emp.c("boss"))).join_on(&base, d.emp.c("boss").eq(base.c("id"))),
    );
    c.check("cte_recursive", select(chain.c("id")));
    let newbies = select((u.c("id"), u.c("name")))
        .filter(u.c("id").gt(100))
        .cte("newbies");
    c.check(
        "cte_in_insert",
        insert(u).from_select(["id", "name"], select((newbies.c("id"), newbies.c("name")))),
    );
    c.check("cte_mixed_case_name", {
        let c = select(u.c("id")).cte("MyCte");
        select(c.c("id"))
    });
    let one = |n: i32| select(u.c("id")).filter(u.c("id").eq(n));
    c.check("setop_union", union([one(1), one(2)]));
    c.check("setop_union_all_three", union_all([one(1), one(2), one(3)]));
    c.check(
        "setop_intersect_except",
        intersect([one(1), one(2)]).union(except_([one(3), one(4)])),
    );
    c.check("setop_all_variants", intersect_all([one(1), one(2)]));
    c.check("setop_except_all", except_all([one(1), one(2)]));
    c.check(
        "setop_order_limit",
        union([select(u.c("name")), select(a.c("email_address"))])
            .order_by(literal_column("name"))
            .limit(10),
    );
    c.check(
        "setop_operand_with_limit",
        union([one(1).order_by(u.c("id")).limit(1), one(2)]),
    );
    c.check("setop_as_subquery", {
        let s = union([select(u.c("name")), select(a.c("email_address"))]).subquery("allnames");
        select(func::count_star()).select_from(&s)
    });
    c.0
}
