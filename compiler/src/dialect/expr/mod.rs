//! Rendering of column expressions.

use std::sync::Arc;

use super::compiler::{BindName, Compiler};
use super::select::Nesting;
use crate::error::{CompileError, Fallible};
use crate::expr::precedence::{self, AND, CMP, COLLATE, MUL, OR};
use crate::expr::{BinaryOp, BoolOp, Expr, Node, Source, TextClause, UnaryOp};
use crate::types::Type;
use crate::value::Value;

mod functions;
mod operators;

const ANON: &str = "param";

impl Compiler<'_> {
    /// Renders an expression.
    ///
    /// See [`CustomExpr`](crate::CustomExpr) for an example.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, Compiler, CompileError, CustomExpr, dialect::Sqlite};
    /// /// `x * x`, with `x` rendered (and its values bound) twice.
    /// #[derive(Debug)] struct Square(Expr);
    /// impl CustomExpr for Square {
    ///     fn compile(&self, c: &mut Compiler<'_>) -> Result<(), CompileError> {
    ///         c.visit_expr(&self.0)?;
    ///         c.push_sql(" * ");
    ///         c.visit_expr(&self.0)
    ///     }
    /// }
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(Expr::custom(Square((t.c("a") + 1).grouped()))).select_from(&t);
    /// let c = q.compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT (t.a + ?) * (t.a + ?) AS anon_1 FROM t");
    /// assert_eq!(c.params, vec![Value::from(1), Value::from(1)]);
    /// ```
    pub fn visit_expr(&mut self, e: &Expr) -> Result<(), CompileError> {
        Ok(self.visit(e)?)
    }

    /// [`visit_expr`](Self::visit_expr) for the compiler's own steps (its
    /// error boxed: see `Fallible`).
    #[inline(always)]
    pub(crate) fn visit(&mut self, e: &Expr) -> Fallible {
        // a column, the most common node, is written without entering the
        // large match below (inlined where an expression is visited)
        if let Node::Column(c) = &e.0 {
            self.push_column(c);
            Ok(())
        } else {
            self.visit_node(e)
        }
    }

    fn visit_node(&mut self, e: &Expr) -> Fallible {
        match &e.0 {
            Node::Column(c) => {
                self.push_column(c);
                Ok(())
            }
            Node::Value(v) => self.push_untyped_bind(v, BindName::Anon(ANON)),
            Node::Bind(b) => self.named_bind(&b.name, b.value.as_ref()),
            Node::Null => {
                self.push_sql("NULL");
                Ok(())
            }
            Node::True => {
                self.push_bool(true);
                Ok(())
            }
            Node::False => {
                self.push_bool(false);
                Ok(())
            }
            Node::Literal(s) => {
                self.push_sql(s);
                Ok(())
            }
            Node::Star => {
                self.push_char('*');
                Ok(())
            }
            Node::Unary(u) => match u.op {
                UnaryOp::Not => {
                    self.push_sql("NOT ");
                    self.visit_criterion_operand(&u.operand, CMP)
                }
                UnaryOp::Neg => {
                    self.push_char('-');
                    let at = self.sql.len();
                    self.visit_operand(&u.operand, MUL, None)?;
                    // `--` would start a comment (a negative literal after unary minus).
                    if self.sql[at..].starts_with('-') {
                        self.sql.insert(at, ' ');
                    }
                    Ok(())
                }
                UnaryOp::BitNot => {
                    self.push_char('~');
                    self.visit_operand(&u.operand, MUL, None)
                }
            },
            Node::Binary(b) => self.visit_binary(b),
            Node::Bool(b) => {
                let (sep, prec) = match b.op {
                    BoolOp::And => (" AND ", AND),
                    BoolOp::Or => (" OR ", OR),
                };
                for (i, item) in b.items.iter().enumerate() {
                    if i > 0 {
                        self.push_sql(sep);
                    }
                    self.visit_criterion_operand(item, prec)?;
                }
                Ok(())
            }
            Node::Func(f) => self.visit_function(f),
            Node::Cast(c) => self.push_cast(&c.ty, |s| s.visit(&c.expr)),
            Node::Case(c) => self.visit_case(c),
            Node::Label(l) => self.visit(&l.expr),
            Node::Over(o) => self.visit_over(o),
            Node::Like(l) => self.visit_like(l),
            Node::In(i) => self.visit_in(i),
            Node::Between(b) => self.visit_between(b),
            Node::ScalarSelect(s) => {
                self.push_char('(');
                self.nested_select(s, Nesting::Expression)?;
                self.push_char(')');
                Ok(())
            }
            Node::Exists(x) => {
                self.push_sql("EXISTS (");
                self.nested_select(&x.select, Nesting::Exists)?;
                self.push_char(')');
                Ok(())
            }
            Node::Text(t) => self.text_clause(t),
            Node::Tuple(items) => {
                self.push_char('(');
                self.comma_list(items)?;
                self.push_char(')');
                Ok(())
            }
            Node::Collate(c) => {
                self.visit_operand(&c.expr, COLLATE, None)?;
                self.push_sql(" COLLATE ");
                self.push_identifier(&c.collation);
                Ok(())
            }
            Node::Grouping(g) => {
                self.push_char('(');
                self.visit(g)?;
                self.push_char(')');
                Ok(())
            }
            Node::Ordering(o) => self.visit_ordering(o),
            Node::Distinct(d) => {
                self.push_sql("DISTINCT ");
                self.visit(d)
            }
            Node::Excluded(x) => {
                if self.caps.upsert == super::UpsertStyle::OnDuplicateKey {
                    self.push_sql("VALUES(");
                    self.push_identifier(&x.column);
                    self.push_char(')');
                } else {
                    self.push_sql("excluded.");
                    self.push_identifier(&x.column);
                }
                Ok(())
            }
            Node::Custom(c) => Ok(c.compile(self)?),
            Node::Invalid(err) => Err((**err).clone().into()),
        }
    }

    pub(crate) fn push_bool(&mut self, b: bool) {
        let s = match (self.caps.native_boolean, b) {
            (true, true) => self.caps.boolean_words.0,
            (true, false) => self.caps.boolean_words.1,
            (false, true) => "1",
            (false, false) => "0",
        };
        self.push_sql(s);
    }

    /// Renders `items` separated by `, `.
    pub(crate) fn comma_list(&mut self, items: &[Expr]) -> Fallible {
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                self.push_sql(", ");
            }
            self.visit(e)?;
        }
        Ok(())
    }

    /// Renders an operand, parenthesized when it binds less tightly than its parent.
    #[inline]
    pub(crate) fn visit_operand(
        &mut self,
        e: &Expr,
        parent: u8,
        parent_op: Option<BinaryOp>,
    ) -> Fallible {
        // the commonest operand: a table's column binds tighter than anything
        if let Node::Column(c) = &e.0 {
            self.push_column(c);
            return Ok(());
        }
        self.visit_other_operand(e, parent, parent_op)
    }

    /// [`visit_operand`](Self::visit_operand) of anything but a column, out
    /// of line (the column's path then saves no registers for this one's).
    #[inline(never)]
    fn visit_other_operand(
        &mut self,
        e: &Expr,
        parent: u8,
        parent_op: Option<BinaryOp>,
    ) -> Fallible {
        let p = precedence::of(e);
        let same_assoc = match (&e.0, parent_op) {
            (Node::Binary(b), Some(op)) => b.op == op && precedence::is_associative(op),
            _ => false,
        };
        if p <= parent && !same_assoc {
            self.push_char('(');
            self.visit(e)?;
            self.push_char(')');
            Ok(())
        } else {
            self.visit(e)
        }
    }

    /// A LIMIT/OFFSET/FETCH count: bound without a cast (every database
    /// knows these are integers).
    pub fn visit_count(&mut self, e: &Expr) -> Result<(), CompileError> {
        Ok(self.count(e)?)
    }

    /// [`visit_count`](Self::visit_count) for the compiler's own steps.
    pub(crate) fn count(&mut self, e: &Expr) -> Fallible {
        match &e.0 {
            Node::Value(v) => self.push_bind_ref(v, BindName::Anon(ANON)),
            _ => self.visit(e),
        }
    }

    /// A LIMIT/OFFSET count written inline as a number (Informix's
    /// `SKIP 10 FIRST 5`, where the server takes no parameters). The
    /// statement's SQL then depends on the value, so it is not cached as a
    /// template.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Informix};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = select(t.c("a")).limit(5).offset(10).compile(&Informix).unwrap();
    /// assert_eq!(c.sql, "SELECT SKIP 10 FIRST 5 t.a FROM t");
    /// assert!(c.params.is_empty());
    /// ```
    pub fn visit_count_inline(&mut self, e: &Expr) -> Result<(), CompileError> {
        match &e.0 {
            Node::Value(v @ Value::Int(_)) => {
                self.uncacheable = true;
                Ok(self.push_literal(v)?)
            }
            Node::Value(v) => Err(CompileError::Invalid(format!(
                "a row count must be an integer, not {}",
                v.kind()
            ))),
            _ => Err(self.unsupported("a LIMIT/OFFSET that is not a number")),
        }
    }

    /// A value bound where nothing around it gives it a type. Dialects whose
    /// server infers parameter types (PostgreSQL) get `CAST(? AS type)`, or
    /// the server would take it for text (or refuse `$1 + $2`).
    fn push_untyped_bind(&mut self, v: &Value, name: BindName<'_>) -> Fallible {
        let cast = (self.caps.typed_binds || self.caps.cast_binds) && !self.literal_binds;
        let ty = match (cast, v) {
            (false, _) | (true, Value::Null) => None,
            (true, Value::Int(_)) if self.caps.cast_binds => Some(Type::Integer),
            (true, Value::Int(_)) => Some(Type::BigInteger),
            (true, Value::Float(_)) => Some(Type::Double),
            (true, other) => crate::expr::precedence::type_of_value(other),
        };
        match ty {
            Some(ty) => self.push_cast(&ty, |s| s.push_bind_ref(v, name)),
            None => self.push_bind_ref(v, name),
        }
    }

    /// `CAST(<inner> AS <ty>)`, `inner` writing the operand.
    pub(crate) fn push_cast(
        &mut self,
        ty: &Type,
        inner: impl FnOnce(&mut Self) -> Fallible,
    ) -> Fallible {
        self.push_sql("CAST(");
        inner(self)?;
        self.push_sql(" AS ");
        self.push_type(ty, super::TypeContext::Cast)?;
        self.push_char(')');
        Ok(())
    }

    /// An operand that is a value gets its bind named after `base`.
    fn visit_value_operand(
        &mut self,
        e: &Expr,
        base: &Expr,
        parent: u8,
        parent_op: Option<BinaryOp>,
    ) -> Fallible {
        match &e.0 {
            Node::Value(v) => {
                // named after the operand, when a name is needed at all
                let name = BindName::AnonOf(base);
                if !(self.caps.cast_binds || self.caps.typed_binds) || self.literal_binds {
                    // nothing is cast: the operand's type does not matter
                    return self.push_bind_ref(v, name);
                }
                if self.caps.cast_binds && !v.is_null() {
                    return match base.sql_type() {
                        Some(ty) => self.push_cast(&ty, |s| s.push_bind_ref(v, name)),
                        None => self.push_untyped_bind(v, name),
                    };
                }
                // the server types the parameter from the operand: whether
                // the operand's type is known is all that matters (no clone)
                if has_type(base) {
                    self.push_bind_ref(v, name)
                } else {
                    self.push_untyped_bind(v, name)
                }
            }
            _ => self.visit_operand(e, parent, parent_op),
        }
    }

    /// Renders a boolean criterion (WHERE, HAVING, ON, AND/OR items, NOT
    /// operands): a bare boolean column becomes `col = 1` where the dialect
    /// needs it, a constant `1 = 1`.
    pub(crate) fn visit_criterion(&mut self, e: &Expr) -> Fallible {
        if let Some(done) = self.plain_comparison(e) {
            return done;
        }
        if !self.caps.native_boolean || self.caps.bool_column_as_comparison {
            match &e.0 {
                Node::Column(c) if is_bool(c.ty()) && self.caps.bool_column_as_comparison => {
                    self.push_column(c);
                    self.push_sql(" = 1");
                    return Ok(());
                }
                Node::Unary(u) if u.op == UnaryOp::Not => {
                    if let Node::Column(c) = &u.operand.0 {
                        if is_bool(c.ty()) && self.caps.bool_column_as_comparison {
                            self.push_column(c);
                            self.push_sql(" = 0");
                            return Ok(());
                        }
                    }
                }
                Node::True if !self.caps.native_boolean => {
                    self.push_sql("1 = 1");
                    return Ok(());
                }
                Node::False if !self.caps.native_boolean => {
                    self.push_sql("1 != 1");
                    return Ok(());
                }
                _ => {}
            }
        }
        self.visit(e)
    }

    /// The commonest criteria, a table's column compared with a value
    /// (`users.id = ?`, `users.name LIKE ?`) or two columns compared (a
    /// join's `users.id = addresses.user_id`), written here: the general
    /// path (the node's dispatch, the operator's, the operands') writes the
    /// same through three calls. `None` for anything else, for a value the
    /// dialect casts (the general path casts it), and for a LIKE that
    /// ignores case or has an escape character.
    #[inline(always)]
    fn plain_comparison(&mut self, e: &Expr) -> Option<Fallible> {
        let (left, op, right) = match &e.0 {
            Node::Binary(b) => (&b.left, operators::spaced_comparison(b.op)?, &b.right),
            Node::Like(l) if !l.case_insensitive && l.escape.is_none() => (
                &l.expr,
                operators::like_keyword(l.negated, false),
                &l.pattern,
            ),
            _ => return None,
        };
        let Node::Column(c) = &left.0 else {
            return None;
        };
        match &right.0 {
            // `visit_value_operand`'s plain bind: a table's column always
            // has a type, so only a dialect that casts values goes another way
            Node::Value(v)
                if matches!(c.source(), Source::Table(_))
                    && (!self.caps.cast_binds || self.literal_binds) =>
            {
                self.push_column(c);
                self.push_sql(op);
                Some(self.push_bind_ref(v, BindName::AnonOf(left)))
            }
            Node::Column(right) => {
                self.push_column(c);
                self.push_sql(op);
                self.push_column(right);
                Some(Ok(()))
            }
            _ => None,
        }
    }

    fn visit_criterion_operand(&mut self, e: &Expr, parent: u8) -> Fallible {
        let p = precedence::of(e);
        if p <= parent {
            self.push_char('(');
            self.visit_criterion(e)?;
            self.push_char(')');
            Ok(())
        } else {
            self.visit_criterion(e)
        }
    }

    /// Renders a list of criteria joined by AND (WHERE, HAVING).
    #[inline]
    pub(crate) fn visit_criteria(&mut self, items: &[Expr]) -> Fallible {
        match items {
            [one] => self.visit_criterion(one),
            _ => self.visit_criteria_joined(items),
        }
    }

    /// [`visit_criteria`](Self::visit_criteria) of several criteria (or
    /// none), out of line: the one criterion's path saves no registers
    /// for this loop.
    #[inline(never)]
    fn visit_criteria_joined(&mut self, items: &[Expr]) -> Fallible {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push_sql(" AND ");
            }
            self.visit_criterion_operand(item, AND)?;
        }
        Ok(())
    }

    /// Renders a `text()` fragment or statement, binding its `:name` parameters.
    pub(crate) fn text_clause(&mut self, t: &TextClause) -> Fallible {
        use crate::expr::text::TextPart;
        for part in &t.0.parts {
            match part {
                TextPart::Sql(s) => self.push_sql(s),
                TextPart::Bind(name) => self.named_bind(name, t.bound_value(name))?,
            }
        }
        Ok(())
    }

    /// A named parameter: the `.params()` value for its name, else its own
    /// value, else unbound (supplied at execution).
    fn named_bind(&mut self, name: &Arc<str>, own: Option<&Value>) -> Fallible {
        let name = name.clone();
        let given = self.overrides().iter().find(|(n, _, _)| *n == name);
        if let Some((_, v, addr)) = given {
            let (v, addr) = (v.clone(), *addr);
            if self.literal_binds {
                return self.push_literal(&v);
            }
            self.push_placeholder_for(v, BindName::Named(&name), Some(addr));
            return Ok(());
        }
        match own {
            Some(v) => self.push_bind_ref(v, BindName::Named(&name)),
            None => self.push_bind(Value::Null, BindName::Unbound(&name)),
        }
    }

    /// Renders a type via the dialect.
    pub(crate) fn push_type(&mut self, ty: &Type, ctx: super::TypeContext) -> Fallible {
        let mut s = String::new();
        self.dialect.render_type(ty, ctx, &mut s)?;
        self.push_sql(&s);
        Ok(())
    }
}

