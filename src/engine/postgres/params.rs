//! Types and parameters: how each PostgreSQL type is classed, and values bound to parameters.

use aludel_compiler::Value;
use postgres::types::private::BytesMut;
use postgres::types::{Format, IsNull, Kind, ToSql, Type, to_sql_checked};

#[cfg(feature = "chrono")]
use super::PG_EPOCH_MICROS;
use super::decode::numeric_to_binary;
use super::errors::BindError;
use super::{BoxError, TWO_63};

// --- types --------------------------------------------------------------

/// How the driver reads and writes a PostgreSQL type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
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

pub(super) fn class(ty: &Type) -> Class {
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
pub(super) struct Param<'a> {
    pub(super) n: usize,
    pub(super) value: &'a Value,
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
