//! The MySQL / MariaDB driver (the `mysql` crate, pure Rust, no TLS).
//!
//! Statements run as server-side prepared statements (the binary protocol),
//! kept in the crate's per-connection statement cache; the few statements
//! the server cannot prepare fall back to the text protocol when they have
//! no parameters. Every session uses utf8mb4, UTC as its time zone (so
//! `now()` agrees with aludel reading a DATETIME as UTC) and a strict
//! `sql_mode` without `ANSI_QUOTES` (aludel quotes with backticks); the URL
//! option `sql_mode=...` replaces that mode.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use aludel_compiler::Value;
use mysql::consts::{CapabilityFlags, ColumnType};
use mysql::prelude::{Protocol, Queryable};
use mysql::{Column, Conn, OptsBuilder, Params, QueryResult, Value as MyValue};

use super::driver::{
    Driver, DriverError, EachRow, Known, Owned, Raw, may_open_transaction, same_names,
};
use super::result::RowQueue;
use super::url::Url;
use crate::errors::ErrorKind;

pub(crate) struct MysqlDriver {
    conn: Conn,
    /// Set when the socket failed: the pool then drops the connection.
    broken: bool,
    /// Set when raw SQL may have opened a transaction or turned autocommit
    /// off (see [`Driver::reset`]).
    raw_transaction: bool,
}

/// Statements kept prepared per connection.
const PREPARED_CACHE: usize = 128;

/// The session's `sql_mode` unless the URL gives one: strict, no zero
/// dates, errors for division by zero; valid on MySQL 5.7/8 and MariaDB.
const SQL_MODE: &str = "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,\
                        ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

/// The collation id (`character_set` of a column) of binary strings.
const BINARY_CHARSET: u16 = 63;

/// The server error for a statement that cannot be prepared.
const ER_UNSUPPORTED_PS: u16 = 1295;

pub(crate) fn connect(url: &Url, timeout: Duration) -> Result<MysqlDriver, DriverError> {
    let port = url.port.unwrap_or(3306);
    let sql_mode = url.option("sql_mode").unwrap_or(SQL_MODE);
    if sql_mode.contains('\'') || sql_mode.contains('\\') {
        return Err(DriverError {
            kind: ErrorKind::Interface,
            message: format!("invalid sql_mode option {sql_mode:?}"),
            source: "invalid sql_mode".into(),
        });
    }
    let opts = OptsBuilder::new()
        .ip_or_hostname(Some(url.host.clone()))
        .tcp_port(port)
        .socket(url.option("unix_socket"))
        .user(url.username.clone())
        .pass(url.password.clone())
        .db_name(if url.database.is_empty() {
            None
        } else {
            Some(url.database.clone())
        })
        .tcp_connect_timeout(Some(timeout))
        .prefer_socket(false)
        .stmt_cache_size(PREPARED_CACHE)
        // UPDATE's row count is the rows matched, not only those changed
        // (as on every other database; SQLAlchemy sets it too).
        .additional_capabilities(CapabilityFlags::CLIENT_FOUND_ROWS)
        .init(vec![
            "SET NAMES utf8mb4".to_owned(),
            format!("SET SESSION sql_mode = '{sql_mode}', time_zone = '+00:00'"),
        ]);
    let conn = Conn::new(opts).map_err(|e| {
        let mut err = classify(e);
        err.message = format!("could not connect to {}:{port}: {}", url.host, err.message);
        err
    })?;
    Ok(MysqlDriver {
        conn,
        broken: false,
        raw_transaction: false,
    })
}

