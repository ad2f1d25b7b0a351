//! The model: SQLite's values and operators, evaluated directly in Rust.

use std::cmp::Ordering;

use rusqlite::types::Value as SqlValue;

use crate::tree::ArithOp;

/// A SQLite value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Val {
    pub(crate) fn from_bool(b: Option<bool>) -> Val {
        b.map_or(Val::Null, |b| Val::Int(i64::from(b)))
    }

    pub(crate) fn matches(&self, actual: &SqlValue) -> bool {
        match (self, actual) {
            (Val::Null, SqlValue::Null) => true,
            (Val::Int(a), SqlValue::Integer(b)) => a == b,
            (Val::Real(a), SqlValue::Real(b)) => a == b,
            (Val::Text(a), SqlValue::Text(b)) => a == b,
            _ => false,
        }
    }
}

/// Largest integer magnitude every `f64` conversion keeps exactly.
const EXACT_F64_INT: u64 = 1 << 53;

/// The model evaluator. Where SQLite's result depends on how a chain of `+`
/// or `*` is associated (integer overflow turning into REAL, rounded REAL
/// arithmetic) or on float formatting, the model gives up and the case is
/// discarded: those results are not about parenthesization.
#[derive(Default)]
pub(crate) struct Model {
    pub(crate) unpredictable: Option<&'static str>,
}

impl Model {
    fn give_up(&mut self, why: &'static str) {
        self.unpredictable.get_or_insert(why);
    }

    fn real_of(&mut self, v: &Val) -> Option<f64> {
        match v {
            Val::Int(i) => {
                if i.unsigned_abs() > EXACT_F64_INT {
                    self.give_up("large integer converted to REAL");
                }
                Some(*i as f64)
            }
            Val::Real(r) => Some(*r),
            Val::Null => None,
            Val::Text(_) => unreachable!("text in a numeric context"),
        }
    }

    /// A REAL result of SQLite arithmetic (`NaN` is NULL); `exact` says
    /// whether the operation was free of rounding.
    fn real(&mut self, r: f64, exact: bool) -> Val {
        if r.is_nan() {
            return Val::Null;
        }
        if !exact || !r.is_finite() {
            self.give_up("rounded REAL arithmetic");
        }
        Val::Real(r)
    }

    /// `+`, `-`, `*`: integer arithmetic, REAL on overflow or REAL operands.
    pub(crate) fn add_sub_mul(&mut self, op: ArithOp, l: &Val, r: &Val) -> Val {
        if let (Val::Int(a), Val::Int(b)) = (l, r) {
            let exact = match op {
                ArithOp::Add => a.checked_add(*b),
                ArithOp::Sub => a.checked_sub(*b),
                _ => a.checked_mul(*b),
            };
            if let Some(v) = exact {
                return Val::Int(v);
            }
            self.give_up("integer overflow");
        }
        let (Some(a), Some(b)) = (self.real_of(l), self.real_of(r)) else {
            return Val::Null;
        };
        match op {
            ArithOp::Add => {
                let s = a + b;
                self.real(s, two_sum_error(a, b, s) == 0.0)
            }
            ArithOp::Sub => {
                let s = a - b;
                self.real(s, two_sum_error(a, -b, s) == 0.0)
            }
            _ => {
                let p = a * b;
                self.real(p, a.mul_add(b, -p) == 0.0)
            }
        }
    }

    /// SQLite's own `/`: integer division truncating toward zero when both
    /// are integers, REAL division otherwise; dividing by zero is NULL.
    fn native_div(&mut self, l: &Val, r: &Val) -> Val {
        match (l, r) {
            (Val::Null, _) | (_, Val::Null) => Val::Null,
            (Val::Int(_), Val::Int(0)) => Val::Null,
            (Val::Int(a), Val::Int(b)) => match a.checked_div(*b) {
                Some(q) => Val::Int(q),
                None => {
                    self.give_up("integer overflow");
                    Val::Real(*a as f64 / *b as f64)
                }
            },
            _ => {
                let (Some(a), Some(b)) = (self.real_of(l), self.real_of(r)) else {
                    return Val::Null;
                };
                if b == 0.0 {
                    return Val::Null;
                }
                let q = a / b;
                self.real(q, q.mul_add(b, -a) == 0.0)
            }
        }
    }

    /// True division of integer-typed operands: `a / (b + 0.0)` on SQLite.
    fn true_div(&mut self, l: &Val, r: &Val) -> Val {
        let divisor = match self.real_of(r) {
            Some(b) => Val::Real(b),
            None => Val::Null,
        };
        self.native_div(l, &divisor)
    }

