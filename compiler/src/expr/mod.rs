//! Column expressions: the values, operators and functions a statement is built from.
//!
//! Every expression is an [`Expr`]: immutable, cheap to clone (composite
//! nodes are shared behind `Arc`), `Send + Sync`. Operators are methods
//! (`eq`, `like`, `in_`, ...) and, where Rust allows, operator overloads
//! (`&`, `|`, `!`, `+`, `-`, `*`, `/`, `%`, unary `-`).

mod bind;
mod case;
mod column;
mod function;
mod operators;
mod ops;
pub(crate) mod precedence;
pub(crate) mod text;
mod window;

use std::fmt;
use std::sync::Arc;

use crate::shared::Shared;

pub use bind::{BindParam, BindParamBuilder, bindparam};
pub use case::{Case, case, cast};
pub use column::{ColumnRef, Source};
pub use function::{Function, func};
pub use operators::{and_, not_, or_};
pub use text::{TextClause, text};
pub(crate) use window::Over;
pub use window::{Frame, FrameBound, FrameKind, Window};

pub(crate) use case::Cast;
pub(crate) use function::Known;

use crate::error::CompileError;
use crate::ident::Ident;
use crate::stmt::Select;
use crate::types::Type;
use crate::value::Value;

/// A SQL expression.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Postgres};
/// let meta = MetaData::new();
/// let users = meta.table("users")
///     .column(Column::new("id", Type::Integer).primary_key())
///     .column(Column::new("name", Type::String(Some(50))))
///     .build()?;
/// let cond = users.c("name").like("j%") & !users.c("id").eq(5);
/// let sql = select(users.c("id")).filter(cond).compile(&Postgres).unwrap().sql;
/// assert_eq!(sql, "SELECT users.id FROM users WHERE users.name LIKE $1 AND users.id != $2");
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone)]
pub struct Expr(pub(crate) Node);

#[derive(Clone)]
pub(crate) enum Node {
    Column(ColumnRef),
    Value(Value),
    Bind(Shared<BindParam>),
    Null,
    True,
    False,
    Literal(Arc<str>),
    Star,
    Unary(Shared<Unary>),
    Binary(Shared<Binary>),
    Bool(Shared<BoolList>),
    Func(Shared<Function>),
    Cast(Shared<Cast>),
    Case(Shared<Case>),
    Label(Shared<Label>),
    Over(Shared<Over>),
    Like(Shared<Like>),
    In(Shared<In>),
    Between(Shared<Between>),
    ScalarSelect(Select),
    Exists(Shared<Exists>),
    Text(TextClause),
    Tuple(Arc<[Expr]>),
    Collate(Shared<Collate>),
    Grouping(Shared<Expr>),
    Ordering(Shared<Ordering>),
    Distinct(Shared<Expr>),
    Excluded(Shared<Excluded>),
    Custom(Arc<dyn CustomExpr>),
    Invalid(Arc<CompileError>),
}

/// A unary prefix operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum UnaryOp {
    Not,
    Neg,
    BitNot,
}

pub(crate) struct Unary {
    pub(crate) op: UnaryOp,
    pub(crate) operand: Expr,
}

/// A binary infix operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum BinaryOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Concat,
    Is,
    IsNot,
    IsDistinctFrom,
    IsNotDistinctFrom,
    RegexpMatch,
    NotRegexpMatch,
    Match,
    BitAnd,
    BitOr,
    BitXor,
}

impl BinaryOp {
    pub(crate) fn negate(self) -> Option<BinaryOp> {
        use BinaryOp::*;
        Some(match self {
            Eq => Ne,
            Ne => Eq,
            Lt => Ge,
            Le => Gt,
            Gt => Le,
            Ge => Lt,
            Is => IsNot,
            IsNot => Is,
            IsDistinctFrom => IsNotDistinctFrom,
            IsNotDistinctFrom => IsDistinctFrom,
            RegexpMatch => NotRegexpMatch,
            NotRegexpMatch => RegexpMatch,
            _ => return None,
        })
    }

    pub(crate) fn is_comparison(self) -> bool {
        use BinaryOp::*;
        matches!(
            self,
            Eq | Ne | Lt | Le | Gt | Ge | Is | IsNot | IsDistinctFrom | IsNotDistinctFrom
        )
    }
}

