//! Property tests for expression compilation.
//!
//! Random, typed expression trees (integers, booleans and text) are turned
//! both into an aludel [`Expr`] and into the value SQL gives them, computed
//! directly in Rust with SQLite's semantics: three-valued logic, integer
//! arithmetic with division by zero giving NULL, REAL results of true
//! division, and so on. The properties:
//!
//! * every tree compiles on every dialect without panicking, and the SQL of
//!   the successful compilations has balanced parentheses and one parameter
//!   per placeholder;
//! * the SQLite SQL (`SELECT <expr> FROM t`, with bound parameters and with
//!   literal binds) evaluates on a real SQLite database to the modelled value,
//!   which is how missing or misplaced parentheses show;
//! * inline literals never open an SQL comment (`-` then `-5` is `--5`);
//! * string literals rendered inline read back as the original string, on
//!   SQLite (executed) and under MySQL's and the SQL standard's escaping rules;
//! * the statement cache: a template compiled from a statement and filled
//!   from the statement's shape makes what compiling the statement makes,
//!   and two statements with one structural key compile to the same SQL.
//!
//! Plain `#[test]`s keep the minimal failing cases found by the properties.
//!
//! The model also mirrors two documented choices of the API: comparing with
//! `null()` gives `IS NULL`/`IS NOT NULL`, and `/` between operands whose
//! static type is an integer is true division (`a / (b + 0.0)` on SQLite)
//! while other operands get the database's own `/`.

mod build;
mod checks;
mod fixture;
mod model;
#[path = "../common/sqlite.rs"]
mod sqlite;
mod strategies;
mod tree;

use aludel_compiler::cache::{Shape, Template};
use aludel_compiler::dialect::{Generic, Mariadb, Mysql, Postgres, Sqlite};
use aludel_compiler::prelude::*;
use aludel_compiler::{CompileOptions, Dialect};
use proptest::prelude::*;
use rusqlite::types::Value as SqlValue;

use crate::build::Builder;
use crate::checks::{
    awkward_strings, check_placeholders, check_sqlite_value, comment_opener, dialects, query_of,
    rendered_literal, unescape_mysql, unescape_postgres, unescape_standard,
};
use crate::fixture::{Col, FIXTURE};
use crate::strategies::{NUMERIC, WITH_TEXT, boxed, config, trees};
use crate::tree::{AnyExpr, ArithOp, BoolExpr, IntExpr, TextExpr};

