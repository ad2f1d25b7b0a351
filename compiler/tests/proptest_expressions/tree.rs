//! Expression trees: the random, typed trees (integers, booleans and text)
//! and their compact rendering for failure reports.

use std::cmp::Ordering;
use std::fmt;

use aludel_compiler::prelude::*;

use crate::fixture::Col;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ArithOp {
    Add,
    Sub,
    Mul,
    /// `%`
    Mod,
    /// `/`: true division for integer-typed operands.
    Div,
    /// `floordiv`: the database's integer division.
    FloorDiv,
}

impl ArithOp {
    fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Mod => "%",
            ArithOp::Div => "/",
            ArithOp::FloorDiv => "//",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub(crate) const ALL: [CmpOp; 6] = [
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
    ];

    fn method(self) -> &'static str {
        match self {
            CmpOp::Eq => "eq",
            CmpOp::Ne => "ne",
            CmpOp::Lt => "lt",
            CmpOp::Le => "le",
            CmpOp::Gt => "gt",
            CmpOp::Ge => "ge",
        }
    }

    pub(crate) fn apply(self, l: Expr, r: Expr) -> Expr {
        match self {
            CmpOp::Eq => l.eq(r),
            CmpOp::Ne => l.ne(r),
            CmpOp::Lt => l.lt(r),
            CmpOp::Le => l.le(r),
            CmpOp::Gt => l.gt(r),
            CmpOp::Ge => l.ge(r),
        }
    }

    pub(crate) fn holds(self, ord: Ordering) -> bool {
        match self {
            CmpOp::Eq => ord == Ordering::Equal,
            CmpOp::Ne => ord != Ordering::Equal,
            CmpOp::Lt => ord == Ordering::Less,
            CmpOp::Le => ord != Ordering::Greater,
            CmpOp::Gt => ord == Ordering::Greater,
            CmpOp::Ge => ord != Ordering::Less,
        }
    }

    /// `eq`/`ne` with a bare `null()` on the right become `IS [NOT] NULL`.
    pub(crate) fn null_test(self) -> Option<bool> {
        match self {
            CmpOp::Eq => Some(false),
            CmpOp::Ne => Some(true),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LogicOp {
    And,
    Or,
}

/// How an AND/OR is built: `and_([...])` or the `&`/`|` operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LogicStyle {
    Function,
    Operator,
}

/// An integer-valued expression (its value may be REAL after `/`).
#[derive(Clone)]
pub(crate) enum IntExpr {
    Lit(i64),
    Null,
    Col(Col),
    Arith(ArithOp, Box<IntExpr>, Box<IntExpr>),
    Neg(Box<IntExpr>),
    /// `CAST(x AS INTEGER)`
    Cast(Box<IntExpr>),
    /// `CASE WHEN c THEN r ... [ELSE e] END`
    Case(Vec<(BoolExpr, IntExpr)>, Option<Box<IntExpr>>),
    /// `CASE x WHEN v THEN r ... [ELSE e] END`
    SimpleCase(Box<IntExpr>, Vec<(IntExpr, IntExpr)>, Option<Box<IntExpr>>),
    /// A boolean used as a number (0/1/NULL in SQLite).
    FromBool(Box<BoolExpr>),
}

/// A boolean expression (`0`/`1`/NULL in SQLite).
#[derive(Clone)]
pub(crate) enum BoolExpr {
    Const(bool),
    Null,
    Cmp(CmpOp, Box<IntExpr>, Box<IntExpr>),
    /// `p.eq(q)` (or `ne` when negated) between booleans.
    BoolEq(bool, Box<BoolExpr>, Box<BoolExpr>),
    TextCmp(CmpOp, Box<TextExpr>, Box<TextExpr>),
    Logic(LogicOp, LogicStyle, Vec<BoolExpr>),
    Not(Box<BoolExpr>),
    /// `x [NOT] BETWEEN lo AND hi`
    Between(bool, Box<IntExpr>, Box<IntExpr>, Box<IntExpr>),
    /// `x [NOT] IN (items)`, items possibly empty.
    In(bool, Box<IntExpr>, Vec<IntExpr>),
    /// `x IS [NOT] NULL`
    IsNull(bool, Box<AnyExpr>),
    Case(Vec<(BoolExpr, BoolExpr)>, Option<Box<BoolExpr>>),
}

/// A text expression.
#[derive(Clone)]
pub(crate) enum TextExpr {
    Lit(String),
    Null,
    /// `x.concat(y)` (`x || y` on SQLite).
    Concat(Box<AnyExpr>, Box<AnyExpr>),
    Case(Vec<(BoolExpr, TextExpr)>, Option<Box<TextExpr>>),
}

/// An expression of any of the three sorts (also the root of a test tree).
#[derive(Clone)]
pub(crate) enum AnyExpr {
    Int(IntExpr),
    Bool(BoolExpr),
    Text(TextExpr),
}

// Compact, fully parenthesized rendering for failure reports. `x // y` is
// `floordiv`, `eq`/`ne`/... are the comparison methods.

fn write_list<T: fmt::Debug>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item:?}")?;
    }
    Ok(())
}

