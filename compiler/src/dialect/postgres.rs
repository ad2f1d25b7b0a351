//! PostgreSQL.

use super::{
    Capabilities, Dialect, FullTextStyle, RegexpStyle, ReservedWords, StringEscapes, TypeContext,
    UpsertStyle, WordList, generic,
};
use crate::compiled::ParamStyle;
use crate::error::CompileError;
use crate::types::{SerializedFormat, Type};

/// PostgreSQL 12+: `$1` placeholders (as the `postgres` crate expects),
/// native booleans, ILIKE, DISTINCT ON, RETURNING, `ON CONFLICT`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Postgres};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Text)).build().unwrap();
/// let c = select(t.c("a")).filter(t.c("a").ilike("x%")).limit(5).compile(&Postgres).unwrap();
/// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a ILIKE $1 LIMIT $2");
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Postgres;

static CAPS: Capabilities = Capabilities {
    paramstyle: ParamStyle::Numeric,
    reserved: ReservedWords::Builtin(WordList::Postgres),
    max_identifier_length: 63,
    ilike: true,
    typed_binds: true,
    distinct_on: true,
    regexp: RegexpStyle::Operator("~", "!~"),
    upsert: UpsertStyle::OnConflict,
    bitwise_xor: Some("#"),
    autoincrement_types: Some(("SERIAL", "BIGSERIAL", "SMALLSERIAL")),
    on_conflict_on_constraint: true,
    on_conflict_update_needs_target: true,
    fetch_count_parenthesized: true,
    full_text: FullTextStyle::TsQuery,
    hyphenated_uuid_literals: true,
    bytea_hex_literals: true,
    string_escapes: StringEscapes::EscapeString,
    ..Capabilities::ANSI
};

impl Dialect for Postgres {
    fn name(&self) -> &str {
        "postgresql"
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
            Type::DateTime { timezone: false } => out.push_str("TIMESTAMP WITHOUT TIME ZONE"),
            Type::DateTime { timezone: true } => out.push_str("TIMESTAMP WITH TIME ZONE"),
            Type::Time => out.push_str("TIME WITHOUT TIME ZONE"),
            Type::LargeBinary | Type::Serialized(SerializedFormat::Binary) => out.push_str("BYTEA"),
            Type::Uuid => out.push_str("UUID"),
            _ => return generic::render_type(self.name(), ty, ctx, out),
        }
        Ok(())
    }
}
