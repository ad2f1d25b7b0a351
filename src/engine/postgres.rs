//! The PostgreSQL driver (the `postgres` crate, without TLS).
//!
//! Parameters are encoded by the type the server inferred for each
//! placeholder (an integer bound to an `int4` parameter is sent as a 4-byte
//! integer, to a `numeric` one as a decimal, to a `text` one as its digits).
//! Text bound to a parameter of another type is sent in text format and
//! parsed by the server, as if it were a quoted literal. Result columns are
//! decoded by their type; every format is read by hand, so the optional
//! value types (decimal, chrono, json, uuid) only decide which [`Value`]
//! variant a column becomes: without them, numerics, dates and times, JSON
//! and UUIDs are read as their text form.

use std::error::Error as StdError;
use std::fmt;
use std::fmt::Write as _;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use aludel_compiler::Value;
use lru::LruCache;
use postgres::config::SslMode;
use postgres::error::{Severity, SqlState};
use postgres::types::private::BytesMut;
use postgres::types::{Format, FromSql, IsNull, Kind, ToSql, Type, to_sql_checked};
use postgres::{Client, Config, NoTls, Statement};

use super::driver::{Driver, DriverError, Raw, same_names};
use super::result::RowQueue;
use super::url::Url;
use crate::errors::ErrorKind;

/// Statements kept prepared per connection.
const PREPARED_CACHE: usize = 256;

/// 2000-01-01 (PostgreSQL's epoch) in days and microseconds since 1970-01-01.
const PG_EPOCH_DAYS: i64 = 10_957;
#[cfg(feature = "chrono")]
const PG_EPOCH_MICROS: i64 = PG_EPOCH_DAYS * 86_400 * 1_000_000;

/// 2^63: an integral float in [-2^63, 2^63) is an i64.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

type BoxError = Box<dyn StdError + Send + Sync>;

pub(crate) struct PgDriver {
    client: Client,
    statements: LruCache<String, Statement>,
    /// Set when an error ended the session (the pool then discards it).
    broken: bool,
}

/// Opens a connection: host, port (5432), user, password and database from
/// the URL; the URL's query may set `host` (a directory for a Unix socket),
/// `application_name`, `options`, `connect_timeout` (seconds) and `sslmode`
/// (`disable`, `allow` or `prefer`: there is no TLS).
pub(crate) fn connect(url: &Url, timeout: Duration) -> Result<PgDriver, DriverError> {
    let mut config = Config::new();
    // `?host=/run/postgresql` connects through a Unix socket in that directory.
    config.host(url.option("host").unwrap_or(&url.host));
    config.port(url.port.unwrap_or(5432));
    let user = url
        .username
        .clone()
        .or_else(|| std::env::var("PGUSER").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "postgres".to_owned());
    config.user(&user);
    if let Some(password) = &url.password {
        config.password(password);
    }
    if !url.database.is_empty() {
        config.dbname(&url.database);
    }
    if !timeout.is_zero() {
        config.connect_timeout(timeout);
    }
    config.ssl_mode(SslMode::Disable);
    for (key, value) in &url.query {
        match key.as_str() {
            "host" => {}
            "application_name" => {
                config.application_name(value);
            }
            "options" => {
                config.options(value);
            }
            "connect_timeout" => {
                let secs: u64 = value.parse().map_err(|_| {
                    interface(format!(
                        "the URL option connect_timeout={value:?} is not a whole number of seconds"
                    ))
                })?;
                if secs > 0 {
                    config.connect_timeout(Duration::from_secs(secs));
                }
            }
            "sslmode" => match value.as_str() {
                "disable" | "allow" | "prefer" => {}
                other => {
                    return Err(interface(format!(
                        "sslmode={other} needs TLS, which aludel's PostgreSQL driver does not \
                         support; use sslmode=disable"
                    )));
                }
            },
            other => {
                return Err(interface(format!(
                    "unknown PostgreSQL URL option {other:?}; the driver understands host, \
                     application_name, options, connect_timeout and sslmode"
                )));
            }
        }
    }
    let client = config.connect(NoTls).map_err(|e| {
        let mut err = classify(e);
        err.kind = ErrorKind::Operational;
        err
    })?;
    Ok(PgDriver {
        client,
        broken: false,
        statements: LruCache::new(NonZeroUsize::new(PREPARED_CACHE).unwrap_or(NonZeroUsize::MIN)),
    })
}

fn interface(message: String) -> DriverError {
    DriverError {
        kind: ErrorKind::Interface,
        source: message.clone().into(),
        message,
    }
}

// --- errors -------------------------------------------------------------

/// A value that cannot be bound to its parameter.
#[derive(Debug)]
struct BindError(String);

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for BindError {}

