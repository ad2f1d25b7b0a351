//! The statements of the conformance cases (`tests/data/cases.json`), built
//! with aludel's API on the fixed schema of [`Schema`]: shared by the
//! conformance test and the live-database run of the root crate.

use aludel_compiler::expr::FrameBound;
use aludel_compiler::prelude::*;
use aludel_compiler::schema::Index;
use aludel_compiler::stmt::{ConflictTarget, CreateIndex, CreateTable, DropTable, ForUpdate};
use rust_decimal::Decimal;

use super::{DdlTarget, Schema};

/// The statement of a case, built with aludel's API; `None` for an unknown case.
pub(crate) fn build_case(name: &str, s: &Schema) -> Option<Statement> {
    select_where_case(name, s)
        .or_else(|| select_clause_case(name, s))
        .or_else(|| select_function_case(name, s))
        .or_else(|| expression_case(name, s))
        .or_else(|| from_case(name, s))
        .or_else(|| cte_case(name, s))
        .or_else(|| set_and_window_case(name, s))
        .or_else(|| insert_case(name, s))
        .or_else(|| update_delete_case(name, s))
        .or_else(|| upsert_locking_case(name, s))
        .or_else(|| ddl_case(name, s))
        .or_else(|| quoting_case(name, s))
        .or_else(|| literal_case(name, s))
}

/// Category `select`: WHERE criteria.
fn select_where_case(name: &str, s: &Schema) -> Option<Statement> {
    let users = &s.users;
    let id = || users.c("id");
    let stmt: Statement = match name {
        "select_some_columns" => select((id(), users.c("name"))).into(),
        "select_where_eq" => select(users).filter(users.c("name").eq("jack")).into(),
        "select_where_lt_le_gt_ge" => select(id())
            .filter(and_([id().gt(5), id().le(10), id().ge(1), id().lt(100)]))
            .into(),
        "select_where_not_eq" => select(id()).filter(not_(users.c("name").eq("jack"))).into(),
        "select_where_nested_and_or" => select(id())
            .filter(and_([
                or_([users.c("name").eq("a"), users.c("name").eq("b")]),
                id().gt(3),
                or_([
                    users.c("nickname").is(None::<&str>),
                    users.c("nickname").ne("x"),
                ]),
            ]))
            .into(),
        "select_where_chained_where" => select(id())
            .filter(id().gt(1))
            .filter(users.c("name").eq("x"))
            .into(),
        "select_like" => select(id()).filter(users.c("name").like("j%")).into(),
        "select_not_like" => select(id()).filter(users.c("name").not_like("j%")).into(),
        "select_like_escape" => select(id())
            .filter(users.c("name").like_escape("10/%%", '/'))
            .into(),
        "select_in_list" => select(id()).filter(id().in_([1, 2, 3])).into(),
        "select_not_in_empty" => select(id()).filter(id().not_in(Vec::<Expr>::new())).into(),
        "select_between" => select(id()).filter(id().between(5, 10)).into(),
        "select_not_between" => select(id()).filter(not_(id().between(5, 10))).into(),
        "select_is_null" => select(id())
            .filter(users.c("nickname").eq(None::<&str>))
            .into(),
        "select_is_not_null" => select(id())
            .filter(users.c("nickname").is_not(None::<&str>))
            .into(),
        _ => return None,
    };
    Some(stmt)
}