/// The category of a MySQL/MariaDB server error code (an unlisted code by
/// its SQLSTATE class: 23 integrity, 22 data; otherwise operational).
fn server_kind(code: u16, state: &str) -> ErrorKind {
    match code {
        // duplicate key, foreign key (child / parent), NOT NULL, check constraint
        1062 | 1452 | 1451 | 1048 | 1216 | 1217 | 1557 | 1586 | 3819 | 4025 => ErrorKind::Integrity,
        // syntax, no such table / column / database, table exists, can't drop
        1064 | 1146 | 1054 | 1049 | 1050 | 1051 | 1091 | 1149 | 1052 | 1109 | 1110 | 1305
        | 1630 => ErrorKind::Programming,
        // out of range, truncated, bad value, too long, bad date, division by zero
        1264 | 1265 | 1366 | 1406 | 1292 | 1690 | 1365 | 1367 | 3140 | 4038 => ErrorKind::Data,
        // lock wait timeout, deadlock, gone away, lost, too many connections
        1205 | 1213 | 2006 | 2013 | 1040 | 1203 => ErrorKind::Operational,
        1235 => ErrorKind::NotSupported,
        _ if state.starts_with("23") => ErrorKind::Integrity,
        _ if state.starts_with("22") => ErrorKind::Data,
        _ => ErrorKind::Operational,
    }
}

pub(crate) fn classify(e: mysql::Error) -> DriverError {
    use mysql::DriverError as D;
    let kind = match &e {
        mysql::Error::MySqlError(m) => server_kind(m.code, &m.state),
        mysql::Error::IoError(_) | mysql::Error::CodecError(_) => ErrorKind::Operational,
        mysql::Error::DriverError(
            D::ConnectTimeout | D::CouldNotConnect(_) | D::Timeout | D::SetupError,
        ) => ErrorKind::Operational,
        mysql::Error::FromValueError(_) | mysql::Error::FromRowError(_) => ErrorKind::Data,
        _ => ErrorKind::Interface,
    };
    // The inner error's text, without the enum's `MySqlError { .. }` wrapping.
    let message = match &e {
        mysql::Error::MySqlError(m) => m.to_string(),
        mysql::Error::DriverError(d) => d.to_string(),
        mysql::Error::IoError(io) => io.to_string(),
        mysql::Error::CodecError(c) => c.to_string(),
        other => other.to_string(),
    };
    DriverError {
        kind,
        message,
        source: Box::new(e),
    }
}

fn data_error(message: String) -> DriverError {
    DriverError {
        kind: ErrorKind::Data,
        source: message.clone().into(),
        message,
    }
}

fn interface_error(message: String) -> DriverError {
    DriverError {
        kind: ErrorKind::Interface,
        source: message.clone().into(),
        message,
    }
}

/// A date and time as MySQL's binary value (years outside 0..=9999 are
/// sent as text, for the server to reject).
#[cfg(feature = "chrono")]
fn datetime_param(dt: &chrono::NaiveDateTime) -> MyValue {
    use chrono::{Datelike, Timelike};
    match u16::try_from(dt.year()) {
        Ok(y) if y <= 9999 => MyValue::Date(
            y,
            dt.month() as u8,
            dt.day() as u8,
            dt.hour() as u8,
            dt.minute() as u8,
            dt.second() as u8,
            (dt.nanosecond() / 1000).min(999_999),
        ),
        _ => MyValue::Bytes(dt.format("%Y-%m-%d %H:%M:%S%.f").to_string().into_bytes()),
    }
}

