//! Oracle Database 12c+.

use super::compiler::Compiler;
use super::{
    Capabilities, Dialect, ReservedWords, Returning, TypeContext, UpsertStyle, WordList, generic,
    literal,
};
use crate::compiled::ParamStyle;
use crate::error::CompileError;
use crate::expr::{Expr, Function, Known};
use crate::types::{SerializedFormat, Type};
use crate::value::Value;

/// Oracle 12c+: `:name` placeholders (`:1` with
/// [`ParamStyle::NumericColon`](crate::ParamStyle::NumericColon)),
/// `OFFSET … ROWS FETCH FIRST … ROWS ONLY`, `FROM DUAL` for a SELECT
/// without tables, `MINUS` for EXCEPT, `REGEXP_LIKE`, subqueries aliased
/// without `AS`, dates as `TO_DATE(...)` / `TO_TIMESTAMP(...)` literals.
///
/// Multi-row `VALUES` does not exist on Oracle: it is a [`CompileError`]
/// (run one INSERT per row with `execute_many`).
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Oracle};
/// # let t = MetaData::new().table("t").column(Column::new("id", Type::Integer)).build().unwrap();
/// let q = select(t.c("id")).order_by([t.c("id")]).limit(10).offset(20);
/// assert_eq!(q.compile(&Oracle).unwrap().sql,
///     "SELECT t.id FROM t ORDER BY t.id OFFSET :param_1 ROWS FETCH FIRST :param_2 ROWS ONLY");
/// assert_eq!(select(lit(1).label("one")).compile(&Oracle).unwrap().sql, "SELECT :param_1 AS one FROM DUAL");
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Oracle;

static CAPS: Capabilities = Capabilities {
    paramstyle: ParamStyle::Named,
    reserved: ReservedWords::Builtin(WordList::Oracle),
    max_identifier_length: 128,
    returning: Returning {
        insert: false,
        update: false,
        delete: false,
        qualified: true,
    },
    native_boolean: false,
    multirow_insert: false,
    default_values: false,
    is_distinct_from: false,
    filter_clause: false,
    set_op_all: false,
    groups_frame: false,
    recursive_keyword: false,
    create_index_if_not_exists: false,
    regexp: true,
    upsert: UpsertStyle::None,
    alias_as: false,
    dual_table: Some("DUAL"),
    except_keyword: "MINUS",
    ..Capabilities::ANSI
};

impl Dialect for Oracle {
    fn name(&self) -> &str {
        "oracle"
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
            Type::String(None) | Type::Unicode(None) => out.push_str("VARCHAR2(4000 CHAR)"),
            Type::String(Some(n)) | Type::Unicode(Some(n)) => {
                out.push_str(&format!("VARCHAR2({n} CHAR)"))
            }
            Type::Text | Type::UnicodeText | Type::Json => out.push_str("CLOB"),
            Type::Serialized(SerializedFormat::Text) => out.push_str("CLOB"),
            Type::BigInteger => out.push_str("NUMBER(19)"),
            Type::Boolean => out.push_str("SMALLINT"),
            Type::Double => out.push_str("BINARY_DOUBLE"),
            Type::DateTime { timezone: false } => out.push_str("TIMESTAMP"),
            Type::Time => out.push_str("INTERVAL DAY TO SECOND"),
            Type::LargeBinary | Type::Serialized(SerializedFormat::Binary) => out.push_str("BLOB"),
            Type::Uuid => out.push_str("RAW(16)"),
            _ => return generic::render_type(self.name(), ty, ctx, out),
        }
        Ok(())
    }

    /// `OFFSET n ROWS FETCH FIRST m ROWS ONLY`.
    fn render_limit_offset(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
    ) -> Result<(), CompileError> {
        if let Some(o) = offset {
            c.push_sql(" OFFSET ");
            c.visit_count(o)?;
            c.push_sql(" ROWS");
        }
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
            Some(Known::CharLength) => {
                c.push_sql("LENGTH");
                c.function_args(f)?;
            }
            Some(Known::Random) => c.push_sql("DBMS_RANDOM.VALUE"),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Dates and timestamps as `TO_DATE('2024-01-31', 'YYYY-MM-DD')` and
    /// `TO_TIMESTAMP(...)`; booleans as `1`/`0`.
    fn render_literal(&self, v: &Value, out: &mut String) -> Result<(), CompileError> {
        match v {
            #[cfg(feature = "chrono")]
            Value::Date(d) => {
                out.push_str("TO_DATE(");
                literal::quote_string(&d.format("%Y-%m-%d").to_string(), false, out);
                out.push_str(", 'YYYY-MM-DD')");
                Ok(())
            }
            #[cfg(feature = "chrono")]
            Value::DateTime(t) => {
                out.push_str("TO_TIMESTAMP(");
                literal::quote_string(&t.format("%Y-%m-%d %H:%M:%S%.6f").to_string(), false, out);
                out.push_str(", 'YYYY-MM-DD HH24:MI:SS.FF6')");
                Ok(())
            }
            #[cfg(feature = "chrono")]
            Value::DateTimeTz(t) => {
                out.push_str("TO_TIMESTAMP_TZ(");
                literal::quote_string(
                    &t.format("%Y-%m-%d %H:%M:%S%.6f %:z").to_string(),
                    false,
                    out,
                );
                out.push_str(", 'YYYY-MM-DD HH24:MI:SS.FF6 TZH:TZM')");
                Ok(())
            }
            _ => literal::render(self.name(), false, false, v, out),
        }
    }
}
