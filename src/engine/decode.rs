//! Reading result values as Rust types: [`FromValue`].
//!
//! Conversions accept every representation a database returns for the
//! type: SQLite hands back booleans as integers and dates as text, MySQL
//! decimals as text; `row.get::<T>(..)` reads them all.

use aludel_compiler::value::Text;
use std::borrow::Cow;
use std::sync::Arc;

use aludel_compiler::Value;

use super::row_cell::RowCell;

/// A Rust type a result value can be read as.
///
/// ```
/// use aludel::{FromValue, Value};
/// assert_eq!(i64::from_value(&Value::Int(5)), Ok(5));
/// assert_eq!(bool::from_value(&Value::Int(1)), Ok(true));
/// assert_eq!(Option::<String>::from_value(&Value::Null), Ok(None));
/// assert!(i32::from_value(&Value::from("x")).is_err());
/// ```
pub trait FromValue: Sized {
    /// The type's name in error messages.
    const NAME: &'static str;

    /// Converts, or describes what was found instead.
    fn from_value(v: &Value) -> Result<Self, String>;

    /// Converts a value still in the driver's buffer (a row read with
    /// [`Connection::query_map`](crate::Connection::query_map)). The default
    /// copies text and bytes into a [`Value`] and calls
    /// [`from_value`](Self::from_value); types that own their text or bytes
    /// (`String`, `Vec<u8>`) copy them once, straight from the buffer.
    ///
    /// ```
    /// use aludel::{FromValue, ValueRef};
    /// assert_eq!(String::from_value_ref(ValueRef::Text("hi")), Ok("hi".to_owned()));
    /// assert_eq!(i64::from_value_ref(ValueRef::Text("7")), Ok(7));
    /// ```
    fn from_value_ref(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Value(v) => Self::from_value(&v),
            other => Self::from_value(&other.to_value()),
        }
    }

    /// Converts one value of a row read in place (what
    /// [`RowRef::get`](crate::RowRef::get) calls). The default reads it as
    /// a [`ValueRef`] and calls [`from_value_ref`](Self::from_value_ref);
    /// the integer types and `String` read an integer or a text straight
    /// from the driver's buffer first (see [`RowCell`] for a type of one's
    /// own), which spares the `ValueRef`.
    ///
    /// See [`RowCell`].
    #[inline]
    fn from_cell(cell: RowCell<'_>) -> Result<Self, String> {
        Self::from_value_ref(cell.value_ref())
    }
}

/// A result value as the driver holds it: text and bytes borrowed from its
/// buffer, anything else (numbers, NULL, values the driver decoded itself)
/// as a [`Value`].
///
/// ```
/// use aludel::{Value, ValueRef};
/// let v = ValueRef::Text("abc");
/// assert_eq!(v.to_value(), Value::from("abc"));
/// assert!(ValueRef::Value(std::borrow::Cow::Owned(Value::Null)).is_null());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum ValueRef<'a> {
    /// Text in the driver's buffer.
    Text(&'a str),
    /// Bytes in the driver's buffer.
    Bytes(&'a [u8]),
    /// Any other value.
    Value(Cow<'a, Value>),
}

impl ValueRef<'_> {
    /// The value, copied out of the driver's buffer.
    ///
    /// See [`ValueRef`].
    pub fn to_value(&self) -> Value {
        match self {
            ValueRef::Text(s) => Value::from(*s),
            ValueRef::Bytes(b) => Value::Bytes(Arc::from(*b)),
            ValueRef::Value(v) => v.clone().into_owned(),
        }
    }

    /// Whether this is SQL NULL.
    ///
    /// See [`ValueRef`].
    pub fn is_null(&self) -> bool {
        matches!(self, ValueRef::Value(v) if v.is_null())
    }
}

fn found(v: &Value) -> String {
    match v {
        Value::Null => "NULL".to_owned(),
        Value::Text(s) if s.len() <= 40 => format!("text {s:?}"),
        other => {
            let kind = other.kind();
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {kind} value")
        }
    }
}

impl FromValue for Value {
    const NAME: &'static str = "Value";
    fn from_value(v: &Value) -> Result<Self, String> {
        Ok(v.clone())
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const NAME: &'static str = "Option";
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }

    fn from_value_ref(v: ValueRef<'_>) -> Result<Self, String> {
        if v.is_null() {
            Ok(None)
        } else {
            T::from_value_ref(v).map(Some)
        }
    }
}

impl FromValue for i64 {
    const NAME: &'static str = "i64";
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(i64::from(*b)),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 => {
                Ok(*f as i64)
            }
            Value::Text(s) => s.trim().parse().map_err(|_| found(v)),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) if d.fract().is_zero() => i64::try_from(*d).map_err(|_| found(v)),
            other => Err(found(other)),
        }
    }

    /// An integer cell is read without going through the general path.
    #[inline]
    fn from_value_ref(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Value(c) => match *c {
                Value::Int(i) => Ok(i),
                ref other => Self::from_value(other),
            },
            other => Self::from_value(&other.to_value()),
        }
    }

    #[inline]
    fn from_cell(cell: RowCell<'_>) -> Result<Self, String> {
        match cell.int() {
            Some(i) => Ok(i),
            None => Self::from_value_ref(cell.value_ref()),
        }
    }
}