/// A result value that could not be decoded.
#[derive(Debug)]
struct DecodeError(String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for DecodeError {}

/// The DB-API category of a SQLSTATE, by its class (first two characters).
fn kind_of_sqlstate(code: &str) -> ErrorKind {
    match code.get(..2).unwrap_or("") {
        "23" => ErrorKind::Integrity,
        "22" => ErrorKind::Data,
        "42" | "2B" | "3D" | "3F" | "26" | "34" => ErrorKind::Programming,
        "08" | "53" | "57" | "58" | "40" | "55" => ErrorKind::Operational,
        "0A" => ErrorKind::NotSupported,
        "XX" => ErrorKind::Internal,
        _ => ErrorKind::Interface,
    }
}

pub(crate) fn classify(e: postgres::Error) -> DriverError {
    if let Some(db) = e.as_db_error() {
        let mut message = db.message().to_owned();
        if let Some(detail) = db.detail() {
            let _ = write!(message, "\nDETAIL: {detail}");
        }
        if let Some(hint) = db.hint() {
            let _ = write!(message, "\nHINT: {hint}");
        }
        return DriverError {
            kind: kind_of_sqlstate(db.code().code()),
            message,
            source: Box::new(e),
        };
    }
    if let Some(cause) = e.source() {
        if let Some(b) = cause.downcast_ref::<BindError>() {
            return DriverError {
                kind: ErrorKind::Data,
                message: b.0.clone(),
                source: Box::new(e),
            };
        }
        if let Some(d) = cause.downcast_ref::<DecodeError>() {
            return DriverError {
                kind: ErrorKind::Data,
                message: d.0.clone(),
                source: Box::new(e),
            };
        }
    }
    let mut message = e.to_string();
    let mut cause = e.source();
    let mut io = false;
    while let Some(c) = cause {
        io |= c.is::<std::io::Error>();
        let _ = write!(message, ": {c}");
        cause = c.source();
    }
    let kind = if io || e.is_closed() || message.starts_with("timeout") {
        ErrorKind::Operational
    } else {
        ErrorKind::Interface
    };
    DriverError {
        kind,
        message,
        source: Box::new(e),
    }
}

/// The server's SQLSTATE, if the driver error came from the server.
fn sqlstate(e: &DriverError) -> Option<&SqlState> {
    e.source
        .downcast_ref::<postgres::Error>()
        .and_then(postgres::Error::code)
}

/// Whether the error ended the session: the socket failed or closed, or the
/// server reported a FATAL error (terminated backend, shutdown).
fn ends_session(e: &DriverError) -> bool {
    let Some(pg) = e.source.downcast_ref::<postgres::Error>() else {
        return false;
    };
    pg.is_closed()
        || pg.source().is_some_and(|c| c.is::<std::io::Error>())
        || pg.as_db_error().is_some_and(|db| {
            matches!(
                db.parsed_severity(),
                Some(Severity::Fatal | Severity::Panic)
            )
        })
}

/// A prepared statement whose result columns changed under it (a table it
/// reads was altered): it must be prepared again.
fn is_stale_plan(e: &DriverError) -> bool {
    sqlstate(e) == Some(&SqlState::FEATURE_NOT_SUPPORTED)
        && e.message
            .starts_with("cached plan must not change result type")
}

// --- types --------------------------------------------------------------

/// How the driver reads and writes a PostgreSQL type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Bool,
    Int2,
    Int4,
    Int8,
    Oid,
    Float4,
    Float8,
    Numeric,
    /// text, varchar, bpchar, name, unknown, citext, enums: UTF-8 bytes.
    Text,
    /// `"char"`: one byte.
    Char,
    Bytea,
    Date,
    Time,
    TimeTz,
    Timestamp,
    TimestampTz,
    Json,
    Jsonb,
    Uuid,
    Void,
    /// Anything else: bound in text format, not readable.
    Other,
}

static KNOWN: [(Type, Class); 24] = [
    (Type::BOOL, Class::Bool),
    (Type::INT2, Class::Int2),
    (Type::INT4, Class::Int4),
    (Type::INT8, Class::Int8),
    (Type::OID, Class::Oid),
    (Type::FLOAT4, Class::Float4),
    (Type::FLOAT8, Class::Float8),
    (Type::NUMERIC, Class::Numeric),
    (Type::TEXT, Class::Text),
    (Type::VARCHAR, Class::Text),
    (Type::BPCHAR, Class::Text),
    (Type::NAME, Class::Text),
    (Type::UNKNOWN, Class::Text),
    (Type::CHAR, Class::Char),
    (Type::BYTEA, Class::Bytea),
    (Type::DATE, Class::Date),
    (Type::TIME, Class::Time),
    (Type::TIMETZ, Class::TimeTz),
    (Type::TIMESTAMP, Class::Timestamp),
    (Type::TIMESTAMPTZ, Class::TimestampTz),
    (Type::JSON, Class::Json),
    (Type::JSONB, Class::Jsonb),
    (Type::UUID, Class::Uuid),
    (Type::VOID, Class::Void),
];

