//! Tables and their builder.

use std::fmt;
use std::sync::{Arc, OnceLock};

use indexmap::IndexMap;

use crate::error::{CompileError, SchemaError};
use crate::expr::{ColumnRef, Expr, Source};
use crate::ident::keys::NameKeys;
use crate::ident::{Ident, position_folded};
use crate::schema::{
    Column, Constraint, FkTarget, ForeignKeyConstraint, MetaData, PrimaryKeyConstraint,
    UniqueConstraint,
};

/// A table: a name, an optional schema, columns and constraints.
///
/// Tables are immutable once built and cheap to clone. Ask one for a column
/// expression with [`Table::c`] (or the fallible [`Table::try_c`]).
///
/// ```
/// use aludel_compiler::prelude::*;
/// let meta = MetaData::new();
/// let users = meta.table("users")
///     .column(Column::new("id", Type::Integer).primary_key())
///     .column(Column::new("name", Type::String(Some(50))).not_null())
///     .build()?;
/// assert_eq!(users.name().as_str(), "users");
/// assert_eq!(users.columns().count(), 2);
/// assert!(users.try_c("missing").is_err());
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone)]
pub struct Table(pub(crate) Arc<TableInner>);

/// A table's columns by name, in order. Hashed with foldhash (seeded at
/// random per map): looking a column up by name in a wide table with std's
/// SipHash took 40% of building a SELECT of its columns.
/// The most columns a table has for its columns to be found by comparing
/// keys of their names one by one rather than by hash.
const SMALL: usize = 8;

pub(crate) type ColumnMap = IndexMap<Ident, Column, foldhash::fast::RandomState>;

pub(crate) struct TableInner {
    pub(crate) name: Ident,
    pub(crate) schema: Option<Ident>,
    pub(crate) columns: ColumnMap,
    /// The columns' names laid out for [`Table::c`]'s lookup (see
    /// [`NameKeys`]), for a table of at most [`SMALL`] columns (none for a
    /// larger one).
    pub(crate) column_keys: NameKeys,
    pub(crate) primary_key: PrimaryKeyConstraint,
    pub(crate) constraints: Vec<Constraint>,
    pub(crate) comment: Option<Arc<str>>,
    /// A hash of the whole definition, for structural cache keys.
    pub(crate) fingerprint: u64,
    /// Each column's `[schema.]table.column`, built once (result-column
    /// origins, and the compiler's column references).
    pub(crate) qualified: Vec<Arc<str>>,
    /// For each column, what decides whether its `table.column` can be
    /// written as it is (see [`Table::qualified_at`]).
    pub(crate) qualified_facts: Vec<QualifiedFacts>,
    /// Whether any column has a client-side default (an INSERT adds the
    /// columns it does not name): most tables have none, and their
    /// INSERTs then skip the look at every column.
    pub(crate) any_default: bool,
    /// Whether any column has an ON UPDATE default (an UPDATE adds the
    /// columns it does not set); likewise for UPDATEs.
    pub(crate) any_onupdate: bool,
    /// Set by [`Table::leak`]: the table as a column's source, for the
    /// rest of the program, so column expressions refer to it without a
    /// count.
    pub(crate) pinned: OnceLock<&'static Source>,
}

/// The quoting facts of a column's `table.column` taken together: the
/// table's and the column's [`Ident`] flags (with the always-quote bit set
/// when the table has a schema, so that such names take the general path),
/// and the length of the longer of the two names.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QualifiedFacts {
    pub(crate) flags: u16,
    pub(crate) longest: usize,
}

/// A pinned table's source, on cache lines of its own: every column
/// expression of the table reads it, on every thread, and a small
/// allocation next to it that one thread keeps writing (the heap reuses
/// freed neighbours) would make the others wait on each read. (In the
/// bench's two-thread runs, S1 on a pinned table took 627–702 ns a
/// statement before the padding and 365–596 ns after, on a VM whose own
/// spread is about as large.)
#[repr(align(128))]
struct Line(Source);

impl Table {
    /// The table's name.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.name().as_str(), "t");
    /// ```
    pub fn name(&self) -> &Ident {
        &self.0.name
    }