macro_rules! via_i64 {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            const NAME: &'static str = stringify!($t);
            fn from_value(v: &Value) -> Result<Self, String> {
                let i = i64::from_value(v)?;
                <$t>::try_from(i).map_err(|_| format!("{i}, out of range"))
            }

            #[inline]
            fn from_cell(cell: RowCell<'_>) -> Result<Self, String> {
                let i = i64::from_cell(cell)?;
                <$t>::try_from(i).map_err(|_| format!("{i}, out of range"))
            }
        }
    )*};
}
via_i64!(i8, i16, i32, u8, u16, u32, u64, usize);

impl FromValue for f64 {
    const NAME: &'static str = "f64";
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            Value::Text(s) => s.trim().parse().map_err(|_| found(v)),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => {
                use rust_decimal::prelude::ToPrimitive;
                d.to_f64().ok_or_else(|| found(v))
            }
            other => Err(found(other)),
        }
    }
}

impl FromValue for f32 {
    const NAME: &'static str = "f32";
    fn from_value(v: &Value) -> Result<Self, String> {
        f64::from_value(v).map(|f| f as f32)
    }
}

impl FromValue for bool {
    const NAME: &'static str = "bool";
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Int(0) => Ok(false),
            Value::Int(1) => Ok(true),
            Value::Text(s) => match s.as_ref() {
                "t" | "true" | "1" | "TRUE" => Ok(true),
                "f" | "false" | "0" | "FALSE" => Ok(false),
                _ => Err(found(v)),
            },
            other => Err(found(other)),
        }
    }
}

impl FromValue for String {
    const NAME: &'static str = "String";
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Text(s) => Ok(String::from(&**s)),
            Value::Bytes(b) => String::from_utf8(b.to_vec()).map_err(|_| found(v)),
            Value::Null => Err(found(v)),
            other => Ok(other.to_string()),
        }
    }

    fn from_value_ref(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Text(s) => Ok(s.to_owned()),
            other => Self::from_value(&other.to_value()),
        }
    }

    #[inline]
    fn from_cell(cell: RowCell<'_>) -> Result<Self, String> {
        match cell.text() {
            Some(s) => Ok(s.to_owned()),
            None => Self::from_value_ref(cell.value_ref()),
        }
    }
}

/// Text read without allocating when it is at most 16 bytes long.
impl FromValue for Text {
    const NAME: &'static str = "Text";
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            other => String::from_value(other).map(Text::from),
        }
    }

    fn from_value_ref(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Text(s) => Ok(Text::new(s)),
            other => Self::from_value(&other.to_value()),
        }
    }

    #[inline]
    fn from_cell(cell: RowCell<'_>) -> Result<Self, String> {
        match cell.text() {
            Some(s) => Ok(Text::new(s)),
            None => Self::from_value_ref(cell.value_ref()),
        }
    }
}

impl FromValue for Arc<str> {
    const NAME: &'static str = "Arc<str>";
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Text(s) => Ok(Arc::from(s.clone())),
            other => String::from_value(other).map(Arc::from),
        }
    }
}

impl FromValue for Vec<u8> {
    const NAME: &'static str = "Vec<u8>";
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Bytes(b) => Ok(b.to_vec()),
            Value::Text(s) => Ok(s.as_bytes().to_vec()),
            other => Err(found(other)),
        }
    }

    fn from_value_ref(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Bytes(b) => Ok(b.to_vec()),
            ValueRef::Text(s) => Ok(s.as_bytes().to_vec()),
            other => Self::from_value(&other.to_value()),
        }
    }
}

#[cfg(feature = "decimal")]
impl FromValue for rust_decimal::Decimal {
    const NAME: &'static str = "Decimal";
    fn from_value(v: &Value) -> Result<Self, String> {
        use std::str::FromStr;
        match v {
            Value::Decimal(d) => Ok(*d),
            Value::Int(i) => Ok(rust_decimal::Decimal::from(*i)),
            Value::Float(f) => rust_decimal::Decimal::try_from(*f).map_err(|_| found(v)),
            Value::Text(s) => rust_decimal::Decimal::from_str(s.trim())
                .or_else(|_| rust_decimal::Decimal::from_scientific(s.trim()))
                .map_err(|_| found(v)),
            other => Err(found(other)),
        }
    }
}