pub(crate) struct Binary {
    pub(crate) left: Expr,
    pub(crate) op: BinaryOp,
    pub(crate) right: Expr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum BoolOp {
    And,
    Or,
}

pub(crate) struct BoolList {
    pub(crate) op: BoolOp,
    pub(crate) items: Vec<Expr>,
}

impl BoolList {
    /// The items of an AND or OR list being taken apart (flattened into
    /// another list): moved out of a list nothing else holds (one made for
    /// the call, as in `a & b & c`: no counts taken and given back, the
    /// items not dropped one by one), cloned from one held elsewhere too.
    pub(crate) fn into_items(list: Shared<BoolList>) -> Vec<Expr> {
        match Shared::try_unwrap(list) {
            Ok(list) => list.items,
            Err(shared) => shared.items.clone(),
        }
    }
}

pub(crate) struct Label {
    pub(crate) expr: Expr,
    pub(crate) name: Ident,
    /// The name's structural hash, computed once here (the statement
    /// cache's key mixes it in one word).
    pub(crate) name_hash: u64,
}

pub(crate) struct Like {
    pub(crate) expr: Expr,
    pub(crate) pattern: Expr,
    pub(crate) escape: Option<char>,
    pub(crate) negated: bool,
    pub(crate) case_insensitive: bool,
}

pub(crate) enum InItems {
    List(Vec<Expr>),
    Select(Select),
}

pub(crate) struct In {
    pub(crate) expr: Expr,
    pub(crate) items: InItems,
    pub(crate) negated: bool,
}

pub(crate) struct Between {
    pub(crate) expr: Expr,
    pub(crate) low: Expr,
    pub(crate) high: Expr,
    pub(crate) negated: bool,
    pub(crate) symmetric: bool,
}

pub(crate) struct Exists {
    pub(crate) select: Select,
}

pub(crate) struct Collate {
    pub(crate) expr: Expr,
    pub(crate) collation: Ident,
}

/// Sort direction of an ORDER BY item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Direction {
    Asc,
    Desc,
}

/// Where NULLs sort.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Nulls {
    First,
    Last,
}

pub(crate) struct Ordering {
    pub(crate) expr: Expr,
    pub(crate) direction: Option<Direction>,
    pub(crate) nulls: Option<Nulls>,
}

/// A reference to the row proposed for insertion in an upsert:
/// `excluded.col` (PostgreSQL, SQLite) or `VALUES(col)` (MySQL).
pub(crate) struct Excluded {
    pub(crate) column: Ident,
    pub(crate) ty: Option<Type>,
}

/// A SQL construct defined outside this crate, with its own rendering per dialect.
///
/// Implement [`CustomExpr::compile`] using the [`Compiler`](crate::Compiler)'s
/// public methods; wrap the value with [`Expr::custom`].
///
/// ```
/// use aludel_compiler::{prelude::*, Compiler, CompileError, CustomExpr, dialect::{Postgres, Sqlite}};
///
/// /// `x ILIKE ANY (array)` on PostgreSQL, spelled out elsewhere.
/// #[derive(Debug)]
/// struct Greatest(Vec<Expr>);
/// impl CustomExpr for Greatest {
///     fn compile(&self, c: &mut Compiler<'_>) -> Result<(), CompileError> {
///         let name = if c.dialect().name() == "sqlite" { "max" } else { "greatest" };
///         c.push_sql(name);
///         c.push_sql("(");
///         for (i, e) in self.0.iter().enumerate() {
///             if i > 0 { c.push_sql(", "); }
///             c.visit_expr(e)?;
///         }
///         c.push_sql(")");
///         Ok(())
///     }
/// }
/// let e = Expr::custom(Greatest(vec![Expr::from(1), Expr::from(2)]));
/// // PostgreSQL types its parameters on the server: lone values are cast.
/// assert_eq!(select(e.clone()).compile(&Postgres).unwrap().sql,
///     "SELECT greatest(CAST($1 AS BIGINT), CAST($2 AS BIGINT)) AS anon_1");
/// assert_eq!(select(e).compile(&Sqlite).unwrap().sql, "SELECT max(?, ?) AS anon_1");
/// ```
pub trait CustomExpr: Send + Sync + fmt::Debug {
    /// Renders the construct.
    fn compile(&self, compiler: &mut crate::Compiler<'_>) -> Result<(), CompileError>;

    /// The construct's binding strength, for parenthesization (higher binds
    /// tighter; comparisons are 5, `AND` is 3). The default never needs parentheses.
    fn precedence(&self) -> u8 {
        precedence::ATOM
    }

    /// A label base for the construct in a SELECT list (`anon` by default).
    fn label_base(&self) -> &str {
        "anon"
    }

    /// Calls `f` on each sub-expression, so FROM inference and CTE discovery
    /// see the columns the construct uses. The default has none.
    fn for_each_child(&self, f: &mut dyn FnMut(&Expr)) {
        let _ = f;
    }
}

impl Expr {
    pub(crate) fn column(c: ColumnRef) -> Expr {
        Expr(Node::Column(c))
    }

