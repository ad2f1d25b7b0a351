//! The generic dialect and the standard renderings other dialects start from.

use super::compiler::Compiler;
use super::{Capabilities, Dialect, TypeContext};
use crate::error::CompileError;
use crate::expr::{Expr, Node};
use crate::stmt::ForUpdate;
use crate::types::{SerializedFormat, Type};
use crate::value::Value;

/// The SQL standard with `:name` placeholders: what `Display` prints.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Generic};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let c = select(t.c("a")).filter(t.c("a").eq(1)).compile(&Generic).unwrap();
/// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a = :a_1");
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Generic;

impl Dialect for Generic {
    fn name(&self) -> &str {
        "default"
    }
    fn caps(&self) -> &Capabilities {
        &Capabilities::ANSI
    }
}

fn maxlen(variants: &[std::sync::Arc<str>]) -> usize {
    variants
        .iter()
        .map(|v| v.chars().count())
        .max()
        .unwrap_or(1)
}

/// The standard spelling of a type.
pub(crate) fn render_type(
    dialect: &str,
    ty: &Type,
    ctx: TypeContext,
    out: &mut String,
) -> Result<(), CompileError> {
    use std::fmt::Write;
    let _ = (dialect, ctx);
    match ty {
        Type::Integer => out.push_str("INTEGER"),
        Type::BigInteger => out.push_str("BIGINT"),
        Type::SmallInteger => out.push_str("SMALLINT"),
        Type::String(None) | Type::Unicode(None) => out.push_str("VARCHAR"),
        Type::String(Some(n)) | Type::Unicode(Some(n)) => {
            let _ = write!(out, "VARCHAR({n})");
        }
        Type::Text | Type::UnicodeText => out.push_str("TEXT"),
        Type::Boolean => out.push_str("BOOLEAN"),
        Type::Float => out.push_str("FLOAT"),
        Type::Double => out.push_str("DOUBLE PRECISION"),
        Type::Numeric { precision, scale } => match (precision, scale) {
            (Some(p), Some(s)) => {
                let _ = write!(out, "NUMERIC({p}, {s})");
            }
            (Some(p), None) => {
                let _ = write!(out, "NUMERIC({p})");
            }
            _ => out.push_str("NUMERIC"),
        },
        Type::Date => out.push_str("DATE"),
        Type::Time => out.push_str("TIME"),
        Type::DateTime { timezone: false } => out.push_str("DATETIME"),
        Type::DateTime { timezone: true } => out.push_str("TIMESTAMP WITH TIME ZONE"),
        Type::LargeBinary | Type::Serialized(SerializedFormat::Binary) => out.push_str("BLOB"),
        Type::Serialized(SerializedFormat::Text) => out.push_str("TEXT"),
        Type::Enum(e) => {
            let _ = write!(out, "VARCHAR({})", maxlen(&e.variants));
        }
        Type::Json => out.push_str("JSON"),
        Type::Uuid => out.push_str("CHAR(32)"),
        Type::Custom(s) => out.push_str(s),
    }
    Ok(())
}

/// The error for a `DateTime` with time zone where the database has no such type.
pub(crate) fn no_timezone(dialect: &str) -> CompileError {
    CompileError::unsupported_with(
        "DateTime with time zone",
        dialect,
        "store UTC in a DateTime without time zone",
    )
}

/// `LIMIT ? OFFSET ?`, each part only when given.
pub(crate) fn limit_offset(
    c: &mut Compiler<'_>,
    limit: Option<&Expr>,
    offset: Option<&Expr>,
) -> Result<(), CompileError> {
    if let Some(l) = limit {
        c.push_sql(" LIMIT ");
        c.visit_count(l)?;
    }
    if let Some(o) = offset {
        c.push_sql(" OFFSET ");
        c.visit_count(o)?;
    }
    Ok(())
}

/// `FOR UPDATE [OF ...] [NOWAIT | SKIP LOCKED]` (PostgreSQL's spelling).
pub(crate) fn for_update(c: &mut Compiler<'_>, f: &ForUpdate) -> Result<(), CompileError> {
    c.push_sql(match (f.read, f.key_share) {
        (false, false) => " FOR UPDATE",
        (true, false) => " FOR SHARE",
        (false, true) => " FOR NO KEY UPDATE",
        (true, true) => " FOR KEY SHARE",
    });
    lock_of(c, f)?;
    lock_wait(c, f);
    Ok(())
}

pub(crate) fn lock_of(c: &mut Compiler<'_>, f: &ForUpdate) -> Result<(), CompileError> {
    if !f.of.is_empty() {
        c.push_sql(" OF ");
        for (i, item) in f.of.iter().enumerate() {
            if i > 0 {
                c.push_sql(", ");
            }
            match &item.0 {
                crate::stmt::FromNode::Table(t) => {
                    let t = t.clone();
                    c.push_table_name(&t);
                }
                crate::stmt::FromNode::Alias(a) => {
                    let a = a.clone();
                    c.push_alias_name(&a);
                }
                _ => {
                    return Err(CompileError::Invalid(
                        "FOR UPDATE OF takes tables or aliases".into(),
                    ));
                }
            }
        }
    }
    Ok(())
}

pub(crate) fn lock_wait(c: &mut Compiler<'_>, f: &ForUpdate) {
    if f.nowait {
        c.push_sql(" NOWAIT");
    }
    if f.skip_locked {
        c.push_sql(" SKIP LOCKED");
    }
}

/// `TOP n ` for SQL Server and Sybase: only a limit without offset.
pub(crate) fn top_prefix(
    dialect: &str,
    c: &mut Compiler<'_>,
    limit: Option<&Expr>,
    offset: Option<&Expr>,
    ordered: bool,
) -> Result<bool, CompileError> {
    match (limit, offset) {
        (Some(l), None) => {
            // `TOP 10`: the count is written inline, as SQLAlchemy does (a
            // parameter would need `TOP (@p1)` on SQL Server and is not
            // accepted at all by Sybase); any other expression goes in
            // parentheses.
            c.push_sql("TOP ");
            if matches!(&l.0, Node::Value(Value::Int(_))) {
                c.visit_count_inline(l)?;
            } else {
                c.push_char('(');
                c.visit_count(l)?;
                c.push_char(')');
            }
            c.push_char(' ');
            Ok(true)
        }
        (_, Some(_)) if !ordered => Err(CompileError::unsupported_with(
            "OFFSET without ORDER BY",
            dialect,
            "add an order_by(): the server pages only an ordered result",
        )),
        _ => Ok(false),
    }
}
