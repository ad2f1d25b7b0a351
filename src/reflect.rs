//! Reading schema back from a live database.

use aludel_compiler::dialect::quote_identifier;
use aludel_compiler::expr::text;

use crate::engine::{Backend, Connection};
use crate::errors::Result;
use crate::params;

/// Whether a table exists (in `schema`, or the connection's default schema).
///
/// ```
/// use aludel::{create_engine, text, reflect::has_table};
/// let engine = create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// assert!(!has_table(&mut conn, "t", None)?);
/// conn.execute(text("CREATE TABLE t (a INTEGER)"))?;
/// assert!(has_table(&mut conn, "t", None)?);
/// # Ok::<(), aludel::Error>(())
/// ```
pub fn has_table(conn: &mut Connection, name: &str, schema: Option<&str>) -> Result<bool> {
    let backend = conn.engine().backend();
    let found = match backend {
        Backend::Sqlite => {
            let master = match schema {
                Some(s) => format!("{}.sqlite_master", quote_identifier(&aludel_compiler::dialect::Sqlite, s)),
                None => "sqlite_master".to_owned(),
            };
            let sql = format!("SELECT 1 FROM {master} WHERE type = 'table' AND name = :name");
            conn.execute_with(text(&sql), params! {"name" => name})?
        }
        Backend::Postgres => conn.execute_with(
            text(
                "SELECT 1 FROM information_schema.tables \
                 WHERE table_schema = COALESCE(CAST(:schema AS TEXT), current_schema()) AND table_name = :name",
            ),
            params! {"schema" => schema, "name" => name},
        )?,
        Backend::Mysql | Backend::Mariadb => conn.execute_with(
            text(
                "SELECT 1 FROM information_schema.tables \
                 WHERE table_schema = COALESCE(:schema, DATABASE()) AND table_name = :name",
            ),
            params! {"schema" => schema, "name" => name},
        )?,
    };
    Ok(found.first().is_some())
}
