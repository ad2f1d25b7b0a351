//! SQL functions: `func::count(x)`, `func::call("anything", args)`, aggregate
//! `FILTER`, and the functions whose spelling differs per dialect.

use crate::shared::Shared;
use std::sync::Arc;

use super::{Expr, Node};
use crate::error::CompileError;
use crate::ident::Name;
use crate::types::Type;

mod kept;

/// Functions whose rendering a dialect may change (`now()` is
/// `CURRENT_TIMESTAMP` on SQLite, `char_length` is `length`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Known {
    Count,
    Sum,
    Avg,
    Min,
    Max,
    Coalesce,
    Now,
    CurrentTimestamp,
    CurrentDate,
    CurrentTime,
    LocalTimestamp,
    CharLength,
    Length,
    Lower,
    Upper,
    RowNumber,
    Rank,
    DenseRank,
    Concat,
    Random,
}

/// The functions aludel knows, by their lower-case names.
const KNOWN: [(&str, Known); 20] = [
    ("count", Known::Count),
    ("sum", Known::Sum),
    ("avg", Known::Avg),
    ("min", Known::Min),
    ("max", Known::Max),
    ("coalesce", Known::Coalesce),
    ("now", Known::Now),
    ("current_timestamp", Known::CurrentTimestamp),
    ("current_date", Known::CurrentDate),
    ("current_time", Known::CurrentTime),
    ("localtimestamp", Known::LocalTimestamp),
    ("char_length", Known::CharLength),
    ("length", Known::Length),
    ("lower", Known::Lower),
    ("upper", Known::Upper),
    ("row_number", Known::RowNumber),
    ("rank", Known::Rank),
    ("dense_rank", Known::DenseRank),
    ("concat", Known::Concat),
    ("random", Known::Random),
];

impl Known {
    /// The known function `name` names (in any case), and its position in
    /// [`KNOWN`].
    fn classify(name: &str) -> Option<(usize, Known)> {
        KNOWN
            .iter()
            .position(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|i| (i, KNOWN[i].1))
    }

    /// Aggregates that ignore NULL inputs, so `agg(x) FILTER (WHERE c)` equals
    /// `agg(CASE WHEN c THEN x END)`.
    pub(crate) fn ignores_nulls(self) -> bool {
        matches!(
            self,
            Known::Count | Known::Sum | Known::Avg | Known::Min | Known::Max
        )
    }

    /// ANSI functions written without parentheses.
    pub(crate) fn is_ansi_keyword(self) -> bool {
        matches!(
            self,
            Known::CurrentTimestamp
                | Known::CurrentDate
                | Known::CurrentTime
                | Known::LocalTimestamp
        )
    }
}

/// A call's arguments: most calls have one at most, held in the node.
pub(crate) type Args = smallvec::SmallVec<[Expr; 1]>;

/// A function call node.
///
/// ```
/// use aludel_compiler::{prelude::*, Compiler, CompileError, Dialect};
/// use aludel_compiler::{dialect::{Capabilities, Sqlite}, expr::Function};
///
/// /// SQLite, refusing every function call (say, for user-written filters).
/// #[derive(Debug)]
/// struct NoFunctions;
/// impl Dialect for NoFunctions {
///     fn name(&self) -> &str {
///         "sqlite-no-functions"
///     }
///     fn caps(&self) -> &Capabilities {
///         Sqlite.caps()
///     }
///     fn render_function(&self, _: &mut Compiler<'_>, f: &Function) -> Result<bool, CompileError> {
///         Err(CompileError::Invalid(format!("function calls are not allowed: {f:?}")))
///     }
/// }
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let ok = select(t.c("a")).filter(t.c("a").gt(1)).compile(&NoFunctions).unwrap();
/// assert_eq!(ok.sql, "SELECT t.a FROM t WHERE t.a > ?");
/// let err = select(func::max(t.c("a"))).compile(&NoFunctions).unwrap_err();
/// assert!(err.to_string().contains(r#"name: "max""#));
/// ```
pub struct Function {
    pub(crate) name: Name,
    pub(crate) known: Option<Known>,
    pub(crate) args: Args,
    pub(crate) filter: Option<Expr>,
    pub(crate) ty: Option<Type>,
}

impl std::fmt::Debug for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Function")
            .field("name", &self.name)
            .field("args", &self.args)
            .finish()
    }
}

