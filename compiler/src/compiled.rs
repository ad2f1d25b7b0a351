//! The result of compilation: SQL text, parameters, and what the engine
//! needs to run it; and the options that steer compilation.

use std::fmt;
use std::sync::Arc;

use crate::result_columns::ResultColumns;
use crate::types::Type;
use crate::value::Value;

/// How placeholders are written.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Postgres, CompileOptions, ParamStyle};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let q = select(t.c("a")).filter(t.c("a").eq(1));
/// let styles = [
///     (ParamStyle::Qmark, "?"), (ParamStyle::Numeric, "$1"), (ParamStyle::NumericColon, ":1"),
///     (ParamStyle::Named, ":a_1"), (ParamStyle::Format, "%s"), (ParamStyle::PyFormat, "%(a_1)s"),
///     (ParamStyle::AtP, "@p1"), (ParamStyle::AtNamed, "@a_1"),
/// ];
/// for (style, ph) in styles {
///     let c = q.compile_with(&Postgres, &CompileOptions::new().paramstyle(style)).unwrap();
///     assert_eq!(c.sql, format!("SELECT t.a FROM t WHERE t.a = {ph}"));
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `?` (SQLite, MySQL drivers).
    Qmark,
    /// `$1`, `$2` (PostgreSQL).
    Numeric,
    /// `:1`, `:2` (Oracle positional).
    NumericColon,
    /// `:name`.
    Named,
    /// `%s`.
    Format,
    /// `%(name)s`.
    PyFormat,
    /// `@p1`, `@p2` (SQL Server's tiberius).
    AtP,
    /// `@name`.
    AtNamed,
}

impl ParamStyle {
    /// Whether placeholders carry names.
    ///
    /// ```
    /// assert!(aludel_compiler::ParamStyle::Named.is_named());
    /// ```
    pub fn is_named(self) -> bool {
        matches!(
            self,
            ParamStyle::Named | ParamStyle::PyFormat | ParamStyle::AtNamed
        )
    }

    /// Whether a parameter used twice is written once in the parameter list
    /// (named and numbered styles) rather than once per occurrence.
    ///
    /// ```
    /// assert!(aludel_compiler::ParamStyle::Numeric.reuses_parameters());
    /// assert!(!aludel_compiler::ParamStyle::Qmark.reuses_parameters());
    /// ```
    pub fn reuses_parameters(self) -> bool {
        !matches!(self, ParamStyle::Qmark | ParamStyle::Format)
    }
}

/// Options for [`compile_with`](crate::stmt::Statement::compile_with).
///
/// ```
/// use aludel_compiler::{CompileOptions, ParamStyle};
/// let o = CompileOptions::new().paramstyle(ParamStyle::Named).literal_binds(false);
/// ```
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    pub(crate) paramstyle: Option<ParamStyle>,
    pub(crate) literal_binds: bool,
}

impl CompileOptions {
    /// The dialect's defaults.
    ///
    /// ```
    /// let o = aludel_compiler::CompileOptions::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes placeholders in another style than the dialect's default.
    ///
    /// ```
    /// let o = aludel_compiler::CompileOptions::new().paramstyle(aludel_compiler::ParamStyle::Named);
    /// ```
    pub fn paramstyle(mut self, style: ParamStyle) -> Self {
        self.paramstyle = Some(style);
        self
    }

    /// Renders values inline as SQL literals, escaped for the dialect, instead
    /// of binding them (for logs, snapshots and DDL). Never use it to run
    /// statements with untrusted input when binding is possible.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Mysql, CompileOptions};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
    /// let c = select(t.c("a")).filter(t.c("a").eq("it's \\ here"))
    ///     .compile_with(&Mysql, &CompileOptions::new().literal_binds(true)).unwrap();
    /// assert_eq!(c.sql, r"SELECT t.a FROM t WHERE t.a = 'it''s \\ here'");
    /// assert!(c.params.is_empty());
    /// ```
    pub fn literal_binds(mut self, yes: bool) -> Self {
        self.literal_binds = yes;
        self
    }
}