    /// `%`: operands truncated to integers, `x % 0` is NULL, `x % -1` is 0;
    /// REAL if either operand is REAL.
    fn rem(&mut self, l: &Val, r: &Val) -> Val {
        let (Some(a), Some(b)) = (int_value(l), int_value(r)) else {
            return Val::Null;
        };
        if b == 0 {
            return Val::Null;
        }
        let m = a % if b == -1 { 1 } else { b };
        if matches!(l, Val::Real(_)) || matches!(r, Val::Real(_)) {
            Val::Real(m as f64)
        } else {
            Val::Int(m)
        }
    }

    pub(crate) fn arith(&mut self, op: ArithOp, l: &Val, r: &Val, integer_typed: bool) -> Val {
        match op {
            ArithOp::Add | ArithOp::Sub | ArithOp::Mul => self.add_sub_mul(op, l, r),
            ArithOp::Mod => self.rem(l, r),
            ArithOp::Div if integer_typed => self.true_div(l, r),
            ArithOp::Div | ArithOp::FloorDiv => self.native_div(l, r),
        }
    }

    /// Text of a value in `||`.
    pub(crate) fn text_of(&mut self, v: &Val) -> Option<String> {
        match v {
            Val::Null => None,
            Val::Int(i) => Some(i.to_string()),
            Val::Text(s) => Some(s.clone()),
            Val::Real(r) => {
                // SQLite prints REALs with "%!.15g": the shortest form when it
                // has at most 15 significant digits and no exponent.
                let s = format!("{r}");
                let digits = s.chars().filter(char::is_ascii_digit).count();
                let plain = (1e-4..1e15).contains(&r.abs());
                if !plain || digits > 15 {
                    self.give_up("REAL formatted as text");
                }
                Some(if s.contains('.') { s } else { format!("{s}.0") })
            }
        }
    }
}

/// The rounding error of `s = a + b` (TwoSum); zero when the sum is exact.
fn two_sum_error(a: f64, b: f64, s: f64) -> f64 {
    let bb = s - a;
    (a - (s - bb)) + (b - bb)
}

/// SQLite's integer value of a number (REALs truncate toward zero, saturating).
pub(crate) fn int_value(v: &Val) -> Option<i64> {
    match v {
        Val::Int(i) => Some(*i),
        Val::Real(r) => Some(*r as i64),
        Val::Null => None,
        Val::Text(_) => unreachable!("text in a numeric context"),
    }
}

/// Exact comparison of an integer with a REAL, as SQLite does it.
fn cmp_int_real(i: i64, r: f64) -> Ordering {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if r >= TWO_63 {
        return Ordering::Less;
    }
    if r < -TWO_63 {
        return Ordering::Greater;
    }
    let whole = r.trunc();
    i.cmp(&(whole as i64))
        .then_with(|| 0.0_f64.total_cmp(&(r - whole)))
}

/// SQL comparison of two numbers, or NULL.
pub(crate) fn compare(l: &Val, r: &Val) -> Option<Ordering> {
    match (l, r) {
        (Val::Null, _) | (_, Val::Null) => None,
        (Val::Int(a), Val::Int(b)) => Some(a.cmp(b)),
        (Val::Int(a), Val::Real(b)) => Some(cmp_int_real(*a, *b)),
        (Val::Real(a), Val::Int(b)) => Some(cmp_int_real(*b, *a).reverse()),
        (Val::Real(a), Val::Real(b)) => a.partial_cmp(b),
        (Val::Text(a), Val::Text(b)) => Some(a.cmp(b)),
        _ => unreachable!("comparison across sorts"),
    }
}

pub(crate) fn sql_and(items: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
    let mut result = Some(true);
    for v in items {
        match v {
            Some(false) => return Some(false),
            None => result = None,
            Some(true) => {}
        }
    }
    result
}

pub(crate) fn sql_or(items: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
    let mut result = Some(false);
    for v in items {
        match v {
            Some(true) => return Some(true),
            None => result = None,
            Some(false) => {}
        }
    }
    result
}

/// `x IN (items)` with three-valued logic; an empty list is never true,
/// even for a NULL `x`.
pub(crate) fn sql_in(x: &Val, items: &[Val]) -> Option<bool> {
    if items.is_empty() {
        return Some(false);
    }
    if *x == Val::Null {
        return None;
    }
    sql_or(
        items
            .iter()
            .map(|v| compare(x, v).map(|o| o == Ordering::Equal)),
    )
}
