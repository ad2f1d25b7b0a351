//! Error types of the compiler crate.

use thiserror::Error;

/// A statement could not be compiled for a dialect.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// let meta = MetaData::new();
/// let t = meta.table("t").column(Column::new("id", Type::Integer)).build().unwrap();
/// let err = select(t.c("nope")).compile(&Sqlite).unwrap_err();
/// assert!(err.to_string().contains("nope"));
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum CompileError {
    /// The dialect cannot express a construct and has no correct emulation.
    #[error("{construct} is not supported by the {dialect} dialect{}", hint.as_deref().map(|h| format!(": {h}")).unwrap_or_default())]
    Unsupported {
        /// What the statement asked for.
        construct: String,
        /// The dialect's name.
        dialect: String,
        /// What to do instead, when there is something.
        hint: Option<String>,
    },
    /// A column name was asked of a table, alias or subquery that has no such column.
    #[error("{source_name} has no column named {column:?}; its columns are: {known}")]
    UnknownColumn {
        /// The table, alias or subquery asked.
        source_name: String,
        /// The missing column's name.
        column: String,
        /// The names it does have, comma separated.
        known: String,
    },
    /// A JOIN without an ON clause whose condition cannot be inferred from foreign keys.
    #[error("cannot join {left} to {right}: {reason}; pass an explicit ON condition")]
    JoinCondition {
        /// The left side.
        left: String,
        /// The right side.
        right: String,
        /// Why inference failed.
        reason: String,
    },
    /// A statement was built in a way that makes no SQL (e.g. a set operation of zero selects).
    #[error("invalid statement: {0}")]
    Invalid(String),
    /// A named bind parameter had no value where one was required.
    #[error("bind parameter {0:?} has no value")]
    MissingBind(String),
    /// A value cannot be rendered inline as a SQL literal by this dialect.
    #[error("cannot render a {kind} value as a literal for the {dialect} dialect")]
    Literal {
        /// The kind of value.
        kind: String,
        /// The dialect's name.
        dialect: String,
    },
}

impl CompileError {
    /// Shorthand for [`CompileError::Unsupported`] without a hint.
    ///
    /// ```
    /// let e = aludel_compiler::CompileError::unsupported("RETURNING", "mysql");
    /// assert_eq!(e.to_string(), "RETURNING is not supported by the mysql dialect");
    /// ```
    pub fn unsupported(construct: impl Into<String>, dialect: impl Into<String>) -> Self {
        CompileError::Unsupported {
            construct: construct.into(),
            dialect: dialect.into(),
            hint: None,
        }
    }

    /// [`CompileError::Unsupported`] with a hint saying what to do instead.
    ///
    /// ```
    /// let e = aludel_compiler::CompileError::unsupported_with("FOR UPDATE", "sqlite", "SQLite locks the whole database");
    /// assert!(e.to_string().ends_with("SQLite locks the whole database"));
    /// ```
    pub fn unsupported_with(
        construct: impl Into<String>,
        dialect: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        CompileError::Unsupported {
            construct: construct.into(),
            dialect: dialect.into(),
            hint: Some(hint.into()),
        }
    }
}

/// What the compiler's own steps return: the error boxed, so that the
/// result is one word, returned in a register (a `Result<(), CompileError>`
/// is 80 bytes, written through memory by every step and read back by its
/// caller). The public methods and the [`Dialect`](crate::dialect::Dialect)
/// hooks keep [`CompileError`]; `?` converts either way.
pub(crate) type Fallible<T = ()> = Result<T, Box<CompileError>>;

/// Unboxes an error of the compiler's own steps (see `Fallible`), so that
/// `?` takes one where a [`CompileError`] is returned, as in a
/// [`Dialect`](crate::dialect::Dialect) hook.
impl From<Box<CompileError>> for CompileError {
    fn from(e: Box<CompileError>) -> Self {
        *e
    }
}

/// Schema metadata was declared inconsistently (a duplicate table, a bad
/// foreign key target, a constraint naming an unknown column, ...).
///
/// ```
/// use aludel_compiler::prelude::*;
/// let meta = MetaData::new();
/// let err = meta.table("t")
///     .column(Column::new("id", Type::Integer))
///     .column(Column::new("id", Type::Text))
///     .build()
///     .unwrap_err();
/// assert!(err.to_string().contains("duplicate column"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The table name is already registered in this MetaData.
    #[error("table {0:?} is already defined in this MetaData")]
    DuplicateTable(String),
    /// Two columns of one table share a name.
    #[error("duplicate column {column:?} in table {table:?}")]
    DuplicateColumn {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// A constraint or index names a column the table does not have.
    #[error("{what} on table {table:?} names unknown column {column:?}")]
    UnknownColumn {
        /// Which constraint or index.
        what: String,
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// A foreign key target is not of the form `table.column` or `schema.table.column`.
    #[error("foreign key target {0:?} must be \"table.column\" or \"schema.table.column\"")]
    BadForeignKey(String),
    /// A table, column or constraint was declared with an empty name.
    #[error("{0} must have a non-empty name")]
    EmptyName(String),
    /// Something else is inconsistent.
    #[error("{0}")]
    Invalid(String),
}
