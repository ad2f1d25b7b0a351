//! The spec's statements built and compiled by aludel.

use aludel::prelude::*;

use crate::fixture::{
    D, Fix, S1_ID, S2_EMAIL, S2_ID, S2_LIMIT, S2_NAME, S2_OFFSET, S4_FULLNAME, S4_ID, S4_NAME,
    S5_PATTERN, St,
};

// ---------------------------------------------------------------------------
// aludel
// ---------------------------------------------------------------------------

pub(crate) fn aludel_build(fx: &Fix, st: St) -> Statement {
    let (users, addresses) = (&fx.users, &fx.addresses);
    match st {
        St::S1 => select((users.c("id"), users.c("name"), users.c("fullname")))
            .filter(users.c("id").eq(S1_ID))
            .into(),
        St::S2 => select((users.c("name"), addresses.c("email_address")))
            .select_from(users.join(addresses))
            .filter(users.c("name").like(S2_NAME))
            .filter(addresses.c("email_address").ne(S2_EMAIL))
            .filter(users.c("id").gt(S2_ID))
            .order_by([users.c("name")])
            .limit(S2_LIMIT)
            .offset(S2_OFFSET)
            .into(),
        St::S3 => {
            let mut ins = insert(users).columns(["id", "name", "fullname", "nickname"]);
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
        St::S4 => update(users)
            .set([("name", S4_NAME), ("fullname", S4_FULLNAME)])
            .filter(users.c("id").eq(S4_ID))
            .into(),
        St::S5 => {
            let cte = select((addresses.c("user_id"), func::count_star().label("n")))
                .group_by([addresses.c("user_id")])
                .cte("cte");
            let sub = select(addresses.c("user_id"))
                .filter(addresses.c("email_address").like(S5_PATTERN));
            let window = Window::new()
                .partition_by([users.c("nickname")])
                .order_by([cte.c("n").desc()]);
            select((users.c("name"), cte.c("n"), func::row_number().over(window)))
                .select_from(users.join_on(&cte, cte.c("user_id").eq(users.c("id"))))
                .filter(users.c("id").in_select(sub))
                .into()
        }
        St::S6(i) => {
            let f = &fx.s6[i];
            let cols: Vec<Expr> = f.names.iter().map(|n| f.t.c(n)).collect();
            let conds = f.names.iter().zip(1i64..).map(|(n, k)| f.t.c(n).eq(k));
            select(cols).filter(and_(conds)).into()
        }
    }
}

pub(crate) fn aludel_compile(stmt: &Statement, d: D) -> aludel::Compiled {
    stmt.compile(d.aludel())
        .expect("aludel compiles the statement")
}
