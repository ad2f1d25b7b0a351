//! Table constraints: primary key, foreign key, unique and check.

use std::fmt;
use std::sync::Arc;

use crate::error::SchemaError;
use crate::ident::Ident;

/// What a foreign key does when the referenced row is deleted or updated.
///
/// ```
/// use aludel_compiler::{prelude::*, schema::FkAction, stmt::CreateTable, dialect::Postgres};
/// let meta = MetaData::new();
/// # meta.table("users").column(Column::new("id", Type::Integer).primary_key()).build()?;
/// let addresses = meta.table("addresses")
///     .column(Column::new("user_id", Type::Integer)
///         .foreign_key(ForeignKey::new("users.id").on_delete(FkAction::Cascade).on_update(FkAction::NoAction)))
///     .build()?;
/// assert_eq!(CreateTable::new(&addresses).compile(&Postgres).unwrap().sql,
///     "CREATE TABLE addresses (\n\tuser_id INTEGER, \
///      \n\tFOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE NO ACTION\n)");
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FkAction {
    /// `CASCADE`
    Cascade,
    /// `SET NULL`
    SetNull,
    /// `SET DEFAULT`
    SetDefault,
    /// `RESTRICT`
    Restrict,
    /// `NO ACTION`
    NoAction,
}

impl FkAction {
    /// The SQL keywords.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::schema::FkAction::SetNull.as_sql(), "SET NULL");
    /// ```
    pub fn as_sql(self) -> &'static str {
        match self {
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
            FkAction::Restrict => "RESTRICT",
            FkAction::NoAction => "NO ACTION",
        }
    }

    /// Parses `CASCADE`, `SET NULL`, ... (any case), as reflection reads them.
    ///
    /// ```
    /// use aludel_compiler::schema::FkAction;
    /// assert_eq!(FkAction::parse("cascade"), Some(FkAction::Cascade));
    /// ```
    pub fn parse(s: &str) -> Option<FkAction> {
        match s.trim().to_ascii_uppercase().as_str() {
            "CASCADE" => Some(FkAction::Cascade),
            "SET NULL" => Some(FkAction::SetNull),
            "SET DEFAULT" => Some(FkAction::SetDefault),
            "RESTRICT" => Some(FkAction::Restrict),
            "NO ACTION" => Some(FkAction::NoAction),
            _ => None,
        }
    }
}

/// The referenced side of a foreign key: `[schema.]table.column`.
///
/// ```
/// use aludel_compiler::{Ident, schema::FkTarget};
/// let target = FkTarget::parse("hr.employees.id")?;
/// assert_eq!(target, FkTarget {
///     schema: Some(Ident::new("hr")),
///     table: Ident::new("employees"),
///     column: Ident::new("id"),
/// });
/// assert_eq!(FkTarget::parse("users.id")?.schema, None);
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FkTarget {
    /// The referenced table's schema, if given.
    pub schema: Option<Ident>,
    /// The referenced table.
    pub table: Ident,
    /// The referenced column.
    pub column: Ident,
}

impl FkTarget {
    /// Parses `"table.column"` or `"schema.table.column"`.
    ///
    /// ```
    /// let t = aludel_compiler::schema::FkTarget::parse("hr.employees.emp_id").unwrap();
    /// assert_eq!(t.table.as_str(), "employees");
    /// assert!(aludel_compiler::schema::FkTarget::parse("nodot").is_err());
    /// ```
    pub fn parse(spec: &str) -> Result<FkTarget, SchemaError> {
        let parts: Vec<&str> = spec.split('.').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err(SchemaError::BadForeignKey(spec.to_owned()));
        }
        match parts.as_slice() {
            [t, c] => Ok(FkTarget {
                schema: None,
                table: Ident::new(t),
                column: Ident::new(c),
            }),
            [s, t, c] => Ok(FkTarget {
                schema: Some(Ident::new(s)),
                table: Ident::new(t),
                column: Ident::new(c),
            }),
            _ => Err(SchemaError::BadForeignKey(spec.to_owned())),
        }
    }
}

/// A column-level foreign key: `Column::new(..).foreign_key("users.id")`.
///
/// ```
/// use aludel_compiler::schema::{ForeignKey, FkAction};
/// let fk = ForeignKey::new("users.id").on_delete(FkAction::Cascade).name("fk_user");
/// assert_eq!(fk.target_spec(), "users.id");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKey {
    pub(crate) spec: Arc<str>,
    pub(crate) name: Option<Ident>,
    pub(crate) on_delete: Option<FkAction>,
    pub(crate) on_update: Option<FkAction>,
}