fn class(ty: &Type) -> Class {
    match ty.kind() {
        Kind::Domain(inner) => return class(inner),
        Kind::Enum(_) => return Class::Text,
        _ => {}
    }
    if let Some((_, c)) = KNOWN.iter().find(|(t, _)| t == ty) {
        return *c;
    }
    if ty.name() == "citext" {
        Class::Text
    } else {
        Class::Other
    }
}

// --- parameters ---------------------------------------------------------

/// A value bound to parameter `$n`, encoded for the type the server inferred.
#[derive(Debug)]
struct Param<'a> {
    n: usize,
    value: &'a Value,
}

/// Whether a value goes to a parameter in text format (parsed by the server).
fn text_format(v: &Value, c: Class) -> bool {
    match v {
        Value::Null => false,
        Value::Text(_) => !matches!(c, Class::Text | Class::Bytea | Class::Json | Class::Jsonb),
        _ => matches!(c, Class::Char | Class::TimeTz | Class::Void | Class::Other),
    }
}

/// A float as PostgreSQL reads it.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        format!("{f:?}")
    }
}

/// A value's text form, as a quoted SQL literal would hold it (none for bytes).
fn text_of(v: &Value) -> Option<String> {
    Some(match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_text(*f),
        Value::Text(s) => s.to_string(),
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => d.to_string(),
        #[cfg(feature = "chrono")]
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        #[cfg(feature = "chrono")]
        Value::Time(t) => t.format("%H:%M:%S%.f").to_string(),
        #[cfg(feature = "chrono")]
        Value::DateTime(t) => t.format("%Y-%m-%d %H:%M:%S%.f").to_string(),
        #[cfg(feature = "chrono")]
        Value::DateTimeTz(t) => t.format("%Y-%m-%d %H:%M:%S%.f%:z").to_string(),
        #[cfg(feature = "json")]
        Value::Json(j) => j.to_string(),
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => u.hyphenated().to_string(),
        _ => return None,
    })
}