fn is_bool(t: Option<&Type>) -> bool {
    matches!(t, Some(Type::Boolean))
}

fn is_int(e: &Expr) -> bool {
    e.sql_type().is_some_and(|t| t.is_integer())
}

/// Whether `e`'s SQL type is known ([`Expr::sql_type`] is `Some`), without
/// cloning it for the commonest operand, a column.
fn has_type(e: &Expr) -> bool {
    match &e.0 {
        // a table's column always has one: not looked up
        Node::Column(c) => match c.source() {
            Source::Table(_) => true,
            Source::Alias(_) => c.ty().is_some(),
        },
        _ => e.sql_type().is_some(),
    }
}

/// The base name of a bind compared with `e`: the column's name, or `param`.
pub(crate) fn bind_base(e: &Expr) -> &str {
    match &e.0 {
        Node::Column(c) => c.name().as_str(),
        Node::Label(l) => l.name.as_str(),
        _ => ANON,
    }
}

#[cfg(test)]
mod tests {
    use crate::CompileOptions;
    use crate::prelude::*;
    use crate::snapshot::ALL;

    /// A criterion that is a table's column compared (or LIKE) with a
    /// value, or two columns compared, is written in line
    /// (`plain_comparison`): on every dialect, with values bound or
    /// rendered, it reads as the same comparison written by the general
    /// path (here, a SELECT-list item, which is not a criterion), its value
    /// bound in the same place.
    #[test]
    fn a_plain_comparison_reads_as_the_general_paths() {
        let t = crate::schema::int_table(&MetaData::new(), "t", &["a", "b"]);
        let comparisons = [
            t.c("a").eq(1),
            t.c("a").ne(2),
            t.c("a").lt(3),
            t.c("a").le(4),
            t.c("a").gt(5),
            t.c("a").ge(Value::Null),
            t.c("b").eq("it's"),
            t.c("a").eq(t.c("b")),
            t.c("a").ge(t.alias("u").c("b")),
            t.c("b").like("a%"),
            t.c("b").not_like(t.c("a")),
            // not written in line: the same all the same
            t.c("b").like_escape("a/%%", '/'),
            t.c("b").ilike("a%"),
            t.c("b").not_ilike("a%"),
        ];
        for d in ALL {
            for literal in [false, true] {
                let options = CompileOptions::new().literal_binds(literal);
                for cmp in &comparisons {
                    let compile = |s: Select| s.compile_with(*d, &options).expect("compiles");
                    let general = compile(select(cmp.clone().label("x")));
                    let criterion = compile(select(t.c("a")).filter(cmp.clone()));
                    let (written, froms) = general
                        .sql
                        .strip_prefix("SELECT ")
                        .and_then(|s| s.split_once(" AS x FROM "))
                        .expect("SELECT ... AS x FROM ...");
                    assert_eq!(
                        criterion.sql,
                        format!("SELECT t.a FROM {froms} WHERE {written}"),
                        "{} (literal binds: {literal})",
                        d.name()
                    );
                    assert_eq!(criterion.params, general.params, "{}", d.name());
                }
            }
        }
    }
}
