//! The FROM lists of the enclosing queries while a statement compiles
//! (innermost last), which subqueries correlate against.

use crate::stmt::froms::{FromList, Leaves};

/// The FROM lists of the enclosing query levels, each kept as the
/// addresses of the tables and aliases its items are made of (all
/// correlation asks is whether a subquery's table is one of them), in one
/// flat list: a few levels and tables need no allocation.
#[derive(Default)]
pub(crate) struct Scopes {
    /// Every level's addresses, outermost level first. A level is left by
    /// cutting the list back to its length before the level was entered
    /// ([`mark`](Self::mark)), so a level that was not entered is left
    /// the same way.
    addrs: Leaves,
}

impl Scopes {
    /// Where the next level starts: what [`leave`](Self::leave) cuts the
    /// list back to.
    #[inline]
    pub(crate) fn mark(&self) -> usize {
        self.addrs.len()
    }

    /// Enters a query level whose FROM list is `froms`.
    pub(crate) fn enter(&mut self, froms: &FromList<'_>) {
        let addrs = &mut self.addrs;
        let _ = froms.try_for_each(|_, f| {
            f.add_leaves(addrs);
            Ok::<(), std::convert::Infallible>(())
        });
    }

    /// Leaves the levels entered since `mark` was taken.
    #[inline]
    pub(crate) fn leave(&mut self, mark: usize) {
        self.addrs.truncate(mark);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.addrs.is_empty()
    }

    /// Whether the table or alias at `addr` is in the FROM list of an
    /// enclosing level (or is one of the tables of a join there).
    pub(crate) fn encloses(&self, addr: usize) -> bool {
        self.addrs.contains(&addr)
    }
}

#[cfg(test)]
mod tests {
    use super::Scopes;
    use crate::prelude::*;
    use crate::stmt::froms::{FromList, FromRef};

    /// Levels enter and leave in order, and each one's tables (a join's
    /// included) are enclosing only while the level is entered.
    #[test]
    fn levels_enter_and_leave_with_their_tables() {
        let meta = MetaData::new();
        let table = |name: &str| crate::schema::int_table(&meta, name, &["id"]);
        let (a, b, c) = (table("a"), table("b"), table("c"));
        let joined = b.join_on(&c, b.c("id").eq(c.c("id")));
        let joined = FromItem::from(joined);
        let mut s = Scopes::default();
        assert!(s.is_empty() && !s.encloses(a.addr()));
        let outer = s.mark();
        s.enter(&FromList::from_iter([FromRef::Table(&a)]));
        let inner = s.mark();
        s.enter(&FromList::from_iter([FromRef::Item(&joined)]));
        assert!(!s.is_empty());
        assert!(s.encloses(a.addr()) && s.encloses(b.addr()) && s.encloses(c.addr()));
        assert!(!s.encloses(joined.addr()), "a join is no table of its own");
        s.leave(inner);
        assert!(s.encloses(a.addr()) && !s.encloses(b.addr()) && !s.encloses(c.addr()));
        // a level that was not entered is left as well
        let skipped = s.mark();
        s.leave(skipped);
        assert!(s.encloses(a.addr()));
        s.leave(outer);
        assert!(s.is_empty() && !s.encloses(a.addr()));
    }

    /// A subquery the statement's walk cannot see: a custom expression
    /// that renders one without lending it as a child.
    #[derive(Debug)]
    struct Hidden(Expr);

    impl crate::CustomExpr for Hidden {
        fn compile(&self, c: &mut crate::Compiler<'_>) -> Result<(), crate::CompileError> {
            c.visit_expr(&self.0)
        }
    }

    /// The statement's own level is entered only when something may
    /// correlate against it: a subquery met by the CTE walk, or a custom
    /// expression, which may render one. Either way the subquery leaves
    /// out the enclosing table; a statement with neither renders as before.
    #[test]
    fn a_statement_level_is_entered_when_a_subquery_may_correlate() {
        let meta = MetaData::new();
        let t = crate::schema::int_table(&meta, "t", &["id", "a"]);
        let u = crate::schema::int_table(&meta, "u", &["id", "b"]);
        let sub = || {
            select(u.c("b"))
                .filter(u.c("id").eq(t.c("id")))
                .scalar_subquery()
        };
        let sql = |s: Statement| s.compile(&crate::dialect::Sqlite).expect("compiles").sql;
        let correlated = "(SELECT u.b FROM u WHERE u.id = t.id)";
        assert_eq!(
            sql(select((t.c("a"), sub())).into()),
            format!("SELECT t.a, {correlated} AS anon_1 FROM t")
        );
        assert_eq!(
            sql(select((t.c("a"), Expr::custom(Hidden(sub())))).into()),
            format!("SELECT t.a, {correlated} AS anon_1 FROM t")
        );
        assert_eq!(
            sql(update(&t).set([("a", Expr::custom(Hidden(sub())))]).into()),
            format!("UPDATE t SET a={correlated}")
        );
        assert_eq!(
            sql(delete(&t).filter(Expr::custom(Hidden(sub())).eq(1)).into()),
            format!("DELETE FROM t WHERE {correlated} = ?")
        );
        assert_eq!(
            sql(select(t.c("a")).filter(t.c("id").eq(1)).into()),
            "SELECT t.a FROM t WHERE t.id = ?"
        );
    }
}
