//! The DDL snapshot cases and their fixture ([`DdlFixture`]).

use aludel_compiler::expr::func;
use aludel_compiler::prelude::*;
use aludel_compiler::schema::{
    CheckConstraint, FkAction, ForeignKeyConstraint, Identity, Index, PrimaryKeyConstraint,
    ServerDefault, UniqueConstraint,
};
use aludel_compiler::stmt::{CreateIndex, CreateTable, DropIndex, DropTable, SetComment};

use super::{Cases, SnapshotCase, db};

/// The tables and indexes of the DDL snapshots (apart from [`Db`]'s).
pub(crate) struct DdlFixture {
    /// `products`, `order_lines`, `big` and `notes`, with `big`'s index.
    pub(crate) meta: MetaData,
    pub(crate) products: Table,
    pub(crate) lines: Table,
    pub(crate) big: Table,
    pub(crate) notes: Table,
    /// An expression index on `products`.
    pub(crate) ix: Index,
    /// A unique index on `order_lines`.
    pub(crate) ux: Index,
}

/// Declares the DDL fixture.
pub(crate) fn ddl_fixture() -> DdlFixture {
    let meta = MetaData::new();
    let products = meta
        .table("products")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("sku", Type::String(Some(32))).not_null())
        .column(
            Column::new("price", Type::numeric(10, 2))
                .not_null()
                .server_default(ServerDefault::Text("0".into())),
        )
        .column(Column::new("qty", Type::Integer).not_null().default(0))
        .column(
            Column::new("active", Type::Boolean)
                .not_null()
                .server_default(ServerDefault::Value(Value::Bool(true))),
        )
        .column(
            Column::new("created_at", Type::datetime())
                .server_default(ServerDefault::Expr(func::now())),
        )
        .column(
            Column::new("stamp", Type::DateTime { timezone: true })
                .server_default(ServerDefault::Expr(func::current_timestamp())),
        )
        .column(Column::new(
            "mood",
            Type::enumeration("mood", ["happy", "sad"]),
        ))
        .column(Column::new("doc", Type::Json))
        .column(Column::new("uid", Type::Uuid))
        .column(Column::new("blob", Type::LargeBinary))
        .column(Column::new("notes", Type::Text))
        .constraint(UniqueConstraint::new(["sku"]).name("uq_products_sku"))
        .constraint(CheckConstraint::new("price >= 0").name("ck_price"))
        .constraint(CheckConstraint::new("qty >= 0"))
        .build()
        .expect("products");
    let lines = meta
        .table("order_lines")
        .column(Column::new("order_id", Type::Integer).not_null())
        .column(Column::new("line_no", Type::Integer).not_null())
        .column(Column::new("sku", Type::String(Some(32))).not_null())
        .column(
            Column::new("amount", Type::numeric(12, 2))
                .not_null()
                .server_default(ServerDefault::Raw("0.00".into())),
        )
        .primary_key_constraint(
            PrimaryKeyConstraint::new(["order_id", "line_no"]).name("pk_order_lines"),
        )
        .constraint(
            ForeignKeyConstraint::new(["sku"], "products", ["sku"])
                .name("fk_lines_sku")
                .on_update(FkAction::Cascade)
                .on_delete(FkAction::Restrict),
        )
        .build()
        .expect("order_lines");
    let big = meta
        .table("big")
        .column(
            Column::new("id", Type::BigInteger)
                .identity(Identity {
                    start: Some(1),
                    increment: Some(1),
                    ..Default::default()
                })
                .primary_key(),
        )
        .column(Column::new("small", Type::SmallInteger))
        .column(Column::new("ratio", Type::Float))
        .column(Column::new("day", Type::Date))
        .column(Column::new("tod", Type::Time))
        .column(
            Column::new("label", Type::String(Some(10)))
                .unique()
                .index(),
        )
        .build()
        .expect("big");
    let notes = meta
        .table("notes")
        .comment("free-form notes")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("body", Type::Text).comment("it's markdown"))
        .column(
            Column::new("day", Type::Date)
                .server_default(ServerDefault::Expr(func::current_date())),
        )
        .build()
        .expect("notes");
    let ix = Index::new(
        "ix_products_lower_sku_desc_id",
        &products,
        [func::lower(products.c("sku")), products.c("id").desc()],
    );
    let ux = Index::new("ux_lines", &lines, [lines.c("order_id"), lines.c("sku")]).unique();
    DdlFixture {
        meta,
        products,
        lines,
        big,
        notes,
        ix,
        ux,
    }
}

/// The DDL snapshots.
pub(crate) fn ddl(f: &DdlFixture) -> Vec<SnapshotCase> {
    let mut c = Cases::default();
    c.check(
        "ddl_create_table_comments_keyword_default",
        CreateTable::new(&f.notes),
    );
    let d = db();
    c.check(
        "ddl_create_table_constraints_defaults",
        CreateTable::new(&f.products),
    );
    c.check(
        "ddl_create_table_composite_pk_named_fk",
        CreateTable::new(&f.lines),
    );
    c.check("ddl_create_table_identity_types", CreateTable::new(&f.big));
    c.check(
        "ddl_create_table_if_not_exists",
        CreateTable::new(&d.users).if_not_exists(),
    );
    c.check("ddl_create_table_fk", CreateTable::new(&d.addresses));
    c.check("ddl_create_table_schema_self_fk", CreateTable::new(&d.emp));
    c.check("ddl_drop_table", DropTable::new(&d.users));
    c.check(
        "ddl_drop_table_if_exists",
        DropTable::new(&d.emp).if_exists(),
    );
    c.check("ddl_create_index_expressions", CreateIndex::new(&f.ix));
    c.check("ddl_create_unique_index", CreateIndex::new(&f.ux));
    c.check(
        "ddl_create_index_if_not_exists",
        CreateIndex::new(&f.ix).if_not_exists(),
    );
    c.check("ddl_drop_index", DropIndex::new(&f.ix));
    c.check("ddl_set_table_comment", SetComment::table(&f.notes));
    c.check(
        "ddl_set_column_comment",
        SetComment::column(&f.notes, "body").expect("notes.body"),
    );
    // declared without a comment: the statement removes the database's
    c.check(
        "ddl_remove_column_comment",
        SetComment::column(&f.notes, "day").expect("notes.day"),
    );
    c.check("ddl_remove_table_comment_schema", SetComment::table(&d.emp));
    c.0
}
