//! Transactions and savepoints.

use std::ops::{Deref, DerefMut};

use super::connection::Connection;
use crate::errors::Result;

/// Transaction isolation levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IsolationLevel {
    /// `READ UNCOMMITTED`
    ReadUncommitted,
    /// `READ COMMITTED`
    ReadCommitted,
    /// `REPEATABLE READ`
    RepeatableRead,
    /// `SERIALIZABLE`
    Serializable,
}

impl IsolationLevel {
    /// The SQL spelling.
    ///
    /// ```
    /// assert_eq!(aludel::IsolationLevel::RepeatableRead.as_sql(), "REPEATABLE READ");
    /// ```
    pub fn as_sql(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel::ReadCommitted => "READ COMMITTED",
            IsolationLevel::RepeatableRead => "REPEATABLE READ",
            IsolationLevel::Serializable => "SERIALIZABLE",
        }
    }
}

/// An open transaction (or, nested, a savepoint). Statements run through it
/// (it dereferences to the [`Connection`]). Dropped without
/// [`commit`](Transaction::commit), it rolls back.
///
/// ```
/// use aludel::{create_engine, text};
/// let engine = create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// conn.execute(text("CREATE TABLE t (a INTEGER)"))?;
/// let mut tx = conn.begin()?;
/// tx.execute(text("INSERT INTO t VALUES (1)"))?;
/// {
///     let mut sp = tx.begin_nested()?;
///     sp.execute(text("INSERT INTO t VALUES (2)"))?;
///     sp.rollback()?;
/// }
/// tx.commit()?;
/// assert_eq!(conn.execute(text("SELECT count(*) FROM t"))?.scalar::<i64>()?, Some(1));
/// # Ok::<(), aludel::Error>(())
/// ```
pub struct Transaction<'c> {
    conn: &'c mut Connection,
    savepoint: Option<String>,
    done: bool,
}

impl<'c> Transaction<'c> {
    pub(crate) fn new(conn: &'c mut Connection, savepoint: Option<String>) -> Self {
        Transaction {
            conn,
            savepoint,
            done: false,
        }
    }

    /// Makes the transaction's changes permanent (releases a savepoint).
    ///
    /// See [`Transaction`].
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.tx_depth -= 1;
        match &self.savepoint {
            Some(sp) => self.conn.batch(&format!("RELEASE SAVEPOINT {sp}")),
            None => {
                if let Err(e) = self.conn.batch("COMMIT") {
                    // A COMMIT refused (a deferred constraint on SQLite) may
                    // leave the transaction open: end it, so the connection
                    // is out of a transaction as `in_transaction` says.
                    let _ = self.conn.batch("ROLLBACK");
                    let _ = self.conn.restore_session();
                    return Err(e);
                }
                self.conn.restore_session()
            }
        }
    }

    /// Discards the transaction's changes (back to the savepoint).
    ///
    /// See [`Transaction`].
    pub fn rollback(mut self) -> Result<()> {
        self.done = true;
        self.finish_rollback()
    }

    fn finish_rollback(&mut self) -> Result<()> {
        self.conn.tx_depth -= 1;
        match &self.savepoint {
            Some(sp) => {
                let sql = format!("ROLLBACK TO SAVEPOINT {sp}");
                self.conn.batch(&sql)?;
                self.conn.batch(&format!("RELEASE SAVEPOINT {sp}"))
            }
            None => self.conn.rollback_transaction(),
        }
    }

    /// Opens a savepoint inside this transaction.
    ///
    /// See [`Transaction`].
    pub fn begin_nested(&mut self) -> Result<Transaction<'_>> {
        self.conn.savepoints += 1;
        let name = format!("aludel_sp_{}", self.conn.savepoints);
        self.conn.batch(&format!("SAVEPOINT {name}"))?;
        self.conn.tx_depth += 1;
        Ok(Transaction::new(self.conn, Some(name)))
    }

    /// Whether this is a savepoint.
    ///
    /// ```
    /// let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// let mut tx = conn.begin()?;
    /// assert!(!tx.is_nested());
    /// assert!(tx.begin_nested()?.is_nested());
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn is_nested(&self) -> bool {
        self.savepoint.is_some()
    }
}

impl std::fmt::Debug for Transaction<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("savepoint", &self.savepoint)
            .field("done", &self.done)
            .finish()
    }
}

impl Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl DerefMut for Transaction<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.done = true;
            if let Err(e) = self.finish_rollback() {
                tracing::warn!(target: "aludel::engine", "rollback of a dropped transaction failed: {e}");
            }
        }
    }
}