    /// The table's schema, if any.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").schema("hr").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.schema().map(|s| s.as_str()), Some("hr"));
    /// ```
    pub fn schema(&self) -> Option<&Ident> {
        self.0.schema.as_ref()
    }

    /// `schema.name` or `name`, as used for lookups and messages.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").schema("hr").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.fullname(), "hr.t");
    /// ```
    pub fn fullname(&self) -> String {
        match &self.0.schema {
            Some(s) => format!("{s}.{}", self.0.name),
            None => self.0.name.to_string(),
        }
    }

    /// The column definitions, in definition order.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.columns().next().unwrap().name().as_str(), "a");
    /// ```
    pub fn columns(&self) -> impl ExactSizeIterator<Item = &Column> {
        self.0.columns.values()
    }

    /// The definition of the named column.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.column("a").unwrap().ty(), &Type::Integer);
    /// ```
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.0.columns.get(name)
    }

    /// A column expression for use in statements, or an error naming the
    /// table's columns when there is no such column. A name that matches no
    /// column exactly but exactly one ignoring case finds that one.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let a = t.try_c("a")?;
    /// assert!(t.try_c("b").unwrap_err().to_string().contains("its columns are: a"));
    /// # Ok::<(), aludel_compiler::CompileError>(())
    /// ```
    pub fn try_c(&self, name: &str) -> Result<Expr, CompileError> {
        match self.column_index(name) {
            Some(idx) => Ok(self.column_expr(idx)),
            None => Err(self.unknown_column(name)),
        }
    }

    /// The expression of column `idx`.
    #[inline]
    fn column_expr(&self, idx: usize) -> Expr {
        Expr::column(match self.0.pinned.get() {
            Some(pinned) => ColumnRef::pinned(pinned, idx),
            None => ColumnRef::new(Source::Table(self.clone()), idx),
        })
    }

    /// A column expression for use in statements.
    ///
    /// An unknown name does not panic: it yields an expression that makes
    /// the statement fail to compile with [`CompileError::UnknownColumn`].
    /// Use [`Table::try_c`] to find out at once.
    ///
    /// ```
    /// # use aludel_compiler::{prelude::*, dialect::Postgres};
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(select(t.c("a")).compile(&Postgres).unwrap().sql, "SELECT t.a FROM t");
    /// assert!(select(t.c("zz")).compile(&Postgres).is_err());
    /// ```
    #[inline]
    pub fn c(&self, name: &str) -> Expr {
        // Found by position, without a `Result` carrying the (large) error;
        // in line in the caller, which makes the expression where it puts
        // it from the position the lookup returns in a register (returned
        // through memory, the expression was copied at once, with wider
        // loads than the stores that had just written it, which wait for
        // them).
        match self.column_index(name) {
            Some(idx) => self.column_expr(idx),
            None => self.unknown_column_expr(name),
        }
    }

    /// The expression of an unknown column: one that fails to compile.
    #[cold]
    #[inline(never)]
    fn unknown_column_expr(&self, name: &str) -> Expr {
        Expr::invalid(self.unknown_column(name))
    }

    /// Column expressions for every column, in order.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.all_columns().len(), 1);
    /// ```
    pub fn all_columns(&self) -> Vec<Expr> {
        (0..self.0.columns.len())
            .map(|i| self.column_expr(i))
            .collect()
    }

    /// The primary key constraint (possibly with no columns).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer).primary_key()).build().unwrap();
    /// assert_eq!(t.primary_key().columns()[0].as_str(), "a");
    /// ```
    pub fn primary_key(&self) -> &PrimaryKeyConstraint {
        &self.0.primary_key
    }

    /// Table-level constraints (foreign keys, uniques, checks), including
    /// those declared on columns, in the order `CREATE TABLE` renders them.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer).unique()).build().unwrap();
    /// assert_eq!(t.constraints().len(), 1);
    /// ```
    pub fn constraints(&self) -> &[Constraint] {
        &self.0.constraints
    }

    /// The foreign key constraints.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("u", Type::Integer).foreign_key("users.id")).build().unwrap();
    /// assert_eq!(t.foreign_keys().count(), 1);
    /// ```
    pub fn foreign_keys(&self) -> impl Iterator<Item = &ForeignKeyConstraint> {
        self.0.constraints.iter().filter_map(|c| match c {
            Constraint::ForeignKey(fk) => Some(fk),
            _ => None,
        })
    }

    /// The table comment, if any.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").comment("hi").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.comment(), Some("hi"));
    /// ```
    pub fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }

    /// A [`SetComment`](crate::stmt::SetComment) for the table's comment
    /// and for each column's, those declared, in that order: what follows
    /// `CREATE TABLE` on databases that do not write comments inside it
    /// ([`Capabilities::comments_follow_create`](crate::dialect::Capabilities::comments_follow_create)).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    /// let t = MetaData::new().table("notes").comment("notes")
    ///     .column(Column::new("id", Type::Integer).primary_key())
    ///     .column(Column::new("body", Type::Text).comment("markdown"))
    ///     .build().unwrap();
    /// let sql: Vec<String> = t.comment_statements().iter()
    ///     .map(|s| s.compile(&Postgres).unwrap().sql).collect();
    /// assert_eq!(sql, ["COMMENT ON TABLE notes IS 'notes'", "COMMENT ON COLUMN notes.body IS 'markdown'"]);
    /// ```
    pub fn comment_statements(&self) -> Vec<crate::stmt::SetComment> {
        use crate::stmt::SetComment;
        let table = self.comment().map(|_| SetComment::table(self));
        let columns = self
            .columns()
            .enumerate()
            .filter(|(_, c)| c.comment_text().is_some())
            .map(|(i, _)| SetComment::of_column(self, i));
        table.into_iter().chain(columns).collect()
    }

    /// The column that autoincrements, following SQLAlchemy's rule: the
    /// single integer primary key column without a foreign key (unless
    /// autoincrement is set explicitly), or an identity column.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
    /// assert_eq!(t.autoincrement_column().unwrap().name().as_str(), "id");
    /// ```
    pub fn autoincrement_column(&self) -> Option<&Column> {
        use crate::schema::Autoincrement;
        if let Some(c) = self.columns().find(|c| c.identity.is_some()) {
            return Some(c);
        }
        let pk = &self.0.primary_key.columns;
        let explicit = self
            .columns()
            .find(|c| c.primary_key && c.autoincrement == Autoincrement::Yes);
        if explicit.is_some() {
            return explicit;
        }
        if pk.len() != 1 {
            return None;
        }
        let col = self.column(pk[0].as_str())?;
        (col.autoincrement == Autoincrement::Auto
            && col.ty.is_integer()
            && col.foreign_keys.is_empty()
            && col.default.is_none()
            && col.server_default.is_none())
        .then_some(col)
    }

    /// Whether two handles are the same table.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert!(t.is(&t.clone()));
    /// ```
    pub fn is(&self, other: &Table) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Pins the table for the rest of the program, so that what is made
    /// from it, by any handle of the table, refers to it without holding a
    /// count: its column expressions ([`Table::c`]), and the statements
    /// that name it (an INSERT's, UPDATE's or DELETE's target, a FROM item,
    /// a side of a join, an alias), the column names of its subqueries
    /// and CTEs, and the result columns of a compiled SELECT of up to
    /// three of its columns (which then keep no handle on the statement).
    ///
    /// Every column expression and statement of a counted table holds a
    /// handle to it, so a statement that names four columns takes and
    /// gives back the table's count four times, each an atomic update of
    /// one shared count. On one thread that costs little, but threads that
    /// build statements from the same table at once take turns owning the
    /// count's cache line: on two threads, building and compiling the
    /// benchmark's SELECT by primary key took 1.19 times as long as on a
    /// pinned table, and its join 1.6 times as long as on one thread while
    /// only column expressions were pinned. On pinned tables each of two
    /// threads runs nearly as fast as one alone. The price:
    /// the table's definition is never freed, so pin tables that live as
    /// long as the program anyway (a schema declared once at start-up, as
    /// sea-query's identifiers are `'static`), not tables made per request.
    /// Pinning changes nothing else: the handle returned is the table
    /// itself ([`is`](Self::is) holds with every other handle of it),
    /// statements compile and cache as before, and pinning twice is
    /// pinning once.
    ///
    /// ```
    /// use std::sync::LazyLock;
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    ///
    /// static USERS: LazyLock<Table> = LazyLock::new(|| {
    ///     MetaData::new()
    ///         .table("users")
    ///         .column(Column::new("id", Type::Integer).primary_key())
    ///         .column(Column::new("name", Type::Text))
    ///         .build()
    ///         .expect("the users table is well formed")
    ///         .leak()
    /// });
    ///
    /// let q = select(USERS.c("name")).filter(USERS.c("id").eq(5));
    /// assert_eq!(
    ///     q.compile(&Postgres).unwrap().sql,
    ///     "SELECT users.name FROM users WHERE users.id = $1"
    /// );
    /// assert!(USERS.is(&USERS.clone().leak()));
    /// ```
    pub fn leak(self) -> Table {
        self.0.pinned.get_or_init(|| {
            let line: &'static Line = Box::leak(Box::new(Line(Source::Table(self.clone()))));
            &line.0
        });
        self
    }

    /// The address that tells this table apart (see [`is`](Self::is)).
    pub(crate) fn addr(&self) -> usize {
        Arc::as_ptr(&self.0).cast::<()>() as usize
    }

    /// The position of a column: an exact match, else the one column whose
    /// name matches ignoring case (unquoted SQL names are case-insensitive:
    /// PostgreSQL folds `Cars` to `cars`). A small table's names are
    /// compared by their keys here; a larger table's are hashed, out of line.
    pub(crate) fn column_index(&self, name: &str) -> Option<usize> {
        let columns = &self.0.columns;
        if columns.len() <= SMALL {
            // comparing a few short names' keys is cheaper than hashing one
            let full = |i| columns.get_index(i).map_or("", |(k, _)| k.as_str());
            let found = self.0.column_keys.position(name, full);
            if found.is_some() {
                return found;
            }
        }
        self.column_index_slow(name)
    }

    /// [`column_index`](Self::column_index) by hash (a table of more than
    /// eight columns), or ignoring case, out of line.
    #[inline(never)]
    fn column_index_slow(&self, name: &str) -> Option<usize> {
        let columns = &self.0.columns;
        if columns.len() > SMALL
            && let Some(i) = columns.get_index_of(name)
        {
            return Some(i);
        }
        position_folded(columns.keys().map(Ident::as_str), name)
    }

    pub(crate) fn unknown_column(&self, name: &str) -> CompileError {
        CompileError::UnknownColumn {
            source_name: format!("table {}", self.fullname()),
            column: name.to_owned(),
            known: self
                .0
                .columns
                .keys()
                .map(Ident::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    pub(crate) fn column_at(&self, idx: usize) -> &Column {
        &self.0.columns[idx]
    }

    /// Column `idx`'s `table.column` and the facts that decide whether a
    /// dialect can write it as it is (one copy instead of two names and a
    /// dot); `None` for a position out of range.
    pub(crate) fn qualified_at(&self, idx: usize) -> Option<(&str, QualifiedFacts)> {
        let q = self.0.qualified.get(idx)?;
        let facts = *self.0.qualified_facts.get(idx)?;
        Some((q, facts))
    }

    /// True when `target` (a foreign key's referenced table) names this table.
    pub(crate) fn matches_target(&self, schema: Option<&Ident>, table: &Ident) -> bool {
        self.0.name == *table && (schema.is_none() || schema == self.0.schema.as_ref())
    }
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Table({})", self.fullname())
    }
}

impl PartialEq for Table {
    fn eq(&self, other: &Self) -> bool {
        self.is(other)
    }
}

/// Builds a [`Table`] column by column; [`TableBuilder::build`] checks it
/// and registers it in its [`MetaData`].
///
/// ```
/// use aludel_compiler::prelude::*;
/// use aludel_compiler::schema::{PrimaryKeyConstraint, ForeignKeyConstraint, CheckConstraint};
/// let meta = MetaData::new();
/// let lines = meta.table("order_lines")
///     .column(Column::new("order_id", Type::Integer).not_null())
///     .column(Column::new("line_no", Type::Integer).not_null())
///     .primary_key_constraint(PrimaryKeyConstraint::new(["order_id", "line_no"]).name("pk_order_lines"))
///     .constraint(CheckConstraint::new("line_no > 0"))
///     .build()?;
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[must_use = "call .build() to create the table"]
pub struct TableBuilder {
    meta: Option<MetaData>,
    name: String,
    schema: Option<String>,
    columns: Vec<Column>,
    primary_key: Option<PrimaryKeyConstraint>,
    constraints: Vec<Constraint>,
    comment: Option<Arc<str>>,
}

impl TableBuilder {
    pub(crate) fn new(meta: Option<MetaData>, name: &str) -> Self {
        TableBuilder {
            meta,
            name: name.to_owned(),
            schema: None,
            columns: Vec::new(),
            primary_key: None,
            constraints: Vec::new(),
            comment: None,
        }
    }

    /// Sets the table's schema (`hr.employees`).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("employees").schema("hr").column(Column::new("id", Type::Integer)).build().unwrap();
    /// ```
    pub fn schema(mut self, schema: &str) -> Self {
        self.schema = Some(schema.to_owned());
        self
    }

    /// Adds a column.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").column(Column::new("id", Type::Integer)).build().unwrap();
    /// ```
    pub fn column(mut self, column: Column) -> Self {
        self.columns.push(column);
        self
    }

    /// Sets a (named or composite) primary key constraint.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// use aludel_compiler::schema::PrimaryKeyConstraint;
    /// let t = MetaData::new().table("t")
    ///     .column(Column::new("a", Type::Integer))
    ///     .primary_key_constraint(PrimaryKeyConstraint::new(["a"]).name("pk_t"))
    ///     .build().unwrap();
    /// ```
    pub fn primary_key_constraint(mut self, pk: PrimaryKeyConstraint) -> Self {
        self.primary_key = Some(pk);
        self
    }

    /// Adds a table-level constraint (foreign key, unique or check).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// use aludel_compiler::schema::UniqueConstraint;
    /// let t = MetaData::new().table("t")
    ///     .column(Column::new("a", Type::Integer))
    ///     .constraint(UniqueConstraint::new(["a"]).name("uq_a"))
    ///     .build().unwrap();
    /// ```
    pub fn constraint(mut self, c: impl Into<Constraint>) -> Self {
        self.constraints.push(c.into());
        self
    }

    /// A comment on the table.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = MetaData::new().table("t").comment("x").column(Column::new("a", Type::Integer)).build().unwrap();
    /// ```
    pub fn comment(mut self, comment: &str) -> Self {
        self.comment = Some(Arc::from(comment));
        self
    }

    /// Checks the definition and creates the table, registering it in its
    /// MetaData (an error if one of the same name is there already).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let meta = MetaData::new();
    /// meta.table("t").column(Column::new("a", Type::Integer)).build()?;
    /// assert!(meta.table("t").column(Column::new("a", Type::Integer)).build().is_err());
    /// # Ok::<(), aludel_compiler::SchemaError>(())
    /// ```
    pub fn build(self) -> Result<Table, SchemaError> {
        let table = self.make()?;
        if let Some(meta) = &self.meta {
            meta.register(table.clone())?;
        }
        Ok(table)
    }

    fn make(&self) -> Result<Table, SchemaError> {
        if self.name.is_empty() {
            return Err(SchemaError::EmptyName("a table".into()));
        }
        let mut columns =
            ColumnMap::with_capacity_and_hasher(self.columns.len(), Default::default());
        for col in &self.columns {
            if col.name.as_str().is_empty() {
                return Err(SchemaError::EmptyName(format!(
                    "every column of table {:?}",
                    self.name
                )));
            }
            if columns.insert(col.name.clone(), col.clone()).is_some() {
                return Err(SchemaError::DuplicateColumn {
                    table: self.name.clone(),
                    column: col.name.to_string(),
                });
            }
        }
        let names: Vec<Ident> = columns.keys().cloned().collect();
        let check = |what: &str, name: &Ident| -> Result<(), SchemaError> {
            if names.contains(name) {
                Ok(())
            } else {
                Err(SchemaError::UnknownColumn {
                    what: what.to_owned(),
                    table: self.name.clone(),
                    column: name.to_string(),
                })
            }
        };
        let primary_key = match &self.primary_key {
            Some(pk) => {
                for c in &pk.columns {
                    check("PRIMARY KEY", c)?;
                }
                for c in &pk.columns {
                    if let Some(col) = columns.get_mut(c.as_str()) {
                        col.primary_key = true;
                    }
                }
                pk.clone()
            }
            None => PrimaryKeyConstraint {
                name: None,
                columns: columns
                    .values()
                    .filter(|c| c.primary_key)
                    .map(|c| c.name.clone())
                    .collect(),
            },
        };
        let mut constraints = Vec::new();
        for col in columns.values() {
            for fk in &col.foreign_keys {
                let target = FkTarget::parse(&fk.spec)?;
                constraints.push(Constraint::ForeignKey(ForeignKeyConstraint {
                    name: fk.name.clone(),
                    columns: vec![col.name.clone()],
                    ref_schema: target.schema,
                    ref_table: target.table,
                    ref_columns: vec![target.column],
                    on_delete: fk.on_delete,
                    on_update: fk.on_update,
                }));
            }
        }
        for c in &self.constraints {
            match c {
                Constraint::ForeignKey(fk) => {
                    for col in &fk.columns {
                        check("FOREIGN KEY", col)?;
                    }
                    if fk.columns.len() != fk.ref_columns.len() || fk.columns.is_empty() {
                        return Err(SchemaError::Invalid(format!(
                            "foreign key on table {:?} has {} local and {} referenced columns",
                            self.name,
                            fk.columns.len(),
                            fk.ref_columns.len()
                        )));
                    }
                }
                Constraint::Unique(u) => {
                    for col in &u.columns {
                        check("UNIQUE", col)?;
                    }
                }
                Constraint::Check(_) => {}
            }
            constraints.push(c.clone());
        }
        for col in columns.values() {
            if col.unique {
                constraints.push(Constraint::Unique(UniqueConstraint {
                    name: None,
                    columns: vec![col.name.clone()],
                }));
            }
        }
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            format!(
                "{:?}|{:?}|{:?}|{:?}|{:?}",
                self.name, self.schema, columns, primary_key, constraints
            )
            .hash(&mut h);
            h.finish()
        };
        let prefix = match &self.schema {
            Some(schema) => format!("{schema}.{}.", self.name),
            None => format!("{}.", self.name),
        };
        let qualified = columns
            .keys()
            .map(|c| Arc::from(format!("{prefix}{c}")))
            .collect();
        let name = Ident::new(&self.name);
        let schema = self.schema.as_deref().map(Ident::new);
        let qualified_facts = columns
            .keys()
            .map(|c| QualifiedFacts {
                flags: name.flags()
                    | c.flags()
                    | if schema.is_some() {
                        crate::ident::ALWAYS_QUOTE
                    } else {
                        0
                    },
                longest: name.as_str().len().max(c.as_str().len()),
            })
            .collect();
        // a larger table's columns are found by hash
        let column_keys = if columns.len() <= SMALL {
            NameKeys::new(columns.keys().map(Ident::as_str))
        } else {
            NameKeys::default()
        };
        let any_default = columns.values().any(|c| c.client_default().is_some());
        let any_onupdate = columns.values().any(|c| c.onupdate_spec().is_some());
        Ok(Table(Arc::new(TableInner {
            name,
            schema,
            columns,
            column_keys,
            primary_key,
            constraints,
            comment: self.comment.clone(),
            fingerprint,
            qualified,
            qualified_facts,
            any_default,
            any_onupdate,
            pinned: OnceLock::new(),
        })))
    }
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    /// A table of the given columns.
    fn table(columns: &[&str]) -> Table {
        crate::schema::int_table(&MetaData::new(), "t", columns)
    }

    /// Every column of a small table is found by its exact name, whatever
    /// the name's length and however much it shares with the others; a
    /// name that differs only in case is found when it matches one column
    /// only; anything else is unknown.
    #[test]
    fn small_tables_find_columns_by_exact_name() {
        // eight columns: the most a table has for its names to be compared
        // one by one rather than looked up by hash
        let names = [
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefgX",
            "abcdefgh1",
            "abcdefgh2",
            "日本語",
        ];
        let t = table(&names);
        for (i, n) in names.iter().enumerate() {
            assert_eq!(t.column_index(n), Some(i), "{n}");
        }
        for unknown in [
            "",
            "b",
            "abcdef",
            "abcdefgh3",
            "abcdefghi",
            "abcdefg\0",
            "日本",
        ] {
            assert_eq!(t.column_index(unknown), None, "{unknown:?}");
        }
        let mixed = table(&["Id", "name", "NAME", "abcdefghij"]);
        assert_eq!(mixed.column_index("id"), Some(0));
        assert_eq!(mixed.column_index("ABCDEFGHIJ"), Some(3));
        assert_eq!(
            mixed.column_index("Name"),
            None,
            "two columns match ignoring case"
        );
        assert_eq!(mixed.column_index("name"), Some(1));
        assert_eq!(mixed.column_index("NAME"), Some(2));
        // one more column: found by hash, the same answers
        let nine: Vec<String> = (0..9).map(|i| format!("c{i}")).collect();
        let large = table(&nine.iter().map(String::as_str).collect::<Vec<_>>());
        for (i, n) in nine.iter().enumerate() {
            assert_eq!(large.column_index(n), Some(i), "{n}");
        }
        assert_eq!(large.column_index("C8"), Some(8));
        assert_eq!(large.column_index("c9"), None);
    }

    /// Pinning makes a table's column expressions refer to it without a
    /// count, by every handle of it, and changes nothing else: statements
    /// built before and after compile to the same SQL and share a cache
    /// key; pinning twice is pinning once.
    #[test]
    fn pinned_tables_are_the_same_table() {
        use crate::cache::Shape;
        use crate::dialect::Postgres;
        use crate::stmt::Statement;

        let meta = MetaData::new();
        let t = crate::schema::int_table(&meta, "t", &["a", "b"]);
        let pinned_col = |e: &Expr| e.as_column().expect("a column").is_pinned();
        let counted = select((t.c("a"), t.c("b"))).filter(t.c("a").eq(t.c("b")));
        assert!(!pinned_col(&t.c("a")));
        let pinned = t.clone().leak();
        assert!(pinned.is(&t) && t.is(&pinned));
        assert!(pinned_col(&pinned.c("a")) && pinned_col(&t.c("b")));
        assert!(pinned_col(&meta.get("t").expect("t is registered").c("a")));
        let source = |e: &Expr| std::ptr::from_ref(e.as_column().expect("a column").source());
        let again = pinned.clone().leak();
        assert_eq!(source(&again.c("a")), source(&t.c("b")));
        assert!(
            t.c("a")
                .as_column()
                .expect("a column")
                .is(pinned.c("a").as_column().expect("a column"))
        );

        let mixed = select((counted.0.columns()[0].clone(), pinned.c("b")))
            .filter(pinned.c("a").eq(t.c("b")));
        let sql = |q: &Select| q.compile(&Postgres).expect("compiles").sql;
        assert_eq!(sql(&mixed), "SELECT t.a, t.b FROM t WHERE t.a = t.b");
        assert_eq!(sql(&mixed), sql(&counted));
        let key = |q: &Select| Shape::of(&Statement::from(q.clone())).key();
        assert!(key(&mixed) == key(&counted));

        // the metadata keeps its own handle; dropping every other one
        // leaves the pinned table usable
        drop((t, mixed, counted));
        assert_eq!(sql(&select(&pinned)), "SELECT t.a, t.b FROM t");
        assert!(meta.tables().iter().any(|m| m.is(&pinned)));
    }
}
