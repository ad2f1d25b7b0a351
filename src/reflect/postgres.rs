//! PostgreSQL: `pg_catalog` (`pg_class`, `pg_attribute`, `pg_attrdef`,
//! `pg_constraint`, `pg_index`, `pg_enum`, `pg_sequence`).
//!
//! Catalog names (`name`) and one-letter codes (`"char"`) are cast to
//! `TEXT` and oids to `BIGINT`, so any driver reads them as text and integers.

use aludel_compiler::Type;
use aludel_compiler::expr::text;
use aludel_compiler::schema::{
    Autoincrement, CheckConstraint, ForeignKeyConstraint, Identity, PrimaryKeyConstraint,
    UniqueConstraint,
};

use super::{
    ColumnInfo, IndexInfo, TableInfo, enum_type, flag_at, int_at, map_type, matching_paren,
    nonempty, opt_text_at, text_at,
};
use crate::engine::{Connection, Row};
use crate::errors::Result;
use crate::{Params, params};

pub(super) fn table_names(conn: &mut Connection, schema: Option<&str>) -> Result<Vec<String>> {
    let sql = "SELECT CAST(c.relname AS TEXT) FROM pg_catalog.pg_class c \
               JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
               WHERE c.relkind IN ('r', 'p') \
               AND n.nspname = COALESCE(CAST(:schema AS TEXT), current_schema()) \
               ORDER BY c.relname";
    conn.execute_with(text(sql), params! {"schema" => schema})?
        .scalars()
}

pub(super) fn read_table(
    conn: &mut Connection,
    name: &str,
    schema: Option<&str>,
) -> Result<Option<TableInfo>> {
    let Some(found) = find(conn, name, schema)? else {
        return Ok(None);
    };
    let mut info = TableInfo {
        name: name.to_owned(),
        schema: schema.map(str::to_owned),
        comment: found.comment.clone(),
        ..TableInfo::default()
    };
    info.columns = columns(conn, found.oid)?;
    if info.columns.is_empty() {
        return Ok(None);
    }
    read_constraints(conn, &found, schema.is_some(), &mut info)?;
    info.checks = checks(conn, found.oid)?;
    info.indexes = indexes(conn, found.oid)?;
    settle_autoincrement(&mut info);
    Ok(Some(info))
}

/// The table's oid, its schema, and its comment.
struct Found {
    oid: i64,
    schema: String,
    comment: Option<String>,
}

/// Finds the table in `schema`, or the one an unqualified name resolves to
/// through the search path.
fn find(conn: &mut Connection, name: &str, schema: Option<&str>) -> Result<Option<Found>> {
    let (cond, params): (&str, Params) = match schema {
        Some(s) => (
            "n.nspname = CAST(:schema AS TEXT)",
            params! {"name" => name, "schema" => s},
        ),
        None => (
            "pg_catalog.pg_table_is_visible(c.oid)",
            params! {"name" => name},
        ),
    };
    let sql = format!(
        "SELECT CAST(c.oid AS BIGINT), CAST(n.nspname AS TEXT), \
         pg_catalog.obj_description(c.oid, 'pg_class') \
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relname = CAST(:name AS TEXT) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {cond}"
    );
    let Some(row) = conn.execute_with(text(&sql), params)?.first() else {
        return Ok(None);
    };
    Ok(Some(Found {
        oid: int_at(&row, 0)?,
        schema: text_at(&row, 1)?,
        comment: nonempty(opt_text_at(&row, 2)?),
    }))
}

const OID: &str = "CAST(CAST(:oid AS BIGINT) AS oid)";

fn columns(conn: &mut Connection, oid: i64) -> Result<Vec<ColumnInfo>> {
    let sql = format!(
        "SELECT CAST(a.attname AS TEXT), pg_catalog.format_type(a.atttypid, a.atttypmod), \
         a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), CAST(a.attidentity AS TEXT), \
         CAST(t.typtype AS TEXT), CAST(a.atttypid AS BIGINT), \
         CAST(s.seqstart AS BIGINT), CAST(s.seqincrement AS BIGINT), \
         pg_catalog.col_description(a.attrelid, a.attnum) \
         FROM pg_catalog.pg_attribute a \
         JOIN pg_catalog.pg_type t ON t.oid = a.atttypid \
         LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         LEFT JOIN pg_catalog.pg_sequence s ON a.attidentity <> '' AND s.seqrelid = \
           CAST(pg_catalog.pg_get_serial_sequence(CAST(CAST(a.attrelid AS regclass) AS TEXT), a.attname) AS regclass) \
         WHERE a.attrelid = {OID} AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY a.attnum"
    );
    let rows = conn.execute_with(text(&sql), params! {"oid" => oid})?.all();
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(column_of(conn, row)?);
    }
    Ok(out)
}

