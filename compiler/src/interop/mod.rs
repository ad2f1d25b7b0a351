//! Running aludel-built SQL through other database libraries.
//!
//! aludel-compiler depends on no driver: a compiled statement is SQL text
//! plus a list of [`Value`](crate::Value)s. This module converts those
//! values into the parameter types of other libraries, so a project that
//! already has a connection (a SeaORM `DatabaseConnection`, a sea-query
//! binder, ...) can build a statement with aludel and execute it there.
//!
//! # sea-query and SeaORM
//!
//! With the `sea-query` Cargo feature (`aludel-compiler/sea-query`, or
//! `sea-query` on the `aludel` crate),
//! [`Compiled::sea_query_values`](crate::Compiled::sea_query_values) turns a
//! compiled statement's parameters into [`::sea_query::Values`], and
//! every [`Value`](crate::Value) converts into a [`::sea_query::Value`] with
//! `From`. The optional value types follow the compiler's features:
//! `decimal`, `chrono`, `json` and `uuid` enable sea-query's
//! `with-rust_decimal`, `with-chrono`, `with-json` and `with-uuid`.
//!
//! ```
//! use aludel_compiler::prelude::*;
//! use aludel_compiler::dialect::Postgres;
//!
//! let meta = MetaData::new();
//! let users = meta.table("users")
//!     .column(Column::new("id", Type::Integer).primary_key())
//!     .column(Column::new("name", Type::String(Some(50))))
//!     .build()?;
//! let stmt = select(users.c("name")).filter(users.c("id").eq(5)).limit(1);
//! let compiled = stmt.compile(&Postgres).unwrap();
//! assert_eq!(compiled.sql, "SELECT users.name FROM users WHERE users.id = $1 LIMIT $2");
//!
//! let values: sea_query::Values = compiled.sea_query_values()?;
//! assert_eq!(values.0, vec![sea_query::Value::BigInt(Some(5)), sea_query::Value::BigInt(Some(1))]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With SeaORM, the SQL and the values make a raw statement for the
//! connection it already has:
//! `sea_orm::Statement::from_sql_and_values(DbBackend::Postgres, compiled.sql, values)`,
//! then `db.execute(stmt)` or `db.query_all(stmt)`. Compile for the dialect
//! of that backend and keep the dialect's default parameter style (`$1` on
//! PostgreSQL, `?` on MySQL and SQLite), which is the one sea-query's
//! binders expect.
//!
//! Two things to know:
//!
//! - Named parameters left without a value (a
//!   [`bindparam`](crate::expr::bindparam) with no value, or a column of an
//!   INSERT given none) make `sea_query_values` an error naming them; fill
//!   them with [`Compiled::bind_named`](crate::Compiled::bind_named) before
//!   converting.
//! - aludel's [`Value::Null`](crate::Value::Null) has no type, while every
//!   sea-query value has one; it becomes `sea_query::Value::String(None)`.
//!   SQLite and MySQL accept that anywhere. On PostgreSQL through sqlx a NULL
//!   is then sent as a `text` parameter, so one compared with or assigned to
//!   a non-text column needs a cast in the SQL (for example
//!   [`cast`](crate::expr::cast)).
//!
//! sqlx's own argument types (`PgArguments`, ...) are not provided: sqlx is
//! a large async dependency, and SeaORM users reach sqlx through sea-query's
//! values anyway.

pub mod sea_query;
