//! Bound values: the [`Value`] enum and conversions from Rust types.
//!
//! Every value a user passes into a statement becomes a `Value` and is sent to
//! the database as a bound parameter, never spliced into SQL text (literal
//! rendering happens only on request, see
//! [`CompileOptions::literal_binds`](crate::CompileOptions::literal_binds)).
//!
//! Text is a [`Text`]: up to 16 bytes are held inline, so collecting a
//! statement's short strings copies them in place (no allocation, no
//! reference count), and longer text is shared behind a count. Binary
//! payloads are reference counted, so collecting the parameters of a
//! statement clones pointers, not buffers.

use std::fmt;
use std::sync::Arc;

mod copy;
mod text;

pub(crate) use copy::copy_into;
pub use text::{INLINE_CAP, Text};

/// A value bound to a statement parameter.
///
/// ```
/// use aludel_compiler::Value;
/// assert_eq!(Value::from(5), Value::Int(5));
/// assert_eq!(Value::from("jack"), Value::Text("jack".into()));
/// assert_eq!(Value::from(None::<i64>), Value::Null);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A boolean.
    Bool(bool),
    /// A signed 64-bit integer (every integer type converts to this).
    Int(i64),
    /// A double-precision float.
    Float(f64),
    /// Text: held inline up to 16 bytes, shared behind a count beyond.
    ///
    /// ```
    /// use aludel_compiler::value::{Text, Value};
    /// let v = Value::Text(Text::new("jack"));
    /// assert_eq!(v, Value::from("jack"));
    /// if let Value::Text(s) = &v {
    ///     assert_eq!(s.as_str(), "jack");
    /// }
    /// ```
    Text(Text),
    /// Binary data.
    Bytes(Arc<[u8]>),
    /// An exact decimal number.
    #[cfg(feature = "decimal")]
    Decimal(rust_decimal::Decimal),
    /// A calendar date.
    #[cfg(feature = "chrono")]
    Date(chrono::NaiveDate),
    /// A time of day.
    #[cfg(feature = "chrono")]
    Time(chrono::NaiveTime),
    /// A date and time without time zone.
    #[cfg(feature = "chrono")]
    DateTime(chrono::NaiveDateTime),
    /// A date and time with a UTC offset.
    #[cfg(feature = "chrono")]
    DateTimeTz(chrono::DateTime<chrono::FixedOffset>),
    /// A JSON document.
    #[cfg(feature = "json")]
    Json(Arc<serde_json::Value>),
    /// A UUID.
    #[cfg(feature = "uuid")]
    Uuid(uuid::Uuid),
}

impl Value {
    /// True for [`Value::Null`].
    ///
    /// ```
    /// assert!(aludel_compiler::Value::Null.is_null());
    /// ```
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A short name of the value's kind, used in error messages.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::Value::from(1.5).kind(), "float");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytes",
            #[cfg(feature = "decimal")]
            Value::Decimal(_) => "decimal",
            #[cfg(feature = "chrono")]
            Value::Date(_) => "date",
            #[cfg(feature = "chrono")]
            Value::Time(_) => "time",
            #[cfg(feature = "chrono")]
            Value::DateTime(_) => "datetime",
            #[cfg(feature = "chrono")]
            Value::DateTimeTz(_) => "datetime with time zone",
            #[cfg(feature = "json")]
            Value::Json(_) => "json",
            #[cfg(feature = "uuid")]
            Value::Uuid(_) => "uuid",
        }
    }

    /// The text payload, if this is [`Value::Text`].
    ///
    /// ```
    /// assert_eq!(aludel_compiler::Value::from("x").as_str(), Some("x"));
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The integer payload, if this is [`Value::Int`].
    ///
    /// ```
    /// assert_eq!(aludel_compiler::Value::from(7u8).as_i64(), Some(7));
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    /// A readable rendering for logs and snapshots (not SQL).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Text(s) => write!(f, "{s:?}"),
            Value::Bytes(b) => {
                f.write_str("x'")?;
                for byte in b.iter() {
                    write!(f, "{byte:02x}")?;
                }
                f.write_str("'")
            }
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => write!(f, "{d}"),
            #[cfg(feature = "chrono")]
            Value::Date(d) => write!(f, "{d}"),
            #[cfg(feature = "chrono")]
            Value::Time(t) => write!(f, "{t}"),
            #[cfg(feature = "chrono")]
            Value::DateTime(t) => write!(f, "{t}"),
            #[cfg(feature = "chrono")]
            Value::DateTimeTz(t) => write!(f, "{t}"),
            #[cfg(feature = "json")]
            Value::Json(j) => write!(f, "{j}"),
            #[cfg(feature = "uuid")]
            Value::Uuid(u) => write!(f, "{u}"),
        }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            #[inline(always)]
            fn from(v: $t) -> Self { Value::Int(i64::from(v)) }
        }
    )*};
}
from_int!(i8, i16, i32, i64, u8, u16, u32);

