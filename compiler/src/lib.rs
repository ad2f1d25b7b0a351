//! # aludel-compiler
//!
//! SQLAlchemy Core in Rust: schema metadata, an immutable SQL expression
//! tree, and per-dialect compilers that turn it into SQL text plus bound
//! parameters in one pass. It depends on no database driver, so other ORMs
//! and tools can embed it.
//!
//! ```
//! use aludel_compiler::prelude::*;
//! use aludel_compiler::dialect::{Postgres, Mysql, Sqlite};
//!
//! let meta = MetaData::new();
//! let users = meta.table("users")
//!     .column(Column::new("id", Type::Integer).primary_key())
//!     .column(Column::new("name", Type::String(Some(50))).not_null())
//!     .build()?;
//! let addresses = meta.table("addresses")
//!     .column(Column::new("id", Type::Integer).primary_key())
//!     .column(Column::new("user_id", Type::Integer).foreign_key("users.id"))
//!     .column(Column::new("email_address", Type::String(Some(100))).not_null())
//!     .build()?;
//!
//! let stmt = select((users.c("name"), addresses.c("email_address")))
//!     .select_from(users.join(&addresses))
//!     .filter(users.c("name").like("%ed") & addresses.c("email_address").ne("x"))
//!     .order_by([users.c("name").asc()])
//!     .limit(10);
//!
//! let pg = stmt.compile(&Postgres).unwrap();
//! assert_eq!(pg.sql, "SELECT users.name, addresses.email_address FROM users \
//!     JOIN addresses ON users.id = addresses.user_id \
//!     WHERE users.name LIKE $1 AND addresses.email_address != $2 ORDER BY users.name ASC LIMIT $3");
//! assert_eq!(pg.params, vec![Value::from("%ed"), Value::from("x"), Value::from(10)]);
//! assert!(stmt.compile(&Mysql).unwrap().sql.contains("INNER JOIN"));
//! assert!(stmt.compile(&Sqlite).unwrap().sql.ends_with("LIMIT ? OFFSET ?"));
//! # Ok::<(), aludel_compiler::SchemaError>(())
//! ```

pub mod cache;
pub mod compiled;
pub mod dialect;
pub mod error;
pub mod expr;
pub mod ident;
#[cfg(feature = "sea-query")]
pub mod interop;
pub mod result_columns;
pub mod schema;
pub(crate) mod shared;
pub mod snapshot;
pub mod stmt;
pub mod types;
pub mod value;

pub use compiled::{CompileOptions, Compiled, ParamStyle, ResultColumn};
pub use dialect::{Compiler, Dialect};
pub use error::{CompileError, SchemaError};
pub use expr::{CustomExpr, Expr};
pub use ident::Ident;
pub use result_columns::ResultColumns;
pub use types::Type;
pub use value::Value;

/// Everything needed to declare tables and build statements.
///
/// ```
/// use aludel_compiler::prelude::*;
/// let e = and_([true_(), literal(1).eq(1)]);
/// ```
pub mod prelude {
    pub use crate::expr::{
        Case, Expr, TextClause, Window, and_, bindparam, case, cast, distinct, exists, false_,
        func, literal, literal_column, not_, null, or_, star, text, true_, tuple,
    };
    pub use crate::schema::{Column, ForeignKey, MetaData, Table};
    pub use crate::stmt::{
        Alias, CompoundSelect, Delete, FromItem, Insert, Join, Select, Statement, Update, delete,
        except_, except_all, insert, intersect, intersect_all, select, union, union_all, update,
    };
    pub use crate::types::Type;
    pub use crate::value::Value;
}
