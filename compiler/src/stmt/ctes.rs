//! Which CTEs a statement refers to, dependencies first: they are
//! rendered once, in a WITH clause at the top (as SQLAlchemy hoists them).

use crate::expr::{Expr, InItems, Node, Source};
use crate::stmt::from::{AliasElement, FromNode};
use crate::stmt::froms::for_each_child;
use crate::stmt::{Alias, CompoundSelect, FromItem, Select};

/// The CTEs of a statement: most have none or a few, held inline.
pub(crate) type CteList = smallvec::SmallVec<[Alias; 2]>;

/// Collects the CTEs a statement refers to, dependencies first.
pub(crate) struct CteCollector {
    /// The CTEs found, dependencies first once the walk is over. While a
    /// CTE's body is walked it stands before the dependencies found in it
    /// (so that a recursive CTE, which refers to itself, finds itself
    /// listed), and is moved after them when its body is done: one handle
    /// per CTE, and no second list of those being visited.
    pub(crate) ctes: CteList,
    /// Whether the walk met a query nested in the statement (a subquery,
    /// a CTE, a compound's member) or a custom expression (which may
    /// render one): only those correlate against the statement's own FROM
    /// list.
    pub(crate) nested: bool,
}

impl CteCollector {
    pub(crate) fn new() -> Self {
        CteCollector {
            ctes: CteList::new(),
            nested: false,
        }
    }

    /// The CTEs found, dependencies first (`None` when there are none).
    /// An empty list that never grew past its inline room owns nothing,
    /// and is let go without its drop code.
    pub(crate) fn into_ctes(self) -> Option<CteList> {
        let CteCollector { ctes, .. } = self;
        if ctes.is_empty() && !ctes.spilled() {
            std::mem::forget(ctes);
            return None;
        }
        Some(ctes).filter(|c| !c.is_empty())
    }

    fn same_cte(a: &Alias, b: &Alias) -> bool {
        a.is(b) || (a.name().is_some() && a.name() == b.name())
    }

    fn cte(&mut self, a: &Alias) {
        // listed already, or its body is being walked (a recursive CTE)
        if self.ctes.iter().any(|c| Self::same_cte(c, a)) {
            return;
        }
        let at = self.ctes.len();
        self.ctes.push(a.clone());
        self.element(&a.0.element);
        // after the dependencies its body added
        self.ctes[at..].rotate_left(1);
    }

    fn element(&mut self, el: &AliasElement) {
        match el {
            AliasElement::Table(_) | AliasElement::Text(_) => {}
            AliasElement::Select(s) => self.select(s),
            AliasElement::Compound(c) => self.compound(c),
            AliasElement::Cte(a) => self.cte(a),
        }
    }

    /// The CTEs a FROM item reaches. A table, the commonest item and a
    /// join's usual sides, reaches none and is passed over in line.
    #[inline]
    pub(crate) fn visit_from_item(&mut self, f: &FromItem) {
        match &f.0 {
            FromNode::Table(_) | FromNode::Invalid(_) => {}
            _ => self.visit_from_node(f),
        }
    }

    /// [`visit_from_item`](Self::visit_from_item) for an alias or a join.
    fn visit_from_node(&mut self, f: &FromItem) {
        match &f.0 {
            FromNode::Table(_) | FromNode::Invalid(_) => {}
            FromNode::Alias(a) => {
                if a.is_cte() {
                    self.cte(a)
                } else {
                    self.element(&a.0.element)
                }
            }
            FromNode::Join(j) => {
                self.visit_from_item(&j.0.left);
                self.visit_from_item(&j.0.right);
                self.expr(&j.0.on);
            }
        }
    }

    /// The CTEs an alias's column reaches: the alias itself, or those of
    /// the subquery it names.
    pub(crate) fn alias(&mut self, a: &Alias) {
        if a.is_cte() {
            self.cte(a)
        } else {
            self.element(&a.0.element)
        }
    }

