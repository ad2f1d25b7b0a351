//! The SQLAlchemy tutorial's Raw SQL and Expression Language parts, run
//! for real: on embedded SQLite by default, or on the database whose URL is
//! given as the first argument (`postgresql://...`, `mariadb://...`).
//!
//! ```sh
//! cargo run --example tutorial
//! cargo run --example tutorial --features postgres -- postgresql://postgres@127.0.0.1/test
//! ```
//!
//! The engine runs with echo on: every statement and its parameters are
//! logged before it runs.

use aludel::prelude::*;
use aludel::{EngineBuilder, MetaDataExt, Row, create_engine, params, text};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_target(false)
        .without_time()
        .with_writer(std::io::stdout)
        .init();
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "sqlite:///:memory:".to_owned());

    // --- Raw SQL -----------------------------------------------------------
    let plain = create_engine(&url)?;
    let mut con = plain.connect()?;
    let data: Option<i64> = con.execute(text("SELECT 5"))?.scalar()?;
    println!("SELECT 5 -> {data:?}");

    let engine = EngineBuilder::new(&url).echo(true).build()?;
    let mut con = engine.connect()?;
    con.execute(text("DROP TABLE IF EXISTS Books"))?;
    con.execute(text("DROP TABLE IF EXISTS Authors"))?;
    con.execute(text("DROP TABLE IF EXISTS Cars"))?;
    con.execute(text(
        "CREATE TABLE Cars(Id INTEGER PRIMARY KEY, Name TEXT, Price INTEGER)",
    ))?;
    let cars_data = [
        (1, "Audi", 52642),
        (2, "Mercedes", 57127),
        (3, "Skoda", 9000),
        (4, "Volvo", 29000),
        (5, "Bentley", 350000),
        (6, "Citroen", 21000),
        (7, "Hummer", 41400),
        (8, "Volkswagen", 21600),
    ];
    for (id, name, price) in cars_data {
        con.execute_with(
            text("INSERT INTO Cars(Id, Name, Price) VALUES(:Id, :Name, :Price)"),
            params! {"Id" => id, "Name" => name, "Price" => price},
        )?;
    }
    for row in con.execute(text("SELECT * FROM Cars"))? {
        println!(
            "{} {} {}",
            row.get::<i64>("Id")?,
            row.get::<String>("Name")?,
            row.get::<i64>("Price")?
        );
    }

    // --- Expression Language --------------------------------------------
    // Table('Cars', meta, autoload=True): the table the raw SQL created, read
    // back from the database. (PostgreSQL folds the unquoted name to `cars`;
    // column lookups ignore case when the name is unambiguous.)
    let meta = MetaData::new();
    let name = if engine.backend() == aludel::Backend::Postgres {
        "cars"
    } else {
        "Cars"
    };
    let cars = meta.reflect_table(&mut con, name)?;
    println!(
        "reflected {} with columns {:?}",
        cars.fullname(),
        cars.columns()
            .map(|c| c.name().as_str())
            .collect::<Vec<_>>()
    );
    // insert
    con.execute(text("DELETE FROM Cars"))?;
    for (id, name, price) in &cars_data[..3] {
        let ins = insert(&cars).values([
            ("Id", Expr::from(*id)),
            ("Name", Expr::from(*name)),
            ("Price", Expr::from(*price)),
        ]);
        con.execute(ins)?;
    }
    let rest = cars_data[3..]
        .iter()
        .map(|(id, name, price)| params! {"Id" => *id, "Name" => *name, "Price" => *price});
    con.execute_many(insert(&cars), rest)?;

    // query table
    let stm = select((cars.c("Name"), cars.c("Price")))
        .filter(and_([
            cars.c("Price").gt(10000),
            cars.c("Name").like("%en"),
        ]))
        .limit(3)
        .order_by(cars.c("Name").asc());
    for row in con.execute(stm)? {
        println!(
            "{}: {}",
            row.get::<String>("Name")?,
            row.get::<i64>("Price")?
        );
    }

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
    meta.create_all(&mut con)?;
    con.execute(insert(&authors).values_many([
        [
            ("AuthorId", Expr::from(1)),
            ("Name", Expr::from("Jane Austen")),
        ],
        [
            ("AuthorId", Expr::from(2)),
            ("Name", Expr::from("Leo Tolstoy")),
        ],
    ]))?;
    con.execute(
        insert(&books)
            .columns(["BookId", "Title", "AuthorId"])
            .row((1, "Emma", 1))
            .row((2, "Pride and Prejudice", 1))
            .row((3, "War and Peace", 2)),
    )?;
    let stm = select(authors.join(&books)).order_by(books.c("BookId"));
    let rows: Vec<Row> = con.execute(stm)?.all();
    for row in rows {
        println!(
            "{} {}",
            row.get::<String>("Name")?,
            row.get::<String>("Title")?
        );
    }
    meta.drop_all(&mut con)?;
    Ok(())
}
