//! Rendering one statement for several dialects side by side, for
//! snapshot tests of generated SQL.

use crate::compiled::CompileOptions;
use crate::dialect::{Dialect, Mariadb, Mysql, Postgres, Sqlite};
use crate::stmt::Statement;

/// The four dialects that execute for real: SQLite, PostgreSQL, MySQL, MariaDB.
///
/// ```
/// use aludel_compiler::{Dialect, snapshot::EXECUTING};
/// let names: Vec<&str> = EXECUTING.iter().map(|d| d.name()).collect();
/// assert_eq!(names, ["sqlite", "postgresql", "mysql", "mariadb"]);
/// ```
pub const EXECUTING: [&dyn Dialect; 4] = [&Sqlite, &Postgres, &Mysql, &Mariadb];

/// Renders a statement for each dialect: a `-- <dialect>` line, the SQL,
/// and a `-- params: [...]` line (or the compile error), one block per
/// dialect. Feed the result to `insta::assert_snapshot!` to pin a
/// statement's SQL on every database at once.
///
/// ```
/// use aludel_compiler::{prelude::*, snapshot};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let text = snapshot::render(&select(t.c("a")).filter(t.c("a").eq(1)).into(), &snapshot::EXECUTING);
/// assert!(text.starts_with("-- sqlite\nSELECT t.a FROM t WHERE t.a = ?\n-- params: [1]\n"));
/// assert!(text.contains("-- postgresql\nSELECT t.a FROM t WHERE t.a = $1\n"));
/// ```
pub fn render(stmt: &Statement, dialects: &[&dyn Dialect]) -> String {
    render_with(stmt, dialects, &CompileOptions::default())
}

/// [`render`] with explicit compile options (e.g. literal binds).
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