/// Category `select`: DISTINCT, ORDER BY, LIMIT / FETCH.
fn select_clause_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, addresses) = (&s.users, &s.addresses);
    let id = || users.c("id");
    let stmt: Statement = match name {
        "select_distinct" => select(users.c("name")).distinct().into(),
        "select_distinct_func" => select(func::count(distinct(users.c("name")))).into(),
        // SQLAlchemy's legacy `distinct(*exprs)` (DISTINCT ON on PostgreSQL,
        // plain DISTINCT elsewhere) has no aludel spelling: `distinct_on` is
        // the closest, for both cases.
        "select_distinct_on_legacy" | "select_distinct_on_ext" => select((users.c("name"), id()))
            .distinct_on(users.c("name"))
            .order_by((users.c("name"), id()))
            .into(),
        "select_order_by_nulls_last" => select(id())
            .order_by(users.c("nickname").desc().nulls_last())
            .into(),
        "select_limit" => select(id()).order_by(id()).limit(10).into(),
        "select_limit_offset" => select(id()).order_by(id()).limit(10).offset(20).into(),
        "select_limit_no_order" => select(id()).limit(5).into(),
        "select_fetch_first" => select(id()).order_by(id()).fetch(5).into(),
        "select_order_by_label" => {
            let lbl = func::count(addresses.c("id")).label("cnt");
            select((addresses.c("user_id"), lbl.clone()))
                .group_by(addresses.c("user_id"))
                .order_by(lbl.desc())
                .into()
        }
        _ => return None,
    };
    Some(stmt)
}

/// Category `select`: functions, casts, literals, bind parameters, text and the rest.
fn select_function_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, books, cars) = (&s.users, &s.books, &s.cars);
    let id = || users.c("id");
    let stmt: Statement = match name {
        "select_func_count" => select(func::count(id())).into(),
        "select_func_sum_max_min_avg" => select((
            func::sum(books.c("price")),
            func::max(books.c("year")),
            func::min(books.c("year")),
            func::avg(books.c("price")),
        ))
        .into(),
        "select_coalesce" => select(func::coalesce([
            users.c("nickname"),
            users.c("name"),
            Expr::from("anon"),
        ]))
        .into(),
        "select_func_now_current_timestamp" => {
            select((func::now(), func::current_timestamp(), func::current_date())).into()
        }
        "select_func_char_length" => select(func::char_length(users.c("name"))).into(),
        "select_cast_string" => select((
            cast(id(), Type::String(None)),
            cast(id(), Type::String(Some(20))),
        ))
        .into(),
        "select_literal" => select((literal("abc"), literal(5), literal(1.5))).into(),
        "select_literal_column" => {
            select((literal_column("1"), literal_column("'x'").label("x"))).into()
        }
        "select_no_from" => select(literal(1).label("one")).into(),
        "select_null_literal" => select((null(), id()))
            .filter(users.c("nickname").is(null()))
            .into(),
        "select_bindparam_named" => select(users)
            .filter(users.c("name").eq(bindparam("uname")))
            .into(),
        "select_bindparam_typed" => select(users)
            .filter(id().eq(bindparam("uid").ty(Type::Integer)))
            .into(),
        "select_text_where" => select(users)
            .filter(text("users.name = :name"))
            .params([("name", "jack")])
            .into(),
        "select_text_where_bindparams" => select(id())
            .filter(text("id > :lo AND id < :hi").bindparams([("lo", 1), ("hi", 9)]))
            .into(),
        "select_text_columns_subquery" => {
            let sq = text("SELECT id, name FROM users")
                .columns([id(), users.c("name")])
                .subquery("t");
            select(sq.c("name")).filter(sq.c("id").gt(3)).into()
        }
        "select_arithmetic" => select((
            id() + 5,
            id() - 1,
            id() * 2,
            id() / 3,
            id() % 2,
            id().floordiv(2),
        ))
        .into(),
        "select_percent_in_literal_column" => select((literal_column("'100%'").label("pct"), id()))
            .filter(users.c("name").like("%x%"))
            .into(),
        "select_mixed_case_columns" => select(cars)
            .filter(cars.c("Price").gt(100))
            .order_by(cars.c("Name"))
            .into(),
        "select_regexp_match" => select(id())
            .filter(users.c("name").regexp_match("^j.*k$"))
            .into(),
        "select_collate" => select(id())
            .order_by(users.c("name").collate("utf8_bin"))
            .into(),
        "select_func_over_without_partition" => {
            select((id(), func::count_star().over(Window::new()))).into()
        }
        "select_group_by_multiple_with_order" => select((
            books.c("author_id"),
            books.c("year"),
            func::sum(books.c("price")),
        ))
        .group_by((books.c("author_id"), books.c("year")))
        .order_by((books.c("author_id"), books.c("year").desc()))
        .into(),
        "select_limit_with_bindparam_where" => select((id(), users.c("name")))
            .filter(and_([users.c("name").eq("x"), id().gt(5)]))
            .order_by(id())
            .limit(3)
            .offset(6)
            .into(),
        _ => return None,
    };
    Some(stmt)
}