impl TryFrom<u64> for Value {
    type Error = std::num::TryFromIntError;
    /// Converts a `u64`, failing when it does not fit in SQL's signed BIGINT.
    fn try_from(v: u64) -> Result<Self, Self::Error> {
        Ok(Value::Int(i64::try_from(v)?))
    }
}

impl TryFrom<usize> for Value {
    type Error = std::num::TryFromIntError;
    /// Converts a `usize`, failing when it does not fit in SQL's signed BIGINT.
    fn try_from(v: usize) -> Result<Self, Self::Error> {
        Ok(Value::Int(i64::try_from(v)?))
    }
}

impl From<bool> for Value {
    #[inline]
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<f64> for Value {
    #[inline]
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}
impl From<f32> for Value {
    #[inline]
    fn from(v: f32) -> Self {
        Value::Float(f64::from(v))
    }
}
impl From<&str> for Value {
    #[inline(always)]
    fn from(v: &str) -> Self {
        Value::Text(Text::new(v))
    }
}
impl From<String> for Value {
    #[inline]
    fn from(v: String) -> Self {
        Value::Text(Text::from(v))
    }
}
impl From<&String> for Value {
    #[inline]
    fn from(v: &String) -> Self {
        Value::Text(Text::new(v))
    }
}
impl From<Arc<str>> for Value {
    #[inline]
    fn from(v: Arc<str>) -> Self {
        Value::Text(Text::from(v))
    }
}
impl From<Text> for Value {
    #[inline]
    fn from(v: Text) -> Self {
        Value::Text(v)
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Bytes(Arc::from(v))
    }
}
impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Self {
        Value::Bytes(Arc::from(v))
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

#[cfg(feature = "decimal")]
impl From<rust_decimal::Decimal> for Value {
    #[inline]
    fn from(v: rust_decimal::Decimal) -> Self {
        Value::Decimal(v)
    }
}
#[cfg(feature = "chrono")]
impl From<chrono::NaiveDate> for Value {
    #[inline]
    fn from(v: chrono::NaiveDate) -> Self {
        Value::Date(v)
    }
}
#[cfg(feature = "chrono")]
impl From<chrono::NaiveTime> for Value {
    #[inline]
    fn from(v: chrono::NaiveTime) -> Self {
        Value::Time(v)
    }
}
#[cfg(feature = "chrono")]
impl From<chrono::NaiveDateTime> for Value {
    #[inline]
    fn from(v: chrono::NaiveDateTime) -> Self {
        Value::DateTime(v)
    }
}
#[cfg(feature = "chrono")]
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for Value {
    fn from(v: chrono::DateTime<Tz>) -> Self {
        Value::DateTimeTz(v.fixed_offset())
    }
}
#[cfg(feature = "json")]
impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        Value::Json(Arc::new(v))
    }
}
#[cfg(feature = "uuid")]
impl From<uuid::Uuid> for Value {
    #[inline]
    fn from(v: uuid::Uuid) -> Self {
        Value::Uuid(v)
    }
}
