//! Microsoft SQL Server 2012+.

use super::compiler::Compiler;
use super::{
    Capabilities, ConcatStyle, DeleteUsing, Dialect, FkActions, LimitPrefix, NullSafeEquality,
    ReservedWords, Returning, ReturningStyle, TrueDivision, TypeContext, WordList, generic,
};
use crate::compiled::ParamStyle;
use crate::error::CompileError;
use crate::expr::{Expr, Function, Known};
use crate::stmt::ForUpdate;
use crate::types::{SerializedFormat, Type};

/// SQL Server 2012+: `@p1` placeholders (as the `tiberius` driver expects;
/// named `@name` with [`ParamStyle::AtNamed`]),
/// `[bracket]` quoting, `TOP n` for a plain limit and `OFFSET … FETCH` for
/// an offset, `+` concatenation, booleans as `1`/`0`.
///
/// Like SQLAlchemy, an OFFSET needs an ORDER BY on SQL Server (the server
/// refuses `OFFSET` without one), so a SELECT with an offset and no ORDER
/// BY is a [`CompileError`] rather than SQL the server rejects.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Mssql};
/// # let t = MetaData::new().table("user").column(Column::new("id", Type::Integer)).column(Column::new("name", Type::Text)).build().unwrap();
/// let q = select(t.c("id")).filter(t.c("name").eq("ed")).limit(5);
/// assert_eq!(q.compile(&Mssql).unwrap().sql, "SELECT TOP 5 [user].id FROM [user] WHERE [user].name = @p1");
/// let page = select(t.c("id")).order_by([t.c("id")]).limit(5).offset(10);
/// assert_eq!(page.compile(&Mssql).unwrap().sql,
///     "SELECT [user].id FROM [user] ORDER BY [user].id OFFSET @p1 ROWS FETCH FIRST @p2 ROWS ONLY");
/// assert!(select(t.c("id")).offset(10).compile(&Mssql).is_err());
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Mssql;

static CAPS: Capabilities = Capabilities {
    paramstyle: ParamStyle::AtP,
    quote: ('[', ']'),
    reserved: ReservedWords::Builtin(WordList::Mssql),
    max_identifier_length: 128,
    returning: Returning {
        insert: true,
        update: true,
        delete: true,
        qualified: false,
    },
    native_boolean: false,
    bool_column_as_comparison: true,
    concat: ConcatStyle::Plus,
    true_division: TrueDivision::AddZero,
    multirow_insert: true,
    null_safe_equality: NullSafeEquality::Intersect,
    filter_clause: false,
    lateral: false,
    set_op_all: false,
    groups_frame: false,
    recursive_keyword: false,
    create_index_if_not_exists: false,
    identity_columns: false,
    default_after_not_null: true,
    autoincrement_keyword: Some(" IDENTITY"),
    explicit_null: true,
    limit_prefix: LimitPrefix::AfterDistinct,
    delete_using: DeleteUsing::Exists,
    returning_style: ReturningStyle::Output,
    fk_actions: FkActions::NoRestrict,
    fetch_needs_order: true,
    comment_on: None,
    ..Capabilities::ANSI
};

impl Dialect for Mssql {
    fn name(&self) -> &str {
        "mssql"
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
            Type::String(None) | Type::Text => out.push_str("VARCHAR(max)"),
            Type::Unicode(None) | Type::UnicodeText | Type::Json => out.push_str("NVARCHAR(max)"),
            Type::Unicode(Some(n)) => out.push_str(&format!("NVARCHAR({n})")),
            Type::Boolean => out.push_str("BIT"),
            Type::Double => out.push_str("FLOAT(53)"),
            Type::DateTime { timezone: false } => out.push_str("DATETIME2"),
            Type::DateTime { timezone: true } => out.push_str("DATETIMEOFFSET"),
            Type::LargeBinary | Type::Serialized(SerializedFormat::Binary) => {
                out.push_str("VARBINARY(max)")
            }
            Type::Serialized(SerializedFormat::Text) => out.push_str("NVARCHAR(max)"),
            Type::Uuid => out.push_str("UNIQUEIDENTIFIER"),
            _ => return generic::render_type(self.name(), ty, ctx, out),
        }
        Ok(())
    }

    /// `TOP n` for a limit without offset; an offset needs ORDER BY.
    fn render_select_prefix(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
        ordered: bool,
    ) -> Result<bool, CompileError> {
        generic::top_prefix(self.name(), c, limit, offset, ordered)
    }

    /// `OFFSET n ROWS [FETCH FIRST m ROWS ONLY]` (after ORDER BY).
    fn render_limit_offset(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
    ) -> Result<(), CompileError> {
        c.push_sql(" OFFSET ");
        match offset {
            Some(o) => c.visit_count(o)?,
            None => c.push_sql("0"),
        }
        c.push_sql(" ROWS");
        if let Some(l) = limit {
            c.push_sql(" FETCH FIRST ");
            c.visit_count(l)?;
            c.push_sql(" ROWS ONLY");
        }
        Ok(())
    }

    fn render_function(&self, c: &mut Compiler<'_>, f: &Function) -> Result<bool, CompileError> {
        match f.known {
            Some(Known::Now) if f.args.is_empty() => c.push_sql("CURRENT_TIMESTAMP"),
            Some(Known::CurrentDate) => c.push_sql("CAST(GETDATE() AS DATE)"),
            Some(Known::CharLength) | Some(Known::Length) => {
                c.push_sql("LEN");
                c.function_args(f)?;
            }
            Some(Known::Random) => c.push_sql("RAND()"),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn render_for_update(&self, c: &mut Compiler<'_>, f: &ForUpdate) -> Result<(), CompileError> {
        let _ = f;
        Err(c.unsupported("FOR UPDATE (use table hints such as WITH (UPDLOCK))"))
    }
}
