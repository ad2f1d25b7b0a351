//! Operator precedence (for parenthesization) and expression type inference.
//!
//! The numbers follow SQLAlchemy's table: higher binds tighter. A child is
//! parenthesized when its precedence is not higher than its parent
//! operator's, except for a chain of the same associative operator
//! (`a AND b AND c`, `a + b + c`).

use super::{BinaryOp, BoolOp, Expr, Known, Node, UnaryOp};
use crate::types::Type;
use crate::value::Value;

/// Never needs parentheses: columns, values, function calls, CASE, CAST, subqueries.
pub(crate) const ATOM: u8 = 100;
/// `*`, `/`, `%`, unary minus, bitwise not.
pub(crate) const MUL: u8 = 8;
/// `+`, `-`, bitwise operators.
pub(crate) const ADD: u8 = 7;
/// Comparisons, LIKE, IN, IS, BETWEEN, NOT, concatenation, MATCH.
pub(crate) const CMP: u8 = 5;
/// COLLATE.
pub(crate) const COLLATE: u8 = 4;
/// AND.
pub(crate) const AND: u8 = 3;
/// OR.
pub(crate) const OR: u8 = 2;
/// EXISTS, raw text fragments: always parenthesized inside an operator.
pub(crate) const LOWEST: u8 = 0;

pub(crate) fn of_binary(op: BinaryOp) -> u8 {
    use BinaryOp::*;
    match op {
        Mul | Div | FloorDiv | Mod => MUL,
        Add | Sub | BitAnd | BitOr | BitXor => ADD,
        _ => CMP,
    }
}

/// Operators for which `a op b op c` needs no parentheses.
pub(crate) fn is_associative(op: BinaryOp) -> bool {
    matches!(op, BinaryOp::Add | BinaryOp::Mul | BinaryOp::Concat)
}

/// The precedence of an expression's top operator. In line for the
/// commonest nodes (a criterion's comparison, LIKE or IN, a column, a
/// value); the others in [`of_other`], whose recursion and dynamic call
/// made every call pay for saving registers (about 30 instructions a
/// call, where these take a few).
#[inline]
pub(crate) fn of(e: &Expr) -> u8 {
    match &e.0 {
        Node::Binary(b) => of_binary(b.op),
        Node::Like(_) | Node::In(_) | Node::Between(_) => CMP,
        Node::Column(_) | Node::Value(_) => ATOM,
        _ => of_other(e),
    }
}

/// [`of`] for the nodes it does not answer itself, out of line.
#[inline(never)]
fn of_other(e: &Expr) -> u8 {
    match &e.0 {
        Node::Bool(b) => match b.op {
            BoolOp::And => AND,
            BoolOp::Or => OR,
        },
        Node::Unary(u) => match u.op {
            UnaryOp::Not => CMP,
            UnaryOp::Neg | UnaryOp::BitNot => MUL,
        },
        Node::Collate(_) => COLLATE,
        Node::Exists(_) | Node::Text(_) => LOWEST,
        Node::Literal(s) if !is_simple_literal(s) => LOWEST,
        Node::Label(l) => of(&l.expr),
        Node::Ordering(o) => of(&o.expr),
        Node::Custom(c) => c.precedence(),
        _ => ATOM,
    }
}

/// `literal_column` text that is one token (a name, number or quoted
/// string) binds like a column; anything else is parenthesized inside operators.
fn is_simple_literal(s: &str) -> bool {
    let mut quote: Option<char> = None;
    for ch in s.chars() {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if ch == '\'' || ch == '"' || ch == '`' => quote = Some(ch),
            None if ch.is_alphanumeric() || matches!(ch, '_' | '.' | '$' | '*') => {}
            None => return false,
        }
    }
    !s.is_empty()
}

