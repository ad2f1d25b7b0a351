//! The shared compiler: one walk that writes SQL text and collects
//! parameters together.

use crate::shared::Shared;
use std::sync::Arc;

use smallvec::SmallVec;

use super::scopes::Scopes;
use crate::compiled::{CompileOptions, Compiled, ParamStyle};
use crate::dialect::{Capabilities, Dialect, ReservedWords};
use crate::error::{CompileError, Fallible};
use crate::expr::{ColumnRef, Source};
use crate::ident::{Ident, Name};
use crate::result_columns::{AnonLabel, ResultColumns};
use crate::schema::Table;
use crate::stmt::ctes::{CteCollector, CteList};
use crate::stmt::froms::{FromList, select_froms_collecting};
use crate::stmt::{Alias, StatementRef};
use crate::value::Value;

/// How a bind parameter is named (only the named styles write the name).
#[derive(Clone, Copy)]
pub(crate) enum BindName<'x> {
    /// An anonymous value, named `<base>_N`.
    Anon(&'x str),
    /// An anonymous value compared with this expression, named after it
    /// (`<column>_N`, see `bind_base`; worked out only when names are kept).
    AnonOf(&'x crate::expr::Expr),
    /// A named bind with a value (`bindparam`, text `:name`): reused by
    /// name, and reported in `named_params`.
    Named(&'x Arc<str>),
    /// A named bind without a value (to be supplied at execution time).
    Unbound(&'x Arc<str>),
    /// A value with a fixed name (INSERT values, UPDATE SET): never reused.
    Fixed(&'x str),
    /// The value of a column in row `n` of a multi-row INSERT (`name_mN`).
    Row(&'x str, usize),
}

/// The compiler state for one statement.
///
/// Dialect hooks and [`CustomExpr`](crate::CustomExpr) implementations use
/// its public methods to write SQL: [`Compiler::push_sql`],
/// [`Compiler::push_identifier`], [`Compiler::visit_expr`],
/// [`Compiler::push_value`].
///
/// ```
/// use aludel_compiler::{prelude::*, Compiler, CompileError, CustomExpr, dialect::{Postgres, Sqlite}};
///
/// /// A text field of a JSON document: `doc ->> 'key'` on PostgreSQL,
/// /// `json_extract(doc, '$.key')` elsewhere, the key bound as a parameter.
/// #[derive(Debug)]
/// struct JsonField(Expr, &'static str);
/// impl CustomExpr for JsonField {
///     fn compile(&self, c: &mut Compiler<'_>) -> Result<(), CompileError> {
///         if c.dialect().name() == "postgresql" {
///             c.visit_expr(&self.0)?;
///             c.push_sql(" ->> ");
///             c.push_value(Value::from(self.1))
///         } else {
///             c.push_sql("json_extract(");
///             c.visit_expr(&self.0)?;
///             c.push_sql(", ");
///             c.push_value(Value::from(format!("$.{}", self.1)))?;
///             c.push_sql(")");
///             Ok(())
///         }
///     }
/// }
/// # let t = MetaData::new().table("t").column(Column::new("doc", Type::Json)).build().unwrap();
/// let q = select(Expr::custom(JsonField(t.c("doc"), "name"))).select_from(&t);
/// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT t.doc ->> $1 AS anon_1 FROM t");
/// let c = q.compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT json_extract(t.doc, ?) AS anon_1 FROM t");
/// assert_eq!(c.params, vec![Value::from("$.name")]);
/// ```
pub struct Compiler<'a> {
    pub(crate) dialect: &'a dyn Dialect,
    pub(crate) caps: &'a Capabilities,
    pub(crate) sql: String,
    pub(crate) params: Vec<Value>,
    /// The state of named parameters, anonymous aliases and `.params()`
    /// values (`None` while there is none: most statements, which then
    /// make and drop one word instead of five lists).
    named: Option<Box<NamedState>>,
    pub(crate) param_names: Option<Vec<Arc<str>>>,
    pub(crate) style: ParamStyle,
    pub(crate) literal_binds: bool,
    escape_percent: bool,
    anon_counters: Counters,
    bind_counters: Counters,
    /// FROM items of the enclosing queries, innermost last (for correlation).
    pub(crate) scopes: Scopes,
    /// Whether the statement's own FROM list (or an UPDATE's or DELETE's
    /// scope) is entered into `scopes`: only a query nested in it reads
    /// them, so not when the walk for its CTEs met no nested query and no
    /// custom expression (which may render one).
    pub(crate) top_scoped: bool,
    /// CTEs of the statement being compiled (`None` when it has none:
    /// most statements, which then have nothing to drop).
    pub(crate) ctes: Option<CteList>,
    /// For each parameter, the address of the statement value it came from
    /// (recorded only when building a cache template).
    pub(crate) param_sources: Option<Vec<Option<usize>>>,
    /// Set when the compilation cannot be reused for another statement of the same shape.
    pub(crate) uncacheable: bool,
    /// Render columns without their table (DDL, SQLite RETURNING, SET targets).
    pub(crate) unqualified: bool,
    /// Qualify columns with this name instead of their table (`inserted`
    /// in SQL Server's OUTPUT clause).
    pub(crate) qualifier: Option<&'static str>,
    /// An error found where rendering cannot fail (a table name), reported
    /// when the statement is finished.
    pub(crate) deferred: Option<CompileError>,
    /// The result columns, once the statement's rows are known (`None`
    /// until then: the field is set once, with nothing to drop first).
    pub(crate) result_columns: Option<ResultColumns>,
    /// The names given to the anonymous items of the top-level SELECT list,
    /// in order (its result columns' names); `None` until the first (most
    /// lists have none, and then there is nothing to drop).
    pub(crate) top_anon_names: Option<crate::result_columns::AnonNames>,
    /// The address of the SELECT list of a top-level compound's first
    /// member, whose anonymous labels name the result columns.
    pub(crate) first_member_columns: Option<usize>,
    pub(crate) depth: u32,
}

/// What a compilation keeps for named parameters, anonymous aliases and
/// `.params()` values: rarely any, so it is kept apart (see
/// `Compiler::named`).
#[derive(Default)]
struct NamedState {
    /// Each named parameter's position and name.
    params: Vec<(usize, Arc<str>)>,
    /// Positions of the named parameters given no value.
    unbound: Vec<usize>,
    /// Names already given a parameter, in the styles that reuse one.
    reused: Vec<(Arc<str>, usize)>,
    /// Names given to anonymous aliases (by address).
    anon_objects: Vec<(usize, Arc<str>)>,
    /// Values given with `.params()` for named binds (with their address
    /// in the tree).
    overrides: Vec<(Arc<str>, Value, usize)>,
}

impl<'a> Compiler<'a> {
    pub(crate) fn new(dialect: &'a dyn Dialect, options: &CompileOptions) -> Compiler<'a> {
        let caps = dialect.caps();
        let style = options.paramstyle.unwrap_or(caps.paramstyle);
        Compiler {
            dialect,
            caps,
            // Most statements fit; one with a CTE or a subquery often needs
            // more than 256 bytes, and growing the string costs a copy.
            sql: String::with_capacity(512),
            params: Vec::new(),
            named: None,
            param_names: style.is_named().then(Vec::new),
            style,
            literal_binds: options.literal_binds,
            escape_percent: matches!(style, ParamStyle::Format | ParamStyle::PyFormat),
            anon_counters: None,
            bind_counters: None,
            scopes: Scopes::default(),
            top_scoped: true,
            ctes: None,
            param_sources: None,
            uncacheable: false,
            unqualified: false,
            qualifier: None,
            deferred: None,
            result_columns: None,
            top_anon_names: None,
            first_member_columns: None,
            depth: 0,
        }
    }

    /// The compilation's output, taken out of the compiler (by reference:
    /// moving the whole compiler out would copy its inline stacks).
    #[inline]
    pub(crate) fn finish(&mut self) -> Compiled {
        use std::mem::take;
        let (named_params, unbound) = if self.named.is_some() {
            self.take_named()
        } else {
            (Vec::new(), Vec::new())
        };
        Compiled {
            sql: take(&mut self.sql),
            params: take(&mut self.params),
            named_params,
            unbound,
            param_names: self.param_names.take(),
            result_columns: self.result_columns.take().unwrap_or_default(),
        }
    }

    /// The named parameters' positions and names, and the positions of
    /// those given no value, taken out of the compiler.
    #[inline(never)]
    fn take_named(&mut self) -> (Vec<(usize, Arc<str>)>, Vec<usize>) {
        match self.named.take() {
            Some(named) => (named.params, named.unbound),
            None => (Vec::new(), Vec::new()),
        }
    }

    /// The named-parameter state, made when first needed.
    #[inline(never)]
    fn named(&mut self) -> &mut NamedState {
        self.named.get_or_insert_with(Box::default)
    }

    /// The values given with `.params()` for named binds.
    pub(crate) fn overrides(&self) -> &[(Arc<str>, Value, usize)] {
        self.named.as_ref().map_or(&[], |n| &n.overrides)
    }

    /// The dialect being compiled for.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, Compiler, CompileError, CustomExpr, dialect::Sqlite};
    /// #[derive(Debug)] struct Name;
    /// impl CustomExpr for Name {
    ///     fn compile(&self, c: &mut Compiler<'_>) -> Result<(), CompileError> {
    ///         let n = c.dialect().name().to_owned();
    ///         c.push_value(Value::from(n))
    ///     }
    /// }
    /// let c = select(Expr::custom(Name)).compile(&Sqlite).unwrap();
    /// assert_eq!(c.params, vec![Value::from("sqlite")]);
    /// ```
    pub fn dialect(&self) -> &'a dyn Dialect {
        self.dialect
    }

    /// Appends SQL text verbatim (in the `%s` styles, `%` is doubled).
    ///
    /// See [`CustomExpr`](crate::CustomExpr) for an example.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, Compiler, CompileError, CustomExpr, CompileOptions, ParamStyle, dialect::Postgres};
    /// #[derive(Debug)] struct Remainder;
    /// impl CustomExpr for Remainder {
    ///     fn compile(&self, c: &mut Compiler<'_>) -> Result<(), CompileError> {
    ///         c.push_sql("7 % 3");
    ///         Ok(())
    ///     }
    /// }
    /// let q = select(Expr::custom(Remainder));
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT 7 % 3 AS anon_1");
    /// let format = CompileOptions::new().paramstyle(ParamStyle::Format);
    /// assert_eq!(q.compile_with(&Postgres, &format).unwrap().sql, "SELECT 7 %% 3 AS anon_1");
    /// ```
    #[inline(always)]
    pub fn push_sql(&mut self, s: &str) {
        // inlined: a literal's length is known where it is written, so
        // short keywords are copied without a call
        if self.escape_percent {
            self.push_sql_escaped(s);
        } else {
            self.sql.push_str(s);
        }
    }

    /// [`push_sql`](Self::push_sql) for the `format` paramstyles, where a
    /// literal `%` is written `%%`.
    #[inline(never)]
    fn push_sql_escaped(&mut self, s: &str) {
        if s.contains('%') {
            self.sql.push_str(&s.replace('%', "%%"));
        } else {
            self.sql.push_str(s);
        }
    }

    pub(crate) fn push_char(&mut self, c: char) {
        self.sql.push(c);
    }

    /// Appends an identifier, quoted if the dialect requires it.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, Compiler, CompileError, CustomExpr, Ident, dialect::Mysql};
    /// #[derive(Debug)] struct Col(&'static str);
    /// impl CustomExpr for Col {
    ///     fn compile(&self, c: &mut Compiler<'_>) -> Result<(), CompileError> {
    ///         c.push_identifier(&Ident::new(self.0));
    ///         Ok(())
    ///     }
    /// }
    /// assert_eq!(select(Expr::custom(Col("Order"))).compile(&Mysql).unwrap().sql, "SELECT `Order` AS anon_1");
    /// ```
    #[inline]
    pub fn push_identifier(&mut self, id: &Ident) {
        self.push_name(id.as_str(), id.flags());
    }

    /// Writes a name whose quoting facts are `flags` (see [`push_identifier`](Self::push_identifier)).
    /// Inlined: a name written as it is (the common case) costs its copy
    /// only; one that is too long or must be quoted takes the slow path.
    #[inline]
    fn push_name(&mut self, name: &str, flags: u16) {
        if name.len() <= self.caps.max_identifier_length && !self.name_needs_quotes(name, flags) {
            self.sql.push_str(name);
        } else {
            self.push_name_slow(name, flags);
        }
    }

    #[inline(never)]
    fn push_name_slow(&mut self, name: &str, flags: u16) {
        if name.len() > self.caps.max_identifier_length && self.deferred.is_none() {
            self.deferred = Some(CompileError::unsupported_with(
                format!("the identifier {:?} ({} bytes)", name, name.len()),
                self.dialect.name(),
                format!(
                    "its identifiers have at most {} bytes: use a shorter name or label",
                    self.caps.max_identifier_length
                ),
            ));
        }
        if self.name_needs_quotes(name, flags) {
            let (open, close) = self.caps.quote;
            self.sql.push(open);
            for ch in name.chars() {
                if ch == close {
                    self.sql.push(close);
                }
                if self.escape_percent && ch == '%' {
                    self.sql.push('%');
                }
                self.sql.push(ch);
            }
            self.sql.push(close);
        } else {
            self.sql.push_str(name);
        }
    }

    #[inline]
    fn name_needs_quotes(&self, name: &str, flags: u16) -> bool {
        crate::ident::always_quoted(flags)
            || match self.caps.reserved {
                ReservedWords::Builtin(list) => crate::ident::reserved_in(flags, list),
                ReservedWords::Custom(f) => f(&name.to_ascii_lowercase()),
            }
    }

    /// Writes a fresh `<base>_N` label and, for the top SELECT's list
    /// (`keep`), keeps how to name it again as a result column: the name is
    /// written from the stack, not allocated, unless the dialect needs it
    /// shortened. The label is kept where it is made: returned through
    /// memory and pushed by the caller, it was copied twice with wider
    /// loads than the stores that wrote it (store-forwarding stalls, about
    /// 5% of `select_body_with`'s samples in S5's build + compile on a Zen
    /// 5); one such copy is left, into the list.
    pub(crate) fn push_anon_label(&mut self, base: &Name, keep: bool) {
        let n = bump(&mut self.anon_counters, base);
        // The common case, a plain base (`count`, `anon`): `<base>_<n>`
        // needs no quotes either (it adds `_` and digits, and no reserved
        // word ends so), and is written in place, digits and all.
        if crate::ident::numbered_flags(base) == 0
            && matches!(self.caps.reserved, ReservedWords::Builtin(_))
            && base.len() + 2 + n.checked_ilog10().unwrap_or(0) as usize
                <= self.caps.max_identifier_length
        {
            debug_assert_eq!(
                crate::ident::quoting_flags(&numbered(base, n)),
                0,
                "{base}_{n} needs no quotes"
            );
            self.sql.push_str(base);
            self.sql.push('_');
            push_usize(&mut self.sql, n as usize);
            if keep {
                self.keep_anon(AnonLabel::Numbered(base.clone(), n));
            }
            return;
        }
        let mut buf = [0u8; 64];
        match numbered_in(base, n, &mut buf) {
            Some(name) if name.len() <= self.caps.max_identifier_length => {
                // no reserved-word lookup: `<base>_<n>` is never reserved
                let flags = crate::ident::numbered_flags(name);
                debug_assert_eq!(flags, crate::ident::quoting_flags(name));
                self.push_name(name, flags);
                if keep {
                    self.keep_anon(AnonLabel::Numbered(base.clone(), n));
                }
            }
            _ => {
                let name = fit_identifier(numbered(base, n), self.caps.max_identifier_length);
                self.push_identifier(&Ident::from_arc(name.clone()));
                if keep {
                    self.keep_anon(AnonLabel::Named(name));
                }
            }
        }
    }

    /// Keeps the name of the top SELECT's anonymous item (in line: the
    /// label is written into the list where it is made).
    #[inline(always)]
    fn keep_anon(&mut self, label: AnonLabel) {
        self.top_anon_names
            .get_or_insert_with(smallvec::SmallVec::new)
            .push(label);
    }

    /// Appends a value as a bound parameter (or, with literal binds, as a literal).
    ///
    /// See [`Compiler::dialect`] for an example.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, Compiler, CompileError, CustomExpr, CompileOptions, dialect::Postgres};
    /// #[derive(Debug)] struct Greeting;
    /// impl CustomExpr for Greeting {
    ///     fn compile(&self, c: &mut Compiler<'_>) -> Result<(), CompileError> {
    ///         c.push_value(Value::from("it's me"))
    ///     }
    /// }
    /// let q = select(Expr::custom(Greeting));
    /// let bound = q.compile(&Postgres).unwrap();
    /// assert_eq!(bound.sql, "SELECT $1 AS anon_1");
    /// assert_eq!(bound.params, vec![Value::from("it's me")]);
    /// let inline = q.compile_with(&Postgres, &CompileOptions::new().literal_binds(true)).unwrap();
    /// assert_eq!(inline.sql, "SELECT 'it''s me' AS anon_1");
    /// ```
    pub fn push_value(&mut self, v: Value) -> Result<(), CompileError> {
        Ok(self.push_bind(v, BindName::Anon("param"))?)
    }

    pub(crate) fn push_bind(&mut self, v: Value, name: BindName<'_>) -> Fallible {
        if self.literal_binds {
            return self.push_literal(&v);
        }
        self.push_placeholder_for(v, name, None);
        Ok(())
    }

    /// Binds a value of the statement tree (its address is recorded for cache templates).
    pub(crate) fn push_bind_ref(&mut self, v: &Value, name: BindName<'_>) -> Fallible {
        if self.literal_binds {
            return self.push_literal(v);
        }
        if self.is_plain_bind(&name) {
            let idx = self.reserve_param();
            crate::value::copy_into(&mut self.params, v);
            self.write_placeholder(idx, None);
            return Ok(());
        }
        self.push_placeholder_named(v.clone(), name, Some(v as *const Value as usize));
        Ok(())
    }

    pub(crate) fn push_literal(&mut self, v: &Value) -> Fallible {
        let mut s = String::new();
        self.dialect.render_literal(v, &mut s)?;
        self.push_sql(&s);
        Ok(())
    }

    /// Adds a parameter value and returns its index. The first one sizes
    /// the vector for eight with one plain allocation (the general growth
    /// path of `reserve` costs twice as many instructions).
    #[inline]
    fn push_param(&mut self, v: Value) -> usize {
        let idx = self.reserve_param();
        self.params.push(v);
        idx
    }

    /// The next parameter's index, the vector sized on the first.
    #[inline(always)]
    fn reserve_param(&mut self) -> usize {
        if self.params.capacity() == 0 {
            self.size_params();
        }
        self.params.len()
    }

    /// The parameter vector's first allocation, out of line.
    #[cold]
    #[inline(never)]
    fn size_params(&mut self) {
        // The list is empty and has never allocated: it is replaced without
        // a call to drop it (`reserve` would go through the growth path).
        let empty = std::mem::replace(&mut self.params, Vec::with_capacity(8));
        debug_assert_eq!(empty.capacity(), 0);
        std::mem::forget(empty);
    }

    #[inline(always)]
    pub(crate) fn push_placeholder_for(
        &mut self,
        v: Value,
        name: BindName<'_>,
        source: Option<usize>,
    ) {
        if self.is_plain_bind(&name) {
            let idx = self.push_param(v);
            self.write_placeholder(idx, None);
            return;
        }
        self.push_placeholder_named(v, name, source);
    }

    /// The commonest bind: a value not bound by name (anonymous, or a DML
    /// column's), with no names or sources kept.
    #[inline(always)]
    fn is_plain_bind(&self, name: &BindName<'_>) -> bool {
        !matches!(name, BindName::Named(_) | BindName::Unbound(_))
            && self.param_names.is_none()
            && self.param_sources.is_none()
    }

    /// [`push_placeholder_for`](Self::push_placeholder_for)'s general
    /// path, out of line: a named or unbound parameter, or one whose name
    /// or source is kept.
    #[inline(never)]
    fn push_placeholder_named(&mut self, v: Value, name: BindName<'_>, source: Option<usize>) {
        if let BindName::Named(n) | BindName::Unbound(n) = name {
            if self.style.reuses_parameters() {
                if let Some(&(_, idx)) = self.named().reused.iter().find(|(k, _)| k == n) {
                    let pname = n.clone();
                    self.write_placeholder(idx, Some(&pname));
                    return;
                }
            }
        }
        let idx = self.push_param(v);
        if let Some(sources) = &mut self.param_sources {
            sources.push(source);
        }
        if let BindName::Named(n) | BindName::Unbound(n) = name {
            let reuses = self.style.reuses_parameters();
            let named = self.named();
            if let BindName::Unbound(_) = name {
                named.unbound.push(idx);
            }
            named.params.push((idx, n.clone()));
            if reuses {
                named.reused.push((n.clone(), idx));
            }
        }
        let pname = if self.param_names.is_some() {
            let n = match name {
                BindName::Named(n) | BindName::Unbound(n) => sanitize_bind_name(n),
                BindName::Fixed(n) => sanitize_bind_name(n),
                BindName::Row(n, r) => sanitize_bind_name(&format!("{n}_m{r}")),
                BindName::Anon(base) => self.next_bind_name(base),
                BindName::AnonOf(e) => self.next_bind_name(super::expr::bind_base(e)),
            };
            let n = fit_identifier(n, self.caps.max_bind_name_length);
            if let Some(names) = &mut self.param_names {
                names.push(n.clone());
            }
            Some(n)
        } else {
            None
        };
        self.write_placeholder(idx, pname.as_ref());
    }

    /// Writes parameter `idx`'s placeholder: `?` and `$n` (SQLite, MySQL,
    /// PostgreSQL) in line, the other styles out of line.
    #[inline]
    fn write_placeholder(&mut self, idx: usize, name: Option<&Arc<str>>) {
        match self.style {
            ParamStyle::Qmark => self.sql.push('?'),
            ParamStyle::Numeric => {
                self.sql.push('$');
                push_usize(&mut self.sql, idx + 1);
            }
            _ => self.write_other_placeholder(idx, name),
        }
    }

    /// [`write_placeholder`](Self::write_placeholder) of the styles other
    /// than `?` and `$n` (which it hands back).
    #[inline(never)]
    fn write_other_placeholder(&mut self, idx: usize, name: Option<&Arc<str>>) {
        let n = idx + 1;
        let name = name.map(|n| &**n).unwrap_or("param");
        match self.style {
            ParamStyle::Qmark | ParamStyle::Numeric => self.write_placeholder(idx, None),
            ParamStyle::Format => self.sql.push_str("%s"),
            ParamStyle::NumericColon => {
                self.sql.push(':');
                push_usize(&mut self.sql, n);
            }
            ParamStyle::AtP => {
                self.sql.push_str("@p");
                push_usize(&mut self.sql, n);
            }
            ParamStyle::Named => {
                self.sql.push(':');
                self.sql.push_str(name);
            }
            ParamStyle::AtNamed => {
                self.sql.push('@');
                self.sql.push_str(name);
            }
            ParamStyle::PyFormat => {
                self.sql.push_str("%(");
                self.sql.push_str(name);
                self.sql.push_str(")s");
            }
        }
    }

    fn next_bind_name(&mut self, base: &str) -> Arc<str> {
        let base = Name::Held(sanitize_bind_name(base));
        let n = bump(&mut self.bind_counters, &base);
        numbered(&base, n)
    }

    /// The name of an anonymous object (alias, label) identified by address,
    /// numbered per base name in order of first appearance.
    pub(crate) fn anon_name(&mut self, ptr: usize, base: &Name) -> Arc<str> {
        if let Some((_, n)) = self.named().anon_objects.iter().find(|(p, _)| *p == ptr) {
            return n.clone();
        }
        let name = self.next_anon_label(base);
        self.named().anon_objects.push((ptr, name.clone()));
        name
    }

    /// A fresh `<base>_N` label.
    pub(crate) fn next_anon_label(&mut self, base: &Name) -> Arc<str> {
        let n = bump(&mut self.anon_counters, base);
        fit_identifier(numbered(base, n), self.caps.max_identifier_length)
    }

    /// Writes `[schema.]table`.
    #[inline]
    pub(crate) fn push_table_name(&mut self, t: &Table) {
        if let Some(s) = t.schema() {
            self.push_schema(s, t);
        }
        self.push_identifier(t.name());
    }

    /// `schema.` before a table's name (an error where there are no schemas).
    #[inline(never)]
    fn push_schema(&mut self, s: &Ident, t: &Table) {
        if !self.caps.schemas && self.deferred.is_none() {
            self.deferred = Some(CompileError::unsupported_with(
                format!("the schema-qualified table {s}.{}", t.name()),
                self.dialect.name(),
                "the database has no schemas: use a table without a schema \
                 (or a separate database)",
            ));
        }
        self.push_identifier(s);
        self.sql.push('.');
    }

    /// The name an alias is referred to by.
    pub(crate) fn alias_name(&mut self, a: &Alias) -> Arc<str> {
        match a.name() {
            Some(n) => n.as_arc().clone(),
            None => {
                let ptr = Shared::as_ptr(&a.0) as usize;
                self.anon_name(ptr, &a.0.base)
            }
        }
    }

    pub(crate) fn push_alias_name(&mut self, a: &Alias) {
        match a.name() {
            Some(n) => self.push_identifier(n),
            None => {
                let n = self.alias_name(a);
                self.push_identifier(&Ident::from_arc(n));
            }
        }
    }

    /// Writes a column reference, qualified by its table or alias unless
    /// the context asks for bare names.
    #[inline]
    pub(crate) fn push_column(&mut self, c: &ColumnRef) {
        // A table's column whose `table.column` needs no quoting here is
        // written in one copy, as the table built it (the two names' flags
        // or-ed answer for both; a dialect with its own reserved-word test
        // takes the general path).
        if let (Source::Table(t), None, false) = (c.source(), self.qualifier, self.unqualified)
            && let Some((name, facts)) = t.qualified_at(c.idx as usize)
            && facts.longest <= self.caps.max_identifier_length
            && let ReservedWords::Builtin(list) = self.caps.reserved
            && !crate::ident::always_quoted(facts.flags)
            && !crate::ident::reserved_in(facts.flags, list)
        {
            self.sql.push_str(name);
            return;
        }
        self.push_column_quoted(c);
    }

    /// [`push_column`](Self::push_column)'s general path, out of line (so
    /// the common one-copy path needs no large frame): the qualifier and
    /// the name, each quoted as the dialect needs.
    #[inline(never)]
    fn push_column_quoted(&mut self, c: &ColumnRef) {
        if let Some(q) = self.qualifier {
            self.sql.push_str(q);
            self.sql.push('.');
        } else if !self.unqualified {
            match c.source() {
                Source::Table(t) => self.push_table_name(t),
                Source::Alias(a) => self.push_alias_name(a),
            }
            self.sql.push('.');
        }
        self.push_identifier(c.name());
    }

    /// Compiles a whole statement (with its CTEs).
    pub(crate) fn statement(&mut self, stmt: StatementRef<'_>) -> Fallible {
        if let StatementRef::Insert(i) = stmt {
            // a multi-row INSERT's size is known: size the buffers once
            if let crate::stmt::InsertSource::Rows { columns, rows } = &i.0.source {
                let values = rows.len() * columns.len();
                self.params.reserve_exact(values);
                self.sql.reserve(64 + columns.len() * 16 + values * 5);
            }
        }
        // the top SELECT's FROM list, or an UPDATE's or a DELETE's scope,
        // worked out with its CTEs (filled in place: see `FromList`)
        let mut top_froms = FromList::new();
        let mut collector = CteCollector::new();
        match stmt {
            StatementRef::Select(s) => {
                // The top SELECT's FROM list is worked out here, once, by
                // the walk that finds the CTEs of its columns and criteria.
                select_froms_collecting(&s.0, Some(&mut collector), &mut top_froms);
                collector.select_after_froms(s);
                let given = s.0.params();
                if !given.is_empty() {
                    self.named().overrides = given
                        .iter()
                        .map(|(n, v)| (n.clone(), v.clone(), v as *const Value as usize))
                        .collect();
                }
            }
            StatementRef::Update(u) => u.scope_and_ctes(&mut collector, &mut top_froms),
            StatementRef::Delete(d) => d.scope_and_ctes(&mut collector, &mut top_froms),
            StatementRef::Compound(c) => collector.compound(c),
            StatementRef::Insert(i) => i.walk_ctes(&mut collector),
            // DDL and raw text reach no CTE
            StatementRef::CreateTable(_)
            | StatementRef::DropTable(_)
            | StatementRef::CreateIndex(_)
            | StatementRef::DropIndex(_)
            | StatementRef::SetComment(_)
            | StatementRef::Text(_) => {}
        }
        self.top_scoped = collector.nested;
        self.ctes = collector.into_ctes();
        let with_first = !matches!(stmt, StatementRef::Insert(_)) || !self.caps.cte_after_insert;
        if !with_first
            && self.ctes.is_some()
            && let StatementRef::Insert(i) = stmt
            && !matches!(i.0.source, crate::stmt::InsertSource::Select { .. })
        {
            // Its WITH goes before the SELECT of INSERT ... SELECT, and an
            // INSERT of rows has none: the CTE would be left out.
            return Err(CompileError::unsupported_with(
                "a CTE in an INSERT of rows (VALUES)",
                self.dialect.name(),
                "its WITH clause can only stand before the SELECT of INSERT ... SELECT: \
                 insert from a SELECT that uses the CTE (insert().from_select(...))",
            )
            .into());
        }
        if with_first {
            self.render_with()?;
        }
        match stmt {
            StatementRef::Select(s) => self.top_select(s, &mut top_froms),
            StatementRef::Compound(c) => self.top_compound(c),
            StatementRef::Insert(i) => self.insert(i),
            StatementRef::Update(u) => self.update(u, &mut top_froms),
            StatementRef::Delete(d) => self.delete(d, &top_froms),
            StatementRef::CreateTable(c) => self.create_table(c),
            StatementRef::DropTable(d) => self.drop_table(d),
            StatementRef::CreateIndex(c) => self.create_index(c),
            StatementRef::DropIndex(d) => self.drop_index(d),
            StatementRef::SetComment(c) => self.set_comment(c),
            StatementRef::Text(t) => self.text_clause(t),
        }?;
        match self.deferred.take() {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }

    /// Writes `WITH [RECURSIVE] a AS (...), b AS (...) ` for the collected CTEs.
    /// In line: most statements have none, and then it is one check.
    #[inline]
    pub(crate) fn render_with(&mut self) -> Fallible {
        if self.ctes.is_none() {
            return Ok(());
        }
        self.render_collected_ctes()
    }

    /// [`render_with`](Self::render_with) for a statement that has CTEs.
    #[inline(never)]
    fn render_collected_ctes(&mut self) -> Fallible {
        let Some(ctes) = self.ctes.take() else {
            return Ok(());
        };
        let r = self.render_ctes(&ctes);
        self.ctes = Some(ctes);
        r
    }

    /// [`render_with`](Self::render_with)'s list, the statement's CTEs.
    fn render_ctes(&mut self, ctes: &CteList) -> Fallible {
        if !self.caps.ctes {
            return Err(self.unsupported("WITH (common table expressions)").into());
        }
        self.push_sql("WITH ");
        if ctes
            .iter()
            .any(|c| matches!(c.0.kind, crate::stmt::AliasKind::Cte { recursive: true }))
            && self.caps.recursive_keyword
        {
            self.push_sql("RECURSIVE ");
        }
        for (i, cte) in ctes.iter().enumerate() {
            if i > 0 {
                self.push_sql(", ");
            }
            self.cte_definition(cte)?;
        }
        self.push_char(' ');
        Ok(())
    }

    /// An "unsupported" error for this dialect.
    pub(crate) fn unsupported(&self, construct: &str) -> CompileError {
        CompileError::unsupported(construct, self.dialect.name())
    }
}

/// The last number given out per base name (`anon`, `param`, ...): a
/// statement uses a few bases, held inline, and most none (`None` until
/// the first: nothing to drop).
type Counters = Option<SmallVec<[(Name, u32); 2]>>;

fn bump(counters: &mut Counters, base: &Name) -> u32 {
    next_number(
        counters.get_or_insert_with(SmallVec::new),
        base,
        SmallVec::push,
    )
}

/// The next number for `base` in `counters` (the last number given out per
/// base name, a list `push` adds to): 1 for its first.
pub(crate) fn next_number<C>(counters: &mut C, base: &Name, push: fn(&mut C, (Name, u32))) -> u32
where
    C: std::ops::DerefMut<Target = [(Name, u32)]>,
{
    match counters.iter_mut().find(|(b, _)| **b == **base) {
        Some((_, n)) => {
            *n += 1;
            *n
        }
        None => {
            push(counters, (base.clone(), 1));
            1
        }
    }
}

/// `<base>_<n>` as shared text, written on the stack first (no
/// intermediate `String` for names up to 64 bytes).
pub(crate) fn numbered(base: &str, n: u32) -> Arc<str> {
    let mut buf = [0u8; 64];
    numbered_in(base, n, &mut buf).map_or_else(|| Arc::from(format!("{base}_{n}")), Arc::from)
}

/// `<base>_<n>` written into `buf`; `None` when it does not fit.
fn numbered_in<'b>(base: &str, n: u32, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    let mut digits = [0u8; 20];
    let digits = decimal(n as usize, &mut digits);
    let len = base.len() + 1 + digits.len();
    let out = buf.get_mut(..len)?;
    out[..base.len()].copy_from_slice(base.as_bytes());
    out[base.len()] = b'_';
    out[base.len() + 1..].copy_from_slice(digits.as_bytes());
    // a str, `_` and ASCII digits: always UTF-8
    std::str::from_utf8(out).ok()
}

/// Bind names in SQL must be plain identifiers: other characters become `_`.
fn sanitize_bind_name(n: &str) -> Arc<str> {
    if n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') && !n.is_empty() {
        Arc::from(n)
    } else {
        let s: String = n
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        Arc::from(if s.is_empty() { "param".to_owned() } else { s })
    }
}

/// A generated name cut to `max` bytes, deterministically: the start of the
/// name, `_`, and 8 hex digits of a hash of the whole name (so two long
/// names that share a prefix stay distinct, and the same statement always
/// gets the same names).
pub(crate) fn fit_identifier(name: Arc<str>, max: usize) -> Arc<str> {
    if name.len() <= max || max < 10 {
        return name;
    }
    // stable across runs and platforms, unlike std's hasher
    let hash = crate::cache::fnv1a(name.as_bytes());
    let mut keep = max - 9;
    while !name.is_char_boundary(keep) {
        keep -= 1;
    }
    Arc::from(format!("{}_{:08x}", &name[..keep], hash as u32))
}

#[inline]
pub(crate) fn push_usize(out: &mut String, n: usize) {
    if n < 10 {
        // one digit: most placeholders and labels
        out.push(char::from(b'0' + n as u8));
    } else {
        push_digits(out, n);
    }
}

/// [`push_usize`] of a number of two digits or more.
#[inline(never)]
fn push_digits(out: &mut String, n: usize) {
    if n < 100 {
        // two digits: the placeholders of a longer statement
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
        return;
    }
    push_many_digits(out, n);
}

/// [`push_usize`] of a number of three digits or more, out of line: the
/// two-digit path above then saves and restores no registers (that took
/// half of its instructions).
#[cold]
#[inline(never)]
fn push_many_digits(out: &mut String, n: usize) {
    let mut buf = [0u8; 20];
    let digits = decimal_digits(n, &mut buf);
    for &d in digits {
        out.push(char::from(d));
    }
}

/// `n` in decimal, written into the end of `buf`.
fn decimal(n: usize, buf: &mut [u8; 20]) -> &str {
    // ASCII digits only
    std::str::from_utf8(decimal_digits(n, buf)).unwrap_or("0")
}

/// The ASCII digits of `n`, written into the end of `buf`.
fn decimal_digits(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

#[cfg(test)]
mod tests {
    use super::{numbered, push_usize};
    use crate::dialect::{Dialect, Generic, quote_identifier};
    use crate::prelude::*;

    /// Every built-in dialect: the databases' and the generic one.
    fn every_dialect() -> impl Iterator<Item = &'static dyn Dialect> {
        crate::snapshot::ALL
            .iter()
            .copied()
            .chain([&Generic as &dyn Dialect])
    }

    /// A table's column written in one copy of its `table.column` reads as
    /// the table's name and the column's, each quoted by the dialect's rule:
    /// plain, mixed-case, reserved (in some dialects only), schema-qualified
    /// and too-long names, on every built-in dialect.
    #[test]
    fn a_column_written_whole_reads_as_its_quoted_names() {
        let long = "n".repeat(70);
        let cases: [(Option<&str>, &str, &str); 7] = [
            (None, "users", "id"),
            (None, "Users", "id"),
            (None, "users", "Name"),
            (None, "user", "order"),
            (None, "t", "select"),
            (Some("hr"), "emp", "id"),
            (None, "t", &long),
        ];
        for (schema, table, column) in cases {
            let meta = MetaData::new();
            let mut b = meta.table(table);
            if let Some(s) = schema {
                b = b.schema(s);
            }
            let t = b
                .column(Column::new(column, Type::Integer))
                .build()
                .expect("table");
            for d in every_dialect() {
                let q = |n: &str| quote_identifier(d, n);
                let mut want = format!("SELECT {}.{}", q(table), q(column));
                if let Some(s) = schema {
                    want = format!("SELECT {}.{}.{}", q(s), q(table), q(column));
                }
                let too_long = column.len() > d.caps().max_identifier_length;
                let no_schemas = schema.is_some() && !d.caps().schemas;
                match select(t.c(column)).compile(d) {
                    Ok(c) => {
                        assert!(!too_long && !no_schemas, "{}: {}", d.name(), c.sql);
                        assert!(
                            c.sql.starts_with(&want),
                            "{}: {} (want {want})",
                            d.name(),
                            c.sql
                        );
                    }
                    Err(e) => assert!(too_long || no_schemas, "{}: {e}", d.name()),
                }
            }
        }
    }

    /// An anonymous label written in place (`count_11`) reads as its name
    /// quoted by the dialect's rule, for one- and two-digit numbers and for
    /// bases that need quotes or are reserved words, on every built-in
    /// dialect.
    #[test]
    fn anonymous_labels_read_as_their_quoted_names() {
        let t = crate::schema::int_table(&MetaData::new(), "t", &["a"]);
        let mut items: Vec<Expr> = (0..11).map(|_| func::count_star()).collect();
        items.push(func::call("MyFn", [t.c("a")]));
        items.push(func::call("select", [t.c("a")]));
        let mut names: Vec<String> = (1..=11).map(|n| format!("count_{n}")).collect();
        names.extend(["MyFn_1".to_owned(), "select_1".to_owned()]);
        for d in every_dialect() {
            let sql = select(items.clone())
                .select_from(&t)
                .compile(d)
                .expect("compiles")
                .sql;
            for name in &names {
                let want = format!(" AS {}", quote_identifier(d, name));
                assert!(
                    sql.contains(&format!("{want},")) || sql.contains(&format!("{want} ")),
                    "{}: {sql} (want {want})",
                    d.name()
                );
            }
        }
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        for n in [0, 7, 9, 10, 42, 99, 100, 101, 999, 12_345, usize::MAX] {
            let mut s = String::from("$");
            push_usize(&mut s, n);
            assert_eq!(s, format!("${n}"));
        }
    }

    #[test]
    fn numbered_names_match_format_for_short_and_long_bases() {
        let long = "x".repeat(70);
        for (base, n) in [
            ("anon", 1),
            ("count", 42),
            ("row_number", u32::MAX),
            (&long[..], 7),
        ] {
            assert_eq!(&*numbered(base, n), format!("{base}_{n}"));
        }
    }
}
