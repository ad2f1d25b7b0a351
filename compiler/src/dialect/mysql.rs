//! MySQL and MariaDB.

use std::fmt::Write;

use super::compiler::Compiler;
use super::{
    Capabilities, ConcatStyle, DeleteUsing, Dialect, FullTextStyle, NullSafeEquality, RegexpStyle,
    ReservedWords, Returning, StringEscapes, TrueDivision, TypeContext, UpdateFrom, UpsertStyle,
    WordList, generic, literal,
};
use crate::compiled::ParamStyle;
use crate::error::CompileError;
use crate::expr::{Expr, Function, Known};
use crate::stmt::ForUpdate;
use crate::types::{SerializedFormat, Type};

/// MySQL 8.0: backtick quoting, `?` placeholders, `LIMIT offset, count`,
/// `concat()`, `ON DUPLICATE KEY UPDATE`, no RETURNING, backslash-escaped literals.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Mysql};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let c = select(t.c("a")).limit(10).offset(20).compile(&Mysql).unwrap();
/// assert_eq!(c.sql, "SELECT t.a FROM t LIMIT ?, ?");
/// assert_eq!(c.params, vec![Value::from(20), Value::from(10)]);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Mysql;

static MYSQL: Capabilities = Capabilities {
    paramstyle: ParamStyle::Qmark,
    quote: ('`', '`'),
    reserved: ReservedWords::Builtin(WordList::Mysql),
    max_identifier_length: 64,
    returning: Returning {
        insert: false,
        update: false,
        delete: false,
        qualified: true,
    },
    bool_column_as_comparison: true,
    concat: ConcatStyle::Function,
    true_division: TrueDivision::Native,
    floor_division: true,
    default_values: false,
    empty_values_list: true,
    null_safe_equality: NullSafeEquality::Spaceship,
    nulls_ordering: false,
    fetch: false,
    filter_clause: false,
    full_outer_join: false,
    groups_frame: false,
    cte_after_insert: true,
    inner_join: "INNER JOIN",
    update_from: UpdateFrom::MultiTable,
    delete_using: DeleteUsing::MultiTable,
    create_index_if_not_exists: false,
    regexp: RegexpStyle::Operator("REGEXP", "NOT REGEXP"),
    upsert: UpsertStyle::OnDuplicateKey,
    default_after_not_null: true,
    autoincrement_keyword: Some(" AUTO_INCREMENT"),
    identity_columns: false,
    inline_comments: true,
    enum_check: false,
    parenthesized_defaults: true,
    bare_keyword_defaults: false,
    parenthesized_index_expressions: true,
    drop_index_on_table: true,
    drop_index_if_exists: false,
    full_text: FullTextStyle::MatchAgainst,
    string_escapes: StringEscapes::Backslash,
    ..Capabilities::ANSI
};

/// MariaDB 10.11 (LTS): like MySQL, plus RETURNING on INSERT and DELETE
/// (not UPDATE), `INTERSECT/EXCEPT ALL`, `FETCH FIRST`; no LATERAL and no
/// `FOR UPDATE OF`. For an older server use [`Mariadb::version`].
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Mariadb};
/// # let t = MetaData::new().table("t").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
/// assert!(delete(&t).returning([t.c("id")]).compile(&Mariadb).is_ok());
/// assert!(update(&t).set([("id", 1)]).returning([t.c("id")]).compile(&Mariadb).is_err());
/// assert!(insert(&t).values([("id", 1)]).returning([t.c("id")]).compile(&Mariadb::version(10, 4)).is_err());
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Mariadb;

static MARIADB: Capabilities = mariadb_caps(10, 11);

const fn mariadb_caps(major: u32, minor: u32) -> Capabilities {
    let v = major * 100 + minor;
    Capabilities {
        reserved: ReservedWords::Builtin(WordList::Mariadb),
        returning: Returning {
            insert: v >= 1005,
            update: false,
            delete: true,
            qualified: true,
        },
        set_op_all: v >= 1005,
        fetch: v >= 1006,
        lateral: false,
        bound_frame_offsets: false,
        expression_indexes: false,
        create_index_if_not_exists: true,
        drop_index_if_exists: true,
        ..MYSQL
    }
}

/// A MariaDB dialect for a given server version (features gated by version).
///
/// ```
/// use aludel_compiler::{prelude::*, Dialect, dialect::{Mariadb, MariadbVersion}};
/// # let users = MetaData::new().table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
/// let (old, new): (MariadbVersion, MariadbVersion) = (Mariadb::version(10, 4), Mariadb::version(10, 6));
/// assert_eq!(old.name(), "mariadb");
/// // RETURNING on INSERT needs 10.5
/// let ins = insert(&users).values([("name", "x")]).returning([users.c("id")]);
/// assert!(ins.compile(&old).is_err());
/// assert_eq!(ins.compile(&new).unwrap().sql, "INSERT INTO users (name) VALUES (?) RETURNING users.id");
/// // FETCH FIRST needs 10.6; before, it is rendered as LIMIT
/// let q = select(users.c("id")).fetch(3);
/// assert_eq!(q.compile(&old).unwrap().sql, "SELECT users.id FROM users LIMIT ?");
/// assert_eq!(q.compile(&new).unwrap().sql, "SELECT users.id FROM users FETCH FIRST ? ROWS ONLY");
/// ```
#[derive(Clone, Debug)]
pub struct MariadbVersion {
    caps: Capabilities,
}

impl Mariadb {
    /// The dialect for MariaDB `major.minor`.
    ///
    /// ```
    /// let old = aludel_compiler::dialect::Mariadb::version(10, 3);
    /// ```
    pub fn version(major: u32, minor: u32) -> MariadbVersion {
        MariadbVersion {
            caps: mariadb_caps(major, minor),
        }
    }
}

