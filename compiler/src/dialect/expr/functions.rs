//! Rendering of CASE, function calls (and FILTER), window functions and
//! ORDER BY terms.

use crate::shared::Shared;

use super::ANON;
use crate::dialect::compiler::{BindName, Compiler, push_usize};
use crate::error::{CompileError, Fallible};
use crate::expr::precedence;
use crate::expr::{Case, Expr, FrameBound, FrameKind, Function, Known, Node, Ordering, Over};
use crate::expr::{Direction, Nulls};
use crate::value::Value;

impl Compiler<'_> {
    pub(super) fn visit_case(&mut self, c: &Case) -> Fallible {
        self.push_sql("CASE");
        if let Some(v) = &c.value {
            self.push_char(' ');
            self.visit(v)?;
        }
        for (cond, result) in &c.whens {
            self.push_sql(" WHEN ");
            if c.value.is_some() {
                self.visit(cond)?;
            } else if precedence::of(cond) < precedence::ATOM {
                self.push_char('(');
                self.visit_criterion(cond)?;
                self.push_char(')');
            } else {
                self.visit_criterion(cond)?;
            }
            self.push_sql(" THEN ");
            self.visit(result)?;
        }
        if let Some(e) = &c.else_ {
            self.push_sql(" ELSE ");
            self.visit(e)?;
        }
        self.push_sql(" END");
        Ok(())
    }

    pub(super) fn visit_function(&mut self, f: &Function) -> Fallible {
        if let Some(filter) = &f.filter {
            if !self.caps.filter_clause {
                return self.emulate_filter(f, filter);
            }
        }
        if !self.dialect.render_function(self, f)? {
            self.generic_function(f)?;
        }
        if let Some(filter) = &f.filter {
            self.push_sql(" FILTER (WHERE ");
            self.visit_criterion(filter)?;
            self.push_char(')');
        }
        Ok(())
    }

    /// `name(args)`, or the bare keyword for ANSI functions like `CURRENT_DATE`.
    pub(crate) fn generic_function(&mut self, f: &Function) -> Fallible {
        if let Some(k) = f.known {
            if k.is_ansi_keyword() && f.args.is_empty() {
                self.push_sql(&f.name.to_ascii_uppercase());
                return Ok(());
            }
        }
        match &f.name {
            // a known function spelled as listed (the only calls named by
            // static text): a plain name (tested), written without a look
            // at each byte
            crate::ident::Name::Static(name) => self.push_sql(name),
            name => self.push_function_name(name),
        }
        self.function_args(f)
    }

    /// `(args)`, with `*` for an argument-less `count`.
    pub(crate) fn function_args(&mut self, f: &Function) -> Fallible {
        self.push_char('(');
        if f.args.is_empty() && f.known == Some(Known::Count) {
            self.push_char('*');
        }
        for (i, a) in f.args.iter().enumerate() {
            if i > 0 {
                self.push_sql(", ");
            }
            match &a.0 {
                Node::Value(v) => self.push_bind_ref(v, BindName::Anon(&f.name))?,
                _ => self.visit(a)?,
            }
        }
        self.push_char(')');
        Ok(())
    }

    /// A function name: written as given when it is a plain (possibly
    /// dotted) identifier, quoted otherwise.
    pub(crate) fn push_function_name(&mut self, name: &str) {
        // the common case, one plain name (`count`), without splitting
        if crate::ident::plain_function_name(name) {
            self.push_sql(name);
            return;
        }
        for (i, part) in name.split('.').enumerate() {
            if i > 0 {
                self.push_char('.');
            }
            if crate::ident::plain_function_name(part) {
                self.push_sql(part);
            } else {
                self.push_identifier(&crate::ident::Ident::new(part));
            }
        }
    }

    /// `agg(x) FILTER (WHERE c)` as `agg(CASE WHEN c THEN x END)`, which is
    /// equal for aggregates that ignore NULLs.
    fn emulate_filter(&mut self, f: &Function, filter: &Expr) -> Fallible {
        let ok = f.known.is_some_and(Known::ignores_nulls) && f.args.len() <= 1;
        if !ok {
            return Err(CompileError::unsupported_with(
                format!("FILTER (WHERE ...) on {}()", f.name),
                self.dialect.name(),
                "only count, sum, avg, min and max are rewritten as CASE WHEN",
            )
            .into());
        }
        self.push_function_name(&f.name);
        self.push_char('(');
        let arg = match f.args.first().map(|a| &a.0) {
            Some(Node::Distinct(inner)) => {
                self.push_sql("DISTINCT ");
                Some(&**inner)
            }
            Some(Node::Star) | None => None,
            Some(_) => f.args.first(),
        };
        self.push_sql("CASE WHEN ");
        self.visit_criterion(filter)?;
        self.push_sql(" THEN ");
        match arg {
            None => self.push_char('1'),
            Some(a) => self.visit(a)?,
        }
        self.push_sql(" END)");
        Ok(())
    }

    pub(super) fn visit_over(&mut self, o: &Over) -> Fallible {
        if !self.caps.window_functions {
            return Err(self.unsupported("window functions (OVER)").into());
        }
        self.visit(&o.func)?;
        self.push_sql(" OVER (");
        let w = &o.window;
        let mut sep = false;
        if !w.partition_by.is_empty() {
            self.push_sql("PARTITION BY ");
            self.comma_list(&w.partition_by)?;
            sep = true;
        }
        if !w.order_by.is_empty() {
            if sep {
                self.push_char(' ');
            }
            self.push_sql("ORDER BY ");
            self.order_by_list(&w.order_by, &[])?;
            sep = true;
        }
        if let Some(frame) = &w.frame {
            if sep {
                self.push_char(' ');
            }
            if frame.kind == FrameKind::Groups && !self.caps.groups_frame {
                return Err(self.unsupported("GROUPS window frames").into());
            }
            self.push_sql(match frame.kind {
                FrameKind::Rows => "ROWS BETWEEN ",
                FrameKind::Range => "RANGE BETWEEN ",
                FrameKind::Groups => "GROUPS BETWEEN ",
            });
            self.frame_bound(frame.start)?;
            self.push_sql(" AND ");
            self.frame_bound(frame.end)?;
        }
        self.push_char(')');
        Ok(())
    }

    fn frame_bound(&mut self, b: FrameBound) -> Fallible {
        match b {
            FrameBound::UnboundedPreceding => self.push_sql("UNBOUNDED PRECEDING"),
            FrameBound::UnboundedFollowing => self.push_sql("UNBOUNDED FOLLOWING"),
            FrameBound::CurrentRow => self.push_sql("CURRENT ROW"),
            FrameBound::Preceding(n) | FrameBound::Following(n) => {
                if self.caps.bound_frame_offsets {
                    let v = Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
                    self.push_bind(v, BindName::Anon(ANON))?;
                } else {
                    push_usize(&mut self.sql, usize::try_from(n).unwrap_or(usize::MAX));
                }
                self.push_sql(if matches!(b, FrameBound::Preceding(_)) {
                    " PRECEDING"
                } else {
                    " FOLLOWING"
                });
            }
        }
        Ok(())
    }

    pub(super) fn visit_ordering(&mut self, o: &Ordering) -> Fallible {
        self.visit(&o.expr)?;
        self.ordering_suffix(o);
        Ok(())
    }

    fn ordering_suffix(&mut self, o: &Ordering) {
        match o.direction {
            Some(Direction::Asc) => self.push_sql(" ASC"),
            Some(Direction::Desc) => self.push_sql(" DESC"),
            None => {}
        }
        if self.caps.nulls_ordering {
            match o.nulls {
                Some(Nulls::First) => self.push_sql(" NULLS FIRST"),
                Some(Nulls::Last) => self.push_sql(" NULLS LAST"),
                None => {}
            }
        }
    }

    /// An ORDER BY list. Items that are labels of `columns` render as the
    /// label's name; `NULLS FIRST/LAST` is emulated with an `IS NULL` sort
    /// key where the dialect lacks it.
    pub(crate) fn order_by_list(&mut self, items: &[Expr], columns: &[Expr]) -> Fallible {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push_sql(", ");
            }
            let (inner, ordering) = match &item.0 {
                Node::Ordering(o) => (&o.expr, Some(&**o)),
                _ => (item, None),
            };
            if let Some(o) = ordering {
                if o.nulls.is_some() && !self.caps.nulls_ordering {
                    self.order_term(inner, columns)?;
                    self.push_sql(match o.nulls {
                        Some(Nulls::Last) => " IS NULL, ",
                        _ => " IS NOT NULL, ",
                    });
                }
            }
            self.order_term(inner, columns)?;
            if let Some(o) = ordering {
                self.ordering_suffix(o);
            }
        }
        Ok(())
    }

    fn order_term(&mut self, e: &Expr, columns: &[Expr]) -> Fallible {
        if let Node::Label(l) = &e.0 {
            let listed = columns.iter().any(|c| match &c.0 {
                Node::Label(cl) => Shared::ptr_eq(cl, l) || cl.name == l.name,
                _ => false,
            });
            if listed {
                self.push_identifier(&l.name);
                return Ok(());
            }
        }
        self.visit(e)
    }
}
