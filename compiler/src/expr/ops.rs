//! Rust operator overloads on [`Expr`]: `&` (AND), `|` (OR), `!` (NOT),
//! `+ - * / %` and unary `-`.
//!
//! `+` on a text expression is concatenation, as in SQLAlchemy; `/` is true
//! division (integer operands are cast so the result keeps its fraction),
//! use [`Expr::floordiv`] for integer division.

use crate::shared::Shared;
use std::ops;

use super::operators::binary;
use super::{BinaryOp, Expr, Node, Unary, UnaryOp};

impl<T: Into<Expr>> ops::BitAnd<T> for Expr {
    type Output = Expr;
    fn bitand(self, rhs: T) -> Expr {
        self.and(rhs)
    }
}

impl<T: Into<Expr>> ops::BitOr<T> for Expr {
    type Output = Expr;
    fn bitor(self, rhs: T) -> Expr {
        self.or(rhs)
    }
}

impl ops::Not for Expr {
    type Output = Expr;
    /// Logical negation. Comparisons flip (`NOT (a = b)` is `a != b`),
    /// `LIKE`, `IN` and `BETWEEN` take `NOT`, anything else becomes `NOT (...)`.
    fn not(self) -> Expr {
        super::operators::negate(self)
    }
}

impl ops::Neg for Expr {
    type Output = Expr;
    fn neg(self) -> Expr {
        Expr(Node::Unary(Shared::new(Unary {
            op: UnaryOp::Neg,
            operand: self,
        })))
    }
}

fn is_texty(e: &Expr) -> bool {
    match &e.0 {
        Node::Value(v) => v.as_str().is_some(),
        _ => e.sql_type().is_some_and(|t| t.is_string()),
    }
}

impl<T: Into<Expr>> ops::Add<T> for Expr {
    type Output = Expr;
    fn add(self, rhs: T) -> Expr {
        let rhs = rhs.into();
        let op = if is_texty(&self) || (self.sql_type().is_none() && is_texty(&rhs)) {
            BinaryOp::Concat
        } else {
            BinaryOp::Add
        };
        binary(self, op, rhs)
    }
}

macro_rules! arith {
    ($tr:ident, $m:ident, $op:expr) => {
        impl<T: Into<Expr>> ops::$tr<T> for Expr {
            type Output = Expr;
            fn $m(self, rhs: T) -> Expr {
                binary(self, $op, rhs.into())
            }
        }
    };
}
arith!(Sub, sub, BinaryOp::Sub);
arith!(Mul, mul, BinaryOp::Mul);
arith!(Div, div, BinaryOp::Div);
arith!(Rem, rem, BinaryOp::Mod);