fn mysql_type(
    name: &str,
    ty: &Type,
    ctx: TypeContext,
    out: &mut String,
) -> Result<(), CompileError> {
    if ctx == TypeContext::Cast {
        match ty {
            Type::String(Some(n)) | Type::Unicode(Some(n)) => {
                let _ = write!(out, "CHAR({n})");
            }
            Type::String(None)
            | Type::Unicode(None)
            | Type::Text
            | Type::UnicodeText
            | Type::Enum(_) => out.push_str("CHAR"),
            Type::Integer | Type::BigInteger | Type::SmallInteger | Type::Boolean => {
                out.push_str("SIGNED INTEGER")
            }
            Type::Numeric { precision, scale } => match (precision, scale) {
                (Some(p), Some(s)) => {
                    let _ = write!(out, "DECIMAL({p}, {s})");
                }
                (Some(p), None) => {
                    let _ = write!(out, "DECIMAL({p})");
                }
                _ => out.push_str("DECIMAL"),
            },
            Type::Float => out.push_str("FLOAT"),
            Type::Double => out.push_str("DOUBLE"),
            Type::DateTime { .. } => out.push_str("DATETIME"),
            Type::LargeBinary | Type::Serialized(SerializedFormat::Binary) => {
                out.push_str("BINARY")
            }
            _ => return generic::render_type(name, ty, ctx, out),
        }
        return Ok(());
    }
    match ty {
        Type::String(None) | Type::Unicode(None) => {
            return Err(CompileError::unsupported_with(
                "VARCHAR without a length",
                name,
                "give the column a length: Type::String(Some(n)), or use Type::Text",
            ));
        }
        Type::Boolean => out.push_str("BOOL"),
        Type::Double => out.push_str("DOUBLE"),
        Type::DateTime { .. } => out.push_str("DATETIME"),
        Type::Enum(e) => {
            out.push_str("ENUM(");
            for (i, v) in e.variants.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                literal::quote_string(v, true, out);
            }
            out.push(')');
        }
        _ => return generic::render_type(name, ty, ctx, out),
    }
    Ok(())
}

fn mysql_limit(
    c: &mut Compiler<'_>,
    limit: Option<&Expr>,
    offset: Option<&Expr>,
) -> Result<(), CompileError> {
    match (limit, offset) {
        (Some(l), Some(o)) => {
            c.push_sql(" LIMIT ");
            c.visit_count(o)?;
            c.push_sql(", ");
            c.visit_count(l)
        }
        (Some(l), None) => {
            c.push_sql(" LIMIT ");
            c.visit_count(l)
        }
        (None, Some(o)) => {
            c.push_sql(" LIMIT ");
            c.visit_count(o)?;
            c.push_sql(", 18446744073709551615");
            Ok(())
        }
        (None, None) => Ok(()),
    }
}

fn mysql_for_update(c: &mut Compiler<'_>, f: &ForUpdate, of_ok: bool) -> Result<(), CompileError> {
    if f.key_share {
        return Err(c.unsupported("FOR NO KEY UPDATE / FOR KEY SHARE"));
    }
    if !f.of.is_empty() && !of_ok {
        return Err(c.unsupported("FOR UPDATE OF"));
    }
    let plain_share = f.read && f.of.is_empty() && !f.nowait && !f.skip_locked;
    if plain_share {
        c.push_sql(" LOCK IN SHARE MODE");
        return Ok(());
    }
    if f.read && !of_ok {
        // MariaDB: LOCK IN SHARE MODE takes NOWAIT / SKIP LOCKED.
        c.push_sql(" LOCK IN SHARE MODE");
    } else {
        c.push_sql(if f.read { " FOR SHARE" } else { " FOR UPDATE" });
        generic::lock_of(c, f)?;
    }
    generic::lock_wait(c, f);
    Ok(())
}

fn mysql_function(c: &mut Compiler<'_>, f: &Function) -> Result<bool, CompileError> {
    match f.known {
        Some(Known::Random) => {
            c.push_sql("rand");
            c.function_args(f)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

macro_rules! mysql_family {
    ($ty:ty, $name:expr, $_unused:tt, $of_ok:expr) => {
        impl Dialect for $ty {
            fn name(&self) -> &str {
                $name
            }
            fn caps(&self) -> &Capabilities {
                self.caps_ref()
            }
            fn render_type(
                &self,
                ty: &Type,
                ctx: TypeContext,
                out: &mut String,
            ) -> Result<(), CompileError> {
                mysql_type(self.name(), ty, ctx, out)
            }
            fn render_limit_offset(
                &self,
                c: &mut Compiler<'_>,
                limit: Option<&Expr>,
                offset: Option<&Expr>,
            ) -> Result<(), CompileError> {
                mysql_limit(c, limit, offset)
            }
            fn render_function(
                &self,
                c: &mut Compiler<'_>,
                f: &Function,
            ) -> Result<bool, CompileError> {
                mysql_function(c, f)
            }
            fn render_for_update(
                &self,
                c: &mut Compiler<'_>,
                f: &ForUpdate,
            ) -> Result<(), CompileError> {
                mysql_for_update(c, f, $of_ok)
            }
        }
    };
}

impl Mysql {
    fn caps_ref(&self) -> &Capabilities {
        &MYSQL
    }
}
impl Mariadb {
    fn caps_ref(&self) -> &Capabilities {
        &MARIADB
    }
}
impl MariadbVersion {
    fn caps_ref(&self) -> &Capabilities {
        &self.caps
    }
}

mysql_family!(Mysql, "mysql", (), true);
mysql_family!(Mariadb, "mariadb", (), false);
mysql_family!(MariadbVersion, "mariadb", (), false);