impl Param<'_> {
    fn mismatch(&self, ty: &Type) -> BindError {
        BindError(format!(
            "parameter ${}: cannot bind a {} value to a parameter of type {}",
            self.n,
            self.value.kind(),
            ty.name()
        ))
    }

    fn out_of_range(&self, ty: &Type) -> BindError {
        BindError(format!(
            "parameter ${}: {} is out of range for type {}",
            self.n,
            self.value,
            ty.name()
        ))
    }

    /// The value as an integer, if it is one exactly.
    fn integer(&self, ty: &Type) -> Result<i64, BindError> {
        match self.value {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(i64::from(*b)),
            Value::Float(f) if f.fract() == 0.0 && (-TWO_63..TWO_63).contains(f) => Ok(*f as i64),
            Value::Float(f) if f.is_finite() && f.fract() == 0.0 => Err(self.out_of_range(ty)),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) if d.fract().is_zero() => {
                i64::try_from(*d).map_err(|_| self.out_of_range(ty))
            }
            _ => Err(self.mismatch(ty)),
        }
    }

    fn float(&self, ty: &Type) -> Result<f64, BindError> {
        match self.value {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => {
                use rust_decimal::prelude::ToPrimitive;
                d.to_f64().ok_or_else(|| self.out_of_range(ty))
            }
            _ => Err(self.mismatch(ty)),
        }
    }

    /// The JSON text of the value, for a json or jsonb parameter.
    fn json(&self, ty: &Type) -> Result<String, BindError> {
        match self.value {
            Value::Text(s) => Ok(s.to_string()),
            Value::Bool(_) | Value::Int(_) => Ok(self.value.to_string()),
            Value::Float(f) if f.is_finite() => Ok(format!("{f:?}")),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => Ok(d.to_string()),
            #[cfg(feature = "json")]
            Value::Json(j) => Ok(j.to_string()),
            _ => Err(self.mismatch(ty)),
        }
    }

    fn encode(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BindError> {
        let v = self.value;
        if v.is_null() {
            return Ok(IsNull::Yes);
        }
        let c = class(ty);
        if text_format(v, c) {
            let text = text_of(v).ok_or_else(|| self.mismatch(ty))?;
            out.extend_from_slice(text.as_bytes());
            return Ok(IsNull::No);
        }
        match c {
            Class::Bool => {
                let b = match v {
                    Value::Bool(b) => *b,
                    Value::Int(0) => false,
                    Value::Int(1) => true,
                    _ => return Err(self.mismatch(ty)),
                };
                out.extend_from_slice(&[u8::from(b)]);
            }
            Class::Int2 => {
                let i = i16::try_from(self.integer(ty)?).map_err(|_| self.out_of_range(ty))?;
                out.extend_from_slice(&i.to_be_bytes());
            }
            Class::Int4 => {
                let i = i32::try_from(self.integer(ty)?).map_err(|_| self.out_of_range(ty))?;
                out.extend_from_slice(&i.to_be_bytes());
            }
            Class::Int8 => out.extend_from_slice(&self.integer(ty)?.to_be_bytes()),
            Class::Oid => {
                let i = u32::try_from(self.integer(ty)?).map_err(|_| self.out_of_range(ty))?;
                out.extend_from_slice(&i.to_be_bytes());
            }
            Class::Float4 => {
                let f = self.float(ty)?;
                let narrow = f as f32;
                if f.is_finite() && !narrow.is_finite() {
                    return Err(self.out_of_range(ty));
                }
                out.extend_from_slice(&narrow.to_be_bytes());
            }
            Class::Float8 => out.extend_from_slice(&self.float(ty)?.to_be_bytes()),
            Class::Numeric => {
                let text = match v {
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) if f.is_finite() => format!("{f}"),
                    Value::Float(f) => float_text(*f),
                    #[cfg(feature = "decimal")]
                    Value::Decimal(d) => d.to_string(),
                    _ => return Err(self.mismatch(ty)),
                };
                let bytes = numeric_to_binary(&text).ok_or_else(|| self.out_of_range(ty))?;
                out.extend_from_slice(&bytes);
            }
            Class::Text => {
                let text = match v {
                    Value::Bytes(_) => return Err(self.mismatch(ty)),
                    other => text_of(other).ok_or_else(|| self.mismatch(ty))?,
                };
                out.extend_from_slice(text.as_bytes());
            }
            Class::Bytea => match v {
                Value::Bytes(b) => out.extend_from_slice(b),
                Value::Text(s) => out.extend_from_slice(s.as_bytes()),
                _ => return Err(self.mismatch(ty)),
            },
            Class::Json => out.extend_from_slice(self.json(ty)?.as_bytes()),
            Class::Jsonb => {
                out.extend_from_slice(&[1]);
                out.extend_from_slice(self.json(ty)?.as_bytes());
            }
            _ => self.encode_typed(ty, c, out)?,
        }
        Ok(IsNull::No)
    }

    /// Dates, times and UUIDs (present only with their features).
    #[allow(unused_variables)]
    fn encode_typed(&self, ty: &Type, c: Class, out: &mut BytesMut) -> Result<(), BindError> {
        #[cfg(feature = "chrono")]
        {
            use chrono::{Datelike, Timelike};
            let micros = |dt: chrono::NaiveDateTime| {
                dt.and_utc()
                    .timestamp_micros()
                    .checked_sub(PG_EPOCH_MICROS)
                    .ok_or_else(|| self.out_of_range(ty))
            };
            let written = match (c, self.value) {
                (Class::Date, Value::Date(d)) => {
                    let days = i64::from(d.num_days_from_ce()) - 730_120;
                    let days = i32::try_from(days).map_err(|_| self.out_of_range(ty))?;
                    out.extend_from_slice(&days.to_be_bytes());
                    true
                }
                (Class::Time, Value::Time(t)) => {
                    let us = i64::from(t.num_seconds_from_midnight()) * 1_000_000
                        + i64::from(t.nanosecond() / 1_000);
                    out.extend_from_slice(&us.to_be_bytes());
                    true
                }
                (Class::Timestamp | Class::TimestampTz, Value::Date(d)) => {
                    let us = micros(d.and_time(chrono::NaiveTime::MIN))?;
                    out.extend_from_slice(&us.to_be_bytes());
                    true
                }
                // A timestamp without zone bound to a zoned parameter is UTC;
                // a zoned one bound to a parameter without zone becomes UTC.
                (Class::Timestamp | Class::TimestampTz, Value::DateTime(dt)) => {
                    out.extend_from_slice(&micros(*dt)?.to_be_bytes());
                    true
                }
                (Class::Timestamp | Class::TimestampTz, Value::DateTimeTz(dt)) => {
                    out.extend_from_slice(&micros(dt.naive_utc())?.to_be_bytes());
                    true
                }
                _ => false,
            };
            if written {
                return Ok(());
            }
        }
        #[cfg(feature = "uuid")]
        if let (Class::Uuid, Value::Uuid(u)) = (c, self.value) {
            out.extend_from_slice(u.as_bytes());
            return Ok(());
        }
        Err(self.mismatch(ty))
    }
}

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.encode(ty, out).map_err(|e| Box::new(e) as BoxError)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    fn encode_format(&self, ty: &Type) -> Format {
        if text_format(self.value, class(ty)) {
            Format::Text
        } else {
            Format::Binary
        }
    }

    to_sql_checked!();
}

// --- NUMERIC ------------------------------------------------------------

const NUMERIC_POS: u16 = 0x0000;
const NUMERIC_NEG: u16 = 0x4000;
const NUMERIC_NAN: u16 = 0xC000;
const NUMERIC_PINF: u16 = 0xD000;
const NUMERIC_NINF: u16 = 0xF000;

