//! The result columns of a compiled statement, worked out when first read:
//! their names are the labels the SQL gives, in every case the compiler
//! numbers or shortens a label.

use aludel_compiler::cache::{Shape, Template};
use aludel_compiler::dialect::{Mysql, Postgres, Sqlite};
use aludel_compiler::prelude::*;
use aludel_compiler::{CompileOptions, Compiled, Dialect, ResultColumn, ResultColumns};

fn tables() -> (MetaData, Table, Table) {
    let meta = MetaData::new();
    let users = meta
        .table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::String(Some(50))))
        .build()
        .expect("valid table");
    let orders = meta
        .table("orders")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("user_id", Type::Integer))
        .build()
        .expect("valid table");
    (meta, users, orders)
}

fn names(c: &Compiled) -> Vec<&str> {
    c.result_columns.iter().map(|r| r.name.as_ref()).collect()
}

/// Each name is a label the SQL gives (`... AS name,` or `... AS name FROM`).
fn assert_labeled(c: &Compiled, names: &[&str]) {
    for n in names {
        assert!(
            c.sql.contains(&format!(" AS {n},")) || c.sql.contains(&format!(" AS {n} ")),
            "{n} in {}",
            c.sql
        );
    }
}

#[test]
fn names_types_and_origins_of_a_select_list() {
    let (_m, users, orders) = tables();
    let q = select((
        users.c("id"),
        orders.c("id"),
        users.c("name").label("who"),
        literal_column("1"),
        users.c("id").cast(Type::Text),
    ))
    .select_from(users.join_on(&orders, orders.c("user_id").eq(users.c("id"))));
    let c = q.compile(&Sqlite).expect("compiles");
    assert_eq!(names(&c), ["id", "id_1", "who", "1", "id__1"]);
    assert!(c.sql.contains("orders.id AS id_1"), "{}", c.sql);
    let origins: Vec<Option<&str>> = c
        .result_columns
        .iter()
        .map(|r| r.origin.as_deref())
        .collect();
    assert_eq!(
        origins,
        [Some("users.id"), Some("orders.id"), None, None, None]
    );
    let types: Vec<Option<Type>> = c.result_columns.iter().map(|r| r.ty.clone()).collect();
    assert_eq!(
        types,
        [
            Some(Type::Integer),
            Some(Type::Integer),
            Some(Type::String(Some(50))),
            None,
            Some(Type::Text)
        ]
    );
}

#[test]
fn anonymous_labels_are_the_sqls_beside_a_ctes_own() {
    let (_m, users, orders) = tables();
    let counts = select((orders.c("user_id"), func::count_star()))
        .group_by([orders.c("user_id")])
        .cte("counts");
    let q = select((
        users.c("name"),
        func::count_star(),
        func::max(counts.c("user_id")),
    ))
    .select_from(users.join_on(&counts, counts.c("user_id").eq(users.c("id"))))
    .group_by([users.c("name")]);
    for d in [&Postgres as &dyn Dialect, &Mysql, &Sqlite] {
        let c = q.compile(d).expect("compiles");
        let got = names(&c);
        assert_eq!(got[0], "name");
        // every anonymous result name is the label the SQL gives it (the
        // CTE numbers its own labels)
        assert_labeled(&c, &got[1..]);
        assert_eq!(got[1..], ["count_1", "max_1"], "{}", c.sql);
    }
}

#[test]
fn a_label_shortened_for_the_dialect_is_the_result_name() {
    let (_m, users, _o) = tables();
    let long = "f".repeat(70);
    let q = select(func::call(&long, [users.c("id")]));
    let c = q.compile(&Postgres).expect("compiles");
    let name = c.result_columns[0].name.to_string();
    assert!(name.len() <= 63, "{name}");
    assert_labeled(&c, &[&name]);
}

