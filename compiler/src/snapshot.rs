//! Rendering one statement for several dialects side by side, for
//! snapshot tests of generated SQL.
//!
//! [`render`] lays out a statement's SQL and parameters for each dialect as
//! one text; the [`assert_sql_snapshot!`](crate::assert_sql_snapshot) macro
//! feeds that text to [`insta`](https://docs.rs/insta), so one reviewable
//! snapshot file pins the statement on every database.

use std::borrow::Cow;

use crate::compiled::CompileOptions;
use crate::dialect::{
    Dialect, Firebird, Informix, Mariadb, Mssql, Mysql, Oracle, Postgres, Sqlite, Sybase,
};
use crate::expr::TextClause;
use crate::stmt::{
    CompoundSelect, CreateIndex, CreateTable, Delete, DropIndex, DropTable, Insert, Select,
    SetComment, Statement, Update,
};

/// The four dialects that execute for real: SQLite, PostgreSQL, MySQL, MariaDB.
///
/// ```
/// use aludel_compiler::{Dialect, snapshot::EXECUTING};
/// let names: Vec<&str> = EXECUTING.iter().map(|d| d.name()).collect();
/// assert_eq!(names, ["sqlite", "postgresql", "mysql", "mariadb"]);
/// ```
pub const EXECUTING: [&dyn Dialect; 4] = [&Sqlite, &Postgres, &Mysql, &Mariadb];

/// Every built-in database dialect, in a fixed order (the
/// [`Generic`](crate::dialect::Generic) dialect behind `Display` is not a
/// database and is left out). The default set of
/// [`assert_sql_snapshot!`](crate::assert_sql_snapshot).
///
/// ```
/// use aludel_compiler::snapshot::{ALL, EXECUTING};
/// for d in EXECUTING {
///     assert!(ALL.iter().any(|a| a.name() == d.name()));
/// }
/// ```
pub const ALL: &[&dyn Dialect] = &[
    &Sqlite, &Postgres, &Mysql, &Mariadb, &Mssql, &Oracle, &Firebird, &Sybase, &Informix,
];

/// Anything that is (or borrows) a whole statement: [`Statement`],
/// [`Select`], [`CompoundSelect`], [`Insert`], [`Update`], [`Delete`],
/// the DDL statements, raw [`text`](crate::expr::text()), and references to
/// any of them. [`render`] and [`assert_sql_snapshot!`](crate::assert_sql_snapshot)
/// take it, so a builder result needs no `.into()`.
///
/// ```
/// use aludel_compiler::{prelude::*, snapshot::AsStatement};
/// let q = text("SELECT 1");
/// assert!(matches!(*q.as_statement(), Statement::Text(_)));
/// assert!(matches!(*(&&q).as_statement(), Statement::Text(_)));
/// ```
pub trait AsStatement {
    /// The statement, borrowed when `self` already is a [`Statement`].
    fn as_statement(&self) -> Cow<'_, Statement>;
}

impl AsStatement for Statement {
    fn as_statement(&self) -> Cow<'_, Statement> {
        Cow::Borrowed(self)
    }
}

impl<T: AsStatement + ?Sized> AsStatement for &T {
    fn as_statement(&self) -> Cow<'_, Statement> {
        (**self).as_statement()
    }
}

macro_rules! as_statement_impls {
    ($($ty:ty),*) => {$(
        impl AsStatement for $ty {
            fn as_statement(&self) -> Cow<'_, Statement> {
                Cow::Owned(Statement::from(self))
            }
        }
    )*};
}
as_statement_impls!(
    Select,
    CompoundSelect,
    Insert,
    Update,
    Delete,
    CreateTable,
    DropTable,
    CreateIndex,
    DropIndex,
    SetComment,
    TextClause
);

/// Renders a statement for each dialect: a `-- <dialect>` line, the SQL,
/// and a `-- params: [...]` line (left out when there are none; the compile
/// error instead when the dialect cannot express the statement), one block
/// per dialect. The statement is anything [`AsStatement`]: a builder, a
/// reference to one, or a [`Statement`].
///
/// [`assert_sql_snapshot!`](crate::assert_sql_snapshot) feeds this text to
/// `insta::assert_snapshot!`, pinning a statement's SQL on every database at
/// once.
///
/// ```
/// use aludel_compiler::{prelude::*, snapshot, dialect::{Postgres, Sqlite}};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let q = select(t.c("a")).filter(t.c("a").eq(1));
/// assert_eq!(snapshot::render(&q, &[&Sqlite, &Postgres]), "\
/// -- sqlite
/// SELECT t.a FROM t WHERE t.a = ?
/// -- params: [1]
/// -- postgresql
/// SELECT t.a FROM t WHERE t.a = $1
/// -- params: [1]
/// ");
/// let every = snapshot::render(&q, snapshot::ALL);
/// assert_eq!(every.matches("\n-- params: [1]\n").count(), snapshot::ALL.len());
/// ```
pub fn render(stmt: impl AsStatement, dialects: &[&dyn Dialect]) -> String {
    render_with(&stmt.as_statement(), dialects, &CompileOptions::default())
}