// ---------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(config())]

    /// Property A: every tree compiles on every dialect, with and without
    /// literal binds, without panicking; the bound-parameter SQL is well formed.
    #[test]
    fn compiles_on_every_dialect(tree in trees(WITH_TEXT)) {
        FIXTURE.with(|fx| {
            let (expr, _) = Builder::new(&fx.table).any(&tree);
            let query = query_of(expr, &fx.table);
            for dialect in dialects() {
                if let Ok(c) = query.compile(dialect) {
                    check_placeholders(dialect, &c)?;
                }
                let literal = CompileOptions::new().literal_binds(true);
                if let Ok(c) = query.compile_with(dialect, &literal) {
                    prop_assert!(c.params.is_empty(), "literal binds left params: {:?}", c);
                }
            }
            Ok(())
        })?;
    }

    /// Property D: a cached template, filled from the statement's own
    /// shape, makes the statement's compilation on every dialect; and two
    /// trees that share a structural key compile to the same SQL.
    #[test]
    fn the_statement_cache_serves_what_compiling_makes(
        a in trees(WITH_TEXT),
        b in trees(WITH_TEXT),
    ) {
        FIXTURE.with(|fx| {
            let stmt = |tree: &AnyExpr| -> Statement {
                query_of(Builder::new(&fx.table).any(tree).0, &fx.table).into()
            };
            let (a, b) = (stmt(&a), stmt(&b));
            for dialect in dialects() {
                let (Ok(direct), shape) = (a.compile(dialect), Shape::of(&a)) else {
                    continue;
                };
                let options = CompileOptions::new();
                if let Ok(Some(template)) = Template::compile(&a, &shape, dialect, &options) {
                    prop_assert_eq!(template.instantiate(&shape), direct.clone());
                }
                if Shape::of(&b).key() == shape.key() {
                    let other = b.compile(dialect).map(|c| c.sql);
                    prop_assert_eq!(other.as_deref().ok(), Some(direct.sql.as_str()));
                }
            }
            Ok(())
        })?;
    }

    /// Inline literals never open a comment (`-` followed by `-5` is `--5`).
    #[test]
    fn literal_binds_never_open_a_comment(tree in trees(WITH_TEXT)) {
        FIXTURE.with(|fx| {
            let (expr, _) = Builder::new(&fx.table).any(&tree);
            let query = query_of(expr, &fx.table);
            let literal = CompileOptions::new().literal_binds(true);
            for dialect in dialects() {
                if let Ok(c) = query.compile_with(dialect, &literal) {
                    let at = comment_opener(dialect, &c.sql);
                    prop_assert!(
                        at.is_none(),
                        "{} SQL opens a comment at byte {:?}: {}",
                        dialect.name(),
                        at,
                        c.sql
                    );
                }
            }
            Ok(())
        })?;
    }

    /// Property B: integer and boolean trees evaluate on SQLite (bound
    /// parameters) to the value SQL semantics give them.
    #[test]
    fn sqlite_evaluates_numeric_trees_as_modelled(tree in trees(NUMERIC)) {
        check_sqlite_value(&tree, false)?;
    }

    /// Property B with inline literals instead of parameters.
    #[test]
    fn sqlite_evaluates_numeric_trees_with_literal_binds(tree in trees(NUMERIC)) {
        check_sqlite_value(&tree, true)?;
    }

    /// Property B with text: `concat` and text comparisons mixed in.
    #[test]
    fn sqlite_evaluates_trees_with_text_as_modelled(tree in trees(WITH_TEXT)) {
        check_sqlite_value(&tree, false)?;
    }

    /// String literals rendered inline read back unchanged on SQLite.
    #[test]
    fn sqlite_string_literals_round_trip(s in awkward_strings(false)) {
        FIXTURE.with(|fx| {
            let options = CompileOptions::new().literal_binds(true);
            let compiled = select(literal(s.as_str()))
                .compile_with(&Sqlite, &options)
                .map_err(|e| TestCaseError::fail(format!("compile error: {e}")))?;
            prop_assert!(compiled.params.is_empty());
            let actual = fx.query(&compiled).map_err(|e| {
                TestCaseError::fail(format!("SQLite error: {e}\nsql: {:?}", compiled.sql))
            })?;
            prop_assert_eq!(actual, SqlValue::Text(s.clone()), "sql: {:?}", compiled.sql);
            Ok(())
        })?;
    }

    /// String literals rendered for MySQL/MariaDB unescape (MySQL's rules) to
    /// the original, NUL included.
    #[test]
    fn mysql_string_literals_unescape(s in awkward_strings(true)) {
        let options = CompileOptions::new().literal_binds(true);
        for dialect in [&Mysql as &dyn Dialect, &Mariadb] {
            let compiled = select(literal(s.as_str()))
                .compile_with(dialect, &options)
                .map_err(|e| TestCaseError::fail(format!("compile error: {e}")))?;
            let lit = rendered_literal(&compiled.sql);
            prop_assert!(lit.is_some(), "unexpected SQL {:?}", compiled.sql);
            let read = lit.and_then(unescape_mysql);
            prop_assert_eq!(read.as_deref(), Some(s.as_str()), "sql: {:?}", compiled.sql);
        }
    }

    /// On the standard-quoting dialects, string literals unescape (quote
    /// doubling only) to the original, and on PostgreSQL to the original
    /// whatever its `standard_conforming_strings`; a NUL is refused with an error.
    #[test]
    fn standard_string_literals_unescape(s in awkward_strings(true)) {
        let options = CompileOptions::new().literal_binds(true);
        for dialect in [&Sqlite as &dyn Dialect, &Postgres, &Generic] {
            let unescape = if dialect.name() == "postgresql" {
                unescape_postgres
            } else {
                unescape_standard
            };
            let result = select(literal(s.as_str())).compile_with(dialect, &options);
            match result {
                Ok(compiled) => {
                    prop_assert!(!s.contains('\0'), "NUL rendered as {:?}", compiled.sql);
                    let lit = rendered_literal(&compiled.sql);
                    prop_assert!(lit.is_some(), "unexpected SQL {:?}", compiled.sql);
                    let read = lit.and_then(unescape);
                    prop_assert_eq!(read.as_deref(), Some(s.as_str()), "sql: {:?}", compiled.sql);
                }
                Err(e) => prop_assert!(s.contains('\0'), "compile error: {}", e),
            }
        }
    }
}

/// Runs one hand-written tree through property B.
fn check_tree(tree: &AnyExpr, literal_binds: bool) {
    if let Err(e) = check_sqlite_value(tree, literal_binds) {
        panic!("{tree:?}: {e}");
    }
}

/// Minimal case of property B with literal binds: `-literal(-6)` renders as
/// `--6`, which SQLite (like PostgreSQL and the SQL standard) reads as the
/// start of a comment.
#[test]
fn negated_negative_literal_with_literal_binds() {
    let tree = AnyExpr::Int(IntExpr::Neg(boxed(IntExpr::Lit(-6))));
    check_tree(&tree, false);
    check_tree(&tree, true);
}