impl ForeignKey {
    /// A foreign key to `"table.column"` or `"schema.table.column"`.
    ///
    /// ```
    /// let fk = aludel_compiler::schema::ForeignKey::new("users.id");
    /// ```
    pub fn new(target: &str) -> ForeignKey {
        ForeignKey {
            spec: Arc::from(target),
            name: None,
            on_delete: None,
            on_update: None,
        }
    }

    /// Names the constraint.
    ///
    /// ```
    /// let fk = aludel_compiler::schema::ForeignKey::new("users.id").name("fk_u");
    /// ```
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(Ident::new(name));
        self
    }

    /// `ON DELETE action`.
    ///
    /// ```
    /// use aludel_compiler::schema::{ForeignKey, FkAction};
    /// let fk = ForeignKey::new("users.id").on_delete(FkAction::SetNull);
    /// ```
    pub fn on_delete(mut self, action: FkAction) -> Self {
        self.on_delete = Some(action);
        self
    }

    /// `ON UPDATE action`.
    ///
    /// ```
    /// use aludel_compiler::schema::{ForeignKey, FkAction};
    /// let fk = ForeignKey::new("users.id").on_update(FkAction::Cascade);
    /// ```
    pub fn on_update(mut self, action: FkAction) -> Self {
        self.on_update = Some(action);
        self
    }

    /// The target as written.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::schema::ForeignKey::new("a.b").target_spec(), "a.b");
    /// ```
    pub fn target_spec(&self) -> &str {
        &self.spec
    }
}

impl From<&str> for ForeignKey {
    fn from(s: &str) -> Self {
        ForeignKey::new(s)
    }
}

/// A (possibly composite) foreign key constraint of a table.
///
/// ```
/// use aludel_compiler::schema::{ForeignKeyConstraint, FkAction};
/// let fk = ForeignKeyConstraint::new(["product_sku"], "products", ["sku"])
///     .name("fk_order_lines_sku")
///     .on_update(FkAction::Cascade)
///     .on_delete(FkAction::Restrict);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKeyConstraint {
    pub(crate) name: Option<Ident>,
    pub(crate) columns: Vec<Ident>,
    pub(crate) ref_schema: Option<Ident>,
    pub(crate) ref_table: Ident,
    pub(crate) ref_columns: Vec<Ident>,
    pub(crate) on_delete: Option<FkAction>,
    pub(crate) on_update: Option<FkAction>,
}

