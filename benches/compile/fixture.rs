//! Dialects and statements: the dialects, the spec's statements, their
//! parameter values and the tables and inputs built once (`Fix`).

use aludel::dialect::{Mysql, Postgres, Sqlite};
use aludel::prelude::*;
use aludel::{Dialect, Value};

use crate::verify::{P, spec_values};

// ---------------------------------------------------------------------------
// Dialects and statements
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum D {
    Pg,
    My,
    Lite,
}

pub(crate) const DIALECTS: [D; 3] = [D::Pg, D::My, D::Lite];

impl D {
    pub(crate) fn short(self) -> &'static str {
        match self {
            D::Pg => "pg",
            D::My => "mysql",
            D::Lite => "sqlite",
        }
    }
    pub(crate) fn aludel(self) -> &'static dyn Dialect {
        match self {
            D::Pg => &Postgres,
            D::My => &Mysql,
            D::Lite => &Sqlite,
        }
    }
}

/// A statement of the spec; S6 carries the index of its size in `Fix::s6`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum St {
    S1,
    S2,
    S3,
    S4,
    S5,
    S6(usize),
}

pub(crate) const S6_SIZES: [usize; 3] = [10, 100, 1000];

impl St {
    pub(crate) fn all() -> Vec<St> {
        let mut v = vec![St::S1, St::S2, St::S3, St::S4, St::S5];
        v.extend((0..S6_SIZES.len()).map(St::S6));
        v
    }
    pub(crate) fn label(self) -> String {
        match self {
            St::S6(i) => format!("S6 N={}", S6_SIZES[i]),
            s => format!("{s:?}"),
        }
    }
    pub(crate) fn group(self, d: D) -> String {
        match self {
            St::S6(i) => format!("S6-N{}-{}", S6_SIZES[i], d.short()),
            s => format!("{s:?}-{}", d.short()),
        }
    }
}

// Parameter values of the statements (the spec leaves them open).
pub(crate) const S1_ID: i64 = 5;
pub(crate) const S2_NAME: &str = "%ed";
pub(crate) const S2_EMAIL: &str = "ed@example.com";
pub(crate) const S2_ID: i64 = 10;
pub(crate) const S2_LIMIT: u64 = 10;
pub(crate) const S2_OFFSET: u64 = 20;
pub(crate) const S4_NAME: &str = "ed";
pub(crate) const S4_FULLNAME: &str = "Ed Jones";
pub(crate) const S4_ID: i64 = 5;
pub(crate) const S5_PATTERN: &str = "%@example.com";
pub(crate) const S3_ROWS: usize = 10;

/// Everything built once: tables, input values, and the values the floor
/// clones (the analogue of a statement already built).
pub(crate) struct Fix {
    pub(crate) users: Table,
    pub(crate) addresses: Table,
    pub(crate) s3_rows: Vec<(i64, String, String, String)>,
    pub(crate) s6: Vec<S6Fix>,
    /// Per statement (`St` order of `St::all`), the values the floor binds.
    floor_values: Vec<Vec<Value>>,
}

pub(crate) struct S6Fix {
    pub(crate) n: usize,
    pub(crate) t: Table,
    /// `c1` .. `cN`, leaked once so sea-query sees `&'static str` identifiers
    /// (no per-build allocation for them, like a derived `Iden`).
    pub(crate) names: Vec<&'static str>,
}

impl Fix {
    /// The fixture; with `pinned`, its tables are pinned by [`Table::leak`]
    /// (a schema declared once for the program, as sea-query's identifiers
    /// are `'static`), else counted (each column expression's table handle
    /// is an atomic count update when cloned and dropped).
    pub(crate) fn new(pinned: bool) -> Fix {
        let pin = |t: Table| if pinned { t.leak() } else { t };
        let meta = MetaData::new();
        let users = meta
            .table("users")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("name", Type::String(Some(50))))
            .column(Column::new("fullname", Type::String(Some(100))))
            .column(Column::new("nickname", Type::String(Some(50))))
            .build()
            .expect("users table");
        let addresses = meta
            .table("addresses")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("user_id", Type::Integer).foreign_key("users.id"))
            .column(Column::new("email_address", Type::String(Some(100))).not_null())
            .build()
            .expect("addresses table");
        let s3_rows: Vec<(i64, String, String, String)> = (1..=S3_ROWS as i64)
            .map(|i| {
                (
                    i,
                    format!("user{i}"),
                    format!("User Number {i}"),
                    format!("nick{i}"),
                )
            })
            .collect();
        let s6 = S6_SIZES
            .iter()
            .map(|&n| {
                let names: Vec<&'static str> = (1..=n)
                    .map(|k| &*Box::leak(format!("c{k}").into_boxed_str()))
                    .collect();
                let mut b = MetaData::new().table("t");
                for name in &names {
                    b = b.column(Column::new(name, Type::Integer));
                }
                S6Fix {
                    n,
                    t: pin(b.build().expect("table t")),
                    names,
                }
            })
            .collect::<Vec<_>>();
        let mut fix = Fix {
            users: pin(users),
            addresses: pin(addresses),
            s3_rows,
            s6,
            floor_values: Vec::new(),
        };
        fix.floor_values = St::all()
            .into_iter()
            .map(|st| {
                spec_values(&fix, st)
                    .into_iter()
                    .map(|p| match p {
                        P::Int(i) => Value::from(i),
                        P::Text(s) => Value::from(s),
                        P::Other(o) => panic!("no such value {o}"),
                    })
                    .collect()
            })
            .collect();
        fix
    }

    pub(crate) fn floor_values(&self, st: St) -> &[Value] {
        let i = match st {
            St::S1 => 0,
            St::S2 => 1,
            St::S3 => 2,
            St::S4 => 3,
            St::S5 => 4,
            St::S6(i) => 5 + i,
        };
        &self.floor_values[i]
    }
}
