//! Compiled parameters as [`sea_query::Values`] (the `sea-query` feature).
//!
//! See the [module documentation](super) for running aludel SQL through
//! SeaORM or sea-query. Every [`Value`] variant has a sea-query counterpart,
//! so the conversions cannot fail:
//!
//! | aludel [`Value`] | [`sea_query::Value`] | feature |
//! |---|---|---|
//! | `Null` | `String(None)` | |
//! | `Bool(b)` | `Bool(Some(b))` | |
//! | `Int(i)` | `BigInt(Some(i))` | |
//! | `Float(x)` | `Double(Some(x))` | |
//! | `Text(s)` | `String(Some(s))` | |
//! | `Bytes(b)` | `Bytes(Some(b))` | |
//! | `Decimal(d)` | `Decimal(Some(d))` | `decimal` |
//! | `Date(d)` | `ChronoDate(Some(d))` | `chrono` |
//! | `Time(t)` | `ChronoTime(Some(t))` | `chrono` |
//! | `DateTime(t)` | `ChronoDateTime(Some(t))` | `chrono` |
//! | `DateTimeTz(t)` | `ChronoDateTimeWithTimeZone(Some(t))` | `chrono` |
//! | `Json(j)` | `Json(Some(j))` | `json` |
//! | `Uuid(u)` | `Uuid(Some(u))` | `uuid` |
//!
//! ```
//! use aludel_compiler::Value;
//! assert_eq!(sea_query::Value::from(&Value::from(7)), sea_query::Value::BigInt(Some(7)));
//! assert_eq!(sea_query::Value::from(Value::Null), sea_query::Value::String(None));
//! ```

use sea_query::{Value as SqValue, Values};

use crate::{CompileError, Compiled, Value};

impl From<&Value> for SqValue {
    /// Converts one aludel value (see the [mapping table](self)).
    ///
    /// ```
    /// use aludel_compiler::Value;
    /// let v = sea_query::Value::from(&Value::from("jack"));
    /// assert_eq!(v, sea_query::Value::String(Some("jack".to_owned())));
    /// ```
    fn from(v: &Value) -> Self {
        match v {
            Value::Null => SqValue::String(None),
            Value::Bool(b) => SqValue::Bool(Some(*b)),
            Value::Int(i) => SqValue::BigInt(Some(*i)),
            Value::Float(x) => SqValue::Double(Some(*x)),
            Value::Text(s) => SqValue::String(Some(s.to_string())),
            Value::Bytes(b) => SqValue::Bytes(Some(b.to_vec())),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => SqValue::Decimal(Some(*d)),
            #[cfg(feature = "chrono")]
            Value::Date(d) => SqValue::ChronoDate(Some(*d)),
            #[cfg(feature = "chrono")]
            Value::Time(t) => SqValue::ChronoTime(Some(*t)),
            #[cfg(feature = "chrono")]
            Value::DateTime(t) => SqValue::ChronoDateTime(Some(*t)),
            #[cfg(feature = "chrono")]
            Value::DateTimeTz(t) => SqValue::ChronoDateTimeWithTimeZone(Some(*t)),
            #[cfg(feature = "json")]
            Value::Json(j) => SqValue::Json(Some(Box::new(j.as_ref().clone()))),
            #[cfg(feature = "uuid")]
            Value::Uuid(u) => SqValue::Uuid(Some(*u)),
        }
    }
}

impl From<Value> for SqValue {
    /// Converts one aludel value by value; the same as the conversion from
    /// `&Value` (see the [mapping table](self)).
    ///
    /// ```
    /// use aludel_compiler::Value;
    /// assert_eq!(sea_query::Value::from(Value::from(1.5)), sea_query::Value::Double(Some(1.5)));
    /// ```
    fn from(v: Value) -> Self {
        SqValue::from(&v)
    }
}

/// Converts a list of parameters, in order, into [`sea_query::Values`].
///
/// [`Compiled::sea_query_values`] does this for a compiled statement; this
/// form also takes the parameters of a cached
/// [`Template`](crate::cache::Template) or any other slice.
///
/// ```
/// use aludel_compiler::Value;
/// use aludel_compiler::interop::sea_query::to_sea_query_values;
/// let values = to_sea_query_values(&[Value::from(true), Value::Null]);
/// assert_eq!(values.0, vec![sea_query::Value::Bool(Some(true)), sea_query::Value::String(None)]);
/// ```
pub fn to_sea_query_values(params: &[Value]) -> Values {
    Values(params.iter().map(SqValue::from).collect())
}

impl Compiled {
    /// The statement's parameters as [`sea_query::Values`], in placeholder
    /// order, ready to execute [`sql`](Compiled::sql) through sea-query or
    /// SeaORM (see the [module documentation](super)).
    ///
    /// Named parameters that were given no value are an error naming them
    /// (rather than a silent NULL); fill them with
    /// [`bind_named`](Compiled::bind_named) first.
    ///
    /// ```
    /// use aludel_compiler::prelude::*;
    /// use aludel_compiler::dialect::Sqlite;
    ///
    /// let t = MetaData::new().table("t")
    ///     .column(Column::new("a", Type::Integer))
    ///     .column(Column::new("b", Type::Text))
    ///     .build()?;
    /// let c = insert(&t).values([("a", Expr::from(1)), ("b", Expr::from("x"))]).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "INSERT INTO t (a, b) VALUES (?, ?)");
    /// assert_eq!(
    ///     c.sea_query_values()?.0,
    ///     vec![sea_query::Value::BigInt(Some(1)), sea_query::Value::String(Some("x".into()))],
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sea_query_values(&self) -> Result<Values, CompileError> {
        if !self.unbound.is_empty() {
            let names: Vec<&str> = self
                .named_params
                .iter()
                .filter(|(pos, _)| self.unbound.contains(pos))
                .map(|(_, n)| &**n)
                .collect();
            return Err(CompileError::Invalid(format!(
                "parameters without a value: {}; give them one with Compiled::bind_named",
                names.join(", ")
            )));
        }
        Ok(to_sea_query_values(&self.params))
    }
}