fn column_of(conn: &mut Connection, row: &Row) -> Result<ColumnInfo> {
    let type_text = text_at(row, 1)?;
    let ty = match text_at(row, 5)?.as_str() {
        "e" => enum_type(&type_text, enum_labels(conn, int_at(row, 6)?)?),
        "d" => Type::Custom(type_text.into()),
        _ => map_type(&type_text),
    };
    let mut c = ColumnInfo::new(
        text_at(row, 0)?,
        ty,
        !flag_at(row, 2)?,
        opt_text_at(row, 3)?,
    );
    let identity = text_at(row, 4)?;
    if !identity.is_empty() {
        c.identity = Some(Identity {
            always: identity == "a",
            start: row.get::<Option<i64>>(7)?,
            increment: row.get::<Option<i64>>(8)?,
        });
    }
    c.comment = nonempty(opt_text_at(row, 9)?);
    Ok(c)
}

fn enum_labels(conn: &mut Connection, type_oid: i64) -> Result<Vec<String>> {
    let sql = format!(
        "SELECT CAST(enumlabel AS TEXT) FROM pg_catalog.pg_enum \
         WHERE enumtypid = {OID} ORDER BY enumsortorder"
    );
    conn.execute_with(text(&sql), params! {"oid" => type_oid})?
        .scalars()
}

/// The primary key, unique constraints and foreign keys: one row per
/// constraint column, in key order.
fn read_constraints(
    conn: &mut Connection,
    found: &Found,
    schema_given: bool,
    info: &mut TableInfo,
) -> Result<()> {
    let sql = format!(
        "SELECT CAST(con.conname AS TEXT), CAST(con.contype AS TEXT), CAST(a.attname AS TEXT), \
         CAST(fn.nspname AS TEXT), CAST(fc.relname AS TEXT), CAST(fa.attname AS TEXT), \
         CAST(con.confupdtype AS TEXT), CAST(con.confdeltype AS TEXT) \
         FROM pg_catalog.pg_constraint con \
         CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
         LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid \
         LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace \
         LEFT JOIN pg_catalog.pg_attribute fa \
           ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[k.ord] \
         WHERE con.conrelid = {OID} AND con.contype IN ('p', 'u', 'f') \
         ORDER BY con.contype, con.conname, k.ord"
    );
    let rows = conn
        .execute_with(text(&sql), params! {"oid" => found.oid})?
        .all();
    let key = |r: &Row| (r.get::<String>(0).ok(), r.get::<String>(1).ok());
    for group in rows.chunk_by(|a, b| key(a) == key(b)) {
        let name = text_at(&group[0], 0)?;
        let columns: Vec<String> = group.iter().map(|r| text_at(r, 2)).collect::<Result<_>>()?;
        match text_at(&group[0], 1)?.as_str() {
            "p" => {
                let mut pk = PrimaryKeyConstraint::new(&columns);
                // `<table>_pkey` is the name PostgreSQL makes up.
                if name != format!("{}_pkey", info.name) {
                    pk = pk.name(&name);
                }
                info.primary_key = Some(pk);
            }
            "u" => info
                .uniques
                .push(UniqueConstraint::new(&columns).name(&name)),
            _ => {
                let fk = foreign_key(group, &name, &columns, found, schema_given)?;
                info.foreign_keys.push(fk);
            }
        }
    }
    Ok(())
}

fn foreign_key(
    rows: &[Row],
    name: &str,
    columns: &[String],
    found: &Found,
    schema_given: bool,
) -> Result<ForeignKeyConstraint> {
    let first = &rows[0];
    let ref_schema = text_at(first, 3)?;
    let ref_table = text_at(first, 4)?;
    let target = if schema_given || ref_schema != found.schema {
        format!("{ref_schema}.{ref_table}")
    } else {
        ref_table
    };
    let remotes: Vec<String> = rows.iter().map(|r| text_at(r, 5)).collect::<Result<_>>()?;
    let mut fk = ForeignKeyConstraint::new(columns, &target, &remotes).name(name);
    if let Some(a) = action(&text_at(first, 7)?) {
        fk = fk.on_delete(a);
    }
    if let Some(a) = action(&text_at(first, 6)?) {
        fk = fk.on_update(a);
    }
    Ok(fk)
}