    /// An expression that fails compilation with the given error.
    ///
    /// Builders that cannot fail (like [`Table::c`](crate::schema::Table::c))
    /// return one instead of panicking.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, CompileError, dialect::Sqlite};
    /// let e = Expr::invalid(CompileError::Invalid("nope".into()));
    /// assert!(select(e).compile(&Sqlite).is_err());
    /// ```
    pub fn invalid(err: CompileError) -> Expr {
        Expr(Node::Invalid(Arc::new(err)))
    }

    /// Wraps a user-defined construct.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, Compiler, CompileError, CustomExpr};
    /// #[derive(Debug)] struct Now;
    /// impl CustomExpr for Now {
    ///     fn compile(&self, c: &mut Compiler<'_>) -> Result<(), CompileError> { c.push_sql("now()"); Ok(()) }
    /// }
    /// let e = Expr::custom(Now);
    /// ```
    pub fn custom(c: impl CustomExpr + 'static) -> Expr {
        Expr(Node::Custom(Arc::new(c)))
    }

    /// The column this expression refers to, if it is a plain column.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.c("a").as_column().unwrap().name().as_str(), "a");
    /// assert!(Expr::from(1).as_column().is_none());
    /// ```
    pub fn as_column(&self) -> Option<&ColumnRef> {
        match &self.0 {
            Node::Column(c) => Some(c),
            _ => None,
        }
    }

    /// The SQL type of the expression, where it can be inferred.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.c("a").sql_type(), Some(Type::Integer));
    /// assert_eq!((t.c("a") + 1).sql_type(), Some(Type::Integer));
    /// assert_eq!(t.c("a").eq(1).sql_type(), Some(Type::Boolean));
    /// ```
    pub fn sql_type(&self) -> Option<Type> {
        precedence::type_of(self)
    }

    /// The name this expression gets as a result column: a column's name or
    /// a label; `None` for anonymous expressions.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.c("a").key().as_deref(), Some("a"));
    /// assert_eq!(func::count(t.c("a")).label("n").key().as_deref(), Some("n"));
    /// assert_eq!(Expr::from(1).key(), None);
    /// ```
    pub fn key(&self) -> Option<Arc<str>> {
        match &self.0 {
            Node::Column(c) => Some(c.name().as_arc().clone()),
            Node::Label(l) => Some(l.name.as_arc().clone()),
            _ => None,
        }
    }

    /// Wraps the expression in parentheses.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// let c = select(literal(1).grouped()).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT (?) AS anon_1");
    /// ```
    pub fn grouped(self) -> Expr {
        Expr(Node::Grouping(Shared::new(self)))
    }

    pub(crate) fn is_bool_constant(&self) -> Option<bool> {
        match self.0 {
            Node::True => Some(true),
            Node::False => Some(false),
            _ => None,
        }
    }
}

/// One expression or several: anything convertible into an [`Expr`], an
/// array, a `Vec`, or a tuple of them. Clause builders (`order_by`,
/// `group_by`, `returning`, ...) take it, so a single item needs no brackets.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
/// let one = select(t.c("a")).order_by(t.c("a"));
/// let two = select(t.c("a")).order_by((t.c("a"), t.c("b").desc()));
/// let many = select(t.c("a")).order_by(vec![t.c("a"), t.c("b")]);
/// assert_eq!(two.compile(&Sqlite).unwrap().sql, "SELECT t.a FROM t ORDER BY t.a, t.b DESC");
/// ```
pub trait IntoExprs {
    /// Appends the expressions to `out`.
    fn into_exprs(self, out: &mut Vec<Expr>);

    /// How many expressions there are at least (a new list is sized for
    /// them at once).
    #[doc(hidden)]
    fn len_hint(&self) -> usize {
        1
    }

    /// Appends the expressions to a list that already has room for them
    /// (a multi-row INSERT's values): [`into_exprs`](Self::into_exprs)
    /// without its first-allocation check, small enough to be inlined
    /// where a row is moved in by value (through
    /// [`for_each_expr`](Self::for_each_expr), a push per value, S3's
    /// build + compile takes 510 instructions more: measured).
    #[doc(hidden)]
    fn append_to(self, out: &mut Vec<Expr>)
    where
        Self: Sized,
    {
        self.into_exprs(out);
    }

