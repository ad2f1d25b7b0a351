//! The snapshot cases (`snapshots/` at the workspace root): every construct
//! built on the snapshot fixture ([`Db`], [`DdlFixture`]), with the options
//! it is compiled with. Shared by the snapshot test and the live-database
//! run of the root crate.

mod ddl;
mod dml;
mod expressions;
mod selects;

use aludel_compiler::CompileOptions;
use aludel_compiler::prelude::*;
use aludel_compiler::stmt::CreateIndex;

use super::DdlTarget;

pub(crate) use ddl::{DdlFixture, ddl, ddl_fixture};
pub(crate) use dml::inserts_updates_deletes;
pub(crate) use expressions::{expressions, windows};
pub(crate) use selects::{ctes_and_set_operations, joins, selects, subqueries};

/// A snapshot case: its name, its statement and the options it is compiled with.
pub(crate) type SnapshotCase = (&'static str, Statement, CompileOptions);

/// Collects the cases of a group, in order.
#[derive(Default)]
struct Cases(Vec<SnapshotCase>);

impl Cases {
    fn check(&mut self, name: &'static str, stmt: impl Into<Statement>) {
        self.check_with(name, stmt, &CompileOptions::new());
    }

    fn check_with(
        &mut self,
        name: &'static str,
        stmt: impl Into<Statement>,
        options: &CompileOptions,
    ) {
        self.0.push((name, stmt.into(), options.clone()));
    }
}

/// The snapshot fixture: `users`, `addresses`, `"order"`, `hr.employees`, `flags`.
pub(crate) struct Db {
    pub(crate) meta: MetaData,
    pub(crate) users: Table,
    pub(crate) addresses: Table,
    pub(crate) orders: Table,
    pub(crate) emp: Table,
    pub(crate) flags: Table,
}

/// Declares the snapshot fixture.
pub(crate) fn db() -> Db {
    let meta = MetaData::new();
    let users = meta
        .table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("name", Type::String(Some(50))).not_null())
        .column(Column::new("fullname", Type::String(Some(100))))
        .column(Column::new("nickname", Type::String(Some(50))))
        .build()
        .expect("users");
    let addresses = meta
        .table("addresses")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(
            Column::new("user_id", Type::Integer)
                .foreign_key("users.id")
                .not_null(),
        )
        .column(Column::new("email_address", Type::String(Some(100))).not_null())
        .build()
        .expect("addresses");
    let orders = meta
        .table("order")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("user", Type::String(Some(50))))
        .column(Column::new("Total", Type::numeric(10, 2)))
        .column(Column::new("placed at", Type::datetime()))
        .build()
        .expect("order");
    let emp = meta
        .table("employees")
        .schema("hr")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("boss", Type::Integer).foreign_key("hr.employees.id"))
        .column(Column::new("dept", Type::String(Some(30))))
        .column(Column::new("salary", Type::numeric(10, 2)))
        .build()
        .expect("employees");
    let flags = meta
        .table("flags")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("on", Type::Boolean).not_null())
        .build()
        .expect("flags");
    Db {
        meta,
        users,
        addresses,
        orders,
        emp,
        flags,
    }
}

/// Every snapshot case, group by group.
pub(crate) fn all() -> Vec<SnapshotCase> {
    let mut out = expressions();
    out.extend(windows());
    out.extend(selects());
    out.extend(joins());
    out.extend(subqueries());
    out.extend(ctes_and_set_operations());
    out.extend(inserts_updates_deletes());
    out.extend(ddl(&ddl_fixture()));
    out
}

/// What a DDL snapshot case acts on; `None` for the other cases.
pub(crate) fn ddl_target<'a>(name: &str, d: &'a Db, f: &'a DdlFixture) -> Option<DdlTarget<'a>> {
    let (metadata, table) = match name {
        "ddl_create_table_comments_keyword_default"
        | "ddl_set_table_comment"
        | "ddl_set_column_comment"
        | "ddl_remove_column_comment" => (&f.meta, &f.notes),
        "ddl_create_table_constraints_defaults"
        | "ddl_create_index_expressions"
        | "ddl_create_index_if_not_exists"
        | "ddl_drop_index" => (&f.meta, &f.products),
        "ddl_create_table_composite_pk_named_fk" | "ddl_create_unique_index" => (&f.meta, &f.lines),
        "ddl_create_table_identity_types" => (&f.meta, &f.big),
        "ddl_create_table_if_not_exists" | "ddl_drop_table" => (&d.meta, &d.users),
        "ddl_create_table_fk" => (&d.meta, &d.addresses),
        "ddl_create_table_schema_self_fk"
        | "ddl_drop_table_if_exists"
        | "ddl_remove_table_comment_schema" => (&d.meta, &d.emp),
        _ => return None,
    };
    let before = match name {
        "ddl_drop_index" => vec![CreateIndex::new(&f.ix).into()],
        _ => Vec::new(),
    };
    Some(DdlTarget {
        metadata,
        table,
        before,
    })
}
