//! The snapshot cases (`snapshots/` at the workspace root): every construct
//! built on the snapshot fixture ([`Db`], [`DdlFixture`]), with the options
//! it is compiled with. Shared by the snapshot test and the live-database
//! run of the root crate.

use aludel_compiler::CompileOptions;
use aludel_compiler::expr::{FrameBound, func};
use aludel_compiler::prelude::*;
use aludel_compiler::schema::{
    CheckConstraint, FkAction, ForeignKeyConstraint, Identity, Index, PrimaryKeyConstraint,
    ServerDefault, UniqueConstraint,
};
use aludel_compiler::stmt::{
    ConflictTarget, CreateIndex, CreateTable, DropIndex, DropTable, ForUpdate,
};

use super::DdlTarget;

/// A snapshot case: its name, its statement and the options it is compiled with.
pub(crate) type SnapshotCase = (&'static str, Statement, CompileOptions);

/// Collects the cases of a group, in order.
#[derive(Default)]
struct Cases(Vec<SnapshotCase>);

impl Cases {
    fn check(&mut self, name: &'static str, stmt: impl Into<Statement>) {
        self.check_with(name, stmt, &CompileOptions::new());
    }

    fn check_with(
        &mut self,
        name: &'static str,
        stmt: impl Into<Statement>,
        options: &CompileOptions,
    ) {
        self.0.push((name, stmt.into(), options.clone()));
    }
}

/// The snapshot fixture: `users`, `addresses`, `"order"`, `hr.employees`, `flags`.
pub(crate) struct Db {
    pub(crate) meta: MetaData,
    pub(crate) users: Table,
    pub(crate) addresses: Table,
    pub(crate) orders: Table,
    pub(crate) emp: Table,
    pub(crate) flags: Table,
}

/// Declares the snapshot fixture.
pub(crate) fn db() -> Db {
    let meta = MetaData::new();
    let users = meta
        .table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::String(Some(50))).not_null())
        .column(Column::new("fullname", Type::String(Some(100))))
        .column(Column::new("nickname", Type::String(Some(50))))
        .build()
        .expect("users");
    let addresses = meta
        .table("addresses")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(
            Column::new("user_id", Type::Integer)
                .foreign_key("users.id")
                .not_null(),
        )
        .column(Column::new("email_address", Type::String(Some(100))).not_null())
        .build()
        .expect("addresses");
    let orders = meta
        .table("order")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("user", Type::String(Some(50))))
        .column(Column::new("Total", Type::numeric(10, 2)))
        .column(Column::new("placed at", Type::datetime()))
        .build()
        .expect("order");
    let emp = meta
        .table("employees")
        .schema("hr")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("boss", Type::Integer).foreign_key("hr.employees.id"))
        .column(Column::new("dept", Type::String(Some(30))))
        .column(Column::new("salary", Type::numeric(10, 2)))
        .build()
        .expect("employees");
    let flags = meta
        .table("flags")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("on", Type::Boolean).not_null())
        .build()
        .expect("flags");
    Db {
        meta,
        users,
        addresses,
        orders,
        emp,
        flags,
    }
}