#[test]
fn a_compound_selects_names_are_its_first_members_labels() {
    let (_m, users, orders) = tables();
    let long = "g".repeat(70);
    let first = select((
        func::max(users.c("id")),
        func::count_star(),
        literal(1).cast(Type::Integer),
        func::call(&long, [users.c("id")]),
    ));
    let second = select((
        func::max(orders.c("id")),
        func::count_star(),
        literal(2).cast(Type::Integer),
        func::call(&long, [orders.c("id")]),
    ));
    for d in [&Postgres as &dyn Dialect, &Mysql, &Sqlite] {
        let c = first
            .clone()
            .union(second.clone())
            .compile(d)
            .expect("compiles");
        let got = names(&c);
        assert_eq!(got[..3], ["max_1", "count_1", "anon_1"], "{}", c.sql);
        assert_labeled(&c, &got);
    }
}

#[test]
fn a_compound_select_is_named_by_its_first_member() {
    let (_m, users, orders) = tables();
    let q = select((users.c("id"), func::count_star()))
        .group_by([users.c("id")])
        .union(select((orders.c("user_id"), func::count_star())).group_by([orders.c("user_id")]));
    let c = q.compile(&Postgres).expect("compiles");
    assert_eq!(names(&c), ["id", "count_1"]);
    assert_eq!(c.result_columns[0].origin, None);
}

#[test]
fn returning_lists_its_columns_and_other_statements_none() {
    let (_m, users, _o) = tables();
    let ins = insert(&users)
        .values([("name", "ann")])
        .returning([users.c("id"), users.c("name").label("n")]);
    assert_eq!(
        names(&ins.compile(&Postgres).expect("compiles")),
        ["id", "n"]
    );
    let upd = update(&users).set([("name", "bob")]);
    assert!(
        upd.compile(&Postgres)
            .expect("compiles")
            .result_columns
            .is_empty()
    );
}

#[test]
fn a_template_and_its_instances_have_the_compiled_columns() {
    let (_m, users, _o) = tables();
    let stmt: Statement = select((users.c("id"), func::count_star()))
        .filter(users.c("id").gt(3))
        .group_by([users.c("id")])
        .into();
    let direct = stmt.compile(&Postgres).expect("compiles");
    let shape = Shape::of(&stmt);
    let template = Template::compile(&stmt, &shape, &Postgres, &CompileOptions::new())
        .expect("compiles")
        .expect("cacheable");
    assert_eq!(&**template.result_columns(), &*direct.result_columns);
    assert_eq!(template.instantiate(&shape), direct);
}

#[test]
fn read_or_not_a_clone_has_the_same_columns() {
    let (_m, users, _o) = tables();
    let c = select((users.c("id"), users.c("name")))
        .compile(&Sqlite)
        .expect("compiles");
    let before = c.clone();
    assert_eq!(names(&c), ["id", "name"]);
    let after = c.clone();
    assert_eq!(before, after);
    assert_eq!(names(&before), names(&after));
    assert_eq!(
        format!("{:?}", before.result_columns),
        format!("{:?}", after.result_columns)
    );
}

#[test]
fn columns_can_be_listed_by_hand() {
    let col = ResultColumn {
        name: "total".into(),
        ty: Some(Type::Integer),
        origin: None,
    };
    let listed = ResultColumns::from(vec![col.clone()]);
    assert_eq!(&*listed, std::slice::from_ref(&col));
    assert_eq!(listed.to_shared().len(), 1);
    assert!(ResultColumns::default().is_empty());
    assert_eq!(listed, vec![col.clone()]);
    let owned: Vec<ResultColumn> = listed.into_iter().collect();
    assert_eq!(owned, [col]);
}

#[test]
fn an_anonymous_label_is_quoted_by_the_same_rule_as_any_name() {
    let (_m, users, _o) = tables();
    let q = select((
        func::call("MyFunc", [users.c("id")]),
        func::call("MyFunc", [users.c("name")]),
    ));
    let c = q.compile(&Postgres).expect("compiles");
    assert!(
        c.sql.contains(r#"AS "MyFunc_1", "#) && c.sql.contains(r#"AS "MyFunc_2" FROM"#),
        "{}",
        c.sql
    );
    assert_eq!(names(&c), ["MyFunc_1", "MyFunc_2"]);
    let c = q.compile(&Mysql).expect("compiles");
    assert!(c.sql.contains("AS `MyFunc_1`"), "{}", c.sql);
}