fn param(v: &Value) -> Result<MyValue, DriverError> {
    Ok(match v {
        Value::Null => MyValue::NULL,
        Value::Bool(b) => MyValue::Int(i64::from(*b)),
        Value::Int(i) => MyValue::Int(*i),
        Value::Float(f) => MyValue::Double(*f),
        Value::Text(s) => MyValue::Bytes(s.as_bytes().to_vec()),
        Value::Bytes(b) => MyValue::Bytes(b.to_vec()),
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => MyValue::Bytes(d.to_string().into_bytes()),
        #[cfg(feature = "chrono")]
        Value::Date(d) => datetime_param(&d.and_time(chrono::NaiveTime::MIN)),
        #[cfg(feature = "chrono")]
        Value::Time(t) => {
            use chrono::Timelike;
            MyValue::Time(
                false,
                0,
                t.hour() as u8,
                t.minute() as u8,
                t.second() as u8,
                (t.nanosecond() / 1000).min(999_999),
            )
        }
        #[cfg(feature = "chrono")]
        Value::DateTime(dt) => datetime_param(dt),
        // DATETIME has no time zone: the instant is stored as UTC.
        #[cfg(feature = "chrono")]
        Value::DateTimeTz(dt) => datetime_param(&dt.naive_utc()),
        #[cfg(feature = "json")]
        Value::Json(j) => MyValue::Bytes(j.to_string().into_bytes()),
        // aludel's Uuid columns are CHAR(32): the hex digits without dashes.
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => MyValue::Bytes(u.simple().to_string().into_bytes()),
        other => {
            return Err(interface_error(format!(
                "cannot bind a {} value: enable aludel's feature for it",
                other.kind()
            )));
        }
    })
}

fn is_integer(t: ColumnType) -> bool {
    use ColumnType::*;
    matches!(
        t,
        MYSQL_TYPE_TINY
            | MYSQL_TYPE_SHORT
            | MYSQL_TYPE_INT24
            | MYSQL_TYPE_LONG
            | MYSQL_TYPE_LONGLONG
            | MYSQL_TYPE_YEAR
    )
}

fn is_date(t: ColumnType) -> bool {
    matches!(
        t,
        ColumnType::MYSQL_TYPE_DATE | ColumnType::MYSQL_TYPE_NEWDATE
    )
}

fn is_datetime(t: ColumnType) -> bool {
    use ColumnType::*;
    matches!(
        t,
        MYSQL_TYPE_DATETIME | MYSQL_TYPE_DATETIME2 | MYSQL_TYPE_TIMESTAMP | MYSQL_TYPE_TIMESTAMP2
    )
}

fn is_time(t: ColumnType) -> bool {
    matches!(
        t,
        ColumnType::MYSQL_TYPE_TIME | ColumnType::MYSQL_TYPE_TIME2
    )
}

fn out_of_range(col: &Column, u: impl std::fmt::Display) -> DriverError {
    data_error(format!(
        "column {} holds {u}, an unsigned integer beyond the signed 64-bit range \
         aludel reads; CAST it to DECIMAL or CHAR in the query",
        col.name_str()
    ))
}

fn unsigned(col: &Column, u: u64) -> Result<Value, DriverError> {
    i64::try_from(u)
        .map(Value::Int)
        .map_err(|_| out_of_range(col, u))
}

/// A FLOAT column's single-precision value as the double it prints as
/// (0.1, not 0.10000000149011612).
fn single(f: f32) -> Value {
    Value::Float(f.to_string().parse().unwrap_or(f64::from(f)))
}

/// A DATE / DATETIME / TIMESTAMP value (zero dates, which chrono cannot
/// hold, come back as their text).
#[allow(clippy::too_many_arguments)]
fn date_value(col: &Column, y: u16, mo: u8, d: u8, h: u8, mi: u8, s: u8, us: u32) -> Value {
    let date_only = is_date(col.column_type());
    #[cfg(feature = "chrono")]
    {
        let date = chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d));
        if date_only {
            if let Some(date) = date {
                return Value::Date(date);
            }
        } else if let Some(dt) = date
            .and_then(|date| date.and_hms_micro_opt(u32::from(h), u32::from(mi), u32::from(s), us))
        {
            return Value::DateTime(dt);
        }
    }
    if date_only {
        Value::from(format!("{y:04}-{mo:02}-{d:02}"))
    } else if us == 0 {
        Value::from(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"))
    } else {
        Value::from(format!(
            "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{us:06}"
        ))
    }
}

