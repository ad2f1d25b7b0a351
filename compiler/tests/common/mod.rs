//! The fixed schema of the conformance cases (`/work/shared/conformance/schema.py`)
//! declared with aludel's schema API, the statements of the conformance
//! cases ([`cases`]) and of the snapshot cases ([`snapshot_cases`]) built on
//! it. Shared by the compiler's tests and the root crate's live-database run
//! (`tests/live_cases/`), so it depends on aludel's compiler and
//! `rust_decimal` only; the SQLite helpers are in `sqlite.rs`.

// Shared by integration tests: not every test crate uses every table.
#![allow(dead_code)]

pub(crate) mod cases;
pub(crate) mod snapshot_cases;

use aludel_compiler::SchemaError;
use aludel_compiler::prelude::*;
use aludel_compiler::schema::{
    CheckConstraint, ColumnDefault, FkAction, ForeignKey, ForeignKeyConstraint, Identity, Index,
    PrimaryKeyConstraint, ServerDefault, UniqueConstraint,
};

/// Every table of `schema.py`.
pub(crate) struct Schema {
    /// `metadata`: every table the DML cases use.
    pub(crate) metadata: MetaData,
    pub(crate) users: Table,
    pub(crate) addresses: Table,
    pub(crate) cars: Table,
    pub(crate) authors: Table,
    pub(crate) books: Table,
    pub(crate) posts: Table,
    pub(crate) keywords: Table,
    pub(crate) post_keywords: Table,
    /// `"order"`: reserved words, quote characters, spaces and mixed case.
    pub(crate) order_tbl: Table,
    /// `"UserAccounts"`.
    pub(crate) mixed_tbl: Table,
    /// `hr.employees`, self-referential.
    pub(crate) employees: Table,
    pub(crate) products: Table,
    pub(crate) ix_products_name: Index,
    pub(crate) ix_products_status_price: Index,
    pub(crate) typed_things: Table,
    /// `ddl_metadata`: DDL-only tables.
    pub(crate) ddl_metadata: MetaData,
    pub(crate) order_lines: Table,
    /// The `products(sku)` copy in `ddl_metadata` that `order_lines` references.
    pub(crate) ddl_products: Table,
}

fn varchar(n: u32) -> Type {
    Type::String(Some(n))
}

fn int_pk(name: &str) -> Column {
    Column::new(name, Type::Integer).primary_key()
}

impl Schema {
    /// Declares the whole schema, table by table as `schema.py` does.
    pub(crate) fn new() -> Result<Schema, SchemaError> {
        let metadata = MetaData::new();
        let users = users(&metadata)?;
        let addresses = addresses(&metadata)?;
        let cars = cars(&metadata)?;
        let authors = authors(&metadata)?;
        let books = books(&metadata)?;
        let posts = posts(&metadata)?;
        let keywords = keywords(&metadata)?;
        let post_keywords = post_keywords(&metadata)?;
        let order_tbl = order_tbl(&metadata)?;
        let mixed_tbl = mixed_tbl(&metadata)?;
        let employees = employees(&metadata)?;
        let products = products(&metadata)?;
        let ix_products_name = Index::new("ix_products_name", &products, [products.c("name")]);
        let ix_products_status_price = Index::new(
            "ix_products_status_price",
            &products,
            [products.c("status"), products.c("price").desc()],
        );
        metadata.add_index(ix_products_name.clone())?;
        metadata.add_index(ix_products_status_price.clone())?;
        let typed_things = typed_things(&metadata)?;

        let ddl_metadata = MetaData::new();
        let order_lines = order_lines(&ddl_metadata)?;
        let ddl_products = ddl_metadata
            .table("products")
            .column(Column::new("sku", varchar(32)).primary_key())
            .build()?;

        Ok(Schema {
            metadata,
            users,
            addresses,
            cars,
            authors,
            books,
            posts,
            keywords,
            post_keywords,
            order_tbl,
            mixed_tbl,
            employees,
            products,
            ix_products_name,
            ix_products_status_price,
            typed_things,
            ddl_metadata,
            order_lines,
            ddl_products,
        })
    }
}

fn users(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("users")
        .column(int_pk("id"))
        .column(Column::new("name", varchar(50)).not_null())
        .column(Column::new("fullname", varchar(100)))
        .column(Column::new("nickname", varchar(50)))
        .build()
}

fn addresses(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("addresses")
        .column(int_pk("id"))
        .column(
            Column::new("user_id", Type::Integer)
                .foreign_key("users.id")
                .not_null(),
        )
        .column(Column::new("email_address", varchar(100)).not_null())
        .build()
}

/// Mixed-case column names.
fn cars(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("cars")
        .column(int_pk("Id"))
        .column(Column::new("Name", varchar(50)))
        .column(Column::new("Price", Type::Integer))
        .build()
}

fn authors(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("authors")
        .column(int_pk("id"))
        .column(Column::new("name", varchar(100)).not_null())
        .column(Column::new("born", Type::Integer))
        .build()
}

fn books(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("books")
        .column(int_pk("id"))
        .column(
            Column::new("author_id", Type::Integer)
                .foreign_key("authors.id")
                .not_null(),
        )
        .column(Column::new("title", varchar(200)).not_null())
        .column(Column::new("year", Type::Integer))
        .column(Column::new("price", Type::numeric(10, 2)))
        .build()
}

fn posts(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("posts")
        .column(int_pk("id"))
        .column(Column::new("title", varchar(200)).not_null())
        .column(Column::new("body", Type::Text))
        .column(
            Column::new("published", Type::Boolean)
                .not_null()
                .default(false),
        )
        .column(
            Column::new("views", Type::Integer)
                .not_null()
                .server_default(ServerDefault::Text("0".into())),
        )
        .build()
}