impl ForeignKeyConstraint {
    /// `FOREIGN KEY (columns) REFERENCES table (ref_columns)`; `table` may be `schema.table`.
    ///
    /// ```
    /// let fk = aludel_compiler::schema::ForeignKeyConstraint::new(["a", "b"], "hr.other", ["x", "y"]);
    /// ```
    pub fn new<I, S, J, T>(columns: I, table: &str, ref_columns: J) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
        J: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let (ref_schema, ref_table) = match table.rsplit_once('.') {
            Some((s, t)) => (Some(Ident::new(s)), Ident::new(t)),
            None => (None, Ident::new(table)),
        };
        ForeignKeyConstraint {
            name: None,
            columns: columns
                .into_iter()
                .map(|c| Ident::new(c.as_ref()))
                .collect(),
            ref_schema,
            ref_table,
            ref_columns: ref_columns
                .into_iter()
                .map(|c| Ident::new(c.as_ref()))
                .collect(),
            on_delete: None,
            on_update: None,
        }
    }

    /// Names the constraint.
    ///
    /// ```
    /// let fk = aludel_compiler::schema::ForeignKeyConstraint::new(["a"], "t", ["id"]).name("fk_a");
    /// ```
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(Ident::new(name));
        self
    }

    /// `ON DELETE action`.
    ///
    /// ```
    /// use aludel_compiler::schema::{ForeignKeyConstraint, FkAction};
    /// let fk = ForeignKeyConstraint::new(["a"], "t", ["id"]).on_delete(FkAction::Cascade);
    /// ```
    pub fn on_delete(mut self, action: FkAction) -> Self {
        self.on_delete = Some(action);
        self
    }

    /// `ON UPDATE action`.
    ///
    /// ```
    /// use aludel_compiler::schema::{ForeignKeyConstraint, FkAction};
    /// let fk = ForeignKeyConstraint::new(["a"], "t", ["id"]).on_update(FkAction::Cascade);
    /// ```
    pub fn on_update(mut self, action: FkAction) -> Self {
        self.on_update = Some(action);
        self
    }

    /// The constraint name, if any.
    ///
    /// ```
    /// assert!(aludel_compiler::schema::ForeignKeyConstraint::new(["a"], "t", ["id"]).constraint_name().is_none());
    /// ```
    pub fn constraint_name(&self) -> Option<&Ident> {
        self.name.as_ref()
    }
    /// The local columns.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::schema::ForeignKeyConstraint::new(["a"], "t", ["id"]).columns().len(), 1);
    /// ```
    pub fn columns(&self) -> &[Ident] {
        &self.columns
    }
    /// The referenced table's schema, if given.
    ///
    /// ```
    /// assert!(aludel_compiler::schema::ForeignKeyConstraint::new(["a"], "s.t", ["id"]).referred_schema().is_some());
    /// ```
    pub fn referred_schema(&self) -> Option<&Ident> {
        self.ref_schema.as_ref()
    }
    /// The referenced table.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::schema::ForeignKeyConstraint::new(["a"], "t", ["id"]).referred_table().as_str(), "t");
    /// ```
    pub fn referred_table(&self) -> &Ident {
        &self.ref_table
    }
    /// The referenced columns.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::schema::ForeignKeyConstraint::new(["a"], "t", ["id"]).referred_columns()[0].as_str(), "id");
    /// ```
    pub fn referred_columns(&self) -> &[Ident] {
        &self.ref_columns
    }
    /// `ON DELETE` action.
    ///
    /// ```
    /// assert!(aludel_compiler::schema::ForeignKeyConstraint::new(["a"], "t", ["id"]).on_delete_action().is_none());
    /// ```
    pub fn on_delete_action(&self) -> Option<FkAction> {
        self.on_delete
    }
    /// `ON UPDATE` action.
    ///
    /// ```
    /// assert!(aludel_compiler::schema::ForeignKeyConstraint::new(["a"], "t", ["id"]).on_update_action().is_none());
    /// ```
    pub fn on_update_action(&self) -> Option<FkAction> {
        self.on_update
    }
}

/// A named or unnamed primary key over one or more columns.
///
/// ```
/// let pk = aludel_compiler::schema::PrimaryKeyConstraint::new(["order_id", "line_no"]).name("pk_order_lines");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PrimaryKeyConstraint {
    pub(crate) name: Option<Ident>,
    pub(crate) columns: Vec<Ident>,
}

impl PrimaryKeyConstraint {
    /// A primary key over the named columns.
    ///
    /// ```
    /// let pk = aludel_compiler::schema::PrimaryKeyConstraint::new(["id"]);
    /// ```
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(columns: I) -> Self {
        PrimaryKeyConstraint {
            name: None,
            columns: columns
                .into_iter()
                .map(|c| Ident::new(c.as_ref()))
                .collect(),
        }
    }
    /// Names the constraint.
    ///
    /// ```
    /// let pk = aludel_compiler::schema::PrimaryKeyConstraint::new(["id"]).name("pk");
    /// ```
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(Ident::new(name));
        self
    }
    /// The constraint name, if any.
    ///
    /// ```
    /// assert!(aludel_compiler::schema::PrimaryKeyConstraint::new(["id"]).constraint_name().is_none());
    /// ```
    pub fn constraint_name(&self) -> Option<&Ident> {
        self.name.as_ref()
    }
    /// The key's columns, in order.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::schema::PrimaryKeyConstraint::new(["id"]).columns().len(), 1);
    /// ```
    pub fn columns(&self) -> &[Ident] {
        &self.columns
    }
}

/// A named or unnamed `UNIQUE` constraint.
///
/// ```
/// let u = aludel_compiler::schema::UniqueConstraint::new(["sku"]).name("uq_products_sku");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UniqueConstraint {
    pub(crate) name: Option<Ident>,
    pub(crate) columns: Vec<Ident>,
}