/// A TIME value: a time of day, or (negative or past 24 hours, which TIME
/// also holds as an interval) its text.
fn time_value(neg: bool, days: u32, h: u8, mi: u8, s: u8, us: u32) -> Value {
    #[cfg(feature = "chrono")]
    if !neg && days == 0 {
        if let Some(t) =
            chrono::NaiveTime::from_hms_micro_opt(u32::from(h), u32::from(mi), u32::from(s), us)
        {
            return Value::Time(t);
        }
    }
    let hours = u64::from(days) * 24 + u64::from(h);
    let sign = if neg { "-" } else { "" };
    Value::from(if us == 0 {
        format!("{sign}{hours:02}:{mi:02}:{s:02}")
    } else {
        format!("{sign}{hours:02}:{mi:02}:{s:02}.{us:06}")
    })
}

#[cfg(feature = "decimal")]
fn decimal_value(s: &str) -> Value {
    use std::str::FromStr;
    // Beyond rust_decimal's 28 digits: kept as text.
    rust_decimal::Decimal::from_str(s).map_or_else(|_| Value::from(s), Value::Decimal)
}

#[cfg(not(feature = "decimal"))]
fn decimal_value(s: &str) -> Value {
    Value::from(s)
}

#[cfg(feature = "json")]
fn json_value(b: &[u8]) -> Value {
    match serde_json::from_slice(b) {
        Ok(j) => Value::Json(Arc::new(j)),
        Err(_) => Value::from(String::from_utf8_lossy(b).as_ref()),
    }
}

#[cfg(not(feature = "json"))]
fn json_value(b: &[u8]) -> Value {
    Value::from(String::from_utf8_lossy(b).as_ref())
}

/// Text (or, not being UTF-8, bytes).
fn string_value(b: Vec<u8>) -> Value {
    match String::from_utf8(b) {
        Ok(s) => Value::from(s),
        Err(e) => Value::Bytes(Arc::from(e.into_bytes())),
    }
}

/// Parses a text-protocol value of a temporal column into its parts.
fn parse_temporal(col: &Column, s: &str) -> Option<Value> {
    let num = |p: &str| p.parse::<u32>().ok();
    let micros = |frac: Option<&str>| -> Option<u32> {
        match frac {
            None => Some(0),
            Some(f) if f.len() <= 6 && f.bytes().all(|b| b.is_ascii_digit()) => {
                Some(format!("{f:0<6}").parse().ok()?)
            }
            _ => None,
        }
    };
    let t = col.column_type();
    if is_time(t) {
        let (neg, rest) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (hms, frac) = match rest.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (rest, None),
        };
        let mut parts = hms.split(':');
        let hours = num(parts.next()?)?;
        let mi = num(parts.next()?)?;
        let sec = num(parts.next()?)?;
        return Some(time_value(
            neg,
            hours / 24,
            (hours % 24) as u8,
            u8::try_from(mi).ok()?,
            u8::try_from(sec).ok()?,
            micros(frac)?,
        ));
    }
    let (date, time) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut dp = date.split('-');
    let y = u16::try_from(num(dp.next()?)?).ok()?;
    let mo = u8::try_from(num(dp.next()?)?).ok()?;
    let d = u8::try_from(num(dp.next()?)?).ok()?;
    let (mut h, mut mi, mut sec, mut us) = (0, 0, 0, 0);
    if let Some(time) = time {
        let (hms, frac) = match time.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (time, None),
        };
        let mut tp = hms.split(':');
        h = u8::try_from(num(tp.next()?)?).ok()?;
        mi = u8::try_from(num(tp.next()?)?).ok()?;
        sec = u8::try_from(num(tp.next()?)?).ok()?;
        us = micros(frac)?;
    }
    Some(date_value(col, y, mo, d, h, mi, sec, us))
}

