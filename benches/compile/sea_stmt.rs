//! The spec's statements built and rendered by sea-query.

use sea_query as sq;
use sea_query::ExprTrait as _;

use crate::fixture::{
    D, Fix, S1_ID, S2_EMAIL, S2_ID, S2_LIMIT, S2_NAME, S2_OFFSET, S4_FULLNAME, S4_ID, S4_NAME,
    S5_PATTERN, St,
};

// ---------------------------------------------------------------------------
// sea-query
// ---------------------------------------------------------------------------

pub(crate) enum SeaStmt {
    Select(sq::SelectStatement),
    Insert(sq::InsertStatement),
    Update(sq::UpdateStatement),
}

impl SeaStmt {
    fn build_with<B: sq::QueryBuilder>(&self, b: B) -> (String, sq::Values) {
        match self {
            SeaStmt::Select(q) => q.build(b),
            SeaStmt::Insert(q) => q.build(b),
            SeaStmt::Update(q) => q.build(b),
        }
    }

    pub(crate) fn render(&self, d: D) -> (String, sq::Values) {
        match d {
            D::Pg => self.build_with(sq::PostgresQueryBuilder),
            D::My => self.build_with(sq::MysqlQueryBuilder),
            D::Lite => self.build_with(sq::SqliteQueryBuilder),
        }
    }
}

/// Builds statement `st` with `&mut` chaining and `take()` (no clone of
/// the statement), each in a function of its own (see
/// [`aludel_build`](crate::aludel_stmt::aludel_build)).
pub(crate) fn sea_build(fx: &Fix, st: St) -> SeaStmt {
    match st {
        St::S1 => sea_s1(),
        St::S2 => sea_s2(),
        St::S3 => sea_s3(fx),
        St::S4 => sea_s4(),
        St::S5 => sea_s5(),
        St::S6(i) => sea_s6(fx, i),
    }
}

#[inline(never)]
fn sea_s1() -> SeaStmt {
    SeaStmt::Select(
        sq::Query::select()
            .columns([("users", "id"), ("users", "name"), ("users", "fullname")])
            .from("users")
            .and_where(sq::Expr::col(("users", "id")).eq(S1_ID))
            .take(),
    )
}

#[inline(never)]
fn sea_s2() -> SeaStmt {
    SeaStmt::Select(
        sq::Query::select()
            .columns([("users", "name"), ("addresses", "email_address")])
            .from("users")
            .join(
                sq::JoinType::Join,
                "addresses",
                sq::Expr::col(("users", "id")).equals(("addresses", "user_id")),
            )
            .and_where(sq::Expr::col(("users", "name")).like(S2_NAME))
            .and_where(sq::Expr::col(("addresses", "email_address")).ne(S2_EMAIL))
            .and_where(sq::Expr::col(("users", "id")).gt(S2_ID))
            .order_by(("users", "name"), sq::Order::Asc)
            .limit(S2_LIMIT)
            .offset(S2_OFFSET)
            .take(),
    )
}

#[inline(never)]
fn sea_s3(fx: &Fix) -> SeaStmt {
    let mut q = sq::Query::insert();
    q.into_table("users")
        .columns(["id", "name", "fullname", "nickname"]);
    for (id, name, fullname, nickname) in &fx.s3_rows {
        q.values_panic([
            (*id).into(),
            name.as_str().into(),
            fullname.as_str().into(),
            nickname.as_str().into(),
        ]);
    }
    SeaStmt::Insert(q)
}

#[inline(never)]
fn sea_s4() -> SeaStmt {
    SeaStmt::Update(
        sq::Query::update()
            .table("users")
            .values([("name", S4_NAME.into()), ("fullname", S4_FULLNAME.into())])
            .and_where(sq::Expr::col(("users", "id")).eq(S4_ID))
            .take(),
    )
}

#[inline(never)]
fn sea_s5() -> SeaStmt {
    let cte_query = sq::Query::select()
        .column("user_id")
        .expr_as(sq::Expr::col(sq::Asterisk).count(), "n")
        .from("addresses")
        .group_by_col("user_id")
        .take();
    let mut cte = sq::CommonTableExpression::new();
    cte.query(cte_query).table_name("cte");
    let sub = sq::Query::select()
        .column("user_id")
        .from("addresses")
        .and_where(sq::Expr::col("email_address").like(S5_PATTERN))
        .take();
    let window = sq::WindowStatement::partition_by(("users", "nickname"))
        .order_by(("cte", "n"), sq::Order::Desc)
        .take();
    SeaStmt::Select(
        sq::Query::select()
            .columns([("users", "name"), ("cte", "n")])
            .expr_window(sq::Func::cust("row_number"), window)
            .from("users")
            .join(
                sq::JoinType::Join,
                "cte",
                sq::Expr::col(("cte", "user_id")).equals(("users", "id")),
            )
            .and_where(sq::Expr::col(("users", "id")).in_subquery(sub))
            .with_cte(cte)
            .take(),
    )
}

#[inline(never)]
fn sea_s6(fx: &Fix, i: usize) -> SeaStmt {
    let f = &fx.s6[i];
    let mut q = sq::Query::select();
    q.columns(f.names.iter().map(|n| ("t", *n))).from("t");
    for (n, k) in f.names.iter().zip(1i64..) {
        q.and_where(sq::Expr::col(("t", *n)).eq(k));
    }
    SeaStmt::Select(q)
}
