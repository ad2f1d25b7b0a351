//! Rendering of column expressions.

use std::sync::Arc;

use super::compiler::{BindName, Compiler};
use super::{ConcatStyle, EmptyIn, RegexpStyle, TrueDivision};
use crate::error::CompileError;
use crate::expr::precedence::{self, ADD, AND, CMP, COLLATE, MUL, OR};
use crate::expr::{
    Between, Binary, BinaryOp, BoolOp, Case, Expr, FrameBound, FrameKind, Function, In, InItems,
    Known, Like, Node, Ordering, Over, TextClause, UnaryOp,
};
use crate::expr::{Direction, Nulls};
use crate::types::Type;
use crate::value::Value;

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
            Node::Cast(c) => {
                self.push_sql("CAST(");
                self.visit_expr(&c.expr)?;
                self.push_sql(" AS ");
                self.push_type(&c.ty, super::TypeContext::Cast)?;
                self.push_char(')');
                Ok(())
            }
            Node::Case(c) => self.visit_case(c),
            Node::Label(l) => self.visit_expr(&l.expr),
            Node::Over(o) => self.visit_over(o),
            Node::Like(l) => self.visit_like(l),
            Node::In(i) => self.visit_in(i),
            Node::Between(b) => self.visit_between(b),
            Node::ScalarSelect(s) => {
                self.push_char('(');
                self.nested_select(s, super::select::Nesting::Expression)?;
                self.push_char(')');
                Ok(())
            }
            Node::Exists(x) => {
                self.push_sql("EXISTS (");
                self.nested_select(&x.select, super::select::Nesting::Exists)?;
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
                let id = c.collation.clone();
                self.push_identifier(&id);
                Ok(())
            }
            Node::Grouping(g) => {
                self.push_char('(');
                self.visit_expr(g)?;
                self.push_char(')');
                Ok(())
            }
            Node::Ordering(o) => self.visit_ordering(o),
            Node::Distinct(d) => {
                self.push_sql("DISTINCT ");
                self.visit_expr(d)
            }
            Node::Excluded(x) => {
                if self.caps.upsert == super::UpsertStyle::OnDuplicateKey {
                    self.push_sql("VALUES(");
                    let id = x.column.clone();
                    self.push_identifier(&id);
                    self.push_char(')');
                } else {
                    self.push_sql("excluded.");
                    let id = x.column.clone();
                    self.push_identifier(&id);
                }
                Ok(())
            }
            Node::Custom(c) => c.compile(self),
            Node::Invalid(err) => Err((**err).clone()),
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
    pub(crate) fn comma_list(&mut self, items: &[Expr]) -> Result<(), CompileError> {
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                self.push_sql(", ");
            }
            self.visit_expr(e)?;
        }
        Ok(())
    }

    /// Renders an operand, parenthesized when it binds less tightly than its parent.
    pub(crate) fn visit_operand(
        &mut self,
        e: &Expr,
        parent: u8,
        parent_op: Option<BinaryOp>,
    ) -> Result<(), CompileError> {
        let p = precedence::of(e);
        let same_assoc = match (&e.0, parent_op) {
            (Node::Binary(b), Some(op)) => b.op == op && precedence::is_associative(op),
            _ => false,
        };
        if p <= parent && !same_assoc {
            self.push_char('(');
            self.visit_expr(e)?;
            self.push_char(')');
            Ok(())
        } else {
            self.visit_expr(e)
        }
    }

    /// A LIMIT/OFFSET/FETCH count: bound without a cast (every database
    /// knows these are integers).
    pub fn visit_count(&mut self, e: &Expr) -> Result<(), CompileError> {
        match &e.0 {
            Node::Value(v) => self.push_bind_ref(v, BindName::Anon(ANON)),
            _ => self.visit_expr(e),
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
                self.push_literal(v)
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
    fn push_untyped_bind(&mut self, v: &Value, name: BindName<'_>) -> Result<(), CompileError> {
        let cast = (self.caps.typed_binds || self.caps.cast_binds) && !self.literal_binds;
        let ty = match (cast, v) {
            (false, _) | (true, Value::Null) => None,
            (true, Value::Int(_)) if self.caps.cast_binds => Some(Type::Integer),
            (true, Value::Int(_)) => Some(Type::BigInteger),
            (true, Value::Float(_)) => Some(Type::Double),
            (true, other) => crate::expr::precedence::type_of_value(other),
        };
        let Some(ty) = ty else {
            return self.push_bind_ref(v, name);
        };
        self.push_sql("CAST(");
        self.push_bind_ref(v, name)?;
        self.push_sql(" AS ");
        self.push_type(&ty, super::TypeContext::Cast)?;
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
    ) -> Result<(), CompileError> {
        match &e.0 {
            Node::Value(v) => {
                let name = bind_base(base);
                if let Some(ty) = base.sql_type() {
                    if self.caps.cast_binds && !self.literal_binds && !v.is_null() {
                        self.push_sql("CAST(");
                        self.push_bind_ref(v, BindName::Anon(&name))?;
                        self.push_sql(" AS ");
                        self.push_type(&ty, super::TypeContext::Cast)?;
                        self.push_char(')');
                        return Ok(());
                    }
                    self.push_bind_ref(v, BindName::Anon(&name))
                } else {
                    self.push_untyped_bind(v, BindName::Anon(&name))
                }
            }
            _ => self.visit_operand(e, parent, parent_op),
        }
    }

    /// Renders a boolean criterion (WHERE, HAVING, ON, AND/OR items, NOT
    /// operands): a bare boolean column becomes `col = 1` where the dialect
    /// needs it, a constant `1 = 1`.
    pub(crate) fn visit_criterion(&mut self, e: &Expr) -> Result<(), CompileError> {
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
        self.visit_expr(e)
    }

    fn visit_criterion_operand(&mut self, e: &Expr, parent: u8) -> Result<(), CompileError> {
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
    pub(crate) fn visit_criteria(&mut self, items: &[Expr]) -> Result<(), CompileError> {
        if items.len() == 1 {
            return self.visit_criterion(&items[0]);
        }
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push_sql(" AND ");
            }
            self.visit_criterion_operand(item, AND)?;
        }
        Ok(())
    }

    fn visit_binary(&mut self, b: &Binary) -> Result<(), CompileError> {
        let prec = precedence::of_binary(b.op);
        let op = match b.op {
            BinaryOp::Concat => return self.visit_concat(b),
            BinaryOp::Div => {
                let ints = is_int(&b.left) && is_int(&b.right);
                if ints && self.caps.true_division != TrueDivision::Native {
                    self.visit_operand(&b.left, prec, Some(b.op))?;
                    self.push_sql(" / ");
                    if self.caps.true_division == TrueDivision::AddZero {
                        self.push_char('(');
                        self.visit_value_operand(&b.right, &b.left, ADD, None)?;
                        self.push_sql(" + 0.0)");
                    } else {
                        self.push_sql("CAST(");
                        self.visit_value_operand(&b.right, &b.left, 0, None)?;
                        self.push_sql(" AS NUMERIC)");
                    }
                    return Ok(());
                }
                "/"
            }
            BinaryOp::FloorDiv => {
                let ints = is_int(&b.left) && is_int(&b.right);
                if (self.caps.floor_division || !ints) && self.caps.floor_function {
                    self.push_sql("FLOOR(");
                    self.visit_operand(&b.left, MUL, Some(BinaryOp::Div))?;
                    self.push_sql(" / ");
                    self.visit_value_operand(&b.right, &b.left, MUL, None)?;
                    self.push_char(')');
                    return Ok(());
                }
                if !ints {
                    // No FLOOR(): floor(q) = CAST(q AS INTEGER) - (q < CAST(q AS INTEGER)).
                    let quotient = |c: &mut Self| -> Result<(), CompileError> {
                        c.visit_operand(&b.left, MUL, Some(BinaryOp::Div))?;
                        c.push_sql(" / ");
                        c.visit_value_operand(&b.right, &b.left, MUL, None)
                    };
                    self.push_sql("(CAST(");
                    quotient(self)?;
                    self.push_sql(" AS INTEGER) - (");
                    quotient(self)?;
                    self.push_sql(" < CAST(");
                    quotient(self)?;
                    self.push_sql(" AS INTEGER)))");
                    return Ok(());
                }
                "/"
            }
            BinaryOp::Mod => {
                if let Some(f) = self.caps.mod_function {
                    self.push_sql(f);
                    self.push_char('(');
                    self.visit_expr(&b.left)?;
                    self.push_sql(", ");
                    self.visit_value_operand(&b.right, &b.left, 0, None)?;
                    self.push_char(')');
                    return Ok(());
                }
                "%"
            }
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Is => "IS",
            BinaryOp::IsNot => "IS NOT",
            BinaryOp::BitAnd => "&",
            BinaryOp::BitOr => "|",
            BinaryOp::BitXor => match self.caps.bitwise_xor {
                Some(op) => op,
                None => return Err(self.unsupported("bitwise XOR")),
            },
            BinaryOp::IsDistinctFrom | BinaryOp::IsNotDistinctFrom => {
                return self.visit_distinct_from(b);
            }
            BinaryOp::RegexpMatch | BinaryOp::NotRegexpMatch => return self.visit_regexp(b),
            BinaryOp::Match => return self.visit_match(b),
        };
        self.visit_operand(&b.left, prec, Some(b.op))?;
        self.push_char(' ');
        self.push_sql(op);
        self.push_char(' ');
        self.visit_value_operand(&b.right, &b.left, prec, Some(b.op))
    }

    fn visit_concat(&mut self, b: &Binary) -> Result<(), CompileError> {
        match self.caps.concat {
            ConcatStyle::Function => {
                self.push_sql("concat(");
                self.visit_value_operand(&b.left, &b.right, 0, None)?;
                self.push_sql(", ");
                self.visit_value_operand(&b.right, &b.left, 0, None)?;
                self.push_char(')');
                Ok(())
            }
            style => {
                let op = if style == ConcatStyle::Plus {
                    " + "
                } else {
                    " || "
                };
                // On SQLite `||` binds tighter than arithmetic: group any operator operand.
                let prec = if self.caps.concat_binds_tightest {
                    precedence::ATOM - 1
                } else {
                    CMP
                };
                self.visit_value_operand(&b.left, &b.right, prec, Some(BinaryOp::Concat))?;
                self.push_sql(op);
                self.visit_value_operand(&b.right, &b.left, prec, Some(BinaryOp::Concat))
            }
        }
    }

    fn visit_distinct_from(&mut self, b: &Binary) -> Result<(), CompileError> {
        let negated = b.op == BinaryOp::IsDistinctFrom;
        if self.caps.is_distinct_from {
            self.visit_operand(&b.left, CMP, None)?;
            self.push_sql(if negated {
                " IS DISTINCT FROM "
            } else {
                " IS NOT DISTINCT FROM "
            });
            return self.visit_value_operand(&b.right, &b.left, CMP, None);
        }
        match self.dialect.name() {
            "sqlite" => {
                self.visit_operand(&b.left, CMP, None)?;
                self.push_sql(if negated { " IS NOT " } else { " IS " });
                self.visit_value_operand(&b.right, &b.left, CMP, None)
            }
            _ => {
                if negated {
                    self.push_sql("NOT (");
                }
                self.visit_operand(&b.left, CMP, None)?;
                self.push_sql(" <=> ");
                self.visit_value_operand(&b.right, &b.left, CMP, None)?;
                if negated {
                    self.push_char(')');
                }
                Ok(())
            }
        }
    }

    fn visit_regexp(&mut self, b: &Binary) -> Result<(), CompileError> {
        let negated = b.op == BinaryOp::NotRegexpMatch;
        match self.caps.regexp {
            RegexpStyle::None => Err(self.unsupported("regular expression matching")),
            RegexpStyle::Function(f) => {
                if negated {
                    self.push_sql("NOT ");
                }
                self.push_sql(f);
                self.push_char('(');
                self.visit_expr(&b.left)?;
                self.push_sql(", ");
                self.visit_value_operand(&b.right, &b.left, 0, None)?;
                self.push_char(')');
                Ok(())
            }
            RegexpStyle::Operator(yes, no) => {
                self.visit_operand(&b.left, CMP, None)?;
                self.push_char(' ');
                self.push_sql(if negated { no } else { yes });
                self.push_char(' ');
                self.visit_value_operand(&b.right, &b.left, CMP, None)
            }
        }
    }

    fn visit_match(&mut self, b: &Binary) -> Result<(), CompileError> {
        match self.dialect.name() {
            "postgresql" => {
                self.visit_operand(&b.left, CMP, None)?;
                self.push_sql(" @@ plainto_tsquery(");
                self.visit_value_operand(&b.right, &b.left, 0, None)?;
                self.push_char(')');
            }
            "mysql" | "mariadb" => {
                self.push_sql("MATCH (");
                self.visit_expr(&b.left)?;
                self.push_sql(") AGAINST (");
                self.visit_value_operand(&b.right, &b.left, 0, None)?;
                self.push_sql(" IN BOOLEAN MODE)");
            }
            "sqlite" => {
                self.visit_operand(&b.left, CMP, None)?;
                self.push_sql(" MATCH ");
                self.visit_value_operand(&b.right, &b.left, CMP, None)?;
            }
            _ => return Err(self.unsupported("MATCH (full-text search)")),
        }
        Ok(())
    }

    fn visit_like(&mut self, l: &Like) -> Result<(), CompileError> {
        let lower = l.case_insensitive && !self.caps.ilike;
        if lower {
            self.push_sql("lower(");
            self.visit_expr(&l.expr)?;
            self.push_char(')');
        } else {
            self.visit_operand(&l.expr, CMP, None)?;
        }
        let kw = match (l.negated, l.case_insensitive && self.caps.ilike) {
            (false, false) => " LIKE ",
            (true, false) => " NOT LIKE ",
            (false, true) => " ILIKE ",
            (true, true) => " NOT ILIKE ",
        };
        self.push_sql(kw);
        if lower {
            self.push_sql("lower(");
            self.visit_value_operand(&l.pattern, &l.expr, 0, None)?;
            self.push_char(')');
        } else {
            self.visit_value_operand(&l.pattern, &l.expr, CMP, None)?;
        }
        if let Some(esc) = l.escape {
            self.push_sql(" ESCAPE ");
            let mut s = String::new();
            self.dialect
                .render_literal(&Value::Text(Arc::from(esc.to_string())), &mut s)?;
            self.push_sql(&s);
        }
        Ok(())
    }

    fn visit_in(&mut self, i: &In) -> Result<(), CompileError> {
        if i.negated {
            self.push_char('(');
        }
        self.visit_operand(&i.expr, CMP, None)?;
        self.push_sql(if i.negated { " NOT IN " } else { " IN " });
        match &i.items {
            InItems::List(items) if items.is_empty() => match self.caps.empty_in {
                EmptyIn::EmptySubquery => self.push_sql("(SELECT 1 FROM (SELECT 1) WHERE 1!=1)"),
                EmptyIn::NullAndFalse => self.push_sql(if i.negated {
                    "(NULL) OR (1 = 1)"
                } else {
                    "(NULL) AND (1 != 1)"
                }),
            },
            InItems::List(items) => {
                self.push_char('(');
                let base = bind_base(&i.expr);
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        self.push_sql(", ");
                    }
                    match (&item.0, &i.expr.0) {
                        (Node::Value(v), _) => self.push_bind_ref(v, BindName::Anon(&base))?,
                        // A row of values typed by the row it is compared with.
                        (Node::Tuple(values), Node::Tuple(cols)) if values.len() == cols.len() => {
                            self.push_char('(');
                            for (k, (v, c)) in values.iter().zip(cols.iter()).enumerate() {
                                if k > 0 {
                                    self.push_sql(", ");
                                }
                                self.visit_value_operand(v, c, 0, None)?;
                            }
                            self.push_char(')');
                        }
                        _ => self.visit_expr(item)?,
                    }
                }
                self.push_char(')');
            }
            InItems::Select(s) => {
                self.push_char('(');
                self.nested_select(s, super::select::Nesting::Expression)?;
                self.push_char(')');
            }
        }
        if i.negated {
            self.push_char(')');
        }
        Ok(())
    }

    fn visit_between(&mut self, b: &Between) -> Result<(), CompileError> {
        self.visit_operand(&b.expr, CMP, None)?;
        self.push_sql(if b.negated {
            " NOT BETWEEN "
        } else {
            " BETWEEN "
        });
        if b.symmetric {
            self.push_sql("SYMMETRIC ");
        }
        self.visit_value_operand(&b.low, &b.expr, CMP, None)?;
        self.push_sql(" AND ");
        self.visit_value_operand(&b.high, &b.expr, CMP, None)
    }

    fn visit_case(&mut self, c: &Case) -> Result<(), CompileError> {
        self.push_sql("CASE");
        if let Some(v) = &c.value {
            self.push_char(' ');
            self.visit_expr(v)?;
        }
        for (cond, result) in &c.whens {
            self.push_sql(" WHEN ");
            if c.value.is_some() {
                self.visit_expr(cond)?;
            } else if precedence::of(cond) < precedence::ATOM {
                self.push_char('(');
                self.visit_criterion(cond)?;
                self.push_char(')');
            } else {
                self.visit_criterion(cond)?;
            }
            self.push_sql(" THEN ");
            self.visit_expr(result)?;
        }
        if let Some(e) = &c.else_ {
            self.push_sql(" ELSE ");
            self.visit_expr(e)?;
        }
        self.push_sql(" END");
        Ok(())
    }

    fn visit_function(&mut self, f: &Function) -> Result<(), CompileError> {
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
    pub(crate) fn generic_function(&mut self, f: &Function) -> Result<(), CompileError> {
        if let Some(k) = f.known {
            if k.is_ansi_keyword() && f.args.is_empty() {
                self.push_sql(&f.name.to_ascii_uppercase());
                return Ok(());
            }
        }
        self.push_function_name(&f.name);
        self.function_args(f)
    }

    /// `(args)`, with `*` for an argument-less `count`.
    pub(crate) fn function_args(&mut self, f: &Function) -> Result<(), CompileError> {
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
                _ => self.visit_expr(a)?,
            }
        }
        self.push_char(')');
        Ok(())
    }

    /// A function name: written as given when it is a plain (possibly
    /// dotted) identifier, quoted otherwise.
    pub(crate) fn push_function_name(&mut self, name: &str) {
        for (i, part) in name.split('.').enumerate() {
            if i > 0 {
                self.push_char('.');
            }
            let plain = part
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$');
            if plain {
                self.push_sql(part);
            } else {
                self.push_identifier(&crate::ident::Ident::new(part));
            }
        }
    }

    /// `agg(x) FILTER (WHERE c)` as `agg(CASE WHEN c THEN x END)`, which is
    /// equal for aggregates that ignore NULLs.
    fn emulate_filter(&mut self, f: &Function, filter: &Expr) -> Result<(), CompileError> {
        let ok = f.known.is_some_and(Known::ignores_nulls) && f.args.len() <= 1;
        if !ok {
            return Err(CompileError::unsupported_with(
                format!("FILTER (WHERE ...) on {}()", f.name),
                self.dialect.name(),
                "only count, sum, avg, min and max are rewritten as CASE WHEN",
            ));
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
            Some(a) => self.visit_expr(a)?,
        }
        self.push_sql(" END)");
        Ok(())
    }

    fn visit_over(&mut self, o: &Over) -> Result<(), CompileError> {
        if !self.caps.window_functions {
            return Err(self.unsupported("window functions (OVER)"));
        }
        self.visit_expr(&o.func)?;
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
                return Err(self.unsupported("GROUPS window frames"));
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

    fn frame_bound(&mut self, b: FrameBound) -> Result<(), CompileError> {
        match b {
            FrameBound::UnboundedPreceding => self.push_sql("UNBOUNDED PRECEDING"),
            FrameBound::UnboundedFollowing => self.push_sql("UNBOUNDED FOLLOWING"),
            FrameBound::CurrentRow => self.push_sql("CURRENT ROW"),
            FrameBound::Preceding(n) | FrameBound::Following(n) => {
                if self.caps.bound_frame_offsets {
                    let v = Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
                    self.push_bind(v, BindName::Anon(ANON))?;
                } else {
                    super::compiler::push_usize(
                        &mut self.sql,
                        usize::try_from(n).unwrap_or(usize::MAX),
                    );
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

    fn visit_ordering(&mut self, o: &Ordering) -> Result<(), CompileError> {
        self.visit_expr(&o.expr)?;
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
    pub(crate) fn order_by_list(
        &mut self,
        items: &[Expr],
        columns: &[Expr],
    ) -> Result<(), CompileError> {
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

    fn order_term(&mut self, e: &Expr, columns: &[Expr]) -> Result<(), CompileError> {
        if let Node::Label(l) = &e.0 {
            let listed = columns.iter().any(|c| match &c.0 {
                Node::Label(cl) => Arc::ptr_eq(cl, l) || cl.name == l.name,
                _ => false,
            });
            if listed {
                let name = l.name.clone();
                self.push_identifier(&name);
                return Ok(());
            }
        }
        self.visit_expr(e)
    }

    /// Renders a `text()` fragment or statement, binding its `:name` parameters.
    pub(crate) fn text_clause(&mut self, t: &TextClause) -> Result<(), CompileError> {
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
    fn named_bind(&mut self, name: &Arc<str>, own: Option<&Value>) -> Result<(), CompileError> {
        let name = name.clone();
        if let Some(i) = self.overrides.iter().position(|(n, _, _)| *n == name) {
            let (_, v, addr) = &self.overrides[i];
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
    pub(crate) fn push_type(
        &mut self,
        ty: &Type,
        ctx: super::TypeContext,
    ) -> Result<(), CompileError> {
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

/// The base name of a bind compared with `e`: the column's name, or `param`.
fn bind_base(e: &Expr) -> Arc<str> {
    match &e.0 {
        Node::Column(c) => c.name().as_arc().clone(),
        Node::Label(l) => l.name.as_arc().clone(),
        _ => Arc::from(ANON),
    }
}
