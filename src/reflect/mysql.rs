//! MySQL and MariaDB: `information_schema` (`TABLES`, `COLUMNS`,
//! `KEY_COLUMN_USAGE`, `REFERENTIAL_CONSTRAINTS`, `STATISTICS`,
//! `CHECK_CONSTRAINTS`).

use aludel_compiler::Type;
use aludel_compiler::expr::text;
use aludel_compiler::schema::{
    Autoincrement, CheckConstraint, FkAction, ForeignKeyConstraint, PrimaryKeyConstraint,
};

use super::{
    ColumnInfo, IndexInfo, TableInfo, TypeName, enum_type, flag_at, map_type, nonempty,
    opt_text_at, text_at, unquote_literal,
};
use crate::engine::{Connection, Row};
use crate::errors::Result;
use crate::params;

pub(super) fn table_names(conn: &mut Connection, schema: Option<&str>) -> Result<Vec<String>> {
    let sql = "SELECT TABLE_NAME FROM information_schema.TABLES \
               WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE()) \
               AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY TABLE_NAME";
    conn.execute_with(text(sql), params! {"schema" => schema})?
        .scalars()
}

pub(super) fn read_table(
    conn: &mut Connection,
    name: &str,
    schema: Option<&str>,
) -> Result<Option<TableInfo>> {
    let Some((db, comment)) = find(conn, name, schema)? else {
        return Ok(None);
    };
    let mariadb = is_mariadb(conn)?;
    let at = Where {
        db: &db,
        table: name,
    };
    let mut info = TableInfo {
        name: name.to_owned(),
        schema: schema.map(str::to_owned),
        comment,
        ..TableInfo::default()
    };
    info.columns = columns(conn, &at, mariadb)?;
    info.primary_key = primary_key(conn, &at)?;
    info.foreign_keys = foreign_keys(conn, &at, schema.is_some())?;
    info.checks = checks(conn, &at, mariadb)?;
    take_json_checks(&mut info);
    info.indexes = indexes(conn, &at, &info.foreign_keys)?;
    Ok(Some(info))
}

/// The database (schema) and table the queries are about.
struct Where<'a> {
    db: &'a str,
    table: &'a str,
}

/// The table's database and comment, if the table (or view) exists.
fn find(
    conn: &mut Connection,
    name: &str,
    schema: Option<&str>,
) -> Result<Option<(String, Option<String>)>> {
    let sql = "SELECT TABLE_SCHEMA, TABLE_COMMENT FROM information_schema.TABLES \
               WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE()) AND TABLE_NAME = :name";
    let found = conn
        .execute_with(text(sql), params! {"schema" => schema, "name" => name})?
        .first();
    match found {
        None => Ok(None),
        Some(row) => Ok(Some((text_at(&row, 0)?, nonempty(opt_text_at(&row, 1)?)))),
    }
}

fn is_mariadb(conn: &mut Connection) -> Result<bool> {
    let version: Option<String> = conn.execute(text("SELECT VERSION()"))?.scalar()?;
    Ok(version.is_some_and(|v| v.to_ascii_lowercase().contains("mariadb")))
}

fn columns(conn: &mut Connection, at: &Where<'_>, mariadb: bool) -> Result<Vec<ColumnInfo>> {
    let sql = "SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
               COLUMN_COMMENT FROM information_schema.COLUMNS \
               WHERE TABLE_SCHEMA = :db AND TABLE_NAME = :table ORDER BY ORDINAL_POSITION";
    let rows = conn
        .execute_with(text(sql), params! {"db" => at.db, "table" => at.table})?
        .all();
    rows.iter().map(|r| column_of(r, mariadb)).collect()
}

fn column_of(row: &Row, mariadb: bool) -> Result<ColumnInfo> {
    let name = text_at(row, 0)?;
    let column_type = text_at(row, 1)?;
    let data_type = text_at(row, 2)?.to_ascii_lowercase();
    let extra = opt_text_at(row, 5)?
        .unwrap_or_default()
        .to_ascii_lowercase();
    let ty = type_of(&name, &column_type, &data_type);
    let default = default_of(opt_text_at(row, 4)?, &data_type, &extra, mariadb);
    let nullable = text_at(row, 3)?.eq_ignore_ascii_case("YES");
    let mut c = ColumnInfo::new(name, ty, nullable, default);
    // Explicit either way: an `AUTO_INCREMENT` column may have a type
    // with no generic counterpart (`int(10) unsigned`).
    c.autoincrement = if extra.contains("auto_increment") {
        Autoincrement::Yes
    } else {
        Autoincrement::No
    };
    c.comment = nonempty(opt_text_at(row, 6)?);
    Ok(c)
}