#[cfg(feature = "chrono")]
mod chrono_impls {
    use super::*;
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};

    const DATETIME_FORMATS: [&str; 3] = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ];

    impl FromValue for NaiveDate {
        const NAME: &'static str = "NaiveDate";
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::Date(d) => Ok(*d),
                Value::DateTime(dt) => Ok(dt.date()),
                Value::Text(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .or_else(|_| {
                        NaiveDateTime::from_value(v)
                            .map(|dt| dt.date())
                            .map_err(|_| ())
                    })
                    .map_err(|_| found(v)),
                other => Err(found(other)),
            }
        }
    }

    impl FromValue for NaiveTime {
        const NAME: &'static str = "NaiveTime";
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::Time(t) => Ok(*t),
                Value::Text(s) => NaiveTime::parse_from_str(s.trim(), "%H:%M:%S%.f")
                    .or_else(|_| NaiveTime::parse_from_str(s.trim(), "%H:%M"))
                    .map_err(|_| found(v)),
                other => Err(found(other)),
            }
        }
    }

    impl FromValue for NaiveDateTime {
        const NAME: &'static str = "NaiveDateTime";
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::DateTime(dt) => Ok(*dt),
                Value::DateTimeTz(dt) => Ok(dt.naive_utc()),
                Value::Date(d) => Ok(d.and_time(NaiveTime::MIN)),
                Value::Text(s) => DATETIME_FORMATS
                    .iter()
                    .find_map(|f| NaiveDateTime::parse_from_str(s.trim(), f).ok())
                    .or_else(|| {
                        // Text with an offset (a time-zone column on SQLite): the UTC instant.
                        DateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S%.f%:z")
                            .or_else(|_| DateTime::parse_from_rfc3339(s.trim()))
                            .ok()
                            .map(|d| d.naive_utc())
                    })
                    .or_else(|| {
                        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                            .ok()
                            .map(|d| d.and_time(NaiveTime::MIN))
                    })
                    .ok_or_else(|| found(v)),
                other => Err(found(other)),
            }
        }
    }

    impl FromValue for DateTime<FixedOffset> {
        const NAME: &'static str = "DateTime<FixedOffset>";
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::DateTimeTz(dt) => Ok(*dt),
                // A value without offset (MySQL DATETIME, SQLite text written as UTC) is UTC.
                Value::DateTime(dt) => Ok(dt.and_utc().fixed_offset()),
                Value::Text(s) => {
                    let t = s.trim();
                    DateTime::parse_from_rfc3339(t)
                        .or_else(|_| DateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f%:z"))
                        .or_else(|_| DateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f%#z"))
                        .or_else(|_| {
                            NaiveDateTime::from_value(v)
                                .map(|dt| dt.and_utc().fixed_offset())
                                .map_err(|_| ())
                        })
                        .map_err(|_| found(v))
                }
                other => Err(found(other)),
            }
        }
    }

    impl FromValue for DateTime<Utc> {
        const NAME: &'static str = "DateTime<Utc>";
        fn from_value(v: &Value) -> Result<Self, String> {
            DateTime::<FixedOffset>::from_value(v).map(|d| d.with_timezone(&Utc))
        }
    }
}

#[cfg(feature = "json")]
impl FromValue for serde_json::Value {
    const NAME: &'static str = "serde_json::Value";
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Json(j) => Ok((**j).clone()),
            Value::Text(s) => serde_json::from_str(s).map_err(|_| found(v)),
            Value::Bytes(b) => serde_json::from_slice(b).map_err(|_| found(v)),
            other => Err(found(other)),
        }
    }
}

#[cfg(feature = "uuid")]
impl FromValue for uuid::Uuid {
    const NAME: &'static str = "Uuid";
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Uuid(u) => Ok(*u),
            Value::Text(s) => uuid::Uuid::parse_str(s.trim()).map_err(|_| found(v)),
            Value::Bytes(b) => uuid::Uuid::from_slice(b)
                .or_else(|_| {
                    std::str::from_utf8(b)
                        .map_err(|_| ())
                        .and_then(|s| uuid::Uuid::parse_str(s).map_err(|_| ()))
                        .map_err(|_| uuid::Uuid::nil())
                })
                .map_err(|_| found(v)),
            other => Err(found(other)),
        }
    }
}
