//! Rendering of binary operators, LIKE, IN and BETWEEN.

use super::{bind_base, is_int};
use crate::dialect::compiler::{BindName, Compiler};
use crate::dialect::select::Nesting;
use crate::dialect::{
    ConcatStyle, EmptyIn, FullTextStyle, NullSafeEquality, RegexpStyle, TrueDivision,
};
use crate::error::{CompileError, Fallible};
use crate::expr::precedence::{self, ADD, CMP, MUL};
use crate::expr::{Between, Binary, BinaryOp, In, InItems, Like, Node};
use crate::value::Value;

/// A comparison operator with its spaces (` = `), written in one copy;
/// `None` for the other operators.
#[inline(always)]
pub(super) fn spaced_comparison(op: BinaryOp) -> Option<&'static str> {
    Some(match op {
        BinaryOp::Eq => " = ",
        BinaryOp::Ne => " != ",
        BinaryOp::Lt => " < ",
        BinaryOp::Le => " <= ",
        BinaryOp::Gt => " > ",
        BinaryOp::Ge => " >= ",
        _ => return None,
    })
}

/// `LIKE` with its spaces, or its negated or case-insensitive form.
#[inline(always)]
pub(super) fn like_keyword(negated: bool, ilike: bool) -> &'static str {
    match (negated, ilike) {
        (false, false) => " LIKE ",
        (true, false) => " NOT LIKE ",
        (false, true) => " ILIKE ",
        (true, true) => " NOT ILIKE ",
    }
}