/// `pg_constraint`'s action codes (`a`, no action, is the default: none).
fn action(code: &str) -> Option<aludel_compiler::schema::FkAction> {
    use aludel_compiler::schema::FkAction;
    match code {
        "c" => Some(FkAction::Cascade),
        "n" => Some(FkAction::SetNull),
        "d" => Some(FkAction::SetDefault),
        "r" => Some(FkAction::Restrict),
        _ => None,
    }
}

fn checks(conn: &mut Connection, oid: i64) -> Result<Vec<CheckConstraint>> {
    let sql = format!(
        "SELECT CAST(conname AS TEXT), pg_catalog.pg_get_constraintdef(oid, true) \
         FROM pg_catalog.pg_constraint WHERE conrelid = {OID} AND contype = 'c' ORDER BY conname"
    );
    let rows = conn.execute_with(text(&sql), params! {"oid" => oid})?.all();
    rows.iter()
        .map(|r| Ok(CheckConstraint::new(&check_body(&text_at(r, 1)?)).name(&text_at(r, 0)?)))
        .collect()
}

/// `CHECK ((a > 0)) NOT VALID` → `(a > 0)`.
fn check_body(def: &str) -> String {
    let Some(open) = def.find('(') else {
        return def.to_owned();
    };
    match matching_paren(def, open) {
        Some(close) => def[open + 1..close].trim().to_owned(),
        None => def.to_owned(),
    }
}

/// Indexes other than those of the primary key and unique constraints;
/// expression and partial indexes are skipped.
fn indexes(conn: &mut Connection, oid: i64) -> Result<Vec<IndexInfo>> {
    let sql = format!(
        "SELECT CAST(ic.relname AS TEXT), ix.indisunique, CAST(a.attname AS TEXT), \
         ix.indpred IS NOT NULL, CAST(ix.indoption[k.ord - 1] AS INTEGER) & 1 \
         FROM pg_catalog.pg_index ix \
         JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid \
         CROSS JOIN LATERAL unnest(CAST(ix.indkey AS int2[])) WITH ORDINALITY AS k(attnum, ord) \
         LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum \
         WHERE ix.indrelid = {OID} AND NOT ix.indisprimary AND k.ord <= ix.indnkeyatts \
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con \
           WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x')) \
         ORDER BY ic.relname, k.ord"
    );
    let rows = conn.execute_with(text(&sql), params! {"oid" => oid})?.all();
    let mut out = Vec::new();
    for group in rows.chunk_by(|a, b| a.get::<String>(0).ok() == b.get::<String>(0).ok()) {
        let name = text_at(&group[0], 0)?;
        if flag_at(&group[0], 3)? {
            tracing::debug!(target: "aludel::reflect", "skipping partial index {name}");
            continue;
        }
        let mut columns = Vec::new();
        for r in group {
            match opt_text_at(r, 2)? {
                Some(c) => columns.push((c, flag_at(r, 4)?)),
                None => break,
            }
        }
        if columns.len() < group.len() {
            tracing::debug!(target: "aludel::reflect", "skipping expression index {name}");
            continue;
        }
        out.push(IndexInfo {
            name,
            unique: flag_at(&group[0], 1)?,
            columns,
        });
    }
    Ok(out)
}

/// A serial key's `nextval(..)` default is its autoincrement, not a server
/// default; any other single integer key does not autoincrement.
fn settle_autoincrement(info: &mut TableInfo) {
    let Some(pk) = &info.primary_key else { return };
    let [only] = pk.columns() else { return };
    let Some(c) = info.columns.iter_mut().find(|c| c.name == only.as_str()) else {
        return;
    };
    if !c.ty.is_integer() || c.identity.is_some() {
        return;
    }
    let serial = c
        .default
        .as_deref()
        .is_some_and(|d| d.starts_with("nextval("));
    if serial {
        c.default = None;
    } else {
        c.autoincrement = Autoincrement::No;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_definitions_lose_their_keyword() {
        assert_eq!(check_body("CHECK (n >= 0::numeric)"), "n >= 0::numeric");
        assert_eq!(check_body("CHECK ((a > 0)) NOT VALID"), "(a > 0)");
    }
}