    /// The CTEs an expression reaches. The commonest nodes, a table's
    /// column and a value, reach none and are passed over where they are
    /// met (an INSERT's rows are all values), without a call.
    #[inline]
    pub(crate) fn expr(&mut self, e: &Expr) {
        match &e.0 {
            Node::Value(_) | Node::Bind(_) => {}
            Node::Column(c) if matches!(c.source(), Source::Table(_)) => {}
            _ => self.node(e),
        }
    }

    /// [`expr`](Self::expr) for any other node.
    fn node(&mut self, e: &Expr) {
        match &e.0 {
            Node::Column(c) => match c.source() {
                // a table column names no CTE: nothing to visit
                Source::Table(_) => {}
                Source::Alias(a) => self.alias(a),
            },
            // the commonest nodes, without the closure of `for_each_child`
            Node::Value(_) | Node::Bind(_) => {}
            Node::Binary(b) => {
                self.expr(&b.left);
                self.expr(&b.right);
            }
            Node::ScalarSelect(s) => self.select(s),
            Node::Exists(x) => self.select(&x.select),
            Node::In(i) => {
                self.expr(&i.expr);
                match &i.items {
                    InItems::List(v) => v.iter().for_each(|e| self.expr(e)),
                    InItems::Select(s) => self.select(s),
                }
            }
            _ => {
                if let Node::Custom(_) = &e.0 {
                    self.nested = true;
                }
                for_each_child(e, &mut |c| self.expr(c))
            }
        }
    }

    /// The CTEs a query nested in the statement reaches. Out of line: it
    /// is called from several walks, and copied into each it made their
    /// code larger (S2's compile, which never calls it, took 4–6% longer).
    #[inline(never)]
    pub(crate) fn select(&mut self, s: &Select) {
        self.nested = true;
        for e in s.0.level_items() {
            self.expr(e);
        }
        self.select_after_froms(s);
    }

    /// [`select`](Self::select) without the columns and criteria (which
    /// [`select_froms_collecting`](crate::stmt::froms::select_froms_collecting) walked).
    #[inline]
    pub(crate) fn select_after_froms(&mut self, s: &Select) {
        let s = &s.0;
        // most SELECTs have none of these: each list checked on its own
        // costs less than a chain of empty ones
        if s.n_level != s.items.len() {
            s.group_by().iter().for_each(|e| self.expr(e));
        }
        for list in [&s.having, &s.order_by] {
            if !list.is_empty() {
                list.iter().for_each(|e| self.expr(e));
            }
        }
        for f in &s.from {
            self.visit_from_item(f);
        }
    }

