//! The engine's error type.

use std::fmt;

use aludel_compiler::{CompileError, SchemaError, Value};
use thiserror::Error;

/// Everything that can go wrong talking to a database.
///
/// ```
/// let err = aludel::create_engine("nosuchdb://x").unwrap_err();
/// assert!(matches!(err, aludel::Error::Url { .. }));
/// assert!(err.to_string().contains("unknown database scheme"));
/// ```
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The database URL could not be understood.
    #[error("invalid database URL {url:?}: {reason}")]
    Url {
        /// The URL as given (password masked).
        url: String,
        /// What is wrong and what to do.
        reason: String,
    },
    /// The URL names a database whose driver was not compiled in.
    #[error("the {driver} driver is not compiled in: enable aludel's \"{feature}\" feature")]
    DriverNotEnabled {
        /// The driver.
        driver: &'static str,
        /// The Cargo feature to enable.
        feature: &'static str,
    },
    /// The statement could not be compiled for the database.
    #[error(transparent)]
    Compile(#[from] CompileError),
    /// Schema metadata was inconsistent.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// The database reported an error.
    #[error(transparent)]
    Database(#[from] DatabaseError),
    /// No connection could be had from the pool (or opened) in time.
    #[error("could not get a database connection: {0}")]
    Pool(String),
    /// A query expected to return a row returned none.
    #[error("no row was found where one was required")]
    NoResultFound,
    /// A query expected to return at most one row returned several.
    #[error("more than one row was found where at most one was expected")]
    MultipleResultsFound,
    /// Parameters given to a statement do not fit it (missing, unknown, inconsistent).
    #[error("{0}")]
    Argument(String),
    /// A result row was asked for a column it does not have.
    #[error("the result has no column {name}; its columns are: {known}")]
    NoSuchColumn {
        /// The name or position asked for.
        name: String,
        /// The result's columns, comma separated.
        known: String,
    },
    /// A value could not be converted to the Rust type asked for.
    #[error("column {column} holds {found}, which cannot be read as {wanted}")]
    Type {
        /// The column's name.
        column: String,
        /// The Rust type asked for.
        wanted: &'static str,
        /// What the column holds.
        found: String,
    },
    /// A transaction was used in a way its state does not allow.
    #[error("{0}")]
    Transaction(String),
}

/// The DB-API's error categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A constraint was violated (unique, foreign key, not null, check).
    Integrity,
    /// The database could not do the operation (connection lost, locked, disk full, ...).
    Operational,
    /// The SQL was wrong (syntax error, no such table or column, ...).
    Programming,
    /// A value was wrong for its column (out of range, bad format, ...).
    Data,
    /// The database does not support the operation.
    NotSupported,
    /// The database's internal error.
    Internal,
    /// The driver's own error (not the database's).
    Interface,
}

/// An error reported by the database, with the statement that caused it.
///
/// ```no_run
/// use aludel::{create_engine, text, Error, ErrorKind};
/// let engine = create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))?;
/// conn.execute(text("INSERT INTO t VALUES (1)"))?;
/// match conn.execute(text("INSERT INTO t VALUES (1)")) {
///     Err(Error::Database(e)) => assert_eq!(e.kind, ErrorKind::Integrity),
///     _ => unreachable!(),
/// }
/// # Ok::<(), aludel::Error>(())
/// ```
#[derive(Debug, Error)]
pub struct DatabaseError {
    /// The DB-API category.
    pub kind: ErrorKind,
    /// The database's message.
    pub message: String,
    /// The SQL that failed.
    pub sql: String,
    /// Its parameters.
    pub params: Vec<Value>,
    /// The driver's error.
    #[source]
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for DatabaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} error: {}", self.kind, self.message)?;
        if !self.sql.is_empty() {
            write!(f, "\n[SQL: {}]", self.sql)?;
        }
        if !self.params.is_empty() {
            f.write_str("\n[parameters: (")?;
            for (i, p) in self.params.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{p}")?;
            }
            f.write_str(")]")?;
        }
        Ok(())
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
