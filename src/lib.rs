//! # aludel
//!
//! SQLAlchemy's architecture in Rust. This crate re-exports
//! [`aludel_compiler`] (schema metadata, the expression language and the
//! per-dialect SQL compilers); the engine and ORM build on it.
//!
//! ```
//! use aludel::prelude::*;
//! use aludel::dialect::Sqlite;
//! let meta = MetaData::new();
//! let cars = meta.table("cars")
//!     .column(Column::new("id", Type::Integer).primary_key())
//!     .column(Column::new("name", Type::Text))
//!     .build()?;
//! let c = select(cars.c("name")).filter(cars.c("id").eq(1)).compile(&Sqlite).unwrap();
//! assert_eq!(c.sql, "SELECT cars.name FROM cars WHERE cars.id = ?");
//! # Ok::<(), aludel::SchemaError>(())
//! ```

pub use aludel_compiler::*;

/// The Core guide: building and compiling statements, section by section
/// along the Expression Language part of the SQLAlchemy tutorial. (The same
/// text as `docs/core.md`; every example in it is a tested doc example.)
#[doc = include_str!("../docs/core.md")]
pub mod guide {}

/// The README's example, kept compiling.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