/// Categories `boolean` and `concat`.
fn expression_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, posts) = (&s.users, &s.posts);
    let stmt: Statement = match name {
        "bool_column_eq_true" => select(posts.c("id"))
            .filter(posts.c("published").eq(true))
            .into(),
        "bool_column_is_false" => select(posts.c("id"))
            .filter(posts.c("published").is(false))
            .into(),
        "bool_bare_column" => select(posts.c("id")).filter(posts.c("published")).into(),
        "bool_where_true_and" => select(users.c("id"))
            .filter(and_([true_(), users.c("id").gt(1)]))
            .into(),
        "bool_comparison_in_select_list" => select(users.c("id").gt(5).label("big")).into(),
        "concat_in_where" => select(users.c("id"))
            .filter((users.c("name") + "x").eq("jackx"))
            .into(),
        "concat_str_literal_first" => select(literal("Mr. ") + users.c("name")).into(),
        _ => return None,
    };
    Some(stmt)
}

/// Categories `join` and `subquery`.
fn from_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, addresses, authors, books) = (&s.users, &s.addresses, &s.authors, &s.books);
    let (posts, keywords, post_keywords) = (&s.posts, &s.keywords, &s.post_keywords);
    let stmt: Statement = match name {
        "join_left_outer" => select((users.c("name"), addresses.c("email_address")))
            .outerjoin_from(users, addresses)
            .into(),
        "join_full_outer" => select((users.c("name"), addresses.c("email_address")))
            .select_from(users.full_outerjoin(addresses))
            .into(),
        "join_multiple" => select((posts.c("title"), keywords.c("keyword")))
            .join_from(posts, post_keywords)
            .join_on(keywords, post_keywords.c("keyword_id").eq(keywords.c("id")))
            .filter(keywords.c("keyword").eq("sql"))
            .into(),
        "join_cartesian" => select((users.c("id"), s.cars.c("Id"))).into(),
        "join_select_from_join" => select(func::count(addresses.c("id")))
            .select_from(users.join(addresses))
            .into(),
        "join_two_aliases_same_table" => {
            let (a1, a2) = (addresses.anon_alias(), addresses.anon_alias());
            select(users.c("name"))
                .join_on(&a1, users.c("id").eq(a1.c("user_id")))
                .join_on(&a2, users.c("id").eq(a2.c("user_id")))
                .filter(and_([
                    a1.c("email_address").eq("a@x"),
                    a2.c("email_address").eq("b@x"),
                ]))
                .into()
        }
        "join_nested_left_inner" => {
            let inner =
                addresses.join_on(authors, authors.c("name").eq(addresses.c("email_address")));
            select(users.c("id"))
                .select_from(users.outerjoin(inner))
                .into()
        }
        "subq_anonymous_in_from" => {
            let sq = select((users.c("id"), users.c("name")))
                .filter(users.c("id").gt(5))
                .anon_subquery();
            select(sq.c("name")).filter(sq.c("id").lt(10)).into()
        }
        "subq_correlated_where" => {
            let inner = select(func::avg(books.c("price")))
                .filter(books.c("author_id").eq(authors.c("id")))
                .scalar_subquery();
            select(authors.c("name")).filter(inner.gt(20)).into()
        }
        "subq_not_exists" => select(users.c("name"))
            .filter(!exists(
                select(addresses.c("id")).filter(addresses.c("user_id").eq(users.c("id"))),
            ))
            .into(),
        // `exists()` without columns is `EXISTS (SELECT * ...)`.
        "subq_exists_in_select_list" => {
            let e = exists(select(star()).filter(users.c("name").eq("jack")));
            select(e.label("has_jack")).into()
        }
        "subq_in_select" => select(users.c("name"))
            .filter(users.c("id").in_select(
                select(addresses.c("user_id")).filter(addresses.c("email_address").like("%@x")),
            ))
            .into(),
        "subq_not_in_select" => select(users.c("name"))
            .filter(users.c("id").not_in_select(select(addresses.c("user_id"))))
            .into(),
        "subq_nested_two_levels" => {
            let inner = select(books.c("author_id"))
                .filter(books.c("year").gt(2000))
                .subquery("i");
            let mid = select((inner.c("author_id"), func::count_star().label("n")))
                .group_by(inner.c("author_id"))
                .subquery("m");
            select((authors.c("name"), mid.c("n")))
                .join_on(&mid, mid.c("author_id").eq(authors.c("id")))
                .into()
        }
        "subq_lateral" => {
            let sq = select(books.c("title"))
                .filter(books.c("author_id").eq(authors.c("id")))
                .order_by(books.c("year").desc())
                .limit(1)
                .lateral("latest");
            select((authors.c("name"), sq.c("title")))
                .join_on(&sq, true_())
                .into()
        }
        _ => return None,
    };
    Some(stmt)
}