/// NUMERIC's binary form of a plain decimal (`-12.340`), `NaN` or
/// `±Infinity`; `None` if the text is not one.
fn numeric_to_binary(text: &str) -> Option<Vec<u8>> {
    let header = |ndigits: u16, weight: i16, sign: u16, dscale: u16| {
        let mut v = Vec::with_capacity(8);
        v.extend_from_slice(&ndigits.to_be_bytes());
        v.extend_from_slice(&weight.to_be_bytes());
        v.extend_from_slice(&sign.to_be_bytes());
        v.extend_from_slice(&dscale.to_be_bytes());
        v
    };
    match text {
        "NaN" => return Some(header(0, 0, NUMERIC_NAN, 0)),
        "Infinity" => return Some(header(0, 0, NUMERIC_PINF, 0)),
        "-Infinity" => return Some(header(0, 0, NUMERIC_NINF, 0)),
        _ => {}
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let dscale = u16::try_from(frac.len()).ok()?;
    let int = int.trim_start_matches('0');
    let mut digits = String::with_capacity(int.len() + frac.len() + 6);
    digits.extend(std::iter::repeat_n('0', (4 - int.len() % 4) % 4));
    digits.push_str(int);
    let int_groups = digits.len() / 4;
    digits.push_str(frac);
    digits.extend(std::iter::repeat_n('0', (4 - frac.len() % 4) % 4));
    let groups: Vec<i16> = digits
        .as_bytes()
        .chunks(4)
        .map(|g| g.iter().fold(0i16, |acc, d| acc * 10 + i16::from(d - b'0')))
        .collect();
    let first = groups.iter().position(|g| *g != 0);
    let Some(first) = first else {
        return Some(header(0, 0, NUMERIC_POS, dscale));
    };
    let last = groups.iter().rposition(|g| *g != 0).unwrap_or(first);
    let weight = i16::try_from(int_groups as i64 - 1 - first as i64).ok()?;
    let kept = &groups[first..=last];
    let sign = if negative { NUMERIC_NEG } else { NUMERIC_POS };
    let mut out = header(u16::try_from(kept.len()).ok()?, weight, sign, dscale);
    for g in kept {
        out.extend_from_slice(&g.to_be_bytes());
    }
    Some(out)
}

/// The text form of NUMERIC's binary form (as PostgreSQL prints it).
fn numeric_to_text(raw: &[u8]) -> Result<String, DecodeError> {
    let bad = || DecodeError("malformed numeric value from the server".into());
    let word = |i: usize| -> Result<u16, DecodeError> {
        raw.get(i..i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(bad)
    };
    let ndigits = usize::from(word(0)?);
    let weight = i64::from(word(2)? as i16);
    let sign = word(4)?;
    let dscale = usize::from(word(6)?);
    if raw.len() != 8 + 2 * ndigits {
        return Err(bad());
    }
    match sign {
        NUMERIC_NAN => return Ok("NaN".into()),
        NUMERIC_PINF => return Ok("Infinity".into()),
        NUMERIC_NINF => return Ok("-Infinity".into()),
        NUMERIC_POS | NUMERIC_NEG => {}
        _ => return Err(bad()),
    }
    let digit = |i: i64| -> u16 {
        if i < 0 || i >= ndigits as i64 {
            0
        } else {
            word(8 + 2 * i as usize).unwrap_or(0)
        }
    };
    let mut s = String::new();
    if sign == NUMERIC_NEG {
        s.push('-');
    }
    if weight < 0 {
        s.push('0');
    } else {
        for i in 0..=weight {
            if i == 0 {
                let _ = write!(s, "{}", digit(i));
            } else {
                let _ = write!(s, "{:04}", digit(i));
            }
        }
    }
    if dscale > 0 {
        s.push('.');
        let mut frac = String::with_capacity(dscale + 4);
        let mut i = weight + 1;
        while frac.len() < dscale {
            let _ = write!(frac, "{:04}", digit(i));
            i += 1;
        }
        frac.truncate(dscale);
        s.push_str(&frac);
    }
    Ok(s)
}

// --- results ------------------------------------------------------------

/// One result value, undecoded (the driver reads every type itself).
struct Cell<'a>(Option<&'a [u8]>);

impl<'a> FromSql<'a> for Cell<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(Cell(Some(raw)))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(Cell(None))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

fn fixed<const N: usize>(raw: &[u8], what: &str) -> Result<[u8; N], DecodeError> {
    raw.try_into()
        .map_err(|_| DecodeError(format!("malformed {what} value from the server")))
}

fn text_value(raw: &[u8]) -> Result<Value, DecodeError> {
    std::str::from_utf8(raw)
        .map(|s| Value::Text(Arc::from(s)))
        .map_err(|_| DecodeError("text from the server is not UTF-8".into()))
}

/// Days since 1970-01-01 as (year, month, day), proleptic Gregorian.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A PostgreSQL date (days since 2000-01-01) as PostgreSQL prints it.
fn date_text(days: i32) -> String {
    match days {
        i32::MAX => "infinity".into(),
        i32::MIN => "-infinity".into(),
        _ => {
            let (y, m, d) = civil_from_days(i64::from(days) + PG_EPOCH_DAYS);
            if y > 0 {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{:04}-{m:02}-{d:02} BC", 1 - y)
            }
        }
    }
}

/// Microseconds since midnight as `HH:MM:SS[.ffffff]`.
fn time_text(micros: i64) -> String {
    let secs = micros.div_euclid(1_000_000);
    let frac = micros.rem_euclid(1_000_000);
    let mut s = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    if frac > 0 {
        let f = format!("{frac:06}");
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    s
}

/// A timestamp (microseconds since 2000-01-01) as PostgreSQL prints it.
fn timestamp_text(micros: i64, utc: bool) -> String {
    match micros {
        i64::MAX => "infinity".into(),
        i64::MIN => "-infinity".into(),
        _ => {
            let days = micros.div_euclid(86_400_000_000);
            let time = time_text(micros.rem_euclid(86_400_000_000));
            let date = date_text(days as i32);
            let zone = if utc { "+00" } else { "" };
            match date.strip_suffix(" BC") {
                Some(d) => format!("{d} {time}{zone} BC"),
                None => format!("{date} {time}{zone}"),
            }
        }
    }
}

fn decode(c: Class, ty: &Type, raw: &[u8]) -> Result<Value, DecodeError> {
    Ok(match c {
        Class::Bool => Value::Bool(fixed::<1>(raw, "boolean")?[0] != 0),
        Class::Int2 => Value::Int(i64::from(i16::from_be_bytes(fixed(raw, "smallint")?))),
        Class::Int4 => Value::Int(i64::from(i32::from_be_bytes(fixed(raw, "integer")?))),
        Class::Int8 => Value::Int(i64::from_be_bytes(fixed(raw, "bigint")?)),
        Class::Oid => Value::Int(i64::from(u32::from_be_bytes(fixed(raw, "oid")?))),
        Class::Float4 => Value::Float(f64::from(f32::from_be_bytes(fixed(raw, "real")?))),
        Class::Float8 => Value::Float(f64::from_be_bytes(fixed(raw, "double")?)),
        Class::Numeric => {
            let text = numeric_to_text(raw)?;
            // Values rust_decimal cannot hold exactly (NaN, ±Infinity, more
            // than 28 digits) are read as text.
            #[cfg(feature = "decimal")]
            if let Ok(d) = rust_decimal::Decimal::from_str_exact(&text) {
                return Ok(Value::Decimal(d));
            }
            Value::Text(Arc::from(text))
        }
        Class::Text => text_value(raw)?,
        Class::Char => Value::Text(Arc::from(String::from_utf8_lossy(raw).as_ref())),
        Class::Bytea => Value::Bytes(Arc::from(raw)),
        Class::Date => {
            let days = i32::from_be_bytes(fixed(raw, "date")?);
            #[cfg(feature = "chrono")]
            if let Some(d) = days
                .checked_add(730_120)
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
                .filter(|_| days != i32::MAX && days != i32::MIN)
            {
                return Ok(Value::Date(d));
            }
            Value::Text(Arc::from(date_text(days)))
        }
        Class::Time => {
            let micros = i64::from_be_bytes(fixed(raw, "time")?);
            #[cfg(feature = "chrono")]
            if let Some(t) = u32::try_from(micros / 1_000_000).ok().and_then(|s| {
                chrono::NaiveTime::from_num_seconds_from_midnight_opt(
                    s,
                    (micros % 1_000_000) as u32 * 1_000,
                )
            }) {
                return Ok(Value::Time(t));
            }
            Value::Text(Arc::from(time_text(micros)))
        }
        Class::TimeTz => {
            let micros =
                i64::from_be_bytes(fixed(raw.get(..8).unwrap_or(raw), "time with time zone")?);
            let west =
                i32::from_be_bytes(fixed(raw.get(8..).unwrap_or(&[]), "time with time zone")?);
            let east = -west;
            let sign = if east < 0 { '-' } else { '+' };
            let (h, m, s) = (east.abs() / 3600, east.abs() / 60 % 60, east.abs() % 60);
            let mut text = format!("{}{sign}{h:02}", time_text(micros));
            if m != 0 || s != 0 {
                let _ = write!(text, ":{m:02}");
            }
            if s != 0 {
                let _ = write!(text, ":{s:02}");
            }
            Value::Text(Arc::from(text))
        }
        Class::Timestamp | Class::TimestampTz => {
            let micros = i64::from_be_bytes(fixed(raw, "timestamp")?);
            #[cfg(feature = "chrono")]
            if let Some(dt) = micros
                .checked_add(PG_EPOCH_MICROS)
                .filter(|_| micros != i64::MAX && micros != i64::MIN)
                .and_then(chrono::DateTime::from_timestamp_micros)
            {
                return Ok(if c == Class::Timestamp {
                    Value::DateTime(dt.naive_utc())
                } else {
                    Value::DateTimeTz(dt.fixed_offset())
                });
            }
            Value::Text(Arc::from(timestamp_text(micros, c == Class::TimestampTz)))
        }
        Class::Json | Class::Jsonb => {
            let text = if c == Class::Jsonb {
                match raw.split_first() {
                    Some((1, rest)) => rest,
                    _ => return Err(DecodeError("unknown jsonb format from the server".into())),
                }
            } else {
                raw
            };
            #[cfg(feature = "json")]
            {
                let j: serde_json::Value = serde_json::from_slice(text)
                    .map_err(|e| DecodeError(format!("invalid JSON from the server: {e}")))?;
                return Ok(Value::Json(Arc::new(j)));
            }
            #[cfg(not(feature = "json"))]
            text_value(text)?
        }
        Class::Uuid => {
            let bytes: [u8; 16] = fixed(raw, "uuid")?;
            #[cfg(feature = "uuid")]
            {
                return Ok(Value::Uuid(uuid::Uuid::from_bytes(bytes)));
            }
            #[cfg(not(feature = "uuid"))]
            {
                let mut s = String::with_capacity(36);
                for (i, b) in bytes.iter().enumerate() {
                    if matches!(i, 4 | 6 | 8 | 10) {
                        s.push('-');
                    }
                    let _ = write!(s, "{b:02x}");
                }
                Value::Text(Arc::from(s))
            }
        }
        Class::Void => Value::Null,
        Class::Other => {
            return Err(DecodeError(format!(
                "cannot read a value of type {}",
                ty.name()
            )));
        }
    })
}

// --- the driver ---------------------------------------------------------

impl PgDriver {
    fn prepare(&mut self, sql: &str) -> Result<Statement, DriverError> {
        if let Some(stmt) = self.statements.get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(sql).map_err(classify)?;
        self.statements.put(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    fn run_once(
        &mut self,
        sql: &str,
        params: &[Value],
        known: Option<&[Arc<str>]>,
    ) -> Result<Raw, DriverError> {
        let stmt = match self.prepare(sql) {
            Ok(stmt) => stmt,
            // Several statements in one string cannot be prepared; without
            // parameters they can run as a batch (returning nothing). Inside
            // a transaction the failed PREPARE has aborted it: report that.
            Err(e)
                if params.is_empty()
                    && sqlstate(&e) == Some(&SqlState::SYNTAX_ERROR)
                    && e.message.starts_with("cannot insert multiple commands") =>
            {
                self.client.batch_execute(sql).map_err(|again| {
                    let again = classify(again);
                    if sqlstate(&again) == Some(&SqlState::IN_FAILED_SQL_TRANSACTION) {
                        e
                    } else {
                        again
                    }
                })?;
                return Ok(Raw {
                    columns: Some(Vec::new()),
                    rows: RowQueue::default(),
                    rows_affected: 0,
                    last_insert_id: None,
                });
            }
            Err(e) => return Err(e),
        };
        if stmt.params().len() != params.len() {
            return Err(DriverError {
                kind: ErrorKind::Programming,
                message: format!(
                    "the statement has {} parameters, but {} values were given",
                    stmt.params().len(),
                    params.len()
                ),
                source: "parameter count mismatch".into(),
            });
        }
        let classes: Vec<Class> = stmt.columns().iter().map(|c| class(c.type_())).collect();
        if let Some(i) = classes.iter().position(|c| *c == Class::Other) {
            let col = &stmt.columns()[i];
            let message = format!(
                "result column {:?} has type {}, which the PostgreSQL driver cannot read; \
                 CAST it to TEXT (or another supported type) in the query",
                col.name(),
                col.type_().name()
            );
            return Err(DriverError {
                kind: ErrorKind::NotSupported,
                source: message.clone().into(),
                message,
            });
        }
        let bound: Vec<Param<'_>> = params
            .iter()
            .enumerate()
            .map(|(i, value)| Param { n: i + 1, value })
            .collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            bound.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let columns = if same_names(known, stmt.columns().iter().map(|c| c.name())) {
            None
        } else {
            Some(stmt.columns().iter().map(|c| Arc::from(c.name())).collect())
        };
        if stmt.columns().is_empty() {
            let n = self.client.execute(&stmt, &refs).map_err(classify)?;
            return Ok(Raw {
                columns,
                rows: RowQueue::default(),
                rows_affected: n,
                last_insert_id: None,
            });
        }
        let rows = self.client.query(&stmt, &refs).map_err(classify)?;
        let mut out = RowQueue::default();
        for row in &rows {
            let mut values = Vec::with_capacity(classes.len());
            for (i, c) in classes.iter().enumerate() {
                let cell: Cell<'_> = row.try_get(i).map_err(classify)?;
                values.push(match cell.0 {
                    None => Value::Null,
                    Some(raw) => decode(*c, stmt.columns()[i].type_(), raw).map_err(|e| {
                        let message = format!("column {:?}: {e}", stmt.columns()[i].name());
                        DriverError {
                            kind: ErrorKind::Data,
                            message,
                            source: Box::new(e),
                        }
                    })?,
                });
            }
            out.push(values);
        }
        Ok(Raw {
            columns,
            rows_affected: out.len() as u64,
            rows: out,
            last_insert_id: None,
        })
    }
}

impl Driver for PgDriver {
    fn run(
        &mut self,
        sql: &str,
        params: &[Value],
        known: Option<&[Arc<str>]>,
    ) -> Result<Raw, DriverError> {
        let result = self.run_retrying(sql, params, known);
        self.note(result)
    }

    fn batch(&mut self, sql: &str) -> Result<(), DriverError> {
        let result = self.client.batch_execute(sql).map_err(classify);
        self.note(result)
    }

    fn ping(&mut self) -> bool {
        !self.broken && !self.client.is_closed() && self.client.batch_execute("SELECT 1").is_ok()
    }

    fn is_broken(&mut self) -> bool {
        // The connection task ends when the socket fails or the server
        // closes the session; a FATAL error may be seen before that.
        self.broken || self.client.is_closed()
    }
}

impl PgDriver {
    /// Marks the connection broken when an error ended its session.
    fn note<T>(&mut self, result: Result<T, DriverError>) -> Result<T, DriverError> {
        if let Err(e) = &result {
            self.broken |= ends_session(e);
        }
        result
    }

    fn run_retrying(
        &mut self,
        sql: &str,
        params: &[Value],
        known: Option<&[Arc<str>]>,
    ) -> Result<Raw, DriverError> {
        match self.run_once(sql, params, known) {
            Err(e) if is_stale_plan(&e) => {
                // The table changed shape since the statement was prepared:
                // prepare it again. (Inside a transaction the failure has
                // aborted it, and the first error is the one to report.)
                self.statements.pop(sql);
                self.run_once(sql, params, known).map_err(|again| {
                    if sqlstate(&again) == Some(&SqlState::IN_FAILED_SQL_TRANSACTION) {
                        e
                    } else {
                        again
                    }
                })
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        let bin = numeric_to_binary(text).expect("encodes");
        numeric_to_text(&bin).expect("decodes")
    }

    #[test]
    fn numeric_codec() {
        for s in [
            "0",
            "1",
            "-1",
            "12345678.91",
            "0.0001",
            "0.00001",
            "-0.5",
            "10000",
            "99999999",
            "100000000.000",
            "123456789012345678901234567890.123456789",
            "NaN",
            "Infinity",
            "-Infinity",
            "0.000",
            "7.10",
        ] {
            assert_eq!(round_trip(s), s);
        }
        assert_eq!(round_trip("007.50"), "7.50");
        assert_eq!(round_trip("-0"), "0");
        assert_eq!(round_trip(".5"), "0.5");
        assert!(numeric_to_binary("1e5").is_none());
        assert!(numeric_to_binary("").is_none());
        assert!(numeric_to_binary(".").is_none());
        // 12345678.91: digits 1234 5678 9100, weight 1, dscale 2.
        let b = numeric_to_binary("12345678.91").expect("encodes");
        assert_eq!(b, [0, 3, 0, 1, 0, 0, 0, 2, 4, 210, 22, 46, 35, 140]);
    }

    #[test]
    fn date_and_time_text() {
        assert_eq!(date_text(0), "2000-01-01");
        assert_eq!(date_text(-1), "1999-12-31");
        assert_eq!(date_text(8825), "2024-02-29");
        assert_eq!(date_text(-730_119 - 366), "0001-01-01 BC");
        assert_eq!(time_text(49_507_250_000), "13:45:07.25");
        assert_eq!(timestamp_text(-1, true), "1999-12-31 23:59:59.999999+00");
        assert_eq!(timestamp_text(i64::MAX, false), "infinity");
    }

    #[test]
    fn sqlstate_classes() {
        assert_eq!(kind_of_sqlstate("23505"), ErrorKind::Integrity);
        assert_eq!(kind_of_sqlstate("22012"), ErrorKind::Data);
        assert_eq!(kind_of_sqlstate("42601"), ErrorKind::Programming);
        assert_eq!(kind_of_sqlstate("3D000"), ErrorKind::Programming);
        assert_eq!(kind_of_sqlstate("40001"), ErrorKind::Operational);
        assert_eq!(kind_of_sqlstate("0A000"), ErrorKind::NotSupported);
        assert_eq!(kind_of_sqlstate("XX000"), ErrorKind::Internal);
        assert_eq!(kind_of_sqlstate("P0001"), ErrorKind::Interface);
    }
}