/// [`render`] with explicit compile options (e.g. literal binds). It takes
/// a [`Statement`]: convert a builder with `.into()` or
/// [`.as_statement()`](AsStatement::as_statement).
///
/// ```
/// use aludel_compiler::{prelude::*, snapshot, CompileOptions, dialect::Sqlite};
/// let text = snapshot::render_with(&text("SELECT :x").bind("x", 1).into(), &[&Sqlite],
///     &CompileOptions::new().literal_binds(true));
/// assert_eq!(text, "-- sqlite\nSELECT 1\n");
/// ```
pub fn render_with(
    stmt: &Statement,
    dialects: &[&dyn Dialect],
    options: &CompileOptions,
) -> String {
    let mut out = String::new();
    for d in dialects {
        out.push_str("-- ");
        out.push_str(d.name());
        out.push('\n');
        match stmt.compile_with(*d, options) {
            Ok(c) => {
                out.push_str(&c.sql);
                out.push('\n');
                if !c.params.is_empty() {
                    out.push_str("-- params: [");
                    for (i, p) in c.params.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        out.push_str(&p.to_string());
                    }
                    out.push_str("]\n");
                }
            }
            Err(e) => {
                out.push_str("-- error: ");
                out.push_str(&e.to_string());
                out.push('\n');
            }
        }
    }
    out
}

/// Asserts an [`insta`](https://docs.rs/insta) snapshot of a statement's SQL
/// and parameters on every built-in dialect ([`ALL`]) or on a chosen set:
/// the text of [`render`], one `-- <dialect>` block per dialect.
///
/// The macro expands to `::insta::assert_snapshot!` in the calling crate,
/// so that crate needs `insta` as a (dev-)dependency; this crate does not
/// depend on it. The statement is taken by reference (anything
/// [`AsStatement`]: a builder or a [`Statement`]); the dialects are an
/// array or slice of `&dyn Dialect`.
///
/// - `assert_sql_snapshot!(stmt)`: every dialect, snapshot named after the
///   test function (insta's automatic naming);
/// - `assert_sql_snapshot!(stmt, [&Sqlite, &Postgres])`: the listed dialects
///   (or `snapshot::EXECUTING`, or any `&[&dyn Dialect]`);
/// - `assert_sql_snapshot!("name", stmt)` and
///   `assert_sql_snapshot!("name", stmt, [&Sqlite, &Postgres])`: a named
///   snapshot, for several in one test.
///
/// In a test (compiled here, not run: running it would write snapshot
/// files; `tests/user_snapshot.rs` runs every form):
///
/// ```no_run
/// use aludel_compiler::{assert_sql_snapshot, prelude::*, dialect::{Postgres, Sqlite}};
///
/// # fn user_by_name() {
/// let users = MetaData::new().table("users")
///     .column(Column::new("id", Type::Integer).primary_key())
///     .column(Column::new("name", Type::Text))
///     .build().unwrap();
/// let q = select(users.c("id")).filter(users.c("name").eq("ed"));
/// assert_sql_snapshot!(q); // snapshots/<module>__user_by_name.snap, every dialect
/// assert_sql_snapshot!("user_by_name_pg_sqlite", q, [&Sqlite, &Postgres]);
/// # }
/// ```
///
/// `user_by_name_pg_sqlite.snap` then holds, after insta's header:
///
/// ```text
/// -- sqlite
/// SELECT users.id FROM users WHERE users.name = ?
/// -- params: ["ed"]
/// -- postgresql
/// SELECT users.id FROM users WHERE users.name = $1
/// -- params: ["ed"]
/// ```
#[macro_export]
macro_rules! assert_sql_snapshot {
    // `&[&A, &B]` is taken as `[&A, &B]`, whose elements then coerce to
    // `&dyn Dialect` (behind a second `&` they would not).
    ($name:literal, $stmt:expr, &[$($d:expr),* $(,)?] $(,)?) => {
        $crate::assert_sql_snapshot!($name, $stmt, [$($d),*])
    };
    ($stmt:expr, &[$($d:expr),* $(,)?] $(,)?) => {
        $crate::assert_sql_snapshot!($stmt, [$($d),*])
    };
    ($name:literal, $stmt:expr, $dialects:expr $(,)?) => {{
        let dialects: &[&dyn $crate::Dialect] = &$dialects;
        ::insta::assert_snapshot!(
            $name,
            $crate::snapshot::render(&$stmt, dialects),
            ::std::concat!(::std::stringify!($stmt), " on ", ::std::stringify!($dialects))
        );
    }};
    ($name:literal, $stmt:expr $(,)?) => {
        ::insta::assert_snapshot!(
            $name,
            $crate::snapshot::render(&$stmt, $crate::snapshot::ALL),
            ::std::concat!(::std::stringify!($stmt), " on every dialect")
        );
    };
    ($stmt:expr, $dialects:expr $(,)?) => {{
        let dialects: &[&dyn $crate::Dialect] = &$dialects;
        ::insta::assert_snapshot!(
            ::std::option::Option::None::<&str>,
            $crate::snapshot::render(&$stmt, dialects),
            ::std::concat!(::std::stringify!($stmt), " on ", ::std::stringify!($dialects))
        );
    }};
    ($stmt:expr $(,)?) => {
        ::insta::assert_snapshot!(
            ::std::option::Option::None::<&str>,
            $crate::snapshot::render(&$stmt, $crate::snapshot::ALL),
            ::std::concat!(::std::stringify!($stmt), " on every dialect")
        );
    };
}
