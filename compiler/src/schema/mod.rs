//! Schema metadata: [`MetaData`], [`Table`], [`Column`], foreign keys,
//! constraints and indexes.

mod column;
mod constraint;
mod index;
mod metadata;
mod table;
mod table_ref;

pub use column::{Autoincrement, Column, ColumnDefault, Identity, ServerDefault};
pub use constraint::{
    CheckConstraint, Constraint, FkAction, FkTarget, ForeignKey, ForeignKeyConstraint,
    PrimaryKeyConstraint, UniqueConstraint,
};
pub use index::Index;
pub use metadata::MetaData;
pub use table::{Table, TableBuilder};
pub(crate) use table_ref::TableRef;

/// A table of integer columns in `meta`, for the crate's unit tests.
#[cfg(test)]
pub(crate) fn int_table(meta: &MetaData, name: &str, columns: &[&str]) -> Table {
    columns
        .iter()
        .fold(meta.table(name), |b, c| {
            b.column(Column::new(c, crate::types::Type::Integer))
        })
        .build()
        .expect("a valid table")
}
