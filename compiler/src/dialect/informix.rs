//! IBM Informix 12.10+.

use super::compiler::Compiler;
use super::{
    Capabilities, DeleteUsing, Dialect, FkActions, LimitPrefix, NullSafeEquality, Returning,
    TypeContext, UpdateFrom, generic, literal,
};
use crate::compiled::ParamStyle;
use crate::error::CompileError;
use crate::expr::{Expr, Function, Known};
use crate::stmt::ForUpdate;
use crate::types::{SerializedFormat, Type};
use crate::value::Value;

/// Informix 12.10+: `?` placeholders, `SELECT SKIP m FIRST n` with the
/// counts written inline (the server takes no parameters there),
/// booleans as `'t'`/`'f'`, `FROM sysmaster:"informix".sysdual` for a
/// SELECT without tables, no RETURNING.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Informix};
/// # let t = MetaData::new().table("t").column(Column::new("id", Type::Integer)).build().unwrap();
/// assert_eq!(select(t.c("id")).limit(5).compile(&Informix).unwrap().sql, "SELECT FIRST 5 t.id FROM t");
/// assert_eq!(select(true_().label("t")).compile(&Informix).unwrap().sql,
///     "SELECT 't' AS t FROM sysmaster:\"informix\".sysdual");
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Informix;

static CAPS: Capabilities = Capabilities {
    paramstyle: ParamStyle::Qmark,
    max_identifier_length: 128,
    returning: Returning {
        insert: false,
        update: false,
        delete: false,
        qualified: true,
    },
    multirow_insert: false,
    null_safe_equality: NullSafeEquality::None,
    filter_clause: false,
    lateral: false,
    set_op_all: false,
    groups_frame: false,
    create_index_if_not_exists: false,
    dual_table: Some("sysmaster:\"informix\".sysdual"),
    boolean_words: ("'t'", "'f'"),
    limit_prefix: LimitPrefix::BeforeDistinct,
    constraint_name_after: true,
    fk_actions: FkActions::DeleteOnly,
    delete_using: DeleteUsing::Exists,
    update_from: UpdateFrom::Unsupported,
    bitwise_xor: None,
    autoincrement_types: Some(("SERIAL", "BIGSERIAL", "SERIAL")),
    comment_on: None,
    ..Capabilities::ANSI
};

impl Dialect for Informix {
    fn name(&self) -> &str {
        "informix"
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
            Type::String(None) | Type::Unicode(None) => out.push_str("LVARCHAR"),
            Type::Unicode(Some(n)) => out.push_str(&format!("NVARCHAR({n})")),
            Type::Json | Type::Serialized(SerializedFormat::Text) => out.push_str("LVARCHAR"),
            Type::Float => out.push_str("SMALLFLOAT"),
            Type::Double => out.push_str("FLOAT"),
            Type::Time => out.push_str("DATETIME HOUR TO SECOND"),
            Type::DateTime { timezone: false } => out.push_str("DATETIME YEAR TO FRACTION(5)"),
            Type::DateTime { timezone: true } => return Err(generic::no_timezone(self.name())),
            Type::LargeBinary | Type::Serialized(SerializedFormat::Binary) => out.push_str("BYTE"),
            _ => return generic::render_type(self.name(), ty, ctx, out),
        }
        Ok(())
    }

    /// `SKIP m FIRST n ` with inline counts.
    fn render_select_prefix(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
        ordered: bool,
    ) -> Result<bool, CompileError> {
        let _ = ordered;
        if let Some(o) = offset {
            c.push_sql("SKIP ");
            c.visit_count_inline(o)?;
            c.push_char(' ');
        }
        if let Some(l) = limit {
            c.push_sql("FIRST ");
            c.visit_count_inline(l)?;
            c.push_char(' ');
        }
        Ok(true)
    }

    /// Only reached for a UNION/INTERSECT/EXCEPT with a limit: Informix
    /// limits only in the projection clause.
    fn render_limit_offset(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
    ) -> Result<(), CompileError> {
        let _ = (c, limit, offset);
        Err(CompileError::unsupported_with(
            "LIMIT/OFFSET on a set operation",
            self.name(),
            "select from the UNION as a subquery and limit that SELECT",
        ))
    }

    fn render_function(&self, c: &mut Compiler<'_>, f: &Function) -> Result<bool, CompileError> {
        match f.known {
            Some(Known::Now) if f.args.is_empty() => c.push_sql("CURRENT"),
            Some(Known::Random) => {
                return Err(c.unsupported("random()"));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `FOR UPDATE`; Informix has no shared locks, NOWAIT or SKIP LOCKED
    /// in SELECT, and its `FOR UPDATE OF` names columns.
    fn render_for_update(&self, c: &mut Compiler<'_>, f: &ForUpdate) -> Result<(), CompileError> {
        if f.read || f.key_share || f.nowait || f.skip_locked || !f.of.is_empty() {
            return Err(c.unsupported("FOR SHARE / NOWAIT / SKIP LOCKED / FOR UPDATE OF"));
        }
        c.push_sql(" FOR UPDATE");
        Ok(())
    }

    /// Booleans as `'t'`/`'f'`.
    fn render_literal(&self, v: &Value, out: &mut String) -> Result<(), CompileError> {
        match v {
            Value::Bool(b) => {
                out.push_str(if *b { "'t'" } else { "'f'" });
                Ok(())
            }
            _ => literal::render(self.name(), &CAPS, v, out),
        }
    }
}
