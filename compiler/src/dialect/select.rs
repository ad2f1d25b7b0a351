//! Rendering of SELECT, FROM items, joins, CTEs and set operations.

use super::LimitPrefix;
use super::compiler::Compiler;
use crate::error::{CompileError, Fallible};
use crate::expr::Expr;
use crate::ident::IdentRef;
use crate::result_columns::{PinnedColumns, ResultColumns};
use crate::stmt::from::exported_of;
use crate::stmt::froms::{FromList, FromRef, select_froms};
use crate::stmt::labels::{self, ColLabel};
use crate::stmt::{
    Alias, AliasElement, AliasKind, CompoundPart, CompoundSelect, Correlate, Distinct, FromItem,
    FromNode, JoinKind, Select, SetOp,
};

/// Where a SELECT is being rendered; decides labeling and correlation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Nesting {
    /// The statement itself: result columns are recorded.
    Top,
    /// A scalar subquery or IN operand: correlated, columns unlabeled.
    Expression,
    /// Inside EXISTS: correlated.
    Exists,
    /// A derived table in FROM: every column labeled; correlated only if lateral.
    From { lateral: bool },
    /// A CTE body: every column labeled, not correlated.
    Cte,
    /// The SELECT of INSERT ... SELECT: not correlated, unlabeled.
    InsertSource,
}

impl Nesting {
    fn labels_all(self) -> bool {
        matches!(self, Nesting::From { .. } | Nesting::Cte)
    }

    fn auto_correlates(self) -> bool {
        matches!(
            self,
            Nesting::Expression | Nesting::Exists | Nesting::From { lateral: true }
        )
    }
}