/// Category `cte`.
fn cte_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, addresses, authors, books) = (&s.users, &s.addresses, &s.authors, &s.books);
    let stmt: Statement = match name {
        "cte_plain" => {
            let c = select((addresses.c("user_id"), func::count_star().label("n")))
                .group_by(addresses.c("user_id"))
                .cte("addr_counts");
            select((users.c("name"), c.c("n")))
                .join_on(&c, c.c("user_id").eq(users.c("id")))
                .into()
        }
        "cte_multiple" => {
            let c1 = select(users.c("id"))
                .filter(users.c("name").like("j%"))
                .cte("js");
            let c2 = select(addresses.c("user_id"))
                .filter(addresses.c("email_address").like("%@x"))
                .cte("xs");
            select(c1.c("id"))
                .filter(c1.c("id").in_select(select(c2.c("user_id"))))
                .into()
        }
        "cte_referenced_twice" => {
            let c = select((books.c("author_id"), books.c("price"))).cte("bp");
            let c2 = c.alias("bp2");
            select(c.c("author_id"))
                .join_on(&c2, c.c("author_id").eq(c2.c("author_id")))
                .filter(c.c("price").gt(c2.c("price")))
                .into()
        }
        "cte_in_insert" => {
            let c = select((users.c("id"), users.c("name")))
                .filter(users.c("id").gt(100))
                .cte("newbies");
            insert(authors)
                .from_select(["id", "name"], select((c.c("id"), c.c("name"))))
                .into()
        }
        _ => return None,
    };
    Some(stmt)
}

/// Categories `setop` and `window`.
fn set_and_window_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, authors, books) = (&s.users, &s.authors, &s.books);
    let names = || [select(users.c("name")), select(authors.c("name"))];
    let user_id_is = |n: i32| select(users.c("id")).filter(users.c("id").eq(n));
    let stmt: Statement = match name {
        "setop_union_all" => union_all(names()).into(),
        "setop_intersect_all" => intersect_all(names()).into(),
        // `.order_by("name")` names a result column.
        "setop_union_order_limit" => union(names())
            .order_by(literal_column("name"))
            .limit(10)
            .into(),
        "setop_union_three_with_where" => {
            union_all([user_id_is(1), user_id_is(2), user_id_is(3)]).into()
        }
        "setop_union_as_subquery" => {
            let u = union(names()).subquery("allnames");
            select(func::count_star()).select_from(&u).into()
        }
        "window_row_number" => select((
            users.c("id"),
            func::row_number().over(Window::new().order_by(users.c("id"))),
        ))
        .into(),
        "window_rank_partition" => select((
            books.c("title"),
            func::rank().over(
                Window::new()
                    .partition_by(books.c("author_id"))
                    .order_by(books.c("price").desc()),
            ),
        ))
        .into(),
        "window_dense_rank_label" => select((
            books.c("title"),
            func::dense_rank()
                .over(Window::new().order_by(books.c("year")))
                .label("dr"),
        ))
        .into(),
        // `range_=(-2, 2)`.
        "window_range_frame" => {
            let w = Window::new().order_by(books.c("year")).range(
                FrameBound::from_offset(Some(-2), true),
                FrameBound::from_offset(Some(2), false),
            );
            select(func::avg(books.c("price")).over(w)).into()
        }
        _ => return None,
    };
    Some(stmt)
}