/// `TINYINT(1)` is MySQL's boolean; `ENUM(..)` keeps its variants (and
/// takes the column's name, the database having none for it).
fn type_of(column: &str, column_type: &str, data_type: &str) -> Type {
    match data_type {
        "enum" => {
            let variants = TypeName::parse(column_type)
                .args
                .iter()
                .map(|v| unquote_literal(v))
                .collect();
            enum_type(column, variants)
        }
        "tinyint" if column_type.trim().eq_ignore_ascii_case("tinyint(1)") => Type::Boolean,
        _ => map_type(column_type),
    }
}

/// The default as SQL text. MariaDB reports SQL already (`'text'`, `NULL`,
/// `current_timestamp()`); MySQL reports a literal's bare value, and
/// marks expressions `DEFAULT_GENERATED`.
fn default_of(raw: Option<String>, data_type: &str, extra: &str, mariadb: bool) -> Option<String> {
    let raw = raw?;
    if mariadb {
        return (!raw.eq_ignore_ascii_case("NULL")).then_some(raw);
    }
    let numeric = [
        "tinyint",
        "smallint",
        "mediumint",
        "int",
        "integer",
        "bigint",
        "decimal",
        "numeric",
        "float",
        "double",
        "real",
        "bit",
        "year",
    ]
    .contains(&data_type);
    let expression = extra.contains("default_generated")
        || raw.to_ascii_uppercase().starts_with("CURRENT_TIMESTAMP");
    if numeric || expression {
        Some(raw)
    } else {
        Some(format!(
            "'{}'",
            raw.replace('\\', "\\\\").replace('\'', "''")
        ))
    }
}

/// The key's columns (MySQL names every primary key `PRIMARY`: not kept).
fn primary_key(conn: &mut Connection, at: &Where<'_>) -> Result<Option<PrimaryKeyConstraint>> {
    let sql = "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE \
               WHERE TABLE_SCHEMA = :db AND TABLE_NAME = :table AND CONSTRAINT_NAME = 'PRIMARY' \
               ORDER BY ORDINAL_POSITION";
    let columns: Vec<String> = conn
        .execute_with(text(sql), params! {"db" => at.db, "table" => at.table})?
        .scalars()?;
    Ok((!columns.is_empty()).then(|| PrimaryKeyConstraint::new(&columns)))
}

fn foreign_keys(
    conn: &mut Connection,
    at: &Where<'_>,
    schema_given: bool,
) -> Result<Vec<ForeignKeyConstraint>> {
    let sql = "SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, \
               k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE \
               FROM information_schema.KEY_COLUMN_USAGE k \
               JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
                 ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
                 AND r.TABLE_NAME = k.TABLE_NAME \
               WHERE k.TABLE_SCHEMA = :db AND k.TABLE_NAME = :table \
                 AND k.REFERENCED_TABLE_NAME IS NOT NULL \
               ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION";
    let rows = conn
        .execute_with(text(sql), params! {"db" => at.db, "table" => at.table})?
        .all();
    let mut out = Vec::new();
    for group in rows.chunk_by(|a, b| a.get::<String>(0).ok() == b.get::<String>(0).ok()) {
        out.push(foreign_key(group, at, schema_given)?);
    }
    Ok(out)
}

fn foreign_key(rows: &[Row], at: &Where<'_>, schema_given: bool) -> Result<ForeignKeyConstraint> {
    let first = &rows[0];
    let locals: Vec<String> = rows.iter().map(|r| text_at(r, 1)).collect::<Result<_>>()?;
    let remotes: Vec<String> = rows.iter().map(|r| text_at(r, 4)).collect::<Result<_>>()?;
    let ref_db = text_at(first, 2)?;
    let ref_table = text_at(first, 3)?;
    let target = if schema_given || ref_db != at.db {
        format!("{ref_db}.{ref_table}")
    } else {
        ref_table
    };
    let mut fk = ForeignKeyConstraint::new(&locals, &target, &remotes).name(&text_at(first, 0)?);
    if let Some(a) = action(&text_at(first, 6)?) {
        fk = fk.on_delete(a);
    }
    if let Some(a) = action(&text_at(first, 5)?) {
        fk = fk.on_update(a);
    }
    Ok(fk)
}

/// InnoDB's `RESTRICT` and `NO ACTION` are the same, and the default: none.
fn action(rule: &str) -> Option<FkAction> {
    FkAction::parse(rule).filter(|a| !matches!(a, FkAction::Restrict | FkAction::NoAction))
}

/// CHECK constraints (MySQL 8.0.16+, MariaDB 10.2+). MariaDB names them
/// per table, MySQL per database.
fn checks(conn: &mut Connection, at: &Where<'_>, mariadb: bool) -> Result<Vec<CheckConstraint>> {
    let sql = if mariadb {
        "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
         WHERE CONSTRAINT_SCHEMA = :db AND TABLE_NAME = :table ORDER BY CONSTRAINT_NAME"
    } else {
        "SELECT tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS tc \
         JOIN information_schema.CHECK_CONSTRAINTS cc \
           ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
         WHERE tc.TABLE_SCHEMA = :db AND tc.TABLE_NAME = :table AND tc.CONSTRAINT_TYPE = 'CHECK' \
         ORDER BY tc.CONSTRAINT_NAME"
    };
    let rows = conn
        .execute_with(text(sql), params! {"db" => at.db, "table" => at.table})?
        .all();
    rows.iter()
        .map(|r| Ok(CheckConstraint::new(&text_at(r, 1)?).name(&text_at(r, 0)?)))
        .collect()
}