fn write_case<C: fmt::Debug, R: fmt::Debug, E: fmt::Debug>(
    f: &mut fmt::Formatter<'_>,
    subject: Option<&E>,
    whens: &[(C, R)],
    else_: Option<&R>,
) -> fmt::Result {
    f.write_str("CASE")?;
    if let Some(s) = subject {
        write!(f, " {s:?}")?;
    }
    for (c, r) in whens {
        write!(f, " WHEN {c:?} THEN {r:?}")?;
    }
    if let Some(e) = else_ {
        write!(f, " ELSE {e:?}")?;
    }
    f.write_str(" END")
}

impl fmt::Debug for IntExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntExpr::Lit(v) => write!(f, "{v}"),
            IntExpr::Null => f.write_str("null"),
            IntExpr::Col(c) => f.write_str(c.name()),
            IntExpr::Arith(op, l, r) => write!(f, "({l:?} {} {r:?})", op.symbol()),
            IntExpr::Neg(x) => write!(f, "-({x:?})"),
            IntExpr::Cast(x) => write!(f, "cast_int({x:?})"),
            IntExpr::Case(whens, else_) => {
                write_case::<BoolExpr, IntExpr, IntExpr>(f, None, whens, else_.as_deref())
            }
            IntExpr::SimpleCase(subject, whens, else_) => {
                write_case(f, Some(subject), whens, else_.as_deref())
            }
            IntExpr::FromBool(b) => write!(f, "{b:?}"),
        }
    }
}

impl fmt::Debug for BoolExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BoolExpr::Const(b) => write!(f, "{b}"),
            BoolExpr::Null => f.write_str("null"),
            BoolExpr::Cmp(op, l, r) => write!(f, "({l:?}).{}({r:?})", op.method()),
            BoolExpr::BoolEq(negated, l, r) => {
                let m = if *negated { "ne" } else { "eq" };
                write!(f, "({l:?}).{m}({r:?})")
            }
            BoolExpr::TextCmp(op, l, r) => write!(f, "({l:?}).{}({r:?})", op.method()),
            BoolExpr::Logic(op, style, items) => {
                match (op, style) {
                    (LogicOp::And, LogicStyle::Function) => f.write_str("and_[")?,
                    (LogicOp::Or, LogicStyle::Function) => f.write_str("or_[")?,
                    (LogicOp::And, LogicStyle::Operator) => f.write_str("&[")?,
                    (LogicOp::Or, LogicStyle::Operator) => f.write_str("|[")?,
                }
                write_list(f, items)?;
                f.write_str("]")
            }
            BoolExpr::Not(x) => write!(f, "!({x:?})"),
            BoolExpr::Between(negated, x, lo, hi) => {
                let m = if *negated { "not_between" } else { "between" };
                write!(f, "({x:?}).{m}({lo:?}, {hi:?})")
            }
            BoolExpr::In(negated, x, items) => {
                write!(f, "({x:?}).{}([", if *negated { "not_in" } else { "in_" })?;
                write_list(f, items)?;
                f.write_str("])")
            }
            BoolExpr::IsNull(negated, x) => {
                let m = if *negated { "is_not_null" } else { "is_null" };
                write!(f, "({x:?}).{m}()")
            }
            BoolExpr::Case(whens, else_) => {
                write_case::<BoolExpr, BoolExpr, BoolExpr>(f, None, whens, else_.as_deref())
            }
        }
    }
}

impl fmt::Debug for TextExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextExpr::Lit(s) => write!(f, "{s:?}"),
            TextExpr::Null => f.write_str("null"),
            TextExpr::Concat(l, r) => write!(f, "({l:?}).concat({r:?})"),
            TextExpr::Case(whens, else_) => {
                write_case::<BoolExpr, TextExpr, TextExpr>(f, None, whens, else_.as_deref())
            }
        }
    }
}

impl fmt::Debug for AnyExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnyExpr::Int(e) => write!(f, "{e:?}"),
            AnyExpr::Bool(e) => write!(f, "{e:?}"),
            AnyExpr::Text(e) => write!(f, "{e:?}"),
        }
    }
}
