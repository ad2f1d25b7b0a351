//! SQLite: `pragma_table_xinfo`, `pragma_foreign_key_list`,
//! `pragma_index_list` and `pragma_index_xinfo`, plus the table's
//! `CREATE TABLE` text (from `sqlite_master`) for constraint names and
//! `CHECK` constraints, which no pragma reports.

use aludel_compiler::dialect::{Sqlite, quote_identifier};
use aludel_compiler::expr::text;
use aludel_compiler::schema::{
    Autoincrement, CheckConstraint, ForeignKeyConstraint, PrimaryKeyConstraint, UniqueConstraint,
};

use super::{
    ColumnInfo, IndexInfo, TableInfo, fk_action, flag_at, int_at, map_type, opt_text_at, text_at,
};
use crate::engine::{Connection, Row};
use crate::errors::Result;
use crate::params;

pub(super) fn table_names(conn: &mut Connection, schema: Option<&str>) -> Result<Vec<String>> {
    let sql = format!(
        "SELECT name FROM {} WHERE type = 'table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~' \
         ORDER BY name",
        master(schema)
    );
    conn.execute(text(&sql))?.scalars()
}

pub(super) fn read_table(
    conn: &mut Connection,
    name: &str,
    schema: Option<&str>,
) -> Result<Option<TableInfo>> {
    let rows = pragma(conn, "table_xinfo", name, schema, "")?;
    let mut info = TableInfo {
        name: name.to_owned(),
        schema: schema.map(str::to_owned),
        ..TableInfo::default()
    };
    let mut pk: Vec<(i64, String)> = Vec::new();
    let mut integer_pk = false;
    for row in &rows {
        // cid, name, type, notnull, dflt_value, pk, hidden
        if int_at(row, 6)? == 1 {
            continue; // a virtual table's hidden column
        }
        let column = column_of(row)?;
        let declared = text_at(row, 2)?;
        let pk_pos = int_at(row, 5)?;
        if pk_pos > 0 {
            integer_pk = declared.trim().eq_ignore_ascii_case("INTEGER");
            pk.push((pk_pos, column.name.clone()));
        }
        info.columns.push(column);
    }
    if info.columns.is_empty() {
        return Ok(None);
    }
    let declared = Declared::parse(&create_sql(conn, name, schema)?.unwrap_or_default());
    pk.sort();
    set_primary_key(&mut info, pk, integer_pk, &declared);
    info.foreign_keys = foreign_keys(conn, name, schema, &declared)?;
    read_indexes(conn, &mut info, &declared)?;
    info.checks = declared.checks;
    Ok(Some(info))
}

/// `sqlite_master`, of the schema if one is given.
fn master(schema: Option<&str>) -> String {
    match schema {
        Some(s) => format!("{}.sqlite_master", quote_identifier(&Sqlite, s)),
        None => "sqlite_master".to_owned(),
    }
}

/// Rows of a table-valued pragma function for `arg` (a table or an
/// index) of `schema`, or of `main` (not `temp` or attached databases,
/// as for [`has_table`](super::has_table)).
fn pragma(
    conn: &mut Connection,
    func: &str,
    arg: &str,
    schema: Option<&str>,
    rest: &str,
) -> Result<Vec<Row>> {
    let sql = format!("SELECT * FROM pragma_{func}(:arg, :schema) {rest}");
    let params = params! {"arg" => arg, "schema" => schema.unwrap_or("main")};
    Ok(conn.execute_with(text(&sql), params)?.all())
}

fn create_sql(conn: &mut Connection, name: &str, schema: Option<&str>) -> Result<Option<String>> {
    let sql = format!(
        "SELECT sql FROM {} WHERE type IN ('table', 'view') AND name = :name",
        master(schema)
    );
    Ok(conn
        .execute_with(text(&sql), params! {"name" => name})?
        .scalar::<Option<String>>()?
        .flatten())
}

fn column_of(row: &Row) -> Result<ColumnInfo> {
    let name = text_at(row, 1)?;
    let ty = map_type(&text_at(row, 2)?);
    let nullable = !flag_at(row, 3)? && int_at(row, 5)? == 0;
    Ok(ColumnInfo::new(name, ty, nullable, opt_text_at(row, 4)?))
}

/// The primary key; a single-column key autoincrements only when it is
/// declared `INTEGER` (SQLite's rowid alias).
fn set_primary_key(
    info: &mut TableInfo,
    pk: Vec<(i64, String)>,
    integer_pk: bool,
    declared: &Declared,
) {
    if pk.is_empty() {
        return;
    }
    if let [(_, only)] = pk.as_slice() {
        if !integer_pk {
            if let Some(c) = info.columns.iter_mut().find(|c| &c.name == only) {
                c.autoincrement = Autoincrement::No;
            }
        }
    }
    let mut constraint = PrimaryKeyConstraint::new(pk.iter().map(|(_, c)| c));
    if let Some(name) = &declared.pk_name {
        constraint = constraint.name(name);
    }
    info.primary_key = Some(constraint);
}