pub(crate) fn expressions() -> Vec<SnapshotCase> {
    let mut c = Cases::default();
    let d = db();
    let u = &d.users;
    let q = |e: Expr| select(u.c("id")).filter(e);
    c.check(
        "expr_comparisons",
        q(and_([
            u.c("id").eq(1),
            u.c("id").ne(2),
            u.c("id").lt(3),
            u.c("id").le(4),
            u.c("id").gt(5),
            u.c("id").ge(6),
        ])),
    );
    c.check(
        "expr_and_or_not_operators",
        q((u.c("id").eq(1) | u.c("id").eq(2)) & !(u.c("name").eq("a") & u.c("nickname").eq("b"))),
    );
    c.check("expr_not_flips_comparison", q(not_(u.c("name").eq("jack"))));
    c.check(
        "expr_like_family",
        q(and_([
            u.c("name").like("j%"),
            u.c("name").not_like("x%"),
            u.c("name").like_escape("10/%", '/'),
            u.c("name").ilike("J%"),
            u.c("name").not_ilike("Q%"),
        ])),
    );
    c.check(
        "expr_startswith_autoescape",
        q(u.c("name").startswith("50%_off/")),
    );
    c.check(
        "expr_contains_endswith",
        q(u.c("name").contains("a_b") | u.c("name").endswith("%")),
    );
    c.check("expr_in_list", q(u.c("id").in_([1, 2, 3])));
    c.check("expr_not_in_list", q(u.c("name").not_in(["a", "b"])));
    let empty: [i32; 0] = [];
    c.check("expr_in_empty", q(u.c("id").in_(empty)));
    c.check("expr_not_in_empty", q(u.c("id").not_in(empty)));
    c.check(
        "expr_in_tuple",
        q(tuple([u.c("id"), u.c("name")]).in_([tuple([Expr::from(1), Expr::from("a")])])),
    );
    c.check(
        "expr_in_subquery",
        q(u.c("id").in_select(select(d.addresses.c("user_id")))),
    );
    c.check(
        "expr_between",
        q(u.c("id").between(5, 10) & u.c("id").not_between(7, 8)),
    );
    c.check(
        "expr_is_null",
        q(u.c("nickname").is_null()
            | u.c("fullname").is_not_null()
            | u.c("nickname").eq(None::<i32>)),
    );
    c.check(
        "expr_is_distinct_from",
        q(u.c("nickname").is_distinct_from("x")
            & u.c("name").is_not_distinct_from(u.c("nickname"))),
    );
    c.check(
        "expr_regexp",
        q(u.c("name").regexp_match("^j") & u.c("name").not_regexp_match("k$")),
    );
    c.check("expr_match", q(u.c("name").match_("cats")));
    c.check(
        "expr_arithmetic",
        select((
            u.c("id") + 5,
            u.c("id") - 1,
            u.c("id") * 2,
            u.c("id") / 3,
            u.c("id") % 2,
            u.c("id").floordiv(2),
            -u.c("id"),
        )),
    );
    c.check(
        "expr_precedence_keeps_meaning",
        select((
            (u.c("id") + 1) * 2,
            u.c("id") - (u.c("id") - 1),
            (u.c("id") * 2).label("x"),
        )),
    );
    c.check(
        "expr_concat",
        select((
            u.c("name") + "x",
            literal("Mr. ") + u.c("name"),
            u.c("name").concat(u.c("nickname")),
        )),
    );
    c.check(
        "expr_cast",
        select((
            cast(u.c("id"), Type::String(None)),
            u.c("id").cast(Type::String(Some(20))),
            u.c("name").cast(Type::Integer),
            u.c("name").cast(Type::numeric(10, 2)),
        )),
    );
    c.check(
        "expr_case_searched",
        select(
            case()
                .when(u.c("id").lt(0), "neg")
                .when(u.c("id").eq(0), "zero")
                .else_("pos")
                .label("sign"),
        ),
    );
    c.check(
        "expr_case_by_value",
        select(Case::value(u.c("name")).when("a", 1).when("b", 2).end()),
    );
    c.check(
        "expr_aggregates",
        select((
            func::count(u.c("id")),
            func::count_star(),
            func::max(u.c("name")),
        )),
    );
    c.check(
        "expr_functions",
        select((
            func::coalesce([u.c("nickname"), u.c("name"), Expr::from("anon")]),
            func::lower(u.c("name")),
            func::char_length(u.c("name")),
            func::now(),
            func::current_date(),
            func::call("nullif", [u.c("id"), Expr::from(0)]),
        )),
    );
    c.check(
        "expr_aggregate_filter",
        select((
            func::count_star().filter(u.c("id").gt(1)),
            func::sum(u.c("id")).filter(u.c("name").eq("x")),
        )),
    );
    c.check(
        "expr_count_distinct",
        select(func::count(distinct(u.c("name")))),
    );
    c.check(
        "expr_labels_literals",
        select((
            literal("abc"),
            literal(5),
            literal(1.5),
            literal_column("1"),
            literal_column("'x'").label("x"),
            null(),
            true_(),
            false_(),
        )),
    );
    c.check(
        "expr_bindparam_named_reused",
        q(u.c("id").gt(bindparam("lo")) & u.c("id").lt(bindparam("lo") + 10)),
    );
    c.check(
        "expr_bindparam_typed_valued",
        q(u.c("id").eq(bindparam("uid").ty(Type::Integer).value(7))),
    );
    c.check(
        "expr_collate",
        select(u.c("id")).order_by(u.c("name").collate("nocase")),
    );
    c.check(
        "expr_bool_column_criterion",
        select(d.flags.c("id")).filter(d.flags.c("on")),
    );
    c.check(
        "expr_bool_not_column_criterion",
        select(d.flags.c("id")).filter(!d.flags.c("on")),
    );
    c.check(
        "expr_bool_compare_true",
        select(d.flags.c("id")).filter(d.flags.c("on").eq(true) & d.flags.c("on").is(false)),
    );
    c.check(
        "expr_text_fragment",
        select(u.c("id"))
            .filter(text("id > :lo AND id < :hi").bindparams([("lo", 1), ("hi", 9)]))
            .filter(u.c("name").eq("x")),
    );
    c.check(
        "expr_text_in_order_by",
        select(u.c("id")).order_by(text("name DESC")),
    );
    c.0
}