/// Category `insert`.
fn insert_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, employees) = (&s.users, &s.employees);
    let stmt: Statement = match name {
        "insert_values_single" => insert(users)
            .values([("name", "jack"), ("fullname", "Jack Jones")])
            .into(),
        "insert_all_columns_no_values" => insert(users).into(),
        "insert_multi_row_10x4" => insert(users)
            .values_many((0..10).map(|i| {
                [
                    ("id", Expr::from(i)),
                    ("name", Expr::from(format!("n{i}"))),
                    ("fullname", Expr::from(format!("F {i}"))),
                    ("nickname", Expr::from(format!("k{i}"))),
                ]
            }))
            .into(),
        "insert_from_select" => insert(&s.authors)
            .from_select(
                ["id", "name"],
                select((users.c("id"), users.c("name"))).filter(users.c("id").gt(10)),
            )
            .into(),
        "insert_returning_multiple" => insert(users)
            .values([("name", "jack")])
            .returning((users.c("id"), users.c("name")))
            .into(),
        // `.values({})`.
        "insert_default_values" => insert(users).values(Vec::<(&str, Expr)>::new()).into(),
        "insert_python_defaults" => insert(&s.products)
            .values([("sku", "S1"), ("name", "Widget")])
            .into(),
        "insert_schema_table" => insert(employees)
            .values([
                ("emp_id", Expr::from(1)),
                ("name", Expr::from("Boss")),
                ("manager_id", Expr::from(None::<i64>)),
            ])
            .into(),
        _ => return None,
    };
    Some(stmt)
}

/// Categories `update` and `delete`.
fn update_delete_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, addresses, employees) = (&s.users, &s.addresses, &s.employees);
    let stmt: Statement = match name {
        "update_correlated_subquery" => {
            let sq = select(addresses.c("email_address"))
                .filter(addresses.c("user_id").eq(users.c("id")))
                .order_by(addresses.c("id"))
                .limit(1)
                .scalar_subquery();
            update(users).set([("nickname", sq)]).into()
        }
        "update_returning" => update(users)
            .filter(users.c("name").eq("jack"))
            .set([("nickname", "j")])
            .returning((users.c("id"), users.c("nickname")))
            .into(),
        "update_from_other_table" => update(users)
            .filter(users.c("id").eq(addresses.c("user_id")))
            .filter(addresses.c("email_address").eq("x@y"))
            .set([("name", "has_x")])
            .into(),
        "update_ordered_values" => update(users)
            .ordered_set([("name", Expr::from("z")), ("fullname", users.c("name"))])
            .into(),
        "update_schema_table" => update(employees)
            .filter(employees.c("dept").eq("eng"))
            .set([("salary", employees.c("salary") * Decimal::new(110, 2))])
            .into(),
        "delete_all" => delete(addresses).into(),
        "delete_returning" => delete(users)
            .filter(users.c("name").eq("x"))
            .returning(users.c("id"))
            .into(),
        "delete_where_in_subquery" => delete(addresses)
            .filter(
                addresses
                    .c("user_id")
                    .in_select(select(users.c("id")).filter(users.c("name").eq("gone"))),
            )
            .into(),
        _ => return None,
    };
    Some(stmt)
}

