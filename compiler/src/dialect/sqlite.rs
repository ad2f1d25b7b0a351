//! SQLite.

use super::compiler::{BindName, Compiler};
use super::{
    Capabilities, ConcatStyle, DeleteUsing, Dialect, EmptyIn, FullTextStyle, NullSafeEquality,
    RegexpStyle, ReservedWords, Returning, TrueDivision, TypeContext, UpsertStyle, WordList,
    generic,
};
use crate::compiled::ParamStyle;
use crate::error::CompileError;
use crate::expr::{Expr, Function, Known};
use crate::types::Type;
use crate::value::Value;

/// SQLite 3.39+ (as bundled by rusqlite): `?` placeholders, booleans as
/// 1/0, `LIMIT ? OFFSET ?`, no row locks, no LATERAL.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let c = select(t.c("a")).limit(10).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT t.a FROM t LIMIT ? OFFSET ?");
/// assert_eq!(c.params, vec![Value::from(10), Value::from(0)]);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Sqlite;

static CAPS: Capabilities = Capabilities {
    paramstyle: ParamStyle::Qmark,
    reserved: ReservedWords::Builtin(WordList::Sqlite),
    returning: Returning {
        insert: true,
        update: true,
        delete: true,
        qualified: false,
    },
    native_boolean: false,
    bool_column_as_comparison: true,
    ilike: false,
    concat: ConcatStyle::Pipes,
    true_division: TrueDivision::AddZero,
    floor_function: false,
    concat_binds_tightest: true,
    null_safe_equality: NullSafeEquality::Is,
    distinct_on: false,
    fetch: false,
    lateral: false,
    set_op_all: false,
    parenthesized_set_operands: false,
    delete_using: DeleteUsing::Exists,
    for_update: false,
    schema_qualified_fk_target: false,
    empty_in: EmptyIn::EmptySubquery,
    regexp: RegexpStyle::Operator("REGEXP", "NOT REGEXP"),
    bitwise_xor: None,
    upsert: UpsertStyle::OnConflict,
    identity_columns: false,
    comment_on: None,
    parenthesized_defaults: true,
    index_schema_on_name: true,
    full_text: FullTextStyle::MatchOperator,
    ..Capabilities::ANSI
};

impl Dialect for Sqlite {
    fn name(&self) -> &str {
        "sqlite"
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
            Type::Double => out.push_str("DOUBLE"),
            Type::DateTime { .. } => out.push_str("DATETIME"),
            _ => return generic::render_type(self.name(), ty, ctx, out),
        }
        Ok(())
    }

    /// `LIMIT ? OFFSET ?` always together (`-1` for no limit, `0` for no offset).
    fn render_limit_offset(
        &self,
        c: &mut Compiler<'_>,
        limit: Option<&Expr>,
        offset: Option<&Expr>,
    ) -> Result<(), CompileError> {
        c.push_sql(" LIMIT ");
        match limit {
            Some(l) => c.visit_count(l)?,
            None => c.push_bind(Value::Int(-1), BindName::Anon("param"))?,
        }
        c.push_sql(" OFFSET ");
        match offset {
            Some(o) => c.visit_count(o),
            None => Ok(c.push_bind(Value::Int(0), BindName::Anon("param"))?),
        }
    }

    fn render_function(&self, c: &mut Compiler<'_>, f: &Function) -> Result<bool, CompileError> {
        match f.known {
            Some(Known::Now) if f.args.is_empty() => c.push_sql("CURRENT_TIMESTAMP"),
            Some(Known::CharLength) => {
                c.push_sql("length");
                c.function_args(f)?;
            }
            Some(Known::Concat) if f.args.len() > 1 => {
                c.push_char('(');
                for (i, a) in f.args.iter().enumerate() {
                    if i > 0 {
                        c.push_sql(" || ");
                    }
                    c.visit_operand(a, crate::expr::precedence::CMP, None)?;
                }
                c.push_char(')');
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