pub(crate) fn type_of_value(v: &Value) -> Option<Type> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => Type::Boolean,
        Value::Int(_) => Type::Integer,
        Value::Float(_) => Type::Float,
        Value::Text(_) => Type::String(None),
        Value::Bytes(_) => Type::LargeBinary,
        #[cfg(feature = "decimal")]
        Value::Decimal(_) => Type::Numeric {
            precision: None,
            scale: None,
        },
        #[cfg(feature = "chrono")]
        Value::Date(_) => Type::Date,
        #[cfg(feature = "chrono")]
        Value::Time(_) => Type::Time,
        #[cfg(feature = "chrono")]
        Value::DateTime(_) => Type::DateTime { timezone: false },
        #[cfg(feature = "chrono")]
        Value::DateTimeTz(_) => Type::DateTime { timezone: true },
        #[cfg(feature = "json")]
        Value::Json(_) => Type::Json,
        #[cfg(feature = "uuid")]
        Value::Uuid(_) => Type::Uuid,
    })
}

/// The SQL type of an expression, where it can be inferred.
pub(crate) fn type_of(e: &Expr) -> Option<Type> {
    match &e.0 {
        Node::Column(c) => c.ty().cloned(),
        Node::Value(v) => type_of_value(v),
        Node::Bind(b) => {
            b.ty.clone()
                .or_else(|| b.value.as_ref().and_then(type_of_value))
        }
        Node::True | Node::False => Some(Type::Boolean),
        Node::Binary(b) => {
            if b.op.is_comparison()
                || matches!(
                    b.op,
                    BinaryOp::RegexpMatch | BinaryOp::NotRegexpMatch | BinaryOp::Match
                )
            {
                return Some(Type::Boolean);
            }
            let (l, r) = (type_of(&b.left), type_of(&b.right));
            match b.op {
                BinaryOp::Div
                    if l.as_ref().is_some_and(Type::is_integer)
                        && r.as_ref().is_some_and(Type::is_integer) =>
                {
                    Some(Type::Numeric {
                        precision: None,
                        scale: None,
                    })
                }
                _ => l.or(r),
            }
        }
        Node::Bool(_) | Node::Like(_) | Node::In(_) | Node::Between(_) | Node::Exists(_) => {
            Some(Type::Boolean)
        }
        Node::Unary(u) => match u.op {
            UnaryOp::Not => Some(Type::Boolean),
            _ => type_of(&u.operand),
        },
        Node::Func(f) => match f.known {
            Some(Known::Count)
            | Some(Known::RowNumber)
            | Some(Known::Rank)
            | Some(Known::DenseRank)
            | Some(Known::CharLength)
            | Some(Known::Length) => Some(Type::Integer),
            Some(Known::Now) | Some(Known::CurrentTimestamp) | Some(Known::LocalTimestamp) => {
                Some(Type::DateTime { timezone: false })
            }
            Some(Known::CurrentDate) => Some(Type::Date),
            Some(Known::CurrentTime) => Some(Type::Time),
            Some(Known::Lower) | Some(Known::Upper) | Some(Known::Concat) => {
                Some(Type::String(None))
            }
            Some(Known::Sum)
            | Some(Known::Min)
            | Some(Known::Max)
            | Some(Known::Avg)
            | Some(Known::Coalesce) => f.args.first().and_then(type_of),
            _ => f.ty.clone(),
        },
        Node::Cast(c) => Some(c.ty.clone()),
        Node::Case(c) => c.whens.first().and_then(|(_, r)| type_of(r)),
        Node::Label(l) => type_of(&l.expr),
        Node::Over(o) => type_of(&o.func),
        Node::ScalarSelect(s) => s.0.columns().first().and_then(type_of),
        Node::Collate(c) => type_of(&c.expr),
        Node::Ordering(o) => type_of(&o.expr),
        Node::Distinct(d) => type_of(d),
        Node::Grouping(g) => type_of(g),
        Node::Excluded(x) => x.ty.clone(),
        Node::Null
        | Node::Literal(_)
        | Node::Star
        | Node::Text(_)
        | Node::Tuple(_)
        | Node::Custom(_)
        | Node::Invalid(_) => None,
    }
}