pub(crate) fn windows() -> Vec<SnapshotCase> {
    let mut c = Cases::default();
    let d = db();
    let u = &d.users;
    c.check(
        "window_row_number",
        select((
            u.c("id"),
            func::row_number().over(Window::new().order_by(u.c("id"))),
        )),
    );
    c.check(
        "window_partition_order_desc",
        select(
            func::rank().over(
                Window::new()
                    .partition_by(u.c("nickname"))
                    .order_by(u.c("id").desc()),
            ),
        ),
    );
    c.check(
        "window_rows_frame",
        select(
            func::sum(u.c("id")).over(
                Window::new()
                    .order_by(u.c("id"))
                    .rows(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
            ),
        ),
    );
    c.check(
        "window_range_frame_bound",
        select(
            func::avg(u.c("id")).over(
                Window::new()
                    .order_by(u.c("id"))
                    .range(FrameBound::Preceding(2), FrameBound::Following(2)),
            ),
        ),
    );
    c.check(
        "window_groups_frame",
        select(
            func::sum(u.c("id")).over(Window::new().order_by(u.c("id")).frame(
                aludel_compiler::expr::FrameKind::Groups,
                FrameBound::Preceding(1),
                FrameBound::CurrentRow,
            )),
        ),
    );
    c.check(
        "window_empty_over",
        select((u.c("id"), func::count_star().over(Window::new()))),
    );
    c.0
}

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

/// The tables and indexes of the DDL snapshots (apart from [`Db`]'s).
pub(crate) struct DdlFixture {
    /// `products`, `order_lines`, `big` and `notes`, with `big`'s index.
    pub(crate) meta: MetaData,
    pub(crate) products: Table,
    pub(crate) lines: Table,
    pub(crate) big: Table,
    pub(crate) notes: Table,
    /// An expression index on `products`.
    pub(crate) ix: Index,
    /// A unique index on `order_lines`.
    pub(crate) ux: Index,
}

/// Declares the DDL fixture.
pub(crate) fn ddl_fixture() -> DdlFixture {
    let meta = MetaData::new();
    let products = meta
        .table("products")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("sku", Type::String(Some(32))).not_null())
        .column(
            Column::new("price", Type::numeric(10, 2))
                .not_null()
                .server_default(ServerDefault::Text("0".into())),
        )
        .column(Column::new("qty", Type::Integer).not_null().default(0))
        .column(
            Column::new("active", Type::Boolean)
                .not_null()
                .server_default(ServerDefault::Value(Value::Bool(true))),
        )
        .column(
            Column::new("created_at", Type::datetime())
                .server_default(ServerDefault::Expr(func::now())),
        )
        .column(
            Column::new("stamp", Type::DateTime { timezone: true })
                .server_default(ServerDefault::Expr(func::current_timestamp())),
        )
        .column(Column::new(
            "mood",
            Type::enumeration("mood", ["happy", "sad"]),
        ))
        .column(Column::new("doc", Type::Json))
        .column(Column::new("uid", Type::Uuid))
        .column(Column::new("blob", Type::LargeBinary))
        .column(Column::new("notes", Type::Text))
        .constraint(UniqueConstraint::new(["sku"]).name("uq_products_sku"))
        .constraint(CheckConstraint::new("price >= 0").name("ck_price"))
        .constraint(CheckConstraint::new("qty >= 0"))
        .build()
        .expect("products");
    let lines = meta
        .table("order_lines")
        .column(Column::new("order_id", Type::Integer).not_null())
        .column(Column::new("line_no", Type::Integer).not_null())
        .column(Column::new("sku", Type::String(Some(32))).not_null())
        .column(
            Column::new("amount", Type::numeric(12, 2))
                .not_null()
                .server_default(ServerDefault::Raw("0.00".into())),
        )
        .primary_key_constraint(
            PrimaryKeyConstraint::new(["order_id", "line_no"]).name("pk_order_lines"),
        )
        .constraint(
            ForeignKeyConstraint::new(["sku"], "products", ["sku"])
                .name("fk_lines_sku")
                .on_update(FkAction::Cascade)
                .on_delete(FkAction::Restrict),
        )
        .build()
        .expect("order_lines");
    let big = meta
        .table("big")
        .column(
            Column::new("id", Type::BigInteger)
                .identity(Identity {
                    start: Some(1),
                    increment: Some(1),
                    ..Default::default()
                })
                .primary_key(),
        )
        .column(Column::new("small", Type::SmallInteger))
        .column(Column::new("ratio", Type::Float))
        .column(Column::new("day", Type::Date))
        .column(Column::new("tod", Type::Time))
        .column(
            Column::new("label", Type::String(Some(10)))
                .unique()
                .index(),
        )
        .build()
        .expect("big");
    let notes = meta
        .table("notes")
        .comment("free-form notes")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("body", Type::Text).comment("it's markdown"))
        .column(
            Column::new("day", Type::Date)
                .server_default(ServerDefault::Expr(func::current_date())),
        )
        .build()
        .expect("notes");
    let ix = Index::new(
        "ix_products_lower_sku_desc_id",
        &products,
        [func::lower(products.c("sku")), products.c("id").desc()],
    );
    let ux = Index::new("ux_lines", &lines, [lines.c("order_id"), lines.c("sku")]).unique();
    DdlFixture {
        meta,
        products,
        lines,
        big,
        notes,
        ix,
        ux,
    }
}

