//! Property tests for expression compilation.
//!
//! Random, typed expression trees (integers, booleans and text) are turned
//! both into an aludel [`Expr`] and into the value SQL gives them, computed
//! directly in Rust with SQLite's semantics: three-valued logic, integer
//! arithmetic with division by zero giving NULL, REAL results of true
//! division, and so on. The properties:
//!
//! * every tree compiles on every dialect without panicking, and the SQL of
//!   the successful compilations has balanced parentheses and one parameter
//!   per placeholder;
//! * the SQLite SQL (`SELECT <expr> FROM t`, with bound parameters and with
//!   literal binds) evaluates on a real SQLite database to the modelled value,
//!   which is how missing or misplaced parentheses show;
//! * inline literals never open an SQL comment (`-` then `-5` is `--5`);
//! * string literals rendered inline read back as the original string, on
//!   SQLite (executed) and under MySQL's and the SQL standard's escaping rules.
//!
//! Plain `#[test]`s keep the minimal failing cases found by the properties.
//!
//! The model also mirrors two documented choices of the API: comparing with
//! `null()` gives `IS NULL`/`IS NOT NULL`, and `/` between operands whose
//! static type is an integer is true division (`a / (b + 0.0)` on SQLite)
//! while other operands get the database's own `/`.

use std::cmp::Ordering;
use std::fmt;

use aludel_compiler::dialect::{Generic, Mariadb, Mysql, Postgres, Sqlite};
use aludel_compiler::prelude::*;
use aludel_compiler::{CompileOptions, Compiled, Dialect};
use proptest::prelude::*;
use proptest::strategy::Union;
use proptest::test_runner::Config;
use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;

// ---------------------------------------------------------------------------
// The one-row table `t(a, b, c)`.

/// The integer columns of `t` and their values in its only row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    A,
    B,
    C,
}

impl Col {
    const ALL: [Col; 3] = [Col::A, Col::B, Col::C];

    fn name(self) -> &'static str {
        match self {
            Col::A => "a",
            Col::B => "b",
            Col::C => "c",
        }
    }

    fn value(self) -> Option<i64> {
        match self {
            Col::A => Some(6),
            Col::B => Some(-4),
            Col::C => None,
        }
    }
}

/// The aludel table and an in-memory SQLite database holding its row.
struct Fixture {
    table: Table,
    conn: Connection,
}

impl Fixture {
    fn new() -> Fixture {
        let mut builder = MetaData::new().table("t");
        for col in Col::ALL {
            builder = builder.column(Column::new(col.name(), Type::Integer));
        }
        let table = builder.build().expect("table t builds");
        let conn = Connection::open_in_memory().expect("in-memory SQLite opens");
        let values: Vec<String> = Col::ALL
            .iter()
            .map(|c| {
                c.value()
                    .map_or_else(|| "NULL".to_owned(), |v| v.to_string())
            })
            .collect();
        conn.execute_batch(&format!(
            "CREATE TABLE t (a INTEGER, b INTEGER, c INTEGER); INSERT INTO t VALUES ({});",
            values.join(", ")
        ))
        .expect("table t is created");
        Fixture { table, conn }
    }

    /// Runs a compiled single-value query.
    fn query(&self, compiled: &Compiled) -> rusqlite::Result<SqlValue> {
        let params: Vec<SqlValue> = compiled.params.iter().map(to_sqlite).collect();
        self.conn.query_row(
            &compiled.sql,
            rusqlite::params_from_iter(params.iter()),
            |row| row.get(0),
        )
    }
}

thread_local! {
    static FIXTURE: Fixture = Fixture::new();
}