    pub(crate) fn compound(&mut self, c: &CompoundSelect) {
        self.nested = true;
        c.for_each_select(&mut |s| self.select(s));
        for e in &c.0.order_by {
            self.expr(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::{Mysql, Postgres};
    use crate::prelude::*;
    use crate::stmt::ConflictTarget;
    use crate::{CompileError, Dialect};

    fn sql(stmt: impl Into<Statement>, d: &dyn Dialect) -> String {
        match stmt.into().compile(d) {
            Ok(c) => c.sql,
            Err(e) => panic!("compiles on {}: {e}", d.name()),
        }
    }

    /// The table `t(id, v)` a statement changes, and the CTE
    /// `c AS (SELECT u.id AS id, u.w AS w FROM u)`.
    fn target_and_cte(meta: &MetaData) -> (Table, Alias) {
        let t = crate::schema::int_table(meta, "t", &["id", "v"]);
        let u = crate::schema::int_table(meta, "u", &["id", "w"]);
        let cte = select((u.c("id"), u.c("w"))).cte("c");
        (t, cte)
    }

    /// A CTE that only a later clause of an INSERT, UPDATE or DELETE
    /// refers to (RETURNING, ON CONFLICT DO UPDATE) still gets its WITH
    /// clause: every clause is walked for CTEs, in the order written.
    #[test]
    fn a_cte_in_any_clause_of_a_dml_statement_is_written() {
        let meta = MetaData::new();
        let (t, cte) = target_and_cte(&meta);
        let with = "WITH c AS (SELECT u.id AS id, u.w AS w FROM u) ";
        let of_t = || {
            select(cte.c("w"))
                .filter(cte.c("id").eq(t.c("id")))
                .scalar_subquery()
        };
        let got = sql(update(&t).set([("v", 1)]).returning([of_t()]), &Postgres);
        assert_eq!(
            got,
            format!("{with}UPDATE t SET v=$1 RETURNING (SELECT c.w FROM c WHERE c.id = t.id)")
        );
        let got = sql(delete(&t).returning([of_t()]), &Postgres);
        assert_eq!(
            got,
            format!("{with}DELETE FROM t RETURNING (SELECT c.w FROM c WHERE c.id = t.id)")
        );
        let first = select(cte.c("w"))
            .filter(cte.c("id").eq(1))
            .scalar_subquery();
        let row = insert(&t).values([("id", Expr::from(1)), ("v", Expr::from(2))]);
        let got = sql(row.clone().returning([first.clone()]), &Postgres);
        assert_eq!(
            got,
            format!(
                "{with}INSERT INTO t (id, v) VALUES ($1, $2) \
                 RETURNING (SELECT c.w FROM c WHERE c.id = $3)"
            )
        );
        let upsert =
            row.on_conflict_do_update(ConflictTarget::columns(["id"]), [("v", first)], None);
        assert_eq!(
            sql(upsert, &Postgres),
            format!(
                "{with}INSERT INTO t (id, v) VALUES ($1, $2) \
                 ON CONFLICT (id) DO UPDATE SET v = (SELECT c.w FROM c WHERE c.id = $3)"
            )
        );
    }

    /// A CTE comes after the CTEs its body refers to, however deep, each
    /// listed once; a recursive one refers to itself without looping.
    #[test]
    fn ctes_come_after_their_dependencies_once_each() {
        let meta = MetaData::new();
        let u = crate::schema::int_table(&meta, "u", &["id", "w"]);
        let a = select((u.c("id"), u.c("w"))).cte("a");
        let b = select(a.c("id")).cte("b");
        let c = select(b.c("id")).filter(b.c("id").eq(a.c("w"))).cte("c");
        assert_eq!(
            sql(select(c.c("id")).filter(c.c("id").gt(a.c("id"))), &Postgres),
            "WITH a AS (SELECT u.id AS id, u.w AS w FROM u), \
             b AS (SELECT a.id AS id FROM a), \
             c AS (SELECT b.id AS id FROM b, a WHERE b.id = a.w) \
             SELECT c.id FROM c, a WHERE c.id > a.id"
        );
        let chain = select(u.c("id"))
            .filter(u.c("w").eq(0))
            .cte_recursive("chain");
        let chain = chain.union_all(select(u.c("id")).filter(u.c("w").eq(chain.c("id"))));
        let got = sql(select((chain.c("id"), b.c("id"))), &Postgres);
        assert!(
            got.starts_with("WITH RECURSIVE chain(id) AS (") && got.contains("), a AS ("),
            "{got}"
        );
        assert!(
            got.contains("), b AS (SELECT a.id AS id FROM a) SELECT"),
            "{got}"
        );
    }

    /// An UPDATE's or a DELETE's criteria are walked once for both their
    /// other tables and their CTEs: the WITH clause keeps the order the
    /// clauses are written in (SET values, WHERE, RETURNING), the FROM or
    /// USING list the order SQLAlchemy lists them in (the WHERE's tables,
    /// then the SET values', then an ON UPDATE default's).
    #[test]
    fn dml_lists_ctes_as_written_and_other_tables_where_first() {
        let meta = MetaData::new();
        let (t, c) = target_and_cte(&meta);
        let u = meta
            .tables()
            .into_iter()
            .find(|x| x.name().as_str() == "u")
            .expect("u");
        let d = select((u.c("id"), u.c("w"))).cte("d");
        let a = crate::schema::int_table(&meta, "a", &["id", "x"]);
        let b = crate::schema::int_table(&meta, "b", &["id", "y"]);
        let with_c = "c AS (SELECT u.id AS id, u.w AS w FROM u)";
        let with_d = "d AS (SELECT u.id AS id, u.w AS w FROM u)";
        let where_b = t
            .c("id")
            .eq(b.c("id"))
            .and(b.c("y").in_select(select(d.c("w"))));
        let up = update(&t)
            .set([("v", a.c("x") + c.c("w"))])
            .filter(where_b.clone());
        assert_eq!(
            sql(up, &Postgres),
            format!(
                "WITH {with_c}, {with_d} UPDATE t SET v=(a.x + c.w) FROM b, a, c \
                 WHERE t.id = b.id AND b.y IN (SELECT d.w FROM d)"
            )
        );
        let of_c = select(c.c("w")).filter(c.c("id").eq(t.c("id")));
        let del = delete(&t)
            .filter(where_b)
            .returning([of_c.scalar_subquery()]);
        assert_eq!(
            sql(del, &Postgres),
            format!(
                "WITH {with_d}, {with_c} DELETE FROM t USING b \
                 WHERE t.id = b.id AND b.y IN (SELECT d.w FROM d) \
                 RETURNING (SELECT c.w FROM c WHERE c.id = t.id)"
            )
        );
        // an ON UPDATE default's table comes after the SET values'
        let stamped = meta
            .table("stamped")
            .column(Column::new("id", Type::Integer))
            .column(Column::new("v", Type::Integer))
            .column(
                Column::new("seen", Type::Integer)
                    .onupdate(crate::schema::ColumnDefault::Expr(b.c("y"))),
            )
            .build()
            .expect("a valid table");
        let up = update(&stamped)
            .set([("v", a.c("x"))])
            .filter(stamped.c("id").eq(a.c("id")));
        assert_eq!(
            sql(up, &Postgres),
            "UPDATE stamped SET v=a.x, seen=b.y FROM a, b WHERE stamped.id = a.id"
        );
    }

    /// MySQL writes an INSERT's WITH before the SELECT of INSERT ...
    /// SELECT; an INSERT of rows has no place for one, so a CTE there is an
    /// error naming the construct, not a statement without its WITH.
    #[test]
    fn a_cte_in_an_insert_of_rows_is_an_error_where_with_follows_insert() {
        let meta = MetaData::new();
        let (t, cte) = target_and_cte(&meta);
        let first = select(cte.c("w")).scalar_subquery();
        let rows = insert(&t).values([("id", Expr::from(1)), ("v", first.clone())]);
        match rows.compile(&Mysql) {
            Err(CompileError::Unsupported {
                construct, dialect, ..
            }) => {
                assert_eq!(construct, "a CTE in an INSERT of rows (VALUES)");
                assert_eq!(dialect, "mysql");
            }
            other => panic!("expected an unsupported CTE, got {other:?}"),
        }
        let dup = insert(&t)
            .values([("id", Expr::from(1)), ("v", Expr::from(2))])
            .on_duplicate_key_update([("v", first)]);
        assert!(dup.compile(&Mysql).is_err());
        // INSERT ... SELECT has its place, and PostgreSQL's WITH comes first
        let from = insert(&t).from_select(["id", "v"], select((cte.c("id"), cte.c("w"))));
        assert_eq!(
            sql(from, &Mysql),
            "INSERT INTO t (id, v) WITH c AS (SELECT u.id AS id, u.w AS w FROM u) \
             SELECT c.id, c.w FROM c"
        );
        assert!(sql(rows, &Postgres).starts_with("WITH c AS ("));
    }
}