/// A result column of a compiled query: its name and type.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite, ResultColumn};
/// # let t = MetaData::new().table("users").column(Column::new("id", Type::Integer)).column(Column::new("name", Type::Text)).build().unwrap();
/// let q = select((t.c("name"), t.c("id").label("key"), literal_column("1")));
/// let cols = q.compile(&Sqlite).unwrap().result_columns;
/// assert_eq!(cols[0], ResultColumn { name: "name".into(), ty: Some(Type::Text), origin: Some("users.name".into()) });
/// assert_eq!(cols[1], ResultColumn { name: "key".into(), ty: Some(Type::Integer), origin: None });
/// assert_eq!(cols[2].name.as_ref(), "1");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ResultColumn {
    /// The column's name in the result (label or column name).
    pub name: Arc<str>,
    /// Its SQL type, where known.
    pub ty: Option<Type>,
    /// For a selected table column, `table.column` (see
    /// [`ColumnRef::qualified_name`](crate::expr::ColumnRef::qualified_name)),
    /// so the column can be found in a row even when its name was relabeled.
    pub origin: Option<Arc<str>>,
}

/// A compiled statement: SQL text in the dialect's parameter style, and the
/// parameter values in placeholder order.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let c = select(t.c("a")).filter(t.c("a").eq(bindparam("x"))).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a = ?");
/// assert_eq!(c.params, vec![Value::Null]);
/// assert_eq!(c.named_params, vec![(0, "x".into())]);
/// assert_eq!(c.result_columns[0].name.as_ref(), "a");
/// ```
#[derive(Clone, PartialEq)]
pub struct Compiled {
    /// The SQL text.
    pub sql: String,
    /// Parameter values, one per placeholder (one per distinct name or
    /// number in the named and numbered styles).
    pub params: Vec<Value>,
    /// For each parameter that came from a named bind (a
    /// [`bindparam`](crate::expr::bindparam), a `:name` in
    /// [`text`](crate::expr::text()), or a column of an INSERT given no value),
    /// its position in `params` and its name, so values can be supplied by
    /// name at execution time.
    pub named_params: Vec<(usize, Arc<str>)>,
    /// Positions in `params` of named parameters that were given no value
    /// (they must be supplied by name at execution time).
    pub unbound: Vec<usize>,
    /// Every parameter's name, in the named styles.
    pub param_names: Option<Vec<Arc<str>>>,
    /// The columns a query returns (empty for statements without rows),
    /// worked out from the statement the first time they are read.
    pub result_columns: ResultColumns,
}

impl Compiled {
    /// Replaces named parameters with the given values (by name), for
    /// statements whose named binds were left without a value.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// let mut c = text("SELECT :a, :b").compile(&Sqlite).unwrap();
    /// c.bind_named(|name| (name == "a").then(|| Value::from(1)));
    /// assert_eq!(c.params, vec![Value::from(1), Value::Null]);
    /// assert_eq!(c.unbound, vec![1]); // `:b` still needs a value
    /// ```
    pub fn bind_named(&mut self, mut lookup: impl FnMut(&str) -> Option<Value>) {
        for (pos, name) in &self.named_params {
            if let Some(v) = lookup(name) {
                if let Some(slot) = self.params.get_mut(*pos) {
                    *slot = v;
                    self.unbound.retain(|u| u != pos);
                }
            }
        }
    }
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Compiled")
            .field("sql", &self.sql)
            .field("params", &self.params)
            .finish()
    }
}

impl fmt::Display for Compiled {
    /// The SQL, then the parameters on a second line (for logs and snapshots).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sql)?;
        if !self.params.is_empty() {
            f.write_str("\n-- params: [")?;
            for (i, p) in self.params.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{p}")?;
            }
            f.write_str("]")?;
        }
        Ok(())
    }
}