    /// Calls `f` with each expression in turn: how a list held inline
    /// (a window's) is filled without a `Vec` in between.
    #[doc(hidden)]
    fn for_each_expr(self, f: impl FnMut(Expr))
    where
        Self: Sized,
    {
        let mut v = Vec::new();
        self.into_exprs(&mut v);
        v.into_iter().for_each(f);
    }
}

/// A clause's list that most statements give one item (a window's
/// PARTITION BY and ORDER BY): that one is held inline, without an
/// allocation of its own.
pub(crate) type ShortList = smallvec::SmallVec<[Expr; 1]>;

/// Appends `items` to a clause's [`ShortList`] (sized for all of them at
/// once when they do not fit inline).
#[inline]
pub(crate) fn extend_short(list: &mut ShortList, items: impl IntoExprs) {
    list.reserve(items.len_hint());
    items.for_each_expr(|e| list.push(e));
}

impl<T: Into<Expr>> IntoExprs for T {
    fn into_exprs(self, out: &mut Vec<Expr>) {
        make_room(out, 1);
        out.push(self.into());
    }
    fn for_each_expr(self, mut f: impl FnMut(Expr)) {
        f(self.into());
    }
}

/// Room in `out` for `n` more expressions: a list not yet allocated gets
/// its size at once (the general growth path of `reserve`, which `extend`
/// and `push` take on an empty list, costs about twice as much).
#[inline]
pub(crate) fn make_room(out: &mut Vec<Expr>, n: usize) {
    if out.capacity() == 0 {
        *out = Vec::with_capacity(n);
    }
}

impl<T: Into<Expr>> IntoExprs for Vec<T> {
    fn into_exprs(self, out: &mut Vec<Expr>) {
        make_room(out, self.len());
        self.append_to(out);
    }
    fn append_to(self, out: &mut Vec<Expr>) {
        out.extend(self.into_iter().map(Into::into));
    }
    fn for_each_expr(self, f: impl FnMut(Expr)) {
        self.into_iter().map(Into::into).for_each(f);
    }
    fn len_hint(&self) -> usize {
        self.len()
    }
}
impl<T: Into<Expr>, const N: usize> IntoExprs for [T; N] {
    fn into_exprs(self, out: &mut Vec<Expr>) {
        make_room(out, N);
        self.append_to(out);
    }
    fn append_to(self, out: &mut Vec<Expr>) {
        out.extend(self.into_iter().map(Into::into));
    }
    fn for_each_expr(self, f: impl FnMut(Expr)) {
        self.into_iter().map(Into::into).for_each(f);
    }
    fn len_hint(&self) -> usize {
        N
    }
}
macro_rules! tuple_exprs {
    ($($n:ident),+) => {
        impl<$($n: Into<Expr>),+> IntoExprs for ($($n,)+) {
            #[allow(non_snake_case)]
            fn into_exprs(self, out: &mut Vec<Expr>) {
                let ($($n,)+) = self;
                make_room(out, [$(stringify!($n)),+].len());
                $(out.push($n.into());)+
            }
            #[allow(non_snake_case)]
            fn for_each_expr(self, mut f: impl FnMut(Expr)) {
                let ($($n,)+) = self;
                $(f($n.into());)+
            }
            fn len_hint(&self) -> usize {
                [$(stringify!($n)),+].len()
            }
        }
    };
}
tuple_exprs!(A, B);
tuple_exprs!(A, B, C);
tuple_exprs!(A, B, C, D);
tuple_exprs!(A, B, C, D, E);
tuple_exprs!(A, B, C, D, E, F);
tuple_exprs!(A, B, C, D, E, F, G);
tuple_exprs!(A, B, C, D, E, F, G, H);

pub(crate) fn exprs(items: impl IntoExprs) -> Vec<Expr> {
    let mut v = Vec::with_capacity(items.len_hint());
    items.into_exprs(&mut v);
    v
}

/// `NULL`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// assert_eq!(select(null()).compile(&Sqlite).unwrap().sql, "SELECT NULL AS anon_1");
/// ```
pub fn null() -> Expr {
    Expr(Node::Null)
}

/// The boolean constant `true` (`1` where the dialect has no boolean literal).
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::{Postgres, Sqlite}};
/// assert_eq!(select(true_()).compile(&Postgres).unwrap().sql, "SELECT true AS anon_1");
/// assert_eq!(select(true_()).compile(&Sqlite).unwrap().sql, "SELECT 1 AS anon_1");
/// ```
pub fn true_() -> Expr {
    Expr(Node::True)
}

