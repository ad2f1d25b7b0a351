//! What every database driver provides to the engine.

use aludel_compiler::Value;

use crate::errors::ErrorKind;

/// The raw outcome of running one statement.
pub(crate) struct Raw {
    pub(crate) columns: Vec<std::sync::Arc<str>>,
    pub(crate) rows: Vec<Vec<Value>>,
    pub(crate) rows_affected: u64,
    pub(crate) last_insert_id: Option<i64>,
}

/// A driver's error, classified.
#[derive(Debug)]
pub(crate) struct DriverError {
    pub(crate) kind: ErrorKind,
    pub(crate) message: String,
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

/// One open database connection.
pub(crate) trait Driver: Send {
    /// Runs a statement with positional parameters in the dialect's placeholder style.
    fn run(&mut self, sql: &str, params: &[Value]) -> Result<Raw, DriverError>;

    /// Runs SQL without parameters or results (transaction control, pragmas).
    fn batch(&mut self, sql: &str) -> Result<(), DriverError>;

    /// Whether the connection still works.
    fn ping(&mut self) -> bool;

    /// Whether the connection is known to be unusable (its socket failed), so
    /// the pool discards it instead of handing it out again.
    fn is_broken(&mut self) -> bool {
        false
    }
}