/// MariaDB's `JSON` is a `LONGTEXT` with a `json_valid(col)` check named
/// after the column: the column is [`Type::Json`] and the check goes.
fn take_json_checks(info: &mut TableInfo) {
    let mut json = Vec::new();
    info.checks.retain(|ck| {
        let Some(name) = ck.constraint_name().map(|n| n.as_str().to_owned()) else {
            return true;
        };
        let quoted = format!("json_valid(`{}`)", name.replace('`', "``"));
        let is_json = ck.sql().trim().eq_ignore_ascii_case(&quoted)
            && info
                .columns
                .iter()
                .any(|c| c.name == name && c.ty == Type::Custom("longtext".into()));
        if is_json {
            json.push(name);
        }
        !is_json
    });
    for c in &mut info.columns {
        if json.contains(&c.name) {
            c.ty = Type::Json;
        }
    }
}

/// Every index but the primary key's (unique ones included: a unique
/// constraint is a unique index here) and those InnoDB made for foreign
/// keys; functional indexes are skipped.
fn indexes(
    conn: &mut Connection,
    at: &Where<'_>,
    fks: &[ForeignKeyConstraint],
) -> Result<Vec<IndexInfo>> {
    let sql = "SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION \
               FROM information_schema.STATISTICS \
               WHERE TABLE_SCHEMA = :db AND TABLE_NAME = :table AND INDEX_NAME <> 'PRIMARY' \
               ORDER BY INDEX_NAME, SEQ_IN_INDEX";
    let rows = conn
        .execute_with(text(sql), params! {"db" => at.db, "table" => at.table})?
        .all();
    let mut out = Vec::new();
    for group in rows.chunk_by(|a, b| a.get::<String>(0).ok() == b.get::<String>(0).ok()) {
        let name = text_at(&group[0], 0)?;
        let mut columns = Vec::new();
        for r in group {
            let Some(c) = opt_text_at(r, 2)? else { break };
            let desc = opt_text_at(r, 3)?.is_some_and(|o| o.eq_ignore_ascii_case("D"));
            columns.push((c, desc));
        }
        if columns.len() < group.len() {
            tracing::debug!(target: "aludel::reflect", "skipping functional index {name}");
            continue;
        }
        let unique = !flag_at(&group[0], 1)?;
        if !unique && made_for_foreign_key(&name, &columns, fks) {
            continue;
        }
        out.push(IndexInfo {
            name,
            unique,
            columns,
        });
    }
    Ok(out)
}

/// InnoDB's index for a foreign key: on the key's columns, named after the
/// constraint, or (for an unnamed one) after its first column.
fn made_for_foreign_key(
    name: &str,
    columns: &[(String, bool)],
    fks: &[ForeignKeyConstraint],
) -> bool {
    fks.iter().any(|fk| {
        let same_columns = fk.columns().len() == columns.len()
            && fk
                .columns()
                .iter()
                .zip(columns)
                .all(|(a, (b, _))| a.as_str() == b);
        let first = fk.columns()[0].as_str();
        let auto_name = fk.constraint_name().is_some_and(|n| n.as_str() == name)
            || name == first
            || name
                .strip_prefix(first)
                .and_then(|rest| rest.strip_prefix('_'))
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
        same_columns && auto_name
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types() {
        assert_eq!(type_of("b", "tinyint(1)", "tinyint"), Type::Boolean);
        assert_eq!(
            type_of("m", "enum('a','it''s')", "enum"),
            super::super::enum_type("m", vec!["a".into(), "it's".into()])
        );
        assert_eq!(
            type_of("u", "int(10) unsigned", "int"),
            Type::Custom("int(10) unsigned".into())
        );
    }

    #[test]
    fn defaults() {
        assert_eq!(default_of(Some("NULL".into()), "int", "", true), None);
        assert_eq!(
            default_of(Some("'hi'".into()), "varchar", "", true).as_deref(),
            Some("'hi'")
        );
        assert_eq!(
            default_of(Some("it's".into()), "varchar", "", false).as_deref(),
            Some("'it''s'")
        );
        assert_eq!(
            default_of(Some("0.00".into()), "decimal", "", false).as_deref(),
            Some("0.00")
        );
        assert_eq!(
            default_of(Some("now()".into()), "datetime", "default_generated", false).as_deref(),
            Some("now()")
        );
    }
}