impl UniqueConstraint {
    /// A unique constraint over the named columns.
    ///
    /// ```
    /// let u = aludel_compiler::schema::UniqueConstraint::new(["a", "b"]);
    /// ```
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(columns: I) -> Self {
        UniqueConstraint {
            name: None,
            columns: columns
                .into_iter()
                .map(|c| Ident::new(c.as_ref()))
                .collect(),
        }
    }
    /// Names the constraint.
    ///
    /// ```
    /// let u = aludel_compiler::schema::UniqueConstraint::new(["a"]).name("uq_a");
    /// ```
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(Ident::new(name));
        self
    }
    /// The constraint name, if any.
    ///
    /// ```
    /// assert!(aludel_compiler::schema::UniqueConstraint::new(["a"]).constraint_name().is_none());
    /// ```
    pub fn constraint_name(&self) -> Option<&Ident> {
        self.name.as_ref()
    }
    /// The columns.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::schema::UniqueConstraint::new(["a"]).columns().len(), 1);
    /// ```
    pub fn columns(&self) -> &[Ident] {
        &self.columns
    }
}

/// A `CHECK` constraint with SQL text (used verbatim: it is schema code, not user data).
///
/// ```
/// let c = aludel_compiler::schema::CheckConstraint::new("price >= 0").name("ck_price");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct CheckConstraint {
    pub(crate) name: Option<Ident>,
    pub(crate) sql: Arc<str>,
}

impl fmt::Debug for CheckConstraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckConstraint")
            .field("name", &self.name)
            .field("sql", &self.sql)
            .finish()
    }
}

impl CheckConstraint {
    /// A check constraint with the given SQL condition.
    ///
    /// ```
    /// let c = aludel_compiler::schema::CheckConstraint::new("qty >= 0");
    /// ```
    pub fn new(sql: &str) -> Self {
        CheckConstraint {
            name: None,
            sql: Arc::from(sql),
        }
    }
    /// Names the constraint.
    ///
    /// ```
    /// let c = aludel_compiler::schema::CheckConstraint::new("qty >= 0").name("ck_qty");
    /// ```
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(Ident::new(name));
        self
    }
    /// The constraint name, if any.
    ///
    /// ```
    /// assert!(aludel_compiler::schema::CheckConstraint::new("a > 0").constraint_name().is_none());
    /// ```
    pub fn constraint_name(&self) -> Option<&Ident> {
        self.name.as_ref()
    }
    /// The condition's SQL text.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::schema::CheckConstraint::new("a > 0").sql(), "a > 0");
    /// ```
    pub fn sql(&self) -> &str {
        &self.sql
    }
}

/// Any table-level constraint, in declaration order.
///
/// ```
/// use aludel_compiler::prelude::*;
/// use aludel_compiler::schema::{CheckConstraint, Constraint, UniqueConstraint};
/// let t = MetaData::new().table("ranges")
///     .column(Column::new("lo", Type::Integer))
///     .column(Column::new("hi", Type::Integer))
///     .column(Column::new("owner", Type::Integer).foreign_key("users.id"))
///     .constraint(UniqueConstraint::new(["lo", "hi"]).name("uq_lo_hi"))
///     .constraint(CheckConstraint::new("lo <= hi"))
///     .build()?;
/// let kinds: Vec<String> = t.constraints().iter().map(|c| match c {
///     Constraint::ForeignKey(fk) => format!("fk -> {}", fk.referred_table()),
///     Constraint::Unique(u) => format!("unique {}", u.constraint_name().unwrap()),
///     Constraint::Check(ck) => format!("check {}", ck.sql()),
/// }).collect();
/// assert_eq!(kinds, ["fk -> users", "unique uq_lo_hi", "check lo <= hi"]);
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Constraint {
    /// A foreign key.
    ForeignKey(ForeignKeyConstraint),
    /// A unique constraint.
    Unique(UniqueConstraint),
    /// A check constraint.
    Check(CheckConstraint),
}

impl From<ForeignKeyConstraint> for Constraint {
    fn from(c: ForeignKeyConstraint) -> Self {
        Constraint::ForeignKey(c)
    }
}
impl From<UniqueConstraint> for Constraint {
    fn from(c: UniqueConstraint) -> Self {
        Constraint::Unique(c)
    }
}
impl From<CheckConstraint> for Constraint {
    fn from(c: CheckConstraint) -> Self {
        Constraint::Check(c)
    }
}