/// A string-encoded value (every value of the text protocol; strings,
/// decimals, BIT and JSON in the binary protocol), read by its column's type.
fn bytes_value(col: &Column, b: Vec<u8>) -> Result<Value, DriverError> {
    use ColumnType::*;
    let t = col.column_type();
    let as_str = |b: &[u8]| -> String { String::from_utf8_lossy(b).into_owned() };
    Ok(match t {
        _ if is_integer(t) => {
            let s = as_str(&b);
            match s.parse::<i64>() {
                Ok(i) => Value::Int(i),
                Err(_) => match s.parse::<u64>() {
                    Ok(u) => unsigned(col, u)?,
                    Err(_) => Value::from(&s),
                },
            }
        }
        MYSQL_TYPE_FLOAT | MYSQL_TYPE_DOUBLE => {
            let s = as_str(&b);
            s.parse::<f64>()
                .map_or_else(|_| Value::from(&s), Value::Float)
        }
        MYSQL_TYPE_DECIMAL | MYSQL_TYPE_NEWDECIMAL => decimal_value(&as_str(&b)),
        MYSQL_TYPE_BIT => {
            if b.len() <= 8 {
                let u = b
                    .iter()
                    .fold(0u64, |acc, byte| (acc << 8) | u64::from(*byte));
                unsigned(col, u)?
            } else {
                Value::Bytes(Arc::from(b))
            }
        }
        MYSQL_TYPE_NULL => Value::Null,
        _ if is_date(t) || is_datetime(t) || is_time(t) => {
            let s = as_str(&b);
            parse_temporal(col, &s).unwrap_or_else(|| Value::from(&s))
        }
        MYSQL_TYPE_JSON => json_value(&b),
        _ if col.character_set() == BINARY_CHARSET => Value::Bytes(Arc::from(b)),
        _ => string_value(b),
    })
}

fn decode(col: &Column, v: MyValue) -> Result<Value, DriverError> {
    Ok(match v {
        MyValue::NULL => Value::Null,
        MyValue::Int(i) => Value::Int(i),
        MyValue::UInt(u) => unsigned(col, u)?,
        MyValue::Float(f) => single(f),
        MyValue::Double(d) => Value::Float(d),
        MyValue::Date(y, mo, d, h, mi, s, us) => date_value(col, y, mo, d, h, mi, s, us),
        MyValue::Time(neg, days, h, mi, s, us) => time_value(neg, days, h, mi, s, us),
        MyValue::Bytes(b) => bytes_value(col, b)?,
    })
}

/// Reads a statement's first result set (or its row count) and discards
/// any further ones. With `each`, the rows go to it as they are read (until
/// it answers `Break`) instead of into the result.
fn collect<P: Protocol>(
    mut result: QueryResult<'_, '_, '_, P>,
    known: Option<Known<'_>>,
    mut each: Option<EachRow<'_>>,
) -> Result<Raw, DriverError> {
    let cols: Vec<Column> = result.columns().as_ref().to_vec();
    let names: Vec<Cow<'_, str>> = cols.iter().map(|c| c.name_str()).collect();
    let columns: Option<Vec<Arc<str>>> =
        if each.is_none() && same_names(known, names.iter().map(|n| &**n)) {
            None
        } else {
            Some(names.iter().map(|n| Arc::from(&**n)).collect())
        };
    let mut rows = RowQueue::default();
    let mut affected = result.affected_rows();
    let mut last_id = result.last_insert_id();
    if let Some(set) = result.iter() {
        let mut stopped = false;
        for row in set {
            let row = row.map_err(classify)?;
            if stopped {
                // The rest is read (the protocol needs it) but not decoded.
                continue;
            }
            let mut values = Vec::with_capacity(cols.len());
            for (col, v) in cols.iter().zip(row.unwrap_raw()) {
                values.push(decode(col, v.unwrap_or(MyValue::NULL))?);
            }
            match each.as_mut() {
                Some(each) => {
                    let names = columns.as_deref().unwrap_or_default();
                    stopped = each(&Owned(names, &values)).is_break();
                }
                None => rows.push(values),
            }
        }
    }
    if !cols.is_empty() {
        // A result set's count (MariaDB's INSERT ... RETURNING) comes after its rows.
        affected = result.affected_rows();
        last_id = result.last_insert_id().or(last_id);
    }
    // Any further result sets (a procedure's) are read and dropped; an
    // error in one is still an error.
    while let Some(set) = result.iter() {
        for row in set {
            row.map_err(classify)?;
        }
    }
    Ok(Raw {
        columns,
        rows,
        rows_affected: affected,
        last_insert_id: last_id
            .filter(|id| *id != 0)
            .and_then(|id| i64::try_from(id).ok()),
    })
}