/// Categories `upsert` and `locking`.
fn upsert_locking_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, addresses) = (&s.users, &s.addresses);
    let user_1_x = || insert(users).values([("id", Expr::from(1)), ("name", Expr::from("x"))]);
    let stmt: Statement = match name {
        "upsert_pg_do_nothing" => user_1_x()
            .on_conflict_do_nothing(ConflictTarget::columns(["id"]))
            .into(),
        "upsert_pg_do_update_where_constraint" => {
            let keywords = &s.keywords;
            let ins =
                insert(keywords).values([("id", Expr::from(1)), ("keyword", Expr::from("sql"))]);
            let excluded = ins.excluded("keyword");
            ins.on_conflict_do_update(
                ConflictTarget::constraint("keywords_keyword_key"),
                [("keyword", excluded)],
                Some(keywords.c("id").gt(0)),
            )
            .into()
        }
        "upsert_pg_do_update_returning" => user_1_x()
            .on_conflict_do_update(ConflictTarget::columns(["id"]), [("name", "y")], None)
            .returning(users.c("id"))
            .into(),
        "upsert_mysql_on_duplicate_key" => {
            let ins = insert(users).values([
                ("id", Expr::from(1)),
                ("name", Expr::from("x")),
                ("fullname", Expr::from("X")),
            ]);
            let (name, fullname) = (ins.excluded("name"), ins.excluded("fullname"));
            ins.on_duplicate_key_update([("name", name), ("fullname", fullname)])
                .into()
        }
        "upsert_mysql_on_duplicate_key_literal" => {
            user_1_x().on_duplicate_key_update([("name", "dup")]).into()
        }
        "for_update_skip_locked" => select(users.c("id"))
            .with_for_update(ForUpdate::new().skip_locked())
            .into(),
        "for_update_of" => select((users.c("id"), addresses.c("id")))
            .join_from(users, addresses)
            .with_for_update(ForUpdate::new().of(users))
            .into(),
        "for_share" => select(users.c("id"))
            .with_for_update(ForUpdate::new().read())
            .into(),
        "for_update_with_limit" => select(users.c("id"))
            .order_by(users.c("id"))
            .limit(1)
            .with_for_update(ForUpdate::new().skip_locked())
            .into(),
        _ => return None,
    };
    Some(stmt)
}

/// Category `ddl`.
fn ddl_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, addresses) = (&s.users, &s.addresses);
    let stmt: Statement = match name {
        "ddl_create_users" => CreateTable::new(users).into(),
        "ddl_create_addresses_fk" => CreateTable::new(addresses).into(),
        "ddl_create_products_constraints_defaults" => CreateTable::new(&s.products).into(),
        "ddl_create_assoc_composite_pk_cascade" => CreateTable::new(&s.post_keywords).into(),
        "ddl_create_named_pk_fk" => CreateTable::new(&s.order_lines).into(),
        "ddl_create_schema_self_fk" => CreateTable::new(&s.employees).into(),
        "ddl_create_unique_multi_col_index" => {
            let ix = Index::new(
                "ux_addr_user_email",
                addresses,
                [addresses.c("user_id"), addresses.c("email_address")],
            );
            CreateIndex::new(&ix.unique()).into()
        }
        "ddl_create_index_desc_expr" => {
            let ix = Index::new(
                "ix_users_lower_name_desc_id",
                users,
                [func::lower(users.c("name")), users.c("id").desc()],
            );
            CreateIndex::new(&ix).into()
        }
        "ddl_drop_table" => DropTable::new(users).into(),
        "ddl_drop_table_if_exists" => DropTable::new(&s.employees).if_exists().into(),
        _ => return None,
    };
    Some(stmt)
}