/// The boolean constant `false`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Postgres};
/// assert_eq!(select(false_()).compile(&Postgres).unwrap().sql, "SELECT false AS anon_1");
/// ```
pub fn false_() -> Expr {
    Expr(Node::False)
}

/// A bound literal value (`literal(5)`), rendered as a placeholder.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// let c = select(literal("abc")).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT ? AS anon_1");
/// assert_eq!(c.params, vec![Value::from("abc")]);
/// ```
pub fn literal(v: impl Into<Value>) -> Expr {
    Expr(Node::Value(v.into()))
}

/// SQL text used verbatim as a column expression (`literal_column("1")`).
///
/// The text is inserted as written: never pass user input here.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// assert_eq!(select(literal_column("1")).compile(&Sqlite).unwrap().sql, "SELECT 1");
/// ```
pub fn literal_column(sql: &str) -> Expr {
    Expr(Node::Literal(Arc::from(sql)))
}

/// `*`, as in `count(*)`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// assert_eq!(select(func::count(star())).compile(&Sqlite).unwrap().sql, "SELECT count(*) AS count_1");
/// ```
pub fn star() -> Expr {
    Expr(Node::Star)
}

/// `DISTINCT expr`, for use inside aggregate functions.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let c = select(func::count(distinct(t.c("a")))).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT count(DISTINCT t.a) AS count_1 FROM t");
/// ```
pub fn distinct(e: impl Into<Expr>) -> Expr {
    Expr(Node::Distinct(Shared::new(e.into())))
}

/// A parenthesized tuple `(a, b)`, for row-value comparisons and `IN`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Postgres};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).column(Column::new("b", Type::Integer)).build().unwrap();
/// let e = tuple([t.c("a"), t.c("b")]).in_([tuple([1, 2]), tuple([3, 4])]);
/// let sql = select(t.c("a")).filter(e).compile(&Postgres).unwrap().sql;
/// assert_eq!(sql, "SELECT t.a FROM t WHERE (t.a, t.b) IN (($1, $2), ($3, $4))");
/// ```
pub fn tuple<I>(items: I) -> Expr
where
    I: IntoIterator,
    I::Item: Into<Expr>,
{
    let v: Vec<Expr> = items.into_iter().map(Into::into).collect();
    Expr(Node::Tuple(Arc::from(v)))
}

/// `EXISTS (subquery)`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let e = exists(select(t.c("a")).filter(t.c("a").gt(1)));
/// assert_eq!(select(e.label("x")).compile(&Sqlite).unwrap().sql,
///     "SELECT EXISTS (SELECT t.a FROM t WHERE t.a > ?) AS x");
/// ```
pub fn exists(select: Select) -> Expr {
    Expr(Node::Exists(Shared::new(Exists { select })))
}

macro_rules! value_into_expr {
    ($($t:ty),*) => {$(
        impl From<$t> for Expr {
            #[inline(always)]
            fn from(v: $t) -> Self { Expr(Node::Value(Value::from(v))) }
        }
    )*};
}
value_into_expr!(
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    f32,
    f64,
    &str,
    String,
    &String,
    Arc<str>
);

impl From<bool> for Expr {
    #[inline]
    fn from(v: bool) -> Self {
        Expr(Node::Value(Value::Bool(v)))
    }
}

impl From<Value> for Expr {
    fn from(v: Value) -> Self {
        match v {
            Value::Null => Expr(Node::Null),
            v => Expr(Node::Value(v)),
        }
    }
}

impl<T: Into<Expr>> From<Option<T>> for Expr {
    fn from(v: Option<T>) -> Self {
        v.map_or(Expr(Node::Null), Into::into)
    }
}

impl From<&Expr> for Expr {
    fn from(e: &Expr) -> Self {
        e.clone()
    }
}

#[cfg(feature = "decimal")]
value_into_expr!(rust_decimal::Decimal);
#[cfg(feature = "chrono")]
value_into_expr!(chrono::NaiveDate, chrono::NaiveTime, chrono::NaiveDateTime);
#[cfg(feature = "json")]
value_into_expr!(serde_json::Value);
#[cfg(feature = "uuid")]
value_into_expr!(uuid::Uuid);

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::dialect::render_generic_expr(self) {
            Ok(s) => write!(f, "Expr({s})"),
            Err(e) => write!(f, "Expr(<{e}>)"),
        }
    }
}

impl fmt::Display for Expr {
    /// The expression in the generic dialect with `:name` placeholders.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::dialect::render_generic_expr(self) {
            Ok(s) => f.write_str(&s),
            Err(e) => write!(f, "<{e}>"),
        }
    }
}