impl Compiler<'_> {
    /// The statement's SELECT; `froms` is its FROM list, which the caller
    /// has worked out already.
    pub(crate) fn top_select<'s>(&mut self, s: &'s Select, froms: &mut FromList<'s>) -> Fallible {
        self.select_body_with(s, Nesting::Top, None, Some(froms))?;
        // (unless `top_plain_columns` kept them without the statement)
        if self.depth == 0 && self.result_columns.is_none() {
            let anon = self.top_anon_names.take();
            self.result_columns = Some(ResultColumns::of_select(s.clone(), anon));
        }
        Ok(())
    }

    /// Whether the statement's own SELECT list is plain columns of
    /// distinct names (see `labels::plain_distinct_columns`); if so, and
    /// all are columns of pinned tables with room for them in
    /// [`PinnedColumns`], its result columns are kept by table and
    /// position, without a handle on the statement, whose count two
    /// atomic operations would take and give back (otherwise `top_select`
    /// keeps the handle). Columns of one pinned table at distinct
    /// positions (S1's list) are told apart by the positions just taken;
    /// any other list of pinned columns by its names.
    #[inline(never)]
    fn top_plain_columns(&mut self, columns: &[Expr]) -> bool {
        let pinned = PinnedColumns::of(columns);
        let plain = match &pinned {
            Some(p) => p.distinct_in_one_table() || labels::plain_distinct_names(columns),
            None => labels::plain_distinct_columns(columns),
        };
        if plain && let Some(pinned) = pinned {
            self.result_columns = Some(ResultColumns::of_pinned(pinned));
        }
        plain
    }

    pub(crate) fn nested_select(&mut self, s: &Select, nesting: Nesting) -> Fallible {
        // A subquery qualifies its columns as any SELECT does, even inside
        // a clause that writes columns bare (SQLite's RETURNING) or with a
        // pseudo table (SQL Server's OUTPUT).
        let unqualified = std::mem::replace(&mut self.unqualified, false);
        let qualifier = self.qualifier.take();
        self.depth += 1;
        let r = self.select_body(s, nesting, None);
        self.depth -= 1;
        self.unqualified = unqualified;
        self.qualifier = qualifier;
        r
    }

    /// Leaves in `froms` (a SELECT's FROM list before correlation) the
    /// items it renders after correlation with enclosing queries.
    fn correlate<'s>(&self, s: &'s Select, nesting: Nesting, froms: &mut FromList<'s>) -> Fallible {
        if self.scopes.is_empty() {
            return Ok(());
        }
        // a table or alias listed by an enclosing query (a join never is)
        let enclosing = |f: &FromRef<'_>| f.is_leaf() && self.scopes.encloses(f.addr());
        match s.0.correlate() {
            Correlate::None => {}
            Correlate::Only(list) => {
                froms.retain(|f| !(list.iter().any(|l| l.addr() == f.addr()) && enclosing(f)));
            }
            Correlate::Auto => {
                if nesting.auto_correlates() && froms.len() > 1 {
                    froms.retain(|f| !enclosing(f));
                    if froms.is_empty() {
                        return Err(CompileError::Invalid(
                            "a subquery has no FROM clause left after auto-correlation with the \
                             enclosing query; use correlate() or no_correlate() to say which \
                             tables it should list"
                                .into(),
                        )
                        .into());
                    }
                }
            }
        }
        Ok(())
    }

    pub(crate) fn select_body(
        &mut self,
        s: &Select,
        nesting: Nesting,
        forced: Option<&[IdentRef]>,
    ) -> Fallible {
        self.select_body_with(s, nesting, forced, None)
    }

    /// [`select_body`](Self::select_body) with the FROM list before
    /// correlation, when the caller has worked it out.
    fn select_body_with<'s>(
        &mut self,
        s: &'s Select,
        nesting: Nesting,
        forced: Option<&[IdentRef]>,
        froms: Option<&mut FromList<'s>>,
    ) -> Fallible {
        // worked out here unless the caller has: filled in place, never
        // moved (see `FromList`)
        let mut own;
        let froms = match froms {
            Some(given) => given,
            None => {
                own = FromList::new();
                select_froms(&s.0, &mut own);
                &mut own
            }
        };
        self.correlate(s, nesting, froms)?;
        let inner = &s.0;
        self.push_sql("SELECT ");
        let mut limited = false;
        if self.caps.limit_prefix == LimitPrefix::BeforeDistinct {
            limited = self.select_prefix(s)?;
        }
        match inner.distinct() {
            Distinct::None => {}
            Distinct::All => self.push_sql("DISTINCT "),
            Distinct::On(exprs) => {
                if !self.caps.distinct_on {
                    return Err(CompileError::unsupported_with(
                        "DISTINCT ON",
                        self.dialect.name(),
                        "only PostgreSQL has it; use a window function or GROUP BY",
                    )
                    .into());
                }
                self.push_sql("DISTINCT ON (");
                self.comma_list(exprs)?;
                self.push_sql(") ");
            }
        }
        if self.caps.limit_prefix == LimitPrefix::AfterDistinct {
            limited = self.select_prefix(s)?;
        }
        // The FROM list is the scope subqueries correlate against (the
        // statement's own only when it holds a subquery, or a custom
        // expression that may render one: see `top_scoped`).
        let scoped = nesting != Nesting::Top || self.top_scoped;
        let mark = self.scopes.mark();
        if scoped {
            self.scopes.enter(froms);
        }
        let r = self.select_clauses(s, nesting, forced, limited, froms);
        if scoped {
            self.scopes.leave(mark);
        }
        r
    }

    /// The dialect's limit prefix (`TOP n`); `true` when it rendered the limit.
    fn select_prefix(&mut self, s: &Select) -> Fallible<bool> {
        let inner = &s.0;
        if inner.fetch().is_some() || (inner.limit.is_none() && inner.offset.is_none()) {
            return Ok(false);
        }
        let d = self.dialect;
        Ok(d.render_select_prefix(
            self,
            inner.limit.as_ref(),
            inner.offset.as_ref(),
            !inner.order_by.is_empty(),
        )?)
    }

    fn select_clauses(
        &mut self,
        s: &Select,
        nesting: Nesting,
        forced: Option<&[IdentRef]>,
        limited: bool,
        froms: &FromList<'_>,
    ) -> Fallible {
        let inner = &s.0;
        self.select_columns(inner.columns(), nesting, forced)?;
        if froms.is_empty() {
            if let Some(dual) = self.caps.dual_table {
                self.push_sql(" FROM ");
                self.push_sql(dual);
            }
        } else {
            self.push_sql(" FROM ");
            self.render_from_refs(froms.iter())?;
        }
        if !inner.criteria().is_empty() {
            self.push_sql(" WHERE ");
            self.visit_criteria(inner.criteria())?;
        }
        if !inner.group_by().is_empty() {
            self.push_sql(" GROUP BY ");
            self.order_by_list(inner.group_by(), inner.columns())?;
        }
        if !inner.having.is_empty() {
            self.push_sql(" HAVING ");
            self.visit_criteria(&inner.having)?;
        }
        if !inner.order_by.is_empty() {
            self.push_sql(" ORDER BY ");
            self.order_by_list(&inner.order_by, inner.columns())?;
        }
        // most SELECTs have none: the call is skipped
        let fetch = inner.fetch();
        if !limited && (inner.limit.is_some() || inner.offset.is_some() || fetch.is_some()) {
            self.limit_clause(
                inner.limit.as_ref(),
                inner.offset.as_ref(),
                fetch,
                !inner.order_by.is_empty(),
            )?;
        }
        if let Some(fu) = inner.for_update() {
            if !self.caps.for_update {
                return Err(CompileError::unsupported_with(
                    "FOR UPDATE / FOR SHARE",
                    self.dialect.name(),
                    "this database has no row locks; run the statement in a transaction instead",
                )
                .into());
            }
            let d = self.dialect;
            d.render_for_update(self, fu)?;
        }
        Ok(())
    }

    fn limit_clause(
        &mut self,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
        fetch: Option<&crate::stmt::select::Fetch>,
        ordered: bool,
    ) -> Fallible {
        let d = self.dialect;
        match fetch {
            None => {
                if limit.is_some() || offset.is_some() {
                    d.render_limit_offset(self, limit, offset)?;
                }
            }
            Some(f) if self.caps.fetch => {
                if limit.is_some() {
                    return Err(CompileError::Invalid(
                        "a SELECT cannot have both LIMIT and FETCH FIRST".into(),
                    )
                    .into());
                }
                if self.caps.fetch_needs_order && !ordered {
                    return Err(CompileError::unsupported_with(
                        "FETCH FIRST without ORDER BY",
                        self.dialect.name(),
                        "add an order_by(), or use limit() (TOP)",
                    )
                    .into());
                }
                if let Some(o) = offset {
                    self.push_sql(" OFFSET ");
                    self.count(o)?;
                    self.push_sql(" ROWS");
                } else if self.caps.fetch_needs_order {
                    self.push_sql(" OFFSET 0 ROWS");
                }
                self.push_sql(" FETCH FIRST ");
                if self.caps.fetch_count_parenthesized {
                    self.push_char('(');
                    self.count(&f.count)?;
                    self.push_char(')');
                } else {
                    self.count(&f.count)?;
                }
                if f.percent {
                    self.push_sql(" PERCENT");
                }
                self.push_sql(if f.with_ties {
                    " ROWS WITH TIES"
                } else {
                    " ROWS ONLY"
                });
            }
            Some(f) => {
                if f.with_ties || f.percent || limit.is_some() {
                    return Err(self
                        .unsupported("FETCH FIRST ... WITH TIES / PERCENT")
                        .into());
                }
                d.render_limit_offset(self, Some(&f.count), offset)?;
            }
        }
        Ok(())
    }

    /// The SELECT list with labels; at the top level, keeps the names given
    /// to anonymous items (the result columns are worked out from the
    /// statement when asked for: see [`ResultColumns`]).
    fn select_columns(
        &mut self,
        columns: &[Expr],
        nesting: Nesting,
        forced: Option<&[IdentRef]>,
    ) -> Fallible {
        if columns.is_empty() {
            return Err(CompileError::Invalid("a SELECT needs at least one column".into()).into());
        }
        let first_member = self.first_member_columns == Some(columns.as_ptr() as usize);
        if first_member {
            self.first_member_columns = None;
        }
        let all = nesting.labels_all() || forced.is_some();
        if !all {
            // the commonest list: table columns of distinct names, each
            // written as it is (the labeler would label every one bare)
            let plain = if nesting == Nesting::Top && self.depth == 0 && !first_member {
                self.top_plain_columns(columns)
            } else {
                labels::plain_distinct_columns(columns)
            };
            if plain {
                return self.comma_list(columns);
            }
        }
        // an alias's body: named as the alias exports it (its names were
        // worked out from this very list, so they are as many)
        if let Some(forced) = forced.filter(|f| f.len() == columns.len()) {
            return self.named_columns(columns, forced);
        }
        let mut labeler = labels::Labeler::new(columns.len(), all);
        // whether the anonymous labels name the statement's result columns
        let top = (nesting == Nesting::Top && self.depth == 0) || first_member;
        for (i, e) in columns.iter().enumerate() {
            if i > 0 {
                self.push_sql(", ");
            }
            let label = labeler.label(e);
            self.visit(e)?;
            match label {
                ColLabel::Bare(_) => {}
                ColLabel::As(n) => {
                    self.push_sql(" AS ");
                    self.push_identifier(&n);
                }
                ColLabel::Anon(base) => {
                    self.push_sql(" AS ");
                    self.push_anon_label(&base, top);
                }
            }
        }
        Ok(())
    }

    /// An alias's body's SELECT list, named as the alias exports it (the
    /// names given when the alias was made, by the labeler's rules): each
    /// item written AS its name, but those the labeler leaves bare.
    #[inline(never)]
    fn named_columns(&mut self, columns: &[Expr], names: &[IdentRef]) -> Fallible {
        for (i, (e, x)) in columns.iter().zip(names).enumerate() {
            if i > 0 {
                self.push_sql(", ");
            }
            self.visit(e)?;
            if !labels::always_bare(e) {
                self.push_sql(" AS ");
                self.push_identifier(x);
            }
        }
        Ok(())
    }

    /// Renders FROM items of a query level's list, separated by commas.
    pub(crate) fn render_from_refs<'f, 's: 'f>(
        &mut self,
        items: impl Iterator<Item = &'f FromRef<'s>>,
    ) -> Fallible {
        for (i, f) in items.enumerate() {
            if i > 0 {
                self.push_sql(", ");
            }
            self.render_from_ref(f)?;
        }
        Ok(())
    }

    /// Renders one FROM item of a query level's list.
    pub(crate) fn render_from_ref(&mut self, f: &FromRef<'_>) -> Fallible {
        match f {
            FromRef::Table(t) => {
                self.push_table_name(t);
                Ok(())
            }
            FromRef::Alias(a) => self.render_from_alias(a),
            FromRef::Item(f) => self.render_from_item(f),
            FromRef::Owned(f) => self.render_from_item(f),
        }
    }

    /// Renders one FROM item.
    pub(crate) fn render_from_item(&mut self, f: &FromItem) -> Fallible {
        match &f.0 {
            FromNode::Table(t) => {
                self.push_table_name(t);
                Ok(())
            }
            FromNode::Alias(a) => self.render_from_alias(a),
            FromNode::Join(j) => {
                self.render_from_item(&j.0.left)?;
                let kw = match j.0.kind {
                    JoinKind::Inner => self.caps.inner_join,
                    JoinKind::Left => "LEFT OUTER JOIN",
                    JoinKind::Full => {
                        if !self.caps.full_outer_join {
                            return Err(self.unsupported("FULL OUTER JOIN").into());
                        }
                        "FULL OUTER JOIN"
                    }
                };
                self.push_char(' ');
                self.push_sql(kw);
                self.push_char(' ');
                let nested = matches!(j.0.right.0, FromNode::Join(_));
                if nested {
                    self.push_char('(');
                }
                self.render_from_item(&j.0.right)?;
                if nested {
                    self.push_char(')');
                }
                self.push_sql(" ON ");
                // Columns of the right side are visible to the ON clause of a lateral join.
                self.visit_criterion(&j.0.on)
            }
            FromNode::Invalid(e) => Err((**e).clone().into()),
        }
    }

    fn push_as(&mut self) {
        if self.caps.alias_as {
            self.push_sql(" AS ");
        } else {
            self.push_char(' ');
        }
    }

    fn render_from_alias(&mut self, a: &Alias) -> Fallible {
        match (&a.0.kind, &a.0.element) {
            (AliasKind::Cte { .. }, _) => {
                self.push_alias_name(a);
                Ok(())
            }
            (_, AliasElement::Cte(cte)) => {
                self.push_alias_name(cte);
                self.push_as();
                self.push_alias_name(a);
                Ok(())
            }
            (_, AliasElement::Table(t)) => {
                self.push_table_name(t);
                self.push_as();
                self.push_alias_name(a);
                Ok(())
            }
            (kind, element) => {
                let lateral = *kind == AliasKind::Lateral;
                if lateral {
                    if !self.caps.lateral {
                        return Err(self.unsupported("LATERAL").into());
                    }
                    self.push_sql("LATERAL ");
                }
                self.push_char('(');
                self.depth += 1;
                let r = self.alias_body(element, Nesting::From { lateral }, a.exported());
                self.depth -= 1;
                r?;
                self.push_char(')');
                self.push_as();
                self.push_alias_name(a);
                Ok(())
            }
        }
    }

    fn alias_body(
        &mut self,
        element: &AliasElement,
        nesting: Nesting,
        exported: &[IdentRef],
    ) -> Fallible {
        match element {
            AliasElement::Select(s) => {
                // A derived table does not see the enclosing FROM (unless lateral).
                let saved = if matches!(nesting, Nesting::From { lateral: false } | Nesting::Cte) {
                    Some(std::mem::take(&mut self.scopes))
                } else {
                    None
                };
                let r = self.select_body(s, nesting, Some(exported));
                if let Some(saved) = saved {
                    self.scopes = saved;
                }
                r
            }
            AliasElement::Compound(c) => {
                let saved = std::mem::take(&mut self.scopes);
                let r = self.compound_body(c, true);
                self.scopes = saved;
                r
            }
            AliasElement::Text(t) => self.text_clause(t),
            AliasElement::Table(_) | AliasElement::Cte(_) => {
                Err(CompileError::Invalid("an alias of a table has no body".into()).into())
            }
        }
    }

    /// `name[(cols)] AS (body)` for the WITH clause.
    pub(crate) fn cte_definition(&mut self, cte: &Alias) -> Fallible {
        self.push_alias_name(cte);
        if matches!(cte.0.kind, AliasKind::Cte { recursive: true }) {
            self.push_char('(');
            for (i, e) in cte.exported().iter().enumerate() {
                if i > 0 {
                    self.push_sql(", ");
                }
                self.push_identifier(e);
            }
            self.push_char(')');
        }
        self.push_sql(" AS (");
        self.depth += 1;
        let r = self.alias_body(&cte.0.element, Nesting::Cte, cte.exported());
        self.depth -= 1;
        r?;
        self.push_char(')');
        Ok(())
    }

    pub(crate) fn top_compound(&mut self, c: &CompoundSelect) -> Fallible {
        let first = c.first_select().filter(|_| self.depth == 0);
        // the first member's anonymous labels name the result columns
        self.first_member_columns = first.map(|s| s.0.columns().as_ptr() as usize);
        let r = self.compound_body(c, false);
        self.first_member_columns = None;
        r?;
        if let Some(first) = first {
            let anon = self.top_anon_names.take();
            self.result_columns = Some(ResultColumns::of_compound(first.clone(), anon));
        }
        Ok(())
    }

    /// Renders a compound select; `label_all` labels every member's columns
    /// (inside a subquery or CTE).
    pub(crate) fn compound_body(&mut self, c: &CompoundSelect, label_all: bool) -> Fallible {
        let inner = &c.0;
        if matches!(inner.op, SetOp::IntersectAll | SetOp::ExceptAll) && !self.caps.set_op_all {
            return Err(self.unsupported(inner.op.as_sql()).into());
        }
        if !matches!(inner.op, SetOp::Union | SetOp::UnionAll) && !self.caps.intersect_except {
            return Err(CompileError::unsupported_with(
                inner.op.as_sql(),
                self.dialect.name(),
                "the database has only UNION; use EXISTS / NOT EXISTS",
            )
            .into());
        }
        let nesting = if label_all {
            Nesting::Cte
        } else {
            Nesting::InsertSource
        };
        for (i, part) in inner.parts.iter().enumerate() {
            if i > 0 {
                self.push_char(' ');
                let kw = if inner.op == SetOp::Except {
                    self.caps.except_keyword
                } else {
                    inner.op.as_sql()
                };
                self.push_sql(kw);
                self.push_char(' ');
            }
            let needs_parens = match part {
                CompoundPart::Select(s) => s.has_limit_or_order(),
                CompoundPart::Compound(_) => true,
            };
            if needs_parens {
                if self.caps.parenthesized_set_operands {
                    self.push_char('(');
                } else {
                    self.push_sql("SELECT * FROM (");
                }
            }
            self.depth += 1;
            let r = match part {
                CompoundPart::Select(s) => {
                    // labeled as an alias of it would export them
                    let forced = label_all.then(|| exported_of(s.0.columns()));
                    self.select_body(s, nesting, forced.as_deref())
                }
                CompoundPart::Compound(c) => self.compound_body(c, label_all),
            };
            self.depth -= 1;
            r?;
            if needs_parens {
                self.push_char(')');
            }
        }
        if !inner.order_by.is_empty() {
            self.push_sql(" ORDER BY ");
            self.order_by_list(&inner.order_by, &[])?;
        }
        self.limit_clause(
            inner.limit.as_ref(),
            inner.offset.as_ref(),
            None,
            !inner.order_by.is_empty(),
        )
    }
}
