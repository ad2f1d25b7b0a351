//! # aludel
//!
//! SQLAlchemy's architecture in Rust. This crate re-exports
//! [`aludel_compiler`] (schema metadata, the expression language and the
//! per-dialect SQL compilers) and adds the [`Engine`]: connections to
//! SQLite (embedded, the default), PostgreSQL and MySQL/MariaDB, pooled,
//! with transactions, results, schema creation and reflection.
//!
//! ```
//! use aludel::prelude::*;
//! use aludel::{create_engine, MetaDataExt};
//! let meta = MetaData::new();
//! let cars = meta.table("cars")
//!     .column(Column::new("id", Type::Integer).primary_key())
//!     .column(Column::new("name", Type::Text))
//!     .build()?;
//! let engine = create_engine("sqlite:///:memory:")?;
//! meta.create_all(&engine)?;
//! let mut conn = engine.connect()?;
//! conn.execute(insert(&cars).values([("name", "Audi")]))?;
//! let name: Option<String> = conn.execute(select(cars.c("name")).filter(cars.c("id").eq(1)))?.scalar()?;
//! assert_eq!(name.as_deref(), Some("Audi"));
//! # Ok::<(), aludel::Error>(())
//! ```

pub use aludel_compiler::*;

pub mod engine;
mod errors;
pub mod reflect;
mod schema_ops;

#[cfg(feature = "serde")]
pub use engine::Serialized;
pub use engine::{
    Backend, CacheStats, Columns, Connection, Engine, EngineBuilder, FromRow, FromValue,
    IntoParams, IsolationLevel, Params, ResultSet, Row, RowCell, RowIndex, RowRef, Transaction,
    Url, ValueRef, create_engine,
};
pub use errors::{DatabaseError, Error, ErrorKind, Result};
pub use expr::text;
pub use reflect::{ReflectExt, reflect_all, reflect_table};
pub use schema_ops::{Bind, MetaDataExt};

/// Everything needed to declare tables, build statements and run them.
///
/// ```
/// use aludel::prelude::*;
/// let engine = create_engine("sqlite:///:memory:")?;
/// # Ok::<(), aludel::Error>(())
/// ```
pub mod prelude {
    pub use crate::{Engine, MetaDataExt, ReflectExt, Row, create_engine, params};
    pub use aludel_compiler::prelude::*;
}

/// The Core guide: building and compiling statements, section by section
/// along the Expression Language part of the SQLAlchemy tutorial. (The same
/// text as `docs/core.md`; every example in it is a tested doc example.)
#[doc = include_str!("../docs/core.md")]
pub mod guide {}

/// The Engine guide: URLs, pooling, executing, results, types,
/// transactions, errors, echo, the statement cache, schema and reflection.
/// (The same text as `docs/engine.md`, every example tested.)
#[doc = include_str!("../docs/engine.md")]
pub mod engine_guide {}

/// The README's example, kept compiling.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