fn to_sqlite(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Int(i) => SqlValue::Integer(*i),
        Value::Float(f) => SqlValue::Real(*f),
        Value::Text(s) => SqlValue::Text(s.to_string()),
        Value::Bytes(b) => SqlValue::Blob(b.to_vec()),
        other => panic!("no SQLite value for {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Expression trees.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArithOp {
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
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    const ALL: [CmpOp; 6] = [
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

    fn apply(self, l: Expr, r: Expr) -> Expr {
        match self {
            CmpOp::Eq => l.eq(r),
            CmpOp::Ne => l.ne(r),
            CmpOp::Lt => l.lt(r),
            CmpOp::Le => l.le(r),
            CmpOp::Gt => l.gt(r),
            CmpOp::Ge => l.ge(r),
        }
    }

    fn holds(self, ord: Ordering) -> bool {
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
    fn null_test(self) -> Option<bool> {
        match self {
            CmpOp::Eq => Some(false),
            CmpOp::Ne => Some(true),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LogicOp {
    And,
    Or,
}

/// How an AND/OR is built: `and_([...])` or the `&`/`|` operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LogicStyle {
    Function,
    Operator,
}

/// An integer-valued expression (its value may be REAL after `/`).
#[derive(Clone)]
enum IntExpr {
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
enum BoolExpr {
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
enum TextExpr {
    Lit(String),
    Null,
    /// `x.concat(y)` (`x || y` on SQLite).
    Concat(Box<AnyExpr>, Box<AnyExpr>),
    Case(Vec<(BoolExpr, TextExpr)>, Option<Box<TextExpr>>),
}

/// An expression of any of the three sorts (also the root of a test tree).
#[derive(Clone)]
enum AnyExpr {
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

// ---------------------------------------------------------------------------
// The model: SQLite's values and operators.

/// A SQLite value.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Val {
    fn from_bool(b: Option<bool>) -> Val {
        b.map_or(Val::Null, |b| Val::Int(i64::from(b)))
    }

    fn matches(&self, actual: &SqlValue) -> bool {
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
struct Model {
    unpredictable: Option<&'static str>,
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
    fn add_sub_mul(&mut self, op: ArithOp, l: &Val, r: &Val) -> Val {
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

    fn arith(&mut self, op: ArithOp, l: &Val, r: &Val, integer_typed: bool) -> Val {
        match op {
            ArithOp::Add | ArithOp::Sub | ArithOp::Mul => self.add_sub_mul(op, l, r),
            ArithOp::Mod => self.rem(l, r),
            ArithOp::Div if integer_typed => self.true_div(l, r),
            ArithOp::Div | ArithOp::FloorDiv => self.native_div(l, r),
        }
    }

    /// Text of a value in `||`.
    fn text_of(&mut self, v: &Val) -> Option<String> {
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
fn int_value(v: &Val) -> Option<i64> {
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
fn compare(l: &Val, r: &Val) -> Option<Ordering> {
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

fn sql_and(items: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
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

fn sql_or(items: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
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
fn sql_in(x: &Val, items: &[Val]) -> Option<bool> {
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

// ---------------------------------------------------------------------------
// Building the aludel expression and its expected value together.

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

struct Builder<'a> {
    table: &'a Table,
    model: Model,
}

impl Builder<'_> {
    fn new(table: &Table) -> Builder<'_> {
        Builder {
            table,
            model: Model::default(),
        }
    }

    fn any(&mut self, e: &AnyExpr) -> (Expr, Val) {
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

// ---------------------------------------------------------------------------
// Strategies.

/// Which constructs the generated trees use.
#[derive(Clone, Copy)]
struct Shape {
    /// Text expressions (`concat`, text comparisons).
    text: bool,
    /// Nesting levels above the leaves.
    depth: u32,
}

/// The strategies for each sort at one nesting level.
#[derive(Clone)]
struct Sorts {
    int: BoxedStrategy<IntExpr>,
    boolean: BoxedStrategy<BoolExpr>,
    text: BoxedStrategy<TextExpr>,
}

fn weighted<T: fmt::Debug + 'static>(arms: Vec<(u32, BoxedStrategy<T>)>) -> BoxedStrategy<T> {
    Union::new_weighted(arms).boxed()
}

fn int_leaf() -> BoxedStrategy<IntExpr> {
    weighted(vec![
        (4, (-20i64..=20).prop_map(IntExpr::Lit).boxed()),
        (1, Just(IntExpr::Null).boxed()),
        (
            3,
            prop::sample::select(&Col::ALL[..])
                .prop_map(IntExpr::Col)
                .boxed(),
        ),
    ])
}

fn cmp_op() -> impl Strategy<Value = CmpOp> {
    prop::sample::select(&CmpOp::ALL[..])
}

fn bool_leaf() -> BoxedStrategy<BoolExpr> {
    weighted(vec![
        (2, any::<bool>().prop_map(BoolExpr::Const).boxed()),
        (1, Just(BoolExpr::Null).boxed()),
        (
            3,
            (cmp_op(), prop::sample::select(&Col::ALL[..]), -8i64..=8)
                .prop_map(|(op, c, v)| {
                    BoolExpr::Cmp(op, Box::new(IntExpr::Col(c)), Box::new(IntExpr::Lit(v)))
                })
                .boxed(),
        ),
    ])
}

fn text_leaf() -> BoxedStrategy<TextExpr> {
    weighted(vec![
        (4, "[ab1-]{0,3}".prop_map(TextExpr::Lit).boxed()),
        (1, Just(TextExpr::Null).boxed()),
    ])
}

/// Divisors of `/`: mostly powers of two (and zero, NULL), so quotients stay
/// exact REALs and the model can follow them.
fn divisor(int: &BoxedStrategy<IntExpr>) -> BoxedStrategy<IntExpr> {
    weighted(vec![
        (
            2,
            prop::sample::select(&[-4i64, -2, -1, 0, 1, 2, 4, 8][..])
                .prop_map(IntExpr::Lit)
                .boxed(),
        ),
        (1, Just(IntExpr::Col(Col::B)).boxed()),
        (2, int.clone()),
    ])
}

fn boxed<T>(v: T) -> Box<T> {
    Box::new(v)
}

/// The WHEN branches and the optional ELSE of a searched `CASE`.
type CaseParts<R> = (Vec<(BoolExpr, R)>, Option<Box<R>>);

/// `CASE WHEN cond THEN result ... [ELSE result] END` parts.
fn case_parts<R: Clone + fmt::Debug + 'static>(
    cond: &BoxedStrategy<BoolExpr>,
    result: &BoxedStrategy<R>,
) -> BoxedStrategy<CaseParts<R>> {
    (
        prop::collection::vec((cond.clone(), result.clone()), 1..=2),
        prop::option::of(result.clone().prop_map(Box::new)),
    )
        .boxed()
}

fn next_level(prev: &Sorts, shape: Shape) -> Sorts {
    let p = prev.clone();
    let arith = weighted(vec![
        (
            6,
            (
                prop::sample::select(&[ArithOp::Add, ArithOp::Sub, ArithOp::Mul][..]),
                p.int.clone(),
                p.int.clone(),
            )
                .prop_map(|(op, l, r)| IntExpr::Arith(op, boxed(l), boxed(r)))
                .boxed(),
        ),
        (
            2,
            (
                prop::sample::select(&[ArithOp::Mod, ArithOp::FloorDiv][..]),
                p.int.clone(),
                p.int.clone(),
            )
                .prop_map(|(op, l, r)| IntExpr::Arith(op, boxed(l), boxed(r)))
                .boxed(),
        ),
        (
            2,
            (p.int.clone(), divisor(&p.int))
                .prop_map(|(l, r)| IntExpr::Arith(ArithOp::Div, boxed(l), boxed(r)))
                .boxed(),
        ),
    ]);
    let int_node = weighted(vec![
        (5, arith),
        (
            1,
            p.int.clone().prop_map(|x| IntExpr::Neg(boxed(x))).boxed(),
        ),
        (
            1,
            p.int.clone().prop_map(|x| IntExpr::Cast(boxed(x))).boxed(),
        ),
        (
            1,
            case_parts(&p.boolean, &p.int)
                .prop_map(|(w, e)| IntExpr::Case(w, e))
                .boxed(),
        ),
        (
            1,
            (
                p.int.clone(),
                prop::collection::vec((p.int.clone(), p.int.clone()), 1..=2),
                prop::option::of(p.int.clone().prop_map(Box::new)),
            )
                .prop_map(|(s, w, e)| IntExpr::SimpleCase(boxed(s), w, e))
                .boxed(),
        ),
        (
            2,
            p.boolean
                .clone()
                .prop_map(|b| IntExpr::FromBool(boxed(b)))
                .boxed(),
        ),
    ]);

    let any_operand = if shape.text {
        weighted(vec![
            (2, p.int.clone().prop_map(AnyExpr::Int).boxed()),
            (1, p.boolean.clone().prop_map(AnyExpr::Bool).boxed()),
            (1, p.text.clone().prop_map(AnyExpr::Text).boxed()),
        ])
    } else {
        weighted(vec![
            (2, p.int.clone().prop_map(AnyExpr::Int).boxed()),
            (1, p.boolean.clone().prop_map(AnyExpr::Bool).boxed()),
        ])
    };
    let mut bool_arms = vec![
        (
            4,
            (cmp_op(), p.int.clone(), p.int.clone())
                .prop_map(|(op, l, r)| BoolExpr::Cmp(op, boxed(l), boxed(r)))
                .boxed(),
        ),
        (
            1,
            (any::<bool>(), p.boolean.clone(), p.boolean.clone())
                .prop_map(|(n, l, r)| BoolExpr::BoolEq(n, boxed(l), boxed(r)))
                .boxed(),
        ),
        (
            4,
            (
                prop_oneof![Just(LogicOp::And), Just(LogicOp::Or)],
                prop_oneof![Just(LogicStyle::Function), Just(LogicStyle::Operator)],
                prop::collection::vec(p.boolean.clone(), 2..=3),
            )
                .prop_map(|(op, style, items)| BoolExpr::Logic(op, style, items))
                .boxed(),
        ),
        (
            2,
            p.boolean
                .clone()
                .prop_map(|x| BoolExpr::Not(boxed(x)))
                .boxed(),
        ),
        (
            1,
            (any::<bool>(), p.int.clone(), p.int.clone(), p.int.clone())
                .prop_map(|(n, x, lo, hi)| BoolExpr::Between(n, boxed(x), boxed(lo), boxed(hi)))
                .boxed(),
        ),
        (
            1,
            (
                any::<bool>(),
                p.int.clone(),
                prop::collection::vec(p.int.clone(), 0..=3),
            )
                .prop_map(|(n, x, items)| BoolExpr::In(n, boxed(x), items))
                .boxed(),
        ),
        (
            1,
            (any::<bool>(), any_operand.clone())
                .prop_map(|(n, x)| BoolExpr::IsNull(n, boxed(x)))
                .boxed(),
        ),
        (
            1,
            case_parts(&p.boolean, &p.boolean)
                .prop_map(|(w, e)| BoolExpr::Case(w, e))
                .boxed(),
        ),
    ];
    if shape.text {
        bool_arms.push((
            1,
            (cmp_op(), p.text.clone(), p.text.clone())
                .prop_map(|(op, l, r)| BoolExpr::TextCmp(op, boxed(l), boxed(r)))
                .boxed(),
        ));
    }
    let bool_node = weighted(bool_arms);

    let text_node = weighted(vec![
        (
            3,
            (any_operand.clone(), any_operand)
                .prop_map(|(l, r)| TextExpr::Concat(boxed(l), boxed(r)))
                .boxed(),
        ),
        (
            1,
            case_parts(&p.boolean, &p.text)
                .prop_map(|(w, e)| TextExpr::Case(w, e))
                .boxed(),
        ),
    ]);

    // Leaves first, so that shrinking goes towards them.
    Sorts {
        int: weighted(vec![(1, int_leaf()), (3, int_node)]),
        boolean: weighted(vec![(1, bool_leaf()), (3, bool_node)]),
        text: weighted(vec![(1, text_leaf()), (3, text_node)]),
    }
}

/// Random trees of the given shape, of any sort at the root.
fn trees(shape: Shape) -> BoxedStrategy<AnyExpr> {
    let mut sorts = Sorts {
        int: int_leaf(),
        boolean: bool_leaf(),
        text: text_leaf(),
    };
    for _ in 0..shape.depth {
        sorts = next_level(&sorts, shape);
    }
    let mut roots = vec![
        (2, sorts.int.prop_map(AnyExpr::Int).boxed()),
        (2, sorts.boolean.prop_map(AnyExpr::Bool).boxed()),
    ];
    if shape.text {
        roots.push((2, sorts.text.prop_map(AnyExpr::Text).boxed()));
    }
    weighted(roots)
}

const NUMERIC: Shape = Shape {
    text: false,
    depth: 7,
};
const WITH_TEXT: Shape = Shape {
    text: true,
    depth: 7,
};

fn config() -> Config {
    Config {
        cases: 512,
        max_global_rejects: 4096,
        // The trees are deep: give shrinking room to reach a small case.
        max_shrink_iters: 20_000,
        // Only this test file may be written: no regression files.
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// Helpers of the properties.

fn query_of(expr: Expr, table: &Table) -> Select {
    select(expr).select_from(table)
}

/// Checks the compiled SQL of a bound-parameter compilation: parentheses
/// balance and the placeholders match the parameters.
fn check_placeholders(dialect: &dyn Dialect, c: &Compiled) -> Result<(), TestCaseError> {
    let mut depth = 0i64;
    for ch in c.sql.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        prop_assert!(depth >= 0, "unbalanced ')' in {}", c.sql);
    }
    prop_assert_eq!(depth, 0, "unbalanced '(' in {}", c.sql);
    let placeholders = match dialect.name() {
        "postgresql" => {
            // `$n`, numbered from 1: the highest number is the parameter count.
            let mut max = 0usize;
            let bytes = c.sql.as_bytes();
            for (i, b) in bytes.iter().enumerate() {
                if *b == b'$' {
                    let digits: String = c.sql[i + 1..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    max = max.max(digits.parse().unwrap_or(0));
                }
            }
            max
        }
        "sqlite" | "mysql" | "mariadb" => c.sql.matches('?').count(),
        _ => c.params.len(),
    };
    prop_assert_eq!(placeholders, c.params.len(), "placeholders of {}", c.sql);
    Ok(())
}

/// Where `sql` starts a comment outside string literals: `/*`, or `--`
/// (MySQL and MariaDB only treat `-- ` followed by whitespace as one, and `#`).
fn comment_opener(dialect: &dyn Dialect, sql: &str) -> Option<usize> {
    let mysql = matches!(dialect.name(), "mysql" | "mariadb");
    let bytes = sql.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        if in_string {
            match b {
                b'\\' if mysql => i += 1,
                b'\'' => in_string = false,
                _ => {}
            }
        } else {
            let dashes = b == b'-' && next == Some(b'-');
            let dash_comment =
                dashes && (!mysql || bytes.get(i + 2).is_none_or(|c| c.is_ascii_whitespace()));
            if dash_comment || (b == b'/' && next == Some(b'*')) || (mysql && b == b'#') {
                return Some(i);
            }
            in_string = b == b'\'';
        }
        i += 1;
    }
    None
}

fn dialects() -> [&'static dyn Dialect; 5] {
    [&Sqlite, &Postgres, &Mysql, &Mariadb, &Generic]
}

/// Property B: the SQLite SQL evaluates to the modelled value.
fn check_sqlite_value(tree: &AnyExpr, literal_binds: bool) -> Result<(), TestCaseError> {
    FIXTURE.with(|fx| {
        let mut builder = Builder::new(&fx.table);
        let (expr, expected) = builder.any(tree);
        if let Some(why) = builder.model.unpredictable {
            return Err(TestCaseError::reject(why));
        }
        let options = CompileOptions::new().literal_binds(literal_binds);
        let compiled = query_of(expr, &fx.table)
            .compile_with(&Sqlite, &options)
            .map_err(|e| TestCaseError::fail(format!("compile error: {e}")))?;
        let actual = fx.query(&compiled).map_err(|e| {
            TestCaseError::fail(format!(
                "SQLite error: {e}\nsql: {}\nparams: {:?}",
                compiled.sql, compiled.params
            ))
        })?;
        prop_assert!(
            expected.matches(&actual),
            "\nsql:      {}\nparams:   {:?}\nexpected: {:?}\nactual:   {:?}",
            compiled.sql,
            compiled.params,
            expected,
            actual
        );
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// String literals.

/// Strings with quotes, backslashes, LIKE wildcards, control characters and
/// arbitrary Unicode; with `nul`, also NUL.
fn awkward_strings(nul: bool) -> impl Strategy<Value = String> {
    let special = prop::sample::select(
        &[
            '\'', '\'', '"', '\\', '\\', '`', '%', '_', '\n', '\r', '\t', '\x1a', '\x08', 'n', '0',
            'Z', 'é', '€', '😀', '\u{2028}', '\u{feff}',
        ][..],
    );
    let ch = prop_oneof![
        3 => special,
        2 => any::<char>(),
        1 => Just('\0'),
    ]
    .prop_filter("no NUL", move |c| nul || *c != '\0');
    prop::collection::vec(ch, 0..24).prop_map(String::from_iter)
}

/// The string literal in `SELECT <literal> AS anon_1`.
fn rendered_literal(sql: &str) -> Option<&str> {
    sql.strip_prefix("SELECT ")?.strip_suffix(" AS anon_1")
}

/// Reads a MySQL string literal (default SQL mode): `''` is a quote, and a
/// backslash escapes the next character (`\0 \b \n \r \t \Z` are control
/// characters, `\%` and `\_` keep their backslash). `None` if malformed.
fn unescape_mysql(lit: &str) -> Option<String> {
    let body = lit.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                '0' => out.push('\0'),
                'b' => out.push('\x08'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'Z' => out.push('\x1a'),
                e @ ('%' | '_') => {
                    out.push('\\');
                    out.push(e);
                }
                other => out.push(other),
            },
            '\'' => {
                if chars.next()? != '\'' {
                    return None;
                }
                out.push('\'');
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// Reads a standard SQL string literal: only `''` is special.
fn unescape_standard(lit: &str) -> Option<String> {
    let body = lit.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next()? != '\'' {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(config())]

    /// Property A: every tree compiles on every dialect, with and without
    /// literal binds, without panicking; the bound-parameter SQL is well formed.
    #[test]
    fn compiles_on_every_dialect(tree in trees(WITH_TEXT)) {
        FIXTURE.with(|fx| {
            let (expr, _) = Builder::new(&fx.table).any(&tree);
            let query = query_of(expr, &fx.table);
            for dialect in dialects() {
                if let Ok(c) = query.compile(dialect) {
                    check_placeholders(dialect, &c)?;
                }
                let literal = CompileOptions::new().literal_binds(true);
                if let Ok(c) = query.compile_with(dialect, &literal) {
                    prop_assert!(c.params.is_empty(), "literal binds left params: {:?}", c);
                }
            }
            Ok(())
        })?;
    }

    /// Inline literals never open a comment (`-` followed by `-5` is `--5`).
    #[test]
    fn literal_binds_never_open_a_comment(tree in trees(WITH_TEXT)) {
        FIXTURE.with(|fx| {
            let (expr, _) = Builder::new(&fx.table).any(&tree);
            let query = query_of(expr, &fx.table);
            let literal = CompileOptions::new().literal_binds(true);
            for dialect in dialects() {
                if let Ok(c) = query.compile_with(dialect, &literal) {
                    let at = comment_opener(dialect, &c.sql);
                    prop_assert!(
                        at.is_none(),
                        "{} SQL opens a comment at byte {:?}: {}",
                        dialect.name(),
                        at,
                        c.sql
                    );
                }
            }
            Ok(())
        })?;
    }

    /// Property B: integer and boolean trees evaluate on SQLite (bound
    /// parameters) to the value SQL semantics give them.
    #[test]
    fn sqlite_evaluates_numeric_trees_as_modelled(tree in trees(NUMERIC)) {
        check_sqlite_value(&tree, false)?;
    }

    /// Property B with inline literals instead of parameters.
    #[test]
    fn sqlite_evaluates_numeric_trees_with_literal_binds(tree in trees(NUMERIC)) {
        check_sqlite_value(&tree, true)?;
    }

    /// Property B with text: `concat` and text comparisons mixed in.
    #[test]
    fn sqlite_evaluates_trees_with_text_as_modelled(tree in trees(WITH_TEXT)) {
        check_sqlite_value(&tree, false)?;
    }

    /// String literals rendered inline read back unchanged on SQLite.
    #[test]
    fn sqlite_string_literals_round_trip(s in awkward_strings(false)) {
        FIXTURE.with(|fx| {
            let options = CompileOptions::new().literal_binds(true);
            let compiled = select(literal(s.as_str()))
                .compile_with(&Sqlite, &options)
                .map_err(|e| TestCaseError::fail(format!("compile error: {e}")))?;
            prop_assert!(compiled.params.is_empty());
            let actual = fx.query(&compiled).map_err(|e| {
                TestCaseError::fail(format!("SQLite error: {e}\nsql: {:?}", compiled.sql))
            })?;
            prop_assert_eq!(actual, SqlValue::Text(s.clone()), "sql: {:?}", compiled.sql);
            Ok(())
        })?;
    }

    /// String literals rendered for MySQL/MariaDB unescape (MySQL's rules) to
    /// the original, NUL included.
    #[test]
    fn mysql_string_literals_unescape(s in awkward_strings(true)) {
        let options = CompileOptions::new().literal_binds(true);
        for dialect in [&Mysql as &dyn Dialect, &Mariadb] {
            let compiled = select(literal(s.as_str()))
                .compile_with(dialect, &options)
                .map_err(|e| TestCaseError::fail(format!("compile error: {e}")))?;
            let lit = rendered_literal(&compiled.sql);
            prop_assert!(lit.is_some(), "unexpected SQL {:?}", compiled.sql);
            let read = lit.and_then(unescape_mysql);
            prop_assert_eq!(read.as_deref(), Some(s.as_str()), "sql: {:?}", compiled.sql);
        }
    }

    /// On the standard-quoting dialects, string literals unescape (quote
    /// doubling only) to the original; a NUL is refused with an error.
    #[test]
    fn standard_string_literals_unescape(s in awkward_strings(true)) {
        let options = CompileOptions::new().literal_binds(true);
        for dialect in [&Sqlite as &dyn Dialect, &Postgres, &Generic] {
            let result = select(literal(s.as_str())).compile_with(dialect, &options);
            match result {
                Ok(compiled) => {
                    prop_assert!(!s.contains('\0'), "NUL rendered as {:?}", compiled.sql);
                    let lit = rendered_literal(&compiled.sql);
                    prop_assert!(lit.is_some(), "unexpected SQL {:?}", compiled.sql);
                    let read = lit.and_then(unescape_standard);
                    prop_assert_eq!(read.as_deref(), Some(s.as_str()), "sql: {:?}", compiled.sql);
                }
                Err(e) => prop_assert!(s.contains('\0'), "compile error: {}", e),
            }
        }
    }
}

/// Runs one hand-written tree through property B.
fn check_tree(tree: &AnyExpr, literal_binds: bool) {
    if let Err(e) = check_sqlite_value(tree, literal_binds) {
        panic!("{tree:?}: {e}");
    }
}

/// Minimal case of property B with literal binds: `-literal(-6)` renders as
/// `--6`, which SQLite (like PostgreSQL and the SQL standard) reads as the
/// start of a comment.
#[test]
fn negated_negative_literal_with_literal_binds() {
    let tree = AnyExpr::Int(IntExpr::Neg(boxed(IntExpr::Lit(-6))));
    check_tree(&tree, false);
    check_tree(&tree, true);
}

/// Minimal case of property B with text: `literal("x").concat(t.c("a") + 1)`
/// renders `? || t.a + ?`, but `||` binds tighter than `+` (and `*`, `/`,
/// `%`) in SQLite, so it computes `('x' || t.a) + 1`.
#[test]
fn concat_of_arithmetic_on_sqlite() {
    let sum = IntExpr::Arith(
        ArithOp::Add,
        boxed(IntExpr::Col(Col::A)),
        boxed(IntExpr::Lit(1)),
    );
    let tree = AnyExpr::Text(TextExpr::Concat(
        boxed(AnyExpr::Text(TextExpr::Lit("x".to_owned()))),
        boxed(AnyExpr::Int(sum)),
    ));
    check_tree(&tree, false);
}

/// `floordiv` of operands without an integer type renders `FLOOR(a / b)`;
/// the SQLite bundled with rusqlite is built without its math functions, so
/// the statement fails there. The trees above avoid this by casting.
#[test]
fn floordiv_of_untyped_operands_runs_on_sqlite() {
    FIXTURE.with(|fx| {
        let untyped = case().when(true_(), null()).else_(fx.table.c("a"));
        let compiled = query_of(untyped.floordiv(4), &fx.table)
            .compile(&Sqlite)
            .expect("compiles");
        let result = fx.query(&compiled);
        assert!(
            matches!(result, Ok(SqlValue::Null)),
            "sql: {}\nresult: {result:?}",
            compiled.sql
        );
    });
}

/// The generated trees really are deep: a sanity check of the strategy.
#[test]
fn generated_trees_are_deep() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    fn depth_any(e: &AnyExpr) -> usize {
        match e {
            AnyExpr::Int(e) => depth_int(e),
            AnyExpr::Bool(e) => depth_bool(e),
            AnyExpr::Text(e) => depth_text(e),
        }
    }
    fn depth_int(e: &IntExpr) -> usize {
        1 + match e {
            IntExpr::Lit(_) | IntExpr::Null | IntExpr::Col(_) => 0,
            IntExpr::Arith(_, l, r) => depth_int(l).max(depth_int(r)),
            IntExpr::Neg(x) | IntExpr::Cast(x) => depth_int(x),
            IntExpr::Case(w, e) => w
                .iter()
                .map(|(c, r)| depth_bool(c).max(depth_int(r)))
                .chain(e.iter().map(|e| depth_int(e)))
                .max()
                .unwrap_or(0),
            IntExpr::SimpleCase(s, w, e) => w
                .iter()
                .map(|(c, r)| depth_int(c).max(depth_int(r)))
                .chain(e.iter().map(|e| depth_int(e)))
                .chain([depth_int(s)])
                .max()
                .unwrap_or(0),
            IntExpr::FromBool(b) => depth_bool(b),
        }
    }
    fn depth_bool(e: &BoolExpr) -> usize {
        1 + match e {
            BoolExpr::Const(_) | BoolExpr::Null => 0,
            BoolExpr::Cmp(_, l, r) => depth_int(l).max(depth_int(r)),
            BoolExpr::BoolEq(_, l, r) => depth_bool(l).max(depth_bool(r)),
            BoolExpr::TextCmp(_, l, r) => depth_text(l).max(depth_text(r)),
            BoolExpr::Logic(_, _, items) => items.iter().map(depth_bool).max().unwrap_or(0),
            BoolExpr::Not(x) => depth_bool(x),
            BoolExpr::Between(_, x, l, h) => depth_int(x).max(depth_int(l)).max(depth_int(h)),
            BoolExpr::In(_, x, items) => items.iter().map(depth_int).fold(depth_int(x), usize::max),
            BoolExpr::IsNull(_, x) => depth_any(x),
            BoolExpr::Case(w, e) => w
                .iter()
                .map(|(c, r)| depth_bool(c).max(depth_bool(r)))
                .chain(e.iter().map(|e| depth_bool(e)))
                .max()
                .unwrap_or(0),
        }
    }
    fn depth_text(e: &TextExpr) -> usize {
        1 + match e {
            TextExpr::Lit(_) | TextExpr::Null => 0,
            TextExpr::Concat(l, r) => depth_any(l).max(depth_any(r)),
            TextExpr::Case(w, e) => w
                .iter()
                .map(|(c, r)| depth_bool(c).max(depth_text(r)))
                .chain(e.iter().map(|e| depth_text(e)))
                .max()
                .unwrap_or(0),
        }
    }

    let mut runner = TestRunner::deterministic();
    let strategy = trees(WITH_TEXT);
    let depths: Vec<usize> = (0..200)
        .map(|_| {
            let tree = strategy.new_tree(&mut runner).expect("tree").current();
            depth_any(&tree)
        })
        .collect();
    let deep = depths.iter().filter(|d| **d >= 6).count();
    assert!(
        deep >= 50,
        "only {deep} of 200 trees have depth 6 or more: {depths:?}"
    );
}
