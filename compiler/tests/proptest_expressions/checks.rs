//! Helpers of the properties: the query of a tree, SQL well-formedness
//! checks, evaluation on SQLite against the model, and the strategy and
//! readers of string literals.

use aludel_compiler::dialect::{Generic, Mariadb, Mysql, Postgres, Sqlite};
use aludel_compiler::prelude::*;
use aludel_compiler::{CompileOptions, Compiled, Dialect};
use proptest::prelude::*;

use crate::build::Builder;
use crate::fixture::FIXTURE;
use crate::tree::AnyExpr;

pub(crate) fn query_of(expr: Expr, table: &Table) -> Select {
    select(expr).select_from(table)
}

/// Checks the compiled SQL of a bound-parameter compilation: parentheses
/// balance and the placeholders match the parameters.
pub(crate) fn check_placeholders(dialect: &dyn Dialect, c: &Compiled) -> Result<(), TestCaseError> {
    let mut depth = 0i64;
    for ch in c.sql.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        prop_assert!(depth >= 0, "unbalanced ')' in {}", c.sql);
    }
    prop_assert_eq!(depth, 0, "unbalanced '(' in {}", c.sql);
    let placeholders = match dialect.name() {
        "postgresql" => {
            // `$n`, numbered from 1: the highest number is the parameter count.
            let mut max = 0usize;
            let bytes = c.sql.as_bytes();
            for (i, b) in bytes.iter().enumerate() {
                if *b == b'$' {
                    let digits: String = c.sql[i + 1..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    max = max.max(digits.parse().unwrap_or(0));
                }
            }
            max
        }
        "sqlite" | "mysql" | "mariadb" => c.sql.matches('?').count(),
        _ => c.params.len(),
    };
    prop_assert_eq!(placeholders, c.params.len(), "placeholders of {}", c.sql);
    Ok(())
}

/// Where `sql` starts a comment outside string literals: `/*`, or `--`
/// (MySQL and MariaDB only treat `-- ` followed by whitespace as one, and `#`).
pub(crate) fn comment_opener(dialect: &dyn Dialect, sql: &str) -> Option<usize> {
    let mysql = matches!(dialect.name(), "mysql" | "mariadb");
    let bytes = sql.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        if in_string {
            match b {
                b'\\' if mysql => i += 1,
                b'\'' => in_string = false,
                _ => {}
            }
        } else {
            let dashes = b == b'-' && next == Some(b'-');
            let dash_comment =
                dashes && (!mysql || bytes.get(i + 2).is_none_or(|c| c.is_ascii_whitespace()));
            if dash_comment || (b == b'/' && next == Some(b'*')) || (mysql && b == b'#') {
                return Some(i);
            }
            in_string = b == b'\'';
        }
        i += 1;
    }
    None
}

pub(crate) fn dialects() -> [&'static dyn Dialect; 5] {
    [&Sqlite, &Postgres, &Mysql, &Mariadb, &Generic]
}

/// Property B: the SQLite SQL evaluates to the modelled value.
pub(crate) fn check_sqlite_value(tree: &AnyExpr, literal_binds: bool) -> Result<(), TestCaseError> {
    FIXTURE.with(|fx| {
        let mut builder = Builder::new(&fx.table);
        let (expr, expected) = builder.any(tree);
        if let Some(why) = builder.model.unpredictable {
            return Err(TestCaseError::reject(why));
        }
        let options = CompileOptions::new().literal_binds(literal_binds);
        let compiled = query_of(expr, &fx.table)
            .compile_with(&Sqlite, &options)
            .map_err(|e| TestCaseError::fail(format!("compile error: {e}")))?;
        let actual = fx.query(&compiled).map_err(|e| {
            TestCaseError::fail(format!(
                "SQLite error: {e}\nsql: {}\nparams: {:?}",
                compiled.sql, compiled.params
            ))
        })?;
        prop_assert!(
            expected.matches(&actual),
            "\nsql:      {}\nparams:   {:?}\nexpected: {:?}\nactual:   {:?}",
            compiled.sql,
            compiled.params,
            expected,
            actual
        );
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// String literals.

/// Strings with quotes, backslashes, LIKE wildcards, control characters and
/// arbitrary Unicode; with `nul`, also NUL.
pub(crate) fn awkward_strings(nul: bool) -> impl Strategy<Value = String> {
    let special = prop::sample::select(
        &[
            '\'', '\'', '"', '\\', '\\', '`', '%', '_', '\n', '\r', '\t', '\x1a', '\x08', 'n', '0',
            'Z', 'é', '€', '😀', '\u{2028}', '\u{feff}',
        ][..],
    );
    let ch = prop_oneof![
        3 => special,
        2 => any::<char>(),
        1 => Just('\0'),
    ]
    .prop_filter("no NUL", move |c| nul || *c != '\0');
    prop::collection::vec(ch, 0..24).prop_map(String::from_iter)
}

/// The string literal in `SELECT <literal> AS anon_1`.
pub(crate) fn rendered_literal(sql: &str) -> Option<&str> {
    sql.strip_prefix("SELECT ")?.strip_suffix(" AS anon_1")
}

/// Reads a MySQL string literal (default SQL mode): `''` is a quote, and a
/// backslash escapes the next character (`\0 \b \n \r \t \Z` are control
/// characters, `\%` and `\_` keep their backslash). `None` if malformed.
pub(crate) fn unescape_mysql(lit: &str) -> Option<String> {
    let body = lit.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                '0' => out.push('\0'),
                'b' => out.push('\x08'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'Z' => out.push('\x1a'),
                e @ ('%' | '_') => {
                    out.push('\\');
                    out.push(e);
                }
                other => out.push(other),
            },
            '\'' => {
                if chars.next()? != '\'' {
                    return None;
                }
                out.push('\'');
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// Reads a standard SQL string literal: only `''` is special.
pub(crate) fn unescape_standard(lit: &str) -> Option<String> {
    let body = lit.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next()? != '\'' {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// Reads a PostgreSQL string literal under either setting of
/// `standard_conforming_strings`: an escape string `E'...'` (`''` and `\'`
/// are a quote, `\\` a backslash, `\n \t \r \b \f` control characters,
/// any other escaped character itself), or a standard one, which must then
/// hold no backslash (its meaning would depend on the setting). `None` if
/// malformed or ambiguous.
pub(crate) fn unescape_postgres(lit: &str) -> Option<String> {
    let Some(escaped) = lit.strip_prefix('E') else {
        return unescape_standard(lit).filter(|s| !s.contains('\\'));
    };
    let body = escaped.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' if chars.next()? != '\'' => return None,
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\x08'),
                'f' => out.push('\x0c'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    Some(out)
}