/// Category `quoting`.
fn quoting_case(name: &str, s: &Schema) -> Option<Statement> {
    let (order, users, employees) = (&s.order_tbl, &s.users, &s.employees);
    let stmt: Statement = match name {
        "quote_reserved_where_order" => select((order.c("user"), order.c("select")))
            .filter(and_([order.c("table").gt(1), order.c("From").eq("x")]))
            .order_by(order.c("select"))
            .into(),
        "quote_embedded_quote_chars" => select((order.c("quote\"d"), order.c("back`tick")))
            .filter(order.c("quote\"d").eq("q"))
            .into(),
        "quote_space_in_column_insert" => insert(order)
            .values([
                ("has space", Expr::from(1)),
                ("user", Expr::from("u")),
                ("select", Expr::from(2)),
            ])
            .into(),
        "quote_schema_qualified" => select(employees.c("name"))
            .filter(employees.c("dept").eq("eng"))
            .into(),
        "quote_alias_reserved" => {
            let u = users.alias("select");
            select(u.c("id")).filter(u.c("name").eq("x")).into()
        }
        "quote_cte_name_mixed_case" => {
            let c = select(users.c("id")).cte("MyCte");
            select(c.c("id")).into()
        }
        "quote_reserved_insert_returning" => insert(order)
            .values([("user", "u")])
            .returning((order.c("id"), order.c("user")))
            .into(),
        _ => return None,
    };
    Some(stmt)
}

/// Category `literal_binds` (compiled with `literal_binds(true)`).
fn literal_case(name: &str, s: &Schema) -> Option<Statement> {
    let (users, posts) = (&s.users, &s.posts);
    let id = || users.c("id");
    let name_is = |v: &str| select(id()).filter(users.c("name").eq(v));
    let stmt: Statement = match name {
        "lit_string_backslash" => name_is("C:\\path\\to\\file").into(),
        "lit_string_quote_and_backslash" => name_is("it\\'s").into(),
        "lit_string_unicode_newline" => name_is("h\u{e9}llo\n\u{2603}").into(),
        "lit_numbers_none_bool" => select(posts.c("id"))
            .filter(and_([
                posts.c("views").gt(10),
                s.books.c("price").lt(Decimal::new(999, 2)),
                posts.c("published").eq(true),
                posts.c("body").is(None::<&str>),
            ]))
            .into(),
        "lit_float" => select((literal(1.5), literal(-0.25))).into(),
        "lit_in_list" => select(id())
            .filter(users.c("name").in_(["a", "b'c"]))
            .into(),
        "lit_limit_offset" => select(id()).order_by(id()).limit(5).offset(10).into(),
        "lit_update_values" => update(users)
            .filter(id().eq(1))
            .set([("nickname", "'; DROP TABLE users; --")])
            .into(),
        _ => return None,
    };
    Some(stmt)
}

/// The schema a case runs against, and the table a CREATE TABLE case
/// creates (dropped from the fresh database first).
pub(crate) fn case_setup<'a>(name: &str, s: &'a Schema) -> (&'a MetaData, Option<&'a Table>) {
    match name {
        "ddl_create_users" => (&s.metadata, Some(&s.users)),
        "ddl_create_addresses_fk" => (&s.metadata, Some(&s.addresses)),
        "ddl_create_products_constraints_defaults" => (&s.metadata, Some(&s.products)),
        "ddl_create_assoc_composite_pk_cascade" => (&s.metadata, Some(&s.post_keywords)),
        "ddl_create_schema_self_fk" => (&s.metadata, Some(&s.employees)),
        "ddl_create_named_pk_fk" => (&s.ddl_metadata, Some(&s.order_lines)),
        _ => (&s.metadata, None),
    }
}

/// What a DDL case acts on; `None` for the other cases.
pub(crate) fn ddl_target<'a>(name: &str, s: &'a Schema) -> Option<DdlTarget<'a>> {
    let (metadata, table) = match name {
        "ddl_create_users" | "ddl_create_index_desc_expr" | "ddl_drop_table" => {
            (&s.metadata, &s.users)
        }
        "ddl_create_addresses_fk" | "ddl_create_unique_multi_col_index" => {
            (&s.metadata, &s.addresses)
        }
        "ddl_create_products_constraints_defaults" => (&s.metadata, &s.products),
        "ddl_create_assoc_composite_pk_cascade" => (&s.metadata, &s.post_keywords),
        "ddl_create_named_pk_fk" => (&s.ddl_metadata, &s.order_lines),
        "ddl_create_schema_self_fk" | "ddl_drop_table_if_exists" => (&s.metadata, &s.employees),
        _ => return None,
    };
    Some(DdlTarget {
        metadata,
        table,
        before: Vec::new(),
    })
}
