//! Firebird 3+.

use super::compiler::Compiler;
use super::{Capabilities, Dialect, ReservedWords, Returning, TypeContext, WordList, generic};
use crate::compiled::ParamStyle;
use crate::error::CompileError;
use crate::expr::{Expr, Function, Known};
use crate::types::{SerializedFormat, Type};

/// Firebird 3+: `?` placeholders, every bound value cast to its type
/// (`CAST(? AS INTEGER)`: Firebird cannot infer a parameter's type in most
/// positions), `ROWS m TO n` for limits, `FROM rdb$database` for a SELECT
/// without tables, RETURNING, text as `BLOB SUB_TYPE TEXT`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Firebird};
/// # let t = MetaData::new().table("t").column(Column::new("id", Type::Integer)).column(Column::new("name", Type::String(Some(50)))).build().unwrap();
/// let q = select(t.c("id")).filter(t.c("name").eq("ed")).limit(5);
/// assert_eq!(q.compile(&Firebird).unwrap().sql,
///     "SELECT t.id FROM t WHERE t.name = CAST(? AS VARCHAR(50)) ROWS 1 TO CAST(? AS INTEGER)");
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Firebird;

static CAPS: Capabilities = Capabilities {
    paramstyle: ParamStyle::Qmark,
    reserved: ReservedWords::Builtin(WordList::Firebird),
    max_identifier_length: 63,
    returning: Returning {
        insert: true,
        update: true,
        delete: true,
        qualified: true,
    },
    multirow_insert: false,
    is_distinct_from: true,
    fetch: false,
    filter_clause: false,
    lateral: false,
    set_op_all: false,
    groups_frame: false,
    create_index_if_not_exists: false,
    for_update: false,
    dual_table: Some("rdb$database"),
    cast_binds: true,
    ..Capabilities::ANSI
};

impl Dialect for Firebird {
    fn name(&self) -> &str {
        "firebird"
    }

    fn caps(&self) -> &Capabilities {
        &CAPS
    }

    fn render_type(
        &self,
        ty: &Type,
        ctx: TypeContext,
        out: &mut String,
    ) -> Result<(), CompileError> {
        match ty {
            Type::String(None)
            | Type::Unicode(None)
            | Type::Text
            | Type::UnicodeText
            | Type::Json
            | Type::Serialized(SerializedFormat::Text) => out.push_str("BLOB SUB_TYPE TEXT"),
            Type::DateTime { timezone: false } => out.push_str("TIMESTAMP"),
            Type::DateTime { timezone: true } => out.push_str("TIMESTAMP WITH TIME ZONE"),
            Type::LargeBinary | Type::Serialized(SerializedFormat::Binary) => {
                out.push_str("BLOB SUB_TYPE BINARY")
            }
            _ => return generic::render_type(self.name(), ty, ctx, out),
        }
        Ok(())
    }

    /// `ROWS 1 TO n`, or `ROWS m + 1 TO m + n` with an offset (the offset
    /// is bound twice); an offset alone reads to the last row.
    fn render_limit_offset(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
    ) -> Result<(), CompileError> {
        let count = |c: &mut Compiler<'_>, e: &Expr| -> Result<(), CompileError> {
            c.push_sql("CAST(");
            c.visit_count(e)?;
            c.push_sql(" AS INTEGER)");
            Ok(())
        };
        c.push_sql(" ROWS ");
        match offset {
            None => c.push_sql("1"),
            Some(o) => {
                count(c, o)?;
                c.push_sql(" + 1");
            }
        }
        c.push_sql(" TO ");
        match (limit, offset) {
            (Some(l), None) => count(c, l)?,
            (Some(l), Some(o)) => {
                count(c, o)?;
                c.push_sql(" + ");
                count(c, l)?;
            }
            (None, _) => c.push_sql("9223372036854775807"),
        }
        Ok(())
    }

    fn render_function(&self, c: &mut Compiler<'_>, f: &Function) -> Result<bool, CompileError> {
        match f.known {
            Some(Known::Now) if f.args.is_empty() => c.push_sql("CURRENT_TIMESTAMP"),
            Some(Known::CharLength) | Some(Known::Length) => {
                c.push_sql("CHAR_LENGTH");
                c.function_args(f)?;
            }
            Some(Known::Random) => c.push_sql("RAND()"),
            _ => return Ok(false),
        }
        Ok(true)
    }
}
