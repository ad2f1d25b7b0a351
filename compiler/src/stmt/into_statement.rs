//! [`IntoStatement`]: a statement given by value or by reference.

use std::borrow::Cow;

use super::Statement;

/// A statement given by value (any statement, or anything else that is
/// `Into<Statement>`) or borrowed (`&Statement`). Code that only reads a
/// statement takes `impl IntoStatement<'_>` so that its callers need not
/// clone one they keep: aludel's `Connection::execute` and `query_map` do,
/// and a statement built once and run many times is best passed to them by
/// reference.
///
/// ```
/// use std::borrow::Cow;
/// use aludel_compiler::{prelude::*, stmt::IntoStatement, dialect::Sqlite};
///
/// fn sql<'s>(stmt: impl IntoStatement<'s>) -> String {
///     stmt.into_statement().compile(&Sqlite).unwrap().sql
/// }
/// let q = Statement::from(select(literal_column("1")));
/// assert_eq!(sql(&q), "SELECT 1");
/// assert_eq!(sql(q), "SELECT 1");
/// assert_eq!(sql(text("SELECT 2")), "SELECT 2");
/// ```
pub trait IntoStatement<'s> {
    /// The statement, borrowed when it was given by reference.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use aludel_compiler::{prelude::*, stmt::IntoStatement};
    /// let q = Statement::from(text("SELECT 1"));
    /// assert!(matches!((&q).into_statement(), Cow::Borrowed(_)));
    /// assert!(matches!(text("SELECT 1").into_statement(), Cow::Owned(_)));
    /// ```
    fn into_statement(self) -> Cow<'s, Statement>;
}

impl<'s, T: Into<Statement>> IntoStatement<'s> for T {
    fn into_statement(self) -> Cow<'s, Statement> {
        Cow::Owned(self.into())
    }
}

impl<'s> IntoStatement<'s> for &'s Statement {
    fn into_statement(self) -> Cow<'s, Statement> {
        Cow::Borrowed(self)
    }
}