fn foreign_keys(
    conn: &mut Connection,
    name: &str,
    schema: Option<&str>,
    declared: &Declared,
) -> Result<Vec<ForeignKeyConstraint>> {
    // id, seq, table, from, to, on_update, on_delete, match
    let rows = pragma(conn, "foreign_key_list", name, schema, "ORDER BY id, seq")?;
    let mut groups: Vec<(i64, Vec<&Row>)> = Vec::new();
    for row in &rows {
        let id = int_at(row, 0)?;
        match groups.last_mut() {
            Some((last, g)) if *last == id => g.push(row),
            _ => groups.push((id, vec![row])),
        }
    }
    let mut out = Vec::new();
    for (_, group) in groups {
        out.push(foreign_key(conn, &group, schema, declared)?);
    }
    Ok(out)
}

fn foreign_key(
    conn: &mut Connection,
    rows: &[&Row],
    schema: Option<&str>,
    declared: &Declared,
) -> Result<ForeignKeyConstraint> {
    let first = rows[0];
    let target = text_at(first, 2)?;
    let locals: Vec<String> = rows.iter().map(|r| text_at(r, 3)).collect::<Result<_>>()?;
    let mut remotes: Vec<String> = Vec::new();
    for r in rows {
        match opt_text_at(r, 4)? {
            Some(c) => remotes.push(c),
            None => {
                // `REFERENCES parent` without columns: the parent's primary key.
                remotes = primary_key_of(conn, &target, schema)?;
                break;
            }
        }
    }
    let qualified = match schema {
        Some(s) => format!("{s}.{target}"),
        None => target,
    };
    let mut fk = ForeignKeyConstraint::new(&locals, &qualified, &remotes);
    if let Some(a) = fk_action(&text_at(first, 6)?) {
        fk = fk.on_delete(a);
    }
    if let Some(a) = fk_action(&text_at(first, 5)?) {
        fk = fk.on_update(a);
    }
    if let Some(name) = declared.name_of(&declared.fks, &locals) {
        fk = fk.name(name);
    }
    Ok(fk)
}

fn primary_key_of(conn: &mut Connection, table: &str, schema: Option<&str>) -> Result<Vec<String>> {
    let rows = pragma(
        conn,
        "table_info",
        table,
        schema,
        "WHERE pk > 0 ORDER BY pk",
    )?;
    rows.iter().map(|r| text_at(r, 1)).collect()
}

/// Unique constraints (indexes SQLite made for `UNIQUE`) and the indexes
/// made with `CREATE INDEX`; expression and partial indexes are skipped.
fn read_indexes(conn: &mut Connection, info: &mut TableInfo, declared: &Declared) -> Result<()> {
    // seq, name, unique, origin, partial
    let list = pragma(
        conn,
        "index_list",
        &info.name,
        info.schema.as_deref(),
        "ORDER BY name",
    )?;
    for row in &list {
        let name = text_at(row, 1)?;
        let origin = text_at(row, 3)?;
        if origin == "pk" || flag_at(row, 4)? {
            continue;
        }
        let Some(columns) = index_columns(conn, &name, info.schema.as_deref())? else {
            tracing::debug!(target: "aludel::reflect", "skipping expression index {name}");
            continue;
        };
        if origin == "u" {
            let names: Vec<String> = columns.into_iter().map(|(c, _)| c).collect();
            let mut u = UniqueConstraint::new(&names);
            if let Some(n) = declared.name_of(&declared.uniques, &names) {
                u = u.name(n);
            }
            info.uniques.push(u);
        } else {
            let unique = flag_at(row, 2)?;
            info.indexes.push(IndexInfo {
                name,
                unique,
                columns,
            });
        }
    }
    Ok(())
}

/// The key columns of an index and whether each is descending, or `None`
/// when one is an expression.
fn index_columns(
    conn: &mut Connection,
    index: &str,
    schema: Option<&str>,
) -> Result<Option<Vec<(String, bool)>>> {
    // seqno, cid, name, desc, coll, key
    let rows = pragma(
        conn,
        "index_xinfo",
        index,
        schema,
        "WHERE key = 1 ORDER BY seqno",
    )?;
    let mut out = Vec::new();
    for row in &rows {
        match opt_text_at(row, 2)? {
            Some(name) if int_at(row, 1)? >= 0 => out.push((name, flag_at(row, 3)?)),
            _ => return Ok(None),
        }
    }
    Ok(Some(out))
}

