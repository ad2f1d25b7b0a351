//! SAP (Sybase) Adaptive Server Enterprise 16.

use super::compiler::Compiler;
use super::{
    Capabilities, ConcatStyle, DeleteUsing, Dialect, LimitPrefix, NullSafeEquality, ReservedWords,
    Returning, TypeContext, WordList, generic,
};
use crate::compiled::ParamStyle;
use crate::error::CompileError;
use crate::expr::{Expr, Function, Known};
use crate::stmt::ForUpdate;
use crate::types::{SerializedFormat, Type};

/// Sybase ASE 16: `?` placeholders (ODBC/jConnect), `[bracket]` quoting,
/// `TOP n` for a plain limit and `ROWS LIMIT n OFFSET m` (ASE 16 SP02) with
/// an offset, `+` concatenation, booleans as `1`/`0` (`BIT`), identifiers up
/// to 255 characters, no RETURNING, no window functions, no CTEs.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sybase};
/// # let t = MetaData::new().table("t").column(Column::new("id", Type::Integer)).build().unwrap();
/// assert_eq!(select(t.c("id")).limit(5).compile(&Sybase).unwrap().sql, "SELECT TOP 5 t.id FROM t");
/// let q = select(t.c("id")).order_by([t.c("id")]).limit(5).offset(10);
/// assert_eq!(q.compile(&Sybase).unwrap().sql, "SELECT t.id FROM t ORDER BY t.id ROWS LIMIT ? OFFSET ?");
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Sybase;

static CAPS: Capabilities = Capabilities {
    paramstyle: ParamStyle::Qmark,
    quote: ('[', ']'),
    reserved: ReservedWords::Builtin(WordList::Sybase),
    max_identifier_length: 255,
    returning: Returning {
        insert: false,
        update: false,
        delete: false,
        qualified: true,
    },
    native_boolean: false,
    bool_column_as_comparison: true,
    concat: ConcatStyle::Plus,
    multirow_insert: false,
    null_safe_equality: NullSafeEquality::None,
    fetch: false,
    filter_clause: false,
    full_outer_join: false,
    lateral: false,
    set_op_all: false,
    window_functions: false,
    groups_frame: false,
    ctes: false,
    create_index_if_not_exists: false,
    identity_columns: false,
    explicit_null: true,
    identity_not_null: false,
    limit_prefix: LimitPrefix::AfterDistinct,
    delete_using: DeleteUsing::Exists,
    intersect_except: false,
    autoincrement_types: Some(("INTEGER IDENTITY", "BIGINT IDENTITY", "SMALLINT IDENTITY")),
    comment_on: None,
    ..Capabilities::ANSI
};

impl Dialect for Sybase {
    fn name(&self) -> &str {
        "sybase"
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
            Type::Unicode(None) => out.push_str("UNIVARCHAR"),
            Type::Unicode(Some(n)) => out.push_str(&format!("UNIVARCHAR({n})")),
            Type::UnicodeText | Type::Json => out.push_str("UNITEXT"),
            Type::Boolean => out.push_str("BIT"),
            Type::DateTime { timezone: false } => out.push_str("BIGDATETIME"),
            Type::DateTime { timezone: true } => return Err(generic::no_timezone(self.name())),
            Type::LargeBinary | Type::Serialized(SerializedFormat::Binary) => out.push_str("IMAGE"),
            _ => return generic::render_type(self.name(), ty, ctx, out),
        }
        Ok(())
    }

    fn render_select_prefix(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
        ordered: bool,
    ) -> Result<bool, CompileError> {
        generic::top_prefix(self.name(), c, limit, offset, ordered)
    }

    /// `ROWS LIMIT n OFFSET m` (ASE 16 SP02).
    fn render_limit_offset(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
    ) -> Result<(), CompileError> {
        c.push_sql(" ROWS LIMIT ");
        match limit {
            Some(l) => c.visit_count(l)?,
            None => c.push_sql("2147483647"),
        }
        if let Some(o) = offset {
            c.push_sql(" OFFSET ");
            c.visit_count(o)?;
        }
        Ok(())
    }

    fn render_function(&self, c: &mut Compiler<'_>, f: &Function) -> Result<bool, CompileError> {
        match f.known {
            Some(Known::Now) if f.args.is_empty() => c.push_sql("GETDATE()"),
            Some(Known::Random) => c.push_sql("RAND()"),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `FOR UPDATE` only; ASE has no SKIP LOCKED, NOWAIT or shared locks in
    /// SELECT, and its `FOR UPDATE OF` lists columns.
    fn render_for_update(&self, c: &mut Compiler<'_>, f: &ForUpdate) -> Result<(), CompileError> {
        if f.read || f.key_share || f.nowait || f.skip_locked || !f.of.is_empty() {
            return Err(c.unsupported(
                "FOR SHARE / NOWAIT / SKIP LOCKED / FOR UPDATE OF <table> (ASE's OF lists columns)",
            ));
        }
        c.push_sql(" FOR UPDATE");
        Ok(())
    }
}
