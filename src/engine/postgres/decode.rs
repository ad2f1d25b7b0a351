//! NUMERIC's binary form and the decoding of result values.

use std::fmt::Write as _;
use std::sync::Arc;

use aludel_compiler::Value;
use postgres::types::{FromSql, Type};

#[cfg(feature = "chrono")]
use super::PG_EPOCH_MICROS;
use super::errors::DecodeError;
use super::params::Class;
use super::{BoxError, PG_EPOCH_DAYS};

// --- NUMERIC ------------------------------------------------------------

const NUMERIC_POS: u16 = 0x0000;
const NUMERIC_NEG: u16 = 0x4000;
const NUMERIC_NAN: u16 = 0xC000;
const NUMERIC_PINF: u16 = 0xD000;
const NUMERIC_NINF: u16 = 0xF000;

/// NUMERIC's binary form of a plain decimal (`-12.340`), `NaN` or
/// `±Infinity`; `None` if the text is not one.
pub(super) fn numeric_to_binary(text: &str) -> Option<Vec<u8>> {
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
pub(super) struct Cell<'a>(pub(super) Option<&'a [u8]>);

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
        .map(Value::from)
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

pub(super) fn decode(c: Class, ty: &Type, raw: &[u8]) -> Result<Value, DecodeError> {
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
            Value::from(text)
        }
        Class::Text => text_value(raw)?,
        Class::Char => Value::from(String::from_utf8_lossy(raw).as_ref()),
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
            Value::from(date_text(days))
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
            Value::from(time_text(micros))
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
            Value::from(text)
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
            Value::from(timestamp_text(micros, c == Class::TimestampTz))
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
                Value::from(s)
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
}