// --- the CREATE TABLE text ---------------------------------------------------

/// What only the `CREATE TABLE` text says: constraint names and checks.
#[derive(Debug, Default, PartialEq)]
struct Declared {
    pk_name: Option<String>,
    /// Named unique constraints and their columns.
    uniques: Vec<(String, Vec<String>)>,
    /// Named foreign keys and their local columns.
    fks: Vec<(String, Vec<String>)>,
    checks: Vec<CheckConstraint>,
}

impl Declared {
    fn parse(sql: &str) -> Declared {
        let tokens = lex(sql);
        let mut d = Declared::default();
        let Some(open) = tokens.iter().position(|t| t.is_punct('(')) else {
            return d;
        };
        let mut start = open + 1;
        let mut depth = 0usize;
        for i in open + 1..tokens.len() {
            let t = &tokens[i];
            if t.is_punct('(') {
                depth += 1;
            } else if t.is_punct(')') && depth > 0 {
                depth -= 1;
            } else if depth == 0 && (t.is_punct(',') || t.is_punct(')')) {
                d.item(&tokens[start..i], sql);
                start = i + 1;
                if t.is_punct(')') {
                    break;
                }
            }
        }
        d
    }

    fn name_of<'a>(
        &self,
        named: &'a [(String, Vec<String>)],
        columns: &[String],
    ) -> Option<&'a str> {
        named
            .iter()
            .find(|(_, cols)| {
                cols.len() == columns.len()
                    && cols
                        .iter()
                        .zip(columns)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            })
            .map(|(n, _)| n.as_str())
    }

    /// One column definition or table constraint.
    fn item(&mut self, toks: &[Token], sql: &str) {
        let Some(first) = toks.first() else { return };
        let table_level = ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"]
            .iter()
            .any(|k| first.is_keyword(k));
        if table_level {
            self.clauses(toks, None, sql);
        } else {
            self.clauses(&toks[1..], Some(&first.text), sql);
        }
    }

    /// The constraint clauses of a table constraint (`column` is `None`)
    /// or of a column definition.
    fn clauses(&mut self, toks: &[Token], column: Option<&str>, sql: &str) {
        let mut name: Option<String> = None;
        let mut in_foreign_key = false;
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            if t.is_keyword("CONSTRAINT") {
                name = toks.get(i + 1).map(|n| n.text.clone());
                i += 2;
                continue;
            }
            if t.is_keyword("PRIMARY") {
                self.pk_name = name.take();
            } else if t.is_keyword("UNIQUE") {
                let (cols, next) = match column {
                    Some(c) => (vec![c.to_owned()], i + 1),
                    None => column_list(toks, i + 1),
                };
                if let Some(n) = name.take() {
                    self.uniques.push((n, cols));
                }
                i = next;
                continue;
            } else if t.is_keyword("FOREIGN") {
                let (cols, next) = column_list(toks, i + 2);
                if let Some(n) = name.take() {
                    self.fks.push((n, cols));
                }
                in_foreign_key = true;
                i = next;
                continue;
            } else if t.is_keyword("REFERENCES") {
                if !in_foreign_key {
                    if let (Some(n), Some(c)) = (name.take(), column) {
                        self.fks.push((n, vec![c.to_owned()]));
                    }
                }
                in_foreign_key = false;
            } else if t.is_keyword("CHECK") && toks.get(i + 1).is_some_and(|p| p.is_punct('(')) {
                let close = closing(toks, i + 1);
                let body = match toks.get(close) {
                    Some(end) => sql[toks[i + 1].end..end.start].trim(),
                    None => "",
                };
                let mut ck = CheckConstraint::new(body);
                if let Some(n) = name.take() {
                    ck = ck.name(&n);
                }
                self.checks.push(ck);
                i = close + 1;
                continue;
            } else if ["NOT", "NULL", "DEFAULT", "COLLATE", "GENERATED", "AS"]
                .iter()
                .any(|k| t.is_keyword(k))
            {
                name = None;
            }
            i = if t.is_punct('(') {
                closing(toks, i) + 1
            } else {
                i + 1
            };
        }
    }
}

/// The names at the start of each item of the parenthesized list at `open`
/// (`(a, b COLLATE nocase DESC)` is `[a, b]`), and the position after it.
fn column_list(toks: &[Token], open: usize) -> (Vec<String>, usize) {
    if !toks.get(open).is_some_and(|t| t.is_punct('(')) {
        return (Vec::new(), open);
    }
    let close = closing(toks, open);
    let mut cols = Vec::new();
    let mut expect_name = true;
    for t in toks.get(open + 1..close).unwrap_or(&[]) {
        if t.is_punct(',') {
            expect_name = true;
        } else if expect_name {
            cols.push(t.text.clone());
            expect_name = false;
        }
    }
    (cols, close + 1)
}