impl Driver for MysqlDriver {
    fn run(
        &mut self,
        sql: &str,
        params: &[Value],
        known: Option<Known<'_>>,
    ) -> Result<Raw, DriverError> {
        self.exec(sql, params, known, None)
    }

    /// Each row decoded as it is read from the socket.
    fn run_rows(
        &mut self,
        sql: &str,
        params: &[Value],
        each: EachRow<'_>,
    ) -> Result<(), DriverError> {
        self.exec(sql, params, None, Some(each)).map(drop)
    }

    fn batch(&mut self, sql: &str) -> Result<(), DriverError> {
        match self.conn.query_drop(sql) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.fail(e)),
        }
    }

    fn ping(&mut self) -> bool {
        let ok = self.conn.ping().is_ok();
        self.broken |= !ok;
        ok
    }

    fn is_broken(&mut self) -> bool {
        self.broken
    }

    /// A `ROLLBACK` after raw SQL that may have opened a transaction, and
    /// autocommit turned back on (after the rollback, so that turning it
    /// on commits nothing), as the engine's transactions expect it.
    fn reset(&mut self) -> Result<bool, DriverError> {
        if !std::mem::take(&mut self.raw_transaction) {
            return Ok(false);
        }
        self.batch("ROLLBACK")?;
        self.batch("SET autocommit = 1").map(|()| true)
    }
}

impl MysqlDriver {
    /// Runs a statement (prepared, or as text when the server cannot
    /// prepare it) and reads its result, see [`collect`].
    fn exec(
        &mut self,
        sql: &str,
        params: &[Value],
        known: Option<Known<'_>>,
        mut each: Option<EachRow<'_>>,
    ) -> Result<Raw, DriverError> {
        self.raw_transaction |= may_open_transaction(sql);
        let bound = if params.is_empty() {
            Params::Empty
        } else {
            Params::Positional(params.iter().map(param).collect::<Result<_, _>>()?)
        };
        let err = match self.conn.exec_iter(sql, bound) {
            Ok(result) => return collect(result, known, each.take()),
            Err(e) => e,
        };
        let unpreparable = match err {
            mysql::Error::MySqlError(e) if e.code == ER_UNSUPPORTED_PS && params.is_empty() => e,
            e => return Err(self.fail(e)),
        };
        // The server cannot prepare it: the text protocol, for a statement without parameters.
        tracing::debug!(target: "aludel::engine", "{unpreparable}; running it unprepared");
        let err = match self.conn.query_iter(sql) {
            Ok(result) => return collect(result, known, each),
            Err(e) => e,
        };
        Err(self.fail(err))
    }

