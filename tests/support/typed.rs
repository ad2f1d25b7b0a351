//! The typed round trip every live database runs: a table with a column of
//! each type aludel maps, one row of awkward values, and the checks that
//! read them back (each database test adds what is particular to it).

use aludel::prelude::*;
use aludel::{Row, SchemaError};
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// `name (id, i, big, small, s, txt, uni, flag, f, d, num, day, tod, at,
/// at_tz, blob, doc, uid, mood)`: one column of every type.
pub(crate) fn every_type_table(meta: &MetaData, name: &str) -> Result<Table, SchemaError> {
    meta.table(name)
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("i", Type::Integer))
        .column(Column::new("big", Type::BigInteger))
        .column(Column::new("small", Type::SmallInteger))
        .column(Column::new("s", Type::String(Some(20))))
        .column(Column::new("txt", Type::Text))
        .column(Column::new("uni", Type::Unicode(Some(20))))
        .column(Column::new("flag", Type::Boolean))
        .column(Column::new("f", Type::Float))
        .column(Column::new("d", Type::Double))
        .column(Column::new("num", Type::numeric(10, 2)))
        .column(Column::new("day", Type::Date))
        .column(Column::new("tod", Type::Time))
        .column(Column::new("at", Type::datetime()))
        .column(Column::new("at_tz", Type::DateTime { timezone: true }))
        .column(Column::new("blob", Type::LargeBinary))
        .column(Column::new("doc", Type::Json))
        .column(Column::new("uid", Type::Uuid))
        .column(Column::new(
            "mood",
            Type::enumeration("mood", ["happy", "sad"]),
        ))
        .build()
}

/// The values of the round trip's full row.
pub(crate) struct TypedRow {
    pub(crate) s: &'static str,
    pub(crate) day: NaiveDate,
    pub(crate) tod: NaiveTime,
    pub(crate) at: NaiveDateTime,
    pub(crate) at_tz: chrono::DateTime<FixedOffset>,
    pub(crate) num: rust_decimal::Decimal,
    pub(crate) doc: serde_json::Value,
    pub(crate) uid: uuid::Uuid,
    pub(crate) blob: Vec<u8>,
}

impl TypedRow {
    /// The row with the text `s`, the time of day `tod` (a database may
    /// keep whole seconds only), the JSON `doc` and the bytes `blob`.
    pub(crate) fn new(
        s: &'static str,
        tod: NaiveTime,
        doc: serde_json::Value,
        blob: Vec<u8>,
    ) -> TypedRow {
        let day = NaiveDate::from_ymd_opt(2024, 2, 29).expect("date");
        let at = day.and_time(tod);
        let at_tz = FixedOffset::east_opt(2 * 3600)
            .expect("offset")
            .from_local_datetime(&at)
            .single()
            .expect("tz");
        TypedRow {
            s,
            day,
            tod,
            at,
            at_tz,
            num: "12345678.91".parse().expect("decimal"),
            doc,
            uid: uuid::Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0),
            blob,
        }
    }

    /// The row's values for `insert(..).values(..)`, with the key `id`.
    pub(crate) fn values(&self, id: i64) -> Vec<(&'static str, Expr)> {
        vec![
            ("id", Expr::from(id)),
            ("i", Expr::from(i32::MIN)),
            ("big", Expr::from(i64::MAX)),
            ("small", Expr::from(i16::MIN)),
            ("s", Expr::from(self.s)),
            ("txt", Expr::from("line\nbreak")),
            ("uni", Expr::from("ünï")),
            ("flag", Expr::from(true)),
            ("f", Expr::from(1.5f64)),
            ("d", Expr::from(-2.25e100)),
            ("num", Expr::from(self.num)),
            ("day", Expr::from(self.day)),
            ("tod", Expr::from(self.tod)),
            ("at", Expr::from(self.at)),
            ("at_tz", Expr::from(Value::from(self.at_tz))),
            ("blob", Expr::from(Value::from(self.blob.clone()))),
            ("doc", Expr::from(self.doc.clone())),
            ("uid", Expr::from(self.uid)),
            ("mood", Expr::from("sad")),
        ]
    }

    /// Reads every column of `r` back as its Rust type and compares.
    pub(crate) fn assert_read(&self, r: &Row) -> aludel::Result<()> {
        assert_eq!(r.get::<i32>("i")?, i32::MIN);
        assert_eq!(r.get::<i64>("big")?, i64::MAX);
        assert_eq!(r.get::<i16>("small")?, i16::MIN);
        assert_eq!(r.get::<String>("s")?, self.s);
        assert_eq!(r.get::<String>("txt")?, "line\nbreak");
        assert_eq!(r.get::<String>("uni")?, "ünï");
        assert!(r.get::<bool>("flag")?);
        assert_eq!(r.get::<f64>("f")?, 1.5);
        assert_eq!(r.get::<f64>("d")?, -2.25e100);
        assert_eq!(r.get::<rust_decimal::Decimal>("num")?, self.num);
        assert_eq!(r.get::<NaiveDate>("day")?, self.day);
        assert_eq!(r.get::<NaiveTime>("tod")?, self.tod);
        assert_eq!(r.get::<NaiveDateTime>("at")?, self.at);
        assert_eq!(r.get::<chrono::DateTime<FixedOffset>>("at_tz")?, self.at_tz);
        assert_eq!(r.get::<Vec<u8>>("blob")?, self.blob);
        assert_eq!(r.get::<serde_json::Value>("doc")?, self.doc);
        assert_eq!(r.get::<uuid::Uuid>("uid")?, self.uid);
        assert_eq!(r.get::<String>("mood")?, "sad");
        Ok(())
    }
}

/// Checks that every column of `t` but the key reads back NULL from `r`.
pub(crate) fn assert_all_null(r: &Row, t: &Table) -> aludel::Result<()> {
    for col in t.columns().skip(1) {
        assert!(r.value(col.name().as_str())?.is_null(), "{}", col.name());
    }
    assert_eq!(r.get::<Option<i64>>("i")?, None);
    assert_eq!(r.get::<Option<NaiveDateTime>>("at")?, None);
    Ok(())
}

/// The rows of `select(t).order_by(id)` read in place
/// ([`Connection::query_map`](aludel::Connection::query_map)) are `rows`, as
/// `execute` read them; text and bytes decode straight from the driver's
/// buffer to the same values.
pub(crate) fn assert_read_in_place(
    con: &mut aludel::Connection,
    t: &Table,
    rows: &[Row],
) -> aludel::Result<()> {
    let all = || select(t).order_by(t.c("id"));
    let in_place = con.query_map(all(), (), |r| r.to_row())?;
    assert_eq!(in_place, rows, "rows read in place equal the buffered ones");
    type Cells = (Option<String>, Option<String>, Option<Vec<u8>>, Option<i64>);
    let cells = |r: &Row| -> aludel::Result<Cells> {
        Ok((r.get("s")?, r.get("txt")?, r.get("blob")?, r.get("i")?))
    };
    let want = rows.iter().map(cells).collect::<aludel::Result<Vec<_>>>()?;
    let got = con.query_map(all(), (), |r| {
        Ok((
            r.get("s")?,
            r.get(t.c("txt"))?,
            r.get("blob")?,
            r.get(1usize)?,
        ))
    })?;
    assert_eq!(got, want);
    Ok(())
}