fn keywords(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("keywords")
        .column(int_pk("id"))
        .column(Column::new("keyword", varchar(50)).not_null().unique())
        .build()
}

fn post_keywords(metadata: &MetaData) -> Result<Table, SchemaError> {
    let cascade = |target: &str| ForeignKey::new(target).on_delete(FkAction::Cascade);
    metadata
        .table("post_keywords")
        .column(
            Column::new("post_id", Type::Integer)
                .foreign_key(cascade("posts.id"))
                .primary_key(),
        )
        .column(
            Column::new("keyword_id", Type::Integer)
                .foreign_key(cascade("keywords.id"))
                .primary_key(),
        )
        .build()
}

/// Reserved words, embedded quote characters, spaces, mixed case.
fn order_tbl(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("order")
        .column(int_pk("id"))
        .column(Column::new("user", varchar(50)))
        .column(Column::new("select", Type::Integer))
        .column(Column::new("From", varchar(20)))
        .column(Column::new("quote\"d", varchar(20)))
        .column(Column::new("back`tick", varchar(20)))
        .column(Column::new("has space", Type::Integer))
        .column(Column::new("MixedCase", Type::Integer))
        .column(Column::new("table", Type::Integer))
        .build()
}

fn mixed_tbl(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("UserAccounts")
        .column(int_pk("AccountId"))
        .column(Column::new("lowercase", varchar(30)))
        .column(Column::new("UPPERCASE", varchar(30)))
        .column(Column::new("camelCase", varchar(30)))
        .build()
}

/// Schema-qualified, self-referential.
fn employees(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("employees")
        .schema("hr")
        .column(int_pk("emp_id"))
        .column(Column::new("name", varchar(100)).not_null())
        .column(Column::new("manager_id", Type::Integer).foreign_key("hr.employees.emp_id"))
        .column(Column::new("dept", varchar(30)))
        .column(Column::new("salary", Type::numeric(10, 2)))
        .build()
}

/// DDL-oriented: client and server defaults, `onupdate`, checks, a named unique.
fn products(metadata: &MetaData) -> Result<Table, SchemaError> {
    metadata
        .table("products")
        .column(int_pk("id"))
        .column(Column::new("sku", varchar(32)).not_null())
        .column(Column::new("name", varchar(100)).not_null())
        .column(
            Column::new("price", Type::numeric(10, 2))
                .not_null()
                .server_default(ServerDefault::Text("0".into())),
        )
        .column(Column::new("qty", Type::Integer).not_null().default(0))
        .column(Column::new("status", varchar(20)).not_null().default("new"))
        .column(
            Column::new("active", Type::Boolean)
                .not_null()
                .server_default(ServerDefault::Expr(true_())),
        )
        .column(
            Column::new("created_at", Type::datetime())
                .server_default(ServerDefault::Expr(func::now())),
        )
        .column(
            Column::new("updated_at", Type::datetime()).onupdate(ColumnDefault::Expr(func::now())),
        )
        .column(Column::new("notes", Type::Text).nullable(true))
        .constraint(UniqueConstraint::new(["sku"]).name("uq_products_sku"))
        .constraint(CheckConstraint::new("price >= 0").name("ck_products_price_nonneg"))
        .constraint(CheckConstraint::new("qty >= 0"))
        .build()
}

fn typed_things(metadata: &MetaData) -> Result<Table, SchemaError> {
    let identity = Identity {
        always: false,
        start: Some(1),
        increment: Some(1),
    };
    metadata
        .table("typed_things")
        .column(
            Column::new("id", Type::BigInteger)
                .identity(identity)
                .primary_key(),
        )
        .column(Column::new("small", Type::SmallInteger))
        .column(Column::new("ratio", Type::Float))
        .column(Column::new("day", Type::Date))
        .column(Column::new("tod", Type::Time))
        .column(Column::new("blob", Type::LargeBinary))
        .column(Column::new("uname", Type::Unicode(Some(40))))
        .column(Column::new("utext", Type::UnicodeText))
        .column(Column::new(
            "mood",
            Type::enumeration("mood_enum", ["happy", "sad"]),
        ))
        .column(Column::new("flag", Type::Boolean))
        .build()
}

/// `order_lines` of `ddl_metadata`: named composite primary key and foreign key.
fn order_lines(ddl_metadata: &MetaData) -> Result<Table, SchemaError> {
    ddl_metadata
        .table("order_lines")
        .column(Column::new("order_id", Type::Integer).not_null())
        .column(Column::new("line_no", Type::Integer).not_null())
        .column(Column::new("product_sku", varchar(32)).not_null())
        .column(
            Column::new("amount", Type::numeric(12, 2))
                .not_null()
                .server_default(ServerDefault::Raw("0.00".into())),
        )
        .primary_key_constraint(
            PrimaryKeyConstraint::new(["order_id", "line_no"]).name("pk_order_lines"),
        )
        .constraint(
            ForeignKeyConstraint::new(["product_sku"], "products", ["sku"])
                .name("fk_order_lines_sku")
                .on_update(FkAction::Cascade)
                .on_delete(FkAction::Restrict),
        )
        .build()
}

/// What a DDL case acts on, so it can run on a database prepared for it.
pub(crate) struct DdlTarget<'a> {
    /// The metadata of the table (and of the tables it references).
    pub(crate) metadata: &'a MetaData,
    /// The table the case creates, drops or indexes.
    pub(crate) table: &'a Table,
    /// Statements to run before the case (the index a `DROP INDEX` drops).
    pub(crate) before: Vec<Statement>,
}