impl Function {
    /// The function's name as written.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # use aludel_compiler::expr::Function;
    /// let f: Function = func::call("lower", [Expr::from("A")]).as_function().unwrap().clone_parts();
    /// assert_eq!(f.name(), "lower");
    /// assert_eq!(f.args().len(), 1);
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The arguments.
    ///
    /// See [`Function::name`].
    pub fn args(&self) -> &[Expr] {
        &self.args
    }

    /// A copy of the call (the arguments are shared).
    ///
    /// See [`Function::name`].
    pub fn clone_parts(&self) -> Function {
        Function {
            name: self.name.clone(),
            known: self.known,
            args: self.args.clone(),
            filter: self.filter.clone(),
            ty: self.ty.clone(),
        }
    }
}

impl Expr {
    /// The function call this expression is, if it is one.
    ///
    /// See [`Function::name`].
    pub fn as_function(&self) -> Option<&Function> {
        match &self.0 {
            Node::Func(f) => Some(f),
            _ => None,
        }
    }
}

impl Function {
    /// The position of the function's name in the known names when the
    /// call is named by the listed text itself (written as a number in
    /// structural cache keys instead of as text).
    // out of line: in line it made the cache walk's node visitor larger for
    // every node (measured)
    #[inline(never)]
    pub(crate) fn known_name_index(&self) -> Option<usize> {
        // `KNOWN` lists the variants in declaration order (tested), and only
        // `make_known` names a call with a static name
        match (&self.name, self.known) {
            (Name::Static(_), Some(k)) => Some(k as usize),
            _ => None,
        }
    }
}

pub(crate) fn make(name: &str, args: Args) -> Expr {
    let known = Known::classify(name);
    if let Some((i, _)) = known
        && KNOWN[i].0 == name
    {
        return make_known(i, args);
    }
    Expr(Node::Func(Shared::new(Function {
        name: Name::Held(Arc::from(name)),
        known: known.map(|(_, k)| k),
        args,
        filter: None,
        ty: None,
    })))
}

/// A call of the known function at `index` in [`KNOWN`], spelled as listed
/// (its name is the listed text itself, copied without a count, and the
/// constructors below find the index when they are compiled, not on every
/// call).
pub(crate) fn make_known(index: usize, args: Args) -> Expr {
    Expr(Node::Func(known_node(index, args)))
}

/// [`make_known`]'s node.
pub(crate) fn known_node(index: usize, args: Args) -> Shared<Function> {
    Shared::new(Function {
        name: Name::Static(KNOWN[index].0),
        known: Some(KNOWN[index].1),
        args,
        filter: None,
        ty: None,
    })
}

