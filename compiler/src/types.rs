//! SQL types: what a column holds, rendered per dialect in DDL and CAST.

use std::fmt;
use std::sync::Arc;

/// A SQL type, in SQLAlchemy's generic vocabulary. Each dialect renders it
/// as its own DDL (`Type::DateTime { timezone: false }` is `DATETIME` on
/// SQLite and MySQL, `TIMESTAMP WITHOUT TIME ZONE` on PostgreSQL).
///
/// ```
/// use aludel_compiler::Type;
/// let t = Type::String(Some(50));
/// assert!(t.is_string());
/// assert_eq!(Type::numeric(10, 2), Type::Numeric { precision: Some(10), scale: Some(2) });
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Type {
    /// A 32-bit integer (`INTEGER`).
    Integer,
    /// A 64-bit integer (`BIGINT`).
    BigInteger,
    /// A 16-bit integer (`SMALLINT`).
    SmallInteger,
    /// Variable-length text with an optional maximum length (`VARCHAR(n)`).
    String(Option<u32>),
    /// Unbounded text (`TEXT`).
    Text,
    /// Unicode text with an optional length (`NVARCHAR` where it differs).
    Unicode(Option<u32>),
    /// Unbounded unicode text.
    UnicodeText,
    /// A boolean (`BOOLEAN`; `BIT`/`SMALLINT` where there is none).
    Boolean,
    /// A floating point number (`FLOAT`).
    Float,
    /// A double-precision float (`DOUBLE PRECISION`).
    Double,
    /// An exact decimal (`NUMERIC(p, s)`).
    Numeric {
        /// Total digits.
        precision: Option<u32>,
        /// Digits after the point.
        scale: Option<u32>,
    },
    /// A calendar date.
    Date,
    /// A time of day.
    Time,
    /// A date and time.
    DateTime {
        /// Whether the value carries a time zone.
        timezone: bool,
    },
    /// Binary data (`BLOB`, `BYTEA`).
    LargeBinary,
    /// A named set of allowed strings.
    Enum(Arc<EnumType>),
    /// A JSON document.
    Json,
    /// A UUID (native where the dialect has one, `CHAR(32)` otherwise).
    Uuid,
    /// A serialized Rust value of any serde type (SQLAlchemy's PickleType).
    Serialized(SerializedFormat),
    /// A type given by its DDL text, used verbatim (e.g. from reflection).
    Custom(Arc<str>),
}

/// How a [`Type::Serialized`] value is stored.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::CreateTable, types::SerializedFormat, dialect::Postgres};
/// let t = MetaData::new().table("settings")
///     .column(Column::new("blob", Type::Serialized(SerializedFormat::Binary)))
///     .column(Column::new("doc", Type::Serialized(SerializedFormat::Text)))
///     .build()?;
/// assert_eq!(CreateTable::new(&t).compile(&Postgres).unwrap().sql,
///     "CREATE TABLE settings (\n\tblob BYTEA, \n\tdoc TEXT\n)");
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SerializedFormat {
    /// Stored in a binary column (`BLOB`, `BYTEA`).
    Binary,
    /// Stored in a text column as JSON.
    Text,
}

/// The definition of an enumerated type: a name and its variants.
///
/// ```
/// use aludel_compiler::Type;
/// let mood = Type::enumeration("mood_enum", ["happy", "sad"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EnumType {
    /// The type's name (used in messages; DDL renders the variants).
    pub name: Arc<str>,
    /// The allowed values, in order.
    pub variants: Vec<Arc<str>>,
}

impl Type {
    /// `NUMERIC(precision, scale)`.
    ///
    /// ```
    /// let t = aludel_compiler::Type::numeric(12, 2);
    /// ```
    pub fn numeric(precision: u32, scale: u32) -> Type {
        Type::Numeric {
            precision: Some(precision),
            scale: Some(scale),
        }
    }

    /// `VARCHAR(length)`.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::Type::string(20), aludel_compiler::Type::String(Some(20)));
    /// ```
    pub fn string(length: u32) -> Type {
        Type::String(Some(length))
    }

    /// An enumerated type with a name and its variants.
    ///
    /// ```
    /// let t = aludel_compiler::Type::enumeration("color", ["red", "green"]);
    /// ```
    pub fn enumeration<I, S>(name: &str, variants: I) -> Type
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Type::Enum(Arc::new(EnumType {
            name: Arc::from(name),
            variants: variants
                .into_iter()
                .map(|v| Arc::from(v.as_ref()))
                .collect(),
        }))
    }

    /// `DATETIME` without a time zone.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::Type::datetime(), aludel_compiler::Type::DateTime { timezone: false });
    /// ```
    pub fn datetime() -> Type {
        Type::DateTime { timezone: false }
    }

    /// True for the integer types.
    ///
    /// ```
    /// assert!(aludel_compiler::Type::BigInteger.is_integer());
    /// ```
    pub fn is_integer(&self) -> bool {
        matches!(self, Type::Integer | Type::BigInteger | Type::SmallInteger)
    }

    /// True for the text types (including enums).
    ///
    /// ```
    /// assert!(aludel_compiler::Type::Text.is_string());
    /// ```
    pub fn is_string(&self) -> bool {
        matches!(
            self,
            Type::String(_) | Type::Text | Type::Unicode(_) | Type::UnicodeText | Type::Enum(_)
        )
    }

    /// True for numeric types (integers, floats, decimals).
    ///
    /// ```
    /// assert!(aludel_compiler::Type::Float.is_numeric());
    /// ```
    pub fn is_numeric(&self) -> bool {
        self.is_integer() || matches!(self, Type::Float | Type::Double | Type::Numeric { .. })
    }
}

impl fmt::Display for Type {
    /// The generic (SQL standard) spelling of the type.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Integer => f.write_str("INTEGER"),
            Type::BigInteger => f.write_str("BIGINT"),
            Type::SmallInteger => f.write_str("SMALLINT"),
            Type::String(None) | Type::Unicode(None) => f.write_str("VARCHAR"),
            Type::String(Some(n)) | Type::Unicode(Some(n)) => write!(f, "VARCHAR({n})"),
            Type::Text | Type::UnicodeText => f.write_str("TEXT"),
            Type::Boolean => f.write_str("BOOLEAN"),
            Type::Float => f.write_str("FLOAT"),
            Type::Double => f.write_str("DOUBLE PRECISION"),
            Type::Numeric { precision, scale } => match (precision, scale) {
                (Some(p), Some(s)) => write!(f, "NUMERIC({p}, {s})"),
                (Some(p), None) => write!(f, "NUMERIC({p})"),
                _ => f.write_str("NUMERIC"),
            },
            Type::Date => f.write_str("DATE"),
            Type::Time => f.write_str("TIME"),
            Type::DateTime { timezone: false } => f.write_str("DATETIME"),
            Type::DateTime { timezone: true } => f.write_str("TIMESTAMP WITH TIME ZONE"),
            Type::LargeBinary => f.write_str("BLOB"),
            Type::Enum(e) => write!(f, "ENUM {}", e.name),
            Type::Json => f.write_str("JSON"),
            Type::Uuid => f.write_str("UUID"),
            Type::Serialized(SerializedFormat::Binary) => f.write_str("BLOB"),
            Type::Serialized(SerializedFormat::Text) => f.write_str("TEXT"),
            Type::Custom(s) => f.write_str(s),
        }
    }
}
