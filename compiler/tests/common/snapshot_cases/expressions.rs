//! The snapshot cases of expressions and window functions.

use aludel_compiler::expr::{FrameBound, func};
use aludel_compiler::prelude::*;

use super::{Cases, SnapshotCase, db};

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
