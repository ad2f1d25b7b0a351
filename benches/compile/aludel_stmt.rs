//! The spec's statements built and compiled by aludel.

use aludel::prelude::*;

use crate::fixture::{
    D, Fix, S1_ID, S2_EMAIL, S2_ID, S2_LIMIT, S2_NAME, S2_OFFSET, S4_FULLNAME, S4_ID, S4_NAME,
    S5_PATTERN, St,
};

// ---------------------------------------------------------------------------
// aludel
// ---------------------------------------------------------------------------

/// Builds statement `st`: each in a function of its own, as a program
/// writes one function per query (in one function, what the compiler
/// inlined into one statement's arm changed the code of the others: the
/// frame, the registers, which builders it inlined).
pub(crate) fn aludel_build(fx: &Fix, st: St) -> Statement {
    match st {
        St::S1 => aludel_s1(fx),
        St::S2 => aludel_s2(fx),
        St::S3 => aludel_s3(fx),
        St::S4 => aludel_s4(fx),
        St::S5 => aludel_s5(fx),
        St::S6(i) => aludel_s6(fx, i),
    }
}

#[inline(never)]
fn aludel_s1(fx: &Fix) -> Statement {
    let users = &fx.users;
    select((users.c("id"), users.c("name"), users.c("fullname")))
        .filter(users.c("id").eq(S1_ID))
        .into()
}

#[inline(never)]
fn aludel_s2(fx: &Fix) -> Statement {
    let (users, addresses) = (&fx.users, &fx.addresses);
    select((users.c("name"), addresses.c("email_address")))
        .select_from(users.join(addresses))
        .filter(users.c("name").like(S2_NAME))
        .filter(addresses.c("email_address").ne(S2_EMAIL))
        .filter(users.c("id").gt(S2_ID))
        .order_by([users.c("name")])
        .limit(S2_LIMIT)
        .offset(S2_OFFSET)
        .into()
}

#[inline(never)]
fn aludel_s3(fx: &Fix) -> Statement {
    let mut ins = insert(&fx.users).columns(["id", "name", "fullname", "nickname"]);
    for (id, name, fullname, nickname) in &fx.s3_rows {
        ins = ins.row([
            Expr::from(*id),
            Expr::from(name.as_str()),
            Expr::from(fullname.as_str()),
            Expr::from(nickname.as_str()),
        ]);
    }
    ins.into()
}

#[inline(never)]
fn aludel_s4(fx: &Fix) -> Statement {
    let users = &fx.users;
    update(users)
        .set([("name", S4_NAME), ("fullname", S4_FULLNAME)])
        .filter(users.c("id").eq(S4_ID))
        .into()
}

#[inline(never)]
fn aludel_s5(fx: &Fix) -> Statement {
    let (users, addresses) = (&fx.users, &fx.addresses);
    let cte = select((addresses.c("user_id"), func::count_star().label("n")))
        .group_by([addresses.c("user_id")])
        .cte("cte");
    let sub = select(addresses.c("user_id")).filter(addresses.c("email_address").like(S5_PATTERN));
    let window = Window::new()
        .partition_by([users.c("nickname")])
        .order_by([cte.c("n").desc()]);
    select((users.c("name"), cte.c("n"), func::row_number().over(window)))
        .select_from(users.join_on(&cte, cte.c("user_id").eq(users.c("id"))))
        .filter(users.c("id").in_select(sub))
        .into()
}

#[inline(never)]
fn aludel_s6(fx: &Fix, i: usize) -> Statement {
    let f = &fx.s6[i];
    let cols: Vec<Expr> = f.names.iter().map(|n| f.t.c(n)).collect();
    let conds = f.names.iter().zip(1i64..).map(|(n, k)| f.t.c(n).eq(k));
    select(cols).filter(and_(conds)).into()
}

pub(crate) fn aludel_compile(stmt: &Statement, d: D) -> aludel::Compiled {
    stmt.compile(d.aludel())
        .expect("aludel compiles the statement")
}