/// The position of `name` in [`KNOWN`], spelled exactly as listed; `None`
/// for any other name (a `const fn`: the constructors of the known
/// functions look their names up when they are compiled).
pub(crate) const fn known_index(name: &str) -> Option<usize> {
    let mut i = 0;
    while i < KNOWN.len() {
        let k = KNOWN[i].0.as_bytes();
        let n = name.as_bytes();
        if k.len() == n.len() {
            let mut j = 0;
            while j < k.len() && k[j] == n[j] {
                j += 1;
            }
            if j == k.len() {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

/// A call of a function named by a literal: [`make_known`] when the name is
/// a known one (looked up when compiled), else [`make`].
macro_rules! named_call {
    ($name:expr, $args:expr) => {
        match const { $crate::expr::function::known_index($name) } {
            Some(i) => $crate::expr::function::make_known(i, $args),
            None => $crate::expr::function::make($name, $args),
        }
    };
}

impl Expr {
    /// Aggregate `FILTER (WHERE condition)`. On MySQL and MariaDB, which lack
    /// FILTER, the NULL-ignoring aggregates (`count`, `sum`, `avg`, `min`,
    /// `max`) are rewritten to `agg(CASE WHEN condition THEN arg END)`; any
    /// other function is a compile error there.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::{Postgres, Mysql}};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = select(func::count(star()).filter(t.c("a").gt(1)));
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT count(*) FILTER (WHERE t.a > $1) AS anon_1 FROM t");
    /// assert_eq!(q.compile(&Mysql).unwrap().sql, "SELECT count(CASE WHEN t.a > ? THEN 1 END) AS anon_1 FROM t");
    /// ```
    pub fn filter(self, condition: impl Into<Expr>) -> Expr {
        match &self.0 {
            Node::Func(f) => Expr(Node::Func(Shared::new(Function {
                name: f.name.clone(),
                known: f.known,
                args: f.args.clone(),
                filter: Some(match &f.filter {
                    Some(prev) => prev.clone().and(condition),
                    None => condition.into(),
                }),
                ty: f.ty.clone(),
            }))),
            _ => Expr::invalid(CompileError::Invalid(
                "FILTER (WHERE ...) applies to a function call".into(),
            )),
        }
    }

    /// Declares the return type of a function call (used for result
    /// decoding and type-dependent rendering).
    ///
    /// ```
    /// use aludel_compiler::prelude::*;
    /// let e = func::call("my_fn", [Expr::from(1)]).returns(Type::Text);
    /// assert_eq!(e.sql_type(), Some(Type::Text));
    /// ```
    pub fn returns(self, ty: Type) -> Expr {
        match &self.0 {
            Node::Func(f) => Expr(Node::Func(Shared::new(Function {
                name: f.name.clone(),
                known: f.known,
                args: f.args.clone(),
                filter: f.filter.clone(),
                ty: Some(ty),
            }))),
            _ => self.cast(ty),
        }
    }
}

/// Function constructors, the Rust spelling of SQLAlchemy's `func.<name>`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let q = select((func::count(t.c("a")), func::call("julianday", [Expr::from("now")])));
/// assert_eq!(q.compile(&Sqlite).unwrap().sql, "SELECT count(t.a) AS count_1, julianday(?) AS julianday_1 FROM t");
/// ```
pub mod func {
    use super::{Args, make};
    use crate::expr::Expr;

    /// Any function by name: `func::call("lower", [x])` renders `lower(x)`.
    /// A name that is not a plain identifier is quoted.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    /// let c = select(func::call("gen_random_uuid", Vec::<Expr>::new())).compile(&Postgres).unwrap();
    /// assert_eq!(c.sql, "SELECT gen_random_uuid() AS gen_random_uuid_1");
    /// ```
    pub fn call<I>(name: &str, args: I) -> Expr
    where
        I: IntoIterator,
        I::Item: Into<Expr>,
    {
        make(name, args.into_iter().map(Into::into).collect())
    }

    /// `count(expr)`; `count(star())` for `count(*)`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let e = func::count(t.c("a"));
    /// ```
    pub fn count(e: impl Into<Expr>) -> Expr {
        named_call!("count", smallvec::smallvec![e.into()])
    }

    /// `count(*)`.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// assert_eq!(select(func::count_star()).compile(&Sqlite).unwrap().sql, "SELECT count(*) AS count_1");
    /// ```
    pub fn count_star() -> Expr {
        // one per thread, shared
        super::kept::call(super::kept::COUNT_STAR)
    }

    macro_rules! unary_fns {
        ($($(#[$doc:meta])* $name:ident),*) => {$(
            $(#[$doc])*
            pub fn $name(e: impl Into<Expr>) -> Expr {
                named_call!(stringify!($name), smallvec::smallvec![e.into()])
            }
        )*};
    }
    unary_fns!(
        /// `sum(expr)`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::sum(Expr::from(1));
        /// ```
        sum,
        /// `avg(expr)`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::avg(Expr::from(1));
        /// ```
        avg,
        /// `min(expr)`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::min(Expr::from(1));
        /// ```
        min,
        /// `max(expr)`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::max(Expr::from(1));
        /// ```
        max,
        /// `lower(expr)`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::lower(Expr::from("A"));
        /// ```
        lower,
        /// `upper(expr)`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::upper(Expr::from("a"));
        /// ```
        upper,
        /// `length(expr)` (bytes or characters, as the database counts).
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::length(Expr::from("a"));
        /// ```
        length,
        /// `char_length(expr)` (`length` on SQLite, `LEN` on SQL Server).
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::char_length(Expr::from("a"));
        /// ```
        char_length,
        /// `abs(expr)`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::abs(Expr::from(-1));
        /// ```
        abs
    );

    /// `coalesce(a, b, ...)`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let e = func::coalesce([Expr::from(None::<i32>), Expr::from(1)]);
    /// ```
    pub fn coalesce<I>(args: I) -> Expr
    where
        I: IntoIterator,
        I::Item: Into<Expr>,
    {
        call("coalesce", args)
    }

    /// `concat(a, b, ...)` (`a || b` on SQLite).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let e = func::concat([Expr::from("a"), Expr::from("b")]);
    /// ```
    pub fn concat<I>(args: I) -> Expr
    where
        I: IntoIterator,
        I::Item: Into<Expr>,
    {
        call("concat", args)
    }

    macro_rules! nullary_fns {
        ($($(#[$doc:meta])* $name:ident),*) => {$(
            $(#[$doc])*
            pub fn $name() -> Expr {
                // a known function's call is one per thread, shared
                match const { super::known_index(stringify!($name)) } {
                    Some(i) => super::kept::call(i),
                    None => super::make(stringify!($name), Args::new()),
                }
            }
        )*};
    }
    nullary_fns!(
        /// `now()` (`CURRENT_TIMESTAMP` where there is no `now()`).
        ///
        /// ```
        /// use aludel_compiler::{prelude::*, dialect::{Postgres, Sqlite}};
        /// assert_eq!(select(func::now()).compile(&Postgres).unwrap().sql, "SELECT now() AS now_1");
        /// assert_eq!(select(func::now()).compile(&Sqlite).unwrap().sql, "SELECT CURRENT_TIMESTAMP AS now_1");
        /// ```
        now,
        /// `CURRENT_TIMESTAMP`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::current_timestamp();
        /// ```
        current_timestamp,
        /// `CURRENT_DATE`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::current_date();
        /// ```
        current_date,
        /// `CURRENT_TIME`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::current_time();
        /// ```
        current_time,
        /// `row_number()`, for use with [`Expr::over`](crate::Expr::over).
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::row_number();
        /// ```
        row_number,
        /// `rank()`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::rank();
        /// ```
        rank,
        /// `dense_rank()`.
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::dense_rank();
        /// ```
        dense_rank,
        /// `random()` (`rand()` on MySQL).
        ///
        /// ```
        /// # use aludel_compiler::prelude::*;
        /// let e = func::random();
        /// ```
        random
    );
}

#[cfg(test)]
mod tests {
    use super::{KNOWN, Known, known_index};
    use crate::expr::{Expr, func};
    use crate::ident::Name;

    // A known function spelled as listed is named by the listed text (no
    // count that every thread building a `count(*)` would write); any
    // other spelling or function by shared text. Both write the name given.
    #[test]
    fn known_functions_are_named_without_a_count() {
        let name = |e: &Expr| {
            let f = e.as_function().expect("a function call");
            (matches!(f.name, Name::Static(_)), f.name().to_owned())
        };
        assert_eq!(name(&func::count_star()), (true, "count".into()));
        assert_eq!(
            name(&func::call("row_number", Vec::<Expr>::new())),
            (true, "row_number".into())
        );
        assert_eq!(
            name(&func::call("COUNT", [Expr::from(1)])),
            (false, "COUNT".into())
        );
        assert_eq!(
            name(&func::call("my_fn", Vec::<Expr>::new())),
            (false, "my_fn".into())
        );
    }

    #[test]
    fn known_index_finds_each_listed_name_and_nothing_else() {
        for (i, (name, _)) in KNOWN.iter().enumerate() {
            assert_eq!(known_index(name), Some(i), "{name}");
        }
        for other in ["COUNT", "Count", "abs", "counts", "coun", ""] {
            assert_eq!(known_index(other), None, "{other}");
        }
    }

    /// The compiler writes a known function's listed name as it is,
    /// without checking it: each one must be a plain name.
    #[test]
    fn every_known_name_is_written_as_it_is() {
        for (name, _) in KNOWN {
            assert!(crate::ident::plain_function_name(name), "{name}");
        }
    }

    #[test]
    fn constructors_of_known_functions_share_the_known_name() {
        let index = |e: &Expr| e.as_function().and_then(|f| f.known_name_index());
        let x = || Expr::from(1);
        assert_eq!(index(&func::row_number()), Some(Known::RowNumber as usize));
        assert_eq!(index(&func::lower(x())), Some(Known::Lower as usize));
        assert_eq!(index(&func::now()), Some(Known::Now as usize));
        // a constructor of a name aludel does not know keeps the name as text
        let abs = func::abs(x());
        assert_eq!(index(&abs), None);
        assert_eq!(abs.as_function().map(|f| f.name()), Some("abs"));
    }

    #[test]
    fn known_functions_are_listed_in_declaration_order() {
        for (i, (_, k)) in KNOWN.iter().enumerate() {
            assert_eq!(*k as usize, i, "{k:?}");
        }
    }

    #[test]
    fn a_known_name_is_found_only_when_spelled_as_listed() {
        let index = |e: &crate::expr::Expr| e.as_function().and_then(|f| f.known_name_index());
        assert_eq!(index(&func::count_star()), Some(Known::Count as usize));
        assert_eq!(
            index(&func::call("COUNT", [crate::expr::Expr::from(1)])),
            None
        );
        assert_eq!(
            index(&func::call("my_fn", [crate::expr::Expr::from(1)])),
            None
        );
    }
}