/// The position of the `)` closing the `(` at `open` (or the end).
fn closing(toks: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth -= 1;
            if depth == 0 {
                return i;
            }
        }
    }
    toks.len()
}

/// A token of SQL text: a word or quoted name (`text` is the name), a
/// string literal, or one punctuation character.
#[derive(Debug)]
struct Token {
    kind: Kind,
    text: String,
    start: usize,
    end: usize,
}

#[derive(Debug, PartialEq)]
enum Kind {
    Word,
    Quoted,
    Str,
    Punct,
}

impl Token {
    fn is_keyword(&self, kw: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(kw)
    }

    fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }
}

fn lex(sql: &str) -> Vec<Token> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let (kind, text, end) = match b {
            _ if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = sql[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..].find("*/").map_or(bytes.len(), |n| i + n + 4);
                continue;
            }
            b'\'' => {
                let end = quoted_end(sql, i, '\'');
                (Kind::Str, sql[start..end].to_owned(), end)
            }
            b'"' | b'`' => {
                let q = b as char;
                let end = quoted_end(sql, i, q);
                let inner = sql.get(start + 1..end.saturating_sub(1)).unwrap_or("");
                (
                    Kind::Quoted,
                    inner.replace(&format!("{q}{q}"), &q.to_string()),
                    end,
                )
            }
            b'[' => {
                let end = sql[i..].find(']').map_or(bytes.len(), |n| i + n + 1);
                let inner = sql.get(start + 1..end.saturating_sub(1)).unwrap_or("");
                (Kind::Quoted, inner.to_owned(), end)
            }
            _ if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80 => {
                let len = sql[i..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
                    .unwrap_or(sql.len() - i);
                (Kind::Word, sql[i..i + len].to_owned(), i + len)
            }
            _ => {
                let len = sql[i..].chars().next().map_or(1, char::len_utf8);
                (Kind::Punct, sql[i..i + len].to_owned(), i + len)
            }
        };
        out.push(Token {
            kind,
            text,
            start,
            end,
        });
        i = end;
    }
    out
}

/// The end (exclusive) of the quoted part starting at `start` (a doubled
/// quote is part of it).
fn quoted_end(sql: &str, start: usize, q: char) -> usize {
    let mut chars = sql[start + 1..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == q {
            if chars.peek().is_some_and(|(_, n)| *n == q) {
                chars.next();
            } else {
                return start + 1 + i + 1;
            }
        }
    }
    sql.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_names_and_checks_come_from_the_create_text() {
        let d = Declared::parse(
            "CREATE TABLE \"t\" (\n\ta INTEGER CONSTRAINT ck_a CHECK (a > 0) CONSTRAINT fk_a REFERENCES p (id), \
             \n\t[b c] VARCHAR(10) NOT NULL DEFAULT 'x,)', -- a comment, with (parens\n\
             \tCONSTRAINT \"PK T\" PRIMARY KEY (a, [b c]), \n\tCONSTRAINT uq_b UNIQUE (\"b c\" COLLATE nocase), \
             \n\tUNIQUE (a), \n\tCONSTRAINT fk_ab FOREIGN KEY(a, \"b c\") REFERENCES p (x, y) ON DELETE CASCADE, \
             \n\tCHECK (length(\"b c\") < 5)\n)",
        );
        assert_eq!(d.pk_name.as_deref(), Some("PK T"));
        assert_eq!(d.uniques, [("uq_b".to_owned(), vec!["b c".to_owned()])]);
        assert_eq!(
            d.fks,
            [
                ("fk_a".to_owned(), vec!["a".to_owned()]),
                ("fk_ab".to_owned(), vec!["a".to_owned(), "b c".to_owned()])
            ]
        );
        let checks: Vec<(Option<&str>, &str)> = d
            .checks
            .iter()
            .map(|c| (c.constraint_name().map(|n| n.as_str()), c.sql()))
            .collect();
        assert_eq!(
            checks,
            [(Some("ck_a"), "a > 0"), (None, "length(\"b c\") < 5")]
        );
    }

    #[test]
    fn text_without_a_body_declares_nothing() {
        assert_eq!(Declared::parse(""), Declared::default());
        assert_eq!(
            Declared::parse("CREATE TABLE t AS SELECT 1"),
            Declared::default()
        );
    }
}
