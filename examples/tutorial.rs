//! The Expression Language part of the SQLAlchemy tutorial, in aludel.
//!
//! Builds the tutorial's statements — the Cars table and its inserts, the
//! filtered and ordered query, the Authors/Books join — and prints each
//! one's SQL and parameters for SQLite, PostgreSQL, MySQL and MariaDB.
//!
//! Run it with `cargo run --example tutorial`.

use aludel::prelude::*;
use aludel::snapshot;
use aludel::stmt::CreateTable;

fn show(title: &str, stmt: impl Into<Statement>) {
    println!("== {title}");
    print!("{}", snapshot::render(&stmt.into(), &snapshot::EXECUTING));
    println!();
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // create & insert table
    let meta = MetaData::new();
    let cars = meta
        .table("Cars")
        .column(Column::new("Id", Type::Integer).primary_key())
        .column(Column::new("Name", Type::String(Some(50))))
        .column(Column::new("Price", Type::Integer))
        .build()?;
    show("CREATE TABLE Cars", CreateTable::new(&cars));

    let data = [
        (1, "Audi", 52642),
        (2, "Mercedes", 57127),
        (3, "Skoda", 9000),
        (4, "Volvo", 29000),
        (5, "Bentley", 350000),
        (6, "Citroen", 21000),
        (7, "Hummer", 41400),
        (8, "Volkswagen", 21600),
    ];
    let (id, name, price) = data[0];
    show(
        "one insert (cars.insert().values(Id=1, Name='Audi', Price=52642))",
        insert(&cars).values([
            ("Id", Expr::from(id)),
            ("Name", Expr::from(name)),
            ("Price", Expr::from(price)),
        ]),
    );
    let all_rows = data.iter().fold(
        insert(&cars).columns(["Id", "Name", "Price"]),
        |ins, &(id, name, price)| ins.row((id, name, price)),
    );
    show("the eight cars in one multi-row insert", all_rows);

    // query table
    let stm = select((cars.c("Name"), cars.c("Price")))
        .filter(and_([
            cars.c("Price").gt(10000),
            cars.c("Name").like("%en"),
        ]))
        .limit(3)
        .order_by(cars.c("Name").asc());
    show("select with and_, like, limit, order_by", stm);

    // join table
    let authors = meta
        .table("Authors")
        .column(Column::new("AuthorId", Type::Integer).primary_key())
        .column(Column::new("Name", Type::String(Some(50))))
        .build()?;
    let books = meta
        .table("Books")
        .column(Column::new("BookId", Type::Integer).primary_key())
        .column(Column::new("Title", Type::String(Some(100))))
        .column(Column::new("AuthorId", Type::Integer).foreign_key("Authors.AuthorId"))
        .build()?;
    show(
        "select([authors.join(books)])",
        select(authors.join(&books)),
    );
    show(
        "the same join, selecting Name and Title",
        select((authors.c("Name"), books.c("Title"))).select_from(authors.join(&books)),
    );
    Ok(())
}