/// The DDL snapshots.
pub(crate) fn ddl(f: &DdlFixture) -> Vec<SnapshotCase> {
    let mut c = Cases::default();
    c.check(
        "ddl_create_table_comments_keyword_default",
        CreateTable::new(&f.notes),
    );
    let d = db();
    c.check(
        "ddl_create_table_constraints_defaults",
        CreateTable::new(&f.products),
    );
    c.check(
        "ddl_create_table_composite_pk_named_fk",
        CreateTable::new(&f.lines),
    );
    c.check("ddl_create_table_identity_types", CreateTable::new(&f.big));
    c.check(
        "ddl_create_table_if_not_exists",
        CreateTable::new(&d.users).if_not_exists(),
    );
    c.check("ddl_create_table_fk", CreateTable::new(&d.addresses));
    c.check("ddl_create_table_schema_self_fk", CreateTable::new(&d.emp));
    c.check("ddl_drop_table", DropTable::new(&d.users));
    c.check(
        "ddl_drop_table_if_exists",
        DropTable::new(&d.emp).if_exists(),
    );
    c.check("ddl_create_index_expressions", CreateIndex::new(&f.ix));
    c.check("ddl_create_unique_index", CreateIndex::new(&f.ux));
    c.check(
        "ddl_create_index_if_not_exists",
        CreateIndex::new(&f.ix).if_not_exists(),
    );
    c.check("ddl_drop_index", DropIndex::new(&f.ix));
    c.0
}

/// Every snapshot case, group by group.
pub(crate) fn all() -> Vec<SnapshotCase> {
    let mut out = expressions();
    out.extend(windows());
    out.extend(selects());
    out.extend(joins());
    out.extend(subqueries());
    out.extend(ctes_and_set_operations());
    out.extend(inserts_updates_deletes());
    out.extend(ddl(&ddl_fixture()));
    out
}

/// What a DDL snapshot case acts on; `None` for the other cases.
pub(crate) fn ddl_target<'a>(name: &str, d: &'a Db, f: &'a DdlFixture) -> Option<DdlTarget<'a>> {
    let (metadata, table) = match name {
        "ddl_create_table_comments_keyword_default" => (&f.meta, &f.notes),
        "ddl_create_table_constraints_defaults"
        | "ddl_create_index_expressions"
        | "ddl_create_index_if_not_exists"
        | "ddl_drop_index" => (&f.meta, &f.products),
        "ddl_create_table_composite_pk_named_fk" | "ddl_create_unique_index" => (&f.meta, &f.lines),
        "ddl_create_table_identity_types" => (&f.meta, &f.big),
        "ddl_create_table_if_not_exists" | "ddl_drop_table" => (&d.meta, &d.users),
        "ddl_create_table_fk" => (&d.meta, &d.addresses),
        "ddl_create_table_schema_self_fk" | "ddl_drop_table_if_exists" => (&d.meta, &d.emp),
        _ => return None,
    };
    let before = match name {
        "ddl_drop_index" => vec![CreateIndex::new(&f.ix).into()],
        _ => Vec::new(),
    };
    Some(DdlTarget {
        metadata,
        table,
        before,
    })
}
