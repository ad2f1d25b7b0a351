//! Building the aludel expression of a tree and its expected value together.

use std::cmp::Ordering;

use aludel_compiler::prelude::*;

use crate::model::{Model, Val, compare, int_value, sql_and, sql_in, sql_or};
use crate::tree::{AnyExpr, ArithOp, BoolExpr, CmpOp, IntExpr, LogicOp, LogicStyle, TextExpr};

fn is_integer_typed(e: &Expr) -> bool {
    e.sql_type().is_some_and(|t| t.is_integer())
}

/// A `CASE` result: the first WHEN that is true, else the ELSE, else NULL.
fn pick_case<T: Clone>(conds: &[Option<bool>], results: &[T], else_: Option<T>) -> Option<T> {
    conds
        .iter()
        .position(|c| *c == Some(true))
        .map(|i| results[i].clone())
        .or(else_)
}

pub(crate) struct Builder<'a> {
    table: &'a Table,
    pub(crate) model: Model,
}

impl Builder<'_> {
    pub(crate) fn new(table: &Table) -> Builder<'_> {
        Builder {
            table,
            model: Model::default(),
        }
    }

    pub(crate) fn any(&mut self, e: &AnyExpr) -> (Expr, Val) {
        match e {
            AnyExpr::Int(e) => self.int(e),
            AnyExpr::Bool(e) => {
                let (x, v) = self.boolean(e);
                (x, Val::from_bool(v))
            }
            AnyExpr::Text(e) => {
                let (x, v) = self.text(e);
                (x, v.map_or(Val::Null, Val::Text))
            }
        }
    }

    /// A searched CASE whose branches `branch` builds; its value is the
    /// first branch whose condition is true, else the ELSE branch's.
    fn searched_case<T, V: Clone>(
        &mut self,
        whens: &[(BoolExpr, T)],
        else_: Option<&T>,
        branch: fn(&mut Self, &T) -> (Expr, V),
    ) -> (Expr, Option<V>) {
        let mut case_expr = case();
        let mut conds = Vec::new();
        let mut results = Vec::new();
        for (c, r) in whens {
            let (ce, cv) = self.boolean(c);
            let (re, rv) = branch(self, r);
            case_expr = case_expr.when(ce, re);
            conds.push(cv);
            results.push(rv);
        }
        let else_ = else_.map(|e| branch(self, e));
        let value = pick_case(&conds, &results, else_.as_ref().map(|e| e.1.clone()));
        let expr = match else_ {
            Some((ee, _)) => case_expr.else_(ee),
            None => case_expr.end(),
        };
        (expr, value)
    }

    fn int(&mut self, e: &IntExpr) -> (Expr, Val) {
        match e {
            IntExpr::Lit(v) => (literal(*v), Val::Int(*v)),
            IntExpr::Null => (null(), Val::Null),
            IntExpr::Col(c) => (
                self.table.c(c.name()),
                c.value().map_or(Val::Null, Val::Int),
            ),
            IntExpr::Arith(op, l, r) => {
                let (mut le, lv) = self.int(l);
                let (mut re, rv) = self.int(r);
                let integer_typed = is_integer_typed(&le) && is_integer_typed(&re);
                let (lv, rv) = if *op == ArithOp::FloorDiv && !integer_typed {
                    // `floordiv` of operands not typed as integers renders
                    // FLOOR(a / b), a function SQLite lacks unless built with
                    // its math functions (see `floordiv_of_untyped_operands`):
                    // cast the operands so the integer path is taken.
                    le = cast(le, Type::Integer);
                    re = cast(re, Type::Integer);
                    (cast_int(&lv), cast_int(&rv))
                } else {
                    (lv, rv)
                };
                let expr = match op {
                    ArithOp::Add => le + re,
                    ArithOp::Sub => le - re,
                    ArithOp::Mul => le * re,
                    ArithOp::Mod => le % re,
                    ArithOp::Div => le / re,
                    ArithOp::FloorDiv => le.floordiv(re),
                };
                let value = self.model.arith(*op, &lv, &rv, integer_typed);
                (expr, value)
            }
            IntExpr::Neg(x) => {
                let (xe, xv) = self.int(x);
                // SQLite computes `-x` as `0 - x`.
                let value = self.model.add_sub_mul(ArithOp::Sub, &Val::Int(0), &xv);
                (-xe, value)
            }
            IntExpr::Cast(x) => {
                let (xe, xv) = self.int(x);
                (cast(xe, Type::Integer), cast_int(&xv))
            }
            IntExpr::Case(whens, else_) => {
                let (expr, value) = self.searched_case(whens, else_.as_deref(), Self::int);
                (expr, value.unwrap_or(Val::Null))
            }
            IntExpr::SimpleCase(subject, whens, else_) => {
                let (se, sv) = self.int(subject);
                let mut case_expr = Case::value(se);
                let mut conds = Vec::new();
                let mut results = Vec::new();
                for (w, r) in whens {
                    let (we, wv) = self.int(w);
                    let (re, rv) = self.int(r);
                    case_expr = case_expr.when(we, re);
                    conds.push(compare(&sv, &wv).map(|o| o == Ordering::Equal));
                    results.push(rv);
                }
                let else_ = else_.as_ref().map(|e| self.int(e));
                let value = pick_case(&conds, &results, else_.as_ref().map(|e| e.1.clone()));
                let expr = match else_ {
                    Some((ee, _)) => case_expr.else_(ee),
                    None => case_expr.end(),
                };
                (expr, value.unwrap_or(Val::Null))
            }
            IntExpr::FromBool(b) => {
                let (be, bv) = self.boolean(b);
                (be, Val::from_bool(bv))
            }
        }
    }

    fn boolean(&mut self, e: &BoolExpr) -> (Expr, Option<bool>) {
        match e {
            BoolExpr::Const(true) => (true_(), Some(true)),
            BoolExpr::Const(false) => (false_(), Some(false)),
            BoolExpr::Null => (null(), None),
            BoolExpr::Cmp(op, l, r) => {
                let (le, lv) = self.int(l);
                let (re, rv) = self.int(r);
                let null_rhs = is_bare_null(&re);
                (op.apply(le, re), comparison(*op, &lv, &rv, null_rhs))
            }
            BoolExpr::BoolEq(negated, l, r) => {
                let (le, lv) = self.boolean(l);
                let (re, rv) = self.boolean(r);
                let op = if *negated { CmpOp::Ne } else { CmpOp::Eq };
                let null_rhs = is_bare_null(&re);
                let value = comparison(op, &Val::from_bool(lv), &Val::from_bool(rv), null_rhs);
                (op.apply(le, re), value)
            }
            BoolExpr::TextCmp(op, l, r) => {
                let (le, lv) = self.text(l);
                let (re, rv) = self.text(r);
                let null_rhs = is_bare_null(&re);
                let lv = lv.map_or(Val::Null, Val::Text);
                let rv = rv.map_or(Val::Null, Val::Text);
                (op.apply(le, re), comparison(*op, &lv, &rv, null_rhs))
            }
            BoolExpr::Logic(op, style, items) => {
                let (exprs, values): (Vec<Expr>, Vec<Option<bool>>) =
                    items.iter().map(|i| self.boolean(i)).unzip();
                let expr = match (op, style) {
                    (LogicOp::And, LogicStyle::Function) => and_(exprs),
                    (LogicOp::Or, LogicStyle::Function) => or_(exprs),
                    (LogicOp::And, LogicStyle::Operator) => {
                        exprs.into_iter().reduce(|a, b| a & b).unwrap_or_else(true_)
                    }
                    (LogicOp::Or, LogicStyle::Operator) => exprs
                        .into_iter()
                        .reduce(|a, b| a | b)
                        .unwrap_or_else(false_),
                };
                let value = match op {
                    LogicOp::And => sql_and(values),
                    LogicOp::Or => sql_or(values),
                };
                (expr, value)
            }
            BoolExpr::Not(x) => {
                let (xe, xv) = self.boolean(x);
                (!xe, xv.map(|b| !b))
            }
            BoolExpr::Between(negated, x, lo, hi) => {
                let (xe, xv) = self.int(x);
                let (le, lv) = self.int(lo);
                let (he, hv) = self.int(hi);
                let inside = sql_and([
                    compare(&xv, &lv).map(|o| o != Ordering::Less),
                    compare(&xv, &hv).map(|o| o != Ordering::Greater),
                ]);
                if *negated {
                    (xe.not_between(le, he), inside.map(|b| !b))
                } else {
                    (xe.between(le, he), inside)
                }
            }
            BoolExpr::In(negated, x, items) => {
                let (xe, xv) = self.int(x);
                let (item_exprs, item_values): (Vec<Expr>, Vec<Val>) =
                    items.iter().map(|i| self.int(i)).unzip();
                let found = sql_in(&xv, &item_values);
                if *negated {
                    (xe.not_in(item_exprs), found.map(|b| !b))
                } else {
                    (xe.in_(item_exprs), found)
                }
            }
            BoolExpr::IsNull(negated, x) => {
                let (xe, xv) = self.any(x);
                let is_null = xv == Val::Null;
                if *negated {
                    (xe.is_not_null(), Some(!is_null))
                } else {
                    (xe.is_null(), Some(is_null))
                }
            }
            BoolExpr::Case(whens, else_) => {
                let (expr, value) = self.searched_case(whens, else_.as_deref(), Self::boolean);
                (expr, value.flatten())
            }
        }
    }

    fn text(&mut self, e: &TextExpr) -> (Expr, Option<String>) {
        match e {
            TextExpr::Lit(s) => (literal(s.as_str()), Some(s.clone())),
            TextExpr::Null => (null(), None),
            TextExpr::Concat(l, r) => {
                let (le, lv) = self.any(l);
                let (re, rv) = self.any(r);
                let value = match (self.model.text_of(&lv), self.model.text_of(&rv)) {
                    (Some(a), Some(b)) => Some(a + &b),
                    _ => None,
                };
                (le.concat(re), value)
            }
            TextExpr::Case(whens, else_) => {
                let (expr, value) = self.searched_case(whens, else_.as_deref(), Self::text);
                (expr, value.flatten())
            }
        }
    }
}

/// Whether `e` is a bare `null()`, which `eq`/`ne` turn into `IS [NOT] NULL`
/// (also after `and_`/`or_`/`not` simplified it to one).
fn is_bare_null(e: &Expr) -> bool {
    e.to_string() == "NULL"
}

/// `CAST(x AS INTEGER)` in SQLite.
fn cast_int(v: &Val) -> Val {
    int_value(v).map_or(Val::Null, Val::Int)
}

/// A comparison; `eq`/`ne` against a bare `null()` are `IS [NOT] NULL`.
fn comparison(op: CmpOp, l: &Val, r: &Val, null_rhs: bool) -> Option<bool> {
    match op.null_test() {
        Some(negated) if null_rhs => Some((*l == Val::Null) != negated),
        _ => compare(l, r).map(|o| op.holds(o)),
    }
}