/// Minimal case of property B with text: `literal("x").concat(t.c("a") + 1)`
/// renders `? || t.a + ?`, but `||` binds tighter than `+` (and `*`, `/`,
/// `%`) in SQLite, so it computes `('x' || t.a) + 1`.
#[test]
fn concat_of_arithmetic_on_sqlite() {
    let sum = IntExpr::Arith(
        ArithOp::Add,
        boxed(IntExpr::Col(Col::A)),
        boxed(IntExpr::Lit(1)),
    );
    let tree = AnyExpr::Text(TextExpr::Concat(
        boxed(AnyExpr::Text(TextExpr::Lit("x".to_owned()))),
        boxed(AnyExpr::Int(sum)),
    ));
    check_tree(&tree, false);
}

/// `floordiv` of operands without an integer type renders `FLOOR(a / b)`;
/// the SQLite bundled with rusqlite is built without its math functions, so
/// the statement fails there. The trees above avoid this by casting.
#[test]
fn floordiv_of_untyped_operands_runs_on_sqlite() {
    FIXTURE.with(|fx| {
        let untyped = case().when(true_(), null()).else_(fx.table.c("a"));
        let compiled = query_of(untyped.floordiv(4), &fx.table)
            .compile(&Sqlite)
            .expect("compiles");
        let result = fx.query(&compiled);
        assert!(
            matches!(result, Ok(SqlValue::Null)),
            "sql: {}\nresult: {result:?}",
            compiled.sql
        );
    });
}

/// The generated trees really are deep: a sanity check of the strategy.
#[test]
fn generated_trees_are_deep() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    fn depth_any(e: &AnyExpr) -> usize {
        match e {
            AnyExpr::Int(e) => depth_int(e),
            AnyExpr::Bool(e) => depth_bool(e),
            AnyExpr::Text(e) => depth_text(e),
        }
    }
    fn depth_int(e: &IntExpr) -> usize {
        1 + match e {
            IntExpr::Lit(_) | IntExpr::Null | IntExpr::Col(_) => 0,
            IntExpr::Arith(_, l, r) => depth_int(l).max(depth_int(r)),
            IntExpr::Neg(x) | IntExpr::Cast(x) => depth_int(x),
            IntExpr::Case(w, e) => w
                .iter()
                .map(|(c, r)| depth_bool(c).max(depth_int(r)))
                .chain(e.iter().map(|e| depth_int(e)))
                .max()
                .unwrap_or(0),
            IntExpr::SimpleCase(s, w, e) => w
                .iter()
                .map(|(c, r)| depth_int(c).max(depth_int(r)))
                .chain(e.iter().map(|e| depth_int(e)))
                .chain([depth_int(s)])
                .max()
                .unwrap_or(0),
            IntExpr::FromBool(b) => depth_bool(b),
        }
    }
    fn depth_bool(e: &BoolExpr) -> usize {
        1 + match e {
            BoolExpr::Const(_) | BoolExpr::Null => 0,
            BoolExpr::Cmp(_, l, r) => depth_int(l).max(depth_int(r)),
            BoolExpr::BoolEq(_, l, r) => depth_bool(l).max(depth_bool(r)),
            BoolExpr::TextCmp(_, l, r) => depth_text(l).max(depth_text(r)),
            BoolExpr::Logic(_, _, items) => items.iter().map(depth_bool).max().unwrap_or(0),
            BoolExpr::Not(x) => depth_bool(x),
            BoolExpr::Between(_, x, l, h) => depth_int(x).max(depth_int(l)).max(depth_int(h)),
            BoolExpr::In(_, x, items) => items.iter().map(depth_int).fold(depth_int(x), usize::max),
            BoolExpr::IsNull(_, x) => depth_any(x),
            BoolExpr::Case(w, e) => w
                .iter()
                .map(|(c, r)| depth_bool(c).max(depth_bool(r)))
                .chain(e.iter().map(|e| depth_bool(e)))
                .max()
                .unwrap_or(0),
        }
    }
    fn depth_text(e: &TextExpr) -> usize {
        1 + match e {
            TextExpr::Lit(_) | TextExpr::Null => 0,
            TextExpr::Concat(l, r) => depth_any(l).max(depth_any(r)),
            TextExpr::Case(w, e) => w
                .iter()
                .map(|(c, r)| depth_bool(c).max(depth_text(r)))
                .chain(e.iter().map(|e| depth_text(e)))
                .max()
                .unwrap_or(0),
        }
    }

    let mut runner = TestRunner::deterministic();
    let strategy = trees(WITH_TEXT);
    let depths: Vec<usize> = (0..200)
        .map(|_| {
            let tree = strategy.new_tree(&mut runner).expect("tree").current();
            depth_any(&tree)
        })
        .collect();
    let deep = depths.iter().filter(|d| **d >= 6).count();
    assert!(
        deep >= 50,
        "only {deep} of 200 trees have depth 6 or more: {depths:?}"
    );
}