impl Compiler<'_> {
    pub(super) fn visit_binary(&mut self, b: &Binary) -> Fallible {
        let prec = precedence::of_binary(b.op);
        // the commonest operators with their spaces: one copy
        if let Some(spaced) = spaced_comparison(b.op) {
            return self.visit_spaced(b, prec, spaced);
        }
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
                    let quotient = |c: &mut Self| -> Fallible {
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
                    return self.operands_call(f, b);
                }
                "%"
            }
            // The comparisons returned above, written with their spaces in
            // one copy; these arms keep the match whole and spell them the
            // same way.
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Is => "IS",
            BinaryOp::IsNot => "IS NOT",
            BinaryOp::BitAnd => "&",
            BinaryOp::BitOr => "|",
            BinaryOp::BitXor => match self.caps.bitwise_xor {
                Some(op) => op,
                None => return Err(self.unsupported("bitwise XOR").into()),
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

    /// `left<op>right`, with `spaced_op` holding its spaces (` = `).
    fn visit_spaced(&mut self, b: &Binary, prec: u8, spaced_op: &str) -> Fallible {
        self.visit_operand(&b.left, prec, Some(b.op))?;
        self.push_sql(spaced_op);
        self.visit_value_operand(&b.right, &b.left, prec, Some(b.op))
    }

    /// An operator spelled as a function of its operands: `f(left, right)`.
    fn operands_call(&mut self, f: &str, b: &Binary) -> Fallible {
        self.push_sql(f);
        self.push_char('(');
        self.visit(&b.left)?;
        self.push_sql(", ");
        self.visit_value_operand(&b.right, &b.left, 0, None)?;
        self.push_char(')');
        Ok(())
    }

    fn visit_concat(&mut self, b: &Binary) -> Fallible {
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

    fn visit_distinct_from(&mut self, b: &Binary) -> Fallible {
        let negated = b.op == BinaryOp::IsDistinctFrom;
        match self.caps.null_safe_equality {
            NullSafeEquality::IsDistinctFrom | NullSafeEquality::Is => {
                let op = match (self.caps.null_safe_equality, negated) {
                    (NullSafeEquality::Is, true) => " IS NOT ",
                    (NullSafeEquality::Is, false) => " IS ",
                    (_, true) => " IS DISTINCT FROM ",
                    (_, false) => " IS NOT DISTINCT FROM ",
                };
                self.visit_operand(&b.left, CMP, None)?;
                self.push_sql(op);
                self.visit_value_operand(&b.right, &b.left, CMP, None)
            }
            NullSafeEquality::Spaceship => {
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
            NullSafeEquality::Intersect | NullSafeEquality::Decode
                if is_condition(&b.left) || is_condition(&b.right) =>
            {
                Err(CompileError::unsupported_with(
                    "IS [NOT] DISTINCT FROM between conditions",
                    self.dialect.name(),
                    "a condition is no value here: compare CASE WHEN <condition> THEN 1 \
                     ELSE 0 END instead",
                )
                .into())
            }
            NullSafeEquality::Intersect => {
                self.push_sql(if negated {
                    "NOT EXISTS (SELECT "
                } else {
                    "EXISTS (SELECT "
                });
                self.visit_value_operand(&b.left, &b.right, 0, None)?;
                self.push_sql(" INTERSECT SELECT ");
                self.visit_value_operand(&b.right, &b.left, 0, None)?;
                self.push_char(')');
                Ok(())
            }
            NullSafeEquality::Decode => {
                self.push_sql("DECODE(");
                self.visit_value_operand(&b.left, &b.right, 0, None)?;
                self.push_sql(", ");
                self.visit_value_operand(&b.right, &b.left, 0, None)?;
                self.push_sql(if negated {
                    ", 0, 1) = 1"
                } else {
                    ", 0, 1) = 0"
                });
                Ok(())
            }
            NullSafeEquality::None => Err(CompileError::unsupported_with(
                "IS [NOT] DISTINCT FROM",
                self.dialect.name(),
                "compare with (a = b OR (a IS NULL AND b IS NULL)) written out",
            )
            .into()),
        }
    }

    fn visit_regexp(&mut self, b: &Binary) -> Fallible {
        let negated = b.op == BinaryOp::NotRegexpMatch;
        match self.caps.regexp {
            RegexpStyle::None => Err(self.unsupported("regular expression matching").into()),
            RegexpStyle::Function(f) => {
                if negated {
                    self.push_sql("NOT ");
                }
                self.operands_call(f, b)
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

    fn visit_match(&mut self, b: &Binary) -> Fallible {
        match self.caps.full_text {
            FullTextStyle::TsQuery => {
                self.visit_operand(&b.left, CMP, None)?;
                self.push_sql(" @@ plainto_tsquery(");
                self.visit_value_operand(&b.right, &b.left, 0, None)?;
                self.push_char(')');
            }
            FullTextStyle::MatchAgainst => {
                self.push_sql("MATCH (");
                self.visit(&b.left)?;
                self.push_sql(") AGAINST (");
                self.visit_value_operand(&b.right, &b.left, 0, None)?;
                self.push_sql(" IN BOOLEAN MODE)");
            }
            FullTextStyle::MatchOperator => {
                self.visit_operand(&b.left, CMP, None)?;
                self.push_sql(" MATCH ");
                self.visit_value_operand(&b.right, &b.left, CMP, None)?;
            }
            FullTextStyle::None => return Err(self.unsupported("MATCH (full-text search)").into()),
        }
        Ok(())
    }

    pub(super) fn visit_like(&mut self, l: &Like) -> Fallible {
        let lower = l.case_insensitive && !self.caps.ilike;
        if lower {
            self.push_sql("lower(");
            self.visit(&l.expr)?;
            self.push_char(')');
        } else {
            self.visit_operand(&l.expr, CMP, None)?;
        }
        self.push_sql(like_keyword(
            l.negated,
            l.case_insensitive && self.caps.ilike,
        ));
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
                .render_literal(&Value::from(esc.to_string()), &mut s)?;
            self.push_sql(&s);
        }
        Ok(())
    }

    pub(super) fn visit_in(&mut self, i: &In) -> Fallible {
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
                        (Node::Value(v), _) => self.push_bind_ref(v, BindName::Anon(base))?,
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
                        _ => self.visit(item)?,
                    }
                }
                self.push_char(')');
            }
            InItems::Select(s) => {
                self.push_char('(');
                self.nested_select(s, Nesting::Expression)?;
                self.push_char(')');
            }
        }
        if i.negated {
            self.push_char(')');
        }
        Ok(())
    }

    pub(super) fn visit_between(&mut self, b: &Between) -> Fallible {
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
}

/// A condition (a comparison, AND/OR, NOT, LIKE, IN, BETWEEN, EXISTS): a
/// value only where the database has booleans, so not in a SELECT list or
/// a function argument on SQL Server and Oracle.
fn is_condition(e: &crate::expr::Expr) -> bool {
    match &e.0 {
        Node::Binary(b) => {
            b.op.is_comparison()
                || matches!(
                    b.op,
                    BinaryOp::RegexpMatch | BinaryOp::NotRegexpMatch | BinaryOp::Match
                )
        }
        Node::Unary(u) => u.op == crate::expr::UnaryOp::Not,
        Node::Bool(_) | Node::Like(_) | Node::In(_) | Node::Between(_) | Node::Exists(_) => true,
        Node::Grouping(g) => is_condition(g),
        _ => false,
    }
}