    /// Classifies an error, marking the connection broken when its socket failed.
    fn fail(&mut self, e: mysql::Error) -> DriverError {
        if matches!(e, mysql::Error::IoError(_) | mysql::Error::CodecError(_)) {
            self.broken = true;
        }
        classify(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_codes_are_classified() {
        assert_eq!(server_kind(1062, "23000"), ErrorKind::Integrity);
        assert_eq!(server_kind(3819, "HY000"), ErrorKind::Integrity);
        assert_eq!(server_kind(4025, "23000"), ErrorKind::Integrity);
        assert_eq!(server_kind(1064, "42000"), ErrorKind::Programming);
        assert_eq!(server_kind(1146, "42S02"), ErrorKind::Programming);
        assert_eq!(server_kind(1264, "22003"), ErrorKind::Data);
        assert_eq!(server_kind(1213, "40001"), ErrorKind::Operational);
        assert_eq!(server_kind(1235, "42000"), ErrorKind::NotSupported);
        assert_eq!(server_kind(9999, "HY000"), ErrorKind::Operational);
        assert_eq!(server_kind(9998, "23000"), ErrorKind::Integrity);
        assert_eq!(server_kind(9997, "22001"), ErrorKind::Data);
    }

    #[test]
    fn values_bind() {
        assert_eq!(param(&Value::Bool(true)).ok(), Some(MyValue::Int(1)));
        assert_eq!(
            param(&Value::from("é")).ok(),
            Some(MyValue::Bytes("é".as_bytes().to_vec()))
        );
        assert_eq!(param(&Value::Float(1.5)).ok(), Some(MyValue::Double(1.5)));
    }

    #[test]
    fn single_precision_prints_short() {
        assert_eq!(single(0.1), Value::Float(0.1));
    }

    #[test]
    fn text_protocol_values_are_typed() {
        let int = Column::new(ColumnType::MYSQL_TYPE_LONGLONG);
        assert_eq!(bytes_value(&int, b"42".to_vec()).ok(), Some(Value::Int(42)));
        assert!(bytes_value(&int, b"18446744073709551615".to_vec()).is_err());
        let dbl = Column::new(ColumnType::MYSQL_TYPE_DOUBLE);
        assert_eq!(
            bytes_value(&dbl, b"2.5".to_vec()).ok(),
            Some(Value::Float(2.5))
        );
        let bit = Column::new(ColumnType::MYSQL_TYPE_BIT);
        assert_eq!(bytes_value(&bit, vec![1]).ok(), Some(Value::Int(1)));
        let s = Column::new(ColumnType::MYSQL_TYPE_VAR_STRING).with_character_set(45);
        assert_eq!(
            bytes_value(&s, b"ab".to_vec()).ok(),
            Some(Value::from("ab"))
        );
        let b = Column::new(ColumnType::MYSQL_TYPE_BLOB).with_character_set(BINARY_CHARSET);
        assert_eq!(
            bytes_value(&b, vec![0, 255]).ok(),
            Some(Value::Bytes(Arc::from(vec![0u8, 255])))
        );
        let t = Column::new(ColumnType::MYSQL_TYPE_TIME);
        assert_eq!(
            bytes_value(&t, b"-25:00:01".to_vec()).ok(),
            Some(Value::from("-25:00:01"))
        );
        let d = Column::new(ColumnType::MYSQL_TYPE_DATE);
        let zero = bytes_value(&d, b"0000-00-00".to_vec()).ok();
        assert_eq!(zero, Some(Value::from("0000-00-00")));
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn temporal_values() {
        let dt = Column::new(ColumnType::MYSQL_TYPE_DATETIME);
        let want = chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
            .and_then(|d| d.and_hms_micro_opt(13, 4, 5, 120_000));
        assert_eq!(
            bytes_value(&dt, b"2024-02-29 13:04:05.12".to_vec()).ok(),
            want.map(Value::DateTime)
        );
        assert_eq!(
            decode(&dt, MyValue::Date(2024, 2, 29, 13, 4, 5, 120_000)).ok(),
            want.map(Value::DateTime)
        );
        let d = Column::new(ColumnType::MYSQL_TYPE_DATE);
        assert_eq!(
            decode(&d, MyValue::Date(2024, 2, 29, 0, 0, 0, 0)).ok(),
            chrono::NaiveDate::from_ymd_opt(2024, 2, 29).map(Value::Date)
        );
        let t = Column::new(ColumnType::MYSQL_TYPE_TIME);
        assert_eq!(
            decode(&t, MyValue::Time(false, 0, 1, 2, 3, 0)).ok(),
            chrono::NaiveTime::from_hms_opt(1, 2, 3).map(Value::Time)
        );
        assert_eq!(
            decode(&t, MyValue::Time(true, 1, 1, 2, 3, 0)).ok(),
            Some(Value::from("-25:02:03"))
        );
    }
}
