//! Schema metadata: [`MetaData`], [`Table`], [`Column`], foreign keys,
//! constraints and indexes.

mod column;
mod constraint;
mod index;
mod metadata;
mod table;

pub use column::{Autoincrement, Column, ColumnDefault, Identity, ServerDefault};
pub use constraint::{
    CheckConstraint, Constraint, FkAction, FkTarget, ForeignKey, ForeignKeyConstraint,
    PrimaryKeyConstraint, UniqueConstraint,
};
pub use index::Index;
pub use metadata::MetaData;
pub use table::{Table, TableBuilder};
